/* drivers/rtc_time.c - the MC146818's number formats and the calendar.
 *
 * The RTC keeps each field in one CMOS byte, either as binary or as two BCD
 * digits (register B bit 2, DM), and the hours either 0-23 or 1-12 with bit
 * 7 meaning PM (register B bit 1, 24/12): MC146818A datasheet, "Time,
 * calendar and alarm locations" (Table 3). The day-of-week register is
 * whatever the firmware last wrote; porthole computes the weekday from the
 * date instead, with the days-from-civil arithmetic of the proleptic
 * Gregorian calendar, as `date` does. Only lib/: built for the host tests.
 */
#include "drivers/rtc_time.h"
#include "lib/vsprintf.h"

int
rtc_bcd_decode(u8 v)
{
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 0x0f);
}

#define RTC_HOUR_PM 0x80 /* 12-hour mode: bit 7 of the hours byte */

int
rtc_hour_decode(u8 v, bool bcd, bool h12)
{
	bool pm = h12 && (v & RTC_HOUR_PM);
	int h;

	if (h12)
		v &= (u8)~RTC_HOUR_PM;
	h = bcd ? rtc_bcd_decode(v) : v;
	if (!h12)
		return h >= 0 && h <= 23 ? h : -1;
	if (h < 1 || h > 12)
		return -1;
	return h % 12 + (pm ? 12 : 0); /* 12 AM = 0, 12 PM = 12 */
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const u8 days[] = {31, 28, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool
rtc_time_valid(const struct rtc_time *t)
{
	return t->mon >= 1 && t->mon <= 12 && t->mday >= 1 &&
	       t->mday <= month_days(t->year, t->mon) && t->hour >= 0 &&
	       t->hour <= 23 && t->min >= 0 && t->min <= 59 && t->sec >= 0 &&
	       t->sec <= 59;
}

int
rtc_weekday(const struct rtc_time *t)
{
	/* Days since 1970-01-01 (a Thursday), for years from 1 on. */
	int y = t->year - (t->mon <= 2);
	int era = y / 400;
	int yoe = y - era * 400;
	int doy =
		(153 * (t->mon + (t->mon > 2 ? -3 : 9)) + 2) / 5 + t->mday - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = (long)era * 146097 + doe - 719468;

	return (int)(((days % 7) + 7 + 4) % 7);
}

int
rtc_format(char *buf, size_t size, const struct rtc_time *t)
{
	static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
					  "May", "Jun", "Jul", "Aug",
					  "Sep", "Oct", "Nov", "Dec"};

	return snprintf(buf, size, "%s %s %2d %02d:%02d:%02d UTC %d",
			wday[rtc_weekday(t)], mon[t->mon - 1], t->mday, t->hour,
			t->min, t->sec, t->year);
}
