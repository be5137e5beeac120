/* drivers/hpet.h - the HPET's main counter as a clocksource. */
#ifndef DRIVERS_HPET_H
#define DRIVERS_HPET_H

#include "lib/types.h"

/* hpet_init - find the timer block from the ACPI HPET table, start its
 * main counter (the firmware leaves it halted), check that it counts, and
 * register it as the "hpet" clocksource (`uptime` shows it). Returns 0,
 * -ENODEV (no table or no block there), -ENOMEM, -EIO (it does not count)
 * after one line. Boot, before the Local APIC (its timer is timed by the
 * HPET); the `uptime` command shows it once the TSC is calibrated. */
int hpet_init(void);

/* hpet_present - hpet_init succeeded. */
bool hpet_present(void);

/* hpet_read_counter - the main counter, 64 bits read safely as two halves
 * (high, low, high). Only when hpet_present(). Any context. */
u64 hpet_read_counter(void);

/* hpet_set_counter - halt the main counter (ENABLE_CNF off), write @value
 * into it, start it again; returns what it held when halted. For tests
 * (drivers/apic_ktest.c: the carry from the low half into the high one).
 * Everything that reads the HPET sees the jump: `uptime` shows it, and
 * with clocksource=hpet kernel time too. So the caller puts it back where
 * it would have been. Only when hpet_present(). Any context (interrupts
 * are off inside). */
u64 hpet_set_counter(u64 value);

/* hpet_hz - the main counter's rate (0 before hpet_init succeeded). */
u64 hpet_hz(void);

#endif
