/* drivers/rtc.h - the CMOS real-time clock (MC146818-compatible). */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include "drivers/rtc_time.h"
#include "lib/types.h"

/* MC146818A registers (CMOS RAM indexes) and their bits: drivers/rtc.c. */
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d

#define RTC_A_UIP 0x80	     /* update in progress */
#define RTC_B_SET 0x80	     /* updates stopped while the time is set */
#define RTC_B_PIE 0x40	     /* periodic interrupt enable */
#define RTC_B_AIE 0x20	     /* alarm interrupt enable */
#define RTC_B_UIE 0x10	     /* update-ended interrupt enable */
#define RTC_B_DM_BINARY 0x04 /* data mode: binary (else BCD) */
#define RTC_B_24H 0x02	     /* 24-hour (else 12-hour, bit 7 = PM) */
#define RTC_C_IRQF 0x80	     /* an enabled interrupt is pending */
#define RTC_C_UF 0x10	     /* an update ended */
#define RTC_D_VRT 0x80	     /* valid RAM and time */

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
