/* drivers/apic_ktest.c - in-kernel tests of the I/O APIC and Local APIC
 * path (drivers/ioapic.c, drivers/lapic.c, kernel/irq.c's chip layer).
 *
 * A software INT reaches a vector without the Local APIC knowing; a real
 * interrupt is put in service (ISR) and needs its EOI. A self-IPI (the
 * ICR, "destination shorthand: self") is a real one that no device has to
 * raise, so it tests what an INT cannot: that the Local APIC delivers the
 * vector, that irq_entry's EOI clears the in-service bit, and that the
 * spurious vector's handler does not EOI. Those need the I/O APIC's lines
 * and are skipped with `noapic`; the Local APIC timer's (the tick, its
 * rate against the HPET) run with noapic too, and skip with `nolapic`.
 */
#include "drivers/apic.h"
#include "drivers/edu.h"
#include "drivers/hpet.h"
#include "kernel/acpi/madt_query.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/frame_map.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TEST_IRQ 5 /* nobody uses it on QEMU's pc */
#define TEST_VECTOR (IRQ_BASE_VECTOR + TEST_IRQ)
#define APIC_REG_STRIDE 0x10
/* Above every IRQ line (0x30-0x5f) and the system call, below the Local
 * APIC's own: nobody owns it. */
#define UNOWNED_VECTOR 0x90
#define APIC_PRIO_CLASS_MASK 0xf0 /* a vector's priority class: bits 7:4 */

static volatile u32 calls;
static volatile bool in_service_seen, still_in_service_after_spurious;
static volatile bool still_in_service_after_int;

static bool
isr_bit(unsigned vector)
{
	return lapic_read(APIC_ISR + (vector / 32) * APIC_REG_STRIDE) &
	       BIT(vector % 32);
}

static void
self_ipi(unsigned vector)
{
	u32 flags = irq_save();

	lapic_write(APIC_ICR2, 0);
	lapic_write(APIC_ICR, APIC_DEST_SELF | vector); // Fixed, to myself
	irq_restore(flags);
}

static irqreturn_t
test_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	calls++;
	in_service_seen = isr_bit(TEST_VECTOR);
	return IRQ_HANDLED;
}

/* Inside a real interrupt's handler, raise the spurious vector: if its
 * handler sent an EOI, it would end this interrupt's in-service bit. */
static irqreturn_t
spurious_inside_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	calls++;
	__asm__ volatile("int %0" : : "i"(SPURIOUS_APIC_VECTOR) : "memory");
	still_in_service_after_spurious = isr_bit(TEST_VECTOR);
	return IRQ_HANDLED;
}

static bool
skip_without_apic(struct ktest_ctx *kt)
{
	if (apic_in_use())
		return false;
	KT_SKIP(kt, "the I/O APIC is not in use (noapic, nolapic, or no MADT)");
	return true;
}

KTEST(apic, overrides_programmed_into_the_redirection_table)
{
	struct acpi_madt_override o;
	u32 lo, hi;
	int n = 0;

	if (skip_without_apic(kt))
		return;
	for (int i = 0; acpi_madt_override(i, &o); i++, n++) {
		unsigned pol = o.flags & ACPI_MADT_POLARITY_MASK;
		unsigned trig = (o.flags >> ACPI_MADT_TRIGGER_SHIFT) &
				ACPI_MADT_TRIGGER_MASK;
		KT_EXPECT_EQ(kt, ioapic_entry(o.source_irq, &lo, &hi), 0);
		KT_EXPECT_EQ(kt, lo & IOART_VECTOR_MASK,
			     IRQ_BASE_VECTOR + o.source_irq);
		KT_EXPECT_EQ(kt, !!(lo & IOART_TRIGGER_LEVEL),
			     trig == ACPI_MADT_TRIGGER_LEVEL);
		KT_EXPECT_EQ(kt, !!(lo & IOART_INTPOL_LOW),
			     pol == ACPI_MADT_POLARITY_ACTIVE_LOW);
		KT_EXPECT(kt, lo & IOART_DESTMOD_LOGICAL);
		KT_EXPECT_EQ(kt, hi >> IOART_DEST_SHIFT, 1);
		/* The ISA line whose GSI was taken has no input now. */
		if (o.gsi != o.source_irq && o.gsi < NR_ISA_IRQS)
			KT_EXPECT(kt, irq_chip_of(o.gsi) == NULL);
	}
	KT_EXPECT(kt, n > 0); /* QEMU's pc and q35 have some */
	/* A line nobody owns is masked; the timer's entry, owned, is too
	 * once the Local APIC timer ticks. */
	KT_EXPECT_EQ(kt, ioapic_entry(TEST_IRQ, &lo, &hi), 0);
	KT_EXPECT(kt, lo & IOART_MASKED);
}

KTEST(apic, self_ipi_delivered_and_eoi_ends_it)
{
	int dev;
	u32 c = irq_count(TEST_IRQ);

	if (skip_without_apic(kt))
		return;
	if (request_irq(TEST_IRQ, test_handler, "ktest-ipi", &dev) < 0) {
		KT_SKIP(kt, "IRQ 5 is in use");
		return;
	}
	calls = 0;
	in_service_seen = false;
	self_ipi(TEST_VECTOR);
	KT_EXPECT_EQ(kt, poll_timeout(calls > 0, 100 * USEC_PER_MSEC), 0);
	KT_EXPECT(kt, in_service_seen); /* the Local APIC put it in service */
	KT_EXPECT(kt, !isr_bit(TEST_VECTOR)); /* irq_entry's EOI ended it */
	KT_EXPECT_EQ(kt, irq_count(TEST_IRQ), c + 1);
	/* Again: a missing EOI would block this vector (and all below). */
	self_ipi(TEST_VECTOR);
	KT_EXPECT_EQ(kt, poll_timeout(calls > 1, 100 * USEC_PER_MSEC), 0);
	free_irq(TEST_IRQ, &dev);
}

KTEST(apic, spurious_vector_counted_without_eoi)
{
	int dev;
	u32 spu = irq_spurious_vector_count();

	if (skip_without_apic(kt))
		return;
	if (request_irq(TEST_IRQ, spurious_inside_handler, "ktest-spu", &dev) <
	    0) {
		KT_SKIP(kt, "IRQ 5 is in use");
		return;
	}
	calls = 0;
	still_in_service_after_spurious = false;
	self_ipi(TEST_VECTOR);
	KT_EXPECT_EQ(kt, poll_timeout(calls > 0, 100 * USEC_PER_MSEC), 0);
	KT_EXPECT_EQ(kt, irq_spurious_vector_count(), spu + 1);
	KT_EXPECT(kt, still_in_service_after_spurious);
	KT_EXPECT(kt, !isr_bit(TEST_VECTOR));
	free_irq(TEST_IRQ, &dev);
}

/* Inside a real interrupt's handler, INT the unowned vector: it sets no
 * ISR bit, so the unowned path must not EOI (that would end this one). */
static irqreturn_t
unowned_int_inside_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	calls++;
	__asm__ volatile("int %0" : : "i"(UNOWNED_VECTOR) : "memory");
	still_in_service_after_int = isr_bit(TEST_VECTOR);
	return IRQ_HANDLED;
}

/* A real interrupt on a vector nobody owns (a self-IPI, as a stray MSI
 * would be) is put in service like any other: the unowned path must end
 * it with an EOI, or its ISR bit holds PPR at its class and every device
 * vector below (all of 0x30-0x5f) is dead. Runs wherever the Local APIC
 * is in use, noapic too. */
KTEST(apic, unowned_vector_by_ipi_ended_and_lines_still_deliver)
{
	u32 before = trap_unexpected_count();
	int dev;

	if (!lapic_in_use()) {
		KT_SKIP(kt, "no Local APIC in use (nolapic, or no MADT)");
		return;
	}
	self_ipi(UNOWNED_VECTOR);
	KT_EXPECT_EQ(kt,
		     poll_timeout(trap_unexpected_count() > before,
				  100 * USEC_PER_MSEC),
		     0);
	KT_EXPECT_EQ(kt, trap_unexpected_count(), before + 1);
	KT_EXPECT(kt, !isr_bit(UNOWNED_VECTOR));
	/* Nothing in service: the processor priority is back below the
	 * device lines' class. */
	KT_EXPECT(kt, (lapic_read(APIC_PROCPRI) & APIC_PRIO_CLASS_MASK) <
			      (IRQ_BASE_VECTOR & APIC_PRIO_CLASS_MASK));
	if (!apic_in_use())
		return; /* noapic: the lines are the 8259's (ExtINT) */
	/* A device line's vector, lower than the unowned one, still
	 * arrives; and an INT of the unowned vector inside its handler
	 * leaves it in service. */
	if (request_irq(TEST_IRQ, unowned_int_inside_handler, "ktest-unowned",
			&dev) < 0) {
		KT_SKIP(kt, "IRQ 5 is in use");
		return;
	}
	calls = 0;
	still_in_service_after_int = false;
	self_ipi(TEST_VECTOR);
	KT_EXPECT_EQ(kt, poll_timeout(calls > 0, 100 * USEC_PER_MSEC), 0);
	KT_EXPECT(kt, still_in_service_after_int);
	KT_EXPECT(kt, !isr_bit(TEST_VECTOR));
	KT_EXPECT_EQ(kt, trap_unexpected_count(), before + 2);
	free_irq(TEST_IRQ, &dev);
}

KTEST(apic, local_timer_is_the_tick_and_irq0_rests)
{
	if (!lapic_in_use()) {
		KT_SKIP(kt, "no Local APIC in use (nolapic, or no MADT)");
		return;
	}
	if (!lapic_timer_hz()) {
		KT_SKIP(kt, "the Local APIC timer was not calibrated");
		return;
	}
	u64 period_us = time_tick_period_ps() / 1000000;
	u32 dloc = 0;
	u64 us = 0;

	/* About one tick per period over 30 ms. The ticks cannot be more
	 * than the time allows; they can be fewer when the host stops the
	 * emulator for a while (QEMU does not deliver the periodic ticks it
	 * missed), so a window that lost more than half is measured again,
	 * up to three times: a stall passes, a wrong rate would not. */
	for (int tries = 0; tries < 3; tries++) {
		u32 flags = irq_save();
		u32 loc = irq_local_timer_count(), pit = irq_count(0);
		u64 j = jiffies_read(), t0 = rdtsc();

		irq_restore(flags);
		msleep(30);
		flags = irq_save();
		u32 dpit = irq_count(0) - pit;
		u64 dj = jiffies_read() - j;

		dloc = irq_local_timer_count() - loc;
		us = (rdtsc() - t0) * 1000 / tsc_khz();
		irq_restore(flags);
		/* Every tick is a Local timer one; IRQ 0 is masked. */
		KT_EXPECT_EQ(kt, dloc, dj);
		KT_EXPECT_EQ(kt, dpit, 0);
		KT_EXPECT(kt, dloc <= us / period_us + 2);
		if (dloc * 2 >= us / period_us)
			break;
		printk("# %u ticks in %llu us (period %llu us): fewer than "
		       "half, so the host stalled QEMU; once more\n",
		       dloc, us, period_us);
	}
	KT_EXPECT(kt, dloc * 2 >= us / period_us);
}

/* One sample: the timer's current count between two HPET reads, and the
 * HPET's count half way; false when the two reads lie far apart (the
 * host stalled the guest between them). */
static bool
sample(u32 *count, u64 *hpet)
{
	u64 a = hpet_read_counter(), b;

	*count = lapic_read(APIC_TMCCT);
	b = hpet_read_counter();
	*hpet = a + (b - a) / 2;
	return b - a <= hpet_hz() / 20000; /* 50 us */
}

/* The running timer's counts against the HPET's, interrupts off: the
 * current count sampled every few microseconds, each reload (the count
 * jumping up: a period began) adding the initial count. An interval
 * between two samples longer than half a period (a host that stalled the
 * guest) could hide a reload, so it is left out of both sums; the sums
 * go on until window HPET counts are in them, or give_up went by. */
static u64
timer_counts_over_hpet(u64 window, u64 give_up, u64 *hpet_counts)
{
	u32 initial = lapic_read(APIC_TMICT);
	u64 half_period = hpet_hz() / 2 * (u64)initial / lapic_timer_hz();
	u64 counts = 0, sum = 0, h0 = hpet_read_counter(), h, prev_h = 0;
	u32 flags = irq_save(), c, prev = 0;
	bool have_prev = false;

	while (sum < window && hpet_read_counter() - h0 < give_up) {
		if (!sample(&c, &h))
			continue; /* stalled inside the sample: not used */
		if (have_prev && h - prev_h <= half_period) {
			counts += c <= prev ? prev - c : prev + initial - c;
			sum += h - prev_h;
		}
		prev = c;
		prev_h = h;
		have_prev = true;
	}
	irq_restore(flags);
	*hpet_counts = sum;
	return sum >= window ? counts : 0;
}

/* The rate lapic_timer_init measured against the TSC (itself timed by PIT
 * counter 2) agrees with the HPET, a third clock, within 1 %: on QEMU all
 * of them derive from one host clock and agree to a few hundred ppm (the
 * TSC calibration's error); on real hardware the bus clock is often
 * spread-spectrum modulated (down by up to 0.5 %) while the HPET runs
 * from the 14.318 MHz crystal, so 1 % is what a correct calibration must
 * meet there too. A rate computed over the wrong window, or against the
 * uncalibrated TSC, is off by far more. */
KTEST(apic, timer_rate_agrees_with_the_hpet)
{
	u64 counts = 0, hpet_counts = 0, hz;

	if (!lapic_in_use() || !lapic_timer_hz() ||
	    !(lapic_read(APIC_LVTT) & APIC_LVT_TIMER_PERIODIC)) {
		KT_SKIP(kt, "the Local APIC timer is not running periodic");
		return;
	}
	if (!hpet_present()) {
		KT_SKIP(kt, "no HPET to compare with");
		return;
	}
	counts =
		timer_counts_over_hpet(hpet_hz() / 20, hpet_hz(), &hpet_counts);
	if (!counts) {
		KT_SKIP(kt, "the host stalled the guest too often to measure "
			    "50 ms in 1 s");
		return;
	}
	hz = counts * hpet_hz() / hpet_counts;
	printk("    # Local APIC timer: calibrated %u Hz, by the HPET %llu "
	       "Hz\n",
	       lapic_timer_hz(), (unsigned long long)hz);
	KT_EXPECT(kt, hz * 100 >= (u64)lapic_timer_hz() * 99);
	KT_EXPECT(kt, hz * 100 <= (u64)lapic_timer_hz() * 101);
}

/* A level line's vector raised by a self-IPI arrives as an edge (the TMR
 * bit stays clear): the Local APIC's EOI is then not broadcast to the I/O
 * APIC, so irq_entry's EOI must count it as Linux's MIS and end the entry
 * at the I/O APIC by hand (ioapic_eoi). */
KTEST(apic, level_line_seen_as_edge_counted_as_mis)
{
	int dev;
	u32 lo, hi, mis = irq_mis_count();

	if (skip_without_apic(kt))
		return;
	if (irq_set_type(TEST_IRQ, IRQ_TYPE_LEVEL_HIGH) < 0 ||
	    request_irq(TEST_IRQ, test_handler, "ktest-mis", &dev) < 0) {
		KT_SKIP(kt, "IRQ 5 is in use");
		return;
	}
	calls = 0;
	self_ipi(TEST_VECTOR);
	KT_EXPECT_EQ(kt, poll_timeout(calls > 0, 100 * USEC_PER_MSEC), 0);
	KT_EXPECT_EQ(kt, irq_mis_count(), mis + 1);
	KT_EXPECT(kt, !isr_bit(TEST_VECTOR));
	KT_EXPECT_EQ(kt, ioapic_entry(TEST_IRQ, &lo, &hi), 0);
	KT_EXPECT(kt, lo & IOART_TRIGGER_LEVEL);
	KT_EXPECT(kt, !(lo & IOART_REM_IRR));
	free_irq(TEST_IRQ, &dev);
	irq_set_type(TEST_IRQ, IRQ_TYPE_EDGE_RISING);
	/* An edge line's vector by IPI is no MIS. */
	mis = irq_mis_count();
	if (request_irq(TEST_IRQ, test_handler, "ktest-mis", &dev) == 0) {
		calls = 0;
		self_ipi(TEST_VECTOR);
		KT_EXPECT_EQ(kt, poll_timeout(calls > 0, 100 * USEC_PER_MSEC),
			     0);
		KT_EXPECT_EQ(kt, irq_mis_count(), mis);
		free_irq(TEST_IRQ, &dev);
	}
}

/* The HPET's 64-bit main counter read as two 32-bit halves across the
 * carry from the low half into the high one. hpet_read_counter reads high,
 * low, high: a plain low-then-high read that straddles the carry returns
 * 2^32 too much (the old low half, the new high half), and high-then-low
 * 2^32 too little. The carry comes every 43 s at 100 MHz, so the test
 * makes it: it halts the counter, sets it CARRY_LEAD counts below 2^32,
 * starts it and reads until past the carry, many times over (each round
 * gives one chance for a torn read to straddle the carry). Then it puts
 * the counter back where it would have been had the test never touched it
 * (less the microseconds it stood halted), so `uptime` goes on. Skipped
 * with clocksource=hpet: kernel time, and this test's own timeouts, would
 * jump with it. */
#define CARRY_LEAD 0x800 /* counts before the carry: 20 us at 100 MHz */
#define CARRY_ROUNDS 32
#define CARRY_MAX_READS 100000 /* per round: a counter that stopped */
#define HPET_LOW_WRAP (1ull << 32)

KTEST(apic, hpet_read_across_the_carry_into_the_high_half)
{
	const struct clocksource *cs = clocksource_current();
	u64 start = HPET_LOW_WRAP - CARRY_LEAD, saved = 0, gone = 0, prev = 0;
	u32 crossed = 0, backwards = 0, torn = 0;

	if (!hpet_present()) {
		KT_SKIP(kt, "no HPET");
		return;
	}
	if (cs && !strcmp(cs->name, "hpet")) {
		KT_SKIP(kt, "kernel time reads the HPET (clocksource=hpet)");
		return;
	}
	for (int round = 0; round < CARRY_ROUNDS; round++) {
		u64 was = hpet_set_counter(start);

		if (round == 0)
			saved = was;
		else
			gone += was -
				start; /* the round before ran that long */
		prev = start;
		for (int n = 0; n < CARRY_MAX_READS; n++) {
			u64 v = hpet_read_counter();

			if (v < prev)
				backwards++;
			else if (v - prev >= HPET_LOW_WRAP)
				torn++; /* a jump of 2^32: halves of two reads
					 */
			prev = v;
			if (v > HPET_LOW_WRAP + CARRY_LEAD) {
				crossed++;
				break;
			}
		}
	}
	/* The last round ran from start to at least prev. */
	hpet_set_counter(saved + gone + (prev - start));
	printk("    # %u rounds across 0x%llx: %u went backwards, %u jumped "
	       "by 2^32; counter put back near 0x%llx\n",
	       crossed, (unsigned long long)HPET_LOW_WRAP, backwards, torn,
	       (unsigned long long)(saved + gone + (prev - start)));
	KT_EXPECT_EQ(kt, crossed, CARRY_ROUNDS);
	KT_EXPECT_EQ(kt, backwards, 0);
	KT_EXPECT_EQ(kt, torn, 0);
	/* Back where it was, plus the rounds' time: well under a second. */
	KT_EXPECT(kt, hpet_read_counter() >= saved);
	KT_EXPECT(kt, hpet_read_counter() - saved < hpet_hz());
}

/* edu's DMA buffer is chosen below its DMA mask (edu_dma_alloc ->
 * frame_alloc_below), not taken wherever the allocator stands and then
 * refused. The device is not needed: the choice is the driver's. */
KTEST(edu, dma_buffer_chosen_below_the_mask)
{
	u32 pa;

	if (!KT_EXPECT_EQ(kt, edu_dma_alloc(edu_dma_mask(), &pa), 0))
		return;
	KT_EXPECT(kt, pa != 0);
	KT_EXPECT(kt, (u64)pa + FRAME_SIZE - 1 <= edu_dma_mask());
	KT_EXPECT(kt, frame_is_used(pa));
	frame_free(pa);
}

/* A limit that no free frame fits under: the allocator's lowest free
 * frame is taken first, then a limit ending with it (every lower frame is
 * in use or not RAM) must get a refusal, not a frame above the limit. Once
 * given back, that limit gets exactly that frame; one byte less, none. */
KTEST(edu, dma_buffer_refused_when_nothing_below_the_mask_is_free)
{
	u32 lowest, pa = 1;

	if (!KT_EXPECT_EQ(kt, edu_dma_alloc(edu_dma_mask(), &lowest), 0))
		return;
	KT_EXPECT_EQ(kt, edu_dma_alloc((u64)lowest + FRAME_SIZE - 1, &pa),
		     -ENOMEM);
	KT_EXPECT_EQ(kt, pa, 0);
	frame_free(lowest);
	KT_EXPECT_EQ(kt, edu_dma_alloc((u64)lowest + FRAME_SIZE - 2, &pa),
		     -ENOMEM);
	if (KT_EXPECT_EQ(kt, edu_dma_alloc((u64)lowest + FRAME_SIZE - 1, &pa),
			 0)) {
		KT_EXPECT_EQ(kt, pa, lowest);
		frame_free(pa);
	}
}
