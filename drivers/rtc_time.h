/* drivers/rtc_time.h - calendar arithmetic for the RTC driver: the CMOS
 * register encodings (BCD, 12-hour) and `date -u`'s format. Host-buildable.
 */
#ifndef DRIVERS_RTC_TIME_H
#define DRIVERS_RTC_TIME_H

#include "lib/types.h"

struct rtc_time {
	int year; /* 2026 */
	int mon;  /* 1-12 */
	int mday; /* 1-31 */
	int hour; /* 0-23 */
	int min, sec;
};

/* rtc_bcd_decode - 0x59 -> 59; -1 when a nibble is not a decimal digit. */
int rtc_bcd_decode(u8 v);

/* rtc_hour_decode - an hours register value to 0-23: @bcd says the digits
 * are BCD, @h12 that the clock runs 12-hour (bit 7 = PM, 12 AM is
 * midnight). Returns -1 for a value no clock would hold. */
int rtc_hour_decode(u8 v, bool bcd, bool h12);

/* rtc_time_valid - whether @t is a real date and time. */
bool rtc_time_valid(const struct rtc_time *t);

/* rtc_weekday - 0 (Sunday) .. 6 for a valid @t (proleptic Gregorian). */
int rtc_weekday(const struct rtc_time *t);

/* rtc_format - @t as `date -u` prints it: "Tue Dec  1 17:00:08 UTC 2026".
 * Returns the length snprintf would. */
int rtc_format(char *buf, size_t size, const struct rtc_time *t);

#endif
