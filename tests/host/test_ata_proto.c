/* tests/host/test_ata_proto.c - drivers/ata/ata_proto.c on the host: signature
 * classes, IDENTIFY decoding (strings, capacities, multiple count,
 * checksum), register bit names, range checks and command planning. */
#include <string.h>
#include "tests/host/tap.h"
#include "drivers/ata/ata_proto.h"
#include "lib/errno.h"

/* Put an ATA string into IDENTIFY words: high byte first, space padded. */
static void
put_string(u16 *id, int word, int nwords, const char *s)
{
	size_t len = strlen(s);

	for (int i = 0; i < nwords * 2; i++) {
		u8 c = i < (int)len ? (u8)s[i] : ' ';
		if (i % 2 == 0)
			id[word + i / 2] = (u16)(c << 8);
		else
			id[word + i / 2] |= c;
	}
}

static void
fake_disk(u16 *id, u64 lba48_sectors)
{
	memset(id, 0, 512);
	put_string(id, ATA_ID_MODEL, ATA_ID_MODEL_WORDS, "QEMU HARDDISK");
	put_string(id, ATA_ID_SERIAL, ATA_ID_SERIAL_WORDS, "QM00001");
	put_string(id, ATA_ID_FIRMWARE, ATA_ID_FIRMWARE_WORDS, "2.5+");
	id[ATA_ID_MAX_MULTIPLE] = 0x8010;
	id[ATA_ID_CAPABILITY] = ATA_ID_CAP_LBA;
	id[ATA_ID_MULTIPLE] = ATA_ID_MULTIPLE_VALID | 0x10;
	u32 l28 = lba48_sectors > 0x0fffffff ? 0x0fffffff : (u32)lba48_sectors;
	id[60] = l28 & 0xffff;
	id[61] = l28 >> 16;
	id[ATA_ID_CMDSET2] = 0x4000 | ATA_ID_CMDSET2_LBA48;
	for (int i = 0; i < 4; i++)
		id[100 + i] = (u16)(lba48_sectors >> (16 * i));
}

int
main(void)
{
	u16 id[256];
	struct ata_identity d;
	char buf[64];

	tap_ok(ata_classify(0x00, 0x00) == ATA_CLASS_ATA, "0x00/0x00 is ATA");
	tap_ok(ata_classify(0x14, 0xeb) == ATA_CLASS_ATAPI,
	       "0x14/0xeb is ATAPI");
	tap_ok(ata_classify(0x3c, 0xc3) == ATA_CLASS_SATA, "0x3c/0xc3 is SATA");
	tap_ok(ata_classify(0x69, 0x96) == ATA_CLASS_SATAPI,
	       "0x69/0x96 is SATAPI");
	tap_ok(ata_classify(0xff, 0xff) == ATA_CLASS_NONE &&
		       ata_classify(0x7f, 0x7f) == ATA_CLASS_NONE,
	       "anything else is no device");
	tap_ok(ata_class_is_packet(ATA_CLASS_ATAPI) &&
		       ata_class_is_packet(ATA_CLASS_SATAPI) &&
		       !ata_class_is_packet(ATA_CLASS_ATA),
	       "packet devices are the ones skipped");

	fake_disk(id, 32768);
	ata_parse_identify(id, &d);
	tap_eq_str(d.model, "QEMU HARDDISK", "model: bytes swapped, trimmed");
	tap_eq_str(d.serial, "QM00001", "serial");
	tap_eq_str(d.firmware, "2.5+", "firmware");
	tap_ok(d.lba && d.lba48, "LBA and LBA48 flags");
	tap_ok(d.lba28_sectors == 32768 && d.lba48_sectors == 32768 &&
		       d.sectors == 32768,
	       "capacities from words 60-61 and 100-103");
	tap_ok(d.multiple_max == 16 && d.multiple_cur == 16,
	       "multiple count: word 47 low byte, word 59 when valid");
	tap_ok(!d.checksum_present, "no integrity word: not checked");

	/* A 130 GiB disk: LBA28 words saturate, LBA48 has the real size. */
	u64 big = 130ull * 1024 * 1024 * 2;
	fake_disk(id, big);
	ata_parse_identify(id, &d);
	tap_ok(d.lba28_sectors == 0x0fffffff && d.sectors == big,
	       "over 128 GiB: LBA48 capacity used (%llu sectors)",
	       (unsigned long long)d.sectors);

	/* Word 83 with bits 15:14 not 01 is not valid: no LBA48. */
	id[ATA_ID_CMDSET2] = 0xffff;
	ata_parse_identify(id, &d);
	tap_ok(!d.lba48 && d.sectors == 0x0fffffff,
	       "word 83 invalid (0xffff): LBA48 not claimed");

	id[ATA_ID_MULTIPLE] = 0x0010; /* bit 8 clear: setting not valid */
	ata_parse_identify(id, &d);
	tap_ok(d.multiple_cur == 0, "word 59 without bit 8 is ignored");

	/* Integrity word: signature and a checksum byte. */
	fake_disk(id, 32768);
	id[255] = ATA_ID_INTEGRITY_SIG;
	u8 sum = 0;
	for (int w = 0; w < 256; w++)
		sum += (u8)(id[w] & 0xff) + (u8)(id[w] >> 8);
	id[255] |= (u16)((u8)-sum << 8);
	ata_parse_identify(id, &d);
	tap_ok(d.checksum_present && d.checksum_ok, "a good checksum passes");
	id[0] ^= 1;
	ata_parse_identify(id, &d);
	tap_ok(d.checksum_present && !d.checksum_ok, "a bad checksum is seen");

	/* Strings with odd bytes and all spaces. */
	put_string(id, ATA_ID_MODEL, ATA_ID_MODEL_WORDS, "");
	id[ATA_ID_MODEL] = 0x4101; /* 'A', then a control byte */
	ata_id_string(id, ATA_ID_MODEL, ATA_ID_MODEL_WORDS, buf);
	tap_eq_str(buf, "A?", "unprintable bytes shown as '?'");
	put_string(id, ATA_ID_SERIAL, ATA_ID_SERIAL_WORDS, "");
	ata_id_string(id, ATA_ID_SERIAL, ATA_ID_SERIAL_WORDS, buf);
	tap_eq_str(buf, "", "an all-space string is empty");

	ata_status_names(0x51, buf, sizeof(buf));
	tap_eq_str(buf, "DRDY DSC ERR", "status 0x51 named");
	ata_status_names(0x00, buf, sizeof(buf));
	tap_eq_str(buf, "none", "status 0 is 'none'");
	ata_error_names(ATA_ER_ABRT | ATA_ER_IDNF, buf, sizeof(buf));
	tap_eq_str(buf, "IDNF ABRT", "error ABRT|IDNF named");
	ata_error_names(0xff, buf, sizeof(buf));
	tap_eq_str(buf, "BBK/ICRC UNC MC IDNF MCR ABRT TK0NF AMNF",
		   "every error bit has a name");
	char tiny[6];
	int len = ata_error_names(0xff, tiny, sizeof(tiny));
	tap_ok(len == 40 && strlen(tiny) == 5, "names cut short safely");

	tap_ok(ata_check_range(0, 1, 100) == 0, "first sector in range");
	tap_ok(ata_check_range(99, 1, 100) == 0, "last sector in range");
	tap_ok(ata_check_range(99, 2, 100) == -ERANGE, "one past the end");
	tap_ok(ata_check_range(100, 1, 100) == -ERANGE, "start at the end");
	tap_ok(ata_check_range(5, 0, 100) == -EINVAL, "count 0");
	tap_ok(ata_check_range(~0ull, 2, 100) == -ERANGE &&
		       ata_check_range(1, ~0ull, 100) == -ERANGE,
	       "overflowing ranges refused");

	struct ata_cmd_plan p;
	ata_plan(0, 1000, false, &p);
	tap_ok(!p.lba48 && p.count == 256, "LBA28 drive: 256 per command");
	ata_plan(0, 200, true, &p);
	tap_ok(!p.lba48 && p.count == 200, "short low range: LBA28");
	ata_plan(0, 1000, true, &p);
	tap_ok(p.lba48 && p.count == 1000,
	       "over 256 sectors: one LBA48 command");
	ata_plan(0, 100000, true, &p);
	tap_ok(p.lba48 && p.count == 65536, "LBA48 at most 65536 per command");
	/* Linux's lba_28_ok(): block + n_block < 2^28 - 1, so its last
	 * LBA28 sector is 0x0ffffffd; both sides of that boundary. */
	ata_plan(ATA_LBA28_LIMIT - 3, 1, true, &p);
	tap_ok(!p.lba48, "sector 0x0ffffffd, the last Linux reads by LBA28: "
			 "LBA28");
	ata_plan(ATA_LBA28_LIMIT - 2, 1, true, &p);
	tap_ok(p.lba48, "sector 0x0ffffffe: LBA48, as Linux's lba_28_ok");
	ata_plan(ATA_LBA28_LIMIT - 1, 1, true, &p);
	tap_ok(p.lba48, "sector 0x0fffffff: LBA48");
	ata_plan(ATA_LBA28_LIMIT - 4, 2, true, &p);
	tap_ok(!p.lba48 && p.count == 2, "a range ending at 0x0ffffffd: LBA28");
	ata_plan(ATA_LBA28_LIMIT - 3, 2, true, &p);
	tap_ok(p.lba48 && p.count == 2, "a range ending at 0x0ffffffe: LBA48");
	ata_plan(ATA_LBA28_LIMIT - 1, 2, true, &p);
	tap_ok(p.lba48 && p.count == 2, "a range crossing 2^28: LBA48");
	ata_plan(ATA_LBA28_LIMIT + 5, 1, true, &p);
	tap_ok(p.lba48 && p.lba == ATA_LBA28_LIMIT + 5, "above 2^28: LBA48");

	/* Walking a range as the driver does covers it exactly once. */
	u64 lba = 7, left = 70000, sum_n = 0;
	int cmds = 0;
	while (left) {
		ata_plan(lba, left, false, &p);
		if (p.lba != lba || p.count == 0 || p.count > 256)
			break;
		lba += p.count;
		left -= p.count;
		sum_n += p.count;
		cmds++;
	}
	tap_ok(left == 0 && sum_n == 70000 && cmds == 274,
	       "70000 sectors by LBA28: 274 commands, each sector once");
	return tap_done();
}
