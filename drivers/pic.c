/* drivers/pic.c - the Intel 8259A Programmable Interrupt Controller, two
 * of them, as every PC since the AT has them.
 *
 * The master (ports 0x20-0x21) takes IRQ 0-7; the slave (0xa0-0xa1) takes
 * IRQ 8-15 and signals the master on its IRQ 2, the cascade. Each chip has
 * (Intel 8259A datasheet, "Programming the 8259A"):
 *
 *   command port  (+0): ICW1 starts initialisation; OCW2 sends EOI;
 *                       OCW3 selects which register the next read gives
 *                       (IRR = requests pending, ISR = in service)
 *   data port     (+1): ICW2-ICW4 during initialisation; afterwards the
 *                       interrupt mask register (OCW1), 1 bit = line off
 *
 * The BIOS leaves the master on vectors 0x08-0x0f, which in protected mode
 * are CPU exceptions (double fault is 8), so the first job is to reprogram
 * both chips: IRQ n becomes vector 0x30 + n
 * (IRQ_BASE_VECTOR, Linux's ISA_IRQ_VECTOR).
 *
 * Spurious interrupts: when a request goes away between the 8259A raising
 * INT and the CPU's acknowledge, the chip still answers with its lowest
 * priority vector, IRQ 7 (master) or IRQ 15 (slave), but with no ISR bit set
 * (datasheet, "Interrupt sequence"). Reading the ISR tells them apart. A
 * spurious IRQ 7 gets no EOI (nothing is in service); a spurious IRQ 15
 * came through the master's cascade line, which IS in service on the
 * master, so the master (only) gets its EOI.
 */
#include "drivers/pic.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/trap.h"
#include "lib/errno.h"

#define PIC1_BASE 0x20 /* master: command, data */
#define PIC2_BASE 0xa0 /* slave */
#define PIC_PORTS 2
#define PIC_CMD 0  /* + base: ICW1, OCW2, OCW3 */
#define PIC_DATA 1 /* + base: ICW2-4, then the mask (OCW1) */

/* ICW1 (command port, bit 4 set marks it as ICW1). */
#define ICW1_ICW4 0x01 /* an ICW4 follows */
#define ICW1_INIT 0x10 /* start initialisation; edge-triggered, cascade */
/* ICW3: master: bit mask of slave inputs; slave: its cascade identity. */
#define PIC_CASCADE_IRQ 2
/* ICW4 */
#define ICW4_8086 0x01 /* 8086 mode (not MCS-80/85) */

/* OCW2: end of interrupt. */
#define OCW2_EOI 0x20	       /* non-specific EOI */
#define OCW2_SPECIFIC_EOI 0x60 /* EOI for the level in bits 0-2 */
/* OCW3: the next read of the command port gives IRR or ISR. */
#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b

#define PIC_LINES 8
#define PIC_SPURIOUS_LINE 7 /* the lowest priority line of each chip */
#define PIC_ALL_MASKED 0xff

static u8 mask1 = PIC_ALL_MASKED, mask2 = PIC_ALL_MASKED;

static void
pic_write_masks(void)
{
	outb_p(mask1, PIC1_BASE + PIC_DATA);
	outb_p(mask2, PIC2_BASE + PIC_DATA);
}

static void
pic_mask(unsigned irq)
{
	if (irq < PIC_LINES)
		mask1 |= BIT(irq);
	else
		mask2 |= BIT(irq - PIC_LINES);
	pic_write_masks();
}

static void
pic_unmask(unsigned irq)
{
	if (irq < PIC_LINES) {
		mask1 &= ~BIT(irq);
	} else {
		mask2 &= ~BIT(irq - PIC_LINES);
		mask1 &= ~BIT(PIC_CASCADE_IRQ); /* the slave's path in */
	}
	pic_write_masks();
}

static u8
pic_read_isr(u16 base)
{
	outb(OCW3_READ_ISR, base + PIC_CMD);
	return inb(base + PIC_CMD);
}

static void
pic_eoi(unsigned irq)
{
	if (irq >= PIC_LINES) {
		outb(OCW2_SPECIFIC_EOI | (irq - PIC_LINES),
		     PIC2_BASE + PIC_CMD);
		outb(OCW2_SPECIFIC_EOI | PIC_CASCADE_IRQ, PIC1_BASE + PIC_CMD);
	} else {
		outb(OCW2_SPECIFIC_EOI | irq, PIC1_BASE + PIC_CMD);
	}
}

void
pic_eoi_probe(void)
{
	pic_eoi(PIC_SPURIOUS_LINE);
}

static bool
pic_spurious(unsigned irq)
{
	if (irq == PIC_SPURIOUS_LINE)
		return !(pic_read_isr(PIC1_BASE) & BIT(PIC_SPURIOUS_LINE));
	if (irq == PIC_LINES + PIC_SPURIOUS_LINE &&
	    !(pic_read_isr(PIC2_BASE) & BIT(PIC_SPURIOUS_LINE))) {
		/* The master did put its cascade line in service. */
		outb(OCW2_SPECIFIC_EOI | PIC_CASCADE_IRQ, PIC1_BASE + PIC_CMD);
		return true;
	}
	return false;
}

static const struct irq_chip i8259_chip = {
	.name = "XT-PIC",
	.mask = pic_mask,
	.unmask = pic_unmask,
	.spurious = pic_spurious,
	.eoi = pic_eoi,
};

/* The cascade never interrupts the CPU by itself: the master hands over the
 * slave's vector instead. Owning the line shows it in `interrupts`; it
 * answers "handled" so that a stray vector 0x32 can never get the line
 * (and with it IRQ 8-15) masked as a storm. */
static irqreturn_t
cascade_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	return IRQ_HANDLED;
}

static void
pic_remap(void)
{
	outb_p(ICW1_INIT | ICW1_ICW4, PIC1_BASE + PIC_CMD); // Start init, both
	outb_p(ICW1_INIT | ICW1_ICW4, PIC2_BASE + PIC_CMD);
	outb_p(IRQ_BASE_VECTOR, PIC1_BASE + PIC_DATA); // ICW2: vector base
	outb_p(IRQ_BASE_VECTOR + PIC_LINES, PIC2_BASE + PIC_DATA);
	outb_p(BIT(PIC_CASCADE_IRQ), PIC1_BASE + PIC_DATA); // ICW3: slave on 2
	outb_p(PIC_CASCADE_IRQ, PIC2_BASE + PIC_DATA);	    //   I am on 2
	outb_p(ICW4_8086, PIC1_BASE + PIC_DATA);	    // ICW4: 8086 mode
	outb_p(ICW4_8086, PIC2_BASE + PIC_DATA);
	pic_write_masks();			  // All lines off
	outb(OCW3_READ_IRR, PIC1_BASE + PIC_CMD); // Default reads: IRR
	outb(OCW3_READ_IRR, PIC2_BASE + PIC_CMD);
}

static int
pic_claim_and_remap(void)
{
	if (!request_region(PIC1_BASE, PIC_PORTS, "pic1"))
		return -EBUSY;
	if (!request_region(PIC2_BASE, PIC_PORTS, "pic2")) {
		release_region(PIC1_BASE, PIC_PORTS);
		return -EBUSY;
	}
	pic_remap();
	return 0;
}

int
pic_init_masked(void)
{
	mask1 = mask2 = PIC_ALL_MASKED;
	return pic_claim_and_remap();
}

int
pic_init(void)
{
	if (pic_claim_and_remap() < 0)
		return -EBUSY;
	/* Read the masks back: a missing chip floats to 0xff either way, but
	 * a written 0xfb must come back as 0xfb. */
	mask1 = PIC_ALL_MASKED & ~BIT(PIC_CASCADE_IRQ);
	pic_write_masks();
	if (inb(PIC1_BASE + PIC_DATA) != mask1) {
		printk("pic: master mask reads 0x%02x after writing 0x%02x: no "
		       "8259A; running without interrupts\n",
		       inb(PIC1_BASE + PIC_DATA), mask1);
		release_region(PIC2_BASE, PIC_PORTS); /* nothing to own */
		release_region(PIC1_BASE, PIC_PORTS);
		return -ENODEV;
	}
	mask1 = PIC_ALL_MASKED;
	pic_write_masks();
	irq_init(&i8259_chip);
	request_irq(PIC_CASCADE_IRQ, cascade_irq, "cascade", NULL);
	printk("pic: 8259A pair at 0x%x/0x%x, IRQ 0-15 on vectors "
	       "0x%02x-0x%02x\n",
	       PIC1_BASE, PIC2_BASE, IRQ_BASE_VECTOR,
	       IRQ_BASE_VECTOR + NR_ISA_IRQS - 1);
	return 0;
}
