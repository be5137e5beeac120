/* drivers/pic.h - the two cascaded Intel 8259A interrupt controllers. */
#ifndef DRIVERS_PIC_H
#define DRIVERS_PIC_H

/* pic_init - claim pic1/pic2, remap IRQ 0-15 to vectors 0x30-0x3f, mask
 * every line, and hand the controller to the IRQ layer (irq_init). Boot,
 * interrupts off. Returns 0, or -EBUSY when the ports are taken (then no
 * device interrupt will ever arrive; the boot goes on polled). */
int pic_init(void);

/* pic_init_masked - the same with the APICs in use: claim pic1/pic2 (as
 * Linux keeps them), remap and mask every line, but do not become the IRQ
 * layer's controller. Returns 0 or -EBUSY. Boot, interrupts off. */
int pic_init_masked(void);

/* pic_eoi_probe - one specific EOI for master line 7, a port write the
 * 8259 ignores when line 7 is not in service: what `apic eoi` times.
 * Process context, interrupts off. */
void pic_eoi_probe(void);

#endif
