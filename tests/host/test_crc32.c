/* tests/host/test_crc32.c - lib/crc32.c against published check values and
 * a bit-at-a-time reference, and in pieces as the disk command uses it. */
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "lib/crc32.h"

/* The definition, one bit at a time, with no table: what the table must
 * reproduce. */
static u32
crc32_bitwise(const u8 *p, size_t n)
{
	u32 r = 0xffffffffu;

	while (n--) {
		r ^= *p++;
		for (int i = 0; i < 8; i++)
			r = (r >> 1) ^ (0xedb88320u & -(r & 1));
	}
	return ~r;
}

int
main(void)
{
	static u8 buf[70000];
	const char *nine = "123456789";
	const char *fox = "The quick brown fox jumps over the lazy dog";

	tap_ok(crc32(0, "", 0) == 0, "empty input gives 0");
	/* The catalogue's "check" value for CRC-32/ISO-HDLC (zlib's). */
	tap_ok(crc32(0, nine, 9) == 0xcbf43926u, "check value of '123456789'");
	tap_ok(crc32(0, fox, strlen(fox)) == 0x414fa339u,
	       "zlib.crc32 of the quick brown fox");
	tap_ok(crc32(0, "a", 1) == 0xe8b7be43u, "zlib.crc32(b'a')");

	srand(7);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)rand();
	u32 whole = crc32(0, buf, sizeof(buf));
	tap_ok(whole == crc32_bitwise(buf, sizeof(buf)),
	       "table method equals the bitwise definition (70000 random "
	       "bytes)");

	/* In pieces, as `disk crc` streams a range through a 64 KiB buffer. */
	int pieces_ok = 1;
	size_t cuts[] = {1, 511, 512, 513, 4096, 65536, 69999};
	for (size_t k = 0; k < sizeof(cuts) / sizeof(cuts[0]); k++) {
		u32 c = crc32(0, buf, cuts[k]);
		c = crc32(c, buf + cuts[k], sizeof(buf) - cuts[k]);
		if (c != whole)
			pieces_ok = 0;
	}
	tap_ok(pieces_ok, "continuing from a previous CRC equals one pass");
	tap_ok(crc32(whole, buf, 0) == whole,
	       "zero more bytes changes nothing");

	memset(buf, 0, 512);
	tap_ok(crc32(0, buf, 512) == crc32_bitwise(buf, 512),
	       "a zero sector (the register preset matters)");
	return tap_done();
}
