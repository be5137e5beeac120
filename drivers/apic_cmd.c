/* drivers/apic_cmd.c - `apic`: the Local APIC's registers and every I/O
 * APIC redirection entry, decoded (drivers/lapic.c, drivers/ioapic.c). */
#include "drivers/apic.h"
#include "kernel/command.h"
#include "kernel/printk.h"

static int
cmd_apic(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	lapic_print();
	ioapic_print();
	return 0;
}
SHELL_COMMAND("apic", cmd_apic,
	      "the Local APIC's registers and the I/O APIC's redirection "
	      "table, decoded",
	      "apic");
