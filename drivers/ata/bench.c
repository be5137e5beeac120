/* drivers/ata/bench.c - `disk bench`: how fast, and where the time goes.
 *
 *   disk bench DRIVE [MiB] [read|write|MODE]
 *
 * Reads (or rewrites with the bytes just read, so nothing changes) the
 * first MiB of the disk in each way the driver can move data, and prints
 * the rate, the TSC cycles, how much of them went to polling or to
 * halting for the interrupt, and the commands and DRQ blocks it took; a
 * DMA row also the share spent inside the one register write that starts
 * each command (under QEMU the device model sets the whole transfer up in
 * that write, in the CPU's own thread: busy, but not the driver's). The
 * bare modes run the baseline loops (pio.c's, bmdma.c's), which skip every
 * check: the difference is what the checks cost. The dma rows run on a
 * drive whose transport is DMA (the PIIX's bus master): there the CPU
 * halts while the controller moves the data, which is the lesson. Only the
 * transfers are timed; the progress line and the Ctrl-C check sit between
 * chunks, outside.
 */
#include "drivers/ata/ata_cmd.h"
#include "kernel/command.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/progress.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define BENCH_DEFAULT_MIB 16
#define BENCH_DMA_CHUNK 32768 /* sectors per DMA command: 16 MiB */

/* The DMA rows' buffer, from the heap on first use (kept). */
static u8 *bench_big_buf;

/* The bench's ways of moving data. */
enum bench_mode {
	BENCH_SECTORS,	     /* ata_read, READ SECTORS */
	BENCH_MULTIPLE,	     /* ata_read, READ MULTIPLE */
	BENCH_BARE_SECTORS,  /* ata_bare_read, READ SECTORS */
	BENCH_BARE_MULTIPLE, /* ata_bare_read, READ MULTIPLE */
	BENCH_DMA,	     /* ata_read by the drive's DMA transport */
	BENCH_BARE_DMA,	     /* ata_bare_dma_read: the same, unchecked */
	BENCH_WRITE_SECTORS, /* read a chunk, time writing it back */
	BENCH_WRITE_MULTIPLE,
	BENCH_WRITE_DMA,
	BENCH_NR_MODES,
};

static const char *const bench_names[BENCH_NR_MODES] = {
	"sectors",  "multiple",	     "bare-sectors",   "bare-multiple", "dma",
	"bare-dma", "write-sectors", "write-multiple", "write-dma",
};

/* What the timed parts of one bench mode cost. */
struct bench_acc {
	u64 cycles, poll_cycles, halt_cycles, commands, blocks, lost_irqs;
	u64 start_cycles;
};

/* Time @fn's part of the work: TSC cycles, and the driver's counters. */
static void
bench_account(struct bench_acc *acc, const struct ata_stats *before, u64 t0)
{
	acc->cycles += rdtsc() - t0;
	acc->poll_cycles += ata_stats.poll_cycles - before->poll_cycles;
	acc->halt_cycles += ata_stats.halt_cycles - before->halt_cycles;
	acc->commands += ata_stats.commands - before->commands;
	acc->blocks += ata_stats.blocks - before->blocks;
	acc->lost_irqs += ata_stats.lost_irqs - before->lost_irqs;
	acc->start_cycles += ata_stats.start_cycles - before->start_cycles;
}

static bool
bench_is_dma(enum bench_mode m)
{
	return m == BENCH_DMA || m == BENCH_BARE_DMA || m == BENCH_WRITE_DMA;
}

/* On an AHCI drive the DMA rows are called ahci, bare-ahci, write-ahci. */
static const char *
bench_name(const struct ata_drive *d, enum bench_mode m)
{
	if (!d->chan && bench_is_dma(m))
		return m == BENCH_DMA	     ? "ahci"
		       : m == BENCH_BARE_DMA ? "bare-ahci"
					     : "write-ahci";
	return bench_names[m];
}

static bool
bench_is_multiple(enum bench_mode m)
{
	return m == BENCH_MULTIPLE || m == BENCH_BARE_MULTIPLE ||
	       m == BENCH_WRITE_MULTIPLE;
}

/* One chunk of a bench mode; only the transfer itself is timed. */
static int
bench_chunk(struct ata_drive *d, enum bench_mode m, u64 lba, u32 n, u8 *buf,
	    struct bench_acc *acc)
{
	bool multi = bench_is_multiple(m);
	enum ata_pio_mode pio = bench_is_dma(m) ? ATA_PIO_BEST
				: multi		? ATA_PIO_MULTIPLE
						: ATA_PIO_SECTORS;
	struct ata_stats before;
	int ret = 0;
	u64 t0;

	if (m >= BENCH_WRITE_SECTORS) {
		/* Writes put back the bytes just read from the same place,
		 * so the disk's contents do not change. */
		ret = ata_read(d, lba, n, buf, ATA_PIO_BEST);
		if (ret)
			return ret;
	}
	before = ata_stats;
	t0 = rdtsc();
	if (m == BENCH_BARE_SECTORS || m == BENCH_BARE_MULTIPLE)
		ret = ata_bare_read(d, lba, n, buf, multi);
	else if (m == BENCH_BARE_DMA)
		ret = d->ops->bare_read(d, lba, n, buf);
	else if (m >= BENCH_WRITE_SECTORS)
		ret = ata_write(d, lba, n, buf, pio, ATA_WRITE_NOFLUSH);
	else
		ret = ata_read(d, lba, n, buf, pio);
	bench_account(acc, &before, t0);
	return ret;
}

static u64
percent(u64 part, u64 whole)
{
	return whole ? part * 100 / whole : 0;
}

/* 16 MiB for the DMA rows: 4096 physically contiguous frames if the
 * allocator has such a run (then the direct map gives the address, the PRD
 * table has 256 regions of 64 KiB - AHCI's four of 4 MiB - and building
 * it walks no page tables), else the heap (scattered pages: one region and
 * one page walk each, and a PRD table holds 512). NULL: use disk_buf. */
#define BENCH_BIG_FRAMES (BENCH_DMA_CHUNK / 8)

static u8 *
bench_alloc_big(void)
{
	u32 first = frame_alloc_run(BENCH_BIG_FRAMES);

	if (first)
		return __va(first);
	return kmalloc(BENCH_DMA_CHUNK * ATA_SECTOR_SIZE);
}

static int
bench_run(struct ata_drive *d, enum bench_mode m, u64 mib)
{
	u64 sectors = mib * SECTORS_PER_MIB;
	struct bench_acc acc = {0};
	int ret = 0;

	if (bench_is_dma(m) && !ata_on_dma(d)) {
		printk("bench %s %-14s skipped: the drive is not on DMA\n",
		       d->name, bench_name(d, m));
		return 0;
	}
	if (!bench_is_dma(m) && !d->chan) {
		printk("bench %s %-14s skipped: no PIO on %s (AHCI)\n", d->name,
		       bench_name(d, m), d->where);
		return 0;
	}
	if (bench_is_multiple(m) && !d->multiple) {
		printk("bench %s %-14s skipped: the drive has no READ/WRITE "
		       "MULTIPLE\n",
		       d->name, bench_name(d, m));
		return 0;
	}
	struct progress prog;
	u64 lba;
	char what[32];

	u8 *buf = disk_buf;
	u32 chunk = DISK_BUF_SECTORS;

	/* DMA's cost is per command, PIO's per word: give the DMA rows 16 MiB
	 * commands (READ DMA EXT takes up to 32 MiB), so what they show is
	 * the transfer, not the set-up and the wake-up of each command. */
	if (bench_is_dma(m) && !bench_big_buf)
		bench_big_buf = bench_alloc_big();
	if (bench_is_dma(m) && bench_big_buf) {
		buf = bench_big_buf;
		chunk = BENCH_DMA_CHUNK;
	}
	snprintf(what, sizeof(what), "bench %s", bench_name(d, m));
	progress_start(&prog, what, sectors, ATA_SECTOR_SIZE, "sectors");
	for (lba = 0; lba < sectors && !ret; lba += chunk) {
		if (tty_interrupted()) {
			ret = -EINTR;
			break;
		}
		ret = bench_chunk(d, m, lba,
				  (u32)MIN(sectors - lba, (u64)chunk), buf,
				  &acc);
		progress_update(&prog, MIN(lba + chunk, sectors));
	}
	progress_end(&prog, MIN(lba, sectors));
	if (m >= BENCH_WRITE_SECTORS) {
		struct ata_stats before = ata_stats;
		u64 t0 = rdtsc();
		int fret = ata_flush(d); /* the flush is part of writing */

		bench_account(&acc, &before, t0);
		if (!ret)
			ret = fret;
	}
	if (ret == -EINTR)
		printk("bench %s %s: stopped by Ctrl-C after %llu of %llu "
		       "sectors%s\n",
		       d->name, bench_name(d, m), (unsigned long long)lba,
		       (unsigned long long)sectors,
		       m >= BENCH_WRITE_SECTORS ? " (rewritten, flushed)" : "");
	if (ret)
		return ret;
	/* MB/s (10^6 bytes) from the TSC's calibrated rate, in tenths. */
	u64 bytes = sectors * ATA_SECTOR_SIZE;
	u64 mbs10 = acc.cycles ? bytes * tsc_khz() / (acc.cycles * 100) : 0;
	char rate[24] = "? MB/s"; /* no calibrated TSC: cycles only */

	if (tsc_khz())
		snprintf(rate, sizeof(rate), "%llu.%llu MB/s",
			 (unsigned long long)(mbs10 / 10),
			 (unsigned long long)(mbs10 % 10));

	/* The bare loops count neither their polling nor their blocks. */
	char width[8] = "DMA"; /* the data port's width, for PIO rows */

	if (!bench_is_dma(m))
		snprintf(width, sizeof(width), "%u-bit", d->pio32 ? 32 : 16);
	printk("bench %s %-14s %6s %llu MiB  %s  %llu cycles  polling %llu%%"
	       "  halted %llu%%  %llu commands, %llu blocks",
	       d->name, bench_name(d, m), width, (unsigned long long)mib, rate,
	       (unsigned long long)acc.cycles,
	       (unsigned long long)percent(acc.poll_cycles, acc.cycles),
	       (unsigned long long)percent(acc.halt_cycles, acc.cycles),
	       (unsigned long long)acc.commands,
	       (unsigned long long)acc.blocks);
	if (bench_is_dma(m)) /* busy, but inside the emulator's device */
		printk(", %llu%% in the writes that start them",
		       (unsigned long long)percent(acc.start_cycles,
						   acc.cycles));
	if (acc.lost_irqs) /* taskfile.c: ata_wait_irq */
		printk(", %llu interrupts lost",
		       (unsigned long long)acc.lost_irqs);
	printk("\n");
	return 0;
}

/* A drive without a channel, to name the AHCI rows in bench_parse_mode. */
static const struct ata_drive ahci_like;

/* "read" (the default), "write", or one mode's name: *first..*last. */
static int
bench_parse_mode(const char *s, int *first, int *last)
{
	if (!strcmp(s, "read"))
		return 0;
	if (!strcmp(s, "write")) {
		*first = BENCH_WRITE_SECTORS;
		*last = BENCH_WRITE_DMA;
		return 0;
	}
	for (int m = 0; m < BENCH_NR_MODES; m++)
		if (!strcmp(s, bench_names[m])) {
			*first = *last = m;
			return 0;
		}
	for (int m = BENCH_DMA; m <= BENCH_WRITE_DMA; m++)
		if (bench_is_dma(m) && !strcmp(s, bench_name(&ahci_like, m))) {
			*first = *last = m;
			return 0;
		}
	printk("disk: bench mode '%s' is not read, write or one of:", s);
	for (int m = 0; m < BENCH_NR_MODES; m++)
		printk(" %s", bench_names[m]);
	for (int m = BENCH_DMA; m <= BENCH_WRITE_DMA; m++) /* AHCI's names */
		if (bench_is_dma(m))
			printk(" %s", bench_name(&ahci_like, m));
	printk("\n");
	return -EINVAL;
}

int
disk_bench(int argc, char **argv)
{
	u64 mib = BENCH_DEFAULT_MIB;
	struct ata_drive *d;
	int first = BENCH_SECTORS, last = BENCH_BARE_DMA;

	if (argc < 3 || argc > 5)
		return shell_usage();
	d = disk_arg_drive(argv[2]);
	if (!d)
		return -EINVAL;
	if (argc > 3 && !disk_arg_u64(argv[3], "MiB", &mib))
		return -EINVAL;
	if (argc > 4 && bench_parse_mode(argv[4], &first, &last))
		return -EINVAL;
	if (mib == 0) {
		printk("disk: bench MiB must be at least 1\n");
		return -EINVAL;
	}
	/* mib * 2048 must not wrap around 2^64 into a small number. */
	if (mib > ~0ull / SECTORS_PER_MIB) {
		printk("disk: %s: bench of %llu MiB goes past the end (%llu "
		       "sectors)\n",
		       d->name, (unsigned long long)mib,
		       (unsigned long long)d->id.sectors);
		return -EINVAL;
	}
	if (!disk_range_ok(d, 0, mib * SECTORS_PER_MIB))
		return -EINVAL;
	for (int m = first; m <= last; m++) {
		int ret = bench_run(d, m, mib);

		if (ret)
			return ret;
	}
	return 0;
}
