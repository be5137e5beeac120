/* user/lib/rtc.c - the CMOS real-time clock, from ring 3.
 *
 * The MC146818 RTC sits behind an index/data port pair: write a register's
 * index to port 0x70, then read its value from port 0x71 (MC146818A
 * datasheet, "Address Map"; the kernel's driver, drivers/rtc.c, tells the
 * whole story and names the registers in drivers/rtc.h). The decoding of
 * BCD and 12-hour values is the kernel's own drivers/rtc_time.c, built a
 * second time for ring 3.
 *
 * One thing a user program cannot do as the kernel does: the kernel turns
 * interrupts off around each index-then-data pair (cmos_read), because the
 * RTC's own interrupt handler uses the same two ports once a second. A
 * ring-3 program with only ioperm cannot `cli`, so that handler may run
 * between its `outb` and its `inb`, leaving the index at register C: the
 * program then reads the wrong byte. So the time is read twice, until two
 * readings agree (docs/user.md, "Sharing ports with the kernel").
 */
#include "drivers/rtc.h"
#include "user/lib/ulib.h"

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA 0x71

struct reading {
	unsigned char sec, min, hour;
};

static unsigned char
cmos_get(unsigned char reg)
{
	outb(reg, RTC_PORT_INDEX); // select the register (NMI stays enabled)
	return inb(RTC_PORT_DATA);
}

static void
read_time(struct reading *r)
{
	while (cmos_get(RTC_REG_A) & RTC_A_UIP) /* an update is under way */
		;
	r->sec = cmos_get(RTC_SECONDS);
	r->min = cmos_get(RTC_MINUTES);
	r->hour = cmos_get(RTC_HOURS);
}

void
rtc_print_time(void)
{
	struct reading a, b;
	unsigned char regb;

	read_time(&b);
	do {
		a = b;
		read_time(&b);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour);
	regb = cmos_get(RTC_REG_B);
	bool bcd = !(regb & RTC_B_DM_BINARY);
	int h = rtc_hour_decode(b.hour, bcd, !(regb & RTC_B_24H));
	int m = bcd ? rtc_bcd_decode(b.min) : b.min;
	int s = bcd ? rtc_bcd_decode(b.sec) : b.sec;
	printf("%02d:%02d:%02d\n", h, m, s);
}
