/* lib/crc32.c - CRC-32 (IEEE 802.3 / zlib), one table lookup per byte.
 *
 * A CRC is the remainder of dividing the message, read as a polynomial over
 * GF(2), by a generator polynomial. Shifting the message through bit by bit
 * costs eight steps per byte; a table of the 256 possible one-byte steps
 * does a byte at a time (Sarwate's method). The bit order is reversed
 * ("reflected"), as serial links send the low bit first, so the register
 * shifts right and the polynomial 0x04C11DB7 appears as 0xEDB88320.
 * Definition: ISO/IEC 3309, ITU-T V.42 section 8.1.1.6.2; RFC 1952 section 8
 * (gzip) gives the same algorithm.
 */
#include "lib/crc32.h"

/* The polynomial 0x04C11DB7 with its bits reversed (the LSB-first form). */
#define CRC32_POLY_REVERSED 0xedb88320u

static u32 crc32_table[256];

/* crc32_table[b] = what eight single-bit steps do to a register holding b. */
static void
crc32_build_table(void)
{
	for (u32 b = 0; b < 256; b++) {
		u32 r = b;

		for (int bit = 0; bit < 8; bit++)
			r = (r & 1) ? (r >> 1) ^ CRC32_POLY_REVERSED : r >> 1;
		crc32_table[b] = r;
	}
}

u32
crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	if (!crc32_table[1]) /* entry 1 is never 0 once built */
		crc32_build_table();
	/* The register starts as all ones and the result is inverted; doing
	 * both here lets one call continue where the last one stopped. */
	crc = ~crc;
	while (len--)
		crc = crc32_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
