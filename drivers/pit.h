/* drivers/pit.h - the Intel 8254 Programmable Interval Timer: channel 0 as
 * the kernel's tick, counter 2 as the TSC's calibration reference. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include "kernel/time.h"
#include "lib/types.h"

#define PIT_DEFAULT_HZ 1000
#define PIT_INPUT_HZ 1193182u /* 14.31818 MHz / 12 */

/* pit_init - claim timer0, run channel 0 as a rate generator at the rate
 * `hz=N` on the command line asks for (default PIT_DEFAULT_HZ), check that
 * it counts, and take IRQ 0 to drive the kernel clock (kernel/time.c).
 * Prints the real rate. Returns 0, -EBUSY (ports taken), -EIO (the counter
 * reads back nonsense: no timer then) or request_irq's error. Boot. */
int pit_init(void);

/* pit_ch2_ref - PIT counter 2, gated through port 0x61, as the counter
 * kernel/time.c times the TSC against (tsc_calibrate_start). It touches
 * only counter 2 and port 0x61's gate and speaker bits, and puts port 0x61
 * back when stopped. It runs out after 65535 counts (54.9 ms). */
extern const struct tsc_ref pit_ch2_ref;

#endif
