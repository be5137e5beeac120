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
 * kernel memory (the direct map, the heap) named by a virtual address;
 * and, unless forced with -f, the interrupt-delivery window at 0xfee00000
 * and the registers of a device one of porthole's drivers is using (a
 * request_region claim in the tree). The port commands likewise refuse,
 * unless forced, an access that is not naturally aligned or runs past the
 * end of the range owning its first port, and a write to a port one of
 * porthole's drivers owns (the PIC's mask, the UART's divisor latch, the
 * PIT), naming the owner.
 */
#include "kernel/extable.h"
#include "kernel/iomap.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/page.h"
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

/* Parse the -b/-w/-l/-v (and, with force non-NULL, -f) options; returns
 * the first other argument's index, or -1 for an unknown option. */
static int
parse_opts(int argc, char **argv, unsigned *width, bool *virt, bool *force)
{
	int i;

	*width = 4;
	*virt = false;
	if (force)
		*force = false;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (force && !strcmp(argv[i], "-f"))
			*force = true;
		else if (!strcmp(argv[i], "-b"))
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
	if (pa >= ISA_START_ADDRESS && pa + len <= ISA_END_ADDRESS)
		printk("%s: phys %llx is in the ISA hole: through the direct "
		       "map "
		       "at %p (uncached, as ioremap gives it)\n",
		       cmd, pa, p);
	else if (pa + len <= ISA_END_ADDRESS)
		printk("%s: phys %llx is below 1 MiB: through the direct map "
		       "at %p (as it maps the page; no uncached alias)\n",
		       cmd, pa, p);
	else
		printk("%s: phys %llx through a temporary ioremap at %p "
		       "(uncached)\n",
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
	int i = parse_opts(argc, argv, &width, &virt, NULL);

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

/* The interrupt-delivery window (Intel SDM vol. 3, 10.4.1 and 10.11.1): a
 * write here is not a store to memory. On a CPU with a Local APIC it is a
 * register of it (0xfee00000-0xfee00fff, the default base); on the bus it
 * is a message-signalled interrupt, delivered at the vector in the data.
 * `poke 0xfee00000 14` raises vector 14, which looks like a page fault. */
#define MSI_WINDOW_START 0xfee00000ULL
#define MSI_WINDOW_END 0xfeefffffULL

/* Would a write of width bytes at phys addr hurt the kernel's own working
 * (rather than fault, which the fixup table catches)? Say why and return
 * true; -f skips this. */
static bool
poke_refused(u64 addr, unsigned width)
{
	u64 end = addr + width - 1;
	struct resource *r;

	if (addr <= MSI_WINDOW_END && end >= MSI_WINDOW_START) {
		printk("poke: %llx is in the interrupt-delivery window "
		       "%llx-%llx (Local APIC / MSI): a write there raises an "
		       "interrupt; refused (poke -f to do it anyway)\n",
		       addr, MSI_WINDOW_START, MSI_WINDOW_END);
		return true;
	}
	r = resource_driver_claim(&iomem_resource, addr, end);
	if (r) {
		printk("poke: %llx is in \"%s\" %llx-%llx, which a porthole "
		       "driver is using: a write could break it; refused "
		       "(poke -f to do it anyway)\n",
		       addr, r->name ? r->name : "<BAD>", r->start, r->end);
		return true;
	}
	return false;
}

static int
cmd_poke(int argc, char **argv)
{
	unsigned width;
	bool virt, force, mapped = false;
	u64 addr;
	u32 v;
	int i = parse_opts(argc, argv, &width, &virt, &force);

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
		/* An ioremap of the interrupt window or of a driver's
		 * registers is the same write by another name. */
		u32 pa;
		if (!force && virt_to_phys((void *)(u32)addr, &pa) &&
		    poke_refused(pa, width))
			return -EPERM;
		describe_virt("poke", (u32)addr);
		p = (volatile u8 *)(u32)addr;
	} else {
		if (frame_is_used(addr) || frame_is_used(addr + width - 1)) {
			printk("poke: %llx is RAM the kernel is using (a frame "
			       "taken from the allocator); refused\n",
			       addr);
			return -EPERM;
		}
		if (!force && poke_refused(addr, width))
			return -EPERM;
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
	      "write physical (or with -v virtual) memory, safely (-f: even "
	      "into the interrupt window or a driver's registers)",
	      "poke [-b|-w|-l] [-v] [-f] ADDRESS VALUE");

/* Parse [-f] PORT [VALUE]: returns the index of PORT, or -1. */
static int
parse_port_opts(int argc, char **argv, bool *force)
{
	int i = 1;

	*force = argc > 1 && !strcmp(argv[1], "-f");
	if (*force)
		i++;
	return i < argc ? i : -1;
}

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

/* Is a width-byte access at port one a device is built to take? Inside a
 * claimed range it must be naturally aligned, and it must stay inside the
 * range that owns its first port (QEMU's 16550 model aborts on `inw
 * 0x3ff`: a 16-bit access at the last of its eight ports). With write, the port
 * must also not belong to one of porthole's own drivers (`outb 0x21 0xff` masks
 * every interrupt and the shell goes deaf). Says why and returns -EPERM; -f
 * skips this. */
static int
port_refused(const char *cmd, u16 port, unsigned width, bool write)
{
	struct resource *r = resource_lookup(&ioport_resource, port);

	/* Only a claim (a busy range) says which device decodes the port; a
	 * window (a bus's, a BAR's) only says where devices may be. */
	while (r && r != &ioport_resource && !(r->flags & IORESOURCE_BUSY))
		r = r->parent;
	if (r == &ioport_resource)
		r = NULL; /* nobody claims it */
	/* Misaligned is refused where the tree knows the device: every
	 * range porthole or the firmware claims has its registers naturally
	 * aligned. An unclaimed port may be a device built otherwise: the
	 * Bochs DISPI data port 0x1cf takes 16-bit accesses at an odd port. */
	if (port % width && r) {
		printk("%s: port %04x is not %u-byte aligned, and \"%s\" "
		       "%04llx-%04llx decodes aligned accesses; refused (%s -f "
		       "to do it anyway)\n",
		       cmd, port, width, r->name ? r->name : "<BAD>", r->start,
		       r->end, cmd);
		return -EPERM;
	}
	if (r && port + width - 1 > r->end) {
		printk("%s: %04x-%04x runs past the end of \"%s\" "
		       "%04llx-%04llx; refused (%s -f to do it anyway)\n",
		       cmd, port, port + width - 1, r->name ? r->name : "<BAD>",
		       r->start, r->end, cmd);
		return -EPERM;
	}
	r = write ? resource_driver_claim(&ioport_resource, port,
					  port + width - 1)
		  : NULL;
	if (r) {
		printk("%s: port %04x belongs to \"%s\" %04llx-%04llx, which a "
		       "porthole driver is using: a write could leave it (and "
		       "the shell) broken; refused (%s -f to do it anyway)\n",
		       cmd, port, r->name ? r->name : "<BAD>", r->start, r->end,
		       cmd);
		return -EPERM;
	}
	return 0;
}

/* The arguments of in* (@write false: [-f] PORT) and out* (@write true:
 * [-f] PORT VALUE), checked in one order for both: the usage, the port's
 * range, the value's width, then (without -f) port_refused(). Fills
 * @port and, for out*, @val; returns 0, or the error already printed. */
static int
port_args(int argc, char **argv, unsigned width, bool write, u16 *port,
	  u32 *val)
{
	bool force;
	int i = parse_port_opts(argc, argv, &force);
	int err;

	if (i < 0 || argc - i != (write ? 2 : 1))
		return shell_usage();
	if (write && parse_u32(argv[i + 1], val) < 0)
		return shell_usage();
	if ((err = parse_port(argv[0], argv[i], width, port)) < 0)
		return err;
	if (write && width < 4 && *val >> (8 * width)) {
		printk("%s: %x does not fit in %u bits\n", argv[0], *val,
		       8 * width);
		return -EINVAL;
	}
	return force ? 0 : port_refused(argv[0], *port, width, write);
}

static int
port_in(int argc, char **argv, unsigned width)
{
	u16 port;
	u32 v;
	int err;

	if ((err = port_args(argc, argv, width, false, &port, NULL)) < 0)
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

	if ((err = port_args(argc, argv, width, true, &port, &v)) < 0)
		return err;
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
		      "read " what " from an I/O port (-f: even misaligned "   \
		      "or past its range)",                                    \
		      "in" #sfx " [-f] PORT");                                 \
	SHELL_COMMAND("out" #sfx, cmd_out##sfx,                                \
		      "write " what " to an I/O port (-f: even a port a "      \
		      "porthole driver owns)",                                 \
		      "out" #sfx " [-f] PORT VALUE")
PORT_COMMANDS(b, 1, "a byte");
PORT_COMMANDS(w, 2, "16 bits");
PORT_COMMANDS(l, 4, "32 bits");
