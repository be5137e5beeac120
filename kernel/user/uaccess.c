/* kernel/user/uaccess.c - touching user memory from the kernel.
 *
 * A system call runs with the process's page directory loaded, so the
 * kernel could just dereference a user pointer. It must not: the pointer
 * may name kernel memory (0xc0000000 up, which ring 3 cannot touch but
 * ring 0 can), an unmapped page (a kernel page fault), or a read-only page
 * (with CR0.WP, a fault too). So every access is checked first against
 * the process's page tables (uvm_check: U/S, present, R/W where written)
 * and then copied with memcpy. One CPU and one process mean nothing can
 * unmap the pages between the check and the copy. Linux instead checks
 * only the range (access_ok) and lets the copy fault into a fixup
 * (kernel/extable.h shows that technique); docs/user.md compares the two.
 */
#include "kernel/user/uaccess.h"
#include "kernel/user/exec.h"
#include "kernel/user/process.h"
#include "kernel/user/uvm.h"
#include "lib/errno.h"
#include "lib/string.h"

int
access_ok(u32 va, u32 len, bool write)
{
	u32 bad;

	if (!current)
		return -EFAULT;
	while (uvm_check(current->pgdir, va, len, write, &bad)) {
		/* the stack grows down on demand: map up to the bad page */
		if (uvm_pte(current->pgdir, bad) & PTE_P ||
		    exec_grow_stack(current, bad))
			return -EFAULT;
	}
	return 0;
}

int
copy_from_user(void *dst, u32 usrc, u32 len)
{
	int err = access_ok(usrc, len, false);

	if (!err)
		memcpy(dst, (const void *)usrc, len);
	return err;
}

int
copy_to_user(u32 udst, const void *src, u32 len)
{
	int err = access_ok(udst, len, true);

	if (!err)
		memcpy((void *)udst, src, len);
	return err;
}

int
strncpy_from_user(char *dst, u32 usrc, u32 size)
{
	for (u32 i = 0; i < size; i++) {
		/* check each page as the string reaches it */
		if ((i == 0 || !((usrc + i) & ~PAGE_MASK)) &&
		    access_ok(usrc + i, 1, false))
			return -EFAULT;
		dst[i] = ((const char *)usrc)[i];
		if (!dst[i])
			return (int)i;
	}
	return -ENAMETOOLONG;
}
