/* drivers/ata/bmdma_ktest.c - in-kernel tests of the bus-master DMA
 * transport (`ktest=bmdma`; tests/scenario/test_ata_dma.py boots them on
 * pc with a disk). Tests that need a drive on DMA skip without one. */
#include "drivers/ata/bmdma.h"
#include "drivers/ata/taskfile.h"
#include "drivers/ata/xfer_mode.h"
#include "kernel/ktest.h"
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

/* The error path: a PRD table one sector long for an 8-sector READ DMA.
 * The engine runs out, the drive never interrupts: the driver must say
 * so, stop the engine, reset the channel and move the drive to PIO; the
 * next read works (by PIO) and returns the right bytes. */
KTEST(bmdma, short_prd_table_recovered)
{
	static u8 buf[8 * ATA_SECTOR_SIZE], want_buf[8 * ATA_SECTOR_SIZE];
	struct ata_drive *d = dma_disk();
	u64 falls = bmdma_stats.fallbacks;
	u8 xfer;

	if (!d || d->id.sectors < 1000) {
		KT_SKIP(kt, "no drive on DMA with 1000 sectors");
		return;
	}
	xfer = d->xfer;
	KT_EXPECT_EQ(kt, ata_read(d, 900, 8, want_buf, ATA_PIO_SECTORS), 0);
	KT_EXPECT_EQ(kt, ata_bmdma_short_prd_read(d, 900, 8, buf), 1);
	KT_EXPECT_EQ(kt, bmdma_stats.fallbacks, falls + 1);
	KT_EXPECT(kt, !ata_on_dma(d));
	KT_EXPECT(kt, !ata_xfer_is_dma(d->xfer));
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(kt, ata_read(d, 900, 8, buf, ATA_PIO_BEST), 0);
	KT_EXPECT(kt, !memcmp(buf, want_buf, sizeof(buf)));
	/* Back on DMA: the channel works after the reset. */
	ata_bmdma_use(d, xfer);
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(kt, ata_read(d, 900, 8, buf, ATA_PIO_BEST), 0);
	KT_EXPECT(kt, !memcmp(buf, want_buf, sizeof(buf)));
	KT_EXPECT(kt, ata_on_dma(d));
}
