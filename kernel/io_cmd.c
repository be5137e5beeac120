/* kernel/io_cmd.c - shell commands to look at physical memory and ports:
 *
 *   peek [-b|-w|-l] PHYS [COUNT]     read COUNT bytes/words/longs
 *   peek -v [-b|-w|-l] VIRT [COUNT]  the same at a kernel virtual address
 *   poke [-b|-w|-l] [-v] ADDR VALUE  write one
 *   inb|inw|inl PORT, outb|outw|outl PORT VALUE
 *
 * A physical address is reached through the direct map when it is RAM the
 * frame allocator manages (__va, cached, like any kernel data) and through
 * a temporary ioremap (uncached) otherwise; the first line says which, and
 * which resource in the iomem or ioports tree owns the address, with a
 * warning when nothing does. Every access goes through the exception fixup
 * table (kernel/extable.h), so an address that faults gives an error
 * line, never a crash. poke refuses to write where a write would corrupt
 * the running kernel rather than fault: RAM frames in use, and writable
 * kernel memory (the direct map, the heap) named by a virtual address.
 */
#include "kernel/extable.h"
#include "kernel/iomap.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/command.h"
#include "lib/parse.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PEEK_MAX_BYTES 1024
#define RESOURCE_CHAIN_MAX 8

/* Print "TREE: outer > inner > innermost" for the nodes holding addr. */
static void
print_owner(struct resource *root, u64 addr, const char *tree)
{
	struct resource *chain[RESOURCE_CHAIN_MAX];
	struct resource *r = resource_lookup(root, addr);
	int n = 0;

	if (!r || r == root) {
		printk("  %s: nothing claims %llx (warning: no driver or "
		       "firmware entry owns it)\n",
		       tree, addr);
		return;
	}
	if (r->flags & IORESOURCE_WINDOW) { /* forwarded, not owned */
		printk("  %s: nothing claims %llx (warning: no driver owns it; "
		       "it is inside the window '%s')\n",
		       tree, addr, r->name ? r->name : "?");
		return;
	}
	for (; r && r != root && n < RESOURCE_CHAIN_MAX; r = r->parent)
		chain[n++] = r;
	printk("  %s:", tree);
	while (n--)
		printk(" %s%s", chain[n]->name ? chain[n]->name : "<BAD>",
		       n ? " >" : "");
	printk("\n");
}

/* Parse the -b/-w/-l/-v options; returns the first other argument's
 * index, or -1 for an unknown option. */
static int
parse_opts(int argc, char **argv, unsigned *width, bool *virt)
{
	int i;

	*width = 4;
	*virt = false;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-b"))
			*width = 1;
		else if (!strcmp(argv[i], "-w"))
			*width = 2;
		else if (!strcmp(argv[i], "-l"))
			*width = 4;
		else if (!strcmp(argv[i], "-v"))
			*virt = true;
		else
			return -1;
	}
	return i;
}

static int
safe_read(const volatile void *p, unsigned width, u32 *v)
{
	u8 b;
	u16 w;
	int err;

	switch (width) {
	case 1:
		err = safe_read8(p, &b);
		*v = b;
		return err;
	case 2:
		err = safe_read16(p, &w);
		*v = w;
		return err;
	default:
		return safe_read32(p, v);
	}
}

static int
safe_write(volatile void *p, unsigned width, u32 v)
{
	if (width == 1)
		return safe_write8(p, (u8)v);
	if (width == 2)
		return safe_write16(p, (u16)v);
	return safe_write32(p, v);
}

/* Is every frame of [pa, pa + len) RAM the allocator manages? */
static bool
all_ram(u64 pa, u32 len)
{
	if (len == 0 || pa + len < pa)
		return false; /* wraps: ioremap will say so */
	for (u64 f = pa & ~(u64)(PAGE_SIZE - 1); f < pa + len; f += PAGE_SIZE)
		if (!frame_is_ram(f))
			return false;
	return true;
}

/* A kernel pointer for physical [pa, pa + len): direct map for RAM, else a
 * temporary ioremap (*mapped set; the caller iounmaps). NULL if refused. */
static volatile void *
phys_access(const char *cmd, u64 pa, u32 len, bool *mapped)
{
	volatile void *p;

	*mapped = false;
	if (all_ram(pa, len)) {
		printk("%s: phys %llx is RAM: through the direct map at %p "
		       "(cached)\n",
		       cmd, pa, __va(pa));
		return __va(pa);
	}
	p = ioremap(pa, len);
	if (!p)
		return NULL;
	*mapped = true;
	printk("%s: phys %llx through a temporary ioremap at %p (uncached)\n",
	       cmd, pa, p);
	return p;
}

/* Where addr leads: the physical address behind a virtual one, if any. */
static void
describe_virt(const char *cmd, u32 va)
{
	u32 pa;

	if (virt_to_phys((void *)va, &pa))
		printk("%s: virtual %08x (physical %08x)\n", cmd, va, pa);
	else
		printk("%s: virtual %08x (not mapped: expect a fault)\n", cmd,
		       va);
}

static int
cmd_peek(int argc, char **argv)
{
	unsigned width;
	bool virt, mapped = false;
	u64 addr;
	u32 count = 1, v;
	int i = parse_opts(argc, argv, &width, &virt);

	if (i < 0 || argc - i < 1 || argc - i > 2 ||
	    parse_u64(argv[i], &addr) < 0 ||
	    (argc - i == 2 && parse_u32(argv[i + 1], &count) < 0))
		return shell_usage();
	if (count == 0 || count > PEEK_MAX_BYTES / width) {
		printk("peek: COUNT must be 1..%u for %u-byte units\n",
		       PEEK_MAX_BYTES / width, width);
		return -EINVAL;
	}
	volatile u8 *p;
	if (virt) {
		if (addr > 0xffffffffULL ||
		    addr + count * width - 1 > 0xffffffffULL) {
			printk("peek: virtual addresses end at ffffffff\n");
			return -EINVAL;
		}
		describe_virt("peek", (u32)addr);
		p = (volatile u8 *)(u32)addr;
	} else {
		p = phys_access("peek", addr, count * width, &mapped);
		if (!p)
			return -EINVAL;
		print_owner(&iomem_resource, addr, "iomem");
	}
	int err = 0;
	u32 k;
	for (k = 0; k < count; k++) {
		err = safe_read(p + k * width, width, &v);
		if (err)
			break;
		if (k % (16 / width) == 0)
			printk("%s%08llx:", k ? "\n" : "", addr + k * width);
		printk(" %0*x", width * 2, v);
	}
	if (k)
		printk("\n");
	if (err)
		printk("peek: reading %08x faulted (page fault caught by the "
		       "fixup table): nothing is mapped there\n",
		       (u32)(p + k * width));
	if (mapped)
		iounmap(p);
	return err;
}
SHELL_COMMAND("peek", cmd_peek,
	      "read physical (or with -v virtual) memory, safely",
	      "peek [-b|-w|-l] [-v] ADDRESS [COUNT]");

/* A mapped, writable page of the kernel's own memory (not ioremap's)? */
static bool
kernel_writable(u32 va)
{
	struct pt_walk w;

	return va >= PAGE_OFFSET && va < IOREMAP_START && paging_walk(va, &w) &&
	       w.has_pte && (w.pte & PTE_RW);
}

static int
cmd_poke(int argc, char **argv)
{
	unsigned width;
	bool virt, mapped = false;
	u64 addr;
	u32 v;
	int i = parse_opts(argc, argv, &width, &virt);

	if (i < 0 || argc - i != 2 || parse_u64(argv[i], &addr) < 0 ||
	    parse_u32(argv[i + 1], &v) < 0)
		return shell_usage();
	if (width < 4 && v >> (8 * width)) {
		printk("poke: %x does not fit in %u bits\n", v, 8 * width);
		return -EINVAL;
	}
	volatile u8 *p;
	if (virt) {
		if (addr + width - 1 > 0xffffffffULL) {
			printk("poke: virtual addresses end at ffffffff\n");
			return -EINVAL;
		}
		if (kernel_writable((u32)addr)) {
			printk("poke: %08llx is writable kernel memory (direct "
			       "map or heap): a write could break the kernel; "
			       "refused\n",
			       addr);
			return -EPERM;
		}
		describe_virt("poke", (u32)addr);
		p = (volatile u8 *)(u32)addr;
	} else {
		if (frame_is_used(addr) || frame_is_used(addr + width - 1)) {
			printk("poke: %llx is RAM the kernel is using (a frame "
			       "taken from the allocator); refused\n",
			       addr);
			return -EPERM;
		}
		p = phys_access("poke", addr, width, &mapped);
		if (!p)
			return -EINVAL;
		print_owner(&iomem_resource, addr, "iomem");
	}
	int err = safe_write(p, width, v);
	if (err)
		printk("poke: writing %08x faulted (unmapped or read-only "
		       "page; "
		       "caught by the fixup table)\n",
		       (u32)p);
	else
		printk("%08llx <- %0*x\n", addr, width * 2, v);
	if (mapped)
		iounmap(p);
	return err;
}
SHELL_COMMAND("poke", cmd_poke,
	      "write physical (or with -v virtual) memory, safely",
	      "poke [-b|-w|-l] [-v] ADDRESS VALUE");

static int
parse_port(const char *cmd, const char *s, unsigned width, u16 *port)
{
	u32 p;

	if (parse_u32(s, &p) < 0)
		return shell_usage();
	if (p > PIO_PORTS - width) {
		printk("%s: port %x: ports end at ffff\n", cmd, p);
		return -EINVAL;
	}
	*port = (u16)p;
	return 0;
}

static int
port_in(int argc, char **argv, unsigned width)
{
	u16 port;
	u32 v;
	int err;

	if (argc != 2)
		return shell_usage();
	if ((err = parse_port(argv[0], argv[1], width, &port)) < 0)
		return err;
	v = width == 1 ? inb(port) : width == 2 ? inw(port) : inl(port);
	printk("%s %04x = %0*x\n", argv[0], port, width * 2, v);
	print_owner(&ioport_resource, port, "ioports");
	return 0;
}

static int
port_out(int argc, char **argv, unsigned width)
{
	u16 port;
	u32 v;
	int err;

	if (argc != 3 || parse_u32(argv[2], &v) < 0)
		return shell_usage();
	if ((err = parse_port(argv[0], argv[1], width, &port)) < 0)
		return err;
	if (width < 4 && v >> (8 * width)) {
		printk("%s: %x does not fit in %u bits\n", argv[0], v,
		       8 * width);
		return -EINVAL;
	}
	if (width == 1)
		outb((u8)v, port);
	else if (width == 2)
		outw((u16)v, port);
	else
		outl(v, port);
	printk("%s %04x <- %0*x\n", argv[0], port, width * 2, v);
	print_owner(&ioport_resource, port, "ioports");
	return 0;
}

/* One command per width, as in the instruction names. */
#define PORT_COMMANDS(sfx, width, what)                                        \
	static int cmd_in##sfx(int argc, char **argv)                          \
	{                                                                      \
		return port_in(argc, argv, width);                             \
	}                                                                      \
	static int cmd_out##sfx(int argc, char **argv)                         \
	{                                                                      \
		return port_out(argc, argv, width);                            \
	}                                                                      \
	SHELL_COMMAND("in" #sfx, cmd_in##sfx,                                  \
		      "read " what " from an I/O port", "in" #sfx " PORT");    \
	SHELL_COMMAND("out" #sfx, cmd_out##sfx,                                \
		      "write " what " to an I/O port",                         \
		      "out" #sfx " PORT VALUE")
PORT_COMMANDS(b, 1, "a byte");
PORT_COMMANDS(w, 2, "16 bits");
PORT_COMMANDS(l, 4, "32 bits");
