/* drivers/serial.h - the 16550 UART on COM1: the console porthole speaks on. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include "lib/types.h"

#define COM1_BASE 0x3f8
#define SERIAL_PORTS 8
#define SERIAL_BAUD 115200

/* serial_init - find the UART (scratch and loopback tests), claim
 * "serial" 03f8-03ff, 115200 8N1, FIFOs on, polled; registers the serial
 * console and the input poller. Returns 0, -ENODEV when no UART answers or
 * -EBUSY when its ports are taken (then porthole carries on with the other
 * consoles). Runs first in kmain, before it could print anything. */
int serial_init(void);

/* serial_report - say what serial_init(err) found, once another console
 * may be listening. Prints nothing for 0. */
void serial_report(int err);

/* serial_init_irq - switch input to IRQ 4 (after the PIC is up). Returns
 * 0, -ENODEV without a UART, or request_irq's error (input stays polled). */
int serial_init_irq(void);

/* serial_present - true once serial_init found the UART. */
bool serial_present(void);

#endif
