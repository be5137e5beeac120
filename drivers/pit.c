/* drivers/pit.c - the Intel 8254 Programmable Interval Timer.
 *
 * Three 16-bit down-counters share one input clock of 1.193182 MHz (the
 * original PC's 14.31818 MHz crystal divided by 12). Channel 0's output is
 * wired to IRQ 0; channel 1 once refreshed DRAM; channel 2 drives the
 * speaker. Ports (Intel 82C54 datasheet, "Operational description"):
 *
 *   0x40-0x42  counter 0-2: load the initial count / read the count
 *   0x43       control word: select counter, access mode, operating mode,
 *              or a counter-latch command
 *
 * porthole runs counter 0 in mode 2, "rate generator": it counts down from
 * the divisor and pulses its output once per round, then reloads, so the
 * interrupts come every divisor / 1193182 seconds. (Mode 3, the square wave
 * the BIOS uses, gives the same rate; mode 2 gives one clean edge per
 * period and its count can be read back directly.) The divisor is an
 * integer, so the real rate is 1193182 / divisor, not quite the one asked
 * for: 1000 Hz becomes 1193182 / 1193 = 1000.152 Hz. The kernel's clock
 * uses the real period.
 *
 * Counter 2 serves once more at boot: it is the reference the time core
 * times the TSC against (kernel/time.c, struct tsc_ref). In mode 0,
 * "interrupt on terminal count", it counts down once from the count loaded
 * and raises OUT2 at 0; its gate and OUT2 sit in system control port B
 * (0x61). pit_ch2_ref starts it from 0xffff, reads the count (latched, the
 * TSC read beside it) as counts gone by, and says when it ran out (65535
 * counts, 54.9 ms).
 */
#include "drivers/pit.h"
#include "kernel/cmdline.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/parse.h"

#define PIT_BASE 0x40
#define PIT_PORTS 4
#define PIT_CH0 (PIT_BASE + 0)	/* counter 0 data */
#define PIT_CH2 (PIT_BASE + 2)	/* counter 2 data (speaker, calibration) */
#define PIT_CTRL (PIT_BASE + 3) /* control word (write only) */
#define PIT_IRQ 0

#define PIT_MAX_DIVISOR 65535u /* a count of 0 means 65536; we avoid it */
#define PIT_MIN_HZ (PIT_INPUT_HZ / PIT_MAX_DIVISOR + 1) /* 19 */
#define PIT_MAX_HZ 10000u /* faster only burns the CPU on interrupts */

/* Control word bits (82C54 datasheet, "Control Word Format"). */
#define PIT_SEL_CH0 0x00       /* SC1 SC0 = 00: counter 0 */
#define PIT_SEL_CH2 0x80       /* SC1 SC0 = 10: counter 2 */
#define PIT_MODE_TERMINAL 0x00 /* mode 0: OUT goes high at count 0 */
#define PIT_RW_LATCH 0x00      /* RW = 00: counter latch command */
#define PIT_RW_LOHI 0x30       /* RW = 11: LSB then MSB */
#define PIT_MODE_RATE 0x04     /* M2 M1 M0 = 010: mode 2, rate generator */
#define PIT_BINARY 0x00	       /* BCD = 0: 16-bit binary count */

/* System control port B (IBM PC AT Technical Reference, "System
 * Control Port B"; PIIX3 datasheet, "NMI Status and Control Register"):
 * it gates counter 2 and shows its output. It is shared with the speaker
 * and the NMI status bits, so nobody claims it (Linux neither). */
#define PORT_B 0x61
#define PORT_B_GATE2 0x01   /* counter 2 gate: 1 = count */
#define PORT_B_SPEAKER 0x02 /* speaker data enable: keep it off */
#define PORT_B_OUT2 0x20    /* counter 2's OUT pin (read only) */

/* How long counter 0 may take to move: a count lasts 838 ns. */
#define PIT_READBACK_US 10000
/* Counter 2's count as a TSC reference: 65535 counts, 54.9 ms to 0. Ten ms
 * of them (11932, each 838 ns; a count read is off by at most one at either
 * end) pin the TSC's rate to about 0.02 %. */
#define CH2_START 0xffffu

static u32 divisor;

static struct {
	bool started; /* counter 2 counts from CH2_START */
	u8 port_b;    /* port B as we found it, to put back */
} ch2;

static irqreturn_t
pit_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	time_tick();
	return IRQ_HANDLED;
}

static u16
pit_read_count(void)
{
	u8 lo, hi;

	outb(PIT_SEL_CH0 | PIT_RW_LATCH, PIT_CTRL); // Freeze a copy of count 0
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return (u16)(hi << 8 | lo);
}

/* Counter 0 as a clocksource (Linux's "pit"): it counts down from the
 * divisor and reloads, so divisor minus the count counts up and wraps
 * every tick. A latch command and two port reads, with interrupts off
 * (they belong together). */
static u64
pit_cs_read(void)
{
	u32 flags = irq_save();
	u16 c = pit_read_count();

	irq_restore(flags);
	return c ? divisor - c : 0;
}

static struct clocksource pit_clocksource = {
	.name = "pit",
	.access = "latch command (out 0x43) and two port reads (in 0x40)",
	.hz = PIT_INPUT_HZ,
	.read = pit_cs_read,
};

/* A working counter 0 reads back values in 1..divisor that change. */
static int
pit_check_counting(void)
{
	u16 first = pit_read_count(), c = first;
	struct timeout t;

	timeout_start(&t, PIT_READBACK_US);
	while (!timeout_expired(&t)) {
		c = pit_read_count();
		if (c == 0 || c > divisor)
			break;
		if (c != first)
			return 0;
	}
	printk("pit: counter 0 reads back 0x%04x then 0x%04x after loading "
	       "divisor %u (want a changing count in 1..%u); no timer\n",
	       first, c, divisor, divisor);
	return -EIO;
}

static const char *
hz_check(const char *v)
{
	u32 hz;

	if (parse_u32(v, &hz) < 0 || hz < PIT_MIN_HZ || hz > PIT_MAX_HZ)
		return "a rate in 19..10000 (Hz)";
	return NULL;
}
CMDLINE_OPTION("hz", hz_check);

/* hz=N, or the default; cmdline_check() has dropped a value hz_check
 * refused (and said so). */
static u32
pit_wanted_hz(void)
{
	const char *arg = cmdline_get("hz");
	u32 hz;

	if (!arg || parse_u32(arg, &hz) < 0)
		return PIT_DEFAULT_HZ;
	return hz;
}

int
pit_init(void)
{
	u32 hz = pit_wanted_hz();
	int err;

	if (!request_region(PIT_BASE, PIT_PORTS, "timer0"))
		return -EBUSY;
	/* Nearest integer divisor. */
	divisor = (PIT_INPUT_HZ + hz / 2) / hz;
	outb_p(PIT_SEL_CH0 | PIT_RW_LOHI | PIT_MODE_RATE | PIT_BINARY,
	       PIT_CTRL);		 // Counter 0, mode 2, binary
	outb_p(divisor & 0xff, PIT_CH0); // Divisor, low byte
	outb_p(divisor >> 8, PIT_CH0);	 //   then high byte
	err = pit_check_counting();
	if (!err)
		err = request_irq(PIT_IRQ, pit_irq, "timer", NULL);
	if (err) {
		divisor = 0;
		release_region(PIT_BASE, PIT_PORTS);
		return err;
	}
	/* period = divisor / 1193182 s, in picoseconds */
	time_set_tick((u64)divisor * PSEC_PER_SEC / PIT_INPUT_HZ, PIT_IRQ);
	u32 mhz = (u32)((u64)PIT_INPUT_HZ * 1000 / divisor); /* milli-Hz */
	printk("pit: channel 0 at %u.%03u Hz (asked %u Hz: %u Hz / divisor "
	       "%u)\n",
	       mhz / 1000, mhz % 1000, hz, PIT_INPUT_HZ, divisor);
	pit_clocksource.wrap = divisor;
	clocksource_register(&pit_clocksource);
	return 0;
}

/* Latch counter 2 and read it, with the TSC beside it. Interrupts off:
 * the latch command and the two reads belong together. The latch freezes
 * the count at some moment during its OUT; a TSC read before and after it
 * brackets that moment, and under an emulator (or with an SMI on real
 * hardware) the bracket is sometimes wide: the host stopped the CPU in
 * between. So the sample is taken CH2_SAMPLES times and the narrowest
 * kept, its TSC the middle of its bracket (Linux's pit_expect_msb keeps
 * the same kind of bound on each of its samples). */
#define CH2_SAMPLES 4

static u16
ch2_read_count(u64 *tsc, u32 *width)
{
	u32 flags = irq_save();
	u16 best = 0;
	u64 best_width = ~0ULL;

	for (int i = 0; i < CH2_SAMPLES; i++) {
		u64 t1 = rdtsc();
		outb(PIT_SEL_CH2 | PIT_RW_LATCH, PIT_CTRL); // Freeze count 2
		u64 t2 = rdtsc();
		u8 lo = inb(PIT_CH2);
		u8 hi = inb(PIT_CH2);
		if (t2 - t1 < best_width) {
			best_width = t2 - t1;
			best = (u16)(hi << 8 | lo);
			*tsc = t1 + (t2 - t1) / 2;
		}
	}
	irq_restore(flags);
	*width = best_width > 0xffffffffULL ? 0xffffffffu : (u32)best_width;
	return best;
}

static void
ch2_start(void)
{
	if (!ch2.started) /* a restart keeps what the boot found */
		ch2.port_b = inb(PORT_B);
	outb((ch2.port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2,
	     PORT_B); // Gate on, quiet
	outb(PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE_TERMINAL | PIT_BINARY,
	     PIT_CTRL);			 // Counter 2, mode 0
	outb(CH2_START & 0xff, PIT_CH2); // Count, low byte
	outb(CH2_START >> 8, PIT_CH2);	 //   high: starts
	ch2.started = true;
}

/* In mode 0 OUT2 (port B) rises when the count reaches 0; a count read
 * after that is no longer CH2_START minus the time. */
static int
ch2_read(u64 *tsc, u32 *width)
{
	u16 count = ch2_read_count(tsc, width);

	if (inb(PORT_B) & PORT_B_OUT2)
		return -ERANGE;
	return CH2_START - count;
}

static void
ch2_stop(void)
{
	if (ch2.started)
		outb(ch2.port_b, PORT_B); // Gate as it was
	ch2.started = false;
}

const struct tsc_ref pit_ch2_ref = {
	.name = "PIT counter 2",
	.hz = PIT_INPUT_HZ,
	.start = ch2_start,
	.read = ch2_read,
	.stop = ch2_stop,
};
