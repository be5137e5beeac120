/* tests/host/test_crc32.c - lib/crc32.c against zlib's values. */
#include <string.h>
#include "tests/host/tap.h"
#include "lib/crc32.h"

int
main(void)
{
	static unsigned char big[5000];
	const char *check = "123456789";

	/* The catalogued check value of CRC-32/ISO-HDLC (= zlib's crc32). */
	tap_ok(crc32(0, check, 9) == 0xcbf43926u, "check value of \"123456789\"");
	tap_ok(crc32(0, "", 0) == 0, "empty input gives 0");
	tap_ok(crc32(0, "a", 1) == 0xe8b7be43u, "one byte 'a'");
	tap_ok(crc32(0, "The quick brown fox jumps over the lazy dog", 43) ==
		       0x414fa339u,
	       "the quick brown fox");
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + (i >> 5));
	u32 whole = crc32(0, big, sizeof(big));
	u32 part = crc32(0, big, 1234);
	part = crc32(part, big + 1234, sizeof(big) - 1234);
	tap_ok(whole == part, "in two pieces = all at once (%08x)", whole);
	big[4321] ^= 0x10;
	tap_ok(crc32(0, big, sizeof(big)) != whole, "one flipped bit changes it");
	return tap_done();
}
