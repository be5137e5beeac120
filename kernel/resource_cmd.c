/* kernel/resource_cmd.c - the shell's window on the resource trees.
 *
 * `ioports` and `iomem` print the trees exactly as Linux's /proc/ioports and
 * /proc/iomem do, so the two can be compared line by line. With an address
 * (`ioports 0x60`, `iomem 0xb8000`) they print who owns it: the chain of
 * nodes from the root down to the deepest one that holds the address.
 * kernel/resource.c stays free of the shell so that it builds on the host.
 */
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/command.h"
#include "lib/parse.h"
#include "lib/errno.h"

static void
print_line(const char *line, void *arg)
{
	(void)arg;
	printk("%s\n", line);
}

void
resource_print_dumps(void)
{
	printk("I/O ports (as /proc/ioports):\n");
	resource_dump(&ioport_resource, print_line, NULL);
	printk("physical memory (as /proc/iomem):\n");
	resource_dump(&iomem_resource, print_line, NULL);
}

/* The root's line, then each node down to @r, indented two spaces a level. */
static void
print_chain(struct resource *root, struct resource *r, int w)
{
	int depth = 0;

	if (r != root) {
		print_chain(root, r->parent, w);
		depth = resource_depth(root, r) + 1;
	}
	printk("%*s%0*llx-%0*llx : %s%s\n", depth * 2, "", w,
	       (unsigned long long)r->start, w, (unsigned long long)r->end,
	       r->name ? r->name : "<BAD>",
	       r == root		      ? " (root)"
	       : (r->flags & IORESOURCE_BUSY) ? ""
					      : " (not busy)");
}

/* `ioports ADDR` / `iomem ADDR`: who owns @arg in @root. */
static int
show_owner(struct resource *root, const char *cmd, const char *arg)
{
	int w = resource_width(root);
	struct resource *r;
	u64 addr;

	if (parse_u64(arg, &addr) < 0 || addr < root->start ||
	    addr > root->end) {
		printk("%s: '%s' is not an address in %0*llx-%0*llx (decimal, "
		       "or hex with 0x)\n",
		       cmd, arg, w, (unsigned long long)root->start, w,
		       (unsigned long long)root->end);
		return -EINVAL;
	}
	r = resource_lookup(root, addr);
	if (r == root) {
		printk("%0*llx: not claimed by anyone (only the root '%s' "
		       "%0*llx-%0*llx holds it)\n",
		       w, (unsigned long long)addr, root->name, w,
		       (unsigned long long)root->start, w,
		       (unsigned long long)root->end);
		return 0;
	}
	print_chain(root, r, w);
	return 0;
}

static int
cmd_ioports(int argc, char **argv)
{
	if (argc == 1) {
		resource_dump(&ioport_resource, print_line, NULL);
		return 0;
	}
	if (argc == 2)
		return show_owner(&ioport_resource, "ioports", argv[1]);
	return shell_usage();
}
SHELL_COMMAND("ioports", cmd_ioports,
	      "I/O port owners as /proc/ioports; with PORT, who owns it",
	      "ioports [PORT]    e.g. ioports 0x60");

static int
cmd_iomem(int argc, char **argv)
{
	if (argc == 1) {
		resource_dump(&iomem_resource, print_line, NULL);
		return 0;
	}
	if (argc == 2)
		return show_owner(&iomem_resource, "iomem", argv[1]);
	return shell_usage();
}
SHELL_COMMAND("iomem", cmd_iomem,
	      "physical address owners as /proc/iomem; with ADDR, who owns it",
	      "iomem [ADDR]      e.g. iomem 0xb8000");
