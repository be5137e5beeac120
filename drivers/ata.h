/* drivers/ata.h - the ATA (IDE) disk driver: programmed I/O on the two
 * legacy channels. See drivers/ata.c for the hardware and docs/ata.md for
 * the walk-through; drivers/ata_proto.h holds the protocol's facts.
 *
 * Four positions, named as Linux's old IDE driver named them:
 *   hda = ata0 master (primary, 0x1f0)    hdb = ata0 slave
 *   hdc = ata1 master (secondary, 0x170)  hdd = ata1 slave
 *
 * Context: every function here waits for the drive (polling, or halting
 * until its interrupt) and may take seconds; call them from thread
 * context (boot, the shell), never from an interrupt handler. Nothing here
 * takes a lock: porthole runs one thread.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include "drivers/ata_proto.h"
#include "kernel/resource.h"
#include "lib/types.h"

#define ATA_NR_DRIVES 4

struct ata_channel;

struct ata_drive {
	const char *name;  /* "hda" */
	const char *where; /* "ata0 master" */
	struct ata_channel *chan;
	bool slave;
	enum ata_class class;	/* ATA_CLASS_NONE: nothing there */
	struct ata_identity id; /* valid when class != NONE */
	u8 multiple;		/* sectors per DRQ block in use by
				   READ/WRITE MULTIPLE; 0 = not used */
	bool pio32;		/* data port read/written 32 bits at a
				   time, else 16 (drivers/ata.c) */
};

/* How a transfer moves its data. */
enum ata_pio_mode {
	ATA_PIO_BEST,	  /* READ/WRITE MULTIPLE when set up, else SECTORS */
	ATA_PIO_SECTORS,  /* READ/WRITE SECTORS: one DRQ block per sector */
	ATA_PIO_MULTIPLE, /* READ/WRITE MULTIPLE (-EOPNOTSUPP if unset) */
};

/* ata_write() flags. */
#define ATA_WRITE_NOFLUSH 0x1 /* the caller will call ata_flush() itself */

/* Where the driver's time goes, for `disk bench` (all since boot). */
struct ata_stats {
	u64 poll_cycles; /* TSC cycles spent waiting for BSY to clear */
	u64 polls;	 /* status reads while waiting */
	u64 commands;	 /* commands issued */
	u64 blocks;	 /* DRQ data blocks moved */
	u64 halt_cycles; /* TSC cycles halted, waiting for the interrupt */
	u64 irqs;	 /* the drives' interrupts handled */
};
extern struct ata_stats ata_stats;

/* ata_init - claim the legacy channels' ports, reset each channel, find
 * and identify the drives, set up READ/WRITE MULTIPLE. Prints one line per
 * position. Boot only. */
void ata_init(void);

/* ata_request_region - claim @n I/O ports at @start the way the driver
 * claims its channels: named "ata_piix" and nested inside the PCI IDE
 * function's range when a non-busy PCI function node ("0000:...") holds
 * them, else named "ata" at the top level (docs/ata.md, "Whose ports").
 * Returns the node, or NULL after request_region's one-line complaint. */
struct resource *ata_request_region(resource_size_t start, resource_size_t n);

/* ata_pci_claim_bmdma - claim the bus-master DMA block (BAR 4) of each PCI
 * IDE function, as "ata_piix" (drivers/ata_pci.c). Called by ata_init();
 * request_region prints any conflict. Boot only. */
void ata_pci_claim_bmdma(void);

/* ata_drive_get - position @i (0 = hda .. 3 = hdd), or NULL. */
struct ata_drive *ata_drive_get(int i);

/* ata_drive_by_name - the drive called @name ("hda".."hdd"), or NULL. */
struct ata_drive *ata_drive_by_name(const char *name);

/* ata_usable - 0 when @d is an ATA disk porthole can transfer to; else
 * -ENODEV (nothing there) or -EOPNOTSUPP (a packet device). Prints nothing. */
int ata_usable(const struct ata_drive *d);

/* ata_read - read @count sectors from @lba into @buf (512 * @count bytes).
 * Returns 0; -ENODEV/-EOPNOTSUPP (see ata_usable), -EINVAL (count 0, or
 * MULTIPLE asked but not set up), -ERANGE (past the end: refused before any
 * command is sent) without printing; or -EIO (device error) / -ETIMEDOUT
 * after printing one line naming the drive, command, LBA and the decoded
 * status and error registers. */
int ata_read(struct ata_drive *d, u64 lba, u32 count, void *buf,
	     enum ata_pio_mode mode);

/* ata_write - write @count sectors from @buf to @lba, then CACHE FLUSH
 * (unless ATA_WRITE_NOFLUSH is in @flags). Returns as ata_read() does. */
int ata_write(struct ata_drive *d, u64 lba, u32 count, const void *buf,
	      enum ata_pio_mode mode, unsigned int flags);

/* ata_flush - FLUSH CACHE (EXT on LBA48 drives): the drive's write cache
 * reaches the medium. Returns 0, or -EIO/-ETIMEDOUT after one line. */
int ata_flush(struct ata_drive *d);

/* ata_bare_read - the benchmark's baseline: the same commands as
 * ata_read() with nothing but a bounded wait for BSY before each block: no
 * range check beyond the disk's size, no status or error checks. Returns
 * 0, -ERANGE, -EINVAL or -ETIMEDOUT (after one line). Not for real use. */
int ata_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf,
		  bool multiple);

#endif
