/* tests/host/test_rtc_time.c - the RTC's BCD and 12-hour decoding and the
 * `date -u` format, checked against the host C library's own calendar
 * (gmtime_r + strftime) over many dates. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "drivers/rtc_time.h"
#include "tests/host/tap.h"

int
main(void)
{
	tap_ok(rtc_bcd_decode(0x59) == 59 && rtc_bcd_decode(0x00) == 0,
	       "BCD 0x59 is 59");
	tap_ok(rtc_bcd_decode(0x5a) == -1 && rtc_bcd_decode(0xa1) == -1,
	       "BCD with a nibble over 9 is refused");
	tap_ok(rtc_hour_decode(0x12, true, true) == 0, "12 AM is hour 0");
	tap_ok(rtc_hour_decode(0x92, true, true) == 12, "12 PM is hour 12");
	tap_ok(rtc_hour_decode(0x81, true, true) == 13, "1 PM is hour 13");
	tap_ok(rtc_hour_decode(0x8b, false, true) == 23, "binary 11 PM: 23");
	tap_ok(rtc_hour_decode(0x00, true, true) == -1, "12-hour 0 refused");
	tap_ok(rtc_hour_decode(0x23, true, false) == 23 &&
		       rtc_hour_decode(0x24, true, false) == -1,
	       "24-hour BCD: 23 ok, 24 refused");
	tap_ok(rtc_hour_decode(17, false, false) == 17, "binary 24-hour");

	/* Against the C library: one date every 7 hours 13 minutes 7 seconds
	 * from 1970 to 2200, through leap days and century years. */
	int bad = 0, n = 0;
	char want[64], got[64];
	for (time_t s = 0; s < 7258118400; s += 26000 + 7, n++) {
		struct tm tm;
		gmtime_r(&s, &tm);
		struct rtc_time t = {tm.tm_year + 1900, tm.tm_mon + 1,
				     tm.tm_mday,	tm.tm_hour,
				     tm.tm_min,		tm.tm_sec};
		strftime(want, sizeof(want), "%a %b %e %H:%M:%S UTC %Y", &tm);
		rtc_format(got, sizeof(got), &t);
		if (strcmp(got, want) || !rtc_time_valid(&t)) {
			if (bad++ < 3)
				printf("# got '%s' want '%s'\n", got, want);
		}
	}
	tap_ok(bad == 0, "%d dates 1970-2200 format as date -u does", n);
	struct rtc_time feb29 = {2100, 2, 29, 0, 0, 0};
	struct rtc_time feb29ok = {2000, 2, 29, 0, 0, 0};
	tap_ok(!rtc_time_valid(&feb29) && rtc_time_valid(&feb29ok),
	       "2100-02-29 is not a date, 2000-02-29 is");
	return tap_done();
}
