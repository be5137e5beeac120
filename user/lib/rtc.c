/* user/lib/rtc.c - the CMOS real-time clock, from ring 3.
 *
 * The MC146818 RTC (and the PC chipsets that copy it) sits behind an
 * index/data port pair: write a register's index to port 0x70, then read
 * its value from port 0x71 (MC146818A datasheet, "Address Map"). Seconds,
 * minutes and hours are registers 0x00, 0x02, 0x04; register A's bit 7
 * (UIP) says an update is in progress, register B's bit 2 (DM) that the
 * values are binary instead of BCD. Bit 7 of the index port masks the NMI
 * on PCs: we leave it clear.
 */
#include "user/lib/ulib.h"

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_A_UIP 0x80	  /* update in progress: values about to change */
#define RTC_B_DM 0x04	  /* data mode: 1 = binary, 0 = BCD */
#define RTC_B_24H 0x02	  /* 24-hour mode */
#define RTC_HOURS_PM 0x80 /* 12-hour mode: the PM flag in the hours */

static unsigned char
cmos_read(unsigned char reg)
{
	outb(reg, RTC_INDEX); // select the register (NMI stays enabled)
	return inb(RTC_DATA);
}

static unsigned
from_bcd(unsigned v, int binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0x0f);
}

void
rtc_print_time(void)
{
	unsigned s, m, h, b;

	do { /* read twice, as Linux's mc146818_get_time, until stable */
		while (cmos_read(RTC_REG_A) & RTC_A_UIP)
			;
		s = cmos_read(RTC_SECONDS);
		m = cmos_read(RTC_MINUTES);
		h = cmos_read(RTC_HOURS);
	} while (s != cmos_read(RTC_SECONDS));
	b = cmos_read(RTC_REG_B);
	int pm = h & RTC_HOURS_PM;
	h = from_bcd(h & ~RTC_HOURS_PM, b & RTC_B_DM);
	if (!(b & RTC_B_24H)) /* 12 AM is 0, 12 PM is 12 */
		h = h % 12 + (pm ? 12 : 0);
	printf("%02u:%02u:%02u\n", h, from_bcd(m, b & RTC_B_DM),
	       from_bcd(s, b & RTC_B_DM));
}
