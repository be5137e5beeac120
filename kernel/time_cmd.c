/* kernel/time_cmd.c - the clock's shell commands: `uptime` (both clocks
 * side by side: the TSC and the tick count) and `sleep` (halting between
 * timer interrupts). The clock itself: kernel/time.c. */
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/parse.h"

#define SLEEP_MAX_MS (24u * 3600 * 1000)

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
	u64 ms = uptime_ns() / NSEC_PER_MSEC;
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

static int
cmd_sleep(int argc, char **argv)
{
	u32 ms;

	if (argc != 2 || parse_u32(argv[1], &ms) < 0)
		return shell_usage();
	if (ms > SLEEP_MAX_MS) {
		printk("sleep: at most %u ms\n", SLEEP_MAX_MS);
		return -EINVAL;
	}
	u64 t0 = jiffies_read();
	msleep(ms);
	printk("slept %u ms (%llu ticks)\n", ms, jiffies_read() - t0);
	return 0;
}
SHELL_COMMAND("sleep", cmd_sleep,
	      "halt until MS milliseconds have passed (timer interrupts)",
	      "sleep MS");
