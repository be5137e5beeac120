/* drivers/pit.h - the Intel 8254 Programmable Interval Timer, channel 0. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include "lib/types.h"

#define PIT_DEFAULT_HZ 1000

/* pit_init - claim timer0, run channel 0 as a rate generator at the rate
 * `hz=N` on the command line asks for (default PIT_DEFAULT_HZ), check that
 * it counts, and take IRQ 0 to drive the kernel clock (kernel/time.c).
 * Prints the real rate. Returns 0, -EBUSY (ports taken), -EIO (the counter
 * reads back nonsense: no timer then) or request_irq's error. Boot. */
int pit_init(void);

/* tsc_calibrate_start - set PIT counter 2 counting down from 0xffff and
 * note its count and the TSC, so that tsc_calibrate() can time the TSC
 * over the boot work done in between. Touches only counter 2 and port
 * 0x61 (the gate). Boot, early, before tsc_calibrate. */
void tsc_calibrate_start(void);

/* tsc_calibrate_end - read counter 2 and the TSC again: waits until at
 * least 10 ms of counts have gone by since tsc_calibrate_start, and if so
 * much time went by that the counter reached 0 (54.9 ms), starts it again
 * and waits 10 ms. Puts port 0x61 back. Returns the TSC's rate in kHz and
 * in *ms the time it was measured over, or 0 after one line when counter 2
 * does not count. Process context (the boot, a test). */
u32 tsc_calibrate_end(u32 *ms);

/* tsc_calibrate - read counter 2 and the TSC again (waiting until at least
 * 10 ms of counts have gone by since tsc_calibrate_start, or starting it
 * now if nobody did, or again if it ran out), print and record the TSC's
 * frequency (kernel/time.c then reads time from it); then check that IRQ 0
 * ticks, with one line if it does not. Boot, after pit_init, interrupts
 * on. */
void tsc_calibrate(void);

#endif
