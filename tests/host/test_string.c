/* tests/host/test_string.c - lib/string.c on the host, under other names.
 * Built with -include tests/host/string_rename.h (see host.mk). */
#include <string.h>
#include "tests/host/tap.h"
#include "lib/string.h"

int
main(void)
{
	char a[32], b[32];

	tap_ok(lib_strlen("") == 0 && lib_strlen("abc") == 3, "strlen");
	tap_ok(lib_strnlen("abcdef", 4) == 4, "strnlen stops at max");
	tap_ok(lib_strcmp("abc", "abc") == 0 && lib_strcmp("abc", "abd") < 0 &&
		       lib_strcmp("b", "a") > 0 && lib_strcmp("ab", "abc") < 0,
	       "strcmp orders");
	tap_ok(lib_strncmp("abcX", "abcY", 3) == 0 &&
		       lib_strncmp("abcX", "abcY", 4) < 0,
	       "strncmp compares n bytes");
	const char *h = "hello";
	tap_ok(lib_strchr(h, 'l') == h + 2, "strchr finds the first");
	tap_ok(lib_strchr("hello", 'z') == NULL, "strchr misses");
	lib_memset(a, 'x', sizeof(a));
	tap_ok(a[0] == 'x' && a[31] == 'x', "memset fills");
	lib_memcpy(b, "0123456789", 11);
	tap_ok(!memcmp(b, "0123456789", 11), "memcpy copies");
	lib_memmove(b + 2, b, 5);
	tap_ok(!memcmp(b, "0101234789", 10), "memmove forward overlap");
	lib_memmove(b, b + 2, 5);
	tap_ok(!memcmp(b, "0123434789", 10), "memmove backward overlap");
	tap_ok(lib_memcmp("ab", "ac", 2) < 0 && lib_memcmp("ab", "ab", 2) == 0,
	       "memcmp");
	/* memset and memcpy go by words in the middle: every alignment of
	 * source and destination, every length around the word size, against
	 * the C library, with the bytes around the range untouched. */
	unsigned char buf[64], ref[64], src[64];
	int bad = 0;
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len <= 40; len++) {
			memset(buf, 0xee, sizeof(buf));
			memset(ref, 0xee, sizeof(ref));
			bad |= lib_memset(buf + off,
					  0x5a5 /* as a byte: 0xa5 */,
					  len) != buf + off;
			memset(ref + off, 0xa5, len);
			bad |= memcmp(buf, ref, sizeof(buf)) != 0;
		}
	tap_ok(!bad, "memset: offsets 0-7, lengths 0-40, only the range set, "
		     "to the low byte of c");
	bad = 0;
	for (size_t doff = 0; doff < 8; doff++)
		for (size_t soff = 0; soff < 8; soff++)
			for (size_t len = 0; len <= 40; len++) {
				memset(buf, 0xee, sizeof(buf));
				memset(ref, 0xee, sizeof(ref));
				bad |= lib_memcpy(buf + doff, src + soff,
						  len) != buf + doff;
				memcpy(ref + doff, src + soff, len);
				bad |= memcmp(buf, ref, sizeof(buf)) != 0;
			}
	tap_ok(!bad, "memcpy: every source and destination offset 0-7, lengths "
		     "0-40, equal to the C library's, nothing else written");
	bad = 0;
	for (size_t doff = 0; doff < 16; doff++)
		for (size_t soff = 0; soff < 16; soff++)
			for (size_t len = 0; len + MAX(doff, soff) <= 48;
			     len++) {
				memcpy(buf, src, sizeof(buf));
				memcpy(ref, src, sizeof(ref));
				lib_memmove(buf + doff, buf + soff, len);
				memmove(ref + doff, ref + soff, len);
				bad |= memcmp(buf, ref, sizeof(buf)) != 0;
			}
	tap_ok(!bad, "memmove: overlapping both ways at every offset 0-15");

	size_t n = lib_strlcpy(a, "porthole", 5);
	tap_ok(n == 8 && !strcmp(a, "port"),
	       "strlcpy truncates, returns strlen");
	n = lib_strlcpy(a, "io", sizeof(a));
	tap_ok(n == 2 && !strcmp(a, "io"), "strlcpy copies whole");
	return tap_done();
}
