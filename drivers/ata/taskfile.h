/* drivers/ata/taskfile.h - one IDE channel's registers, inside the driver.
 *
 * Not for other subsystems (they use drivers/ata/ata.h): this is what the
 * driver's own files share about a channel - the register names, the
 * channel's state, and the steps of the protocol every command takes
 * (taskfile.c): select a drive, wait for BSY, issue, wait for DRQ or the
 * end, and say what went wrong.
 *
 * Registers: ATA/ATAPI-6 (T13/1410D rev 3b) section 7; the legacy
 * channels: the PIIX datasheet (290550), 2.4 "IDE compatibility mode".
 */
#ifndef DRIVERS_ATA_TASKFILE_H
#define DRIVERS_ATA_TASKFILE_H

#include "drivers/ata/ata.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/time.h"

/* Command block registers, offsets from the channel's base (ATA-6 7.1). */
#define ATA_REG_DATA 0
#define ATA_REG_ERROR 1	   /* read */
#define ATA_REG_FEATURES 1 /* write */
#define ATA_REG_SECCOUNT 2
#define ATA_REG_LBA_LOW 3
#define ATA_REG_LBA_MID 4
#define ATA_REG_LBA_HIGH 5
#define ATA_REG_DEVICE 6
#define ATA_REG_STATUS 7  /* read */
#define ATA_REG_COMMAND 7 /* write */
#define ATA_CMD_BLOCK_PORTS 8

/* Control block: one port (ATA-6 7.3, 7.8). Linux claims only this one
 * (0x3f6), not 0x3f7, which on old PCs belonged to the floppy controller. */
#define ATA_REG_ALTSTATUS 0 /* read */
#define ATA_REG_DEVCTL 0    /* write */
#define ATA_CTL_BLOCK_PORTS 1

/* Device control register bits (ATA-6 7.8). */
#define ATA_DEVCTL_NIEN 0x02 /* the drive's INTRQ stays deasserted */
#define ATA_DEVCTL_SRST 0x04 /* software reset of both drives */
#define ATA_DEVCTL_HOB 0x80  /* read back the high ("previous") LBA48 bytes */

/* Device register bits (ATA-6 7.10). Bits 7 and 5 were "always 1" in
 * ATA-1..5; setting them is harmless and old drives expect it. */
#define ATA_DEV_OBS 0xa0
#define ATA_DEV_LBA 0x40
#define ATA_DEV_SLAVE 0x10
#define ATA_DEV_LBA28_HIGH 0x0f /* LBA bits 27:24 in LBA28 commands */

/* How long to wait for BSY to clear. ATA-6 sets no general limit; QEMU
 * answers in well under a second, but a FLUSH CACHE is an fdatasync of the
 * image on the host, which a busy host can stretch to seconds: 10 s is
 * reached only by a drive that has failed. After a reset a drive may take
 * 31 s to spin up (ATA-6 9.2). */
#define ATA_TIMEOUT_MS 10000
#define ATA_RESET_TIMEOUT_MS 31000
/* An interrupt the drive owes comes within microseconds of the status
 * saying so; after this long with the status already final, it is lost. */
#define ATA_IRQ_GRACE_MS 50

struct ata_channel {
	const char *name; /* "ata0" */
	u16 cmd;	  /* command block base */
	u16 ctl;	  /* control block base */
	u8 irq;
	bool claimed;	   /* ports are ours */
	const char *owner; /* the claims' name: the PCI driver's, or "ata" */
	bool use_irq;	   /* completion by IRQ (else polled, nIEN set) */
	u8 devctl;	   /* DEVCTL's resting value: nIEN, or 0 */
	bool irq_armed;	   /* the next wait expects an interrupt */
	volatile bool irq_pending; /* set by ata_irq() */
	struct timeout settle;	   /* ata_reset_begin: 2 ms from SRST's end */
	u16 bmdma; /* this channel's bus-master registers (bmdma.c); 0: none */
	/* While a DMA command runs, ata_irq() hands the interrupt here. */
	irqreturn_t (*dma_irq)(struct ata_channel *c);
};

/* The two channels and four positions (probe.c). */
extern struct ata_channel ata_channels[2];
extern struct ata_drive ata_drives[ATA_NR_DRIVES];

static inline u8
ata_altstatus(const struct ata_channel *c)
{
	return inb(c->ctl + ATA_REG_ALTSTATUS);
}

/* ata_delay_400ns - the time a drive may take to post a valid status after
 * a command or a selection (ATA-6 9.7). */
void ata_delay_400ns(const struct ata_channel *c);

/* ata_arm_irq - the next wait on @c is for an interrupt the drive will
 * raise; call before the action that causes it. No-op when polled. */
void ata_arm_irq(struct ata_channel *c);

/* ata_wait_not_busy - wait up to @ms for BSY to clear (for the armed
 * interrupt first). 0 with the status in *status, or -ETIMEDOUT with the
 * last status read. A lost interrupt is recovered here: see taskfile.c. */
int ata_wait_not_busy(struct ata_channel *c, u32 ms, u8 *status);

/* ata_select - pick @d's position with @dev_bits (LBA, LBA 27:24) in the
 * device register. 0 or -ETIMEDOUT (status in *status). */
int ata_select(struct ata_drive *d, u8 dev_bits, u8 *status);

/* ata_reset_channel - SRST both drives, then wait for BSY to clear.
 * ata_reset_begin - its first half: pulse SRST and start the 2 ms settle
 * (c->settle); ata_reset_end - its second half: the rest of the settle,
 * then BSY. Two channels reset with both begins before either end settle
 * in the same 2 ms (the boot's probe). 0 or -ETIMEDOUT (status in
 * *status). */
int ata_reset_channel(struct ata_channel *c, u8 *status);
void ata_reset_begin(struct ata_channel *c);
int ata_reset_end(struct ata_channel *c, u8 *status);

/* ata_issue - select, check DRDY (not for IDENTIFY PACKET), load the
 * task file from @p and write @cmd. 0, or -EIO/-ETIMEDOUT after one line.
 * ata_issue_nodata - the same for a command whose one input is the
 * sector count @count (SET MULTIPLE MODE; 0 for FLUSH CACHE, IDENTIFY). */
int ata_issue(struct ata_drive *d, const struct ata_cmd_plan *p, u8 cmd);
int ata_issue_nodata(struct ata_drive *d, u8 cmd, u8 count);

/* ata_wait_drq - wait for the next data block of @cmd: BSY clear, no
 * ERR/DF, DRQ set. 0, or -EIO/-ETIMEDOUT after one line naming @lba
 * (-1: none). */
int ata_wait_drq(struct ata_drive *d, u8 cmd, s64 lba);

/* ata_wait_done - after the last block or for a non-data command: BSY
 * clear, no ERR/DF/DRQ. 0, or -EIO/-ETIMEDOUT after one line. */
int ata_wait_done(struct ata_drive *d, u8 cmd, s64 lba);

/* ata_report - say once what went wrong with @cmd (see taskfile.c). */
void ata_report(struct ata_drive *d, u8 cmd, s64 lba, int err, u8 status,
		const char *waiting_for);

/* ata_rw_command - the READ/WRITE (MULTIPLE) (EXT) opcode for a transfer. */
u8 ata_rw_command(bool write, bool multiple, bool lba48);

/* ata_irq - the handler for a channel's IRQ line (request_irq @dev = the
 * channel). */
irqreturn_t ata_irq(int irq, void *dev);

/* ata_pio_ops - the PIO transport (pio.c). */
extern const struct ata_port_ops ata_pio_ops;

/* ata_setup_multiple - SET MULTIPLE MODE with the drive's largest block;
 * d->multiple = the count, or 0 when refused (probe.c). */
void ata_setup_multiple(struct ata_drive *d);

/* ata_probe_channel_begin - claim @c's ports as @owner and start its
 * reset (probe.c). 0, -EBUSY (ports taken: the conflict was printed) or
 * -ENODEV (nothing decodes the ports: released). After 0,
 * ata_probe_channel_end waits out the reset's 2 ms settle, identifies the
 * drives and sets up the interrupt; it returns 0. A caller with two
 * channels begins both, then ends each: one settle for both. Boot
 * context. */
int ata_probe_channel_begin(struct ata_channel *c, const char *owner,
			    bool pio32);
int ata_probe_channel_end(struct ata_channel *c);

/* ata_pci_init - register the PCI IDE drivers (ata_piix.c); binding a
 * function begins its channels' resets. Returns how many functions they
 * bound, or -ENODEV when the machine has no PCI IDE function at all (then
 * ata_init_begin probes the legacy channels). Boot context. */
int ata_pci_init(void);

/* ata_pci_finish - end what binding began: the bound function's channels
 * (settle, drives, interrupt) and its bus-master DMA. Nothing without a
 * bound function. Boot context, after ata_pci_init(). */
void ata_pci_finish(void);

#endif
