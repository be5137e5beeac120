/* tests/host/test_vsprintf.c - the formatter behind printk, on the host. */
#include <limits.h>
#include <string.h>
#include "tests/host/tap.h"

/* porthole's snprintf: lib_snprintf on the host (tests/host/host_rename.h). */
#include "lib/vsprintf.h"

static char buf[256];

#define CHECK(want, ...)                                                       \
	do {                                                                   \
		lib_snprintf(buf, sizeof(buf), __VA_ARGS__);                   \
		tap_eq_str(buf, want, #__VA_ARGS__);                           \
	} while (0)

int
main(void)
{
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("4294967295", "%u", 4294967295u);
	CHECK("ff", "%x", 255);
	CHECK("FF", "%X", 255);
	CHECK("deadbeef", "%lx", 0xdeadbeefUL);
	CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	/* Across the 32-bit fast path of emit_number: the first digits come
	 * from a 64-bit division, the rest from a 32-bit one. */
	CHECK("4294967296", "%llu", 4294967296ULL);
	CHECK("100000000", "%llx", 0x100000000ULL);
	CHECK("10000000000000000000", "%llu", 10000000000000000000ULL);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("0x0000000000001234", "%p", (void *)0x1234);
	CHECK("hello", "%s", "hello");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("x", "%c", 'x');
	CHECK("100%", "%d%%", 100);
	CHECK("   42", "%5d", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("0060", "%04x", 0x60);
	CHECK("12345", "%04x", 0x12345);
	CHECK("hel", "%.3s", "hello");
	CHECK("  hel", "%5.3s", "hello");
	CHECK("ab   |", "%-5s|", "ab");
	CHECK("   ab", "%*s", 5, "ab");
	CHECK("ab   |", "%*s|", -5, "ab");
	CHECK("he", "%.*s", 2, "hello");
	CHECK("ff", "%hhx", 0x1ff);
	CHECK("ffff", "%hx", 0x1ffff);
	CHECK("17", "%o", 15);
	CHECK("10", "%zu", (size_t)10);
	CHECK("%q", "%q");
	CHECK("end%", "end%");

	/* Truncation: the C99 return value, always NUL-terminated. */
	char small[4];
	int n = lib_snprintf(small, sizeof(small), "%s", "abcdef");
	tap_ok(n == 6, "snprintf returns the untruncated length (%d)", n);
	tap_eq_str(small, "abc", "snprintf truncates and terminates");
	n = lib_snprintf(NULL, 0, "%d", 12345);
	tap_ok(n == 5, "snprintf(NULL, 0) measures (%d)", n);
	return tap_done();
}
