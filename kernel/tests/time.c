/* kernel/tests/time.c - in-kernel tests of the time core's busy waits
 * (kernel/time.c): the bound of a timeout in TSC cycles, udelay, and
 * poll_timeout's contract (true at once, a count of evaluations, a bound
 * that runs out, the one last look after the bound); and ticks turned
 * into ns where ticks times the period passes 2^64. How long a wait lasts
 * by a clock other than the TSC: drivers/pit_ktest.c. */
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define BOUND_US 2000

/* How many microseconds of TSC cycles since t0 (by the boot's rate). */
static u64
us_since(u64 t0)
{
	return (rdtsc() - t0) * USEC_PER_MSEC / tsc_khz();
}

KTEST(time, timeout_bound_in_tsc_cycles)
{
	struct timeout t;

	if (!tsc_khz()) {
		KT_SKIP(kt, "the TSC was not calibrated at boot");
		return;
	}
	timeout_start(&t, 1000); /* 1 ms: the kHz rate, in cycles */
	KT_EXPECT_EQ(kt, t.cycles, tsc_khz());
	timeout_start(&t, 1); /* rounded up, never 0 */
	KT_EXPECT_EQ(kt, t.cycles, (tsc_khz() + 999) / 1000);
	timeout_start(&t, 30 * USEC_PER_SEC); /* ATA's 30 s: no overflow */
	KT_EXPECT_EQ(kt, t.cycles, 30ull * 1000 * tsc_khz());
	KT_EXPECT(kt, !timeout_expired(&t));
	timeout_start(&t, 0);
	KT_EXPECT(kt, timeout_expired(&t));
}

KTEST(time, udelay_waits_at_least_as_asked)
{
	if (!tsc_khz()) {
		KT_SKIP(kt, "the TSC was not calibrated at boot");
		return;
	}
	u64 t0 = rdtsc();
	udelay(BOUND_US);
	KT_EXPECT(kt, us_since(t0) >= BOUND_US);
	t0 = rdtsc();
	mdelay(3);
	KT_EXPECT(kt, us_since(t0) >= 3000);
}

/* A condition that holds only on its second look, and whose first look
 * takes longer than the whole bound (a host that stalled the guest). */
static bool
true_after_a_stall(int *looks)
{
	if ((*looks)++ == 0) {
		udelay(2 * BOUND_US);
		return false;
	}
	return true;
}

KTEST(time, poll_timeout_contract)
{
	int looks = 0, ret;
	u32 v = 0, n = 0;
	u64 t0;

	if (!tsc_khz()) {
		KT_SKIP(kt, "the TSC was not calibrated at boot");
		return;
	}
	/* True at once: 0, one look, no waiting. */
	t0 = rdtsc();
	ret = poll_timeout(++looks > 0, 10 * USEC_PER_SEC);
	KT_EXPECT_EQ(kt, ret, 0);
	KT_EXPECT_EQ(kt, looks, 1);
	KT_EXPECT(kt, us_since(t0) < 10 * USEC_PER_SEC);

	/* True on the 1000th read: val holds what cond saw. */
	ret = read_poll_timeout(v, ++n, v == 1000, 10 * USEC_PER_SEC);
	KT_EXPECT_EQ(kt, ret, 0);
	KT_EXPECT_EQ(kt, v, 1000);
	KT_EXPECT_EQ(kt, n, 1000);

	/* Never true: -ETIMEDOUT after the bound, val the last read. */
	n = 0;
	t0 = rdtsc();
	ret = read_poll_timeout(v, ++n, v == 0, BOUND_US);
	KT_EXPECT_EQ(kt, ret, -ETIMEDOUT);
	KT_EXPECT(kt, us_since(t0) >= BOUND_US);
	KT_EXPECT_EQ(kt, v, n);
	KT_EXPECT(kt, n > 1);

	/* Stalled past the bound on the first look: one more look, and it
	 * is true, so no timeout. */
	looks = 0;
	ret = poll_timeout(true_after_a_stall(&looks), BOUND_US);
	KT_EXPECT_EQ(kt, ret, 0);
	KT_EXPECT_EQ(kt, looks, 2);
}

/* ticks_ns()'s arithmetic past 2^64. The values were worked out with exact
 * integer arithmetic (Python): 3 * 10^10 ticks of the PIT's 1000 Hz tick
 * (1193 / 1193182 Hz = 999847746 ps) is 347 days, where ticks times the
 * period is 3.0 * 10^19 and would wrap 2^64 (then the result would read
 * 11548688306290448 ns, 133 days). */
KTEST(time, ticks_to_ns_past_two_to_the_64)
{
	KT_EXPECT_EQ(kt, ticks_to_ns(30000000000ull, 999847746),
		     29995432380000000ull);
	KT_EXPECT_EQ(kt, ticks_to_ns(30000000123ull, 999847746),
		     29995432502981272ull);
	KT_EXPECT_EQ(kt, ticks_to_ns(1099511627783ull, 999847746),
		     1099344222739623527ull);
	KT_EXPECT_EQ(kt, ticks_to_ns(1, 999847746), 999847ull);
}
