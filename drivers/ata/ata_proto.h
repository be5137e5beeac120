/* drivers/ata/ata_proto.h - the ATA protocol's facts and its pure parts.
 *
 * Everything here is about the bytes the drive gives and takes, not about
 * ports: the status and error register bits, the command codes, the layout
 * of the 512-byte IDENTIFY DEVICE block, the device signature left in the
 * task file after a reset, and how a range of sectors is cut into commands.
 * drivers/ata/ata_proto.c needs only lib/, so tests/host/test_ata_proto.c runs
 * it on the host. drivers/ata.c moves the bytes.
 *
 * Sources: ATA/ATAPI-6 (T13/1410D rev 3b): section 7 (register contents),
 * 8 (commands), 8.15 table 27 (IDENTIFY DEVICE data), 9.12 (signatures);
 * Serial ATA rev 2.6 section 11.3 for the SATA signatures.
 */
#ifndef DRIVERS_ATA_PROTO_H
#define DRIVERS_ATA_PROTO_H

#include "lib/types.h"

#define ATA_SECTOR_SIZE 512
#define ATA_SECTOR_WORDS 256

/* Status register (ATA-6 7.15): read at command block +7, or without side
 * effects as the alternate status at control block +0. */
#define ATA_SR_ERR 0x01	 /* the last command failed: see the error register */
#define ATA_SR_IDX 0x02	 /* index mark (obsolete) */
#define ATA_SR_CORR 0x04 /* corrected data (obsolete) */
#define ATA_SR_DRQ 0x08	 /* the drive wants a data block moved */
#define ATA_SR_DSC 0x10	 /* seek complete (obsolete) / service */
#define ATA_SR_DF 0x20	 /* device fault */
#define ATA_SR_DRDY 0x40 /* device ready for commands */
#define ATA_SR_BSY 0x80	 /* busy: no other bit is valid */

/* Error register (ATA-6 7.9 and each command's "Error outputs"). Bits 0, 1
 * and 7 had other meanings in ATA-1..3: address mark / track 0 not found,
 * bad block; porthole names the modern meaning after the old one. */
#define ATA_ER_AMNF 0x01  /* address mark not found (obsolete) */
#define ATA_ER_TK0NF 0x02 /* track 0 not found (obsolete) / no media */
#define ATA_ER_ABRT 0x04  /* command aborted: not supported, or bad args */
#define ATA_ER_MCR 0x08	  /* media change requested */
#define ATA_ER_IDNF 0x10  /* sector ID not found: address out of range */
#define ATA_ER_MC 0x20	  /* media changed */
#define ATA_ER_UNC 0x40	  /* uncorrectable data error */
#define ATA_ER_BBK 0x80	  /* bad block (ATA-1..3) / interface CRC (ICRC) */

/* Command codes (ATA-6 section 8; the EXT forms take 48-bit addresses). */
#define ATA_CMD_READ_SECTORS 0x20
#define ATA_CMD_READ_SECTORS_EXT 0x24
#define ATA_CMD_READ_MULTIPLE_EXT 0x29
#define ATA_CMD_WRITE_SECTORS 0x30
#define ATA_CMD_WRITE_SECTORS_EXT 0x34
#define ATA_CMD_WRITE_MULTIPLE_EXT 0x39
#define ATA_CMD_IDENTIFY_PACKET 0xa1
#define ATA_CMD_READ_MULTIPLE 0xc4
#define ATA_CMD_WRITE_MULTIPLE 0xc5
#define ATA_CMD_SET_MULTIPLE 0xc6
#define ATA_CMD_FLUSH_CACHE 0xe7
#define ATA_CMD_FLUSH_CACHE_EXT 0xea
#define ATA_CMD_IDENTIFY 0xec
#define ATA_CMD_READ_DMA 0xc8 /* bus-master DMA (drivers/ata/bmdma.c) */
#define ATA_CMD_READ_DMA_EXT 0x25
#define ATA_CMD_WRITE_DMA 0xca
#define ATA_CMD_WRITE_DMA_EXT 0x35
#define ATA_CMD_SET_FEATURES 0xef

/* IDENTIFY DEVICE words (ATA-6 8.15, table 27). Strings hold two ASCII
 * characters per word, the first in the high byte, padded with spaces. */
#define ATA_ID_SERIAL 10 /* words 10-19: serial number, 20 chars */
#define ATA_ID_SERIAL_WORDS 10
#define ATA_ID_FIRMWARE 23 /* words 23-26: firmware revision, 8 chars */
#define ATA_ID_FIRMWARE_WORDS 4
#define ATA_ID_MODEL 27 /* words 27-46: model number, 40 chars */
#define ATA_ID_MODEL_WORDS 20
#define ATA_ID_MAX_MULTIPLE 47 /* bits 7:0: most sectors per DRQ block */
#define ATA_ID_CAPABILITY 49   /* bit 9: LBA supported */
#define ATA_ID_CAP_LBA 0x0200
#define ATA_ID_MULTIPLE 59 /* bit 8: bits 7:0 hold the current setting */
#define ATA_ID_MULTIPLE_VALID 0x0100
#define ATA_ID_LBA28_SECTORS 60 /* words 60-61: addressable sectors, LBA28 */
#define ATA_ID_CMDSET2 83	/* bit 10: 48-bit Address feature set */
#define ATA_ID_CMDSET2_LBA48 0x0400
#define ATA_ID_LBA48_SECTORS 100 /* words 100-103: max LBA + 1, 48-bit */
#define ATA_ID_INTEGRITY 255	 /* low byte 0xa5: high byte is a checksum */
#define ATA_ID_INTEGRITY_SIG 0xa5

/* The largest transfers: LBA28 has 28 address bits and an 8-bit count
 * (0 means 256); LBA48 has 48 bits and a 16-bit count (0 means 65536). */
#define ATA_LBA28_LIMIT (1ull << 28) /* first sector LBA28 cannot reach */
#define ATA_LBA48_LIMIT (1ull << 48)
#define ATA_LBA28_MAX_COUNT 256u
#define ATA_LBA48_MAX_COUNT 65536u

/* What the signature after a reset says sits at a position (ATA-6 9.12:
 * LBA mid/high = 0x00/0x00 ATA, 0x14/0xeb ATAPI; SATA 2.6 11.3: 0x3c/0xc3
 * a SATA disk, 0x69/0x96 a SATA packet device). */
enum ata_class {
	ATA_CLASS_NONE,	  /* nothing answers there */
	ATA_CLASS_ATA,	  /* a disk: IDENTIFY DEVICE, READ/WRITE SECTORS */
	ATA_CLASS_ATAPI,  /* a packet device (CD-ROM): SCSI commands */
	ATA_CLASS_SATA,	  /* a SATA disk behind legacy emulation */
	ATA_CLASS_SATAPI, /* a SATA packet device */
};

/* ata_classify - the class of device from the LBA mid/high registers read
 * after a reset; ATA_CLASS_NONE for any other pair (an empty slave reads
 * 0xff/0xff, a floating bus too). */
enum ata_class ata_classify(u8 lba_mid, u8 lba_high);

/* ata_class_name - "ATA", "ATAPI", "SATA", "SATAPI" or "none". */
const char *ata_class_name(enum ata_class c);

/* ata_class_is_packet - true for ATAPI and SATAPI (porthole skips them). */
bool ata_class_is_packet(enum ata_class c);

/* What porthole keeps from the 256 words of IDENTIFY (PACKET) DEVICE. */
struct ata_identity {
	char model[ATA_ID_MODEL_WORDS * 2 + 1];
	char serial[ATA_ID_SERIAL_WORDS * 2 + 1];
	char firmware[ATA_ID_FIRMWARE_WORDS * 2 + 1];
	bool lba;	   /* LBA addressing supported */
	bool lba48;	   /* the 48-bit Address feature set */
	u32 lba28_sectors; /* words 60-61 */
	u64 lba48_sectors; /* words 100-103 (0 without LBA48) */
	u64 sectors;	   /* the capacity porthole uses */
	u8 multiple_max;   /* word 47: 0 = READ/WRITE MULTIPLE unsupported */
	u8 multiple_cur;   /* word 59 when valid, else 0 */
	bool checksum_present; /* word 255 carries the integrity byte */
	bool checksum_ok;      /* ... and all 512 bytes sum to 0 mod 256 */
};

/* ata_id_string - copy @nwords words of an IDENTIFY string into @out
 * (2 * @nwords + 1 bytes): each word's high byte first, trailing spaces
 * and NULs removed, anything not printable ASCII shown as '?'. */
void ata_id_string(const u16 *id, int first_word, int nwords, char *out);

/* ata_parse_identify - decode the 256 words @id into @out. Never fails:
 * absent features read as 0/false. */
void ata_parse_identify(const u16 *id, struct ata_identity *out);

/* ata_status_names, ata_error_names - the set bits of a status or error
 * register as names ("DRDY ERR", "ABRT IDNF") into @buf; "none" when no
 * bit is set. Return the length, as snprintf does. */
int ata_status_names(u8 status, char *buf, size_t size);
int ata_error_names(u8 error, char *buf, size_t size);

/* One command's share of a transfer. */
struct ata_cmd_plan {
	u64 lba;
	u32 count; /* 1 .. 256 (LBA28) or 1 .. 65536 (LBA48) */
	bool lba48;
};

/* ata_plan - the first command for @count sectors from @lba: LBA48 when
 * the drive has it (@lba48_ok) and the range needs it (it reaches sector
 * 2^28 - 1 or beyond, or is longer than 256 sectors), else LBA28 with at
 * most 256 sectors.
 * The caller has checked the range with ata_check_range(); it issues
 * @cmd, then plans the rest from @lba + @cmd->count. */
void ata_plan(u64 lba, u64 count, bool lba48_ok, struct ata_cmd_plan *cmd);

/* ata_check_range - 0 when [@lba, @lba + @count) lies inside a disk of
 * @capacity sectors; -EINVAL for @count 0, -ERANGE when any of it lies
 * past the end (overflow included). */
int ata_check_range(u64 lba, u64 count, u64 capacity);

#endif
