/* kernel/mm/ioremap_cmd.c - ioremap by hand: `ioremap PHYS SIZE` maps
 * device memory uncached, `iounmap` takes it away again (the next access
 * faults), `iomaps` lists the live mappings with their guard pages. Read
 * through them with `peek -v` (kernel/io_cmd.c). The mapper itself:
 * kernel/mm/ioremap.c. */
#include "kernel/command.h"
#include "kernel/iomap.h"
#include "kernel/mm/paging.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/parse.h"

static void
print_mapping(const struct ioremap_mapping *m, void *arg)
{
	u32 bytes = m->npages * PAGE_SIZE;

	(*(u32 *)arg)++;
	printk("  %08x-%08x -> phys %08llx-%08llx (%u pages + guard)%s\n",
	       m->virt, m->virt + bytes - 1, m->phys, m->phys + bytes - 1,
	       m->npages, m->cached ? " memremap, cached" : "");
}

static int
cmd_iomaps(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	u32 n = 0;

	printk("ioremap range %08x-%08x:\n", IOREMAP_START, IOREMAP_END - 1);
	ioremap_for_each(print_mapping, &n);
	if (!n)
		printk("  (no mappings)\n");
	return 0;
}
SHELL_COMMAND("iomaps", cmd_iomaps, "list the live ioremap mappings", "iomaps");

static int
cmd_ioremap(int argc, char **argv)
{
	u64 phys, size;
	void __iomem *p;

	if (argc != 3 || parse_u64(argv[1], &phys) < 0 ||
	    parse_u64(argv[2], &size) < 0)
		return shell_usage();
	p = ioremap(phys, size);
	if (!p)
		return -EINVAL; /* ioremap said why */
	printk("ioremap: phys %llx-%llx mapped uncached at %p (undo with "
	       "iounmap %p)\n",
	       phys, phys + size - 1, p, p);
	return 0;
}
SHELL_COMMAND("ioremap", cmd_ioremap,
	      "map physical memory into the ioremap range (see peek -v)",
	      "ioremap PHYS SIZE");

static int
cmd_iounmap(int argc, char **argv)
{
	u32 va;

	if (argc != 2 || parse_u32(argv[1], &va) < 0)
		return shell_usage();
	if (iounmap((void __iomem *)va) < 0)
		return -EINVAL;
	printk("iounmap: %08x unmapped; it faults from now on\n", va);
	return 0;
}
SHELL_COMMAND("iounmap", cmd_iounmap, "remove a mapping ioremap made",
	      "iounmap VIRTUAL-ADDRESS");
