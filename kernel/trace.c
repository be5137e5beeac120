/* kernel/trace.c - the I/O trace ring and the shell's `trace` command.
 *
 * Every port access (IN/OUT, Intel SDM vol. 1, 19.2) and every MMIO load or
 * store that goes through porthole's accessors tests io_trace_mask; while a
 * kind of access is being traced the accessor calls io_trace_record(),
 * which is never inlined: its return address therefore lies in the
 * function that called the (always inlined) accessor, and kallsyms turns it
 * into that function's name, the one `trace show` prints.
 *
 * The ring is written with interrupts disabled (porthole runs on one CPU),
 * so an interrupt handler tracing its own EOI cannot tear an entry the
 * interrupted code was writing. When the ring is full the newest entry
 * replaces the oldest; `trace show` says how many were lost. Owners and
 * names are looked up when the ring is shown, not when an access is made:
 * the accessor's extra cost is the copy into the ring.
 *
 *     porthole> trace on ports 0xcf8-0xcff
 *     porthole> pcicfg 0 3 0 0 4
 *     porthole> trace show
 *
 * shows the conf1 address write to 0xcf8 and the data read from 0xcfc,
 * owned by "PCI conf1", called from pci_conf1_read. docs/emulator.md shows
 * the same accesses from QEMU's side (`make trace`).
 */
#include "kernel/trace.h"
#include "kernel/boottime.h"
#include "kernel/command.h"
#include "kernel/iomap.h"
#include "kernel/kallsyms.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/tty.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define RING_MASK (IO_TRACE_RING_SIZE - 1)

volatile u32 io_trace_mask; /* IO_TRACE_PORTS | IO_TRACE_MMIO, 0 = off */
static u64 range_lo, range_hi;
static struct io_trace_entry ring[IO_TRACE_RING_SIZE];
static u32 total; /* entries written since the last clear */

/* The physical address behind an MMIO accessor's virtual @addr: ioremap's
 * mappings, then the direct map; anything else stays as it is. */
static u64
mmio_phys(uintptr_t addr)
{
	phys_addr_t phys;

	if (ioremap_lookup((const volatile void *)addr, &phys))
		return phys;
	if (addr >= PAGE_OFFSET)
		return __pa(addr);
	return addr;
}

/* io_trace_record - the accessors' hook (kernel/io.h): one access, recorded
 * if its address lies in the traced range. noinline, so that the return
 * address names the accessor's caller. Any context. */
__attribute__((noinline)) void
io_trace_record(u32 flags, uintptr_t addr, u32 value, u32 count)
{
	u32 caller = (u32)(uintptr_t)__builtin_return_address(0);
	u64 where = flags & IO_TRACE_MEM ? mmio_phys(addr) : addr;
	struct io_trace_entry *e;
	u32 irqflags;

	if (where < range_lo || where > range_hi)
		return;
	irqflags = irq_save();
	e = &ring[total++ & RING_MASK];
	e->tsc = rdtsc();
	e->addr = where;
	e->value = value;
	e->caller = caller;
	e->count = count > 0xffff ? 0xffff : (u16)count;
	e->flags = (u16)flags;
	irq_restore(irqflags);
}

void
io_trace_start(u32 kinds, u64 lo, u64 hi)
{
	u32 f = irq_save();

	range_lo = lo;
	range_hi = hi;
	io_trace_mask = kinds & (IO_TRACE_PORTS | IO_TRACE_MMIO);
	irq_restore(f);
}

u32
io_trace_stop(void)
{
	u32 old = io_trace_mask;

	io_trace_mask = 0;
	return old;
}

void
io_trace_resume(u32 mask)
{
	io_trace_mask = mask;
}

void
io_trace_clear(void)
{
	u32 f = irq_save();

	total = 0;
	irq_restore(f);
}

u32
io_trace_total(void)
{
	return total;
}

bool
io_trace_get(u32 i, struct io_trace_entry *e)
{
	u32 f = irq_save();
	u32 held = total < IO_TRACE_RING_SIZE ? total : IO_TRACE_RING_SIZE;
	bool ok = i < held;

	if (ok)
		*e = ring[(total - held + i) & RING_MASK];
	irq_restore(f);
	return ok;
}

/* ---- the shell ---- */

static const char *
kinds_name(u32 kinds)
{
	switch (kinds) {
	case IO_TRACE_PORTS:
		return "ports";
	case IO_TRACE_MMIO:
		return "mmio";
	case IO_TRACE_PORTS | IO_TRACE_MMIO:
		return "all";
	default:
		return "off";
	}
}

/* "START-END" or one address, decimal or 0x hex. */
static int
parse_range(const char *s, u64 *lo, u64 *hi)
{
	char buf[48];
	const char *dash = NULL;
	size_t n = strlen(s);

	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	for (size_t i = 1; i < n; i++)
		if (buf[i] == '-')
			dash = &buf[i];
	if (!dash)
		return parse_u64(buf, lo) < 0 ? -EINVAL : (*hi = *lo, 0);
	buf[dash - buf] = '\0';
	if (parse_u64(buf, lo) < 0 || parse_u64(dash + 1, hi) < 0 || *hi < *lo)
		return -EINVAL;
	return 0;
}

/* One line: what is traced (@mask), how full the ring is, what was lost. */
static void
print_status(u32 mask)
{
	/* One snapshot: printing this line may itself be traced. */
	u32 seen = total;
	u32 held = seen < IO_TRACE_RING_SIZE ? seen : IO_TRACE_RING_SIZE;

	printk("trace: %s", kinds_name(mask));
	if (mask && (range_lo != 0 || range_hi != ~0ull))
		printk(" 0x%llx-0x%llx", (unsigned long long)range_lo,
		       (unsigned long long)range_hi);
	printk(", %u entries of %u, %u lost (overwritten)\n", held,
	       IO_TRACE_RING_SIZE, seen - held);
}

static int
trace_on(int argc, char **argv)
{
	u32 kinds = IO_TRACE_PORTS | IO_TRACE_MMIO;
	u64 lo = 0, hi = ~0ull;
	int i = 2;

	if (i < argc && !strcmp(argv[i], "ports"))
		kinds = IO_TRACE_PORTS, i++;
	else if (i < argc && !strcmp(argv[i], "mmio"))
		kinds = IO_TRACE_MMIO, i++;
	else if (i < argc && !strcmp(argv[i], "all"))
		i++;
	if (i < argc && parse_range(argv[i++], &lo, &hi) < 0) {
		printk("trace: '%s' is not a range (START-END or ADDR, decimal "
		       "or 0x hex)\n",
		       argv[i - 1]);
		return -EINVAL;
	}
	if (i != argc)
		return shell_usage();
#ifdef NO_IO_TRACE
	printk("trace: this kernel was built with IO_TRACE=0: the accessors "
	       "record nothing\n");
	return -ENODEV;
#endif
	io_trace_start(kinds, lo, hi);
	print_status(io_trace_mask);
	return 0;
}

static void
show_entry(const struct io_trace_entry *e)
{
	struct resource *root =
		e->flags & IO_TRACE_MEM ? &iomem_resource : &ioport_resource;
	struct resource *owner = resource_lookup(root, e->addr);
	u32 off, size;
	const char *fn = kallsyms_lookup(e->caller - 1, &off, &size);
	u64 us = boottime_cycles_to_us(e->tsc - boottime_tsc0());
	char value[24];

	snprintf(value, sizeof(value), e->count > 1 ? "0x%0*x x%u" : "0x%0*x",
		 (int)(e->flags & IO_TRACE_WIDTH) * 2, e->value, e->count);
	printk("%10llu.%03llu %-5s %u %*s0x%0*llx %-16s %-20s %s+0x%x\n",
	       (unsigned long long)(us / 1000), (unsigned long long)(us % 1000),
	       e->flags & IO_TRACE_MEM
		       ? (e->flags & IO_TRACE_WRITE ? "write" : "read")
		       : (e->flags & IO_TRACE_WRITE ? "out" : "in"),
	       e->flags & IO_TRACE_WIDTH, e->flags & IO_TRACE_MEM ? 0 : 4, "",
	       e->flags & IO_TRACE_MEM ? 8 : 4, (unsigned long long)e->addr,
	       value,
	       owner && owner != root && owner->name ? owner->name : "(nobody)",
	       fn ? fn : "?", fn ? off + 1 : 0);
}

static int
trace_show(int argc, char **argv)
{
	u32 n = IO_TRACE_RING_SIZE, held, first;
	struct io_trace_entry e;
	u32 mask;

	if (argc > 3 || (argc == 3 && parse_u32(argv[2], &n) < 0))
		return shell_usage();
	/* Printing goes out through the serial port's accessors: keep those
	 * accesses out of the ring while it is shown. */
	mask = io_trace_stop();
	print_status(mask);
	held = total < IO_TRACE_RING_SIZE ? total : IO_TRACE_RING_SIZE;
	first = held > n ? held - n : 0;
	if (held)
		printk("%14s %-5s %s %-10s %-16s %-20s %s\n", "ms", "dir", "w",
		       "address", "value", "owner", "caller");
	for (u32 i = first; io_trace_get(i, &e) && !tty_interrupted(); i++)
		show_entry(&e);
	io_trace_resume(mask);
	return 0;
}

static int
cmd_trace(int argc, char **argv)
{
	if (argc == 1) {
		print_status(io_trace_mask);
		return 0;
	}
	if (!strcmp(argv[1], "on"))
		return trace_on(argc, argv);
	if (!strcmp(argv[1], "show"))
		return trace_show(argc, argv);
	if (argc != 2)
		return shell_usage();
	if (!strcmp(argv[1], "off")) {
		io_trace_stop();
		print_status(io_trace_mask);
		return 0;
	}
	if (!strcmp(argv[1], "clear")) {
		io_trace_clear();
		print_status(io_trace_mask);
		return 0;
	}
	return shell_usage();
}
SHELL_COMMAND("trace", cmd_trace,
	      "record port and MMIO accesses: who made them, to whose device",
	      "trace [on [ports|mmio|all] [START-END] | off | show [N] | "
	      "clear]");
