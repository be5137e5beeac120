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
 * Counter 2 serves once more at boot: counting a known time down while the
 * TSC runs gives the TSC's frequency (tsc_calibrate), and from then on the
 * kernel's clock reads the TSC (kernel/time.c), since timer interrupts can
 * be late or lost (under an emulator, often) but the TSC keeps counting.
 * The boot need not stand still while it counts: tsc_calibrate_start()
 * sets counter 2 going from 0xffff early in kmain and notes the count and
 * the TSC; tsc_calibrate() reads both again after the memory, PCI and
 * interrupt setup. Counts gone by over 1193182 Hz is the time between, and
 * TSC cycles over that time the TSC's rate. It waits only if less than
 * TSC_CAL_MS went by, and starts over with a fresh count if so much time
 * went by that the counter reached 0 (65535 counts, 54.9 ms).
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

#define PIT_BASE 0x40
#define PIT_PORTS 4
#define PIT_CH0 (PIT_BASE + 0)	/* counter 0 data */
#define PIT_CH2 (PIT_BASE + 2)	/* counter 2 data (speaker, calibration) */
#define PIT_CTRL (PIT_BASE + 3) /* control word (write only) */
#define PIT_IRQ 0

#define PIT_INPUT_HZ 1193182u  /* 14.31818 MHz / 12 */
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

#define PIT_READBACK_TRIES 10000 /* reads while waiting for it to move */
/* How long the TSC is measured, at least. 10 ms of PIT counts (11932 of
 * them, each 838 ns; a count read is off by at most one at either end)
 * pins the rate to about 0.02 %. Counted while the boot goes on, it
 * usually costs no waiting at all (see tsc_calibrate_start). */
#define TSC_CAL_MS 10
#define TSC_CAL_MIN_COUNTS (PIT_INPUT_HZ / (1000 / TSC_CAL_MS))
#define TSC_CAL_START 0xffffu /* counter 2's count: 54.9 ms to 0 */
/* Counter reads before we give up: each is a latch and three port reads
 * (over a microsecond on real hardware), so seconds, not the 10 ms. */
#define TSC_CAL_LOOPS 1000000u
#define TICK_WAIT_MS 100 /* how long we wait for a first tick */

static u32 divisor;

static struct {
	bool started; /* counter 2 counts from TSC_CAL_START */
	u8 port_b;    /* port B as we found it, to put back */
	u16 count0;   /* counter 2 when ... */
	u64 tsc0;     /*   the TSC read this */
} cal;

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

/* A working counter 0 reads back values in 1..divisor that change. */
static int
pit_check_counting(void)
{
	u16 first = pit_read_count(), c = first;

	for (int i = 0; i < PIT_READBACK_TRIES; i++) {
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

static u32
pit_wanted_hz(void)
{
	const char *arg = cmdline_get("hz");
	u32 hz = 0;
	int i;

	if (!arg)
		return PIT_DEFAULT_HZ;
	for (i = 0; arg[i] >= '0' && arg[i] <= '9' && hz < 100000; i++)
		hz = hz * 10 + (arg[i] - '0');
	if (arg[i] || hz < PIT_MIN_HZ || hz > PIT_MAX_HZ) {
		printk("pit: hz=%s is not a rate in %u..%u; using %u\n", arg,
		       PIT_MIN_HZ, PIT_MAX_HZ, PIT_DEFAULT_HZ);
		return PIT_DEFAULT_HZ;
	}
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
	time_set_tick((u64)divisor * PSEC_PER_SEC / PIT_INPUT_HZ);
	u32 mhz = (u32)((u64)PIT_INPUT_HZ * 1000 / divisor); /* milli-Hz */
	printk("pit: channel 0 at %u.%03u Hz (asked %u Hz: %u Hz / divisor "
	       "%u)\n",
	       mhz / 1000, mhz % 1000, hz, PIT_INPUT_HZ, divisor);
	return 0;
}

/* Wait up to ms (by the TSC) for the tick counter to move. */
static bool
wait_next_tick(u32 ms)
{
	u64 j = jiffies_read(), t0 = rdtsc();
	u64 limit = (u64)tsc_khz() * ms;

	while (rdtsc() - t0 < limit)
		if (jiffies_read() != j)
			return true;
	return false;
}

/* Latch counter 2 and read it, with the TSC beside it. Interrupts off:
 * the latch command and the two reads belong together. */
static u16
ch2_read(u64 *tsc)
{
	u32 flags = irq_save();
	u8 lo, hi;

	*tsc = rdtsc();
	outb(PIT_SEL_CH2 | PIT_RW_LATCH, PIT_CTRL); // Freeze a copy of count 2
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	irq_restore(flags);
	return (u16)(hi << 8 | lo);
}

void
tsc_calibrate_start(void)
{
	if (!cal.started) /* a restart keeps what the boot found */
		cal.port_b = inb(PORT_B);
	outb((cal.port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2,
	     PORT_B); // Gate on, quiet
	outb(PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE_TERMINAL | PIT_BINARY,
	     PIT_CTRL);			     // Counter 2, mode 0
	outb(TSC_CAL_START & 0xff, PIT_CH2); // Count, low byte
	outb(TSC_CAL_START >> 8, PIT_CH2);   //   high: starts
	/* The count is loaded at the next input clock (838 ns); from then
	 * on, whatever count we read, the TSC read beside it marks the same
	 * moment. */
	cal.count0 = ch2_read(&cal.tsc0);
	cal.started = true;
}

/* Counter 2's counts since tsc_calibrate_start, at least TSC_CAL_MIN_COUNTS
 * of them (it waits for the rest), and the TSC cycles over the same time.
 * In mode 0 OUT2 (port B) rises when the count reaches 0, and a count read
 * after that is no longer 0xffff minus the time: returns 0 counts then. */
static u32
ch2_counts_since_start(u64 *cycles)
{
	u64 tsc = 0;
	u32 counts = 0;

	for (u32 i = 0; i < TSC_CAL_LOOPS; i++) {
		counts = cal.count0 - ch2_read(&tsc);
		if (inb(PORT_B) & PORT_B_OUT2)
			return 0; /* it reached 0: too late to tell */
		if (counts >= TSC_CAL_MIN_COUNTS)
			break;
	}
	*cycles = tsc - cal.tsc0;
	return counts;
}

u32
tsc_calibrate_end(u32 *ms)
{
	u64 cycles = 0;
	u32 counts = ch2_counts_since_start(&cycles);

	if (!counts) { /* over 54.9 ms since the start: once more, now */
		tsc_calibrate_start();
		counts = ch2_counts_since_start(&cycles);
	}
	outb(cal.port_b, PORT_B); // Gate as it was
	cal.started = false;
	if (counts < TSC_CAL_MIN_COUNTS) {
		printk("pit: counter 2 did not count %u in time (counted %u; "
		       "port B 0x%02x); TSC not calibrated\n",
		       TSC_CAL_MIN_COUNTS, counts, inb(PORT_B));
		return 0;
	}
	*ms = (u32)(((u64)counts * 1000 + PIT_INPUT_HZ / 2) / PIT_INPUT_HZ);
	/* cycles over counts / 1193182 s: kHz = cycles * 1193182 / counts /
	 * 1000 */
	return (u32)(cycles * PIT_INPUT_HZ / counts / 1000);
}

void
tsc_calibrate(void)
{
	u32 khz, ms = 0;

	if (!divisor) { /* pit_init failed: no PIT to trust */
		if (cal.started)
			outb(cal.port_b, PORT_B); // Gate as it was
		cal.started = false;
		return;
	}
	if (!cal.started)
		tsc_calibrate_start(); /* nobody started it early */
	khz = tsc_calibrate_end(&ms);
	if (khz) {
		time_set_tsc_khz(khz);
		printk("tsc: %u.%03u MHz (calibrated over %u ms of PIT counter "
		       "2)\n",
		       khz / 1000, khz % 1000, ms);
	}
	/* Ticks counted since irq_start prove it ticks; else wait for one. */
	if (khz && time_have_tick() && jiffies_read() == 0 &&
	    !wait_next_tick(TICK_WAIT_MS)) {
		printk("pit: no timer interrupt within %u ms (IRQ %u count "
		       "%u); the tick count will not advance\n",
		       TICK_WAIT_MS, PIT_IRQ, irq_count(PIT_IRQ));
		time_tick_missing();
	}
}
