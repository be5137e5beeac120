/* drivers/acpi_pm.c - the ACPI power management timer as a clocksource.
 *
 * ACPI 6.5, 4.8.3.3 "Power Management Timer": every ACPI PC has a counter
 * at 3.579545 MHz (the NTSC colour-burst crystal, 14.31818 MHz / 4, the
 * same crystal the PIT divides by 12) that counts up, 24 bits wide or 32
 * when the FADT's TMR_VAL_EXT flag says so, in a port register the FADT
 * names (PM_TMR_BLK: 0x608 on QEMU's pc, 0x608 as well on q35). It cannot
 * be stopped or set, only read: one IN instruction, which the chipset
 * answers. Linux calls it "acpi_pm". porthole registers it for the
 * `clocksource` comparison; it wraps too soon (4.7 s at 24 bits) for
 * uptime.
 */
#include "drivers/acpi_pm.h"
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/madt_query.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"

#define PMTMR_HZ 3579545u
#define PMTMR_24BIT_MASK 0x00ffffffu

static u16 port;
static u32 mask;

static u64
acpi_pm_read(void)
{
	return inl(port) & mask;
}

static struct clocksource acpi_pm_clocksource = {
	.name = "acpi_pm",
	.access = "port read: one inl of PM_TMR",
	.hz = PMTMR_HZ,
	.read = acpi_pm_read,
};

int
acpi_pm_init(void)
{
	struct acpi_block b;
	u32 v0;

	if (!acpi_fadt_block(ACPI_PM_TMR_BLK, &b) || !b.length)
		return -ENODEV;
	if (b.space_id != ACPI_ADR_SPACE_SYSTEM_IO || b.address > 0xfffc) {
		printk("acpi_pm: PM_TMR_BLK is not a port (space %u); not "
		       "used\n",
		       b.space_id);
		return -ENODEV;
	}
	port = (u16)b.address;
	mask = acpi_pm_timer_32bit() ? 0xffffffffu : PMTMR_24BIT_MASK;
	v0 = (u32)acpi_pm_read();
	if (poll_timeout((u32)acpi_pm_read() != v0, 1000)) {
		printk("acpi_pm: PM timer at 0x%x does not count (reads "
		       "0x%x)\n",
		       port, v0);
		return -EIO;
	}
	acpi_pm_clocksource.wrap = (u64)mask + 1;
	clocksource_register(&acpi_pm_clocksource);
	return 0;
}
