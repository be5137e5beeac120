/* drivers/bochs_dispi_cmd.c - one device register, read through a port and
 * through memory: the `mmio-demo` command.
 *
 * QEMU's standard VGA (PCI 1234:1111, `-vga std`, the default) has the
 * Bochs "DISPI" display interface: eleven 16-bit registers (ID, X and Y
 * resolution, bits per pixel, enable, ...) behind an index/data pair of
 * I/O ports, 0x1ce and 0x1cf: write a register's index to 0x1ce, then read
 * or write the register at 0x1cf. The same registers also sit in the
 * card's MMIO BAR2, one after another from offset 0x500 (register i at
 * 0x500 + 2 * i), no index needed. Register 0 is the ID: 0xb0c0..0xb0c5,
 * the interface version. The names and their sources: bochs_dispi.h.
 *
 * The demo claims both ranges (the ports under "bochs-dispi", the MMIO
 * window inside the BAR's "0000:00:02.0" node, where a real driver would
 * claim it), reads the ID every way porthole knows (inw, inb, readw, readl,
 * ioread16 on a port cookie, ioread32 on an ioremap address), times each
 * with RDTSC, then unmaps and releases everything again. Many rounds take
 * a while under an emulator: a progress line shows how far it is, and
 * Ctrl-C stops it (everything is unmapped and released all the same).
 */
#include "drivers/bochs_dispi.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_iomap.h"
#include "kernel/iomap.h"
#include "kernel/printk.h"
#include "kernel/progress.h"
#include "kernel/resource.h"
#include "kernel/command.h"
#include "kernel/tty.h"
#include "lib/parse.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define DEMO_NAME "bochs-dispi"
#define DEFAULT_ROUNDS 10000
#define MAX_ROUNDS 10000000

static volatile u32 ram_word = 0x600d600d;

#define BATCHES 10
#define SLICE 10000 /* accesses timed with interrupts off at a time */

/* What the demo times, one row each. */
enum timed { T_INW, T_READW, T_READL, T_IOREAD16, T_IOREAD32, T_RAM, NTIMED };

#define REPEAT(n, expr)                                                        \
	for (u32 i_ = 0; i_ < (n); i_++)                                       \
	(void)(expr)

/* TSC ticks for @n accesses of kind @what, interrupts off. */
static u64
time_batch(enum timed what, u32 n, u8 __iomem *regs, void __iomem *port)
{
	u8 __iomem *data = (u8 __iomem *)port + 1;
	u32 flags;
	u64 t0;

	/* MMIO accesses move the DISPI index (see demo()): select the ID
	 * register again before timing the port, outside the timed part. */
	iowrite16(DISPI_INDEX_ID, port);
	flags = irq_save();
	t0 = rdtsc();
	switch (what) {
	case T_INW:
		REPEAT(n, inw(DISPI_IOPORT_DATA));
		break;
	case T_READW:
		REPEAT(n, readw(regs + DISPI_MMIO_OFFSET));
		break;
	case T_READL:
		REPEAT(n, readl(regs + DISPI_MMIO_OFFSET));
		break;
	case T_IOREAD16:
		REPEAT(n, ioread16(data));
		break;
	case T_IOREAD32:
		REPEAT(n, ioread32(regs + DISPI_MMIO_OFFSET));
		break;
	default:
		REPEAT(n, ram_word);
		break;
	}
	t0 = rdtsc() - t0;
	irq_restore(flags);
	return t0;
}

/* Cycles per access of each kind: BATCHES rounds, each timing one batch
 * of every kind in turn, so all kinds meet the same host load (under TCG
 * the TSC is the host's, and the host is busy with other things too); the
 * cheapest batch of each kind counts. A batch is timed in slices of at
 * most SLICE accesses with interrupts on between them, so Ctrl-C gets
 * through and the progress line moves. Returns 0, or -EINTR (Ctrl-C). */
static int
time_all(u32 rounds, u8 __iomem *regs, void __iomem *port, u32 *cycles)
{
	u32 per = rounds / BATCHES ? rounds / BATCHES : 1;
	u64 best[NTIMED], total = (u64)per * BATCHES * NTIMED, done = 0;
	struct progress p;
	int err = 0;

	for (int k = 0; k < NTIMED; k++)
		best[k] = ~0ULL;
	progress_start(&p, "mmio-demo", total, 0, "accesses");
	for (int b = 0; b < BATCHES && !err; b++) {
		for (int k = 0; k < NTIMED && !err; k++) {
			u64 t = 0;
			for (u32 left = per; left && !err;) {
				u32 n = MIN(left, SLICE);
				t += time_batch(k, n, regs, port);
				left -= n;
				done += n;
				progress_update(&p, done);
				if (tty_interrupted())
					err = -EINTR;
			}
			best[k] = MIN(best[k], t);
		}
	}
	progress_end(&p, done);
	if (err) {
		printk("mmio-demo: interrupted after %llu of %llu accesses\n",
		       done, total);
		return err;
	}
	for (int k = 0; k < NTIMED; k++)
		cycles[k] = (u32)(best[k] / per);
	return 0;
}

static void
row(const char *what, const char *kind, u32 value, int digits, u32 cycles)
{
	printk("  %-22s %-13s %0*x%*s", what, kind, digits, value, 10 - digits,
	       "");
	if (cycles != ~0u)
		printk("%6u", cycles);
	printk("\n");
}

static int
demo(struct pci_dev *dev, u32 rounds)
{
	u64 bar = pci_resource_start(dev, QEMU_VGA_MMIO_BAR);
	u8 __iomem *regs;
	void __iomem *port = ioport_map(DISPI_IOPORT_INDEX, DISPI_NPORTS);
	u8 __iomem *data = (u8 __iomem *)port + 1;

	if (!(pci_resource_flags(dev, QEMU_VGA_MMIO_BAR) & IORESOURCE_MEM)) {
		printk("mmio-demo: %s BAR2 is not a memory BAR\n", dev->name);
		return -ENODEV;
	}
	regs = pci_iomap(dev, QEMU_VGA_MMIO_BAR, 0);
	if (!regs)
		return -ENOMEM;
	printk("  BAR2 %08llx-%08llx mapped uncached at %p by pci_iomap; "
	       "port cookie %p from ioport_map\n",
	       bar, pci_resource_end(dev, QEMU_VGA_MMIO_BAR), regs, port);

	/* Through the ports: select register 0, read it. */
	outw(DISPI_INDEX_ID, DISPI_IOPORT_INDEX);
	u16 id_port = inw(DISPI_IOPORT_DATA);
	u8 id_byte = inb(DISPI_IOPORT_DATA);
	/* Through memory: the register has an address of its own. */
	u16 id_mmio = readw(regs + DISPI_MMIO_REG(DISPI_INDEX_ID));
	u32 id_mmio32 = readl(regs + DISPI_MMIO_REG(DISPI_INDEX_ID));
	u32 id_io32 = ioread32(regs + DISPI_MMIO_REG(DISPI_INDEX_ID));
	/* QEMU implements each MMIO register access as "write the index,
	 * access the data": the reads above left the port's index at the
	 * last register touched (XRES, the upper half of readl). Select the
	 * ID again before using the port. */
	iowrite16(DISPI_INDEX_ID, port);
	u16 id_io16 = ioread16(data);

	u32 cyc[NTIMED];
	int err = time_all(rounds, regs, port, cyc);
	if (err) {
		pci_iounmap(dev, regs);
		ioport_unmap(port);
		return err;
	}
	printk("  %-22s %-13s %-10s%6s  (RDTSC, best of %d batches of %u)\n",
	       "access", "path", "value", "cycles", BATCHES,
	       rounds / BATCHES ? rounds / BATCHES : 1);
	row("inw(0x1cf)", "port", id_port, 4, cyc[T_INW]);
	row("inb(0x1cf)", "port, 8 bits", id_byte, 2, ~0u);
	row("readw(BAR2+0x500)", "MMIO", id_mmio, 4, cyc[T_READW]);
	row("readl(BAR2+0x500)", "MMIO", id_mmio32, 8, cyc[T_READL]);
	row("ioread16(cookie+1)", "port cookie", id_io16, 4, cyc[T_IOREAD16]);
	row("ioread32(BAR2+0x500)", "MMIO address", id_io32, 8,
	    cyc[T_IOREAD32]);
	row("RAM read", "cached", ram_word, 8, cyc[T_RAM]);
	pci_iounmap(dev, regs);
	ioport_unmap(port);

	if (id_port < DISPI_ID_MIN || id_port > DISPI_ID_MAX ||
	    id_mmio != id_port || id_io16 != id_port ||
	    (id_io32 & 0xffff) != id_port) {
		printk("mmio-demo: the reads disagree or are no DISPI ID "
		       "(%04x..%04x expected)\n",
		       DISPI_ID_MIN, DISPI_ID_MAX);
		return -EIO;
	}
	printk("mmio-demo: port and MMIO give the same ID %04x; the 8-bit "
	       "port read gives %02x (the data port answers 16-bit reads "
	       "only); readl's upper half is the next register, XRES = %u\n",
	       id_port, id_byte, id_mmio32 >> 16);
	return 0;
}

static int
cmd_mmio_demo(int argc, char **argv)
{
	struct pci_dev *dev;
	u32 rounds = DEFAULT_ROUNDS;
	int err;

	if (argc > 2 || (argc == 2 && (parse_u32(argv[1], &rounds) < 0 ||
				       rounds == 0 || rounds > MAX_ROUNDS)))
		return shell_usage();
	dev = pci_get_device(QEMU_VGA_VENDOR, QEMU_VGA_DEVICE, NULL);
	if (!dev) {
		printk("mmio-demo: no QEMU standard VGA (PCI %04x:%04x) on "
		       "this machine (QEMU: -vga std)\n",
		       QEMU_VGA_VENDOR, QEMU_VGA_DEVICE);
		return -ENODEV;
	}
	u64 win =
		pci_resource_start(dev, QEMU_VGA_MMIO_BAR) + DISPI_MMIO_OFFSET;
	printk("mmio-demo: QEMU standard VGA %s, Bochs DISPI register 0 (ID) "
	       "through ports and through BAR2\n",
	       dev->name);
	/* Claim what we touch, as a driver must. */
	if (!request_region(DISPI_IOPORT_INDEX, DISPI_NPORTS, DEMO_NAME))
		return -EBUSY;
	struct resource *mem =
		request_mem_region(win, DISPI_MMIO_SIZE, DEMO_NAME);
	if (!mem) {
		release_region(DISPI_IOPORT_INDEX, DISPI_NPORTS);
		return -EBUSY;
	}
	printk("  claimed ioports %04x-%04x and iomem %08llx-%08llx (inside "
	       "%s) as \"%s\"\n",
	       DISPI_IOPORT_INDEX, DISPI_IOPORT_INDEX + DISPI_NPORTS - 1,
	       mem->start, mem->end,
	       mem->parent && mem->parent->name ? mem->parent->name : "?",
	       DEMO_NAME);
	err = demo(dev, rounds);
	release_mem_region(win, DISPI_MMIO_SIZE);
	release_region(DISPI_IOPORT_INDEX, DISPI_NPORTS);
	return err;
}
SHELL_COMMAND("mmio-demo", cmd_mmio_demo,
	      "read the VGA's DISPI ID through ports and MMIO, with cycles",
	      "mmio-demo [ROUNDS]");
