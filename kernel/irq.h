/* kernel/irq.h - the IRQ layer: device interrupt lines, their handlers and
 * their counts (Linux's request_irq/free_irq and /proc/interrupts).
 *
 * Handler contract. A handler runs in interrupt context: on the interrupted
 * code's stack, with interrupts OFF for its whole run (the IDT gates are
 * interrupt gates), before the controller gets its end-of-interrupt. It
 * must be short and must not wait: it may read and write its device's
 * ports, call printk() (sparingly), tty_input(), ring_put(), and touch
 * its own data; it must not call msleep(), tty_getc(), request_irq(),
 * free_irq() or the resource tree. It returns IRQ_HANDLED when its device
 * did raise the interrupt, IRQ_NONE when not: a line that keeps firing with
 * nobody claiming it is disabled (see irq.c, "nobody cared").
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "lib/types.h"

#define NR_IRQS 16 /* two cascaded 8259As: IRQ 0-15 */

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev);

/* The interrupt controller, as the IRQ layer sees it (drivers/pic.c). All
 * run with interrupts off. */
struct irq_chip {
	const char *name; /* shown in `interrupts`: "XT-PIC" */
	void (*mask)(unsigned irq);
	void (*unmask)(unsigned irq);
	/* spurious - true when irq did not really happen (the controller's
	 * in-service bit is clear); the chip then does whatever EOI such an
	 * interrupt needs itself, and no handler runs. */
	bool (*spurious)(unsigned irq);
	void (*eoi)(unsigned irq); /* end of interrupt for a real one */
};

/* irq_init - route vectors IRQ_BASE_VECTOR..+15 to the IRQ layer and take
 * the controller that drives them. Boot, interrupts off. */
void irq_init(const struct irq_chip *chip);

/* irq_start - turn interrupts on (STI), if irq_init found a controller.
 * Without one the BIOS's vectors are still in place (IRQ 0 on vector 8,
 * the double fault), so interrupts stay off: returns -ENODEV after one
 * line. Boot, once every line is owned or masked. */
int irq_start(void);

/* request_irq - give line irq to handler (called with irq and dev), named
 * name in `interrupts`, and unmask it. ISA lines are edge-triggered and
 * cannot be shared, so a second owner is refused. Returns 0; -EINVAL for a
 * bad line or a NULL handler; -EBUSY if the line has an owner; -ENODEV if
 * no controller was set up. Prints one line on failure. Process context. */
int request_irq(unsigned irq, irq_handler_t handler, const char *name,
		void *dev);

/* request_shared_irq - the same, for a device that can share its line
 * with others that asked the same way (PCI INTx: level-triggered, wired-
 * OR). Every handler on the line runs for each interrupt and must return
 * IRQ_NONE when its own device did not raise it. Returns as request_irq;
 * -EBUSY also when the line's owner does not share or it is full. */
int request_shared_irq(unsigned irq, irq_handler_t handler, const char *name,
		       void *dev);

/* free_irq - mask line irq and forget its handler, if dev owns it.
 * Returns 0, or -ENOENT (after one line) when dev does not own the line.
 * Process context. */
int free_irq(unsigned irq, void *dev);

/* irq_count - interrupts delivered on line irq since boot (0 for a bad
 * line). irq_spurious_count - spurious interrupts seen on line 7 or 15.
 * Any context. */
u32 irq_count(unsigned irq);
u32 irq_spurious_count(unsigned irq);

/* irq_disabled_count - lines disabled because nobody handled them. */
u32 irq_disabled_count(void);

#endif
