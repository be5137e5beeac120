/* kernel/acpi/ns_init.c - build the ACPI namespace at boot from the DSDT and
 * the SSDTs, and the `pnp` command.
 *
 * The tables come from the table finder (kernel/acpi/tables.c, through
 * acpi_get_table()): the DSDT is the one the FADT points at, the SSDTs are
 * those the RSDT/XSDT lists, loaded in that order after the DSDT, as ACPICA
 * loads them (ACPI 6.5, 5.2.11.2). kernel/acpi/aml.c walks each; what it
 * could not read it has already said in one line per scope.
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/aml.h"
#include "kernel/command.h"
#include "kernel/printk.h"
#include "lib/errno.h"

int
acpi_ns_init(void)
{
	const struct acpi_table_header *t;
	int err, first = 0, nssdt = 0;

	if (!acpi_available())
		return -ENODEV;
	aml_ns_reset();
	t = acpi_get_table("DSDT", 0);
	if (!t) {
		printk("ACPI: no DSDT: no devices from AML\n");
		return -ENODEV;
	}
	first = aml_load_table(t, t->length);
	while ((t = acpi_get_table("SSDT", nssdt)) != NULL) {
		err = aml_load_table(t, t->length);
		if (err && !first)
			first = err;
		nssdt++;
	}
	printk("ACPI: namespace: %d devices (%d PNP) from the DSDT and %d "
	       "SSDT%s%s\n",
	       acpi_ns_count(), pnp_acpi_count(), nssdt, nssdt == 1 ? "" : "s",
	       first ? ", some scopes skipped" : "");
	return first;
}

static int
cmd_pnp(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!acpi_available()) {
		printk("pnp: no ACPI (acpi=off, or none on this machine): no "
		       "PNP devices\n");
		return -ENODEV;
	}
	pnp_acpi_show();
	return 0;
}
SHELL_COMMAND("pnp", cmd_pnp,
	      "the PNP devices ACPI describes, as Linux's /sys/bus/pnp/devices "
	      "(id, state, resources), numbered as Linux numbers them",
	      "pnp");
