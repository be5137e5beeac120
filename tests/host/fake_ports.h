/* tests/host/fake_ports.h - port I/O for a driver built into a host test.
 *
 * Force-included (-include) before the driver's own headers: it takes
 * kernel/io.h's include guard, so the driver's inb/outb/outb_p are these
 * declarations, and the test file defines them over a model of the chip
 * (or of an empty bus, where every read floats to 0xff). */
#ifndef TESTS_HOST_FAKE_PORTS_H
#define TESTS_HOST_FAKE_PORTS_H
#define KERNEL_IO_H /* kernel/io.h's guard: its inline IN/OUT stay out */

#include "lib/types.h"

u8 inb(u16 port);
void outb(u8 v, u16 port);
void outb_p(u8 v, u16 port);

#endif
