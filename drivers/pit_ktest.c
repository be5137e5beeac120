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
/* What one measurement of a wait of ms may be short by: a count read is
 * off by up to one count (838 ns) at each end, the ms are rounded, and the
 * TSC's rate is known to about 500 ppm (kernel/time.c) -- on real hardware
 * too, where the PIT and the TSC run from different crystals, and an SMI
 * can stretch one sample. Under TCG on a busy host one 30 ms wait in about
 * ten came out 1.5 ms short by counter 2 (QEMU computes the count from its
 * own clock at each access); 5 % covers that. */
#define SHORT_MS(ms) ((ms) / 20 + 1)
/* tsc_calibrate_end waits past TSC_CAL_MS for samples it can trust, up to
 * 4 times as long (kernel/time.c, TSC_CAL_MAX_WAIT), and a busy host can
 * add a tick of its own. */
#define CAL_MAX_MS (4 * TSC_CAL_MS + 1)

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
	/* Nothing in between: it waits the 10 ms itself (longer when a sample
	 * was too unsure to use). */
	tsc_calibrate_start(&pit_ch2_ref);
	khz = tsc_calibrate_end(&ms);
	KT_EXPECT(kt, ms >= TSC_CAL_MS && ms <= CAL_MAX_MS);
	KT_EXPECT(kt, agrees(khz));

	/* 20 ms of other work in between: counted, not waited for. */
	t0 = rdtsc();
	tsc_calibrate_start(&pit_ch2_ref);
	mdelay(20);
	bool late = rdtsc() - t0 > (u64)tsc_khz() * 50; /* host stalled us */
	khz = tsc_calibrate_end(&ms);
	KT_EXPECT(kt, late || (ms >= 20 - SHORT_MS(20) && ms <= 55));
	KT_EXPECT(kt, agrees(khz));

	/* 70 ms: counter 2 reached 0 (54.9 ms); it starts over for 10 ms. */
	tsc_calibrate_start(&pit_ch2_ref);
	mdelay(70);
	khz = tsc_calibrate_end(&ms);
	KT_EXPECT(kt, ms >= TSC_CAL_MS && ms <= CAL_MAX_MS);
	KT_EXPECT(kt, agrees(khz));
}

/* How often a delay is measured again when the TSC and counter 2 disagree
 * about the window itself (see below). */
#define DELAY_TRIES 6

/* Time one wait of want_ms (by the TSC: kind 0 mdelay, 1 poll_timeout)
 * with counter 2: returns true when the two clocks agree about the whole
 * window, with counter 2's ms in *ms. Under TCG the TSC is the host's,
 * and a host that runs the emulator on several CPUs whose TSCs differ
 * (a virtual machine itself, here) can make it jump when the emulator's
 * thread moves: then neither number says anything about the delay. */
static bool
time_delay(int kind, u32 want_ms, u32 *ms, int *ret)
{
	u64 t0 = rdtsc();

	tsc_calibrate_start(&pit_ch2_ref);
	if (kind == 0)
		mdelay(want_ms);
	else
		*ret = poll_timeout(false, want_ms * USEC_PER_MSEC);
	tsc_calibrate_end(ms);
	u32 window = (u32)((rdtsc() - t0) / tsc_khz());
	u32 diff = window > *ms ? window - *ms : *ms - window;
	return diff <= SHORT_MS(window);
}

/* mdelay and poll_timeout count by the TSC; counter 2 counts the same wait
 * by its own 1193182 Hz clock: never shorter than asked. */
KTEST(pit, delays_last_as_long_as_counter_2_says)
{
	static const u32 want[2] = {30, 25};
	u32 ms = 0;
	int ret = 0;

	if (!tsc_khz()) {
		KT_SKIP(kt, "the TSC was not calibrated at boot (no PIT?)");
		return;
	}
	for (int kind = 0; kind < 2; kind++) {
		bool agreed = false;
		for (int i = 0; i < DELAY_TRIES && !agreed; i++)
			agreed = time_delay(kind, want[kind], &ms, &ret);
		KT_EXPECT(kt, agreed); /* the clocks agreed at least once */
		KT_EXPECT(kt, ms >= want[kind] - SHORT_MS(want[kind]));
		if (kind == 1)
			KT_EXPECT_EQ(kt, ret, -ETIMEDOUT);
	}
}
