/* drivers/ata/bmdma_ktest.c - in-kernel tests of the bus-master DMA
 * transport (`ktest=bmdma`; tests/scenario/test_ata_dma.py boots them on
 * pc with a disk). Tests that need a drive on DMA skip without one. */
#include "drivers/ata/ata_ktest.h"
#include "drivers/ata/bmdma.h"
#include "drivers/ata/taskfile.h"
#include "drivers/ata/xfer_mode.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "kernel/mm/kmalloc.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/string.h"

#define KT_SECTORS 200 /* 100 KiB: more than one 64 KiB PRD region */

static struct ata_drive *
dma_disk(void)
{
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_drive_get(i)->ops == &ata_bmdma_ops)
			return ata_drive_get(i);
	return NULL;
}

/* The drive's DMA mode is one IDENTIFY shows selected. */
KTEST(bmdma, mode_from_identify)
{
	struct ata_drive *d = dma_disk();

	if (!d) {
		KT_SKIP(kt, "no drive on bus-master DMA");
		return;
	}
	KT_EXPECT(kt, ata_xfer_is_dma(d->xfer));
	KT_EXPECT(kt, d->chan->bmdma != 0);
}

/* DMA and PIO read the same bytes, into a heap buffer (scattered pages)
 * starting 2 bytes into a page, so regions cross pages and 64 KiB. */
KTEST(bmdma, dma_equals_pio)
{
	struct ata_drive *d = dma_disk();
	u32 bytes = KT_SECTORS * ATA_SECTOR_SIZE, want;
	u64 cmds = bmdma_stats.commands;
	u8 *mem, *buf;

	if (!d || d->id.sectors < 1000) {
		KT_SKIP(kt, "no drive on DMA with 1000 sectors");
		return;
	}
	mem = kmalloc(bytes + 8192);
	if (!KT_EXPECT(kt, mem != NULL))
		return;
	buf = (u8 *)(((uintptr_t)mem + 4095) & ~4095u) + 2;
	KT_EXPECT_EQ(kt, ata_read(d, 777, KT_SECTORS, buf, ATA_PIO_MULTIPLE),
		     0);
	want = crc32(0, buf, bytes);
	memset(buf, 0xa5, bytes);
	KT_EXPECT_EQ(kt, ata_read(d, 777, KT_SECTORS, buf, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt, crc32(0, buf, bytes), want);
	KT_EXPECT(kt, bmdma_stats.commands > cmds); /* it was DMA */
	memset(buf, 0x5a, bytes);
	KT_EXPECT_EQ(kt, d->ops->bare_read(d, 777, KT_SECTORS, buf), 0);
	KT_EXPECT_EQ(kt, crc32(0, buf, bytes), want);
	/* Write it back by DMA, read by PIO: the same. */
	KT_EXPECT_EQ(kt, ata_write(d, 777, KT_SECTORS, buf, ATA_PIO_BEST, 0),
		     0);
	memset(buf, 0, bytes);
	KT_EXPECT_EQ(kt, ata_read(d, 777, KT_SECTORS, buf, ATA_PIO_SECTORS), 0);
	KT_EXPECT_EQ(kt, crc32(0, buf, bytes), want);
	KT_EXPECT(kt, ata_on_dma(d)); /* nothing fell back */
	kfree(mem);
}

/* Completion by IRQ 14/15: every READ DMA of a run of reads ends in
 * bmdma_irq (which counts ata_stats.irqs only when BMISX.IDEINTS says the
 * channel interrupted), none by bmdma_wait's poll after the grace period
 * (ata_stats.lost_irqs) - which would still finish each command, 50 ms
 * late, and pass every other test. */
KTEST(bmdma, commands_complete_by_interrupt)
{
	struct ata_drive *d = dma_disk();

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no drive on DMA with 2000 sectors");
		return;
	}
	ata_ktest_reads_end_by_interrupt(kt, d, KT_SECTORS, "bmdma",
					 &bmdma_stats.commands, &ata_stats.irqs,
					 true);
	KT_EXPECT(kt, ata_on_dma(d));
}

/* One fault, and what must follow it: the driver returns 1 (said, the
 * channel recovered, the drive on PIO), the engine is stopped (BMIDEA and
 * SSBM clear), the channel was reset, and the buffer the failed command
 * was given holds no sector. Then reads by PIO and, back on DMA, by DMA
 * return the right bytes: those of a PIO read before the fault, and (the
 * "# crc32" line) the host's, which test_ata_dma.py compares. */
#define KT_FAULT_LBA 900
#define KT_NEXT_LBA 1900
#define KT_FAULT_SECTORS 8

/* Read KT_NEXT_LBA again into @buf (filled first with what a read that
 * moves nothing leaves) and expect @want's bytes; print their CRC for the
 * scenario to hold against the host's, with @how the path it took. */
static void
next_read_is(struct ktest_ctx *kt, struct ata_drive *d, u8 *buf, const u8 *want,
	     const char *what, const char *how)
{
	u32 n = KT_FAULT_SECTORS * ATA_SECTOR_SIZE;

	memset(buf, 0x5a, n);
	KT_EXPECT_EQ(
		kt,
		ata_read(d, KT_NEXT_LBA, KT_FAULT_SECTORS, buf, ATA_PIO_BEST),
		0);
	KT_EXPECT(kt, !memcmp(buf, want, n));
	printk("# crc32 %s %s LBA %u+%u by %s 0x%08x\n", what, d->name,
	       KT_NEXT_LBA, KT_FAULT_SECTORS, how, crc32(0, buf, n));
}

static void
fault_then_next_read(struct ktest_ctx *kt, enum bmdma_fault fault,
		     u32 timeout_ms, const char *what)
{
	struct ata_drive *d = dma_disk();
	u64 falls = bmdma_stats.fallbacks, resets = bmdma_stats.resets;
	u32 n = KT_FAULT_SECTORS * ATA_SECTOR_SIZE;
	u8 xfer, *buf, *want;

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no drive on DMA with 2000 sectors");
		return;
	}
	buf = kmalloc(2 * n); /* the heap: BSS is the kernel image, too */
	if (!KT_EXPECT(kt, buf != NULL))
		return;
	want = buf + n;
	xfer = d->xfer;
	KT_EXPECT_EQ(kt,
		     ata_read(d, KT_NEXT_LBA, KT_FAULT_SECTORS, want,
			      ATA_PIO_SECTORS),
		     0);
	memset(buf, 0xa5, n);
	KT_EXPECT_EQ(kt,
		     ata_bmdma_fault_read(d, fault, KT_FAULT_LBA,
					  KT_FAULT_SECTORS, buf, timeout_ms),
		     1);
	KT_EXPECT_EQ(kt, bmdma_stats.fallbacks, falls + 1);
	KT_EXPECT_EQ(kt, bmdma_stats.resets, resets + 1);
	KT_EXPECT_EQ(kt, inb(d->chan->bmdma + 0) & 0x01, 0); /* SSBM */
	KT_EXPECT_EQ(kt, inb(d->chan->bmdma + 2) & 0x01, 0); /* BMIDEA */
	KT_EXPECT_EQ(kt, ata_altstatus(d->chan) & 0x88, 0);  /* BSY DRQ */
	KT_EXPECT(kt, !ata_on_dma(d) && !ata_xfer_is_dma(d->xfer));
	/* The next read (PIO now): the right bytes, from another place. */
	next_read_is(kt, d, buf, want, what, "PIO");
	/* Back on DMA: the channel works after the reset. */
	ata_bmdma_use(d, xfer);
	next_read_is(kt, d, buf, want, what, "DMA");
	KT_EXPECT(kt, ata_on_dma(d));
	kfree(buf);
}

/* The error path: a PRD table one sector long for an 8-sector READ DMA.
 * The engine runs out, the drive never interrupts: noticed within the
 * grace period, not the timeout. */
KTEST(bmdma, short_prd_table_recovered)
{
	fault_then_next_read(kt, BMDMA_FAULT_SHORT_PRD, 0, "short-prd");
}

/* READ DMA written, the engine never started: the drive waits with DRQ
 * for ever. Without the channel reset the next command is refused by the
 * still-busy drive (QEMU ignores a command while BSY or DRQ). */
KTEST(bmdma, engine_not_started_recovered)
{
	fault_then_next_read(kt, BMDMA_FAULT_NO_START, 0, "no-start");
}

/* The engine started, the command lost: nothing ever happens. The
 * driver's timeout (shortened to 300 ms here) must fire, stop the engine
 * and reset the channel. */
KTEST(bmdma, lost_command_times_out)
{
	fault_then_next_read(kt, BMDMA_FAULT_LOST_COMMAND, 300, "lost-command");
}

/* A READ DMA over the drive's last sector, the range check skipped: the
 * drive aborts it (ERR, ABRT) and interrupts. The drive's error, said in
 * one line and returned as -EIO; no fall-back, no reset needed; the next
 * read by DMA is right. */
KTEST(bmdma, past_the_end_aborted_by_the_drive)
{
	struct ata_drive *d = dma_disk();
	u64 falls = bmdma_stats.fallbacks, cmds = bmdma_stats.commands;
	u32 n = KT_FAULT_SECTORS * ATA_SECTOR_SIZE;
	u8 *buf, *want;

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no drive on DMA with 2000 sectors");
		return;
	}
	buf = kmalloc(2 * n);
	if (!KT_EXPECT(kt, buf != NULL))
		return;
	want = buf + n;
	KT_EXPECT_EQ(kt,
		     ata_read(d, KT_NEXT_LBA, KT_FAULT_SECTORS, want,
			      ATA_PIO_SECTORS),
		     0);
	KT_EXPECT_EQ(kt,
		     ata_bmdma_fault_read(d, BMDMA_FAULT_PAST_END,
					  d->id.sectors - 2, KT_FAULT_SECTORS,
					  buf, 0),
		     -EIO);
	KT_EXPECT_EQ(kt, bmdma_stats.commands, cmds + 1); /* it was issued */
	KT_EXPECT_EQ(kt, bmdma_stats.fallbacks, falls);
	KT_EXPECT(kt, ata_on_dma(d));
	memset(buf, 0x5a, n); /* what a read that moves nothing leaves */
	KT_EXPECT_EQ(
		kt,
		ata_read(d, KT_NEXT_LBA, KT_FAULT_SECTORS, buf, ATA_PIO_BEST),
		0);
	KT_EXPECT(kt, !memcmp(buf, want, n));
	KT_EXPECT_EQ(kt, bmdma_stats.commands, cmds + 2); /* by DMA */
	printk("# crc32 past-end %s LBA %u+%u by DMA 0x%08x\n", d->name,
	       KT_NEXT_LBA, KT_FAULT_SECTORS, crc32(0, buf, n));
	kfree(buf);
}

/* The fall-back through the real path: a lost command armed for the next
 * READ DMA a plain ata_read() issues, 1000 sectors (four LBA28 commands),
 * the first of them the one that fails. bmdma_xfer must say so once,
 * reset the channel and redo that command by PIO, and the request's other
 * commands go by PIO too: the caller gets 0 and every byte of the range,
 * equal to a PIO read of it before (and, the "# crc32" line, to the
 * host's). Later reads stay on PIO and say nothing more. */
#define KT_REDO_LBA 3000
#define KT_REDO_SECTORS 1000

KTEST(bmdma, fall_back_redoes_the_failed_request_by_pio)
{
	struct ata_drive *d = dma_disk();
	u32 bytes = KT_REDO_SECTORS * ATA_SECTOR_SIZE;
	u64 falls = bmdma_stats.fallbacks;
	u8 xfer, *buf, *want;

	if (!d || d->id.sectors < KT_REDO_LBA + KT_REDO_SECTORS) {
		KT_SKIP(kt, "no drive on DMA with 4000 sectors");
		return;
	}
	buf = kmalloc(2 * bytes);
	if (!KT_EXPECT(kt, buf != NULL))
		return;
	want = buf + bytes;
	xfer = d->xfer;
	KT_EXPECT_EQ(kt,
		     ata_read(d, KT_REDO_LBA, KT_REDO_SECTORS, want,
			      ATA_PIO_MULTIPLE),
		     0);
	memset(buf, 0xa5, bytes); /* what the failed command left */
	KT_EXPECT_EQ(kt, ata_bmdma_fault_next(BMDMA_FAULT_LOST_COMMAND, 300),
		     0);
	KT_EXPECT_EQ(
		kt,
		ata_read(d, KT_REDO_LBA, KT_REDO_SECTORS, buf, ATA_PIO_BEST),
		0);
	KT_EXPECT(kt, !memcmp(buf, want, bytes));
	KT_EXPECT_EQ(kt, bmdma_stats.fallbacks, falls + 1);
	KT_EXPECT(kt, !ata_on_dma(d) && !ata_xfer_is_dma(d->xfer));
	printk("# crc32 fall-back %s LBA %u+%u 0x%08x\n", d->name, KT_REDO_LBA,
	       KT_REDO_SECTORS, crc32(0, buf, bytes));
	for (int i = 0; i < 4; i++) { /* on PIO now: nothing more to say */
		memset(buf, 0x5a, bytes);
		KT_EXPECT_EQ(kt,
			     ata_read(d, KT_REDO_LBA, KT_REDO_SECTORS, buf,
				      ATA_PIO_BEST),
			     0);
		KT_EXPECT(kt, !memcmp(buf, want, bytes));
	}
	KT_EXPECT_EQ(kt, bmdma_stats.fallbacks, falls + 1);
	ata_bmdma_use(d, xfer); /* the suites after this one want DMA */
	kfree(buf);
}
