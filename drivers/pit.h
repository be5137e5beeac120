/* drivers/pit.h - the Intel 8254 Programmable Interval Timer, channel 0. */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#define PIT_DEFAULT_HZ 1000

/* pit_init - claim timer0, run channel 0 as a rate generator at the rate
 * `hz=N` on the command line asks for (default PIT_DEFAULT_HZ), check that
 * it counts, and take IRQ 0 to drive the kernel clock (kernel/time.c).
 * Prints the real rate. Returns 0, -EBUSY (ports taken), -EIO (the counter
 * reads back nonsense: no timer then) or request_irq's error. Boot. */
int pit_init(void);

/* tsc_calibrate - time PIT counter 2 with the TSC, print and record the
 * TSC's frequency (kernel/time.c then reads time from it); then check that
 * IRQ 0 ticks, with one line if it does not. Boot, interrupts on. */
void tsc_calibrate(void);

#endif
