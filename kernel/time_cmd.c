/* kernel/time_cmd.c - the clock's shell commands: `uptime` (both clocks
 * side by side: the TSC and the tick count) and `sleep` (halting between
 * timer interrupts). The clock itself: kernel/time.c. */
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/progress.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "lib/errno.h"
#include "lib/parse.h"

#define SLEEP_MAX_MS (24u * 3600 * 1000)
#define SLEEP_SLICE_MS 10 /* sleep looks for Ctrl-C this often */

static int
cmd_uptime(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!time_tick_period_ps()) {
		printk("uptime: no timer is ticking\n");
		return -ENODEV;
	}
	u64 ms = uptime_shown_ns() / NSEC_PER_MSEC; /* the HPET's, if any */
	u64 tick_ms = ticks_ns() / NSEC_PER_MSEC;
	printk("%llu.%03llu s (%llu ticks; the ticks alone say %llu.%03llu "
	       "s)\n",
	       ms / 1000, ms % 1000, jiffies_read(), tick_ms / 1000,
	       tick_ms % 1000);
	return 0;
}
SHELL_COMMAND(
	"uptime", cmd_uptime,
	"seconds since the timer started, by the TSC and by the tick count",
	"uptime");

/* `sleep MS`: msleep SLEEP_SLICE_MS at a time, so that Ctrl-C can stop it
 * and a long sleep shows its progress; then say how long it really took,
 * by the clock, beside what was asked. */
static int
cmd_sleep(int argc, char **argv)
{
	u32 ms;
	struct progress p;

	if (argc != 2 || parse_u32(argv[1], &ms) < 0)
		return shell_usage();
	if (ms > SLEEP_MAX_MS) {
		printk("sleep: at most %u ms\n", SLEEP_MAX_MS);
		return -EINVAL;
	}
	/* Without a running clock (no PIT) the time cannot be measured:
	 * count what msleep was asked for instead, and say so. */
	bool measured =
		time_tick_period_ps() && (time_have_tick() || tsc_khz());
	u64 j0 = jiffies_read(), t0 = uptime_ns(), elapsed = 0;
	bool stopped = false;
	progress_start(&p, "sleep", ms, 0, "ms");
	while (elapsed < (u64)ms * NSEC_PER_MSEC) {
		if (tty_interrupted()) {
			stopped = true;
			break;
		}
		u32 left = ms - (u32)(elapsed / NSEC_PER_MSEC);
		u32 slice = left < SLEEP_SLICE_MS ? left : SLEEP_SLICE_MS;
		msleep(slice);
		elapsed = measured ? uptime_ns() - t0
				   : elapsed + slice * NSEC_PER_MSEC;
		if (elapsed < (u64)ms * NSEC_PER_MSEC) /* not when done */
			progress_update(&p, elapsed / NSEC_PER_MSEC);
	}
	progress_end(&p, elapsed / NSEC_PER_MSEC);
	u64 us = elapsed / 1000;
	printk("slept %llu.%03llu ms (%llu ticks; asked %u ms%s)%s\n",
	       us / 1000, us % 1000, jiffies_read() - j0, ms,
	       measured ? "" : "; no clock: not measured",
	       stopped ? "; interrupted by Ctrl-C" : "");
	return stopped ? -EINTR : 0;
}
SHELL_COMMAND("sleep", cmd_sleep,
	      "halt until MS milliseconds have passed (timer interrupts); "
	      "Ctrl-C stops it",
	      "sleep MS");
