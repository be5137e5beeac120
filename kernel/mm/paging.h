/* kernel/mm/paging.h - porthole's own page tables, and the virtual layout.
 *
 * 32-bit paging without PAE (Intel SDM vol. 3, 4.3): CR3 holds the physical
 * address of a page directory of 1024 entries (PDEs), each covering 4 MiB
 * and pointing at a page table of 1024 entries (PTEs), each mapping one
 * 4 KiB page. A virtual address splits into PDE index (bits 31-22), PTE
 * index (21-12) and offset (11-0). Physical addresses are 32 bits here:
 * anything above 4 GiB is out of reach (PAE or long mode would be needed).
 *
 * porthole's kernel virtual layout (docs/memory.md; the direct map's bounds
 * are kernel/page.h's, as the frame allocator needs them too):
 *
 *   0x00000000-0xbfffffff  nothing mapped (no user space): NULL faults
 *   0xc0000000-0xdfffffff  direct map: physical 0 .. 512 MiB at PAGE_OFFSET
 *                          (the first MiB whole, then System RAM only);
 *                          the kernel image is inside it, text read-only
 *   0xe0000000-0xefffffff  kernel heap (kmalloc), mapped as it grows
 *   0xf0000000-0xff7fffff  ioremap: device memory, uncached (PCD | PWT)
 *   0xff800000-0xffffffff  nothing mapped
 */
#ifndef KERNEL_MM_PAGING_H
#define KERNEL_MM_PAGING_H

#include "kernel/page.h"
#include "lib/types.h"

#define HEAP_START 0xe0000000u
#define HEAP_END 0xf0000000u
#define IOREMAP_START 0xf0000000u
#define IOREMAP_END 0xff800000u /* exclusive */

/* Paging-structure entry bits (SDM vol. 3, 4.3, tables 4-5 and 4-6). */
#define PTE_P 0x001   /* present */
#define PTE_RW 0x002  /* writable (for the kernel too once CR0.WP is set) */
#define PTE_US 0x004  /* user mode may access */
#define PTE_PWT 0x008 /* page-level write-through */
#define PTE_PCD 0x010 /* page-level cache disable */
#define PTE_A 0x020   /* accessed: set by the CPU */
#define PTE_D 0x040   /* dirty: set by the CPU on a write (PTE only) */
#define PDE_PS 0x080  /* in a PDE: maps a 4 MiB page (needs CR4.PSE) */
#define PTE_G 0x100   /* global: survives a CR3 reload (needs CR4.PGE) */
#define PTE_ADDR 0xfffff000u	/* a PTE's (or PDE's) frame address */
#define PDE_PS_ADDR 0xffc00000u /* a 4 MiB page's address, in a PS PDE */
#define PDE_PS_OFFSET 0x003fffffu

#define PT_ENTRIES 1024 /* PTEs in a page table (and PDEs in a directory) */
#define PDE_INDEX(va) ((u32)(va) >> 22)
#define PTE_INDEX(va) (((u32)(va) >> 12) & 0x3ff)

/* paging_init - build porthole's page tables (direct map, kernel text
 * read-only, the boot stack's guard page unmapped, nothing at 0), switch
 * CR3 to them and turn on CR0.WP. Needs the frame allocator. Halts with a
 * message if the tables cannot be built. Boot only. */
void paging_init(void);

/* map_page - map the page at virtual @va to physical @pa with @flags
 * (PTE_P is added), allocating a page table if the 4 MiB slot has none.
 * Returns 0, -ENOMEM (no frame for a page table), -EEXIST (already
 * mapped), or -EINVAL (unaligned, or inside a 4 MiB page). Thread context. */
int map_page(u32 va, u32 pa, u32 flags);

/* unmap_page - remove the mapping of @va and flush it from the TLB
 * (INVLPG). Returns the old PTE, 0 if nothing was mapped. The page table
 * itself stays. Thread context. */
u32 unmap_page(u32 va);

/* The answer of a page-table walk (what `vtop` shows). */
struct pt_walk {
	u32 va;
	u32 pde;      /* the PDE that covers va */
	u32 pte;      /* the PTE, when the PDE points at a page table */
	bool has_pte; /* the walk reached a page table */
	bool present; /* va is mapped */
	u32 pa;	      /* its physical address, when present */
};

/* paging_walk - walk the current tables for @va. Returns true when @va is
 * mapped (w->pa is set); the walk's steps are in *@w either way. Safe in
 * any context (it only reads). */
bool paging_walk(u32 va, struct pt_walk *w);

/* virt_to_phys - true, with *@pa set, when @va is mapped; false when not
 * (paging_walk tells where the walk stopped). Any context. */
bool virt_to_phys(const volatile void *va, u32 *pa);

/* virt_to_bus_run - the bus address a DMA engine is given for kernel
 * virtual address @va, in *@bus, as drivers/ata/sg.h's sg_xlate_fn wants
 * it. On a PC the bus address is the physical address (no IOMMU, no bus
 * offset). Returns how many bytes from @va on are physically contiguous:
 * the direct map is physical + PAGE_OFFSET to its end, so one step covers
 * all of it (capped at 2 GiB); anything else (the heap) is walked in the
 * page tables, to the end of @va's page. 0 when @va is not mapped. Any
 * context. */
u32 virt_to_bus_run(uintptr_t va, u32 *bus);

/* paging_format_flags - "P RW -- PWT PCD A D" style text for an entry. */
const char *paging_format_flags(u32 entry, bool is_pde, char *buf, size_t size);

/* paging_table_frames - frames the kernel's page directory and tables use. */
u32 paging_table_frames(void);

#endif
