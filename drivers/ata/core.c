/* drivers/ata/core.c - a request, from the caller's range to commands.
 *
 * ata_read() and ata_write() are what the rest of the kernel calls. They
 * check the request before anything reaches the drive (a drive there, a
 * disk not a CD-ROM, the range on the disk), cut it into commands the
 * drive can take (ata_plan: LBA28 with up to 256 sectors, LBA48 with up to
 * 65536), and hand each to the drive's transport (d->ops: PIO today,
 * pio.c). When a command times out the drive may still be inside it: a
 * channel reset ends it, so the next command starts clean.
 */
#include "drivers/ata/ahci.h"
#include "drivers/ata/taskfile.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

int
ata_usable(const struct ata_drive *d)
{
	if (!d || d->class == ATA_CLASS_NONE)
		return -ENODEV;
	if (ata_class_is_packet(d->class))
		return -EOPNOTSUPP;
	return 0;
}

int
ata_check_request(struct ata_drive *d, u64 lba, u32 count,
		  enum ata_pio_mode mode)
{
	int ret = ata_usable(d);

	if (ret)
		return ret;
	ret = ata_check_range(lba, count, d->id.sectors);
	if (ret)
		return ret;
	if (mode == ATA_PIO_MULTIPLE && !d->multiple)
		return -EINVAL;
	return 0;
}

/* After a timeout: a software reset ends whatever the drive was doing
 * (ATA-6 9.2). The reset may also have reverted the multiple count, so
 * set it again on each disk of the channel. */
static void
ata_recover(struct ata_drive *d)
{
	u8 st;

	if (ata_reset_channel(d->chan, &st)) {
		printk("%s: still busy after a reset (status 0x%02x)\n",
		       d->chan->name, st);
		return;
	}
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_drives[i].chan == d->chan &&
		    ata_usable(&ata_drives[i]) == 0)
			ata_setup_multiple(&ata_drives[i]);
}

static int
ata_transfer(struct ata_drive *d, u64 lba, u32 count, u8 *buf,
	     enum ata_pio_mode mode, bool write)
{
	int ret = ata_check_request(d, lba, count, mode);

	if (ret)
		return ret;
	while (count) {
		struct ata_cmd_plan p;

		ata_plan(lba, count, d->id.lba48, &p);
		ret = d->ops->xfer(d, &p, buf, write, mode);
		if (ret == -ETIMEDOUT && d->chan) /* AHCI recovers its port */
			ata_recover(d);
		if (ret)
			return ret;
		lba += p.count;
		count -= p.count;
		buf += (size_t)p.count * ATA_SECTOR_SIZE;
	}
	return 0;
}

int
ata_read(struct ata_drive *d, u64 lba, u32 count, void *buf,
	 enum ata_pio_mode mode)
{
	return ata_transfer(d, lba, count, buf, mode, false);
}

int
ata_flush(struct ata_drive *d)
{
	int ret = ata_usable(d);

	if (ret)
		return ret;
	ret = d->ops->nodata(
		d, d->id.lba48 ? ATA_CMD_FLUSH_CACHE_EXT : ATA_CMD_FLUSH_CACHE,
		0);
	if (ret == -ETIMEDOUT && d->chan)
		ata_recover(d);
	return ret;
}

int
ata_write(struct ata_drive *d, u64 lba, u32 count, const void *buf,
	  enum ata_pio_mode mode, unsigned int flags)
{
	/* ata_transfer only reads from buf when writing. */
	int ret = ata_transfer(d, lba, count, (u8 *)buf, mode, true);

	if (ret < 0 && ret != -EIO && ret != -ETIMEDOUT)
		return ret; /* refused: nothing was sent */
	/* Flush even after a failed write: what did reach the drive's cache
	 * should reach the medium. */
	if (!(flags & ATA_WRITE_NOFLUSH)) {
		int fret = ata_flush(d);

		if (!ret)
			ret = fret;
	}
	return ret;
}

struct ata_drive *
ata_drive_get(int i)
{
	if (i >= ATA_NR_DRIVES)
		return ahci_drive_get(i - ATA_NR_DRIVES);
	return i >= 0 ? &ata_drives[i] : NULL;
}

struct ata_drive *
ata_drive_by_name(const char *name)
{
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (!strcmp(ata_drives[i].name, name))
			return &ata_drives[i];
	return ahci_drive_by_name(name);
}
