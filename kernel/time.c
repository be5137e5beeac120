/* kernel/time.c - ticks, the TSC's calibration, uptime, delays, sleep.
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
 * TSC (Intel SDM vol. 3, 17.17, "Time-Stamp Counter"), which counts CPU
 * cycles at a rate nobody tells us. Its rate is measured at boot against a
 * counter whose rate is known (struct tsc_ref: PIT counter 2, 1193182 Hz):
 * counts gone by over the reference's rate is the time between two reads,
 * and TSC cycles over that time the TSC's rate. The boot need not stand
 * still while it counts: tsc_calibrate_start() starts the reference early
 * in kmain and notes its count beside the TSC; tsc_calibrate() reads both
 * again after the memory, PCI and interrupt setup. It waits only if less
 * than TSC_CAL_MS went by, and starts over with a fresh count if so much
 * time went by that the reference ran out (PIT counter 2: 54.9 ms). Ticks
 * still wake the CPU; `uptime` shows both clocks, and the difference is the
 * lost ticks.
 *
 * udelay(), mdelay() and poll_timeout() are busy waits bounded by the TSC:
 * for a device that answers within microseconds, or a bound on one that
 * may never answer. msleep() shows the point of an interrupt-driven clock
 * instead: the CPU executes HLT and sleeps until the next interrupt. "sti;
 * hlt" is safe against the race where the tick arrives between the check
 * and the HLT, because STI takes effect only after the next instruction.
 */
#include "kernel/time.h"
#include "kernel/cmdline.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

/* How long the calibration waits for the reference before it gives up:
 * far longer than the counter can run (PIT counter 2: 54.9 ms), so only a
 * reference that does not count meets it. Timed by the uncalibrated TSC
 * (struct timeout: as if at TSC_KHZ_CEILING), so in truth longer. */
#define TSC_CAL_GIVE_UP_US 500000u
#define TICK_WAIT_MS 100 /* how long the boot waits for a first tick */

static volatile u64 jiffies;
static u64 tick_ps;
static unsigned tick_irq;
static const char *tick_name = "IRQ"; /* who ticks, for messages */
static u64 jiffies_base;	      /* jiffies when the tick switched */
static u64 ticks_base_ns;	      /* what the ticks said until then */
static u32 tsc_freq_khz;
static u64 tsc_at_start; /* TSC when the tick started: time zero */
static bool tick_dead;	 /* the timer was set up but never ticked */

static struct clocksource *cs_list, *cs_cur;
static u64 cs_cur_base;	   /* its count when it became current ... */
static u64 cs_cur_base_ns; /*   and uptime then */
/* The clock the `uptime` command shows when it is not cs_cur: the HPET by
 * default. Kernel time stays on the TSC, one instruction per read; the
 * HPET costs an MMIO load, and code that stamps every received frame with
 * uptime_ns() (drivers/net) would pay it each time. */
static struct clocksource *cs_show;
static u64 cs_show_base, cs_show_base_ns;

static struct {
	const struct tsc_ref *ref; /* counting since tsc_calibrate_start */
	u32 count0;		   /* its count when ... */
	u64 tsc0;		   /*   the TSC read this, */
	u32 width0;		   /*   give or take this many cycles */
} cal;

/* How sure the two samples must be: together within 1/2048 of the cycles
 * between them (about 500 ppm), as Linux's quick_pit_calibrate asks of
 * pit_expect_msb. A wider pair -- a host that stopped the CPU in the
 * middle of a sample -- is not used: the wait goes on for a better one. */
#define TSC_CAL_UNCERTAINTY_SHIFT 11
#define TSC_CAL_MAX_WAIT 4 /* times TSC_CAL_MS: stays below PIT's 54.9 ms */

void
time_set_tick(u64 ps, unsigned irq)
{
	tick_ps = ps;
	tick_irq = irq;
	tsc_at_start = rdtsc();
}

void
time_switch_tick(u64 ps, const char *name)
{
	u32 flags = irq_save();

	ticks_base_ns += (jiffies - jiffies_base) * tick_ps / 1000;
	jiffies_base = jiffies;
	tick_ps = ps;
	tick_name = name;
	irq_restore(flags);
}

void
time_tick(void)
{
	jiffies++;
}

bool
time_have_tick(void)
{
	return tick_ps != 0 && !tick_dead;
}

u64
time_tick_period_ps(void)
{
	return tick_ps;
}

u64
jiffies_read(void)
{
	u32 flags = irq_save(); /* a u64 is two loads on i386 */
	u64 j = jiffies;

	irq_restore(flags);
	return j;
}

/* j * period_ps would pass 2^64 after 213 days at 1000 Hz: split into
 * thousands of ticks and the rest, neither of which can. */
u64
ticks_to_ns(u64 j, u64 period_ps)
{
	return j / 1000 * period_ps + j % 1000 * period_ps / 1000;
}

u64
ticks_ns(void)
{
	u32 flags = irq_save();
	u64 j = jiffies - jiffies_base, base = ticks_base_ns;

	irq_restore(flags);
	return base + ticks_to_ns(j, tick_ps);
}

static u64
tsc_ns(void)
{
	u64 cycles = rdtsc() - tsc_at_start;

	/* cycles / kHz = ms; split so that cycles * 10^6 cannot overflow */
	return cycles / tsc_freq_khz * NSEC_PER_MSEC +
	       cycles % tsc_freq_khz * NSEC_PER_MSEC / tsc_freq_khz;
}

/* counts of a clock at hz, in ns, split so nothing overflows */
static u64
counts_to_ns(u64 counts, u64 hz)
{
	return counts / hz * NSEC_PER_SEC + counts % hz * NSEC_PER_SEC / hz;
}

u64
uptime_ns(void)
{
	const struct clocksource *cs = cs_cur;

	if (tsc_freq_khz && tick_ps && cs)
		return cs_cur_base_ns +
		       counts_to_ns(
			       clocksource_delta(cs, cs_cur_base, cs->read()),
			       cs->hz);
	if (tsc_freq_khz && tick_ps)
		return tsc_ns();
	return ticks_ns();
}

static u64
tsc_cs_read(void)
{
	return rdtsc();
}

static struct clocksource tsc_clocksource = {
	.name = "tsc",
	.access = "rdtsc: one instruction, the CPU's own counter",
	.read = tsc_cs_read,
};

/* Make cs the clock uptime_ns() reads, continuing from where it is. */
static void
clocksource_select(struct clocksource *cs)
{
	u32 flags = irq_save();
	u64 now = uptime_ns();

	cs_cur_base = cs->read();
	cs_cur_base_ns = now;
	cs_cur = cs;
	irq_restore(flags);
}

/* clocksource=NAME, Linux's option: a name (checked against the clocks
 * when they register: one that never does is simply not chosen). */
static const char *
clocksource_check(const char *v)
{
	return *v ? NULL : "a clock's name: tsc, hpet";
}
CMDLINE_OPTION("clocksource", clocksource_check);

static void clocksource_consider(struct clocksource *cs);

void
clocksource_register(struct clocksource *cs)
{
	struct clocksource **p = &cs_list;
	u64 mask = cs->wrap ? cs->wrap - 1 : ~0ull;

	if (!cs->hz)
		return;
	while (*p)
		p = &(*p)->next;
	cs->next = NULL;
	*p = cs;
	printk("clocksource: %s: mask: 0x%llx, %llu.%06llu MHz\n", cs->name,
	       (unsigned long long)mask, (unsigned long long)(cs->hz / 1000000),
	       (unsigned long long)(cs->hz % 1000000));
	clocksource_consider(cs);
}

/* Should uptime read cs from now on? The first 64-bit clock that is not
 * the TSC, or the one `clocksource=` names; only once the TSC is
 * calibrated and the tick runs (uptime's zero is the tick's start). */
static void
clocksource_consider(struct clocksource *cs)
{
	const char *want = cmdline_get("clocksource");

	if (cs == &tsc_clocksource || !tsc_freq_khz || !tick_ps)
		return;
	if (want && strcmp(want, cs->name) == 0 && cs->wrap) {
		printk("clocksource: clocksource=%s: it wraps after %llu "
		       "counts, too soon for uptime; staying on %s\n",
		       want, (unsigned long long)cs->wrap,
		       clocksource_current()->name);
		return;
	}
	if (want && strcmp(want, cs->name) == 0) {
		clocksource_select(cs);
		printk("clocksource: Switched to clocksource %s\n", cs->name);
	} else if (!want && !cs->wrap && !cs_show) {
		u32 flags = irq_save();
		cs_show_base_ns = uptime_ns();
		cs_show_base = cs->read();
		cs_show = cs;
		irq_restore(flags);
		printk("clocksource: uptime shows %s; kernel time stays on tsc "
		       "(clocksource=%s moves it too)\n",
		       cs->name, cs->name);
	}
}

u64
uptime_shown_ns(void)
{
	const struct clocksource *cs = cs_show;

	if (!cs || !tsc_freq_khz || !tick_ps)
		return uptime_ns();
	return cs_show_base_ns +
	       counts_to_ns(clocksource_delta(cs, cs_show_base, cs->read()),
			    cs->hz);
}

const struct clocksource *
clocksource_shown(void)
{
	return cs_show ? cs_show : clocksource_current();
}

const struct clocksource *
clocksource_list(void)
{
	return cs_list;
}

const struct clocksource *
clocksource_tsc(void)
{
	return &tsc_clocksource;
}

const struct clocksource *
clocksource_current(void)
{
	return cs_cur ? cs_cur : (tsc_freq_khz ? &tsc_clocksource : NULL);
}

u32
tsc_khz(void)
{
	return tsc_freq_khz;
}

void
timeout_start(struct timeout *t, u32 us)
{
	u32 khz = tsc_freq_khz ? tsc_freq_khz : TSC_KHZ_CEILING;

	t->start = rdtsc();
	/* kHz cycles per ms: us * kHz / 1000, rounded up */
	t->cycles = ((u64)us * khz + USEC_PER_MSEC - 1) / USEC_PER_MSEC;
}

bool
timeout_expired(const struct timeout *t)
{
	return rdtsc() - t->start >= t->cycles;
}

void
udelay(u32 us)
{
	struct timeout t;

	timeout_start(&t, us);
	while (!timeout_expired(&t))
		cpu_relax();
}

void
mdelay(u32 ms)
{
	for (; ms > 0; ms--)
		udelay(USEC_PER_MSEC);
}

void
msleep(u32 ms)
{
	if (!time_have_tick()) { /* no tick would end a HLT: spin */
		mdelay(ms);
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

void
tsc_calibrate_start(const struct tsc_ref *ref)
{
	int c;

	cal.ref = ref;
	ref->start();
	/* The count starts at the reference's next input clock (for the PIT,
	 * 838 ns); from then on, whatever count we read, the TSC read beside
	 * it marks the same moment. */
	c = ref->read(&cal.tsc0, &cal.width0);
	cal.count0 = c < 0 ? 0 : (u32)c;
}

void
tsc_calibrate_cancel(void)
{
	if (cal.ref)
		cal.ref->stop();
	cal.ref = NULL;
}

/* The reference's counts since tsc_calibrate_start, at least min of them
 * (it waits for the rest) and with both samples sure enough, and the TSC
 * cycles over the same time. Returns 0 counts when the reference ran out:
 * too late to tell. */
static u32
counts_since_start(u32 min, u64 *cycles)
{
	u64 tsc = 0;
	u32 counts = 0, width = 0;

	struct timeout give_up;

	timeout_start(&give_up, TSC_CAL_GIVE_UP_US);
	while (!timeout_expired(&give_up)) {
		int c = cal.ref->read(&tsc, &width);
		if (c < 0)
			return 0;
		counts = (u32)c - cal.count0;
		/* Sure enough; or, near the counter's end, the best there
		 * is (an emulator whose every port access is slow). */
		if (counts >= min &&
		    ((((u64)cal.width0 + width) << TSC_CAL_UNCERTAINTY_SHIFT <=
		      tsc - cal.tsc0) ||
		     counts >= min * TSC_CAL_MAX_WAIT))
			break;
	}
	*cycles = tsc - cal.tsc0;
	return counts;
}

u32
tsc_calibrate_end(u32 *ms)
{
	const struct tsc_ref *ref = cal.ref;
	u32 min, counts;
	u64 cycles = 0;

	if (!ref)
		return 0;
	min = ref->hz / (1000 / TSC_CAL_MS);
	counts = counts_since_start(min, &cycles);
	if (!counts) { /* it ran out since the start: once more, now */
		tsc_calibrate_start(ref);
		counts = counts_since_start(min, &cycles);
	}
	tsc_calibrate_cancel();
	if (counts < min) {
		printk("tsc: %s did not count %u in time (counted %u); TSC not "
		       "calibrated\n",
		       ref->name, min, counts);
		return 0;
	}
	*ms = (u32)(((u64)counts * 1000 + ref->hz / 2) / ref->hz);
	/* cycles over counts / hz seconds: kHz = cycles * hz / counts / 1000 */
	return (u32)(cycles * ref->hz / counts / 1000);
}

void
tsc_calibrate(void)
{
	const struct tsc_ref *ref = cal.ref;
	u32 khz, ms = 0;

	if (!ref)
		return; /* nothing to time the TSC against */
	khz = tsc_calibrate_end(&ms);
	if (khz) {
		tsc_freq_khz = khz;
		printk("tsc: %u.%03u MHz (calibrated over %u ms of %s)\n",
		       khz / 1000, khz % 1000, ms, ref->name);
		tsc_clocksource.hz = (u64)khz * 1000;
		clocksource_register(&tsc_clocksource);
		/* Clocks registered before the TSC was known (the HPET). */
		for (struct clocksource *cs = cs_list; cs && !cs_cur;
		     cs = cs->next)
			clocksource_consider(cs);
	}
	/* Ticks counted since irq_start prove it ticks; else wait for one. */
	u64 j = jiffies_read();
	if (khz && time_have_tick() && j == 0 &&
	    poll_timeout(jiffies_read() != j, TICK_WAIT_MS * USEC_PER_MSEC)) {
		printk("time: no timer interrupt within %u ms (%s %u count "
		       "%u); the tick count will not advance\n",
		       TICK_WAIT_MS, tick_name, tick_irq, irq_count(tick_irq));
		tick_dead = true;
	}
}
