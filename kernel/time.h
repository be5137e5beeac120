/* kernel/time.h - the kernel's clock: a tick counter driven by a periodic
 * timer interrupt (the PIT, drivers/pit.c), the TSC calibrated against a
 * counter of known rate, uptime, sleeping, busy delays and time-bounded
 * polling. The timer drivers drive their chips; this owns time. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/types.h"

#define NSEC_PER_SEC 1000000000ull
#define NSEC_PER_USEC 1000ull
#define NSEC_PER_MSEC 1000000ull
#define USEC_PER_MSEC 1000u
#define USEC_PER_SEC 1000000u
#define PSEC_PER_SEC 1000000000000ull

/* time_set_tick - the timer driver says it will call time_tick() every
 * tick_ps picoseconds (the real period, after its divisor rounded), from
 * the handler of IRQ irq. Boot, process context. */
void time_set_tick(u64 tick_ps, unsigned irq);

/* time_switch_tick - another timer takes over the tick (the Local APIC's
 * timer, drivers/lapic.c): from now on time_tick() comes every tick_ps
 * picoseconds from it, named name in messages. Time zero and the tick
 * count go on; ticks_ns() keeps what the earlier ticks said. Boot,
 * process context. */
void time_switch_tick(u64 tick_ps, const char *name);

/* time_tick - one timer tick happened. Interrupt context (the timer's
 * handler). */
void time_tick(void);

/* jiffies_read - ticks since the timer started (0 without a timer). */
u64 jiffies_read(void);

/* ticks_ns - what the tick count alone says: ticks times the tick period,
 * in nanoseconds (0 without a timer). Lost ticks make it fall behind. */
u64 ticks_ns(void);

/* ticks_to_ns - @j ticks of @period_ps picoseconds each, in ns, without
 * overflowing where j * period_ps passes 2^64. Any context. */
u64 ticks_to_ns(u64 j, u64 period_ps);

/* time_tick_period_ps - the tick period time_set_tick was given, or 0 when
 * no timer was set up. */
u64 time_tick_period_ps(void);

/* time_have_tick - true while a timer interrupt ticks (so a HLT ends). */
bool time_have_tick(void);

/* uptime_ns - nanoseconds since the timer started: read from the current
 * clocksource (the TSC, or the one clocksource= names) once the TSC is
 * calibrated, else from the tick count (0 without a timer). Any context. */
u64 uptime_ns(void);

/* msleep - wait at least ms milliseconds, halting the CPU between timer
 * ticks (no busy loop). Process context only: it turns interrupts on while
 * it waits and restores the caller's flag after. Without a timer that
 * ticks it busy-waits with mdelay() instead. */
void msleep(u32 ms);

/* A counter of known rate that the TSC can be timed against: PIT counter 2
 * (drivers/pit.c) today; the ACPI PM timer or the HPET could be others.
 * Its driver fills one in; the time core does the arithmetic. */
struct tsc_ref {
	const char *name; /* in the boot line: "PIT counter 2" */
	u32 hz;		  /* counts per second */
	/* start - (re)start counting from 0. */
	void (*start)(void);
	/* read - counts since start(), with the TSC at the same moment in
	 * *tsc and in *width how many TSC cycles that moment is sure to
	 * (the sample lies between two TSC reads that far apart); -ERANGE
	 * once the counter ran out (it cannot count the time any more). */
	int (*read)(u64 *tsc, u32 *width);
	/* stop - put the hardware back as the first start() found it. */
	void (*stop)(void);
};

/* A free-running counter time can be read from (Linux's struct
 * clocksource): the TSC (kernel/time.c), the HPET (drivers/hpet.c), the
 * ACPI PM timer (drivers/acpi_pm.c), PIT counter 0 (drivers/pit.c). Its
 * driver fills one in and registers it; `clocksource` compares them. */
struct clocksource {
	const char *name;   /* Linux's: "tsc", "hpet", "acpi_pm", "pit" */
	const char *access; /* how one read is done: "rdtsc (an instruction)" */
	u64 hz;		    /* counts per second */
	u64 wrap;	    /* it counts 0..wrap-1 and starts over (0: 2^64) */
	/* read - the count now (counting up). Any context. */
	u64 (*read)(void);
	struct clocksource *next; /* the registered list (time.c's) */
};

/* clocksource_register - add cs to the clocks `clocksource` compares,
 * printing Linux's "clocksource: NAME: mask: ..." line. The first clock
 * that counts 64 bits (wrap 0) and is not the TSC becomes the one the
 * `uptime` command shows (uptime_shown_ns); kernel time (uptime_ns) stays
 * on the TSC unless `clocksource=NAME` on the command line (Linux's
 * option) moves it there too. Boot, process context. */
void clocksource_register(struct clocksource *cs);

/* clocksource_list - the first registered clock (then ->next), NULL when
 * none. clocksource_current - the one uptime_ns() reads (the TSC's when
 * NULL: it reads the TSC directly). */
const struct clocksource *clocksource_list(void);
const struct clocksource *clocksource_current(void);

/* uptime_shown_ns - what the `uptime` command shows: the time by the HPET
 * (the first 64-bit clock that is not the TSC) when there is one, counted
 * from the same zero as uptime_ns(); else uptime_ns(). clocksource_shown -
 * that clock. Any context. */
u64 uptime_shown_ns(void);
const struct clocksource *clocksource_shown(void);

/* clocksource_tsc - the TSC's clocksource (registered once calibrated). */
const struct clocksource *clocksource_tsc(void);

/* clocksource_delta - counts from a to b of cs, across one wrap. */
static inline u64
clocksource_delta(const struct clocksource *cs, u64 a, u64 b)
{
	return cs->wrap ? (b + cs->wrap - a) % cs->wrap : b - a;
}

/* tsc_calibrate_start - start ref counting and note its count and the TSC,
 * so that tsc_calibrate() can time the TSC over the boot work done in
 * between. Boot (early) or a test; process context. */
void tsc_calibrate_start(const struct tsc_ref *ref);

/* tsc_calibrate_end - read the reference and the TSC again: waits until at
 * least TSC_CAL_MS of counts have gone by since tsc_calibrate_start, and if
 * the reference ran out meanwhile starts it again and waits TSC_CAL_MS.
 * Stops the reference. Returns the TSC's rate in kHz and in *ms the time it
 * was measured over, or 0 after one line when the reference does not count
 * (or none was started). Process context. */
#define TSC_CAL_MS 10
u32 tsc_calibrate_end(u32 *ms);

/* tsc_calibrate_cancel - stop a calibration that will not be finished (its
 * reference turned out untrustworthy). Boot. */
void tsc_calibrate_cancel(void);

/* tsc_calibrate - finish the calibration tsc_calibrate_start began, print
 * and record the TSC's frequency (time is read from the TSC from then on);
 * then check that the timer ticks, with one line if it does not (msleep
 * stops waiting for ticks then). Nothing when no calibration was started.
 * Boot, after the timer's init, interrupts on. */
void tsc_calibrate(void);

/* tsc_khz - the TSC's frequency as calibrated at boot (0 if unknown). */
u32 tsc_khz(void);

/* A time bound for a busy wait. Before the TSC is calibrated the bound is
 * counted as if the TSC ran at TSC_KHZ_CEILING, faster than any x86 does,
 * so that a bound is never shorter than asked (only longer, by the ratio). */
#define TSC_KHZ_CEILING 10000000u /* 10 GHz */
struct timeout {
	u64 start;  /* TSC at timeout_start */
	u64 cycles; /* TSC cycles the bound lasts */
};

/* timeout_start - a bound of us microseconds from now. Any context. */
void timeout_start(struct timeout *t, u32 us);

/* timeout_expired - true once the bound has passed. Any context. */
bool timeout_expired(const struct timeout *t);

/* udelay, mdelay - busy-wait at least us microseconds / ms milliseconds by
 * the TSC (see struct timeout before calibration). Any context, interrupts
 * as they are; they never sleep. For waits longer than a few ms in process
 * context, msleep() lets the CPU halt instead. */
void udelay(u32 us);
void mdelay(u32 ms);

/* poll_timeout - evaluate cond until it is true or timeout_us microseconds
 * have passed; cond is evaluated once more after the bound ran out, so a
 * wait the host stalled past its bound still sees a device that answered.
 * Returns 0 (cond became true) or -ETIMEDOUT. Any context; it spins.
 *
 *     if (poll_timeout(inb(port + UART_LSR) & LSR_THRE, 1000) < 0)
 *             ...
 */
#define poll_timeout(cond, timeout_us)                                         \
	({                                                                     \
		struct timeout to_;                                            \
		int ret_ = -ETIMEDOUT;                                         \
		timeout_start(&to_, (timeout_us));                             \
		for (;;) {                                                     \
			bool expired_ = timeout_expired(&to_);                 \
			if (cond) {                                            \
				ret_ = 0;                                      \
				break;                                         \
			}                                                      \
			if (expired_)                                          \
				break;                                         \
			cpu_relax();                                           \
		}                                                              \
		ret_;                                                          \
	})

/* read_poll_timeout - val = read, repeatedly, until cond (which looks at
 * val) holds or timeout_us have passed; val keeps the last value read, for
 * the error message. Returns 0 or -ETIMEDOUT, as poll_timeout.
 *
 *     err = read_poll_timeout(st, inb(status_port), !(st & ATA_SR_BSY),
 *                             30 * USEC_PER_SEC);
 */
#define read_poll_timeout(val, read, cond, timeout_us)                         \
	poll_timeout(((val) = (read), (cond)), (timeout_us))

#endif
