/* drivers/rtc_ktest.c - in-kernel tests of the RTC driver against QEMU's
 * mc146818rtc: the binary and 12-hour encodings (QEMU formats the time
 * registers by register B's DM and 24/12 bits at each read, so switching
 * them shows the same instant both ways), and the update-ended interrupt. */
#include "drivers/rtc.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/time.h"

static long
seconds(const struct rtc_time *t)
{
	return ((long)(t->mday * 24 + t->hour) * 60 + t->min) * 60 + t->sec;
}

KTEST(rtc, binary_12_hour_and_bcd_24_hour_agree)
{
	struct rtc_time t1, t2, t3;
	u8 b0 = cmos_read(RTC_REG_B);

	if (!KT_EXPECT_EQ(kt, rtc_read_time(&t1), 0))
		return;
	cmos_write(RTC_REG_B, (b0 | RTC_B_DM_BINARY) & ~RTC_B_24H);
	int err = rtc_read_time(&t2);
	u8 hours = cmos_read(RTC_HOURS);
	u8 mins = cmos_read(RTC_MINUTES);
	cmos_write(RTC_REG_B, b0);
	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, rtc_read_time(&t3), 0);
	KT_EXPECT(kt, seconds(&t1) <= seconds(&t2));
	KT_EXPECT(kt, seconds(&t2) <= seconds(&t3));
	KT_EXPECT(kt, seconds(&t3) - seconds(&t1) <= 2);
	KT_EXPECT_EQ(kt, t2.year, t1.year);
	/* The raw 12-hour byte: 1-12, bit 7 for PM. */
	int h12 = t2.hour % 12 ? t2.hour % 12 : 12;
	if (mins == t2.min) /* not across an hour boundary */
		KT_EXPECT_EQ(kt, hours, (u8)(h12 | (t2.hour >= 12 ? 0x80 : 0)));
}

KTEST(rtc, update_ended_interrupt_counts_as_rtc0)
{
	u32 n0 = rtc_update_interrupts(), irq0 = irq_count(8);

	msleep(2100); /* at least two updates, one a second */
	KT_EXPECT(kt, rtc_update_interrupts() - n0 >= 2);
	KT_EXPECT(kt, irq_count(8) - irq0 >= 2);
	KT_EXPECT(kt, rtc_update_interrupts() - n0 <= 3);
}
