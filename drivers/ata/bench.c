/* drivers/ata/bench.c - `disk bench`: how fast, and where the time goes.
 *
 *   disk bench DRIVE [MiB] [read|write|MODE]
 *
 * Reads (or rewrites with the bytes just read, so nothing changes) the
 * first MiB of the disk in each way the driver can move data, and prints
 * the rate, the TSC cycles, how much of them went to polling or to
 * halting for the interrupt, and the commands and DRQ blocks it took. The
 * bare modes run the baseline loop of pio.c, which skips every check: the
 * difference is what the checks cost. Only the transfers are timed; the
 * progress line and the Ctrl-C check sit between chunks, outside.
 */
#include "drivers/ata/ata_cmd.h"
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/progress.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define BENCH_DEFAULT_MIB 16

/* The bench's ways of moving data. */
enum bench_mode {
	BENCH_SECTORS,	     /* ata_read, READ SECTORS */
	BENCH_MULTIPLE,	     /* ata_read, READ MULTIPLE */
	BENCH_BARE_SECTORS,  /* ata_bare_read, READ SECTORS */
	BENCH_BARE_MULTIPLE, /* ata_bare_read, READ MULTIPLE */
	BENCH_WRITE_SECTORS, /* read a chunk, time writing it back */
	BENCH_WRITE_MULTIPLE,
	BENCH_NR_MODES,
};

static const char *const bench_names[BENCH_NR_MODES] = {
	"sectors",	 "multiple",	  "bare-sectors",
	"bare-multiple", "write-sectors", "write-multiple",
};

/* What the timed parts of one bench mode cost. */
struct bench_acc {
	u64 cycles, poll_cycles, halt_cycles, commands, blocks, lost_irqs;
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
}

static bool
bench_is_multiple(enum bench_mode m)
{
	return m == BENCH_MULTIPLE || m == BENCH_BARE_MULTIPLE ||
	       m == BENCH_WRITE_MULTIPLE;
}

/* One chunk of a bench mode; only the transfer itself is timed. */
static int
bench_chunk(struct ata_drive *d, enum bench_mode m, u64 lba, u32 n,
	    struct bench_acc *acc)
{
	bool multi = bench_is_multiple(m);
	enum ata_pio_mode pio = multi ? ATA_PIO_MULTIPLE : ATA_PIO_SECTORS;
	struct ata_stats before;
	int ret = 0;
	u64 t0;

	if (m >= BENCH_WRITE_SECTORS) {
		/* Writes put back the bytes just read from the same place,
		 * so the disk's contents do not change. */
		ret = ata_read(d, lba, n, disk_buf, ATA_PIO_BEST);
		if (ret)
			return ret;
	}
	before = ata_stats;
	t0 = rdtsc();
	if (m == BENCH_BARE_SECTORS || m == BENCH_BARE_MULTIPLE)
		ret = ata_bare_read(d, lba, n, disk_buf, multi);
	else if (m >= BENCH_WRITE_SECTORS)
		ret = ata_write(d, lba, n, disk_buf, pio, ATA_WRITE_NOFLUSH);
	else
		ret = ata_read(d, lba, n, disk_buf, pio);
	bench_account(acc, &before, t0);
	return ret;
}

static u64
percent(u64 part, u64 whole)
{
	return whole ? part * 100 / whole : 0;
}

static int
bench_run(struct ata_drive *d, enum bench_mode m, u64 mib)
{
	u64 sectors = mib * SECTORS_PER_MIB;
	struct bench_acc acc = {0};
	int ret = 0;

	if (bench_is_multiple(m) && !d->multiple) {
		printk("bench %s %-14s skipped: the drive has no READ/WRITE "
		       "MULTIPLE\n",
		       d->name, bench_names[m]);
		return 0;
	}
	struct progress prog;
	u64 lba;
	char what[32];

	snprintf(what, sizeof(what), "bench %s", bench_names[m]);
	progress_start(&prog, what, sectors, ATA_SECTOR_SIZE, "sectors");
	for (lba = 0; lba < sectors && !ret; lba += DISK_BUF_SECTORS) {
		if (tty_interrupted()) {
			ret = -EINTR;
			break;
		}
		ret = bench_chunk(
			d, m, lba,
			(u32)MIN(sectors - lba, (u64)DISK_BUF_SECTORS), &acc);
		progress_update(&prog, MIN(lba + DISK_BUF_SECTORS, sectors));
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
		       d->name, bench_names[m], (unsigned long long)lba,
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
	printk("bench %s %-14s %u-bit %llu MiB  %s  %llu cycles  polling %llu%%"
	       "  halted %llu%%  %llu commands, %llu blocks",
	       d->name, bench_names[m], d->pio32 ? 32 : 16,
	       (unsigned long long)mib, rate, (unsigned long long)acc.cycles,
	       (unsigned long long)percent(acc.poll_cycles, acc.cycles),
	       (unsigned long long)percent(acc.halt_cycles, acc.cycles),
	       (unsigned long long)acc.commands,
	       (unsigned long long)acc.blocks);
	if (acc.lost_irqs) /* taskfile.c: ata_wait_irq */
		printk(", %llu interrupts lost",
		       (unsigned long long)acc.lost_irqs);
	printk("\n");
	return 0;
}

/* "read" (the default), "write", or one mode's name: *first..*last. */
static int
bench_parse_mode(const char *s, int *first, int *last)
{
	if (!strcmp(s, "read"))
		return 0;
	if (!strcmp(s, "write")) {
		*first = BENCH_WRITE_SECTORS;
		*last = BENCH_WRITE_MULTIPLE;
		return 0;
	}
	for (int m = 0; m < BENCH_NR_MODES; m++)
		if (!strcmp(s, bench_names[m])) {
			*first = *last = m;
			return 0;
		}
	printk("disk: bench mode '%s' is not read, write or one of:", s);
	for (int m = 0; m < BENCH_NR_MODES; m++)
		printk(" %s", bench_names[m]);
	printk("\n");
	return -EINVAL;
}

int
disk_bench(int argc, char **argv)
{
	u64 mib = BENCH_DEFAULT_MIB;
	struct ata_drive *d;
	int first = BENCH_SECTORS, last = BENCH_BARE_MULTIPLE;

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
