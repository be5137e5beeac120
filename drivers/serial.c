/* drivers/serial.c - the 16550A UART: porthole's first and main console.
 *
 * The PC's COM1 is a National Semiconductor 16550-compatible UART at I/O
 * ports 0x3f8-0x3ff, raising IRQ 4. Its eight registers (PC16550D datasheet,
 * table 2 "Register summary"):
 *
 *   +0  RBR (read)  receive buffer      THR (write) transmit holding
 *       DLL when LCR.DLAB=1: divisor latch, low byte
 *   +1  IER  interrupt enable           DLM when DLAB=1: divisor, high byte
 *   +2  IIR (read) interrupt identity   FCR (write) FIFO control
 *   +3  LCR  line control (word length, parity, stop bits, DLAB)
 *   +4  MCR  modem control (DTR, RTS, OUT2 gates the IRQ line, LOOP)
 *   +5  LSR  line status (data ready, errors, transmitter empty)
 *   +6  MSR  modem status
 *   +7  SCR  scratch: a byte of storage, used to see if a UART is there
 *
 * The baud rate is 115200 / divisor (the chip's 1.8432 MHz clock / 16).
 *
 * Two stages. serial_init() runs first of all, polled, so that the boot
 * can speak before there are interrupts: it finds the chip (scratch
 * register, then a byte sent to itself in loopback mode), sets 8N1 and
 * registers the console. serial_init_irq() runs once the PIC is up:
 * received bytes then arrive on IRQ 4 (IER: "received data available" and
 * "receiver line status") and the handler moves everything in the receive
 * FIFO into the tty's ring buffer, counting the errors the LSR reports.
 *
 * Transmit stays polled, a FIFO at a time. LSR.THRE set means the whole
 * transmit FIFO is empty (datasheet, "FIFO Polled Mode Operation"), so
 * after one poll that sees it we may write FIFO_SIZE bytes (16 on a
 * 16550A) without looking again; a chip whose FIFOs do not work (an 8250
 * or 16450) holds one byte, and is polled before each. Every poll is a
 * port read (under an emulator, a trip into it), so this halves the
 * accesses per byte. printk holds interrupts off while it writes, so its
 * bytes go out whole and in order.
 *
 * But the line can stall: a terminal that sends XOFF, a cable pulled, the
 * program at the other end of QEMU's pipe or socket no longer reading.
 * THRE then stays clear, and a wait for it with interrupts off would stop
 * the whole kernel. So the wait is bounded by time (TX_WAIT_US, through
 * the time core's poll_timeout), and when it runs out the line counts as
 * blocked: bytes are dropped and counted (the `serial` command shows the
 * count) without any more waiting, one LSR look each, until THRE is seen
 * set again. Output is lost then -- counted, never silently -- and the
 * kernel keeps running and keeps its interrupts.
 *
 * On a PC the UART's IRQ line is edge-triggered (the 8259, and the I/O
 * APIC's ISA entries): the controller sees a new interrupt only when the
 * line goes from low to high. The line stays high while any interrupt the
 * IER enables is pending in the IIR, so a handler that returns with one
 * still pending (bytes that came while it was draining the FIFO) leaves
 * it high, and no edge, no interrupt, ever comes again: input stops for
 * good. So the handler reads the IIR again after draining and starts over
 * until it says "no interrupt pending", as Linux's serial8250_interrupt
 * does. That is the rule; a watchdog backs it up (as Linux's 8250 backup
 * timer does for UARTs known to lose interrupts): when the shell has
 * nothing to read it looks at LSR.DR once a second, and received data
 * that has sat there a whole second with no interrupt on IRQ 4 is read by
 * polling, counted in `serial` and said once on the console. It catches
 * what the rule cannot: the handler's bound cut short by a storm of
 * input, an IER or a mask some `outb -f` cleared, a line misrouted.
 */
#include "drivers/serial.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/command.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "lib/errno.h"

#define UART_RBR 0 /* receive buffer (read, DLAB=0) */
#define UART_THR 0 /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch */

#define IER_RDI 0x01  /* interrupt: received data available (or timeout) */
#define IER_RLSI 0x04 /* interrupt: receiver line status (errors) */

#define IIR_NO_INT 0x01	   /* no interrupt pending */
#define IIR_FIFO_MASK 0xc0 /* 11 = FIFOs enabled and working (16550A) */

#define LCR_WLEN8 0x03 /* 8 data bits; with no PARITY bits and 1 stop bit */
#define LCR_DLAB 0x80  /* divisor latch access */

#define FCR_ENABLE 0x01	    /* FIFOs on */
#define FCR_CLEAR_RCVR 0x02 /* empty the receive FIFO */
#define FCR_CLEAR_XMIT 0x04 /* empty the transmit FIFO */
#define FCR_TRIGGER_14 0xc0 /* receive interrupt at 14 bytes */
#define FIFO_SIZE 16	    /* bytes in each 16550A FIFO (datasheet, FCR) */

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08 /* on a PC, connects the UART's interrupt to the PIC */
#define MCR_LOOP 0x10 /* loopback: transmitter wired to receiver */

#define LSR_DR 0x01   /* data ready */
#define LSR_OE 0x02   /* overrun: a byte arrived with the FIFO full */
#define LSR_PE 0x04   /* parity error */
#define LSR_FE 0x08   /* framing error (no stop bit) */
#define LSR_BI 0x10   /* break: the line held low for a whole character */
#define LSR_THRE 0x20 /* transmit holding register empty */

#define SERIAL_IRQ 4		/* COM1 */
#define UART_CLOCK_DIV16 115200 /* input clock / 16 = highest baud rate */
#define SCRATCH_PATTERN 0x5a
#define LOOP_PATTERN 0xa5
/* How long the looped-back byte may take: one character time at the
 * slowest rate is 9 ms (10 bits at 1200 baud); at 115200, 87 us. */
#define LOOP_WAIT_US 10000
/* How long we wait for LSR.THRE: a 16-byte FIFO drains in 1.4 ms at
 * 115200 baud, and Linux's 8250 console waits 10 ms. But under an emulator
 * on a busy host the other end of QEMU's socket or pipe can take tens of
 * ms to be served: 100 ms means the line is stalled (flow control, or a
 * reader that stopped reading), not slow. */
#define TX_WAIT_US 100000
#define RX_MAX_PER_IRQ 256 /* bound the handler: a stuck DR is a storm */
#define RX_MAX_PASSES 16   /* IIR re-reads per interrupt (an IIR stuck busy) */
/* The watchdog: LSR.DR set, at two looks this far apart, with no interrupt
 * on IRQ 4 in between, is a lost interrupt (the FIFO's own timeout
 * interrupt comes after 4 character times, 0.35 ms at 115200 baud). */
#define RX_WATCH_NS 1000000000ull

static const u16 port = COM1_BASE;
static bool present, irq_on;
static int tx_fifo_size = 1; /* FIFO_SIZE once the FIFOs are seen working */
static int tx_room;	     /* bytes we may write before polling THRE */
static bool tx_blocked;	     /* THRE stayed clear: drop until it sets */

static struct {
	u32 rx, overrun, parity, framing, brk, dropped;
	u32 tx_timeouts, tx_dropped;
	u32 irq_limit;		   /* handler stopped at its bound, IIR busy */
	u32 rx_rescues, rx_polled; /* the watchdog's reads, and their bytes */
} stats;

/* May one more byte go to THR? Waits for LSR.THRE when the FIFO may be
 * full, at most TX_WAIT_US; false (the byte is to be dropped) when the
 * line is blocked: the wait ran out, or ran out before and THRE is still
 * clear. */
static bool
serial_tx_ready(void)
{
	if (tx_room > 0)
		return true;
	if (tx_blocked) { /* no waiting while it stays blocked: one look */
		if (!(inb(port + UART_LSR) & LSR_THRE))
			return false;
		tx_blocked = false;
	} else if (poll_timeout(inb(port + UART_LSR) & LSR_THRE, TX_WAIT_US) <
		   0) {
		stats.tx_timeouts++;
		tx_blocked = true;
		return false;
	}
	tx_room = tx_fifo_size; /* the FIFO is empty */
	return true;
}

static void
serial_putc(char c)
{
	if (!serial_tx_ready()) {
		stats.tx_dropped++;
		return;
	}
	outb((u8)c, port + UART_THR);
	tx_room--;
}

static void
serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r'); /* terminals want CR LF */
		serial_putc(s[i]);
	}
}

static int
serial_poll_getc(void)
{
	if (inb(port + UART_LSR) & LSR_DR)
		return inb(port + UART_RBR);
	return -1;
}

static struct console serial_console = {
	.name = "serial",
	.write = serial_write,
};

bool
serial_present(void)
{
	return present;
}

/* In loopback mode the transmitter feeds the receiver inside the chip:
 * a byte we send must come back. Nothing reaches the wire. */
static bool
serial_loopback_ok(void)
{
	bool ok = false;

	outb(MCR_LOOP, port + UART_MCR);
	while (inb(port + UART_LSR) & LSR_DR) // Drain old input
		inb(port + UART_RBR);
	outb(LOOP_PATTERN, port + UART_THR);
	if (poll_timeout(inb(port + UART_LSR) & LSR_DR, LOOP_WAIT_US) == 0)
		ok = inb(port + UART_RBR) == LOOP_PATTERN;
	outb(MCR_DTR | MCR_RTS, port + UART_MCR); // Loopback off
	return ok;
}

int
serial_init(void)
{
	u16 divisor = UART_CLOCK_DIV16 / SERIAL_BAUD;

	/* Claim the eight ports (ioports: "serial") before touching them;
	 * a claim that fails (someone has them) leaves the UART unused. */
	if (!request_region(port, SERIAL_PORTS, "serial"))
		return -EBUSY;
	/* Is anything there? A UART keeps what we write to its scratch
	 * register; an empty port floats and reads back 0xff. Nobody can be
	 * told yet (this is the first console): serial_report() says it. */
	outb(SCRATCH_PATTERN, port + UART_SCR);
	if (inb(port + UART_SCR) != SCRATCH_PATTERN)
		goto absent;

	outb(0x00, port + UART_IER);	       // No interrupts yet
	outb(LCR_DLAB, port + UART_LCR);       // Unlock the divisor
	outb(divisor & 0xff, port + UART_DLL); // 115200 baud
	outb(divisor >> 8, port + UART_DLM);
	outb(LCR_WLEN8, port + UART_LCR); // 8N1, lock the divisor
	outb(FCR_ENABLE | FCR_CLEAR_RCVR | FCR_CLEAR_XMIT | FCR_TRIGGER_14,
	     port + UART_FCR); // FIFOs on and empty
	if ((inb(port + UART_IIR) & IIR_FIFO_MASK) == IIR_FIFO_MASK)
		tx_fifo_size = FIFO_SIZE; // A 16550A: 16 bytes per THRE
	if (!serial_loopback_ok())	  // Does it really talk?
		goto absent;
	present = true;
	console_register(&serial_console);
	tty_register_poll(serial_poll_getc);
	return 0;
absent:
	release_region(port, SERIAL_PORTS);
	return -ENODEV;
}

void
serial_report(int err)
{
	if (err == -ENODEV)
		printk("serial: no UART at 0x%x (scratch/loopback test "
		       "failed); "
		       "screen only\n",
		       port);
	else if (err < 0)
		printk("serial: COM1 unusable (%s)\n", errname(err));
}

/* Move what the receive FIFO holds into the tty, at most max bytes, counting
 * the errors the LSR reports with each. Returns the bytes taken. Interrupts
 * off (the handler, or the idle watchdog). */
static int
serial_rx_drain(int max)
{
	int n = 0;
	u8 lsr;

	while (n < max && ((lsr = inb(port + UART_LSR)) & (LSR_DR | LSR_BI))) {
		u8 c = inb(port + UART_RBR);
		n++;
		stats.overrun += !!(lsr & LSR_OE);
		stats.parity += !!(lsr & LSR_PE);
		stats.framing += !!(lsr & LSR_FE);
		if (lsr & LSR_BI) {
			stats.brk++;
			continue; /* the 0 byte a break delivers is not data */
		}
		stats.rx++;
		if (!tty_input((char)c))
			stats.dropped++;
	}
	return n;
}

/* IRQ 4: the receive FIFO has data (or an error, or data sat there for 4
 * character times: the "timeout" interrupt). Empty it into the tty, and
 * again while the IIR still shows an interrupt pending: only a line that
 * goes low can give the next edge (see the top of this file). */
static irqreturn_t
serial_irq(int irq, void *dev)
{
	int n = 0, passes = 0;

	(void)irq;
	(void)dev;
	if (inb(port + UART_IIR) & IIR_NO_INT)
		return IRQ_NONE;
	do {
		n += serial_rx_drain(RX_MAX_PER_IRQ - n);
	} while (!(inb(port + UART_IIR) & IIR_NO_INT) &&
		 ++passes < RX_MAX_PASSES && n < RX_MAX_PER_IRQ);
	if (passes == RX_MAX_PASSES || n == RX_MAX_PER_IRQ)
		stats.irq_limit++; /* the watchdog will look */
	return IRQ_HANDLED;
}

/* The watchdog, from the tty's idle path (interrupts off, nothing queued):
 * at most one LSR read a second. Data seen waiting at two looks in a row,
 * with no interrupt on IRQ 4 between them, is read here. */
static void
serial_rx_watchdog(void)
{
	static u64 next_look;
	static u32 irqs_at_look;
	static bool dr_at_look;
	u64 now = uptime_ns();
	u32 irqs = irq_count(SERIAL_IRQ);

	if (now < next_look)
		return;
	next_look = now + RX_WATCH_NS;
	bool dr = inb(port + UART_LSR) & LSR_DR;
	if (dr && dr_at_look && irqs == irqs_at_look) {
		if (!stats.rx_rescues++)
			printk("serial: received data waited %llu ms with no "
			       "interrupt on IRQ %d; reading it by polling "
			       "(see 'serial')\n",
			       RX_WATCH_NS / 1000000, SERIAL_IRQ);
		stats.rx_polled += (u32)serial_rx_drain(RX_MAX_PER_IRQ);
		dr = false;
	}
	dr_at_look = dr;
	irqs_at_look = irqs;
}

int
serial_init_irq(void)
{
	int err;

	if (!present)
		return -ENODEV;
	err = request_irq(SERIAL_IRQ, serial_irq, "ttyS0", NULL);
	if (err)
		return err; /* stays polled */
	tty_unregister_poll(serial_poll_getc);
	tty_register_idle(serial_rx_watchdog);
	irq_on = true;
	outb(MCR_DTR | MCR_RTS | MCR_OUT2, port + UART_MCR); // IRQ to the PIC
	outb(IER_RDI | IER_RLSI, port + UART_IER);	     // Receive IRQs on
	return 0;
}

static int
cmd_serial(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!present) {
		printk("serial: no UART at 0x%x\n", port);
		return -ENODEV;
	}
	u8 iir = inb(port + UART_IIR);
	printk("COM1 at 0x%x, %u baud 8N1, %s, receive %s\n", port, SERIAL_BAUD,
	       (iir & IIR_FIFO_MASK) == IIR_FIFO_MASK ? "16550A FIFOs"
						      : "no working FIFO",
	       irq_on ? "on IRQ 4" : "polled");
	printk("rx %u bytes; overrun %u, parity %u, framing %u, break %u, "
	       "dropped (buffer full) %u\n",
	       stats.rx, stats.overrun, stats.parity, stats.framing, stats.brk,
	       stats.dropped);
	printk("tx polled, %d byte%s per LSR.THRE; THRE waits that timed out "
	       "%u; tty ring dropped %u\n",
	       tx_fifo_size, tx_fifo_size == 1 ? "" : "s", stats.tx_timeouts,
	       tty_dropped());
	printk("tx dropped %u bytes (line blocked: THRE clear for %u ms)%s\n",
	       stats.tx_dropped, TX_WAIT_US / 1000,
	       tx_blocked ? "; blocked now" : "");
	if (irq_on)
		printk("rx interrupts cut short %u; data found with no "
		       "interrupt %u times (%u bytes read by polling)\n",
		       stats.irq_limit, stats.rx_rescues, stats.rx_polled);
	return 0;
}
SHELL_COMMAND("serial", cmd_serial, "COM1's state and receive error counts",
	      "serial");
