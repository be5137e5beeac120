/* drivers/ata/ata_cmd.h - what the `disk` command's two files share
 * (ata_cmd.c: the command, its table, read/crc/write; bench.c: bench). */
#ifndef DRIVERS_ATA_ATA_CMD_H
#define DRIVERS_ATA_ATA_CMD_H

#include "drivers/ata/ata.h"

/* There is no point in a bigger buffer: a command moves at most 256
 * sectors in LBA28, and 64 KiB keeps the progress and Ctrl-C checks
 * (between chunks) a few milliseconds apart. */
#define DISK_BUF_SECTORS 128 /* 64 KiB */
#define SECTORS_PER_MIB 2048

/* disk_buf - the DISK_BUF_SECTORS sectors every read, crc, write and the
 * bench's PIO rows move through: physically contiguous frames, set by the
 * first `disk` command that moves data (NULL before). */
extern u8 *disk_buf;

/* disk_arg_drive - the drive named @name, ready for transfers; NULL after
 * one line saying why not (no such name, nothing there, a CD-ROM). */
struct ata_drive *disk_arg_drive(const char *name);

/* disk_arg_u64 - parse @s into *out; false after "WHAT 'S' is not a
 * number". */
bool disk_arg_u64(const char *s, const char *what, u64 *out);

/* disk_range_ok - is [@lba, @lba + @count) on @d? false after one line. */
bool disk_range_ok(struct ata_drive *d, u64 lba, u64 count);

/* disk_bench - `disk bench DRIVE [MiB] [MODE]` (bench.c). */
int disk_bench(int argc, char **argv);

#endif
