/* drivers/rtc.c - the CMOS real-time clock, Motorola MC146818A style.
 *
 * Every PC since the AT keeps the time of day in a battery-backed clock
 * chip with 64 (now 128 or 256) bytes of CMOS RAM; on QEMU's machines it is
 * QEMU's mc146818rtc, inside the PIIX3 or ICH9 south bridge. It is reached
 * through two I/O ports (MC146818A datasheet; IBM PC AT Technical
 * Reference, "CMOS RAM"):
 *
 *   0x70  index: bits 6-0 select a byte; bit 7 masks the NMI line on the
 *         PC (it is the same latch). The port is write-only on many
 *         chipsets, so porthole remembers the NMI bit and writes it back
 *         unchanged with every index (it never changes it itself).
 *   0x71  data: the selected byte.
 *
 *   0x00 seconds  0x02 minutes  0x04 hours  0x07 day of month  0x08 month
 *   0x09 year (two digits); the century lives in a byte the ACPI FADT
 *   names (CENTURY, 0x32 on QEMU), 0 when the firmware keeps none.
 *   0x0a register A: bit 7 UIP, update in progress (the time bytes are
 *        being changed: do not read them now; it is set 244 us before)
 *   0x0b register B: bit 7 SET (updates stopped), bit 4 UIE (interrupt
 *        when an update ends), bit 2 DM (1 binary, 0 BCD), bit 1 24/12
 *   0x0c register C: interrupt flags; reading it clears them and
 *        acknowledges the interrupt (bit 7 IRQF, bit 4 UF update ended)
 *   0x0d register D: bit 7 VRT, valid RAM and time (battery good)
 *
 * The chip's interrupt is IRQ 8. porthole turns on the update-ended
 * interrupt: once a second, right after the chip changed the time bytes,
 * it interrupts; the handler reads register C (else no further interrupt
 * comes) and counts it, so `interrupts` shows rtc0 ticking at 1 Hz.
 *
 * Where the ports are: ACPI describes the RTC as a PNP0B00 device whose
 * _CRS gives its ports (0x70-0x77 on QEMU: the chip decodes the aliases) and
 * IRQ; porthole claims that range as Linux's rtc_cmos does ("rtc0"), and
 * without ACPI the architectural 0x70-0x71 and IRQ 8.
 */
#include "drivers/rtc.h"
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/aml.h"
#include "kernel/command.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA 0x71
#define RTC_LEGACY_PORTS 2
#define RTC_LEGACY_IRQ 8
#define RTC_INDEX_NMI_DISABLE 0x80

#define RTC_UIP_WAIT_NS 10000000ull /* UIP lasts ~2 ms: wait at most 10 */
#define RTC_READ_TRIES 5

static u8 nmi_mask; /* RTC_INDEX_NMI_DISABLE when porthole masks NMI */
static bool rtc_present;
static u8 rtc_century_index;
static u32 rtc_updates;
static struct resource *rtc_ports;

u8
cmos_read(u8 index)
{
	u32 flags = irq_save(); /* index and data are one access */
	outb((index & 0x7f) | nmi_mask, RTC_PORT_INDEX); /* select the byte */
	u8 v = inb(RTC_PORT_DATA);
	irq_restore(flags);
	return v;
}

void
cmos_write(u8 index, u8 val)
{
	u32 flags = irq_save();
	outb((index & 0x7f) | nmi_mask, RTC_PORT_INDEX); /* select the byte */
	outb(val, RTC_PORT_DATA);			 /* and write it */
	irq_restore(flags);
}

/* Wait while an update is in progress; false if it never ends. */
static bool
rtc_wait_uip(void)
{
	u64 t0 = uptime_ns();

	while (cmos_read(RTC_REG_A) & RTC_A_UIP)
		if (uptime_ns() - t0 > RTC_UIP_WAIT_NS)
			return false;
	return true;
}

struct rtc_raw {
	u8 sec, min, hour, mday, mon, year, century, b;
};

static void
rtc_read_raw(struct rtc_raw *r)
{
	r->sec = cmos_read(RTC_SECONDS);
	r->min = cmos_read(RTC_MINUTES);
	r->hour = cmos_read(RTC_HOURS);
	r->mday = cmos_read(RTC_DAY_OF_MONTH);
	r->mon = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
	r->century = rtc_century_index ? cmos_read(rtc_century_index) : 0;
	r->b = cmos_read(RTC_REG_B);
}

static int
rtc_decode(const struct rtc_raw *r, struct rtc_time *t)
{
	bool bcd = !(r->b & RTC_B_DM_BINARY);
#define FIELD(v) (bcd ? rtc_bcd_decode(v) : (int)(v))
	int yy = FIELD(r->year);
	int cc = rtc_century_index ? rtc_bcd_decode(r->century) : -1;

	t->sec = FIELD(r->sec);
	t->min = FIELD(r->min);
	t->mday = FIELD(r->mday);
	t->mon = FIELD(r->mon);
#undef FIELD
	t->hour = rtc_hour_decode(r->hour, bcd, !(r->b & RTC_B_24H));
	if (yy < 0 || yy > 99)
		return -EIO;
	/* The century byte is BCD whatever DM says (QEMU, and the PC BIOSes
	 * that keep one); without one, years 70-99 are 19xx, as Linux. */
	if (cc >= 19 && cc <= 99)
		t->year = cc * 100 + yy;
	else
		t->year = yy < 70 ? 2000 + yy : 1900 + yy;
	return rtc_time_valid(t) ? 0 : -EIO;
}

int
rtc_read_time(struct rtc_time *t)
{
	struct rtc_raw a, b;

	if (!rtc_present)
		return -ENODEV;
	for (int i = 0; i < RTC_READ_TRIES; i++) {
		if (!rtc_wait_uip())
			return -ETIMEDOUT;
		rtc_read_raw(&a);
		/* An update may have begun while we read: read again and
		 * keep the values only if both reads agree. */
		if (cmos_read(RTC_REG_A) & RTC_A_UIP)
			continue;
		rtc_read_raw(&b);
		if (a.sec == b.sec && a.min == b.min && a.hour == b.hour &&
		    a.mday == b.mday && a.mon == b.mon && a.year == b.year)
			return rtc_decode(&a, t);
	}
	return -ETIMEDOUT;
}

u32
rtc_update_interrupts(void)
{
	return rtc_updates;
}

static irqreturn_t
rtc_interrupt(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	u8 c = cmos_read(RTC_REG_C); /* reading C acknowledges */
	if (!(c & RTC_C_IRQF))
		return IRQ_NONE;
	if (c & RTC_C_UF)
		rtc_updates++;
	return IRQ_HANDLED;
}

/* The ports and IRQ ACPI gives the RTC, or the PC/AT's. */
static const char *
rtc_find(u16 *port, u16 *n, unsigned *irq)
{
	static const char *const ids[] = {"PNP0B00", "PNP0B01", "PNP0B02"};
	const struct acpi_ns_device *dev = NULL;

	*port = RTC_PORT_INDEX;
	*n = RTC_LEGACY_PORTS;
	*irq = RTC_LEGACY_IRQ;
	for (unsigned i = 0; i < ARRAY_SIZE(ids) && !dev; i++)
		dev = acpi_available() ? acpi_ns_find_hid(ids[i], 0) : NULL;
	if (!dev || dev->crs_kind != ACPI_VALUE_STATIC)
		return NULL;
	bool have_io = false;
	for (int i = 0; i < dev->ncrs; i++) {
		const struct acpi_rsrc *r = &dev->crs[i];
		if (r->flags & ACPI_RSRC_DISABLED)
			continue;
		if (r->type == ACPI_RSRC_IO && !have_io &&
		    r->start == RTC_PORT_INDEX && r->end < 0x10000) {
			*n = (u16)(r->end - r->start + 1);
			have_io = true;
		} else if (r->type == ACPI_RSRC_IRQ && r->start < NR_IRQS) {
			*irq = (unsigned)r->start;
		}
	}
	return have_io ? dev->path : NULL;
}

int
rtc_init(void)
{
	u16 port, n;
	unsigned irq;
	struct rtc_time t;
	char when[40], century[24];
	const char *from = rtc_find(&port, &n, &irq);

	rtc_ports = request_region(port, n, "rtc0");
	if (!rtc_ports) {
		printk("rtc0: ports %04x-%04x are taken; no clock\n", port,
		       port + n - 1);
		return -EBUSY;
	}
	u8 a = cmos_read(RTC_REG_A), d = cmos_read(RTC_REG_D);
	if (a == 0xff && d == 0xff) {
		printk("rtc0: nothing answers at port 0x%02x (registers A and "
		       "D read 0xff)\n",
		       RTC_PORT_INDEX);
		release_region(port, n);
		rtc_ports = NULL;
		return -ENODEV;
	}
	rtc_present = true;
	rtc_century_index = acpi_fadt_century();

	int err = request_irq(irq, rtc_interrupt, "rtc0", NULL);
	if (err) {
		printk("rtc0: IRQ %u is taken (%d); the clock reads, without "
		       "update interrupts\n",
		       irq, err);
	} else {
		u8 b = cmos_read(RTC_REG_B);
		cmos_read(RTC_REG_C); /* drop a stale flag */
		/* Update-ended interrupt on; periodic and alarm off. */
		cmos_write(RTC_REG_B,
			   (b | RTC_B_UIE) & ~(RTC_B_PIE | RTC_B_AIE));
	}
	u8 b = cmos_read(RTC_REG_B);
	err = rtc_read_time(&t);
	if (err)
		snprintf(when, sizeof(when), "no valid time (%d)", err);
	else
		rtc_format(when, sizeof(when), &t);
	if (rtc_century_index)
		snprintf(century, sizeof(century), "CMOS 0x%02x (FADT)",
			 rtc_century_index);
	else
		snprintf(century, sizeof(century), "byte: none");
	printk("rtc0: MC146818 at %04x-%04x (%s%s), irq %u, %s %s, century "
	       "%s: %s\n",
	       port, port + n - 1, from ? "_CRS of " : "PC/AT default",
	       from ? from : "", irq, b & RTC_B_DM_BINARY ? "binary" : "BCD",
	       b & RTC_B_24H ? "24-hour" : "12-hour", century, when);
	if (!(d & RTC_D_VRT))
		printk("rtc0: register D says the battery-backed time is not "
		       "valid (VRT clear)\n");
	return 0;
}

static int
cmd_date(int argc, char **argv)
{
	struct rtc_time t;
	char buf[40];

	(void)argv;
	if (argc != 1)
		return shell_usage();
	int err = rtc_read_time(&t);
	if (err) {
		printk("date: %s\n", err == -ENODEV ? "no RTC"
				     : err == -ETIMEDOUT
					     ? "the RTC's update never ended"
					     : "the RTC holds no valid date");
		return err;
	}
	rtc_format(buf, sizeof(buf), &t);
	printk("%s\n", buf);
	return 0;
}
SHELL_COMMAND("date", cmd_date,
	      "the time of day from the CMOS RTC, as `date -u` prints it",
	      "date");
