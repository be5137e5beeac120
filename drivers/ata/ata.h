/* drivers/ata/ata.h - ATA (IDE) disks: what the rest of the kernel sees.
 *
 * The driver is split by job (docs/ata.md, "The files"):
 *
 *   ata_proto.[ch]  the protocol's facts: bits, commands, IDENTIFY, planning
 *   taskfile.[ch]   one channel's registers: select, wait, issue, report
 *   pio.c           the PIO transport: data through the data port
 *   core.c          requests: checks, cutting into commands, recovery
 *   probe.c         channels, reset, IDENTIFY, naming, the legacy probe
 *   ata_piix.c      the PCI IDE function: binding through a match table
 *   ata_cmd.c       the `disk` shell command; bench.c its `disk bench`
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
#ifndef DRIVERS_ATA_ATA_H
#define DRIVERS_ATA_ATA_H

#include "drivers/ata/ata_proto.h"
#include "kernel/resource.h"
#include "lib/types.h"

#define ATA_NR_DRIVES 4

struct ata_channel;
struct ata_drive;

/* How a PIO transfer moves its data. Other transports ignore it. */
enum ata_pio_mode {
	ATA_PIO_BEST,	  /* READ/WRITE MULTIPLE when set up, else SECTORS */
	ATA_PIO_SECTORS,  /* READ/WRITE SECTORS: one DRQ block per sector */
	ATA_PIO_MULTIPLE, /* READ/WRITE MULTIPLE (-EINVAL if unset) */
};

/* A transport: how one command's data moves between a drive and memory.
 * PIO (pio.c) is the first; bus-master DMA and AHCI slot in beside it,
 * and core.c, the probe and the `disk` commands stay as they are. */
struct ata_port_ops {
	const char *name; /* "PIO": the boot line and `disk` say it */
	bool dma;	  /* the data moves by DMA (bmdma.c, ahci.c) */
	/* xfer - one READ or WRITE command: @p->count sectors at @p->lba
	 * (planned by ata_plan) to or from @buf. Returns 0, or -EIO /
	 * -ETIMEDOUT after printing one line. */
	int (*xfer)(struct ata_drive *d, const struct ata_cmd_plan *p, u8 *buf,
		    bool write, enum ata_pio_mode mode);
	/* nodata - a command that moves no data (FLUSH CACHE, SET
	 * MULTIPLE MODE) with @count in the sector count register.
	 * Returns as xfer does. */
	int (*nodata)(struct ata_drive *d, u8 cmd, u8 count);
	/* bare_read - a DMA transport's benchmark baseline (optional): the
	 * same read commands with no checks. Returns 0, -ERANGE, -EINVAL,
	 * or -EIO/-ETIMEDOUT after one line. Not for real use. */
	int (*bare_read)(struct ata_drive *d, u64 lba, u32 count, void *buf);
};

struct ata_drive {
	const char *name;		/* "hda", or "sda" on AHCI */
	const char *where;		/* "ata0 master", "ahci0 port 2" */
	struct ata_channel *chan;	/* NULL on AHCI (ahci.c) */
	const struct ata_port_ops *ops; /* set by the probe */
	bool slave;
	enum ata_class class;	/* ATA_CLASS_NONE: nothing there */
	struct ata_identity id; /* valid when class != NONE */
	u8 multiple;		/* sectors per DRQ block in use by
				   READ/WRITE MULTIPLE; 0 = not used */
	bool pio32;		/* data port read/written 32 bits at a
				   time, else 16 (pio.c) */
	u8 xfer;		/* the mode in use, as a SET FEATURES value
				   (drivers/ata/xfer_mode.h): PIO4, MWDMA2..;
				   0: not known */
};

/* ata_write() flags. */
#define ATA_WRITE_NOFLUSH 0x1 /* the caller will call ata_flush() itself */

/* Where the driver's time goes, for `disk bench` (all since boot). */
struct ata_stats {
	u64 poll_cycles;  /* TSC cycles spent waiting for BSY to clear */
	u64 polls;	  /* status reads while waiting */
	u64 commands;	  /* commands issued */
	u64 blocks;	  /* DRQ data blocks moved */
	u64 halt_cycles;  /* TSC cycles halted, waiting for the interrupt */
	u64 irqs;	  /* the drives' interrupts handled */
	u64 lost_irqs;	  /* waits whose interrupt never came (status did) */
	u64 start_cycles; /* TSC cycles inside the one register write that
			   * starts a DMA command (BMICX.SSBM, PxCI): under
			   * an emulator, its device model at work */
};
extern struct ata_stats ata_stats;

/* ata_init_begin - bind the PCI IDE function through its match table
 * (ata_piix.c) or, on a machine without one, claim the legacy channels;
 * either way start each channel's reset. Its 2 ms settle (ATA-6 9.2)
 * passes while the boot goes on. Boot only, after pci_init() and the TSC
 * calibration (the settle is timed by it).
 * ata_init - then identify the drives, set up the interrupts and DMA,
 * print one line per position, and find the AHCI controllers. Boot only,
 * after ata_init_begin() and the IRQ layer. */
void ata_init_begin(void);
void ata_init(void);

/* ata_drive_get - position @i (0 = hda .. 3 = hdd, then the AHCI devices
 * sda, sdb, ... in port order), or NULL past the last. */
struct ata_drive *ata_drive_get(int i);

/* ata_drive_by_name - the drive called @name ("hda".."hdd", "sda"..), or
 * NULL. */
struct ata_drive *ata_drive_by_name(const char *name);

/* ata_usable - 0 when @d is an ATA disk porthole can transfer to; else
 * -ENODEV (nothing there) or -EOPNOTSUPP (a packet device). Prints nothing. */
int ata_usable(const struct ata_drive *d);

/* ata_check_request - check a transfer before anything reaches the drive:
 * the drive is usable, the range lies on the disk, and a MULTIPLE mode has
 * a multiple count set up. Returns 0, or the error of the first check
 * that fails (-ENODEV/-EOPNOTSUPP, -EINVAL/-ERANGE, -EINVAL). */
int ata_check_request(struct ata_drive *d, u64 lba, u32 count,
		      enum ata_pio_mode mode);

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
 * reaches the medium. Returns 0, -ENODEV/-EOPNOTSUPP, or -EIO/-ETIMEDOUT
 * after one line. */
int ata_flush(struct ata_drive *d);

/* ata_bare_read - the benchmark's baseline (pio.c): the same commands as
 * ata_read() with nothing but a bounded wait for BSY before each block:
 * no status or error checks on the data. Returns 0, -ERANGE, -EINVAL, or
 * -EIO/-ETIMEDOUT (after one line). Not for real use. */
int ata_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf,
		  bool multiple);

/* ata_on_dma - true when @d's transport moves data by DMA (the PIIX's
 * bus master, bmdma.c, or AHCI, ahci.c). */
static inline bool
ata_on_dma(const struct ata_drive *d)
{
	return d && d->ops && d->ops->dma;
}

#endif
