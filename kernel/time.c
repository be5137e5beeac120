/* kernel/time.c - ticks, uptime, sleep.
 *
 * A timer driver (drivers/pit.c) interrupts periodically and calls
 * time_tick(); the count of those ticks is Linux's "jiffies". Ticks times
 * the real tick period (kept in picoseconds, so that a period like 1193 /
 * 1193182 Hz = 999847.3 ns does not drift by rounding) is one clock.
 *
 * But a tick that comes while the previous one is still pending at the PIC
 * is lost: the 8259A has one request bit per line. Under an emulator on a
 * busy host that happens often (a few percent). So, as Linux does with its
 * "clocksource", time is read from a free-running counter instead: the
 * TSC, once the timer driver has calibrated it; ticks still wake the CPU.
 * `uptime` shows both, and the difference is the lost ticks.
 *
 * msleep() shows the point of an interrupt-driven clock: instead of
 * spinning, the CPU executes HLT and sleeps until the next interrupt. "sti;
 * hlt" is safe against the race where the tick arrives between the check
 * and the HLT, because STI takes effect only after the next instruction.
 */
#include "kernel/time.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "kernel/command.h"
#include "kernel/progress.h"
#include "kernel/tty.h"
#include "lib/parse.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define NO_TIMER_DELAYS_PER_MS 1000 /* io_delay() is ~1 us on ISA */
#define SLEEP_MAX_MS (24u * 3600 * 1000)
#define SLEEP_SLICE_MS 10 /* sleep checks for Ctrl-C this often */

static volatile u64 jiffies;
static u64 tick_ps;
static u32 tsc_freq_khz;
static u64 tsc_at_start; /* TSC when the tick started: time zero */
static bool tick_dead;	 /* the timer was set up but never ticked */

void
time_set_tick(u64 ps)
{
	tick_ps = ps;
	tsc_at_start = rdtsc();
}

void
time_tick(void)
{
	jiffies++;
}

void
time_tick_missing(void)
{
	tick_dead = true;
}

bool
time_have_tick(void)
{
	return tick_ps != 0 && !tick_dead;
}

u64
jiffies_read(void)
{
	u32 flags = irq_save(); /* a u64 is two loads on i386 */
	u64 j = jiffies;

	irq_restore(flags);
	return j;
}

static u64
ticks_ns(void)
{
	return jiffies_read() * tick_ps / 1000;
}

static u64
tsc_ns(void)
{
	u64 cycles = rdtsc() - tsc_at_start;

	/* cycles / kHz = ms; split so that cycles * 10^6 cannot overflow */
	return cycles / tsc_freq_khz * NSEC_PER_MSEC +
	       cycles % tsc_freq_khz * NSEC_PER_MSEC / tsc_freq_khz;
}

u64
uptime_ns(void)
{
	if (tsc_freq_khz && tick_ps)
		return tsc_ns();
	return ticks_ns();
}

void
time_set_tsc_khz(u32 khz)
{
	tsc_freq_khz = khz;
}

u32
tsc_khz(void)
{
	return tsc_freq_khz;
}

void
msleep(u32 ms)
{
	if (tick_dead && tsc_freq_khz) { /* no tick would end a HLT: spin */
		u64 t0 = rdtsc(), cycles = (u64)tsc_freq_khz * ms;
		while (rdtsc() - t0 < cycles)
			__asm__ volatile("pause");
		return;
	}
	if (!tick_ps || tick_dead) {
		for (u32 i = 0; i < ms * NO_TIMER_DELAYS_PER_MS; i++)
			io_delay();
		return;
	}
	u64 end = uptime_ns() + ms * NSEC_PER_MSEC;
	u32 flags = read_eflags();

	/* Round up to whole ticks: sleeping 1 ms must not return at once
	 * when a tick happens to be due. */
	end += tick_ps / 1000 - 1;
	while (uptime_ns() < end)
		__asm__ volatile("sti; hlt" ::: "memory");
	if (!(flags & EFLAGS_IF))
		cli();
}

static int
cmd_uptime(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!tick_ps) {
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
SHELL_COMMAND("uptime", cmd_uptime,
	      "seconds since the timer started (from the tick count)",
	      "uptime");

/* `sleep MS`: msleep a tick at a time (at most SLEEP_SLICE_MS), so that
 * Ctrl-C can stop it and a long sleep shows its progress; then say how
 * long it really took, by the clock, beside what was asked. */
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
	bool measured = tick_ps && !(tick_dead && !tsc_freq_khz);
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
