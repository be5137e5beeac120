/* kernel/clocksource_cmd.c - `clocksource`: the clocks porthole has, side
 * by side (kernel/time.h, struct clocksource).
 *
 * Four counters of the same thing, time, reached four ways: the TSC by an
 * instruction (RDTSC: the CPU's own register), the HPET by an MMIO load
 * (the chipset answers a memory address), the ACPI PM timer by one port
 * read, PIT counter 0 by a latch command and two port reads. What one
 * read costs, in TSC cycles, is the PIO-vs-MMIO lesson told by a second
 * kind of device (docs/mmio.md tells it with the VGA card's registers).
 *
 * Then all of them are sampled together for a while (one second unless
 * asked) and each one's elapsed time is set beside the TSC's: the
 * difference, in parts per million, is how far the two drift apart. Each
 * counter wraps (the PIT every tick, the PM timer every 4.7 s), so the
 * deltas between samples are added up; a sample gap longer than half the
 * shortest wrap (a host that stalled the guest) makes that clock's sum
 * unreliable, and the command says so.
 */
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/vsprintf.h"

#define MAX_CLOCKS 8
#define COST_READS 1000
#define DRIFT_DEFAULT_MS 1000
#define DRIFT_MAX_MS 60000

struct sample {
	const struct clocksource *cs;
	u64 last, sum; /* last count read; counts added up */
	bool stalled;  /* a gap longer than half its wrap */
};

static u32
read_cost(const struct clocksource *cs)
{
	u32 flags = irq_save();
	u64 t0 = rdtsc();

	for (int i = 0; i < COST_READS; i++)
		(void)cs->read();
	u64 dt = rdtsc() - t0;
	irq_restore(flags);
	return (u32)(dt / COST_READS);
}

/* How long the clock's wrap lasts, in TSC cycles (0: never wraps). */
static u64
wrap_cycles(const struct clocksource *cs)
{
	return cs->wrap ? cs->wrap * tsc_khz() * 1000 / cs->hz : 0;
}

static u64
sample_ns(const struct sample *s)
{
	return s->sum / s->cs->hz * NSEC_PER_SEC +
	       s->sum % s->cs->hz * NSEC_PER_SEC / s->cs->hz;
}

/* How far a clock's elapsed time is from the reference's (the TSC's, read
 * in the same samples), in ppm, with *ahead set when it counted more. */
static u64
drift_ppm(const struct sample *s, const struct sample *ref, bool *ahead)
{
	u64 ns = sample_ns(s), rns = sample_ns(ref);

	*ahead = ns >= rns;
	if (!rns)
		return 0;
	return (*ahead ? ns - rns : rns - ns) * 1000000 / rns;
}

static int
cmd_clocksource(int argc, char **argv)
{
	struct sample s[MAX_CLOCKS];
	const struct clocksource *cs;
	int n = 0, ref = -1;
	u32 ms = DRIFT_DEFAULT_MS;

	if (argc > 2 || (argc == 2 && parse_u32(argv[1], &ms) < 0))
		return shell_usage();
	if (ms == 0 || ms > DRIFT_MAX_MS) {
		printk("clocksource: MS must be 1..%u\n", DRIFT_MAX_MS);
		return -EINVAL;
	}
	if (!tsc_khz()) {
		printk("clocksource: the TSC is not calibrated: nothing to "
		       "compare against\n");
		return -ENODEV;
	}
	printk("%-8s %-13s %-14s %8s  %s\n", "clock", "rate", "wraps after",
	       "cycles", "read by");
	for (cs = clocksource_list(); cs && n < MAX_CLOCKS; cs = cs->next) {
		char wrap[24];
		if (cs->wrap)
			snprintf(wrap, sizeof(wrap), "%llu counts",
				 (unsigned long long)cs->wrap);
		else
			snprintf(wrap, sizeof(wrap), "2^64 counts");
		printk("%-8s %4llu.%06llu MHz %-14s %8u  %s\n", cs->name,
		       (unsigned long long)(cs->hz / 1000000),
		       (unsigned long long)(cs->hz % 1000000), wrap,
		       read_cost(cs), cs->access);
		s[n].cs = cs;
		if (cs->read() != 0 && cs == clocksource_tsc())
			ref = n;
		n++;
	}
	printk("uptime shows: %s; kernel time reads: %s\n",
	       clocksource_shown()->name, clocksource_current()->name);

	if (ref < 0)
		return 0;

	/* Drift: sample every clock until ms have passed by the TSC.
	 * Interrupts stay on (a tick between two reads only moves one
	 * sample; the counts add up all the same): under an emulator,
	 * interrupts held off for most of every loop get lost. */
	u64 t0 = rdtsc(), prev = t0, end = (u64)tsc_khz() * ms, now;
	for (int i = 0; i < n; i++) {
		s[i].last = s[i].cs->read();
		s[i].sum = 0;
		s[i].stalled = false;
	}
	do {
		now = rdtsc();
		for (int i = 0; i < n; i++) {
			u64 c = s[i].cs->read();
			u64 w = wrap_cycles(s[i].cs);
			s[i].sum += clocksource_delta(s[i].cs, s[i].last, c);
			s[i].last = c;
			if (w && now - prev > w / 2)
				s[i].stalled = true;
		}
		prev = now;
		if (tty_interrupted()) {
			printk("clocksource: stopped (Ctrl-C)\n");
			return -EINTR;
		}
	} while (now - t0 < end);
	printk("sampled together for %u ms by the TSC; each clock counted:\n",
	       ms);
	for (int i = 0; i < n; i++) {
		u64 us = s[i].sum / s[i].cs->hz * USEC_PER_SEC +
			 s[i].sum % s[i].cs->hz * USEC_PER_SEC / s[i].cs->hz;
		bool ahead;
		u64 ppm = drift_ppm(&s[i], &s[ref], &ahead);
		printk("  %-8s %10llu counts = %llu.%06llu s, %s%llu ppm from "
		       "the TSC%s\n",
		       s[i].cs->name, (unsigned long long)s[i].sum,
		       (unsigned long long)(us / USEC_PER_SEC),
		       (unsigned long long)(us % USEC_PER_SEC),
		       ahead ? "+" : "-", (unsigned long long)ppm,
		       s[i].stalled ? " (unreliable: the host stalled us "
				      "longer than half its wrap)"
				    : "");
	}
	return 0;
}
SHELL_COMMAND("clocksource", cmd_clocksource,
	      "the clocks (TSC, HPET, ACPI PM timer, PIT): how each is read, "
	      "what a read costs, how far they drift apart",
	      "clocksource [MS]");
