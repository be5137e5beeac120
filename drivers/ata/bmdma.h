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
 * said in one line. Boot only, after ata_probe_channel(). */
void ata_bmdma_setup(struct pci_dev *dev);

/* ata_bmdma_ops - the transport (d->ops of a drive on DMA). */
extern const struct ata_port_ops ata_bmdma_ops;

struct bmdma_stats {
	u64 commands;  /* READ/WRITE DMA commands run */
	u64 fallbacks; /* drives moved to PIO after a DMA failure */
};
extern struct bmdma_stats bmdma_stats;

/* ata_bmdma_short_prd_read - for the ktest: READ DMA of @count (>= 2)
 * sectors at @lba into @buf with a PRD table of one sector, so the engine
 * runs out first. Returns what the driver does with it:
 * 1 after saying so, the channel recovered and @d moved to PIO (0: the
 * engine did not notice, a bug); -EINVAL when @d is
 * not on DMA. */
int ata_bmdma_short_prd_read(struct ata_drive *d, u64 lba, u32 count,
			     void *buf);

/* ata_bmdma_use - put @d back on DMA in mode @xfer (the ktest undoing a
 * fall-back). */
void ata_bmdma_use(struct ata_drive *d, u8 xfer);

#endif
