/* kernel/tests/irq.c - in-kernel tests of the IRQ layer and the clock.
 *
 * A software INT to a line's vector walks the same path a device interrupt
 * does (stub, trap_dispatch, irq_entry), except that the controller has
 * nothing in service: on the 8259, for lines 7 and 15, that is exactly what
 * a spurious interrupt looks like, so the PIC's in-service check must catch
 * it. With the APICs the 8259s are masked and never interrupt; the Local
 * APIC's spurious vector is tested in drivers/apic_ktest.c.
 */
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define TEST_IRQ 5 /* LPT2/sound on old PCs; nobody here uses it */
#define STORM_INTS 1000

#define soft_int(vec) __asm__ volatile("int %0" : : "i"(vec) : "memory")

static u32 test_calls;

static irqreturn_t
never_mine(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	test_calls++;
	return IRQ_NONE;
}

static irqreturn_t
always_mine(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	test_calls++;
	return IRQ_HANDLED;
}

KTEST(irq, spurious_7_and_15_recognised)
{
	const struct irq_chip *c = irq_chip_of(7);

	if (!c || !c->spurious) {
		KT_SKIP(kt, "the 8259s are masked (the APICs deliver); "
			    "apic.spurious_vector_counted_without_eoi instead");
		return;
	}
	u32 s7 = irq_spurious_count(7), s15 = irq_spurious_count(15);
	u32 c7 = irq_count(7), c15 = irq_count(15);

	soft_int(IRQ_BASE_VECTOR + 7);
	soft_int(IRQ_BASE_VECTOR + 15);
	KT_EXPECT_EQ(kt, irq_spurious_count(7), s7 + 1);
	KT_EXPECT_EQ(kt, irq_spurious_count(15), s15 + 1);
	KT_EXPECT_EQ(kt, irq_count(7), c7);
	KT_EXPECT_EQ(kt, irq_count(15), c15);
}

KTEST(irq, handler_runs_and_counts)
{
	int dev;
	u32 c = irq_count(TEST_IRQ);

	if (request_irq(TEST_IRQ, always_mine, "ktest", &dev) == -EBUSY) {
		KT_SKIP(kt, "IRQ 5 is in use");
		return;
	}
	test_calls = 0;
	soft_int(IRQ_BASE_VECTOR + TEST_IRQ);
	soft_int(IRQ_BASE_VECTOR + TEST_IRQ);
	KT_EXPECT_EQ(kt, test_calls, 2);
	KT_EXPECT_EQ(kt, irq_count(TEST_IRQ), c + 2);
	KT_EXPECT_EQ(kt, request_irq(TEST_IRQ, always_mine, "second", NULL),
		     -EBUSY);
	KT_EXPECT_EQ(kt, free_irq(TEST_IRQ, NULL), -ENOENT);
	KT_EXPECT_EQ(kt, free_irq(TEST_IRQ, &dev), 0);
	KT_EXPECT_EQ(kt, request_irq(NR_IRQS, always_mine, "bad", NULL),
		     -EINVAL);
	KT_EXPECT_EQ(kt, request_irq(TEST_IRQ, NULL, "bad", NULL), -EINVAL);
}

KTEST(irq, storm_disables_the_line_and_boot_goes_on)
{
	int dev;
	u32 before = irq_disabled_count();

	if (request_irq(TEST_IRQ, never_mine, "ktest-storm", &dev) == -EBUSY) {
		KT_SKIP(kt, "IRQ 5 is in use");
		return;
	}
	test_calls = 0;
	for (int i = 0; i < STORM_INTS; i++)
		soft_int(IRQ_BASE_VECTOR + TEST_IRQ);
	KT_EXPECT_EQ(kt, test_calls, STORM_INTS);
	KT_EXPECT_EQ(kt, irq_disabled_count(), before + 1);
	free_irq(TEST_IRQ, &dev);
}

KTEST(irq, unexpected_vector_counted)
{
	u32 before = trap_unexpected_count();

	soft_int(0x90);
	KT_EXPECT_EQ(kt, trap_unexpected_count(), before + 1);
}

/* Microseconds since TSC value t0, by the boot's calibration: a clock that
 * does not go through uptime_ns(), so msleep() is not measured by the very
 * clock it loops on (which would pass even if that clock ran ten times too
 * fast). */
static u64
tsc_us_since(u64 t0)
{
	return (rdtsc() - t0) * 1000 / tsc_khz();
}

KTEST(time, timer_ticks_and_msleep_waits)
{
	if (!time_have_tick() || !tsc_khz()) {
		KT_SKIP(kt, "no timer, or the TSC was not calibrated");
		return;
	}
	/* uptime_ns() may read the HPET: an MMIO load that, under an
	 * emulator, can take a while. The TSC read on either side of it
	 * brackets the instant it stands for. */
	u32 flags = irq_save(); /* all counts from the same instant */
	u64 a0 = rdtsc(), t0 = uptime_ns(), a1 = rdtsc(), c0_tsc = a1;
	u64 j0 = jiffies_read();
	u32 c0 = irq_count(0) + irq_local_timer_count();
	irq_restore(flags);
	msleep(50);
	flags = irq_save();
	u64 b0 = rdtsc(), t1 = uptime_ns(), b1 = rdtsc();
	irq_restore(flags);
	u64 dt = t1 - t0, us = tsc_us_since(c0_tsc);
	u64 us_min = (b0 - a1) * 1000 / tsc_khz(); /* the TSC's bounds */
	u64 us_max = (b1 - a0) * 1000 / tsc_khz();
	/* 50 ms by the raw TSC, and uptime_ns() moved by the same amount
	 * (within 1 ms, plus how long the clock reads took). */
	KT_EXPECT(kt, us >= 50 * 1000);
	KT_EXPECT(kt, us < 500 * 1000);
	KT_EXPECT(kt, dt / 1000 + 1000 >= us_min && us_max + 1000 >= dt / 1000);
	KT_EXPECT(kt, jiffies_read() > j0);
	flags = irq_save();
	/* The tick is IRQ 0 (the PIT) or the Local APIC timer (LOC). */
	u32 ints = irq_count(0) + irq_local_timer_count() - c0;
	u64 ticks = jiffies_read() - j0;
	irq_restore(flags);
	KT_EXPECT_EQ(kt, ints, ticks); /* one tick per timer interrupt */
	/* The PIT's count is a clock apart from the TSC. A host that stalls
	 * QEMU loses ticks but never adds any, so the ticks cannot say more
	 * than the TSC did, give or take the calibration (2 %) and the two
	 * partial ticks at the ends: a PIT ticking faster than the period it
	 * reported fails here. */
	u64 period_us = time_tick_period_ps() / 1000000;
	KT_EXPECT(kt, ticks * period_us <= us + us / 50 + 2 * period_us);
}
