/* kernel/irq.c - from an interrupt vector to a driver's handler.
 *
 * A device raises its IRQ line; a controller turns line n into vector
 * IRQ_BASE_VECTOR + n: the 8259 PIC (drivers/pic.c), or the I/O APIC's
 * redirection entry for the line's GSI with the Local APIC delivering it
 * (drivers/ioapic.c, drivers/lapic.c), or, for an MSI, the device's own
 * memory write (drivers/pci/msi.c). Each line has its controller, a struct
 * irq_chip (Linux's word), so drivers see only request_irq/free_irq and
 * never which chip is underneath. boot/traps.S saves every register into a
 * struct trapframe and calls trap_dispatch(), which calls irq_entry() here
 * for the vectors of lines that have a chip. irq_entry():
 *
 *   1. asks the controller whether the interrupt is spurious (on the 8259
 *      lines 7 and 15 can fire with nothing in service: the PIC's answer
 *      to a request that went away before the CPU acknowledged it); those
 *      are counted and nothing else happens (the Local APIC has a spurious
 *      vector of its own instead, counted by drivers/lapic.c);
 *   2. counts the interrupt on its line;
 *   3. runs the line's handler (interrupts stay off throughout);
 *   4. sends the controller its end-of-interrupt, which lets the line, and
 *      every line of lower priority, interrupt again (the 8259: a port
 *      write; the Local APIC: a store to its EOI register, which for a
 *      level-triggered line also tells the I/O APIC to clear Remote IRR).
 *
 * The stub's IRET then restores everything the interrupted code had.
 *
 * A line normally has one owner: ISA devices drive their lines edge-
 * triggered, and two of them on one line would lose interrupts. PCI
 * devices drive INTx level-triggered and active-low, wired-OR: several
 * functions can share one line (QEMU's pc routes four PCI slots' pins to
 * two or three IRQs). Drivers that accept that ask with request_shared_irq;
 * every handler on the line then runs for each interrupt, and each reads
 * its own device's status to say whether it was the one (as Linux's
 * IRQF_SHARED handlers do).
 *
 * A line whose handler says IRQ_NONE IRQ_STORM_LIMIT times in a row ("nobody
 * cared", as Linux says) is a storm: a device asserting an interrupt nobody
 * services. It is masked with one line on the console, and stays visible
 * in `interrupts`, so the machine keeps running. For a level-triggered
 * line (PCI INTx through the I/O APIC) that is what keeps a device nobody
 * clears from re-interrupting forever.
 */
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/command.h"
#include "kernel/io.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define IRQ_STORM_LIMIT 1000 /* unhandled in a row before we mask a line */
#define IRQ_SPURIOUS_MASTER 7
#define IRQ_SPURIOUS_SLAVE 15

#define IRQ_MAX_ACTIONS 4 /* handlers on one shared line */

struct irq_action {
	irq_handler_t handler;
	const char *name;
	void *dev;
};

struct irq_line {
	const struct irq_chip *chip; /* NULL: no controller drives it */
	struct irq_action action[IRQ_MAX_ACTIONS]; /* [0..nactions) */
	unsigned nactions;
	bool shared;	       /* every owner asked with request_shared_irq */
	volatile u32 count;    /* interrupts delivered */
	volatile u32 spurious; /* in-service bit clear: not a real interrupt */
	u32 unhandled_run;     /* IRQ_NONE answers in a row */
	bool disabled;	       /* masked after a storm */
	bool allocated;	       /* by irq_alloc */
};

static struct irq_line lines[NR_IRQS];
static const struct irq_chip *isa_chip; /* the chip irq_init was given */
static u32 disabled_lines;
static volatile u32 local_timer_count, spurious_vector_count;
static volatile u32 apic_error_count;
/* a Local APIC is set up: its rows in `interrupts`, its EOI for vectors
 * nobody owns */
static const struct irq_local_apic *local_apic;
static volatile u32 mis_count; /* level interrupts seen as edge (MIS) */
static volatile u32 nmi_count;

/* Port 0x61, read: NMI status and control (the PC/AT's port B). Bit 7:
 * SERR# (a PCI system error, or memory parity on old boards), bit 6:
 * IOCHK# (an ISA card's channel check). Neither: nobody says why. */
#define NMI_REASON_PORT 0x61
#define NMI_REASON_SERR 0x80
#define NMI_REASON_IOCHK 0x40
#define NMI_REPORTS 5 /* lines printed at most */

void
irq_nmi(struct trapframe *tf)
{
	u8 reason = inb(NMI_REASON_PORT);

	(void)tf;
	if (nmi_count++ >= NMI_REPORTS)
		return;
	/* Linux's words (arch/x86/kernel/nmi.c) */
	if (reason & NMI_REASON_SERR)
		printk("NMI: PCI system error (SERR) for reason %02x on CPU "
		       "0.\n",
		       reason);
	else if (reason & NMI_REASON_IOCHK)
		printk("NMI: IOCK error (debug interrupt?) for reason %02x on "
		       "CPU 0.\n",
		       reason);
	else
		printk("Uhhuh. NMI received for unknown reason %02x on CPU "
		       "0.\nDazed and confused, but trying to continue\n",
		       reason);
}

u32
irq_nmi_count(void)
{
	return nmi_count;
}

void
irq_count_mis(void)
{
	mis_count++;
}

u32
irq_mis_count(void)
{
	return mis_count;
}

void
irq_note_local_apic(const struct irq_local_apic *apic)
{
	local_apic = apic;
}

bool
irq_vector_in_service(unsigned vector)
{
	return local_apic && vector < NUM_VECTORS &&
	       local_apic->in_service(vector);
}

bool
irq_ack_unowned_vector(unsigned vector)
{
	/* An interrupt is delivered only above the priority of what is in
	 * service, and handlers run with interrupts off: a vector in
	 * service here is the highest one, the one an EOI ends. Without
	 * the EOI its ISR bit (and PPR) would hold off every vector of its
	 * priority class and below, every device line, for good. */
	if (!irq_vector_in_service(vector))
		return false;
	local_apic->eoi();
	return true;
}

u32
irq_count(unsigned irq)
{
	return irq < NR_IRQS ? lines[irq].count : 0;
}

u32
irq_spurious_count(unsigned irq)
{
	return irq < NR_IRQS ? lines[irq].spurious : 0;
}

u32
irq_disabled_count(void)
{
	return disabled_lines;
}

void
irq_count_local_timer(void)
{
	local_timer_count++;
}

void
irq_count_spurious_vector(void)
{
	spurious_vector_count++;
}

void
irq_count_apic_error(void)
{
	apic_error_count++;
}

u32
irq_local_timer_count(void)
{
	return local_timer_count;
}

u32
irq_spurious_vector_count(void)
{
	return spurious_vector_count;
}

u32
irq_apic_error_count(void)
{
	return apic_error_count;
}

const struct irq_chip *
irq_chip_of(unsigned irq)
{
	return irq < NR_IRQS ? lines[irq].chip : NULL;
}

static void
irq_storm(unsigned irq, struct irq_line *l)
{
	l->chip->mask(irq);
	l->disabled = true;
	disabled_lines++;
	printk("irq %u: nobody cared (%u interrupts in a row not handled by "
	       "'%s'); disabling the line\n",
	       irq, l->unhandled_run,
	       l->nactions ? l->action[0].name : "no handler");
}

/* Called by trap_dispatch (kernel/traps.c) for the vectors of lines with a
 * chip, with interrupts off. */
static void
irq_entry(struct trapframe *tf)
{
	unsigned irq = tf->vector - IRQ_BASE_VECTOR;
	struct irq_line *l = &lines[irq];
	const struct irq_chip *chip = l->chip;
	irqreturn_t ret = IRQ_NONE;

	if (chip->spurious && chip->spurious(irq)) {
		l->spurious++;
		return;
	}
	l->count++;
	for (unsigned i = 0; i < l->nactions; i++)
		ret |= l->action[i].handler((int)irq, l->action[i].dev);
	if (ret == IRQ_HANDLED) {
		l->unhandled_run = 0;
	} else if (++l->unhandled_run >= IRQ_STORM_LIMIT && !l->disabled) {
		irq_storm(irq, l);
	}
	chip->eoi(irq);
}

static void
set_chip(unsigned irq, const struct irq_chip *c)
{
	lines[irq].chip = c;
	trap_set_handler(IRQ_BASE_VECTOR + irq, NULL);
	if (c)
		trap_set_handler(IRQ_BASE_VECTOR + irq, irq_entry);
}

void
irq_init(const struct irq_chip *c)
{
	isa_chip = c;
	for (unsigned irq = 0; irq < NR_ISA_IRQS; irq++)
		if (!lines[irq].nactions)
			set_chip(irq, c);
}

int
irq_set_chip(unsigned first, unsigned n, const struct irq_chip *c)
{
	if (first >= NR_IRQS || n > NR_IRQS - first)
		return -EINVAL;
	for (unsigned irq = first; irq < first + n; irq++)
		set_chip(irq, c);
	return 0;
}

int
irq_alloc(const struct irq_chip *c)
{
	u32 flags = irq_save();

	for (unsigned irq = NR_ISA_IRQS; irq < NR_IRQS; irq++) {
		struct irq_line *l = &lines[irq];
		if (l->chip)
			continue;
		set_chip(irq, c);
		l->allocated = true;
		l->count = l->spurious = 0;
		irq_restore(flags);
		return (int)irq;
	}
	irq_restore(flags);
	return -ENOSPC;
}

void
irq_release(unsigned irq)
{
	u32 flags = irq_save();

	if (irq < NR_IRQS && lines[irq].allocated && !lines[irq].nactions) {
		set_chip(irq, NULL);
		lines[irq].allocated = false;
	}
	irq_restore(flags);
}

int
irq_start(void)
{
	if (!isa_chip) {
		printk("irq: no interrupt controller; interrupts stay off "
		       "(everything is polled)\n");
		return -ENODEV;
	}
	sti();
	return 0;
}

int
irq_set_type(unsigned irq, unsigned type)
{
	struct irq_line *l = irq < NR_IRQS ? &lines[irq] : NULL;
	u32 flags;
	int err;

	if (!l || !l->chip)
		return -EINVAL;
	if (l->nactions)
		return -EBUSY;
	if (!l->chip->set_type)
		return (type & IRQ_TYPE_LEVEL_MASK) ? -EINVAL : 0;
	flags = irq_save();
	err = l->chip->set_type(irq, type);
	irq_restore(flags);
	return err;
}

void
disable_irq(unsigned irq)
{
	u32 flags = irq_save();

	if (irq < NR_IRQS && lines[irq].chip)
		lines[irq].chip->mask(irq);
	irq_restore(flags);
}

void
enable_irq(unsigned irq)
{
	u32 flags = irq_save();

	if (irq < NR_IRQS && lines[irq].chip && lines[irq].nactions &&
	    !lines[irq].disabled)
		lines[irq].chip->unmask(irq);
	irq_restore(flags);
}

static int
__request_irq(unsigned irq, irq_handler_t handler, const char *name, void *dev,
	      bool shared)
{
	struct irq_line *l;
	u32 flags;

	if (irq >= NR_IRQS || !handler) {
		printk("request_irq: bad line %u or no handler (for '%s')\n",
		       irq, name ? name : "?");
		return -EINVAL;
	}
	l = &lines[irq];
	if (!l->chip) {
		printk("request_irq: no interrupt controller drives IRQ %u; "
		       "'%s' cannot have it\n",
		       irq, name);
		return -ENODEV;
	}
	if (l->nactions && (!shared || !l->shared)) {
		printk("request_irq: IRQ %u belongs to '%s'; '%s' refused "
		       "(%s)\n",
		       irq, l->action[0].name, name,
		       shared ? "its owner does not share it"
			      : "ISA lines are edge-triggered, not shared");
		return -EBUSY;
	}
	if (l->nactions == IRQ_MAX_ACTIONS) {
		printk("request_irq: IRQ %u already has %d handlers; '%s' "
		       "refused\n",
		       irq, IRQ_MAX_ACTIONS, name);
		return -EBUSY;
	}
	flags = irq_save();
	/* A shared line is PCI INTx: level-triggered. The I/O APIC's entry
	 * says so already where the MADT overrides the line (pc: 5, 9, 10,
	 * 11); elsewhere (q35's 10 and 11) it still has the ISA default. */
	if (shared && !l->nactions && l->chip->set_type && l->chip->is_level &&
	    !l->chip->is_level(irq))
		l->chip->set_type(irq, IRQ_TYPE_LEVEL_HIGH);
	l->action[l->nactions++] = (struct irq_action){handler, name, dev};
	l->shared = shared;
	l->unhandled_run = 0;
	l->disabled = false;
	l->chip->unmask(irq);
	irq_restore(flags);
	return 0;
}

int
request_irq(unsigned irq, irq_handler_t handler, const char *name, void *dev)
{
	return __request_irq(irq, handler, name, dev, false);
}

int
request_shared_irq(unsigned irq, irq_handler_t handler, const char *name,
		   void *dev)
{
	return __request_irq(irq, handler, name, dev, true);
}

int
free_irq(unsigned irq, void *dev)
{
	struct irq_line *l = irq < NR_IRQS ? &lines[irq] : NULL;
	unsigned i = 0;
	u32 flags;

	while (l && i < l->nactions && l->action[i].dev != dev)
		i++;
	if (!l || i == l->nactions) {
		printk("free_irq: IRQ %u is not owned by this device\n", irq);
		return -ENOENT;
	}
	flags = irq_save();
	for (l->nactions--; i < l->nactions; i++)
		l->action[i] = l->action[i + 1];
	if (!l->nactions)
		l->chip->mask(irq);
	irq_restore(flags);
	return 0;
}

/* The handlers' names, as Linux lists them: "a, b". */
static void
print_names(const struct irq_line *l)
{
	if (!l->nactions)
		printk("(none)");
	for (unsigned i = 0; i < l->nactions; i++)
		printk("%s%s", i ? ", " : "", l->action[i].name);
	printk("%s\n", l->disabled ? " (disabled: nobody cared)" : "");
}

/* The XT-PIC layout: what porthole printed before the I/O APIC, and what
 * Linux prints for a line of the legacy 8259 ("XT-PIC", no hwirq). */
static void
print_line_legacy(unsigned irq, const struct irq_line *l)
{
	printk("%3u: %10u  %8s  ", irq, l->count, l->chip->name);
	print_names(l);
}

/* Linux's show_interrupts() for a line in an irq domain: "%*d: ", the
 * count "%10u ", " %8s" chip, " %*lu" hwirq, "-%-8s" flow, "  %s" name. */
static void
print_line_domain(unsigned irq, const struct irq_line *l)
{
	bool level = l->chip->is_level && l->chip->is_level(irq);

	printk("%3u: %10u  %8s %3u-%-8s  ", irq, l->count, l->chip->name,
	       l->chip->hwirq(irq), level ? "fasteoi" : "edge");
	print_names(l);
}

/* `interrupts`: Linux's /proc/interrupts for one CPU, in the layout of the
 * controllers in use: each line as its chip shows it (XT-PIC for the
 * 8259s, IO-APIC, PCI-MSI), then the Local APIC's rows (LOC, SPU, ERR)
 * when there is one (with the I/O APIC, and with noapic), else the 8259's
 * spurious and unexpected counts. */
static int
cmd_interrupts(int argc, char **argv)
{
	bool apic = local_apic != NULL;
	u32 spu = 0;

	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!isa_chip) {
		printk("no interrupt controller\n");
		return -ENODEV;
	}
	printk("%3s  %10s\n", "", "CPU0");
	for (unsigned irq = 0; irq < NR_IRQS; irq++) {
		struct irq_line *l = &lines[irq];
		spu += l->spurious;
		if (!l->chip || (!l->nactions && !l->count))
			continue;
		if (l->chip->hwirq)
			print_line_domain(irq, l);
		else
			print_line_legacy(irq, l);
	}
	printk("NMI: %10u   Non-maskable interrupts\n", nmi_count);
	if (!apic) {
		printk("SPU: %10u   spurious: IRQ 7 %u, IRQ 15 %u (in-service "
		       "bit clear)\n",
		       spu, lines[IRQ_SPURIOUS_MASTER].spurious,
		       lines[IRQ_SPURIOUS_SLAVE].spurious);
		printk("ERR: %10u   interrupts on vectors nobody handles\n",
		       trap_unexpected_count());
		return 0;
	}
	printk("LOC: %10u   Local timer interrupts\n", local_timer_count);
	printk("SPU: %10u   Spurious interrupts\n",
	       spurious_vector_count + spu);
	/* Linux's ERR: APIC errors and vectors nobody handles. */
	printk("ERR: %10u\n", apic_error_count + trap_unexpected_count());
	/* Linux's MIS: level-triggered I/O APIC interrupts the Local APIC
	 * saw as edge (drivers/ioapic.c's ioapic_eoi): with the I/O APIC. */
	if (isa_chip->hwirq)
		printk("MIS: %10u\n", mis_count);
	return 0;
}
SHELL_COMMAND("interrupts", cmd_interrupts,
	      "interrupt counts per IRQ line, as /proc/interrupts",
	      "interrupts");
