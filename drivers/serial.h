/* drivers/serial.h - the 16550 UART on COM1: the console porthole speaks on. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include "lib/types.h"

#define COM1_BASE 0x3f8
#define SERIAL_PORTS 8
#define SERIAL_BAUD 115200

/* serial_init - 115200 8N1, FIFOs on, polled; registers the serial console
 * and the input poller. Returns 0, or -ENODEV when no UART answers (then
 * porthole carries on with the other consoles). Runs first in kmain. */
int serial_init(void);

/* serial_present - true once serial_init found the UART. */
bool serial_present(void);

#endif
