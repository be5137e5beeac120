/* drivers/edu.c - QEMU's "edu" device: MMIO registers, an interrupt over
 * a wire or a message, and a DMA engine, in one small PCI function made
 * for teaching (QEMU's docs/specs/edu.rst; PCI ID 1234:11e8).
 *
 * BAR0 is 1 MiB of memory-mapped registers (edu.rst, "MMIO area spec"):
 *   0x00 RO  identification: 0xRRrr00ed (major, minor version, 0xed)
 *   0x04 RW  liveness check: reads back the inverse of what was written
 *   0x08 RW  factorial: write n, the device computes n! (32 bits)
 *   0x20 RW  status: 0x01 computing (RO); 0x80 raise an interrupt when
 *            the factorial is done
 *   0x24 RO  interrupt status: the values that raised the interrupt, ORed
 *   0x60 WO  interrupt raise: ORs the value into the interrupt status and
 *            raises the interrupt
 *   0x64 WO  interrupt acknowledge: clears those bits; the interrupt
 *            goes down when the status is 0
 *   0x80 RW  DMA source address; 0x88 destination; 0x90 count
 *   0x98 RW  DMA command: 0x01 start (clears when done), 0x02 direction
 *            (0: RAM to the device, 1: the device to RAM), 0x04 raise
 *            interrupt 0x100 when done
 * and the device's own 4 KiB buffer sits at device address 0x40000.
 *
 * Interrupts: INTx pin A by default, level-triggered: the line stays up
 * while the interrupt status is non-zero, so the handler must write the
 * acknowledge register or the line re-interrupts at once (kernel/irq.c
 * masks it after 1000: "nobody cared"). Or MSI (drivers/pci/msi.c): one
 * message per raise, no line at all; the acknowledge is still needed to
 * let the next raise send a message.
 *
 * DMA: the device reads and writes RAM at the bus addresses the driver
 * writes; on a PC a bus address is the physical address. Its engine only
 * drives the low 28 address bits (edu.rst: dma_mask defaults to 2^28 - 1;
 * `-device edu,dma_mask=...` changes it): an address above it would be
 * cut down silently to a different place in RAM. That is what a driver's
 * DMA mask records (Linux's dma_set_mask): the buffers must be chosen
 * below it, so edu_dma_alloc asks the frame allocator for a frame that
 * ends at or below the mask (frame_alloc_below), and refuses only when no
 * such frame is free.
 */
#include "drivers/edu.h"
#include "drivers/pci/msi.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/iomap.h"
#include "kernel/irq.h"
#include "kernel/mm/frame.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define EDU_ID 0x00
#define EDU_ID_MAGIC_MASK 0xff
#define EDU_ID_MAGIC 0xed
#define EDU_ID_MAJOR_SHIFT 24
#define EDU_ID_MINOR_SHIFT 16
#define EDU_LIVENESS 0x04
#define EDU_FACT 0x08
#define EDU_STATUS 0x20
#define EDU_STATUS_COMPUTING 0x01
#define EDU_STATUS_IRQFACT 0x80
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_DMA_START 0x01
#define EDU_DMA_FROM_DEVICE 0x02
#define EDU_DMA_IRQ 0x04
#define EDU_BUF_ADDR 0x40000	 /* the buffer, in the device's addresses */
#define EDU_FACT_IRQ 0x00000001u /* what the device raises when done */
#define EDU_DMA_IRQ_VALUE 0x00000100u
#define EDU_DMA_BITS 28 /* edu.rst: the default dma_mask */
#define EDU_TIMEOUT_US (1000 * USEC_PER_MSEC)

static struct {
	struct pci_dev *pdev;
	void __iomem *regs;
	enum edu_irq_mode mode;
	int irq;
	volatile u32 interrupts, fact_irqs, dma_irqs, raise_irqs;
	volatile u32 last_status; /* interrupt status the handler saw */
	volatile u64 handler_tsc; /* TSC at the handler's start */
	u32 unhandled;
} edu;

static u32
edu_readl(u32 reg)
{
	return readl((u8 __iomem *)edu.regs + reg);
}

static void
edu_writel(u32 v, u32 reg)
{
	writel(v, (u8 __iomem *)edu.regs + reg);
}

bool
edu_present(void)
{
	return edu.regs != NULL;
}

static irqreturn_t
edu_interrupt(int irq, void *dev)
{
	u64 tsc = rdtsc();
	u32 st;

	(void)irq;
	(void)dev;
	st = edu_readl(EDU_IRQ_STATUS);
	if (!st) {
		edu.unhandled++; /* a shared line: someone else's */
		return IRQ_NONE;
	}
	edu_writel(st, EDU_IRQ_ACK); // Acknowledge: the line goes down
	edu.handler_tsc = tsc;
	edu.last_status = st;
	edu.interrupts++;
	if (st & EDU_FACT_IRQ)
		edu.fact_irqs++;
	if (st & EDU_DMA_IRQ_VALUE)
		edu.dma_irqs++;
	if (st & ~(EDU_FACT_IRQ | EDU_DMA_IRQ_VALUE))
		edu.raise_irqs++;
	return IRQ_HANDLED;
}

static int set_irq_mode(enum edu_irq_mode mode);

int
edu_set_irq_mode(enum edu_irq_mode mode)
{
	enum edu_irq_mode old = edu.mode;
	int err = set_irq_mode(mode);

	if (err && old != EDU_IRQ_NONE)
		set_irq_mode(old); /* keep what worked */
	return err;
}

static int
set_irq_mode(enum edu_irq_mode mode)
{
	int irq, err;

	if (mode == edu.mode)
		return 0;
	if (edu.mode != EDU_IRQ_NONE) {
		free_irq((unsigned)edu.irq, &edu);
		if (edu.mode == EDU_IRQ_MSI)
			pci_disable_msi(edu.pdev);
		edu.mode = EDU_IRQ_NONE;
		edu.irq = -1;
	}
	if (mode == EDU_IRQ_NONE)
		return 0;
	if (mode == EDU_IRQ_MSI) {
		irq = pci_enable_msi(edu.pdev);
		if (irq < 0)
			return irq;
		err = request_irq((unsigned)irq, edu_interrupt, "edu", &edu);
	} else {
		/* PCI INTx: level-triggered, possibly shared with another
		 * function (request_shared_irq makes the I/O APIC's entry
		 * level; the 8259 keeps what the chipset's ELCR says). */
		irq = edu.pdev->irq_line;
		err = request_shared_irq((unsigned)irq, edu_interrupt, "edu",
					 &edu);
	}
	if (err) {
		if (mode == EDU_IRQ_MSI)
			pci_disable_msi(edu.pdev);
		return err;
	}
	edu.irq = irq;
	edu.mode = mode;
	return 0;
}

int
edu_raise(u32 value, u32 timeout_ms, u64 *cycles)
{
	u32 n = edu.interrupts;
	u64 t0;

	t0 = rdtsc();
	edu_writel(value, EDU_IRQ_RAISE); // Raise: status |= value
	if (poll_timeout(edu.interrupts != n, timeout_ms * USEC_PER_MSEC))
		return -ETIMEDOUT;
	*cycles = edu.handler_tsc - t0;
	return 0;
}

int
edu_factorial(u32 n, bool irq, u32 *result, u32 *us)
{
	u32 fi = edu.fact_irqs;
	u64 t0 = uptime_ns();
	int err;

	edu_writel(irq ? EDU_STATUS_IRQFACT : 0,
		   EDU_STATUS);	 // Interrupt when done, or not
	edu_writel(n, EDU_FACT); // n: the device starts computing
	if (irq)
		err = poll_timeout(edu.fact_irqs != fi, EDU_TIMEOUT_US);
	else
		err = poll_timeout(
			!(edu_readl(EDU_STATUS) & EDU_STATUS_COMPUTING),
			EDU_TIMEOUT_US);
	*us = (u32)((uptime_ns() - t0) / NSEC_PER_USEC);
	edu_writel(0, EDU_STATUS);
	if (err)
		return err;
	*result = edu_readl(EDU_FACT);
	return 0;
}

int
edu_dma(u64 ram, u32 size, bool to_device, u32 *us)
{
	u64 mask = edu_dma_mask();
	u64 t0 = uptime_ns();
	u32 cmd = EDU_DMA_START | (to_device ? 0 : EDU_DMA_FROM_DEVICE);
	int err;

	if (!size || size > EDU_DMA_MAX || ram + size - 1 > mask)
		return -EINVAL;
	/* 32-bit writes: the device zero-extends them into its 64-bit
	 * address registers. */
	edu_writel((u32)(to_device ? ram : EDU_BUF_ADDR), EDU_DMA_SRC);
	edu_writel((u32)(to_device ? EDU_BUF_ADDR : ram), EDU_DMA_DST);
	edu_writel(size, EDU_DMA_COUNT);
	edu_writel(cmd, EDU_DMA_CMD); // Go: the device masters the bus
	err = poll_timeout(!(edu_readl(EDU_DMA_CMD) & EDU_DMA_START),
			   EDU_TIMEOUT_US);
	*us = (u32)((uptime_ns() - t0) / NSEC_PER_USEC);
	return err;
}

u64
edu_dma_mask(void)
{
	return (1ull << EDU_DMA_BITS) - 1;
}

int
edu_dma_alloc(u64 mask, u32 *pa)
{
	/* Not frame_alloc(): it gives the next free frame wherever that is.
	 * Ask for one that ends at or below the mask, as Linux's DMA API
	 * does (GFP_DMA32 and the like, chosen from the device's mask). */
	*pa = frame_alloc_below(mask);
	if (*pa)
		return 0;
	printk("edu: no free RAM frame lies at or below the DMA mask 0x%llx: "
	       "the "
	       "device cannot reach any other (its address would be cut "
	       "down to another place)\n",
	       (unsigned long long)mask);
	return -ENOMEM;
}

int
edu_intx_irq(void)
{
	return edu.pdev ? edu.pdev->irq_line : -1;
}

void
edu_raise_nowait(u32 value)
{
	edu_writel(value, EDU_IRQ_RAISE); // Raise: status |= value
}

void
edu_ack_all(void)
{
	edu_writel(edu_readl(EDU_IRQ_STATUS), EDU_IRQ_ACK); // Clear them all
}

void
edu_get_status(struct edu_status *st)
{
	st->id = edu_readl(EDU_ID);
	st->liveness_in = 0x12345678;
	edu_writel(st->liveness_in, EDU_LIVENESS);  // Write a value ...
	st->liveness_out = edu_readl(EDU_LIVENESS); // ... read its inverse
	st->irq_status = edu_readl(EDU_IRQ_STATUS);
	st->status = edu_readl(EDU_STATUS);
	st->mode = edu.mode;
	st->irq = edu.irq;
	st->interrupts = edu.interrupts;
	st->fact_irqs = edu.fact_irqs;
	st->dma_irqs = edu.dma_irqs;
	st->raise_irqs = edu.raise_irqs;
	st->unhandled = edu.unhandled;
	st->bar = pci_resource_start(edu.pdev, 0);
	st->bar_len = pci_resource_len(edu.pdev, 0);
	st->dma_mask = edu_dma_mask();
	st->name = edu.pdev->name;
}

/* Bind one edu function (the driver keeps one device's state). */
static int
edu_probe(struct pci_dev *d, const struct pci_device_id *id)
{
	u64 start, len;
	u32 ver;
	u16 cmd;

	(void)id;
	if (edu.pdev) {
		printk("edu %s: one edu device is driven already (%s)\n",
		       d->name, edu.pdev->name);
		return -EBUSY;
	}
	if (!(pci_resource_flags(d, 0) & IORESOURCE_MEM)) {
		printk("edu %s: BAR0 has no memory range\n", d->name);
		return -ENODEV;
	}
	start = pci_resource_start(d, 0);
	len = pci_resource_len(d, 0);
	if (!request_mem_region(start, len, "edu"))
		return -EBUSY;
	edu.regs = ioremap(start, len);
	if (!edu.regs) {
		release_mem_region(start, len);
		return -ENOMEM;
	}
	ver = edu_readl(EDU_ID);
	if ((ver & EDU_ID_MAGIC_MASK) != EDU_ID_MAGIC) {
		printk("edu %s: identification register reads 0x%08x, not "
		       "0x......ed\n",
		       d->name, ver);
		iounmap(edu.regs);
		edu.regs = NULL;
		release_mem_region(start, len);
		return -ENODEV;
	}
	edu.pdev = d;
	edu.irq = -1;
	pci_read_config_word(d, PCI_COMMAND, &cmd);
	cmd |= PCI_COMMAND_MEMORY;
	pci_write_config_word(d, PCI_COMMAND, cmd); // Decode BAR0
	d->command = cmd;
	pci_set_master(d); /* its DMA engine, and MSI, write memory */
	edu_writel(0, EDU_STATUS);
	edu_writel(edu_readl(EDU_IRQ_STATUS), EDU_IRQ_ACK); // Nothing pending
	edu_set_irq_mode(EDU_IRQ_INTX);
	printk("edu %s: QEMU edu device v%u.%u at MMIO 0x%llx (%llu KiB), "
	       "INTx pin %c on IRQ %d, DMA mask %u bits\n",
	       d->name, ver >> EDU_ID_MAJOR_SHIFT,
	       (ver >> EDU_ID_MINOR_SHIFT) & 0xff, (unsigned long long)start,
	       (unsigned long long)(len / 1024), 'A' + d->irq_pin - 1, edu.irq,
	       EDU_DMA_BITS);
	return 0;
}

static const struct pci_device_id edu_ids[] = {
	{PCI_DEVICE(EDU_VENDOR, EDU_DEVICE)},
	{0},
};

static struct pci_driver edu_driver = {
	.name = "edu",
	.id_table = edu_ids,
	.probe = edu_probe,
};

int
edu_init(void)
{
	return pci_register_driver(&edu_driver) > 0 ? 0 : -ENODEV;
}
