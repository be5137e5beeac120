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
	size_t n = lib_strlcpy(a, "porthole", 5);
	tap_ok(n == 8 && !strcmp(a, "port"), "strlcpy truncates, returns strlen");
	n = lib_strlcpy(a, "io", sizeof(a));
	tap_ok(n == 2 && !strcmp(a, "io"), "strlcpy copies whole");
	return tap_done();
}
