/* kernel/mm/paging.c - build porthole's own page tables and switch to them.
 *
 * boot/multiboot.S made do with 16 MiB mapped twice. Here we build the
 * tables the kernel keeps (layout in paging.h): a direct map at PAGE_OFFSET
 * of the first MiB and of all RAM the frame allocator manages, with the
 * kernel's text and read-only data mapped read-only and the page below the
 * boot stack left unmapped as a guard. Then CR3 takes the new directory and
 * CR0.WP makes the CPU honour read-only pages in ring 0 too (SDM vol. 3,
 * 4.6.1: with WP clear, supervisor writes ignore R/W). Every table comes
 * from the frame allocator and is reached through the direct map.
 */
#include "kernel/mm/paging.h"
#include "kernel/mm/frame.h"
#include "kernel/gdt.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

extern const u8 _text[], _erodata[], _end[], _kernel_start_phys[];
extern u8 boot_stack_guard[];

static u32 *page_dir;	 /* the kernel's page directory (direct-map address) */
static u32 table_frames; /* frames used by the directory and tables */
static bool switched;	 /* CR3 holds page_dir */

/* A zeroed frame for a paging structure. Before the switch only the early
 * tables' 16 MiB are mapped; the allocator hands out low frames first, so
 * this holds, and we check it. */
static u32 *
alloc_table(void)
{
	u32 pa = frame_alloc();

	if (!pa)
		return NULL;
	if (!switched && pa >= EARLY_MAPPED) {
		printk("paging: frame %08x for a page table is beyond the "
		       "early mapping\n",
		       pa);
		return NULL;
	}
	table_frames++;
	return memset(__va(pa), 0, PAGE_SIZE);
}

/* The PTE slot for va, making its page table if @create. */
static u32 *
pte_slot(u32 va, bool create, int *err)
{
	u32 *pde = &page_dir[PDE_INDEX(va)];

	if (*pde & PDE_PS) {
		*err = -EINVAL;
		return NULL;
	}
	if (!(*pde & PTE_P)) {
		u32 *pt;

		if (!create || !(pt = alloc_table())) {
			*err = -ENOMEM;
			return NULL;
		}
		/* The PDE allows everything; the PTEs decide (SDM 4.6). */
		*pde = (u32)__pa(pt) | PTE_P | PTE_RW;
	}
	return (u32 *)__va(*pde & PTE_ADDR) + PTE_INDEX(va);
}

int
map_page(u32 va, u32 pa, u32 flags)
{
	int err = 0;
	u32 *pte;

	if ((va | pa) & ~PAGE_MASK)
		return -EINVAL;
	pte = pte_slot(va, true, &err);
	if (!pte)
		return err;
	if (*pte & PTE_P)
		return -EEXIST;
	*pte = pa | (flags & ~PTE_ADDR) | PTE_P;
	return 0;
}

u32
unmap_page(u32 va)
{
	int err;
	u32 *pte = pte_slot(va, false, &err), old;

	if (!pte || !(*pte & PTE_P))
		return 0;
	old = *pte;
	*pte = 0;
	invlpg((void *)va);
	return old;
}

bool
paging_walk(u32 va, struct pt_walk *w)
{
	const u32 *pd = switched ? page_dir : __va(read_cr3() & PTE_ADDR);

	memset(w, 0, sizeof(*w));
	w->va = va;
	w->pde = pd[PDE_INDEX(va)];
	if (!(w->pde & PTE_P))
		return false;
	if (w->pde & PDE_PS) { /* a 4 MiB page: bits 31-22 from the PDE */
		w->present = true;
		w->pa = (w->pde & PDE_PS_ADDR) | (va & PDE_PS_OFFSET);
		return true;
	}
	w->has_pte = true;
	w->pte = ((const u32 *)__va(w->pde & PTE_ADDR))[PTE_INDEX(va)];
	if (!(w->pte & PTE_P))
		return false;
	w->present = true;
	w->pa = (w->pte & PTE_ADDR) | (va & ~PAGE_MASK);
	return true;
}

bool
virt_to_phys(const volatile void *va, u32 *pa)
{
	struct pt_walk w;

	if (!paging_walk((u32)va, &w))
		return false;
	*pa = w.pa;
	return true;
}

u32
virt_to_bus_run(uintptr_t va, u32 *bus)
{
	if (va >= PAGE_OFFSET && va < DIRECT_MAP_END) {
		u64 left = DIRECT_MAP_END - va;

		*bus = (u32)__pa(va);
		return left > 0x80000000u ? 0x80000000u : (u32)left;
	}
	if (!virt_to_phys((const void *)va, bus))
		return 0;
	return PAGE_SIZE - (u32)(va & (PAGE_SIZE - 1));
}

const char *
paging_format_flags(u32 e, bool is_pde, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s %s %s %s %s %s%s%s", e & PTE_P ? "P" : "-",
		 e & PTE_RW ? "RW" : "RO", e & PTE_US ? "US" : "S",
		 e & PTE_PWT ? "PWT" : "-", e & PTE_PCD ? "PCD" : "-",
		 e & PTE_A ? "A" : "-",
		 is_pde && !(e & PDE_PS) ? ""
		 : e & PTE_D		 ? "D"
					 : "-",
		 is_pde && (e & PDE_PS) ? " PS" : "", e & PTE_G ? " G" : "");
	return buf;
}

u32
paging_table_frames(void)
{
	return table_frames;
}

/* Map the pages of physical [pa, pa + len) (both page-aligned) at
 * PAGE_OFFSET + pa; pages already mapped are left as they are. A page
 * table at a time: find (or make) the table for the next 4 MiB, then fill
 * its PTEs in one loop, rather than walking from the directory for every
 * page as map_page() does. Halts if a page table cannot be had. */
static void
direct_map(u32 pa, u32 len, u32 flags)
{
	u32 pages = len / PAGE_SIZE;
	int err;

	while (pages) {
		u32 va = PAGE_OFFSET + pa;
		u32 *pte = pte_slot(va, true, &err);
		/* to the end of this table, or of the range */
		u32 n = MIN(pages, PT_ENTRIES - PTE_INDEX(va));

		if (!pte)
			goto fail;
		for (u32 i = 0; i < n; i++, pa += PAGE_SIZE)
			if (!(pte[i] & PTE_P))
				pte[i] = pa | (flags & ~PTE_ADDR) | PTE_P;
		pages -= n;
	}
	return;
fail:
	printk("paging: no frame for a page table; cannot build the kernel's "
	       "page tables\n");
	halt_forever();
}

/* Make [start, end) of the kernel image read-only. */
static void
protect(const void *start, const void *end)
{
	int err;

	for (u32 va = (u32)start & PAGE_MASK; va < (u32)end; va += PAGE_SIZE)
		*pte_slot(va, false, &err) &= ~PTE_RW;
}

void
paging_init(void)
{
	struct frame_stats st;
	u32 kstart = (u32)_kernel_start_phys, kend = (u32)__pa(_end);

	page_dir = alloc_table();
	if (!page_dir) {
		printk("paging: no frame for the page directory\n");
		halt_forever();
	}
	frame_get_stats(&st);
	/* The first MiB whole, as Linux maps it: RAM below 640K (cached),
	 * then the ISA hole -- the VGA window at 0xa0000, option ROMs, the
	 * BIOS -- uncached (PCD PWT), the type ioremap gives device memory:
	 * ioremap of the hole returns this very mapping, so no page of it is
	 * ever mapped with two cache types (Intel SDM vol. 3, 11.12.4:
	 * aliases with different types are not supported). */
	direct_map(0, ISA_START_ADDRESS, PTE_RW);
	direct_map(ISA_START_ADDRESS, ISA_END_ADDRESS - ISA_START_ADDRESS,
		   PTE_RW | PTE_PCD | PTE_PWT);
	/* Every frame of RAM the allocator manages, run by run (the kernel
	 * image is RAM too; mapped once more in case a strange map said
	 * otherwise: a page mapped already is skipped). */
	for (u32 f = LOW_MEM_END / PAGE_SIZE, end; frame_ram_run(&f, &end);
	     f = end)
		direct_map(f * PAGE_SIZE, (end - f) * PAGE_SIZE, PTE_RW);
	direct_map(kstart, ALIGN_UP(kend, PAGE_SIZE) - kstart, PTE_RW);

	/* Code and constants: read-only -- the boot page at 1 MiB (the
	 * multiboot header and the entry code), .text, then .rodata. */
	protect(__va(kstart), _erodata);
	/* The guard page under the boot stack: a stack overflow faults and
	 * becomes a double fault report (kernel/traps.c). */
	unmap_page((u32)boot_stack_guard);

	write_cr3((u32)__pa(page_dir));
	switched = true;
	/* The double-fault task switches CR3 too: give it the new tables. */
	gdt_set_df_cr3((u32)__pa(page_dir));
	write_cr0(read_cr0() | CR0_WP);
	printk("paging: own page tables at %08x: direct map %08x-%08x, "
	       "kernel text read-only (CR0.WP on), heap %08x-%08x, ioremap "
	       "%08x-%08x\n",
	       (u32)__pa(page_dir), PAGE_OFFSET,
	       PAGE_OFFSET + st.direct_frames * PAGE_SIZE - 1, HEAP_START,
	       HEAP_END - 1, IOREMAP_START, IOREMAP_END - 1);
}
