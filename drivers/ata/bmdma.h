/* drivers/ata/bmdma.h - the bus-master DMA transport (bmdma.c), inside the
 * ATA driver: set up by the PCI IDE driver (ata_piix.c) after its probe. */
#ifndef DRIVERS_ATA_BMDMA_H
#define DRIVERS_ATA_BMDMA_H

#include "drivers/ata/ata.h"

struct pci_dev;

/* ata_bmdma_setup - for a PCI IDE function @dev that masters the bus
 * (prog-if bit 7, BAR 4 an I/O range): bus mastering on, a PRD table per
 * channel the probe claimed, and each ATA disk there set to its fastest
 * DMA mode (SET FEATURES, checked by IDENTIFY) with d->ops the bus
 * master. `ata.dma=0`, a polled channel, or a drive without DMA stay PIO,
 * said in one line. Boot only, after ata_probe_channel_end(). */
void ata_bmdma_setup(struct pci_dev *dev);

/* ata_bmdma_ops - the transport (d->ops of a drive on DMA). */
extern const struct ata_port_ops ata_bmdma_ops;

struct bmdma_stats {
	u64 commands;  /* READ/WRITE DMA commands run */
	u64 fallbacks; /* drives moved to PIO after a DMA failure */
	u64 resets;    /* channels reset after a failed command */
};
extern struct bmdma_stats bmdma_stats;

/* The faults the ktest can put into one READ DMA, and what QEMU's model
 * (hw/ide/core.c, hw/ide/pci.c) does with each:
 *   SHORT_PRD     a PRD table of one sector: the engine runs out, the
 *                 drive ends the command without an interrupt, the engine
 *                 idle - the driver notices after ATA_IRQ_GRACE_MS;
 *   NO_START      the command written, SSBM never set: the drive waits
 *                 with DRQ (status 0x58) for a transfer that never comes,
 *                 the engine idle - noticed the same way; only the
 *                 channel reset gets the drive out of it;
 *   LOST_COMMAND  the engine started (BMIDEA set), the command never
 *                 written: nothing happens at all, and only the timeout
 *                 ends the wait;
 *   PAST_END      a READ DMA that runs past the drive's last sector
 *                 (the range check skipped): the drive aborts it, ERR and
 *                 ABRT, with its interrupt - the drive's error, not DMA's:
 *                 -EIO after one line, the drive stays on DMA. */
enum bmdma_fault {
	BMDMA_FAULT_SHORT_PRD,
	BMDMA_FAULT_NO_START,
	BMDMA_FAULT_LOST_COMMAND,
	BMDMA_FAULT_PAST_END,
};

/* ata_bmdma_fault_read - for the ktest: READ DMA of @count (2..8)
 * sectors at @lba into @buf with @fault, waiting at most @timeout_ms (0:
 * the driver's ATA_TIMEOUT_MS). Returns what the driver does with it: 1
 * after one line, the engine stopped, the channel reset and @d moved to
 * PIO; -EIO after one line for PAST_END (0: the driver did not notice, a
 * bug); -EINVAL when @d is not on DMA or @buf cannot be given to the
 * engine. */
int ata_bmdma_fault_read(struct ata_drive *d, enum bmdma_fault fault, u64 lba,
			 u32 count, void *buf, u32 timeout_ms);

/* ata_bmdma_fault_next - for the ktest: put @fault (NO_START or
 * LOST_COMMAND; -EINVAL for the others) into the next DMA command any
 * ata_read()/ata_write() issues, waiting at most @timeout_ms (0: the
 * driver's), so the fall-back and the PIO redo of the real path run. */
int ata_bmdma_fault_next(enum bmdma_fault fault, u32 timeout_ms);

/* ata_bmdma_use - put @d back on DMA in mode @xfer (the ktest undoing a
 * fall-back). */
void ata_bmdma_use(struct ata_drive *d, u8 xfer);

#endif
