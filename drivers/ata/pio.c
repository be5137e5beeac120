/* drivers/ata/pio.c - the PIO transport: every byte through the data port.
 *
 * Programmed I/O (ATA/ATAPI-6 9.5 "PIO data-in", 9.6 "PIO data-out"): the
 * CPU itself moves each sector through the 16-bit DATA register. A read
 * issues the command, then for each DRQ data block: wait until BSY
 * clears, check ERR/DF, check DRQ, move the block with REP INSW. READ
 * SECTORS has a block per sector; READ MULTIPLE, after SET MULTIPLE MODE,
 * has one per N sectors - fewer waits and interrupts for the same data. A
 * write waits for DRQ before each block and checks the status once more
 * after the last one.
 *
 * 32-bit PIO: a PCI IDE controller (the PIIX among them) accepts a 32-bit
 * IN/OUT on the data port and turns it into two 16-bit transfers on the
 * cable. Half the port accesses for the same data; under QEMU's TCG, where
 * every port access is a call into the emulator, that is most of the cost
 * of moving a block.
 *
 * This is the transport core.c calls through struct ata_port_ops; a DMA
 * transport (the PIIX's bus-master block, AHCI) would fill the same two
 * operations. At the end of the file, apart from it, is the benchmark's
 * baseline: the same commands with every check taken out.
 */
#include "drivers/ata/taskfile.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Move @sectors sectors through the data port, 16 or 32 bits at a time. */
static void
ata_data_in(const struct ata_drive *d, void *buf, u32 sectors)
{
	u16 port = d->chan->cmd + ATA_REG_DATA;

	if (d->pio32)
		insl(port, buf, sectors * ATA_SECTOR_SIZE / 4);
	else
		insw(port, buf, sectors * ATA_SECTOR_WORDS);
}

static void
ata_data_out(const struct ata_drive *d, const void *buf, u32 sectors)
{
	u16 port = d->chan->cmd + ATA_REG_DATA;

	if (d->pio32)
		outsl(port, buf, sectors * ATA_SECTOR_SIZE / 4);
	else
		outsw(port, buf, sectors * ATA_SECTOR_WORDS);
}

/* Sectors per DRQ block for @mode (core.c has refused MULTIPLE unset). */
static u32
ata_pio_block(const struct ata_drive *d, enum ata_pio_mode mode)
{
	return (mode != ATA_PIO_SECTORS && d->multiple) ? d->multiple : 1;
}

/* One command of a transfer: @p->count sectors in DRQ blocks. */
static int
ata_pio_xfer(struct ata_drive *d, const struct ata_cmd_plan *p, u8 *buf,
	     bool write, enum ata_pio_mode mode)
{
	u32 block = ata_pio_block(d, mode);
	u8 cmd = ata_rw_command(write, block > 1, p->lba48);
	int ret = ata_issue(d, p, cmd);

	if (ret)
		return ret;
	for (u32 done = 0; done < p->count;) {
		u32 n = MIN(block, p->count - done);

		ret = ata_wait_drq(d, cmd, (s64)(p->lba + done));
		if (ret)
			return ret;
		/* The drive interrupts after this block when it has another
		 * one ready (reads) or has taken this one (writes). */
		if (write || done + n < p->count)
			ata_arm_irq(d->chan);
		if (write)
			ata_data_out(d, buf, n);
		else
			ata_data_in(d, buf, n);
		ata_stats.blocks++;
		buf += n * ATA_SECTOR_SIZE;
		done += n;
	}
	/* A read's errors come before its data; a write's last block is
	 * only on the medium (or in the cache) when BSY clears without ERR. */
	return ata_wait_done(d, cmd, (s64)(p->lba + p->count - 1));
}

/* A command without data: the count register is its one argument. */
static int
ata_pio_nodata(struct ata_drive *d, u8 cmd, u8 count)
{
	int ret = ata_issue_nodata(d, cmd, count);

	if (ret)
		return ret;
	return ata_wait_done(d, cmd, -1);
}

const struct ata_port_ops ata_pio_ops = {
	.name = "PIO",
	.xfer = ata_pio_xfer,
	.nodata = ata_pio_nodata,
};

/* ---- the benchmark's baseline ----
 *
 * `disk bench` compares ata_read() with this loop to show what the checks
 * above cost: here the drive is polled with its interrupt off, and before
 * each block the loop only spins on BSY (bounded by ATA_TIMEOUT_MS, the
 * clock read once per 1024 spins). No ERR/DF/DRQ check, no statistics.
 * A command that cannot be issued still stops it, with the one line
 * ata_issue() printed. */

/* The clock is read once per this many status reads, so the spin stays
 * a few instructions. */
#define ATA_BARE_CLOCK_EVERY 1024u

static int
ata_bare_loop(struct ata_drive *d, u64 lba, u32 count, u8 *p8, u32 block)
{
	while (count) {
		struct ata_cmd_plan p;
		u8 cmd;
		int ret;

		ata_plan(lba, count, d->id.lba48, &p);
		cmd = ata_rw_command(false, block > 1, p.lba48);
		ret = ata_issue(d, &p, cmd);
		if (ret)
			return ret;
		for (u32 done = 0; done < p.count; done += block) {
			u32 n = MIN(block, p.count - done);
			struct timeout limit;
			bool late = false;
			u32 spins = 0;

			timeout_start(&limit, ATA_TIMEOUT_MS * USEC_PER_MSEC);
			while ((ata_altstatus(d->chan) & ATA_SR_BSY) &&
			       (++spins % ATA_BARE_CLOCK_EVERY ||
				!(late = timeout_expired(&limit))))
				;
			if (late) {
				ata_report(d, cmd, (s64)(p.lba + done),
					   -ETIMEDOUT, ATA_SR_BSY,
					   "BSY to clear");
				return -ETIMEDOUT;
			}
			ata_data_in(d, p8, n);
			p8 += n * ATA_SECTOR_SIZE;
		}
		lba += p.count;
		count -= p.count;
	}
	return 0;
}

int
ata_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf, bool multiple)
{
	struct ata_channel *c;
	bool use_irq;
	int ret = ata_check_request(
		d, lba, count, multiple ? ATA_PIO_MULTIPLE : ATA_PIO_SECTORS);

	if (ret)
		return ret;
	c = d->chan;
	use_irq = c->use_irq;
	/* The baseline polls, with the drive's interrupt off, in any mode. */
	c->use_irq = false;
	outb(c->devctl | ATA_DEVCTL_NIEN, c->ctl + ATA_REG_DEVCTL); /* nIEN */
	ret = ata_bare_loop(d, lba, count, buf, multiple ? d->multiple : 1);
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL); /* back to resting value */
	c->use_irq = use_irq;
	return ret;
}
