/* drivers/pit_ktest.c - in-kernel tests of the TSC calibration against PIT
 * counter 2 (kernel/time.c's arithmetic over drivers/pit.c's counter):
 * measured at once, over other work, and after the counter ran out; each
 * time it must agree with the boot's result. And the TSC-bounded delays,
 * timed by counter 2, which does not depend on the TSC they count by. */
#include "drivers/pit.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define AGREE_PERMILLE 10 /* 1 %: an emulator's TSC wobbles a little */

static bool
agrees(u32 khz)
{
	u32 boot = tsc_khz(), diff = khz > boot ? khz - boot : boot - khz;

	return (u64)diff * 1000 <= (u64)boot * AGREE_PERMILLE;
}

KTEST(pit, tsc_calibration_waits_counts_and_restarts)
{
	u32 ms = 0, khz;
	u64 t0;

	if (!tsc_khz()) {
		KT_SKIP(kt, "the TSC was not calibrated at boot (no PIT?)");
		return;
	}
	/* Nothing in between: it waits the 10 ms itself. */
	tsc_calibrate_start(&pit_ch2_ref);
	khz = tsc_calibrate_end(&ms);
	KT_EXPECT_EQ(kt, ms, 10);
	KT_EXPECT(kt, agrees(khz));

	/* 20 ms of other work in between: counted, not waited for. */
	t0 = rdtsc();
	tsc_calibrate_start(&pit_ch2_ref);
	mdelay(20);
	bool late = rdtsc() - t0 > (u64)tsc_khz() * 50; /* host stalled us */
	khz = tsc_calibrate_end(&ms);
	KT_EXPECT(kt, late || (ms >= 20 && ms <= 55));
	KT_EXPECT(kt, agrees(khz));

	/* 70 ms: counter 2 reached 0 (54.9 ms); it starts over for 10 ms. */
	tsc_calibrate_start(&pit_ch2_ref);
	mdelay(70);
	khz = tsc_calibrate_end(&ms);
	KT_EXPECT_EQ(kt, ms, 10);
	KT_EXPECT(kt, agrees(khz));
}

/* mdelay and poll_timeout count by the TSC; counter 2 counts the same wait
 * by its own 1193182 Hz clock. */
KTEST(pit, delays_last_as_long_as_counter_2_says)
{
	u32 ms = 0;
	u64 t0;
	int ret;

	if (!tsc_khz()) {
		KT_SKIP(kt, "the TSC was not calibrated at boot (no PIT?)");
		return;
	}
	t0 = rdtsc();
	tsc_calibrate_start(&pit_ch2_ref);
	mdelay(30);
	bool late = rdtsc() - t0 > (u64)tsc_khz() * 50; /* host stalled us */
	tsc_calibrate_end(&ms);
	KT_EXPECT(kt, ms >= 30);
	KT_EXPECT(kt, late || ms <= 33);

	t0 = rdtsc();
	tsc_calibrate_start(&pit_ch2_ref);
	ret = poll_timeout(false, 25 * USEC_PER_MSEC);
	late = rdtsc() - t0 > (u64)tsc_khz() * 50;
	tsc_calibrate_end(&ms);
	KT_EXPECT_EQ(kt, ret, -ETIMEDOUT);
	KT_EXPECT(kt, ms >= 25);
	KT_EXPECT(kt, late || ms <= 28);
}
