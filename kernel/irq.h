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

/* Linux's numbering on a PC: IRQ 0-15 are the ISA lines (the 8259's, or
 * the I/O APIC's inputs they are wired to), 16-23 the I/O APIC's other
 * inputs (its GSIs), MSIs after them (24 and up on QEMU's pc). Line n is
 * always delivered on vector IRQ_BASE_VECTOR + n. */
#define NR_IRQS 48
#define NR_ISA_IRQS 16

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev);

/* Trigger modes and polarities for irq_set_type (Linux's IRQ_TYPE_*). */
#define IRQ_TYPE_EDGE_RISING 0x1
#define IRQ_TYPE_EDGE_FALLING 0x2
#define IRQ_TYPE_LEVEL_HIGH 0x4
#define IRQ_TYPE_LEVEL_LOW 0x8
#define IRQ_TYPE_LEVEL_MASK (IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_LEVEL_LOW)

/* An interrupt controller, as the IRQ layer sees it (Linux's irq_chip):
 * drivers/pic.c (the 8259s, "XT-PIC"), drivers/ioapic.c ("IO-APIC"),
 * drivers/pci/msi.c ("PCI-MSI"). Each line has one. All callbacks run with
 * interrupts off. */
struct irq_chip {
	const char *name; /* shown in `interrupts`: "XT-PIC", "IO-APIC" */
	void (*mask)(unsigned irq);
	void (*unmask)(unsigned irq);
	/* spurious - optional: true when irq did not really happen (the
	 * 8259's in-service bit is clear); the chip then does whatever EOI
	 * such an interrupt needs itself, and no handler runs. */
	bool (*spurious)(unsigned irq);
	void (*eoi)(unsigned irq); /* end of interrupt for a real one */
	/* hwirq - optional: the line's number inside the chip (the I/O
	 * APIC's GSI; an MSI's (bus << 8 | devfn) << 11 | entry). With it,
	 * `interrupts` uses Linux's layout for an irq domain ("IO-APIC
	 * 2-edge"); without it, the XT-PIC layout. */
	u32 (*hwirq)(unsigned irq);
	/* is_level - optional: the line is level-triggered (Linux's
	 * "fasteoi" flow); else edge. */
	bool (*is_level)(unsigned irq);
	/* set_type - optional: program an IRQ_TYPE_*; -EINVAL if the chip
	 * cannot. Called with the line masked. */
	int (*set_type)(unsigned irq, unsigned type);
};

/* irq_init - route vectors IRQ_BASE_VECTOR..+15 to the IRQ layer and give
 * ISA lines 0-15 to chip. Called again by a second controller (the I/O
 * APIC after the 8259s were masked), it replaces the first for every line
 * without an owner. Boot, interrupts off. */
void irq_init(const struct irq_chip *chip);

/* irq_set_chip - give lines first..first+n-1 to chip (the I/O APIC's
 * inputs past 15). Returns 0 or -EINVAL past NR_IRQS. Boot. */
int irq_set_chip(unsigned first, unsigned n, const struct irq_chip *chip);

/* irq_alloc - the first line from NR_ISA_IRQS up that no chip drives
 * (Linux's numbering: MSIs after the I/O APIC's GSIs), now driven by
 * chip; -ENOSPC when none is left. irq_release gives it back. Process
 * context. */
int irq_alloc(const struct irq_chip *chip);
void irq_release(unsigned irq);

/* irq_chip_of - the controller of line irq, NULL when it has none. */
const struct irq_chip *irq_chip_of(unsigned irq);

/* irq_set_type - set line irq's trigger mode and polarity (PCI INTx:
 * IRQ_TYPE_LEVEL_HIGH on a PC's I/O APIC) before request_irq. Returns 0,
 * -EINVAL (bad line, or a type the chip cannot do: the 8259s are edge
 * only here), -EBUSY (the line has an owner). Process context. */
int irq_set_type(unsigned irq, unsigned type);

/* disable_irq / enable_irq - mask and unmask an owned line without
 * giving it up (the PIT's IRQ 0 once the Local APIC timer ticks). */
void disable_irq(unsigned irq);
void enable_irq(unsigned irq);

/* Interrupts that belong to no line, counted for `interrupts` (Linux's
 * arch rows): the Local APIC timer (LOC), the Local APIC's spurious vector
 * (SPU), its error interrupt (ERR, with the vectors nobody handles).
 * Interrupt context. */
void irq_count_local_timer(void);
void irq_count_spurious_vector(void);
void irq_count_apic_error(void);
u32 irq_local_timer_count(void);
u32 irq_spurious_vector_count(void);
u32 irq_apic_error_count(void);

/* irq_nmi - a non-maskable interrupt arrived (kernel/traps.c, vector 2):
 * counted for `interrupts` (NMI) and reported in Linux's words with the
 * reason in port 0x61 (SERR#, IOCHK#); the interrupted code goes on.
 * irq_nmi_count - how many. NMI context: nothing here may block. */
struct trapframe;
void irq_nmi(struct trapframe *tf);
u32 irq_nmi_count(void);

/* irq_count_mis / irq_mis_count - a level-triggered I/O APIC interrupt
 * the Local APIC accepted as edge (Linux's MIS row). Interrupt context /
 * any context. */
void irq_count_mis(void);
u32 irq_mis_count(void);

/* The Local APIC as the IRQ layer needs it for vectors no line owns
 * (drivers/lapic.c fills it in; kernel/ does not include drivers/). */
struct irq_local_apic {
	/* in_service - vector's bit in the In-Service Register: set from
	 * the CPU's acknowledge of an interrupt the Local APIC delivered
	 * until its EOI; never set by a CPU exception, INT n, an NMI or an
	 * 8259 interrupt through LINT0 (ExtINT). */
	bool (*in_service)(unsigned vector);
	void (*eoi)(void); /* ends the highest vector in service */
};

/* irq_note_local_apic - a Local APIC is set up (drivers/lapic.c): the
 * `interrupts` command shows its rows, LOC, SPU and ERR, and interrupts
 * on vectors nobody owns are ended there. Boot. */
void irq_note_local_apic(const struct irq_local_apic *apic);

/* irq_vector_in_service - did the Local APIC deliver vector, and is it in
 * service now (its ISR bit)? false without a Local APIC. This is what
 * tells an interrupt on vector 0-31 from the CPU exception of that number.
 * Interrupt context (or the double-fault task). */
bool irq_vector_in_service(unsigned vector);

/* irq_ack_unowned_vector - end an interrupt that nobody owns at the Local
 * APIC (Linux acks such a vector, arch/x86: "No irq handler for vector"),
 * but only when the vector is in service there: INT n sets no ISR bit,
 * and an EOI for it would end some other interrupt. Returns true when an
 * EOI was sent. Interrupt context, interrupts off. */
bool irq_ack_unowned_vector(unsigned vector);

/* irq_start - turn interrupts on (STI), if irq_init found a controller.
 * Without one the BIOS's vectors are still in place (IRQ 0 on vector 8,
 * the double fault), so interrupts stay off: returns -ENODEV after one
 * line. Boot, once every line is owned or masked. */
int irq_start(void);

/* request_irq - give line irq to handler (called with irq and dev), named
 * name in `interrupts`, and unmask it. ISA lines are edge-triggered and
 * cannot be shared, so a second owner is refused. Returns 0; -EINVAL for a
 * bad line or a NULL handler; -EBUSY if the line has an owner; -ENODEV if
 * no controller drives the line. Prints one line on failure. Process
 * context. */
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
 * line). irq_spurious_count - spurious interrupts seen on line 7 or 15
 * (the 8259's). Any context. */
u32 irq_count(unsigned irq);
u32 irq_spurious_count(unsigned irq);

/* irq_disabled_count - lines disabled because nobody handled them. */
u32 irq_disabled_count(void);

#endif
