/* drivers/ata_cmd.c - the `disk` shell command: see, read, checksum, write
 * and time the ATA disks of drivers/ata.c.
 *
 *   disk                          the four positions as a table
 *   disk read DRIVE LBA [COUNT]   hexdump, the format of `hexdump -C`
 *   disk crc DRIVE LBA COUNT      CRC-32 (zlib's) of the range
 *   disk write DRIVE LBA COUNT P  fill sectors with a pattern, then flush
 *   disk bench DRIVE [MiB] [MODE] time reads (and, if asked, writes)
 *
 * There is no heap yet: everything streams through one static 64 KiB
 * buffer, 128 sectors at a time, so a range of any length works.
 */
#include "drivers/ata.h"
#include "kernel/printk.h"
#include "kernel/command.h"
#include "lib/parse.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define DISK_BUF_SECTORS 128 /* 64 KiB */
#define DISK_READ_MAX 2048   /* sectors `disk read` will dump (1 MiB) */
#define BENCH_DEFAULT_MIB 16
#define HEX_PER_LINE 16
#define SECTORS_PER_MIB 2048

static u8 disk_buf[DISK_BUF_SECTORS * ATA_SECTOR_SIZE] __aligned(16);

/* "16.0 MiB", "130.0 GiB": sectors as a size with one decimal. */
static void
format_size(u64 sectors, char *buf, size_t size)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	u64 tenths = sectors * 10 / 2; /* KiB * 10 */
	size_t u = 0;

	while (tenths >= 10240 && u + 1 < ARRAY_SIZE(units)) {
		tenths /= 1024;
		u++;
	}
	snprintf(buf, size, "%llu.%llu %s", (unsigned long long)(tenths / 10),
		 (unsigned long long)(tenths % 10), units[u]);
}

static void
disk_table(void)
{
	printk("%-5s %-12s %-6s %-16s %-10s %-8s %13s %13s %10s %s\n", "DRIVE",
	       "WHERE", "TYPE", "MODEL", "SERIAL", "FIRMWARE", "LBA28-SECTORS",
	       "LBA48-SECTORS", "SIZE", "MULTIPLE");
	for (int i = 0; i < ATA_NR_DRIVES; i++) {
		struct ata_drive *d = ata_drive_get(i);
		const struct ata_identity *id = &d->id;
		char size[24], l48[24] = "-";

		if (d->class == ATA_CLASS_NONE) {
			printk("%-5s %-12s %-6s no device\n", d->name, d->where,
			       "-");
			continue;
		}
		printk("%-5s %-12s %-6s %-16s %-10s %-8s ", d->name, d->where,
		       ata_class_name(d->class), id->model, id->serial,
		       id->firmware);
		if (ata_class_is_packet(d->class)) {
			printk("%s, skipped\n", ata_class_name(d->class));
			continue;
		}
		format_size(id->sectors, size, sizeof(size));
		if (id->lba48)
			snprintf(l48, sizeof(l48), "%llu",
				 (unsigned long long)id->lba48_sectors);
		printk("%13lu %13s %10s %u (max %u)\n",
		       (unsigned long)id->lba28_sectors, l48, size, d->multiple,
		       id->multiple_max);
	}
}

/* The drive named by @name, ready for transfers; NULL after one line. */
static struct ata_drive *
disk_arg_drive(const char *name)
{
	struct ata_drive *d = ata_drive_by_name(name);

	if (!d) {
		printk("disk: no such drive '%s' (drives: hda hdb hdc hdd)\n",
		       name);
		return NULL;
	}
	switch (ata_usable(d)) {
	case -ENODEV:
		printk("disk: %s: no device at %s\n", d->name, d->where);
		return NULL;
	case -EOPNOTSUPP:
		printk("disk: %s is %s (a packet device, e.g. a CD-ROM): not "
		       "supported, skipped\n",
		       d->name, ata_class_name(d->class));
		return NULL;
	}
	return d;
}

static bool
disk_arg_u64(const char *s, const char *what, u64 *out)
{
	if (parse_u64(s, out) == 0)
		return true;
	printk("disk: %s '%s' is not a number\n", what, s);
	return false;
}

/* Is [lba, lba + count) on the disk? Says why not, in one line. */
static bool
disk_range_ok(struct ata_drive *d, u64 lba, u64 count)
{
	switch (ata_check_range(lba, count, d->id.sectors)) {
	case 0:
		return true;
	case -EINVAL:
		printk("disk: COUNT must be at least 1\n");
		return false;
	default:
		printk("disk: %s: LBA out of range: %llu+%llu goes past the "
		       "end (%llu sectors, last LBA %llu)\n",
		       d->name, (unsigned long long)lba,
		       (unsigned long long)count,
		       (unsigned long long)d->id.sectors,
		       (unsigned long long)d->id.sectors - 1);
		return false;
	}
}

/* Parse "DRIVE LBA COUNT" (COUNT optional when @def_count != 0). */
static struct ata_drive *
disk_args_range(int argc, char **argv, u64 def_count, u64 *lba, u64 *count)
{
	struct ata_drive *d = disk_arg_drive(argv[2]);

	if (!d || !disk_arg_u64(argv[3], "LBA", lba))
		return NULL;
	*count = def_count;
	if (argc > 4 && !disk_arg_u64(argv[4], "COUNT", count))
		return NULL;
	return disk_range_ok(d, *lba, *count) ? d : NULL;
}

/* hexdump -C's line: offset, 16 bytes in two groups of 8, |ASCII|. */
static void
hexdump_line(u64 off, const u8 *p)
{
	char ascii[HEX_PER_LINE + 1];

	printk("%08llx ", (unsigned long long)off);
	for (int i = 0; i < HEX_PER_LINE; i++) {
		printk("%s%02x", i == 8 ? "  " : " ", p[i]);
		ascii[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '.';
	}
	ascii[HEX_PER_LINE] = '\0';
	printk("  |%s|\n", ascii);
}

/* Like hexdump -C, a line equal to the one before is not repeated: one
 * '*' stands for the run. prev is the previous line (NULL at the start). */
struct hexdump_state {
	u8 prev[HEX_PER_LINE];
	bool have_prev, starred;
};

static void
hexdump_chunk(struct hexdump_state *h, u64 off, const u8 *p, size_t len)
{
	for (size_t i = 0; i < len; i += HEX_PER_LINE, off += HEX_PER_LINE) {
		if (h->have_prev && !memcmp(h->prev, p + i, HEX_PER_LINE)) {
			if (!h->starred)
				printk("*\n");
			h->starred = true;
			continue;
		}
		hexdump_line(off, p + i);
		memcpy(h->prev, p + i, HEX_PER_LINE);
		h->have_prev = true;
		h->starred = false;
	}
}

static int
disk_read(int argc, char **argv)
{
	struct hexdump_state h = {.have_prev = false};
	u64 lba, count, off = 0;
	struct ata_drive *d;

	if (argc < 4 || argc > 5)
		return shell_usage();
	d = disk_args_range(argc, argv, 1, &lba, &count);
	if (!d)
		return -EINVAL;
	if (count > DISK_READ_MAX) {
		printk("disk: read shows at most %u sectors (use disk crc for "
		       "more)\n",
		       DISK_READ_MAX);
		return -EINVAL;
	}
	while (count) {
		u32 n = (u32)MIN(count, (u64)DISK_BUF_SECTORS);
		int ret = ata_read(d, lba, n, disk_buf, ATA_PIO_BEST);

		if (ret)
			return ret; /* the driver said what failed */
		hexdump_chunk(&h, off, disk_buf, (size_t)n * ATA_SECTOR_SIZE);
		off += (u64)n * ATA_SECTOR_SIZE;
		lba += n;
		count -= n;
	}
	printk("%08llx\n", (unsigned long long)off);
	return 0;
}

static int
disk_crc(int argc, char **argv)
{
	u64 lba, count;
	struct ata_drive *d;
	u32 crc = 0;

	if (argc != 5)
		return shell_usage();
	d = disk_args_range(argc, argv, 0, &lba, &count);
	if (!d)
		return -EINVAL;
	for (u64 at = lba, left = count; left;) {
		u32 n = (u32)MIN(left, (u64)DISK_BUF_SECTORS);
		int ret = ata_read(d, at, n, disk_buf, ATA_PIO_BEST);

		if (ret)
			return ret;
		crc = crc32(crc, disk_buf, (size_t)n * ATA_SECTOR_SIZE);
		at += n;
		left -= n;
	}
	printk("crc32 0x%08x  %s LBA %llu, %llu sectors (%llu bytes)\n", crc,
	       d->name, (unsigned long long)lba, (unsigned long long)count,
	       (unsigned long long)count * ATA_SECTOR_SIZE);
	return 0;
}

/* Patterns of `disk write`: zero, lba (each sector holds its own LBA as
 * an 8-byte little-endian number, 64 times), or one byte value. */
enum pattern_kind { PAT_BYTE, PAT_LBA };

static void
fill_pattern(u8 *buf, u64 lba, u32 n, enum pattern_kind kind, u8 byte)
{
	if (kind == PAT_BYTE) {
		memset(buf, byte, (size_t)n * ATA_SECTOR_SIZE);
		return;
	}
	for (u32 s = 0; s < n; s++, lba++)
		for (int i = 0; i < ATA_SECTOR_SIZE; i++)
			buf[s * ATA_SECTOR_SIZE + i] =
				(u8)(lba >> (8 * (i % 8)));
}

static int
disk_write(int argc, char **argv)
{
	enum pattern_kind kind = PAT_BYTE;
	u64 lba, count;
	u32 byte = 0;
	struct ata_drive *d;
	int ret = 0;

	if (argc != 6)
		return shell_usage();
	if (!strcmp(argv[5], "lba"))
		kind = PAT_LBA;
	else if (strcmp(argv[5], "zero") &&
		 (parse_u32(argv[5], &byte) || byte > 0xff)) {
		printk("disk: pattern '%s' is not zero, lba or a byte value "
		       "0..255\n",
		       argv[5]);
		return -EINVAL;
	}
	d = disk_args_range(argc, argv, 0, &lba, &count);
	if (!d)
		return -EINVAL;
	for (u64 at = lba, left = count; left;) {
		u32 n = (u32)MIN(left, (u64)DISK_BUF_SECTORS);

		fill_pattern(disk_buf, at, n, kind, (u8)byte);
		ret = ata_write(d, at, n, disk_buf, ATA_PIO_BEST,
				ATA_WRITE_NOFLUSH);
		if (ret)
			break;
		at += n;
		left -= n;
	}
	/* Whatever was written reaches the medium, even after an error. */
	int fret = ata_flush(d);
	if (ret || fret)
		return ret ? ret : fret;
	printk("%s: wrote %llu sectors at LBA %llu with pattern %s, flushed\n",
	       d->name, (unsigned long long)count, (unsigned long long)lba,
	       argv[5]);
	return 0;
}

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
	u64 cycles, poll_cycles, halt_cycles, commands, blocks;
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
	for (u64 lba = 0; lba < sectors && !ret; lba += DISK_BUF_SECTORS)
		ret = bench_chunk(
			d, m, lba,
			(u32)MIN(sectors - lba, (u64)DISK_BUF_SECTORS), &acc);
	if (m >= BENCH_WRITE_SECTORS) {
		struct ata_stats before = ata_stats;
		u64 t0 = rdtsc();
		int fret = ata_flush(d); /* the flush is part of writing */

		bench_account(&acc, &before, t0);
		if (!ret)
			ret = fret;
	}
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
	       "  halted %llu%%  %llu commands, %llu blocks\n",
	       d->name, bench_names[m], d->pio32 ? 32 : 16,
	       (unsigned long long)mib, rate, (unsigned long long)acc.cycles,
	       (unsigned long long)percent(acc.poll_cycles, acc.cycles),
	       (unsigned long long)percent(acc.halt_cycles, acc.cycles),
	       (unsigned long long)acc.commands,
	       (unsigned long long)acc.blocks);
	return 0;
}

static int
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
	if (argc > 4) {
		if (!strcmp(argv[4], "write")) {
			first = BENCH_WRITE_SECTORS;
			last = BENCH_WRITE_MULTIPLE;
		} else if (strcmp(argv[4], "read")) {
			int m = 0;

			while (m < BENCH_NR_MODES &&
			       strcmp(argv[4], bench_names[m]))
				m++;
			if (m == BENCH_NR_MODES)
				return shell_usage();
			first = last = m;
		}
	}
	if (mib == 0 || !disk_range_ok(d, 0, mib * SECTORS_PER_MIB))
		return -EINVAL;
	for (int m = first; m <= last; m++) {
		int ret = bench_run(d, m, mib);

		if (ret)
			return ret;
	}
	return 0;
}

static int
cmd_disk(int argc, char **argv)
{
	if (argc == 1) {
		disk_table();
		return 0;
	}
	if (!strcmp(argv[1], "read"))
		return disk_read(argc, argv);
	if (!strcmp(argv[1], "crc"))
		return disk_crc(argc, argv);
	if (!strcmp(argv[1], "write"))
		return disk_write(argc, argv);
	if (!strcmp(argv[1], "bench"))
		return disk_bench(argc, argv);
	return shell_usage();
}

SHELL_COMMAND(
	"disk", cmd_disk, "ATA disks: list, hexdump, CRC-32, write, time",
	"disk  |  disk read DRIVE LBA [COUNT]  |  disk crc DRIVE LBA COUNT\n"
	"       disk write DRIVE LBA COUNT zero|lba|BYTE  |  disk bench DRIVE "
	"[MiB] [read|write|MODE]\n"
	"       DRIVE: hda hdb = ata0 (0x1f0) master, slave; hdc hdd = ata1 "
	"(0x170) master, slave\n"
	"       lba: each sector holds its LBA, 8 bytes little-endian, 64 "
	"times; BYTE: 0..255 or 0xNN\n"
	"       bench reads LBA 0.. (default 16 MiB); 'write' rewrites that "
	"range with the bytes it\n"
	"       read there (contents kept); MODE: sectors multiple "
	"bare-sectors bare-multiple\n"
	"       write-sectors write-multiple");
