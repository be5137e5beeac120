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
 * This file polls: it waits for LSR.THRE before each byte it sends and
 * checks LSR.DR for input.
 */
#include "drivers/serial.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/tty.h"
#include "lib/errno.h"

#define UART_RBR 0 /* receive buffer (read, DLAB=0) */
#define UART_THR 0 /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch */

#define LCR_WLEN8 0x03 /* 8 data bits; with no PARITY bits and 1 stop bit */
#define LCR_DLAB 0x80  /* divisor latch access */

#define FCR_ENABLE 0x01     /* FIFOs on */
#define FCR_CLEAR_RCVR 0x02 /* empty the receive FIFO */
#define FCR_CLEAR_XMIT 0x04 /* empty the transmit FIFO */
#define FCR_TRIGGER_14 0xc0 /* receive interrupt at 14 bytes */

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08 /* on a PC, connects the UART's interrupt to the PIC */

#define LSR_DR 0x01   /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

#define UART_CLOCK_DIV16 115200 /* input clock / 16 = highest baud rate */
#define SCRATCH_PATTERN 0x5a
#define TX_TIMEOUT 100000 /* LSR polls before we give up on one byte */

static const u16 port = COM1_BASE;
static bool present;

static void
serial_putc(char c)
{
	for (int i = 0; i < TX_TIMEOUT && !(inb(port + UART_LSR) & LSR_THRE);
	     i++)
		;
	outb((u8)c, port + UART_THR);
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

int
serial_init(void)
{
	u16 divisor = UART_CLOCK_DIV16 / SERIAL_BAUD;

	/* Is anything there? A UART keeps what we write to its scratch
	 * register; an empty port floats and reads back 0xff. */
	outb(SCRATCH_PATTERN, port + UART_SCR);
	if (inb(port + UART_SCR) != SCRATCH_PATTERN)
		return -ENODEV;

	outb(0x00, port + UART_IER);               // No interrupts (we poll)
	outb(LCR_DLAB, port + UART_LCR);           // Unlock the divisor
	outb(divisor & 0xff, port + UART_DLL);     // 115200 baud
	outb(divisor >> 8, port + UART_DLM);
	outb(LCR_WLEN8, port + UART_LCR);          // 8N1, lock the divisor
	outb(FCR_ENABLE | FCR_CLEAR_RCVR | FCR_CLEAR_XMIT | FCR_TRIGGER_14,
	     port + UART_FCR);                     // FIFOs on and empty
	outb(MCR_DTR | MCR_RTS, port + UART_MCR);  // We are ready to talk
	present = true;
	/* The UART answered: its eight ports are ours (ioports: "serial"). */
	request_region(port, SERIAL_PORTS, "serial");
	console_register(&serial_console);
	tty_register_poll(serial_poll_getc);
	return 0;
}
