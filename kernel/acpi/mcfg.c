/* kernel/acpi/mcfg.c - the MCFG: where PCI Express configuration space is
 * memory-mapped (ECAM).
 *
 * PCI Firmware Specification 3.0, 4.1.2 "MCFG Table Description": after the
 * header and 8 reserved bytes, one 16-byte "Configuration Space Base Address
 * Allocation Structure" per segment group: the 64-bit base address, the PCI
 * segment group number, the first and last bus it decodes, 4 reserved
 * bytes. Function (bus, dev, fn) of the window's segment has its 4 KiB of
 * config space at base + (bus << 20 | dev << 15 | fn << 12) (PCI Express
 * Base Specification, 7.2.2 "PCI Express Enhanced Configuration Access
 * Mechanism"). porthole only reads this table; drivers/pci uses it.
 */
#include "kernel/acpi/parse.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MCFG_BASE 0
#define MCFG_SEGMENT 8
#define MCFG_START_BUS 10
#define MCFG_END_BUS 11

int
acpi_mcfg_parse(const u8 *t, u32 len, struct acpi_mcfg_info *out, int max)
{
	int n;

	if (len < ACPI_MCFG_ENTRIES ||
	    (len - ACPI_MCFG_ENTRIES) % ACPI_MCFG_ENTRY_SIZE) {
		printk("ACPI: MCFG is %u bytes, not %u plus whole %u-byte "
		       "entries: ignored\n",
		       len, ACPI_MCFG_ENTRIES, ACPI_MCFG_ENTRY_SIZE);
		return -EINVAL;
	}
	n = (int)((len - ACPI_MCFG_ENTRIES) / ACPI_MCFG_ENTRY_SIZE);
	if (n > max) {
		printk("ACPI: MCFG lists %d windows; only the first %d are "
		       "used\n",
		       n, max);
		n = max;
	}
	for (int i = 0; i < n; i++) {
		const u8 *e = t + ACPI_MCFG_ENTRIES + i * ACPI_MCFG_ENTRY_SIZE;
		memcpy(&out[i].address, e + MCFG_BASE, 8);
		memcpy(&out[i].segment, e + MCFG_SEGMENT, 2);
		out[i].start_bus = e[MCFG_START_BUS];
		out[i].end_bus = e[MCFG_END_BUS];
	}
	return n;
}
