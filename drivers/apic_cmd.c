/* drivers/apic_cmd.c - `apic`: the Local APIC's registers and every I/O
 * APIC redirection entry, decoded (drivers/lapic.c, drivers/ioapic.c);
 * `apic eoi`: what an end of interrupt costs by port and by memory. */
#include "drivers/apic.h"
#include "drivers/pic.h"
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"

#define EOI_ROUNDS 10000u
#define EOI_ROUNDS_MAX 1000000u

/* Time n EOIs each way with interrupts off and nothing in service (both
 * chips ignore such an EOI): a store to the Local APIC's EOI register,
 * and an OUT to the master 8259's command port. */
static int
apic_eoi_cost(u32 n)
{
	u32 flags;
	u64 t0, mmio = 0, port;

	flags = irq_save();
	if (lapic_in_use()) {
		t0 = rdtsc();
		for (u32 i = 0; i < n; i++)
			lapic_eoi();
		mmio = rdtsc() - t0;
	}
	t0 = rdtsc();
	for (u32 i = 0; i < n; i++)
		pic_eoi_probe();
	port = rdtsc() - t0;
	irq_restore(flags);
	if (lapic_in_use())
		printk("EOI by MMIO (Local APIC, movl to 0xfee000b0): %llu "
		       "cycles\n",
		       (unsigned long long)(mmio / n));
	else
		printk("EOI by MMIO (Local APIC): not in use (nolapic, or no "
		       "MADT)\n");
	printk("EOI by port (8259, outb to 0x20): %llu cycles\n",
	       (unsigned long long)(port / n));
	printk("(%u of each, interrupts off, nothing in service)\n", n);
	return 0;
}

static int
cmd_apic(int argc, char **argv)
{
	u32 n = EOI_ROUNDS;

	if (argc >= 2 && strcmp(argv[1], "eoi") == 0) {
		if (argc > 3 || (argc == 3 && (parse_u32(argv[2], &n) < 0 ||
					       !n || n > EOI_ROUNDS_MAX))) {
			printk("apic eoi: N must be 1..%u\n", EOI_ROUNDS_MAX);
			return -EINVAL;
		}
		return apic_eoi_cost(n);
	}
	if (argc != 1)
		return shell_usage();
	lapic_print();
	ioapic_print();
	return 0;
}
SHELL_COMMAND("apic", cmd_apic,
	      "the Local APIC's registers and the I/O APIC's redirection "
	      "table, decoded; eoi: what an EOI costs by MMIO and by port",
	      "apic [eoi [N]]");
