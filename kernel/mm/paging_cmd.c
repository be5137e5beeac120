/* kernel/mm/paging_cmd.c - `vtop`: walk porthole's page tables for one
 * virtual address, as the MMU does (Intel SDM vol. 3, 4.3): the PDE, then
 * the PTE (or a 4 MiB page), their flags, and where the walk stops. The
 * tables themselves: kernel/mm/paging.c. */
#include "kernel/command.h"
#include "kernel/mm/paging.h"
#include "kernel/printk.h"
#include "lib/parse.h"

/* Which part of the layout (paging.h) an address falls in. */
static const char *
region_name(u32 va)
{
	if (va < PAGE_OFFSET)
		return "below PAGE_OFFSET: never mapped (no user space)";
	if (va < DIRECT_MAP_END)
		return "direct map of physical memory";
	if (va < HEAP_END)
		return "kernel heap (kmalloc)";
	if (va < IOREMAP_END)
		return "ioremap range";
	return "top 8 MiB: never mapped";
}

static int
cmd_vtop(int argc, char **argv)
{
	struct pt_walk w;
	char flags[40];
	u32 va;

	if (argc != 2 || parse_u32(argv[1], &va) < 0)
		return shell_usage();
	bool mapped = paging_walk(va, &w);
	printk("virtual %08x: PDE index %u, PTE index %u, offset 0x%03x (%s)\n",
	       va, PDE_INDEX(va), PTE_INDEX(va), va & ~PAGE_MASK,
	       region_name(va));
	printk("  PDE[%u] = %08x  %s", PDE_INDEX(va), w.pde,
	       paging_format_flags(w.pde, true, flags, sizeof(flags)));
	if (!(w.pde & PTE_P)) {
		printk("  not present: the walk stops here\n");
		printk("vtop: %08x is not mapped\n", va);
		return 0;
	}
	if (w.pde & PDE_PS) {
		printk("  -> 4 MiB page at %08x\n", w.pde & PDE_PS_ADDR);
	} else {
		printk("  -> page table at physical %08x\n", w.pde & PTE_ADDR);
		printk("  PTE[%u] = %08x  %s", PTE_INDEX(va), w.pte,
		       paging_format_flags(w.pte, false, flags, sizeof(flags)));
		if (!mapped) {
			printk("  not present: the walk stops here\n");
			printk("vtop: %08x is not mapped\n", va);
			return 0;
		}
		printk("  -> page at physical %08x\n", w.pte & PTE_ADDR);
	}
	printk("vtop: %08x -> physical %08x\n", va, w.pa);
	return 0;
}
SHELL_COMMAND("vtop", cmd_vtop,
	      "walk the page tables for a virtual address: PDE, PTE, flags",
	      "vtop VIRTUAL-ADDRESS");
