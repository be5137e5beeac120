/* drivers/ata/ata_proto.c - decoding what an ATA drive says, and cutting a
 * range of sectors into commands. No port I/O here: this file needs only
 * lib/, so the host test (tests/host/test_ata_proto.c) runs it as is.
 * The facts come from ATA/ATAPI-6; see drivers/ata/ata_proto.h.
 */
#include "drivers/ata/ata_proto.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

enum ata_class
ata_classify(u8 lba_mid, u8 lba_high)
{
	if (lba_mid == 0x00 && lba_high == 0x00)
		return ATA_CLASS_ATA;
	if (lba_mid == 0x14 && lba_high == 0xeb)
		return ATA_CLASS_ATAPI;
	if (lba_mid == 0x3c && lba_high == 0xc3)
		return ATA_CLASS_SATA;
	if (lba_mid == 0x69 && lba_high == 0x96)
		return ATA_CLASS_SATAPI;
	return ATA_CLASS_NONE;
}

const char *
ata_class_name(enum ata_class c)
{
	switch (c) {
	case ATA_CLASS_ATA:
		return "ATA";
	case ATA_CLASS_ATAPI:
		return "ATAPI";
	case ATA_CLASS_SATA:
		return "SATA";
	case ATA_CLASS_SATAPI:
		return "SATAPI";
	default:
		return "none";
	}
}

bool
ata_class_is_packet(enum ata_class c)
{
	return c == ATA_CLASS_ATAPI || c == ATA_CLASS_SATAPI;
}

void
ata_id_string(const u16 *id, int first_word, int nwords, char *out)
{
	int n = 0;

	for (int w = first_word; w < first_word + nwords; w++) {
		out[n++] = (char)(id[w] >> 8); /* the first character */
		out[n++] = (char)(id[w] & 0xff);
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		n--;
	out[n] = '\0';
	for (int i = 0; i < n; i++)
		if (out[i] < 0x20 || out[i] > 0x7e)
			out[i] = '?';
}

void
ata_parse_identify(const u16 *id, struct ata_identity *out)
{
	memset(out, 0, sizeof(*out));
	ata_id_string(id, ATA_ID_MODEL, ATA_ID_MODEL_WORDS, out->model);
	ata_id_string(id, ATA_ID_SERIAL, ATA_ID_SERIAL_WORDS, out->serial);
	ata_id_string(id, ATA_ID_FIRMWARE, ATA_ID_FIRMWARE_WORDS,
		      out->firmware);

	out->lba = id[ATA_ID_CAPABILITY] & ATA_ID_CAP_LBA;
	out->lba28_sectors = id[ATA_ID_LBA28_SECTORS] |
			     (u32)id[ATA_ID_LBA28_SECTORS + 1] << 16;
	/* Word 83 is valid only when bits 15:14 read 01 (ATA-6 table 27). */
	u16 cs2 = id[ATA_ID_CMDSET2];
	out->lba48 = (cs2 & 0xc000) == 0x4000 && (cs2 & ATA_ID_CMDSET2_LBA48);
	if (out->lba48)
		for (int i = 3; i >= 0; i--)
			out->lba48_sectors = out->lba48_sectors << 16 |
					     id[ATA_ID_LBA48_SECTORS + i];
	out->sectors = out->lba48 ? out->lba48_sectors : out->lba28_sectors;
	if (!out->lba)
		out->sectors = 0; /* CHS-only: porthole does not address it */

	out->multiple_max = id[ATA_ID_MAX_MULTIPLE] & 0xff;
	if (id[ATA_ID_MULTIPLE] & ATA_ID_MULTIPLE_VALID)
		out->multiple_cur = id[ATA_ID_MULTIPLE] & 0xff;

	/* Word 255: signature 0xa5 in the low byte, and a high byte that
	 * makes all 512 bytes sum to zero (ATA-6 8.15.66). */
	if ((id[ATA_ID_INTEGRITY] & 0xff) == ATA_ID_INTEGRITY_SIG) {
		u8 sum = 0;

		for (int w = 0; w < ATA_SECTOR_WORDS; w++)
			sum += (u8)(id[w] & 0xff) + (u8)(id[w] >> 8);
		out->checksum_present = true;
		out->checksum_ok = sum == 0;
	}
}

static int
bit_names(u8 v, const char *const names[8], char *buf, size_t size)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	for (int bit = 7; bit >= 0; bit--) {
		if (!(v & (1u << bit)))
			continue;
		len += snprintf(buf + MIN((size_t)len, size),
				size - MIN((size_t)len, size), "%s%s",
				len ? " " : "", names[bit]);
	}
	if (!len)
		len = snprintf(buf, size, "none");
	return len;
}

int
ata_status_names(u8 status, char *buf, size_t size)
{
	static const char *const names[8] = {"ERR", "IDX", "CORR", "DRQ",
					     "DSC", "DF",  "DRDY", "BSY"};
	return bit_names(status, names, buf, size);
}

int
ata_error_names(u8 error, char *buf, size_t size)
{
	static const char *const names[8] = {"AMNF", "TK0NF",	"ABRT",
					     "MCR",  "IDNF",	"MC",
					     "UNC",  "BBK/ICRC"};
	return bit_names(error, names, buf, size);
}

void
ata_plan(u64 lba, u64 count, bool lba48_ok, struct ata_cmd_plan *cmd)
{
	cmd->lba = lba;
	/* LBA28 only while lba + count < 2^28 - 1, Linux's lba_28_ok()
	 * ("must be LESS THAN 0x0fffffff", include/linux/ata.h): its last
	 * LBA28 sector is 0x0ffffffd. Sector 0x0ffffffe, which the 28 LBA
	 * bits could still name, goes by LBA48 as in Linux, and so does
	 * every sector from 2^28 - 1 on (0x0fffffff is what the LBA28
	 * capacity words hold for "this many or more"). */
	cmd->lba48 = lba48_ok && (lba + count >= ATA_LBA28_LIMIT - 1 ||
				  count > ATA_LBA28_MAX_COUNT);
	u64 max = cmd->lba48 ? ATA_LBA48_MAX_COUNT : ATA_LBA28_MAX_COUNT;
	cmd->count = (u32)MIN(count, max);
}

int
ata_check_range(u64 lba, u64 count, u64 capacity)
{
	if (count == 0)
		return -EINVAL;
	if (lba >= capacity || count > capacity - lba)
		return -ERANGE;
	return 0;
}
