/* kernel/user/devmem.c - /dev/mem and /dev/port: the machine as files.
 *
 * Linux's drivers/char/mem.c gives a privileged program two files that
 * are the hardware itself. /dev/port is the 64 KiB port space: the file
 * offset is the port number, and read() or write() of N bytes does N
 * `inb`s or `outb`s from there on. The kernel does the I/O, in ring 0, so
 * the TSS bitmap does not apply: opening the file is the permission (on
 * Linux it takes CAP_SYS_RAWIO; porthole has no users to tell apart).
 *
 * /dev/mem is physical memory: mmap2() of page N maps physical page N
 * into the process, for a program that drives a device's registers or
 * its frame buffer from user space. Device memory is mapped uncached,
 * PCD | PWT (SDM vol. 3, 11.5.2.1), as ioremap maps it for the kernel.
 * RAM is not handed out: Linux with CONFIG_STRICT_DEVMEM refuses every
 * page of "System RAM" except in the first MiB, where the BIOS areas,
 * the VGA window and the ROMs are (arch/x86/mm/init.c, devmem_is_allowed).
 * porthole decides from its iomem tree the same way, with one difference:
 * its frame allocator hands out frames below 1 MiB too (Linux keeps them
 * out of use), so there it refuses the frames the allocator manages and
 * allows the rest (page 0 with the real-mode interrupt table and BIOS
 * data area, the EBDA, the VGA window, the ROMs). docs/user.md.
 */
#include "kernel/io.h"
#include "kernel/mm/frame.h"
#include "kernel/resource.h"
#include "kernel/user/devmem.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/uvm.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PORT_SPACE 0x10000u
#define LOW_MEM_PFNS (LOW_MEM_END / PAGE_SIZE)
#define PHYS_PFNS 0x100000u /* 32-bit paging reaches 4 GiB: 2^20 pages */
#define CHUNK 256	    /* /dev/port bytes per copy to or from the user */

enum file_kind
devmem_open(const char *path)
{
	if (!strcmp(path, "/dev/mem"))
		return FILE_MEM;
	if (!strcmp(path, "/dev/port"))
		return FILE_PORT;
	return FILE_NONE;
}

/* Does any node from @r up to the root say "RAM the kernel manages"? */
static bool
is_system_ram(struct resource *r)
{
	for (; r && r != &iomem_resource; r = r->parent)
		if ((r->flags & IORESOURCE_SYSTEM_RAM) == IORESOURCE_SYSTEM_RAM)
			return true;
	return false;
}

bool
devmem_is_allowed(u32 pfn)
{
	phys_addr_t pa = (phys_addr_t)pfn << PAGE_SHIFT;

	if (frame_is_ram(pa))
		return false; /* the allocator's: the kernel's, or soon */
	if (pfn < LOW_MEM_PFNS)
		return true; /* BIOS areas, VGA, ROMs */
	/* A page that System RAM touches anywhere is refused: the start
	 * and the end of the page (a map entry may end inside one). */
	return !is_system_ram(resource_lookup(&iomem_resource, pa)) &&
	       !is_system_ram(
		       resource_lookup(&iomem_resource, pa + PAGE_SIZE - 1));
}

int
devmem_mmap(struct process *p, u32 va, u32 npages, u32 pgoff, bool write)
{
	if (pgoff >= PHYS_PFNS || npages > PHYS_PFNS - pgoff)
		return -EINVAL; /* past 4 GiB: out of 32-bit paging's reach */
	for (u32 i = 0; i < npages; i++)
		if (!devmem_is_allowed(pgoff + i))
			return -EPERM;
	for (u32 i = 0; i < npages; i++) {
		u32 pfn = pgoff + i;
		u32 flags = write ? PTE_RW : 0;
		int err;

		/* A low-MiB page the iomem tree calls System RAM stays
		 * cached, as RAM; everything else (Reserved, the VGA
		 * window, ROMs, BARs) is mapped uncached. */
		if (!(pfn < LOW_MEM_PFNS &&
		      is_system_ram(
			      resource_lookup(&iomem_resource,
					      (phys_addr_t)pfn << PAGE_SHIFT))))
			flags |= PTE_PCD | PTE_PWT;
		err = uvm_map(p->pgdir, va + i * PAGE_SIZE, pfn << PAGE_SHIFT,
			      flags);
		if (err) {
			while (i--)
				uvm_unmap(p->pgdir, va + i * PAGE_SIZE);
			return err;
		}
	}
	return 0;
}

int
devmem_read(struct file *f, u32 ubuf, u32 count)
{
	u8 buf[CHUNK];
	u32 done = 0;

	if (f->kind != FILE_PORT)
		return -EINVAL; /* /dev/mem: mmap2 only (docs/user.md) */
	if (access_ok(ubuf, count, true))
		return -EFAULT;
	while (done < count && f->pos < PORT_SPACE) {
		u32 n = MIN(MIN(count - done, CHUNK), PORT_SPACE - f->pos);

		for (u32 i = 0; i < n; i++)
			buf[i] = inb((u16)(f->pos + i));
		if (copy_to_user(ubuf + done, buf, n))
			return -EFAULT;
		f->pos += n;
		done += n;
	}
	return (int)done;
}

int
devmem_write(struct file *f, u32 ubuf, u32 count)
{
	u8 buf[CHUNK];
	u32 done = 0;

	if (f->kind != FILE_PORT)
		return -EINVAL;
	if (access_ok(ubuf, count, false))
		return -EFAULT;
	while (done < count && f->pos < PORT_SPACE) {
		u32 n = MIN(MIN(count - done, CHUNK), PORT_SPACE - f->pos);

		if (copy_from_user(buf, ubuf + done, n))
			return -EFAULT;
		for (u32 i = 0; i < n; i++)
			outb(buf[i], (u16)(f->pos + i));
		f->pos += n;
		done += n;
	}
	return (int)done;
}
