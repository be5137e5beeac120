/* drivers/ioapic.c - the I/O APIC: the 8259's successor, programmed
 * through memory; and apic_init(), which chooses it at boot.
 *
 * An I/O APIC (Intel 82093AA datasheet; QEMU models it, version 0x20) has
 * a number of interrupt inputs (24 on a PC), each a Global System
 * Interrupt (GSI) numbered from the chip's GSI base, and for each input a
 * 64-bit redirection entry saying what to do when it fires: which vector,
 * to which Local APIC(s), delivered how, triggered by an edge or a level,
 * active high or low, masked or not (datasheet 3.2.4, "IOREDTBL"). When an
 * input fires, the chip sends that vector as a message to the Local APIC,
 * which puts it in IRR and interrupts the CPU.
 *
 * It has two registers in memory, an index and a window (datasheet 3.1):
 *   +0x00 IOREGSEL  which internal register the window shows
 *   +0x10 IOWIN     that register's 32 bits
 * and behind them IOAPICID (0x00), IOAPICVER (0x01: version, and in bits
 * 23:16 the number of the last redirection entry), IOAPICARB (0x02), and
 * the redirection table from 0x10, two registers per entry (low: vector,
 * delivery mode, destination mode, status, polarity, Remote IRR, trigger,
 * mask; high: bits 63:56, the destination).
 *
 * Which input is which ISA IRQ the firmware says in the MADT: by default
 * ISA IRQ n is GSI n, edge-triggered, active high (the ISA bus's rules),
 * and an Interrupt Source Override says otherwise. On QEMU's pc the PIT's
 * IRQ 0 is on GSI 2 (the 8259's cascade input would be useless there),
 * and IRQ 5, 9, 10, 11 -- where the PCI INTx lines are routed -- are
 * level-triggered, active high. Linux numbers the lines by ISA IRQ, so
 * line 0 shows as "IO-APIC 2-edge timer" in /proc/interrupts.
 *
 * Level-triggered inputs are why an EOI matters more here: the entry's
 * Remote IRR bit is set when the Local APIC accepts the interrupt and
 * cleared only by the EOI the Local APIC broadcasts; until then the input
 * does not interrupt again. A device that keeps its level asserted
 * re-interrupts after every EOI: kernel/irq.c masks such a line after 1000
 * unhandled ones ("nobody cared").
 *
 * Destinations are logical, the flat model (Linux's "Flat" in "Enabling
 * APIC mode"): every Local APIC has one bit of an 8-bit logical ID, ours
 * is 1, and an entry's destination 0x01 means "this CPU".
 */
#include "drivers/apic.h"
#include "drivers/pic.h"
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/madt_query.h"
#include "kernel/cmdline.h"
#include "kernel/iomap.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

#define MAX_IOAPICS 4
#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_MMIO_SIZE 0x400 /* "IOAPIC N" in iomem: 1 KiB */

#define IO_APIC_ID 0x00
#define IO_APIC_ID_SHIFT 24
#define IO_APIC_ID_MASK 0xf
#define IO_APIC_VERSION 0x01
#define IO_APIC_VERSION_MASK 0xff
#define IO_APIC_MRE_SHIFT 16 /* maximum redirection entry, 23:16 */
#define IO_APIC_MRE_MASK 0xff
#define IO_APIC_ARB 0x02
#define IO_APIC_REDTBL(pin) (0x10 + 2 * (pin)) /* low; high is +1 */
/* From version 0x20 the chip has an EOI register at +0x40 in its MMIO
 * window: writing a vector there clears Remote IRR of the entries with
 * that vector (what Linux's io_apic_eoi() uses). */
#define IOAPIC_EOI 0x40
#define IO_APIC_VERSION_EOI_REG 0x20
#define APIC_TMR_STRIDE 0x10

#define LOGICAL_DEST_THIS_CPU 0x01

struct ioapic {
	void __iomem *regs;
	u8 id, version;
	u32 gsi_base;
	unsigned pins;
};

/* Where each IRQ line is wired: which chip and input, and how. */
struct irq_pin {
	s8 apic; /* -1: no input (ISA IRQ 2 on QEMU: GSI 2 is the PIT's) */
	u8 pin;
	bool level, active_low;
};

static struct ioapic ioapics[MAX_IOAPICS];
static int nr_ioapics;
static struct irq_pin irq_pins[NR_IRQS];
static bool in_use;
static unsigned nr_gsis;

bool
apic_in_use(void)
{
	return in_use;
}

unsigned
ioapic_nr_gsis(void)
{
	return in_use ? nr_gsis : 0;
}

static u32
io_apic_read(struct ioapic *a, u32 reg)
{
	writel(reg, (u8 __iomem *)a->regs + IOAPIC_IOREGSEL); // Select reg
	return readl((u8 __iomem *)a->regs + IOAPIC_IOWIN);
}

static void
io_apic_write(struct ioapic *a, u32 reg, u32 v)
{
	writel(reg, (u8 __iomem *)a->regs + IOAPIC_IOREGSEL); // Select reg
	writel(v, (u8 __iomem *)a->regs + IOAPIC_IOWIN);      // and write it
}

/* The entry line irq goes through, or NULL. */
static struct ioapic *
pin_of(unsigned irq, u8 *pin)
{
	if (irq >= NR_IRQS || irq_pins[irq].apic < 0)
		return NULL;
	*pin = irq_pins[irq].pin;
	return &ioapics[irq_pins[irq].apic];
}

int
ioapic_entry(unsigned irq, u32 *lo, u32 *hi)
{
	u8 pin;
	struct ioapic *a = in_use ? pin_of(irq, &pin) : NULL;
	u32 flags;

	if (!a)
		return -ENOENT;
	flags = irq_save(); /* IOREGSEL and IOWIN belong together */
	*lo = io_apic_read(a, IO_APIC_REDTBL(pin));
	*hi = io_apic_read(a, IO_APIC_REDTBL(pin) + 1);
	irq_restore(flags);
	return 0;
}

static void
ioapic_mask(unsigned irq)
{
	u8 pin;
	struct ioapic *a = pin_of(irq, &pin);

	if (a)
		io_apic_write(a, IO_APIC_REDTBL(pin),
			      io_apic_read(a, IO_APIC_REDTBL(pin)) |
				      IOART_MASKED); // Mask the entry
}

static void
ioapic_unmask(unsigned irq)
{
	u8 pin;
	struct ioapic *a = pin_of(irq, &pin);

	if (a)
		io_apic_write(a, IO_APIC_REDTBL(pin),
			      io_apic_read(a, IO_APIC_REDTBL(pin)) &
				      ~IOART_MASKED); // Unmask the entry
}

/* Clear Remote IRR of line irq's entry by hand: the EOI register where
 * the chip has one, else Linux's older trick (Manfred Spraul's): mask the
 * entry and make it edge-triggered, which drops Remote IRR, then put it
 * back as it was. */
static void
ioapic_eoi_pin(unsigned irq)
{
	u8 pin;
	struct ioapic *a = pin_of(irq, &pin);
	u32 lo;

	if (!a)
		return;
	if (a->version >= IO_APIC_VERSION_EOI_REG) {
		writel(IRQ_BASE_VECTOR + irq,
		       (u8 __iomem *)a->regs + IOAPIC_EOI); // EOI for vector
		return;
	}
	lo = io_apic_read(a, IO_APIC_REDTBL(pin));
	io_apic_write(a, IO_APIC_REDTBL(pin),
		      (lo | IOART_MASKED) &
			      ~IOART_TRIGGER_LEVEL); // Masked, edge: IRR 0
	io_apic_write(a, IO_APIC_REDTBL(pin), lo);   // And back
}

/* The Local APIC's EOI, which it broadcasts to the I/O APICs for a vector
 * it accepted as level-triggered (its TMR bit set), clearing the entry's
 * Remote IRR. A level line's interrupt that arrived as an edge (TMR bit
 * clear: an I/O APIC erratum, or the vector raised by an IPI) gets no such
 * broadcast and would block its line forever: Linux's ioapic_ack_level()
 * counts it as MIS and ends it at the I/O APIC by hand; so does this. */
static void
ioapic_eoi(unsigned irq)
{
	unsigned vector = IRQ_BASE_VECTOR + irq;
	bool edge_seen = false;

	if (irq_pins[irq].level)
		edge_seen =
			!(lapic_read(APIC_TMR + vector / 32 * APIC_TMR_STRIDE) &
			  BIT(vector % 32));
	lapic_eoi();
	if (edge_seen) {
		irq_count_mis();
		ioapic_eoi_pin(irq);
	}
}

static u32
ioapic_hwirq(unsigned irq)
{
	return irq_pins[irq].pin;
}

static bool
ioapic_is_level(unsigned irq)
{
	return irq_pins[irq].level;
}

/* Write line irq's entry: its vector, fixed delivery to this CPU, the
 * trigger and polarity it has, masked. */
static void
ioapic_program(unsigned irq)
{
	u8 pin;
	struct ioapic *a = pin_of(irq, &pin);
	u32 lo = (IRQ_BASE_VECTOR + irq) | IOART_DESTMOD_LOGICAL | IOART_MASKED;

	if (!a)
		return;
	if (irq_pins[irq].level)
		lo |= IOART_TRIGGER_LEVEL;
	if (irq_pins[irq].active_low)
		lo |= IOART_INTPOL_LOW;
	io_apic_write(a, IO_APIC_REDTBL(pin), IOART_MASKED); // Masked first
	io_apic_write(a, IO_APIC_REDTBL(pin) + 1,
		      LOGICAL_DEST_THIS_CPU << IOART_DEST_SHIFT); // To us
	io_apic_write(a, IO_APIC_REDTBL(pin), lo); // Vector, mode, masked
}

static int
ioapic_set_type(unsigned irq, unsigned type)
{
	if (irq_pins[irq].apic < 0)
		return -EINVAL;
	irq_pins[irq].level = (type & IRQ_TYPE_LEVEL_MASK) != 0;
	irq_pins[irq].active_low =
		(type & (IRQ_TYPE_LEVEL_LOW | IRQ_TYPE_EDGE_FALLING)) != 0;
	ioapic_program(irq);
	return 0;
}

static const struct irq_chip ioapic_chip = {
	.name = "IO-APIC",
	.mask = ioapic_mask,
	.unmask = ioapic_unmask,
	.eoi = ioapic_eoi,
	.hwirq = ioapic_hwirq,
	.is_level = ioapic_is_level,
	.set_type = ioapic_set_type,
};

/* The chip and input of GSI gsi; false when no I/O APIC has it. */
static bool
gsi_to_pin(u32 gsi, struct irq_pin *p)
{
	for (int i = 0; i < nr_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi < ioapics[i].gsi_base + ioapics[i].pins) {
			p->apic = (s8)i;
			p->pin = (u8)(gsi - ioapics[i].gsi_base);
			return true;
		}
	return false;
}

/* ISA IRQs: identity, edge, active high, unless an override says more;
 * the other GSIs (PCI INTx through the chipset's links on q35): line
 * number = GSI, level-triggered, active high as QEMU's DSDT declares its
 * GSI links. A driver may say otherwise with irq_set_type(). */
static void
map_lines(void)
{
	struct acpi_madt_override o;
	bool taken[NR_IRQS] = {false};

	for (unsigned irq = 0; irq < NR_IRQS; irq++) {
		irq_pins[irq].apic = -1;
		if (irq < nr_gsis && gsi_to_pin(irq, &irq_pins[irq])) {
			irq_pins[irq].level = irq >= NR_ISA_IRQS;
			irq_pins[irq].active_low = false;
		}
	}
	for (int i = 0; acpi_madt_override(i, &o); i++) {
		struct irq_pin p = {.apic = -1};
		unsigned pol = o.flags & ACPI_MADT_POLARITY_MASK;
		unsigned trig = (o.flags >> ACPI_MADT_TRIGGER_SHIFT) &
				ACPI_MADT_TRIGGER_MASK;
		if (o.bus != 0 || o.source_irq >= NR_ISA_IRQS ||
		    !gsi_to_pin(o.gsi, &p)) {
			printk("ioapic: override of bus %u IRQ %u to GSI %u "
			       "has "
			       "no I/O APIC input: ignored\n",
			       o.bus, o.source_irq, o.gsi);
			continue;
		}
		p.level = trig == ACPI_MADT_TRIGGER_LEVEL;
		p.active_low = pol == ACPI_MADT_POLARITY_ACTIVE_LOW;
		irq_pins[o.source_irq] = p;
		taken[o.source_irq] = true;
		/* The ISA line whose own GSI this was loses it (IRQ 2 when
		 * IRQ 0 moves to GSI 2), unless it moved too. */
		if (o.gsi < NR_ISA_IRQS && o.gsi != o.source_irq &&
		    !taken[o.gsi])
			irq_pins[o.gsi].apic = -1;
	}
}

static int
ioapic_setup(int i, const struct acpi_ioapic_info *info)
{
	struct ioapic *a = &ioapics[i];
	u32 ver;

	a->regs = ioremap(info->address, IOAPIC_MMIO_SIZE);
	if (!a->regs)
		return -ENOMEM;
	ver = io_apic_read(a, IO_APIC_VERSION);
	if (ver == 0xffffffffu) {
		printk("ioapic: IOAPIC[%d] at 0x%x does not answer\n", i,
		       info->address);
		iounmap(a->regs);
		return -ENODEV;
	}
	a->id = info->id;
	a->version = ver & IO_APIC_VERSION_MASK;
	a->gsi_base = info->gsi_base;
	a->pins = ((ver >> IO_APIC_MRE_SHIFT) & IO_APIC_MRE_MASK) + 1;
	for (unsigned pin = 0; pin < a->pins; pin++)
		io_apic_write(a, IO_APIC_REDTBL(pin),
			      IOART_MASKED); // Every input off
	if (a->gsi_base + a->pins > nr_gsis)
		nr_gsis = a->gsi_base + a->pins;
	/* Every device interrupt goes through these registers now: the
	 * firmware's "IOAPIC N" node says so, and `poke` keeps out. */
	resource_mark_exclusive(&iomem_resource, info->address,
				info->address + IOAPIC_MMIO_SIZE - 1);
	return 0;
}

/* noapic, Linux's name: a bare word (a value is refused at boot). */
static const char *
noapic_check(const char *v)
{
	return *v ? "no value (just noapic)" : NULL;
}
CMDLINE_OPTION("noapic", noapic_check);

/* noapic, as Linux means it: the I/O APIC is left alone, and the Local
 * APIC opens LINT0 to the 8259 (virtual wire: Linux's setup_local_APIC()
 * sets LVT0 to ExtINT when the I/O APIC setup is skipped). Its timer and
 * MSI stay. */
static int
apic_init_virtual_wire(u64 lapic_phys)
{
	printk("ACPI: Skipping IOAPIC probe due to 'noapic' option.\n");
	printk("APIC: Switch to virtual wire mode setup\n");
	if (lapic_init(lapic_phys, true) < 0)
		printk("apic: noapic: no Local APIC either; the 8259 PICs "
		       "deliver the interrupts alone\n");
	else
		printk("apic: noapic: the 8259 PICs deliver the interrupts, "
		       "through the Local APIC's LINT0\n");
	return -ENODEV;
}

int
apic_init(void)
{
	struct acpi_ioapic_info info;
	u64 lapic_phys = acpi_madt_lapic_address();
	unsigned first_extra;

	if (cmdline_get("nolapic")) {
		printk("APIC: Keep in PIC mode(8259)\n");
		printk("apic: nolapic: the 8259 PICs deliver the interrupts; "
		       "the Local APIC is left as the firmware set it\n");
		return -ENODEV;
	}
	if (!lapic_phys || !acpi_madt_ioapic(0, &info)) {
		printk("apic: no MADT (no ACPI, or acpi=off): the 8259 PICs "
		       "deliver the interrupts\n");
		return -ENODEV;
	}
	if (cmdline_get("noapic"))
		return apic_init_virtual_wire(lapic_phys);
	for (int i = 0; i < MAX_IOAPICS && acpi_madt_ioapic(i, &info); i++)
		if (ioapic_setup(nr_ioapics, &info) == 0)
			nr_ioapics++;
	if (!nr_ioapics || lapic_init(lapic_phys, false) < 0) {
		printk("apic: the 8259 PICs deliver the interrupts\n");
		for (int i = 0; i < nr_ioapics; i++)
			iounmap(ioapics[i].regs);
		nr_ioapics = 0;
		nr_gsis = 0;
		return -ENODEV;
	}
	/* The 8259s stay (ports claimed, remapped off the exception
	 * vectors) but every line masked: their INTR goes to LINT0, now
	 * masked too. */
	pic_init_masked();
	printk("APIC: Switch to symmetric I/O mode setup\n");
	map_lines();
	for (unsigned irq = 0; irq < NR_IRQS; irq++)
		ioapic_program(irq);
	in_use = true;
	irq_init(&ioapic_chip);
	first_extra = NR_ISA_IRQS;
	if (nr_gsis > first_extra)
		irq_set_chip(first_extra,
			     (nr_gsis < NR_IRQS ? nr_gsis : NR_IRQS) -
				     first_extra,
			     &ioapic_chip);
	/* An ISA line without an input (IRQ 2) has no controller. */
	for (unsigned irq = 0; irq < NR_ISA_IRQS; irq++)
		if (irq_pins[irq].apic < 0)
			irq_set_chip(irq, 1, NULL);
	printk("Enabling APIC mode:  Flat.  Using %d I/O APICs\n", nr_ioapics);
	if (irq_pins[0].apic >= 0)
		printk("..TIMER: vector=0x%02x apic1=%d pin1=%u apic2=-1 "
		       "pin2=-1\n",
		       IRQ_BASE_VECTOR, irq_pins[0].apic, irq_pins[0].pin);
	return 0;
}

static const char *const delmod_names[8] = {
	"Fixed", "LowPri", "SMI", "res3", "NMI", "INIT", "res6", "ExtINT"};

/* The IRQ line whose entry is (apic, pin), or -1. */
static int
line_of(int apic, unsigned pin)
{
	for (unsigned irq = 0; irq < NR_IRQS; irq++)
		if (irq_pins[irq].apic == apic && irq_pins[irq].pin == pin &&
		    irq_chip_of(irq) == &ioapic_chip)
			return (int)irq;
	return -1;
}

void
ioapic_print(void)
{
	if (!in_use) {
		printk("I/O APIC: not in use (noapic, nolapic, or no MADT)\n");
		return;
	}
	for (int i = 0; i < nr_ioapics; i++) {
		struct ioapic *a = &ioapics[i];
		u32 id = io_apic_read(a, IO_APIC_ID);
		u32 ver = io_apic_read(a, IO_APIC_VERSION);
		phys_addr_t phys = 0;

		ioremap_lookup(a->regs, &phys);
		printk("IOAPIC[%d] at 0x%08llx: ID 0x%08x (apic_id %u), "
		       "version 0x%08x (version 0x%02x, %u entries), GSI "
		       "%u-%u\n",
		       i, (unsigned long long)phys, id,
		       (id >> IO_APIC_ID_SHIFT) & IO_APIC_ID_MASK, ver,
		       ver & IO_APIC_VERSION_MASK, a->pins, a->gsi_base,
		       a->gsi_base + a->pins - 1);
		/* P: delivery pending; R: Remote IRR (level, awaiting EOI) */
		printk(" pin  GSI  entry (hi_lo)      vector delivery dest     "
		       "polarity trigger mask     PR IRQ\n");
		for (unsigned pin = 0; pin < a->pins; pin++) {
			u32 lo = io_apic_read(a, IO_APIC_REDTBL(pin));
			u32 hi = io_apic_read(a, IO_APIC_REDTBL(pin) + 1);
			int irq = line_of(i, pin);
			char irqs[8] = "-";

			if (irq >= 0)
				snprintf(irqs, sizeof(irqs), "%d", irq);
			printk("  %2u  %3u  %08x_%08x  0x%02x  %-8s %s 0x%02x "
			       "%-8s %-7s %-8s %s%s %s\n",
			       pin, a->gsi_base + pin, hi, lo,
			       lo & IOART_VECTOR_MASK,
			       delmod_names[(lo >> IOART_DELMOD_SHIFT) &
					    IOART_DELMOD_MASK],
			       lo & IOART_DESTMOD_LOGICAL ? "log" : "phy",
			       hi >> IOART_DEST_SHIFT,
			       lo & IOART_INTPOL_LOW ? "low" : "high",
			       lo & IOART_TRIGGER_LEVEL ? "level" : "edge",
			       lo & IOART_MASKED ? "masked" : "unmasked",
			       lo & IOART_DELIVS ? "P" : "-",
			       lo & IOART_REM_IRR ? "R" : "-", irqs);
		}
	}
}
