/* lib/div64.c - 64-bit division for the 32-bit kernel.
 *
 * i386 has no instruction that divides a 64-bit number by a 64-bit number,
 * so GCC turns `u64 / u64` into calls to __udivdi3 and `u64 % u64` into
 * __umoddi3, normally found in libgcc. A freestanding kernel brings its
 * own. Most divisors fit in 32 bits (cycles by a TSC rate in kHz,
 * microseconds by 1000): then two DIVs do it, long division by hand in
 * base 2^32. DIV divides EDX:EAX by a 32-bit number (Intel SDM vol. 2,
 * DIV), and because each step's remainder is below the divisor, the next
 * step's quotient fits in EAX. Only a divisor wider than 32 bits takes
 * plain shift-and-subtract long division, one quotient bit per step (some
 * two thousand instructions).
 */
#include "lib/types.h"

u64 __udivmoddi4(u64 n, u64 d, u64 *rem);
u64 __udivdi3(u64 n, u64 d);
u64 __umoddi3(u64 n, u64 d);
s64 __divdi3(s64 n, s64 d);
s64 __moddi3(s64 n, s64 d);

u64
__udivmoddi4(u64 n, u64 d, u64 *rem)
{
	u64 q = 0, r = 0;

	if (d == 0) { /* as the hardware would: raise #DE */
		volatile u32 zero = 0;
		return 1 / zero;
	}
	if (n >> 32 == 0 && d >> 32 == 0) {
		/* The common case fits one 32-bit DIV. */
		q = (u32)n / (u32)d;
		r = (u32)n % (u32)d;
	} else if (d >> 32 == 0) {
		u32 dd = (u32)d, hi = (u32)(n >> 32), lo = (u32)n, qlo, rr;

		q = (u64)(hi / dd) << 32;
		rr = hi % dd; /* below dd, so rr:lo / dd fits 32 bits */
		__asm__("divl %4"
			: "=a"(qlo), "=d"(rr)
			: "a"(lo), "d"(rr), "rm"(dd));
		q |= qlo;
		r = rr;
	} else {
		for (int i = 63; i >= 0; i--) {
			r = (r << 1) | ((n >> i) & 1);
			if (r >= d) {
				r -= d;
				q |= 1ULL << i;
			}
		}
	}
	if (rem)
		*rem = r;
	return q;
}

u64
__udivdi3(u64 n, u64 d)
{
	return __udivmoddi4(n, d, NULL);
}

u64
__umoddi3(u64 n, u64 d)
{
	u64 r;

	__udivmoddi4(n, d, &r);
	return r;
}

s64
__divdi3(s64 n, s64 d)
{
	bool neg = (n < 0) != (d < 0);
	u64 q = __udivmoddi4(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d,
			     NULL);

	return neg ? -(s64)q : (s64)q;
}

s64
__moddi3(s64 n, s64 d)
{
	u64 r;

	__udivmoddi4(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
	return n < 0 ? -(s64)r : (s64)r;
}
