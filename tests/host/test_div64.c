/* tests/host/test_div64.c - lib/div64.c's 64-bit division against the host's
 * own: each of its three ways (both halves 32-bit, a 32-bit divisor by two
 * DIVs, a 64-bit divisor bit by bit) on edge values and on random ones
 * (seed printed; pass SEED to the binary to replay). */
#include <stdio.h>
#include <stdlib.h>
#include "tests/host/tap.h"
#include "lib/types.h"

u64 __udivmoddi4(u64 n, u64 d, u64 *rem);
s64 __divdi3(s64 n, s64 d);
s64 __moddi3(s64 n, s64 d);

static u64 state;

static u64
rnd(void)
{
	/* xorshift64*, then a random width, so every magnitude comes up. */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	u64 v = state * 2685821657736338717ULL;
	unsigned bits = (unsigned)(v >> 58) + 1; /* 1..64 */
	return bits == 64 ? v : v & ((1ULL << bits) - 1);
}

static int
check(u64 n, u64 d)
{
	u64 r = 0xdeadbeef, q = __udivmoddi4(n, d, &r);

	if (q == n / d && r == n % d)
		return 1;
	printf("# %llu / %llu: got %llu rem %llu, want %llu rem %llu\n",
	       (unsigned long long)n, (unsigned long long)d,
	       (unsigned long long)q, (unsigned long long)r,
	       (unsigned long long)(n / d), (unsigned long long)(n % d));
	return 0;
}

int
main(int argc, char **argv)
{
	static const u64 edge[] = {1,
				   2,
				   3,
				   7,
				   1000,
				   0xffffffffULL,
				   0x100000000ULL,
				   0x100000001ULL,
				   0xfffffffffULL,
				   0x7fffffffffffffffULL,
				   0x8000000000000000ULL,
				   0xffffffffffffffffULL};
	int n = sizeof(edge) / sizeof(edge[0]), ok = 1;

	state = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x9e3779b97f4a7c15ULL;
	printf("# seed 0x%llx\n", (unsigned long long)state);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			ok &= check(edge[i], edge[j]);
	tap_ok(ok, "edge values: every pair, quotient and remainder");

	int by32 = 1, by64 = 1, small = 1;
	for (int i = 0; i < 200000; i++) {
		u64 a = rnd(), b = rnd();
		if (!b)
			continue;
		if (a >> 32 == 0 && b >> 32 == 0)
			small &= check(a, b);
		else if (b >> 32 == 0)
			by32 &= check(a, b);
		else
			by64 &= check(a, b);
	}
	tap_ok(small, "random: 32-bit by 32-bit (one DIV)");
	tap_ok(by32, "random: 64-bit by a 32-bit divisor (two DIVs)");
	tap_ok(by64, "random: 64-bit divisors (bit by bit)");
	tap_ok(__divdi3(-7, 2) == -3 && __moddi3(-7, 2) == -1 &&
		       __divdi3(7, -2) == -3 && __moddi3(7, -2) == 1 &&
		       __divdi3(-0x100000000LL * 3, 3) == -0x100000000LL,
	       "signed: truncates toward zero, remainder takes the dividend's "
	       "sign");
	return tap_done();
}
