/* drivers/rtc.h - the CMOS real-time clock (MC146818-compatible). */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include "drivers/rtc_time.h"
#include "lib/types.h"

/* rtc_init - find the RTC (the PNP0B00 device's _CRS, else ports
 * 0x70-0x71), claim its ports as "rtc0", check it answers, turn on the
 * update-ended interrupt and take its IRQ (8). Prints one line with the
 * time it read. Returns 0, -EBUSY (ports or IRQ taken), -ENODEV (nothing
 * answers at the index port). Boot, after the IRQ layer and the clock. */
int rtc_init(void);

/* rtc_read_time - the current time, read between two updates: waits (at
 * most ~10 ms) while register A says an update is in progress, reads every
 * field, and reads again if an update began meanwhile. The century comes
 * from the CMOS byte the FADT names, else years 70-99 are 19xx, 00-69 20xx.
 * Returns 0, -ENODEV (no RTC), -ETIMEDOUT (update never ends), -EIO (the
 * registers hold no valid date). Thread context. */
int rtc_read_time(struct rtc_time *t);

/* rtc_update_interrupts - update-ended interrupts taken since rtc_init. */
u32 rtc_update_interrupts(void);

/* cmos_read - CMOS RAM / RTC register @index, keeping the NMI-disable bit
 * of the index port as porthole last set it. Any context. */
u8 cmos_read(u8 index);

/* cmos_write - the same, writing @val. */
void cmos_write(u8 index, u8 val);

#endif
