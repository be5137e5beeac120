/* lib/crc32.c - the CRC-32 checksum (IEEE 802.3 polynomial), bit-reflected.
 *
 * The polynomial x^32 + x^26 + x^23 + ... + 1 is 0x04C11DB7; processed
 * least significant bit first it becomes 0xEDB88320 (ISO 3309, IEEE 802.3
 * clause 3.2.9). The register starts at all ones and is inverted at the
 * end, which is why crc32() inverts on the way in and out: the caller keeps
 * the finished value and can pass it back to continue.
 *
 * A 256-entry table (built on first use, 1 KiB) does a byte per step.
 */
#include "lib/crc32.h"

#define CRC32_POLY_REFLECTED 0xedb88320u

static u32 table[256];
static bool table_ready;

static void
crc32_make_table(void)
{
	for (u32 n = 0; n < 256; n++) {
		u32 c = n;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? CRC32_POLY_REFLECTED ^ (c >> 1) : c >> 1;
		table[n] = c;
	}
	table_ready = true;
}

u32
crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	if (!table_ready)
		crc32_make_table();
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
