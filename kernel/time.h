/* kernel/time.h - the kernel's clock: a tick counter driven by a periodic
 * timer interrupt (the PIT, drivers/pit.c), uptime, and sleeping. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

#define NSEC_PER_MSEC 1000000ull
#define PSEC_PER_SEC 1000000000000ull

/* time_set_tick - the timer driver says it will call time_tick() every
 * tick_ps picoseconds (the real period, after its divisor rounded).
 * Boot, process context. */
void time_set_tick(u64 tick_ps);

/* time_tick - one timer tick happened. Interrupt context (the timer's
 * handler). */
void time_tick(void);

/* time_tick_missing - the timer driver found that its ticks do not
 * arrive: msleep() must not wait for them (it spins on the TSC instead). */
void time_tick_missing(void);

/* jiffies_read - ticks since the timer started (0 without a timer). */
u64 jiffies_read(void);

/* time_have_tick - true while a timer interrupt ticks (so a HLT ends). */
bool time_have_tick(void);

/* uptime_ns - nanoseconds since the timer started: read from the TSC once
 * it is calibrated, else from the tick count (0 without a timer). Any
 * context. */
u64 uptime_ns(void);

/* msleep - wait at least ms milliseconds, halting the CPU between timer
 * ticks (no busy loop). Process context only: it turns interrupts on while
 * it waits and restores the caller's flag after. With a timer that does not
 * tick it spins on the calibrated TSC; with no timer at all, on a delay
 * loop of I/O port writes (about 1 us each on ISA hardware, so only
 * roughly right). */
void msleep(u32 ms);

/* tsc_khz - the TSC's frequency as calibrated at boot (0 if unknown);
 * time_set_tsc_khz - the calibration's result (boot). */
u32 tsc_khz(void);
void time_set_tsc_khz(u32 khz);

#endif
