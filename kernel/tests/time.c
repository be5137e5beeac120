/* kernel/tests/time.c - in-kernel tests of the time core's busy waits
 * (kernel/time.c): the bound of a timeout in TSC cycles, udelay, and
 * poll_timeout's contract (true at once, a count of evaluations, a bound
 * that runs out, the one last look after the bound). How long a wait lasts
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
