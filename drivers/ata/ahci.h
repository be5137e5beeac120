/* drivers/ata/ahci.h - AHCI SATA controllers (ahci.c), inside the ATA
 * driver: their disks are struct ata_drive too (sda, sdb, ...), with
 * d->chan NULL and d->ops the AHCI transport. */
#ifndef DRIVERS_ATA_AHCI_H
#define DRIVERS_ATA_AHCI_H

#include "drivers/ata/ata.h"

#define AHCI_MAX_DRIVES 8 /* sda .. sdh, over every AHCI function */

/* ahci_init - register the AHCI PCI driver: each function of class
 * 01/06/01 is brought up (ABAR mapped and claimed as "ahci", GHC.AE, each
 * implemented port stopped, given its command list and FIS area, started)
 * and its devices identified, one line each. Boot only, after pci_init()
 * and the IRQ layer. */
void ahci_init(void);

/* ahci_drive_get - the @i-th AHCI device in port order, or NULL.
 * ahci_drive_by_name - the one called @name ("sda"), or NULL. */
struct ata_drive *ahci_drive_get(int i);
struct ata_drive *ahci_drive_by_name(const char *name);

/* ata_ahci_ops - the transport of AHCI drives. */
extern const struct ata_port_ops ata_ahci_ops;

struct ahci_stats {
	u64 commands;	/* commands issued through a command list */
	u64 irqs;	/* controller interrupts handled */
	u64 recoveries; /* ports stopped, cleared and started after errors */
};
extern struct ahci_stats ahci_stats;

/* The faults the ktest can put into one READ DMA EXT, and what QEMU's
 * model (hw/ide/ahci.c) does with each:
 *   PORT_STOPPED  ST and FRE off when PxCI is set: the HBA fetches
 *                 nothing, PxCI stays set, no interrupt - only the
 *                 timeout ends it; the recovery must start the port again
 *                 without letting the abandoned command run;
 *   SHORT_PRDT    a PRDT of one sector for a longer command: the HBA ends
 *                 the command normally, only PRDBC falls short (QEMU 7.2
 *                 moves nothing: 0);
 *   PAST_END      a READ DMA EXT over the last sector (the range check
 *                 skipped): the device aborts it, ERR and ABRT in the D2H
 *                 FIS, PxIS.TFES - a device error, the port recovered. */
enum ahci_fault_kind {
	AHCI_FAULT_PORT_STOPPED,
	AHCI_FAULT_SHORT_PRDT,
	AHCI_FAULT_PAST_END,
};

/* ahci_fault_read - for the ktest: READ DMA EXT of @count (2..128)
 * sectors at @lba into @buf with @fault, waiting at most @timeout_ms (0:
 * the driver's 10 s). Returns what the driver makes of it: -ETIMEDOUT or
 * -EIO after one line (the port recovered when it needed to); 0 if the
 * driver did not notice (a bug); -EINVAL for a bad request. */
int ahci_fault_read(struct ata_drive *d, enum ahci_fault_kind fault, u64 lba,
		    u32 count, void *buf, u32 timeout_ms);

#endif
