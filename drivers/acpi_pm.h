/* drivers/acpi_pm.h - the ACPI PM timer as a clocksource. */
#ifndef DRIVERS_ACPI_PM_H
#define DRIVERS_ACPI_PM_H

/* acpi_pm_init - find PM_TMR_BLK in the FADT, check that it counts, and
 * register it as the "acpi_pm" clocksource. Returns 0, -ENODEV (no ACPI,
 * or not a port) or -EIO (it does not count) after one line. Boot. */
int acpi_pm_init(void);

#endif
