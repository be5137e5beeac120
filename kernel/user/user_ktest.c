/* kernel/user/user_ktest.c - in-kernel tests of user space's pieces that
 * need the real machine: which physical pages /dev/mem hands out (decided
 * from this boot's iomem tree and frame allocator), the page-table checks
 * behind every user pointer, and the programs the image carries.
 * `ktest=user`. */
#include "kernel/ktest.h"
#include "kernel/mm/frame.h"
#include "kernel/resource.h"
#include "kernel/user/devmem.h"
#include "kernel/user/elf.h"
#include "kernel/user/process.h"
#include "kernel/user/uvm.h"
#include "lib/errno.h"
#include "lib/string.h"

#define VGA_TEXT_PFN 0xb8
#define IOAPIC_PFN 0xfec00 /* no RAM there on a PC: the I/O APIC's page */

extern const u8 _text[];

KTEST(user, devmem_refuses_kernel_ram)
{
	u32 pa = frame_alloc();

	KT_EXPECT(kt, !devmem_is_allowed(__pa(_text) >> PAGE_SHIFT));
	KT_EXPECT(kt, pa && !devmem_is_allowed(pa >> PAGE_SHIFT));
	if (pa)
		frame_free(pa);
	KT_EXPECT(kt,
		  !devmem_is_allowed(pa >> PAGE_SHIFT)); /* free, still RAM */
}

KTEST(user, devmem_allows_devices_and_bios_areas)
{
	KT_EXPECT(kt, devmem_is_allowed(VGA_TEXT_PFN));
	KT_EXPECT(kt, devmem_is_allowed(0)); /* real-mode IVT and BIOS data */
	KT_EXPECT(kt, devmem_is_allowed(IOAPIC_PFN));
}

KTEST(user, uvm_check_follows_the_page_tables)
{
	struct frame_stats before, after;
	u32 *pgdir, bad = 0, ro = 0x08048000, rw = 0x08049000;

	frame_get_stats(&before);
	pgdir = uvm_create();
	if (!KT_EXPECT(kt, pgdir))
		return;
	KT_EXPECT_EQ(kt, uvm_alloc(pgdir, ro, 0, NULL), 0);
	KT_EXPECT_EQ(kt, uvm_alloc(pgdir, rw, PTE_RW, NULL), 0);
	KT_EXPECT_EQ(kt, uvm_alloc(pgdir, rw, PTE_RW, NULL), -EEXIST);
	KT_EXPECT_EQ(kt, uvm_alloc(pgdir, PAGE_OFFSET, PTE_RW, NULL), -EINVAL);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, ro, 2 * PAGE_SIZE, false, &bad), 0);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, ro + 8, 16, true, &bad), -EFAULT);
	KT_EXPECT_EQ(kt, bad, ro + 8);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, rw, PAGE_SIZE, true, &bad), 0);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, rw, PAGE_SIZE + 1, false, &bad),
		     -EFAULT);
	KT_EXPECT_EQ(kt, bad, rw + PAGE_SIZE);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, PAGE_OFFSET, 4, false, &bad),
		     -EFAULT);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, rw, 0xfffff000u, false, &bad),
		     -EFAULT);
	KT_EXPECT_EQ(kt, uvm_check(pgdir, 0, 4, false, &bad), -EFAULT);
	KT_EXPECT(kt, uvm_pte(pgdir, PAGE_OFFSET + 0x100000) & PTE_P);
	KT_EXPECT(kt, !(uvm_pte(pgdir, PAGE_OFFSET + 0x100000) & PTE_US));
	KT_EXPECT(kt, uvm_unmap(pgdir, rw) & PTE_OWNED);
	KT_EXPECT_EQ(kt, uvm_unmap(pgdir, rw), 0);
	uvm_destroy(pgdir);
	frame_get_stats(&after);
	KT_EXPECT_EQ(kt, after.free, before.free);
}

KTEST(user, carried_programs_check)
{
	char why[ELF_WHY_SIZE];
	int n = 0;

	for (const struct user_program *pr = user_programs; pr->name; pr++) {
		int err = exec_check_program(pr, why);

		n++;
		if (!strcmp(pr->name, "badelf"))
			KT_EXPECT(kt,
				  err == -ENOEXEC &&
					  !strncmp(why, "wrong machine", 13));
		else
			KT_EXPECT_EQ(kt, err, 0);
	}
	KT_EXPECT(kt, n >= 7);
	KT_EXPECT(kt, user_program_find("hello") && !user_program_find("nope"));
}

KTEST(user, devmem_maps_device_memory_uncached)
{
	struct process p = {.pgdir = uvm_create()};
	u32 va = 0x40000000, pte;

	if (!KT_EXPECT(kt, p.pgdir))
		return;
	KT_EXPECT_EQ(kt, devmem_mmap(&p, va, 2, VGA_TEXT_PFN, true), 0);
	pte = uvm_pte(p.pgdir, va + PAGE_SIZE);
	KT_EXPECT_EQ(kt, pte & PTE_ADDR, (VGA_TEXT_PFN + 1) << PAGE_SHIFT);
	KT_EXPECT_EQ(kt,
		     pte & (PTE_PCD | PTE_PWT | PTE_US | PTE_RW | PTE_OWNED),
		     PTE_PCD | PTE_PWT | PTE_US | PTE_RW);
	/* Page 0 (the BIOS data area): cached if the iomem tree calls it
	 * System RAM, uncached if it says Reserved (as Linux's does). */
	bool ram = false;
	for (struct resource *r = resource_lookup(&iomem_resource, 0);
	     r && r != &iomem_resource; r = r->parent)
		ram |= (r->flags & IORESOURCE_SYSRAM) != 0;
	KT_EXPECT_EQ(kt, devmem_mmap(&p, va + 2 * PAGE_SIZE, 1, 0, false), 0);
	pte = uvm_pte(p.pgdir, va + 2 * PAGE_SIZE);
	KT_EXPECT(kt, !(pte & PTE_RW));
	KT_EXPECT_EQ(kt, pte & (PTE_PCD | PTE_PWT),
		     ram ? 0 : PTE_PCD | PTE_PWT);
	KT_EXPECT_EQ(kt,
		     devmem_mmap(&p, va + 4 * PAGE_SIZE, 1,
				 __pa(_text) >> PAGE_SHIFT, false),
		     -EPERM);
	KT_EXPECT_EQ(kt,
		     devmem_mmap(&p, va + 4 * PAGE_SIZE, 1, 0x100000, false),
		     -EINVAL);
	KT_EXPECT(kt, !(uvm_pte(p.pgdir, va + 4 * PAGE_SIZE) & PTE_P));
	uvm_destroy(p.pgdir); /* device pages are not the process's: kept */
}
