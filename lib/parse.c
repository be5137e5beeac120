/* lib/parse.c - numbers typed by a person: decimal, or hex after 0x.
 *
 * Shell commands and kernel options take port numbers, addresses, sizes
 * and counts. One parser for all of them, so `0x1f0` and `496` mean the
 * same thing everywhere, and a number that does not fit is an error instead
 * of silently wrapping. Host-tested in tests/host/test_parse.c.
 */
#include "lib/parse.h"
#include "lib/errno.h"

static int
parse_digits(const char *s, u64 max, u64 *out)
{
	unsigned base = 10;
	u64 v = 0;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (max - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int
parse_u64(const char *s, u64 *out)
{
	return parse_digits(s, ~0ULL, out);
}

int
parse_u32(const char *s, u32 *out)
{
	u64 v;
	int err = parse_digits(s, 0xffffffffULL, &v);

	if (!err)
		*out = (u32)v;
	return err;
}
