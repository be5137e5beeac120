/* kernel/tests/mm.c - in-kernel tests of memory management as booted: the
 * frame allocator (exhaustion, double free), kmalloc (alignment, double
 * free, running out), the page tables (what the walk answers for kernel
 * text, NULL, the guard page, an ioremap address; CR0.WP), ioremap's
 * refusals and unaligned ends, a fault after iounmap, and the ioread/
 * iowrite face on a port cookie (the Bochs DISPI ports of QEMU's VGA). */
#include "boot/layout.h"
#include "drivers/bochs_dispi.h"
#include "drivers/pci/pci_regs.h" /* PCI_CONF1_*: mechanism #1 ports */
#include "drivers/vga.h"
#include "drivers/pci/pci.h"
#include "kernel/extable.h"
#include "kernel/iomap.h"
#include "kernel/ktest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/paging.h"
#include "kernel/page.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

extern const u8 _text[], _etext[];
extern u8 boot_stack_guard[];

KTEST(mm, frames_are_ram_and_mapped)
{
	u32 pa = frame_alloc();

	if (!KT_EXPECT(kt, pa != 0))
		return;
	KT_EXPECT_EQ(kt, pa & ~PAGE_MASK, 0);
	KT_EXPECT(kt, frame_is_ram(pa));
	u32 back;
	KT_EXPECT(kt, virt_to_phys(__va(pa), &back) && back == pa);
	*(volatile u32 *)__va(pa) = 0x12345678; /* writable through __va */
	KT_EXPECT_EQ(kt, frame_free(pa), 0);
	KT_EXPECT_EQ(kt, frame_free(pa), -EEXIST);	      /* double free */
	KT_EXPECT_EQ(kt, frame_free(VGA_TEXT_PHYS), -EINVAL); /* not RAM */
	KT_EXPECT_EQ(kt, frame_free(pa + 4), -EINVAL);	      /* unaligned */
	KT_EXPECT(kt, !frame_is_ram(0) && !frame_is_ram(VGA_TEXT_PHYS));
	KT_EXPECT(kt,
		  frame_is_ram(__pa(_text))); /* the kernel is RAM, in use */
}

KTEST(mm, frame_exhaustion_and_return)
{
	struct frame_stats before, empty, after;
	u32 head = 0, n = 0, pa;

	frame_get_stats(&before);
	/* Take every frame, chaining them through their first word. */
	while ((pa = __frame_alloc()) != 0) {
		*(u32 *)__va(pa) = head;
		head = pa;
		n++;
	}
	frame_get_stats(&empty);
	KT_EXPECT_EQ(kt, n, before.free);
	KT_EXPECT_EQ(kt, empty.free, 0);
	KT_EXPECT_EQ(kt, frame_alloc(), 0); /* prints the out-of-memory line */
	KT_EXPECT(kt, kmalloc(64 * 1024) == NULL); /* the heap cannot grow */
	while (head) {
		u32 next = *(u32 *)__va(head);
		frame_free(head);
		head = next;
	}
	frame_get_stats(&after);
	KT_EXPECT_EQ(kt, after.free, before.free);
}

KTEST(mm, kmalloc_alignment_and_reuse)
{
	static const size_t sizes[] = {1,   3,	  15,	16,   17,
				       100, 4095, 4096, 5000, 65536};
	void *p[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KT_EXPECT(kt, p[i] != NULL);
		KT_EXPECT_EQ(kt, (u32)p[i] % 16, 0);
		KT_EXPECT(kt, (u32)p[i] >= HEAP_START && (u32)p[i] < HEAP_END);
		if (p[i])
			memset(p[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		KT_EXPECT(kt, ((u8 *)p[i])[sizes[i] - 1] == (u8)i);
		KT_EXPECT_EQ(kt, kfree(p[i]), 0);
	}
	/* All freed and merged: the first fit is the first chunk again. */
	void *q = kmalloc(100);
	KT_EXPECT(kt, q == p[0]);
	kfree(q);
	KT_EXPECT(kt, kmalloc(0) == NULL);
	u32 *z = kzalloc(256);
	KT_EXPECT(kt, z && z[0] == 0 && z[63] == 0);
	kfree(z);
}

KTEST(mm, kfree_catches_double_and_foreign_frees)
{
	static u32 not_heap;
	void *p = kmalloc(40);

	KT_EXPECT_EQ(kt, kfree(p), 0);
	KT_EXPECT_EQ(kt, kfree(p), -EEXIST);
	KT_EXPECT_EQ(kt, kfree(&not_heap), -EINVAL);
	KT_EXPECT_EQ(kt, kfree((u8 *)kmalloc(64) + 8), -EINVAL);
	KT_EXPECT_EQ(kt, kfree(NULL), 0);
}

KTEST(mm, kmalloc_runs_out_cleanly)
{
	struct frame_stats before, after;
	struct kmalloc_stats kb, ka;
	u32 tables = paging_table_frames();

	frame_get_stats(&before);
	kmalloc_get_stats(&kb);
	/* More than the heap range holds, then more than RAM holds: both
	 * NULL, and the failed growth gives every frame back. */
	KT_EXPECT(kt, kmalloc(HEAP_END - HEAP_START) == NULL);
	KT_EXPECT(kt, kmalloc((before.free + 16) * PAGE_SIZE) == NULL);
	frame_get_stats(&after);
	kmalloc_get_stats(&ka);
	/* Page tables made for the heap's range stay, for the next growth. */
	KT_EXPECT_EQ(kt, after.free + (paging_table_frames() - tables),
		     before.free);
	KT_EXPECT_EQ(kt, ka.mapped, kb.mapped);
	void *p = kmalloc(1000); /* and the heap still works */
	KT_EXPECT(kt, p != NULL);
	kfree(p);
}

KTEST(mm, page_tables_as_built)
{
	struct pt_walk w;

	KT_EXPECT(kt, read_cr0() & CR0_WP);
	/* Kernel text: present, read-only, where __pa says. */
	KT_EXPECT(kt, paging_walk((u32)_text + 0x10, &w));
	KT_EXPECT(kt, w.has_pte && !(w.pte & PTE_RW));
	KT_EXPECT_EQ(kt, w.pa, __pa(_text) + 0x10);
	/* So is the boot page before it (multiboot header, entry code). */
	KT_EXPECT(kt, paging_walk((u32)__va(KERNEL_LOAD_PHYS), &w) &&
			      w.has_pte && !(w.pte & PTE_RW));
	/* Kernel data (this function's own stack): writable. */
	u32 local = 0;
	KT_EXPECT(kt, paging_walk((u32)&local, &w) && (w.pte & PTE_RW));
	/* Nothing at 0, and the guard page under the boot stack. */
	KT_EXPECT(kt, !paging_walk(0, &w) && !(w.pde & PTE_P));
	KT_EXPECT(kt, !paging_walk((u32)boot_stack_guard, &w) && w.has_pte);
	/* The direct map: a low address and the last RAM frame mapped. */
	KT_EXPECT(kt, paging_walk(PAGE_OFFSET + VGA_TEXT_PHYS, &w) &&
			      w.pa == VGA_TEXT_PHYS);
	/* Writing to text faults (CR0.WP) and the fixup catches it. */
	KT_EXPECT_EQ(kt, safe_write8((void *)_etext - 1, 0xcc), -EFAULT);
	KT_EXPECT_EQ(kt, safe_read32((void *)0, &local), -EFAULT);
}

KTEST(mm, ioremap_refuses_bad_ranges)
{
	u32 ram = frame_alloc();

	KT_EXPECT(kt, ioremap(0xfebf0000, 0) == NULL);
	KT_EXPECT(kt, ioremap(0xfffffffffffff000ULL, 0x2000) == NULL);
	KT_EXPECT(kt, ioremap(0x100000000ULL, 0x1000) == NULL);
	KT_EXPECT(kt, ioremap(0xfffff000, 0x2000) == NULL); /* crosses 4 GiB */
	KT_EXPECT(kt, ioremap(ram, 16) == NULL);	    /* allocator RAM */
	KT_EXPECT(kt, ioremap(__pa(_text), 16) == NULL);    /* the kernel */
	frame_free(ram);
	KT_EXPECT_EQ(kt, iounmap((void *)0xf7654000), -EINVAL);
	KT_EXPECT_EQ(kt, iounmap((void *)_text), -EINVAL);
}

KTEST(mm, ioremap_maps_unaligned_ranges_uncached)
{
	struct ioremap_stats before, after;
	struct pt_walk w;
	u32 v;

	/* Device memory outside the ISA hole (which ioremap does not map
	 * anew): the last 8 KiB of QEMU's std VGA framebuffer, BAR0, which a
	 * text screen does not use. */
	struct pci_dev *vga =
		pci_get_device(QEMU_VGA_VENDOR, QEMU_VGA_DEVICE, NULL);
	if (!vga || pci_resource_len(vga, 0) < 0x4000) {
		KT_SKIP(kt, "no QEMU std VGA framebuffer on this machine");
		return;
	}
	const phys_addr_t base =
		pci_resource_start(vga, 0) + pci_resource_len(vga, 0) - 0x2000;

	ioremap_get_stats(&before);
	/* 10 bytes from base + 0xffc: the two ends lie in different pages. */
	u8 *p = ioremap(base + 0xffc, 10);
	if (!KT_EXPECT(kt, p != NULL))
		return;
	KT_EXPECT(kt, (u32)p >= IOREMAP_START && (u32)p < IOREMAP_END);
	KT_EXPECT_EQ(kt, (u32)p & ~PAGE_MASK, 0xffc);
	KT_EXPECT(kt, paging_walk((u32)p, &w));
	KT_EXPECT_EQ(kt, w.pa, base + 0xffc);
	KT_EXPECT_EQ(kt, w.pte & (PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT);
	KT_EXPECT(kt, paging_walk((u32)p + 9, &w) && w.pa == base + 0x1000 + 5);
	/* Same bytes through two mappings of the same type. */
	u8 *alias = ioremap(base + 0xffc, 10);
	KT_EXPECT(kt, alias && alias != p);
	writel(0xa5c3e10f, p);
	KT_EXPECT_EQ(kt, alias ? readl(alias) : 0, 0xa5c3e10f);
	u8 buf[10], back[10];
	for (int i = 0; i < 10; i++)
		buf[i] = (u8)(0x30 + i);
	memcpy_toio(p, buf, 10);
	memcpy_fromio(back, p, 10);
	KT_EXPECT(kt, !memcmp(buf, back, 10));
	if (alias) {
		memcpy_fromio(back, alias, 10);
		KT_EXPECT(kt, !memcmp(buf, back, 10));
		KT_EXPECT_EQ(kt, iounmap(alias), 0);
	}
	phys_addr_t pa;
	KT_EXPECT(kt, ioremap_lookup(p + 5, &pa) && pa == base + 0x1001);
	/* A guard page follows the mapping. */
	KT_EXPECT_EQ(kt, safe_read32(p + 0x1004, &v), -EFAULT);
	KT_EXPECT_EQ(kt, iounmap(p + 1), -EINVAL); /* not what ioremap gave */
	KT_EXPECT_EQ(kt, iounmap(p), 0);
	/* Gone: the same address faults now (the TLB entry was flushed). */
	KT_EXPECT_EQ(kt, safe_read32(p, &v), -EFAULT);
	KT_EXPECT(kt, !paging_walk((u32)p, &w));
	KT_EXPECT(kt, !ioremap_lookup(p, &pa));
	ioremap_get_stats(&after);
	KT_EXPECT_EQ(kt, after.mappings, before.mappings);
	/* The virtual range is free again: the next mapping gets it. */
	u8 *q = ioremap(base + 0xffc, 10);
	KT_EXPECT(kt, q == p);
	iounmap(q);
}

KTEST(mm, ioread_on_port_cookie_reaches_the_device)
{
	void __iomem *idx = ioport_map(DISPI_IOPORT_INDEX, 2);

	KT_EXPECT_EQ(kt, (u32)idx, PIO_OFFSET + DISPI_IOPORT_INDEX);
	KT_EXPECT(kt, ioport_map(0xffff, 2) == NULL);
	KT_EXPECT(kt, ioport_map(0x100, 0) == NULL);
	outw(DISPI_INDEX_ID, DISPI_IOPORT_INDEX);
	u16 id = inw(DISPI_IOPORT_DATA);
	if (id < DISPI_ID_MIN || id > DISPI_ID_MAX) {
		KT_SKIP(kt, "no QEMU std VGA (Bochs DISPI) on this machine");
		return;
	}
	iowrite16(DISPI_INDEX_ID, idx);
	KT_EXPECT_EQ(kt, ioread16((u8 __iomem *)idx + 1), id);
	/* The DISPI data port answers 16-bit reads only: 8 bits give all
	 * ones. */
	KT_EXPECT_EQ(kt, ioread8((u8 __iomem *)idx + 1), 0xff);
	ioport_unmap(idx);
	/* ioread32 on a cookie is an INL: PCI configuration mechanism #1
	 * (PCI Local Bus spec 3.0, 3.2.2.3.2): address at 0xcf8, data at
	 * 0xcfc; register 0 of device 00:00.0 is its vendor and device ID. */
	void __iomem *conf = ioport_map(PCI_CONF1_ADDRESS, 8);
	iowrite32(PCI_CONF1_ENABLE, conf);
	u32 viaio = ioread32((u8 __iomem *)conf + 4);
	outl(PCI_CONF1_ENABLE, PCI_CONF1_ADDRESS);
	KT_EXPECT_EQ(kt, viaio, inl(PCI_CONF1_DATA));
	KT_EXPECT(kt, viaio != 0xffffffff && (viaio & 0xffff) != 0xffff);
	/* Neither a cookie nor a mapped address: reported, all ones. */
	KT_EXPECT_EQ(kt, ioread32((void __iomem *)0x1234), 0xffffffff);
	KT_EXPECT_EQ(kt, ioread16((void __iomem *)0x40000), 0xffff);
}

KTEST(mm, safe_access_widths)
{
	static volatile u32 word = 0x11223344;
	u8 b;
	u16 w;

	KT_EXPECT(kt, safe_read8(&word, &b) == 0 && b == 0x44);
	KT_EXPECT(kt, safe_read16(&word, &w) == 0 && w == 0x3344);
	KT_EXPECT_EQ(kt, safe_write8(&word, 0x55), 0);
	KT_EXPECT_EQ(kt, safe_write16((u8 *)&word + 2, 0x6677), 0);
	KT_EXPECT_EQ(kt, word, 0x66773355);
	KT_EXPECT_EQ(kt, safe_write32(&word, 0xdeadbeef), 0);
	KT_EXPECT_EQ(kt, word, 0xdeadbeef);
	KT_EXPECT_EQ(kt, safe_read8((void *)0x10, &b), -EFAULT);
	KT_EXPECT_EQ(kt, safe_read16((void *)0xfffffff0, &w), -EFAULT);
	KT_EXPECT_EQ(kt, safe_write16((void *)0x20, 1), -EFAULT);
	KT_EXPECT_EQ(kt, safe_write32((void *)_text, 0), -EFAULT);
}

/* One cache type per page: the ISA hole is mapped uncached in the direct
 * map and ioremap hands out that mapping instead of an uncached alias of a
 * write-back one; low RAM below it stays write-back. */
KTEST(mm, isa_hole_has_one_cache_type)
{
	struct pt_walk w;
	void __iomem *p = ioremap(0xb8000, 0x100);

	KT_EXPECT(kt, p == (void __iomem *)__va(0xb8000));
	KT_EXPECT(kt,
		  paging_walk((u32)__va(0xb8000), &w) && w.has_pte &&
			  (w.pte & (PTE_PCD | PTE_PWT)) == (PTE_PCD | PTE_PWT));
	KT_EXPECT(kt, paging_walk((u32)__va(0xfffff), &w) && w.has_pte &&
			      (w.pte & PTE_PCD));
	KT_EXPECT(kt, paging_walk((u32)__va(0x9f000), &w) && w.has_pte &&
			      !(w.pte & (PTE_PCD | PTE_PWT)));
	KT_EXPECT_EQ(kt, iounmap(p), 0);
	KT_EXPECT(kt, virt_to_phys(__va(0xb8000), &(u32){0})); /* still there */
	/* Below the hole too: the EBDA's page (0x9fc00 on QEMU, part RAM and
	 * part reserved) is the direct map's cached page, not an alias. */
	void __iomem *e = ioremap(0x9fc00, 0x400);
	KT_EXPECT(kt, e == (void __iomem *)__va(0x9fc00));
	KT_EXPECT_EQ(kt, iounmap(e), 0);
	KT_EXPECT(kt, virt_to_phys(__va(0x9f000), &(u32){0}));
	/* A range that leaves the hole gets a mapping of its own. */
	void __iomem *q = ioremap(0xff000, 0x2000);
	KT_EXPECT(kt, q == NULL || (u32)q >= IOREMAP_START);
	if (q)
		KT_EXPECT_EQ(kt, iounmap(q), 0);
}

/* The heap gives whole free pages at its top back to the frame allocator
 * (all but a small pad): a big buffer freed does not keep its frames. */
KTEST(mm, kfree_gives_pages_back)
{
	struct frame_stats before, during, after;
	struct kmalloc_stats ks;
	u32 tables = paging_table_frames();

	/* More than all the free bytes the heap has mapped: it must grow,
	 * and the chunk lies at the top. */
	kmalloc_get_stats(&ks);
	size_t n = ks.mapped - ks.used + 256 * 1024;
	frame_get_stats(&before);
	void *p = kmalloc(n);
	if (!KT_EXPECT(kt, p != NULL))
		return;
	frame_get_stats(&during);
	KT_EXPECT(kt, during.free + 64 <= before.free);
	KT_EXPECT_EQ(kt, kfree(p), 0);
	frame_get_stats(&after);
	/* Back: all but HEAP_PAD_STEPS pages (and any page table made). */
	KT_EXPECT(kt, after.free + HEAP_PAD_STEPS +
				      (paging_table_frames() - tables) >=
			      before.free);
}

/* Pages of the heap range mapped right now: what meminfo's Heap line must
 * say. */
static u32
heap_pages_mapped(void)
{
	u32 n = 0, pa;

	for (u32 va = HEAP_START; va < HEAP_END; va += PAGE_SIZE) {
		struct pt_walk w;
		if (!paging_walk(va, &w) && !w.has_pte) {
			va |= 0x3fffff; /* no page table: skip its 4 MiB */
			continue;
		}
		n += virt_to_phys((const void *)va, &pa);
	}
	return n;
}

/* A big block freed in the middle of the heap, with blocks in use on both
 * sides, gives back every whole page inside it at once; the heap maps
 * pages again when it reuses the place, keeps everyone's data, and many
 * cycles leak nothing. meminfo's mapped count stays exact throughout. */
KTEST(mm, kfree_gives_pages_back_from_the_middle)
{
	const size_t n = 8 * PAGE_SIZE + 100;
	struct frame_stats s0, s1, s2;
	struct kmalloc_stats ks;
	u8 *a = kmalloc(n), *b = kmalloc(n), *c = kmalloc(n);

	if (!KT_EXPECT(kt, a && b && c))
		goto out;
	memset(a, 0xa1, n);
	memset(b, 0xb2, n);
	memset(c, 0xc3, n);
	/* B's whole pages past its header's page, before C's header. */
	u32 inner = (u32)(((uintptr_t)b + n) / PAGE_SIZE -
			  ((uintptr_t)b + PAGE_SIZE - 1) / PAGE_SIZE);
	frame_get_stats(&s0);
	KT_EXPECT_EQ(kt, kfree(b), 0);
	frame_get_stats(&s1);
	KT_EXPECT(kt, inner >= 7);
	KT_EXPECT_EQ(kt, s1.free, s0.free + inner);
	kmalloc_get_stats(&ks);
	KT_EXPECT_EQ(kt, ks.mapped / PAGE_SIZE, heap_pages_mapped());
	b = NULL;
	for (int i = 0; i < 500; i++) { /* reuse and give back, many times */
		u8 *p = kmalloc(n);
		if (!KT_EXPECT(kt, p != NULL))
			goto out;
		memset(p, i, n);
		bool same = p[0] == (u8)i && p[n - 1] == (u8)i;
		if (!KT_EXPECT(kt, same && kfree(p) == 0))
			goto out;
	}
	frame_get_stats(&s2);
	KT_EXPECT_EQ(kt, s2.free, s1.free);
	bool intact = true;
	for (size_t i = 0; i < n; i++)
		intact &= a[i] == 0xa1 && c[i] == 0xc3;
	KT_EXPECT(kt, intact);
	kmalloc_get_stats(&ks);
	KT_EXPECT_EQ(kt, ks.mapped / PAGE_SIZE, heap_pages_mapped());
out:
	kfree(a);
	kfree(b);
	kfree(c);
}
