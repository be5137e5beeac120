/* kernel/user/uvm.c - building, checking and freeing a process's pages.
 *
 * 32-bit paging (SDM vol. 3, 4.3): a page directory of 1024 PDEs, each
 * pointing at a page table of 1024 PTEs. A user page needs the U/S bit in
 * both its PDE and its PTE, and R/W in both to be writable from ring 3
 * (SDM vol. 3, 4.6.1). The kernel, in ring 0 with CR0.WP set, cannot
 * write a read-only page either, which is why a system call that writes
 * to user memory checks R/W itself before it copies (uvm_check, used by
 * kernel/user/uaccess.c): a bad pointer from ring 3 gets -EFAULT, never a
 * kernel page fault.
 */
#include "kernel/user/uvm.h"
#include "kernel/mm/frame.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

#define USER_PDE_FLAGS (PTE_P | PTE_RW | PTE_US) /* the PTEs decide */

/* The kernel's page directory, which uvm_create copies the top of. */
static u32 *kernel_dir;

u32 *
uvm_create(void)
{
	u32 pa = frame_alloc();
	u32 *pgdir;

	if (!pa)
		return NULL;
	kernel_dir = __va(read_cr3() & PTE_ADDR);
	pgdir = __va(pa);
	memset(pgdir, 0, USER_PDES * sizeof(u32));
	memcpy(pgdir + USER_PDES, kernel_dir + USER_PDES,
	       (PT_ENTRIES - USER_PDES) * sizeof(u32));
	return pgdir;
}

static u32 *
pte_slot(u32 *pgdir, u32 va, bool create)
{
	u32 *pde = &pgdir[PDE_INDEX(va)];

	if (!(*pde & PTE_P)) {
		u32 pa;

		if (!create || !(pa = frame_alloc()))
			return NULL;
		memset(__va(pa), 0, PAGE_SIZE);
		*pde = pa | USER_PDE_FLAGS;
	}
	return (u32 *)__va(*pde & PTE_ADDR) + PTE_INDEX(va);
}

static bool
user_page(u32 va)
{
	return !(va & ~PAGE_MASK) && va >= USER_LO && va < USER_TOP;
}

int
uvm_map(u32 *pgdir, u32 va, u32 pa, u32 flags)
{
	u32 *pte;

	if (!user_page(va) || (pa & ~PAGE_MASK))
		return -EINVAL;
	pte = pte_slot(pgdir, va, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_P)
		return -EEXIST;
	*pte = pa | (flags & ~PTE_ADDR) | PTE_US | PTE_P;
	return 0;
}

int
uvm_alloc(u32 *pgdir, u32 va, u32 flags, u32 *pa)
{
	u32 f = frame_alloc();
	int err;

	if (!f)
		return -ENOMEM;
	memset(__va(f), 0, PAGE_SIZE);
	err = uvm_map(pgdir, va, f, flags | PTE_OWNED);
	if (err) {
		frame_free(f);
		return err;
	}
	if (pa)
		*pa = f;
	return 0;
}

u32
uvm_pte(const u32 *pgdir, u32 va)
{
	u32 pde = pgdir[PDE_INDEX(va)];

	if (!(pde & PTE_P))
		return 0;
	return ((const u32 *)__va(pde & PTE_ADDR))[PTE_INDEX(va)];
}

u32
uvm_unmap(u32 *pgdir, u32 va)
{
	u32 *pte = pte_slot(pgdir, va, false), old;

	if (!pte || !(*pte & PTE_P))
		return 0;
	old = *pte;
	*pte = 0;
	if ((read_cr3() & PTE_ADDR) == __pa(pgdir))
		invlpg((void *)va);
	if (old & PTE_OWNED)
		frame_free(old & PTE_ADDR);
	return old;
}

void
uvm_destroy(u32 *pgdir)
{
	for (u32 i = 0; i < USER_PDES; i++) {
		if (!(pgdir[i] & PTE_P))
			continue;
		u32 *pt = __va(pgdir[i] & PTE_ADDR);
		for (u32 j = 0; j < PT_ENTRIES; j++)
			if ((pt[j] & PTE_P) && (pt[j] & PTE_OWNED))
				frame_free(pt[j] & PTE_ADDR);
		frame_free(pgdir[i] & PTE_ADDR);
	}
	frame_free(__pa(pgdir));
}

int
uvm_check(const u32 *pgdir, u32 va, u32 len, bool write, u32 *bad)
{
	u32 need = PTE_P | PTE_US | (write ? PTE_RW : 0);

	if (len == 0)
		return 0;
	if (va < USER_LO || va > USER_TOP || len > USER_TOP - va) {
		*bad = va; /* outside user space, or it wraps */
		return -EFAULT;
	}
	for (u32 page = va & PAGE_MASK; page < va + len; page += PAGE_SIZE) {
		if ((uvm_pte(pgdir, page) & need) != need) {
			*bad = page < va ? va : page;
			return -EFAULT;
		}
	}
	return 0;
}

bool
uvm_sync_kernel_pde(u32 addr)
{
	u32 *dir = __va(read_cr3() & PTE_ADDR);
	u32 i = PDE_INDEX(addr);

	if (!kernel_dir || addr < PAGE_OFFSET || dir == kernel_dir ||
	    (dir[i] & PTE_P) || !(kernel_dir[i] & PTE_P))
		return false;
	dir[i] = kernel_dir[i];
	return true;
}
