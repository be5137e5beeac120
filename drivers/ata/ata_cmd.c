/* drivers/ata/ata_cmd.c - the `disk` shell command: see, read, checksum,
 * write and time the ATA disks (drivers/ata/ata.h).
 *
 *   disk                          the IDE positions and AHCI drives as a table
 *   disk read DRIVE LBA [COUNT]   hexdump, the format of `hexdump -C`
 *   disk crc DRIVE LBA COUNT      CRC-32 (zlib's) of the range
 *   disk write DRIVE LBA COUNT P  fill sectors with a pattern, then flush
 *   disk bench DRIVE [MiB] [MODE] time reads (and, if asked, writes):
 *                                 drivers/ata/bench.c
 *
 * Everything streams through one 64 KiB buffer, 128 sectors at a time,
 * so a range of any length works. The buffer is 16 physically contiguous
 * frames from the frame allocator, taken by the first `disk` command that
 * moves data: the drives' DMA engines write straight into it (no bounce
 * buffer), and in the direct map one run of frames is one region to them.
 * Between chunks each command checks for Ctrl-C (kernel/tty.h); a stopped
 * command says how far it got and returns -EINTR. After the first second
 * crc, write and bench keep a progress line (kernel/progress.h); read does
 * not, as its hexdump is its progress and must stay exactly what
 * hexdump -C prints.
 */
#include "drivers/ata/ata_cmd.h"
#include "drivers/ata/xfer_mode.h"
#include "kernel/command.h"
#include "kernel/mm/frame.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/progress.h"
#include "kernel/tty.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define DISK_READ_MAX 2048 /* sectors `disk read` will dump (1 MiB) */
#define HEX_PER_LINE 16

#define DISK_BUF_FRAMES (DISK_BUF_SECTORS * ATA_SECTOR_SIZE / PAGE_SIZE)

u8 *disk_buf;

/* Take DISK_BUF_FRAMES frames in a row for disk_buf, once: one run of
 * frames is one region to a DMA engine, in the direct map at __va(). 0, or
 * -ENOMEM after one line. */
static int
disk_buf_alloc(void)
{
	u32 first;

	if (disk_buf)
		return 0;
	first = frame_alloc_run(DISK_BUF_FRAMES);
	if (!first) {
		printk("disk: no %u KiB of contiguous frames for the buffer\n",
		       DISK_BUF_FRAMES * PAGE_SIZE / 1024);
		return -ENOMEM;
	}
	disk_buf = __va(first);
	return 0;
}

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
	       "LBA48-SECTORS", "SIZE", "MULTIPLE    MODE");
	struct ata_drive *d;

	for (int i = 0; (d = ata_drive_get(i)); i++) {
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
		char multi[16], mode[16] = "PIO";

		snprintf(multi, sizeof(multi), "%u (max %u)", d->multiple,
			 id->multiple_max);
		if (d->xfer) /* from IDENTIFY (drivers/ata/xfer_mode.h) */
			ata_xfer_name(d->xfer, mode, sizeof(mode));
		else if (ata_on_dma(d))
			snprintf(mode, sizeof(mode), "%s", d->ops->name);
		printk("%13lu %13s %10s %-11s %s\n",
		       (unsigned long)id->lba28_sectors, l48, size, multi,
		       mode);
	}
}

struct ata_drive *
disk_arg_drive(const char *name)
{
	struct ata_drive *d = ata_drive_by_name(name);

	if (!d) {
		/* The names ata_drive_by_name() accepts: the four IDE
		 * positions, then each AHCI port's drive (sda, ...). */
		printk("disk: no such drive '%s' (drives:", name);
		for (int i = 0; (d = ata_drive_get(i)); i++)
			printk(" %s", d->name);
		printk(")\n");
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

bool
disk_arg_u64(const char *s, const char *what, u64 *out)
{
	if (parse_u64(s, out) == 0)
		return true;
	printk("disk: %s '%s' is not a number\n", what, s);
	return false;
}

bool
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
		int ret;

		if (tty_interrupted()) {
			printk("disk: read stopped by Ctrl-C at LBA %llu\n",
			       (unsigned long long)lba);
			return -EINTR;
		}
		ret = ata_read(d, lba, n, disk_buf, ATA_PIO_BEST);
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
	struct progress p;
	u64 done = 0;

	progress_start(&p, "disk crc", count, ATA_SECTOR_SIZE, "sectors");
	while (done < count) {
		u32 n = (u32)MIN(count - done, (u64)DISK_BUF_SECTORS);
		int ret;

		if (tty_interrupted()) {
			progress_end(&p, done);
			printk("disk: crc stopped by Ctrl-C after %llu of %llu "
			       "sectors (from LBA %llu): no CRC\n",
			       (unsigned long long)done,
			       (unsigned long long)count,
			       (unsigned long long)lba);
			return -EINTR;
		}
		ret = ata_read(d, lba + done, n, disk_buf, ATA_PIO_BEST);
		if (ret) {
			progress_end(&p, done);
			return ret;
		}
		crc = crc32(crc, disk_buf, (size_t)n * ATA_SECTOR_SIZE);
		done += n;
		progress_update(&p, done);
	}
	progress_end(&p, done);
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
	struct progress p;
	u64 done = 0;

	progress_start(&p, "disk write", count, ATA_SECTOR_SIZE, "sectors");
	while (done < count) {
		u32 n = (u32)MIN(count - done, (u64)DISK_BUF_SECTORS);

		/* Between commands only: a command once sent completes. */
		if (tty_interrupted()) {
			ret = -EINTR;
			break;
		}
		fill_pattern(disk_buf, lba + done, n, kind, (u8)byte);
		ret = ata_write(d, lba + done, n, disk_buf, ATA_PIO_BEST,
				ATA_WRITE_NOFLUSH);
		if (ret)
			break;
		done += n;
		progress_update(&p, done);
	}
	progress_end(&p, done);
	/* Whatever was written reaches the medium, even after an error. */
	int fret = ata_flush(d);
	if (ret == -EINTR)
		printk("%s: write stopped by Ctrl-C after %llu of %llu sectors "
		       "(from LBA %llu, %s); nothing written from LBA %llu "
		       "on\n",
		       d->name, (unsigned long long)done,
		       (unsigned long long)count, (unsigned long long)lba,
		       fret ? "flush FAILED" : "flushed",
		       (unsigned long long)(lba + done));
	if (ret || fret)
		return ret ? ret : fret;
	printk("%s: wrote %llu sectors at LBA %llu with pattern %s, flushed\n",
	       d->name, (unsigned long long)count, (unsigned long long)lba,
	       argv[5]);
	return 0;
}

static int
cmd_disk(int argc, char **argv)
{
	if (argc == 1) {
		disk_table();
		return 0;
	}
	if (disk_buf_alloc())
		return -ENOMEM; /* said */
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

/* The usage is a static string: its MODE list is bench.c's bench_names
 * (and bench_name()'s AHCI names), copied; change both together. */
SHELL_COMMAND(
	"disk", cmd_disk, "ATA disks: list, hexdump, CRC-32, write, time",
	"disk  |  disk read DRIVE LBA [COUNT]  |  disk crc DRIVE LBA COUNT\n"
	"       disk write DRIVE LBA COUNT zero|lba|BYTE  |  disk bench DRIVE "
	"[MiB] [read|write|MODE]\n"
	"       DRIVE: hda hdb = ata0 (0x1f0) master, slave; hdc hdd = ata1 "
	"(0x170) master, slave;\n"
	"       sda sdb ... = the AHCI ports' drives, in port order\n"
	"       lba: each sector holds its LBA, 8 bytes little-endian, 64 "
	"times; BYTE: 0..255 or 0xNN\n"
	"       bench reads LBA 0.. (default 16 MiB); 'write' rewrites that "
	"range with the bytes it\n"
	"       read there (contents kept); MODE: sectors multiple "
	"bare-sectors bare-multiple\n"
	"       dma bare-dma write-sectors write-multiple write-dma;\n"
	"       ahci bare-ahci write-ahci: the dma rows, as an AHCI drive "
	"names them");
