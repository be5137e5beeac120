/* kernel/irq.c - from an interrupt vector to a driver's handler.
 *
 * A device raises its IRQ line; the 8259 PIC (drivers/pic.c) turns line n
 * into vector IRQ_BASE_VECTOR + n; boot/traps.S saves every register into a
 * struct trapframe and calls trap_dispatch(), which calls irq_entry() here
 * for vectors 0x20-0x2f. irq_entry():
 *
 *   1. asks the controller whether the interrupt is spurious (lines 7 and
 *      15 can fire with nothing in service: the PIC's answer to a request
 *      that went away before the CPU acknowledged it); those are counted
 *      and nothing else happens;
 *   2. counts the interrupt on its line;
 *   3. runs the line's handler (interrupts stay off throughout);
 *   4. sends the controller its end-of-interrupt, which lets the line, and
 *      every line of lower priority, interrupt again.
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
 * in `interrupts`, so the machine keeps running.
 */
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/command.h"
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
	struct irq_action action[IRQ_MAX_ACTIONS]; /* [0..nactions) */
	unsigned nactions;
	bool shared;	       /* every owner asked with request_shared_irq */
	volatile u32 count;    /* interrupts delivered */
	volatile u32 spurious; /* in-service bit clear: not a real interrupt */
	u32 unhandled_run;     /* IRQ_NONE answers in a row */
	bool disabled;	       /* masked after a storm */
};

static struct irq_line lines[NR_IRQS];
static const struct irq_chip *chip;
static u32 disabled_lines;

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

static void
irq_storm(unsigned irq, struct irq_line *l)
{
	chip->mask(irq);
	l->disabled = true;
	disabled_lines++;
	printk("irq %u: nobody cared (%u interrupts in a row not handled by "
	       "'%s'); disabling the line\n",
	       irq, l->unhandled_run,
	       l->nactions ? l->action[0].name : "no handler");
}

/* Called by trap_dispatch (kernel/traps.c) for vectors 0x20-0x2f, with
 * interrupts off. */
static void
irq_entry(struct trapframe *tf)
{
	unsigned irq = tf->vector - IRQ_BASE_VECTOR;
	struct irq_line *l = &lines[irq];
	irqreturn_t ret = IRQ_NONE;

	if (chip->spurious(irq)) {
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

void
irq_init(const struct irq_chip *c)
{
	chip = c;
	for (unsigned irq = 0; irq < NR_IRQS; irq++)
		trap_set_handler(IRQ_BASE_VECTOR + irq, irq_entry);
}

int
irq_start(void)
{
	if (!chip) {
		printk("irq: no interrupt controller; interrupts stay off "
		       "(everything is polled)\n");
		return -ENODEV;
	}
	sti();
	return 0;
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
	if (!chip) {
		printk("request_irq: no interrupt controller; '%s' cannot "
		       "have IRQ %u\n",
		       name, irq);
		return -ENODEV;
	}
	l = &lines[irq];
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
	l->action[l->nactions++] = (struct irq_action){handler, name, dev};
	l->shared = shared;
	l->unhandled_run = 0;
	l->disabled = false;
	chip->unmask(irq);
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
		chip->mask(irq);
	irq_restore(flags);
	return 0;
}

/* `interrupts`: Linux's /proc/interrupts for one CPU and the XT-PIC. */
static int
cmd_interrupts(int argc, char **argv)
{
	u32 spu = 0;

	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!chip) {
		printk("no interrupt controller\n");
		return -ENODEV;
	}
	printk("%3s  %10s\n", "", "CPU0");
	for (unsigned irq = 0; irq < NR_IRQS; irq++) {
		struct irq_line *l = &lines[irq];
		spu += l->spurious;
		if (!l->nactions && !l->count)
			continue;
		printk("%3u: %10u  %8s  ", irq, l->count, chip->name);
		if (!l->nactions)
			printk("(none)");
		for (unsigned i = 0; i < l->nactions; i++) /* Linux: "a, b" */
			printk("%s%s", i ? ", " : "", l->action[i].name);
		printk("%s\n", l->disabled ? " (disabled: nobody cared)" : "");
	}
	printk("SPU: %10u   spurious: IRQ 7 %u, IRQ 15 %u (in-service bit "
	       "clear)\n",
	       spu, lines[IRQ_SPURIOUS_MASTER].spurious,
	       lines[IRQ_SPURIOUS_SLAVE].spurious);
	printk("ERR: %10u   interrupts on vectors nobody handles\n",
	       trap_unexpected_count());
	return 0;
}
SHELL_COMMAND("interrupts", cmd_interrupts,
	      "interrupt counts per IRQ line, as /proc/interrupts",
	      "interrupts");
