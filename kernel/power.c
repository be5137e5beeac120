/* kernel/power.c - reboot and power off.
 *
 * Reboot: the classic PC way is to ask the 8042 keyboard controller to pulse
 * the CPU's reset line (command 0xFE, "pulse output port bit 0"); the
 * keyboard driver (drivers/i8042.c) hands us that as a function once it has
 * found the controller. If that does not work, load an
 * empty IDT and raise an exception: with no way to deliver it the CPU triple
 * faults, which resets it.
 *
 * The FADT's reset register (kernel/acpi/sleep.c) comes first when the
 * firmware gives one, as Linux's reboot=acpi default does.
 *
 * Power off: a PC has no simple "off" port; it needs ACPI: the S5 sleep
 * type from the DSDT's \_S5 written with SLP_EN into PM1a_CNT
 * (kernel/acpi/sleep.c). Under QEMU with the isa-debug-exit device (the
 * tests' exit status) porthole writes that port instead; with neither, it
 * halts and says it is safe to switch off.
 *
 * The power button (kernel/acpi/sci.c: the SCI with PWRBTN_STS set) calls
 * power_button_off(), which is always S5, as on a real PC: QEMU switches
 * itself off (status 0) even when the exit device is there.
 */
#include "kernel/power.h"
#include "kernel/acpi/acpi.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/command.h"
#include "kernel/x86.h"

/* Reads of isa-debug-exit return 0; an unclaimed ISA port floats to 0xff. */
#define DEBUG_EXIT_READ_VALUE 0x00

static bool have_debug_exit;
static void (*reset_hook)(void);

void
power_set_reset(void (*reset)(void))
{
	reset_hook = reset;
}

void
power_init(void)
{
	have_debug_exit = inb(DEBUG_EXIT_PORT) == DEBUG_EXIT_READ_VALUE;
	if (have_debug_exit) /* ioports: "isa-debug-exit" */
		request_region(DEBUG_EXIT_PORT, DEBUG_EXIT_PORTS,
			       "isa-debug-exit");
}

void
qemu_exit(u8 value)
{
	if (have_debug_exit)
		outb(value, DEBUG_EXIT_PORT);
	printk("no isa-debug-exit device at port 0x%x: cannot leave QEMU; "
	       "halting (it is safe to switch off)\n",
	       DEBUG_EXIT_PORT);
	halt_forever();
}

static int
cmd_reboot(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	cli();
	acpi_reboot(); /* returns only when there is none, or it failed */
	if (reset_hook) {
		printk("rebooting: pulsing the CPU reset line through the "
		       "8042\n");
		reset_hook();
		printk("8042 reset did not happen; forcing a triple fault\n");
	} else {
		printk("rebooting: no 8042 to pulse the reset line; forcing a "
		       "triple fault\n");
	}
	struct {
		u16 limit;
		u32 base;
	} __packed empty_idt = {0, 0};
	__asm__ volatile("lidt %0; int3" : : "m"(empty_idt));
	halt_forever();
}
SHELL_COMMAND("reboot", cmd_reboot,
	      "reset the machine (FADT reset register, else the 8042's pulse)",
	      "reboot");

void
power_button_off(void)
{
	cli();
	printk("reboot: Power down\n"); /* Linux's kernel_power_off() line */
	acpi_power_off();		/* S5: returns only when it could not */
	qemu_exit(EXIT_POWEROFF);
}

static int
cmd_poweroff(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	printk("powering off\n");
	if (!have_debug_exit)
		acpi_power_off(); /* returns only when it could not */
	qemu_exit(EXIT_POWEROFF);
}
SHELL_COMMAND("poweroff", cmd_poweroff,
	      "switch the machine off (QEMU's isa-debug-exit, else ACPI S5)",
	      "poweroff");
