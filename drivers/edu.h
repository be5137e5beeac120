/* drivers/edu.h - QEMU's educational PCI device (drivers/edu.c). */
#ifndef DRIVERS_EDU_H
#define DRIVERS_EDU_H

#include "lib/types.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_BUF_SIZE 4096 /* the device's DMA buffer */
/* The most one transfer moves: QEMU 7.2's range check (edu_check_range)
 * refuses a transfer that ends exactly at the buffer's end, with a
 * hw_error that stops the whole machine; one byte less is safe. */
#define EDU_DMA_MAX (EDU_BUF_SIZE - 1)

enum edu_irq_mode { EDU_IRQ_NONE, EDU_IRQ_INTX, EDU_IRQ_MSI };

/* edu_init - find the device, claim BAR0 as "edu", map it, check its
 * identification register, and take its INTx line (level-triggered).
 * Returns 0, or -ENODEV without the device (silently) or on a bad ID,
 * -EBUSY/-ENOMEM after one line. Boot, after the interrupt controller. */
int edu_init(void);

/* edu_present - edu_init found and claimed the device. */
bool edu_present(void);

/* edu_set_irq_mode - deliver the device's interrupts over INTx (through
 * the I/O APIC or the 8259) or MSI. Returns 0, or -ENODEV (MSI without the
 * Local APIC), request_irq's error. Process context. */
int edu_set_irq_mode(enum edu_irq_mode mode);

/* edu_raise - write value into the interrupt raise register and wait up
 * to timeout_ms for the handler; *cycles gets the TSC cycles from just
 * before the write to the handler's first instruction. Returns 0 or
 * -ETIMEDOUT. Process context, interrupts on. */
int edu_raise(u32 value, u32 timeout_ms, u64 *cycles);

/* edu_factorial - the device computes n! (mod 2^32) into *result, polled
 * through the status register (irq false) or waited for through its
 * "raise an interrupt when done" bit (irq true); *us the time it took.
 * Returns 0, -ETIMEDOUT. Process context. */
int edu_factorial(u32 n, bool irq, u32 *result, u32 *us);

/* edu_dma - copy size bytes from RAM at bus address src into the device's
 * buffer (to_device) or from the buffer to RAM at dst; waits for the DMA
 * engine (polled) up to a second. Returns 0, -EINVAL (size or an address
 * past the device's DMA mask), -ETIMEDOUT. Process context. */
int edu_dma(u64 ram, u32 size, bool to_device, u32 *us);

/* edu_dma_mask - the highest bus address the DMA engine reaches (2^28 - 1:
 * edu.rst's default dma_mask). */
u64 edu_dma_mask(void);

/* edu_dma_alloc - a 4 KiB frame for a DMA buffer that the device can
 * reach: the lowest free frame lying wholly at or below @mask (pass
 * edu_dma_mask(); a test passes less). Its bus address (on a PC the
 * physical address, reachable at __va) goes to *@pa. Returns 0, or -ENOMEM
 * after one line when no frame that low is free. Give it back with
 * frame_free. Process context. */
int edu_dma_alloc(u64 mask, u32 *pa);

/* For tests (drivers/edu_ktest.c): the INTx line, a raise that does not
 * wait, and an acknowledge of everything pending. */
int edu_intx_irq(void);
void edu_raise_nowait(u32 value);
void edu_ack_all(void);

/* What edu shows: counts, the mode, the device's registers. */
struct edu_status {
	u32 id, liveness_in, liveness_out, irq_status, status;
	enum edu_irq_mode mode;
	int irq;
	u32 interrupts, fact_irqs, dma_irqs, raise_irqs, unhandled;
	u64 bar, bar_len, dma_mask;
	const char *name; /* "0000:00:04.0" */
};
void edu_get_status(struct edu_status *st);

#endif
