/* tests/host/test_parse.c - lib/parse.c: decimal and 0x-hex numbers, the
 * edges of u32 and u64, and every way a word can fail to be a number. */
#include "tests/host/tap.h"
#include "lib/errno.h"
#include "lib/parse.h"

int
main(void)
{
	u32 v = 7;
	u64 w = 7;

	tap_ok(parse_u32("0", &v) == 0 && v == 0, "0");
	tap_ok(parse_u32("496", &v) == 0 && v == 496, "decimal");
	tap_ok(parse_u32("0x1f0", &v) == 0 && v == 0x1f0, "hex, lower case");
	tap_ok(parse_u32("0X1F0", &v) == 0 && v == 0x1f0, "hex, upper case");
	tap_ok(parse_u32("4294967295", &v) == 0 && v == 0xffffffffu,
	       "u32 max in decimal");
	tap_ok(parse_u32("0xffffffff", &v) == 0 && v == 0xffffffffu,
	       "u32 max in hex");
	v = 7;
	tap_ok(parse_u32("4294967296", &v) == -EINVAL && v == 7,
	       "u32 max + 1 refused, *out untouched");
	tap_ok(parse_u32("0x100000000", &v) == -EINVAL,
	       "0x1_0000_0000 refused");
	tap_ok(parse_u32("99999999999999999999999", &v) == -EINVAL,
	       "a long number refused, not wrapped");
	tap_ok(parse_u32("", &v) == -EINVAL, "empty word refused");
	tap_ok(parse_u32(NULL, &v) == -EINVAL, "NULL refused");
	tap_ok(parse_u32("0x", &v) == -EINVAL, "0x alone refused");
	tap_ok(parse_u32("12z", &v) == -EINVAL, "trailing junk refused");
	tap_ok(parse_u32("-1", &v) == -EINVAL, "a sign refused");
	tap_ok(parse_u32(" 1", &v) == -EINVAL, "a leading space refused");
	tap_ok(parse_u32("1f", &v) == -EINVAL, "hex digits need 0x");
	tap_ok(parse_u32("0xg", &v) == -EINVAL, "not a hex digit");
	tap_ok(parse_u64("0xffffffffffffffff", &w) == 0 && w == ~0ULL,
	       "u64 max in hex");
	tap_ok(parse_u64("18446744073709551615", &w) == 0 && w == ~0ULL,
	       "u64 max in decimal");
	tap_ok(parse_u64("18446744073709551616", &w) == -EINVAL,
	       "u64 max + 1 refused");
	tap_ok(parse_u64("0x10000000000000000", &w) == -EINVAL,
	       "17 hex digits refused");
	tap_ok(parse_u64("9007199254740993", &w) == 0 &&
		       w == 9007199254740993ULL,
	       "2^53 + 1 exact (no floating point)");
	return tap_done();
}
