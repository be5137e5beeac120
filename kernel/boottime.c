/* kernel/boottime.c - the time each step of the boot took.
 *
 * The TSC (Intel SDM vol. 3, 17.17 "Time-Stamp Counter") counts from the
 * processor's reset, so its value at kmain's first instruction is the time
 * the firmware (SeaBIOS under QEMU), the boot loader and boot/multiboot.S
 * took: QEMU resets the virtual TSC to 0 with the CPU, as hardware does.
 * From there BOOT_STEP (kernel/boottime.h) reads it before and after every
 * step of kmain; the cycles become microseconds only when `boottime`
 * prints them, because the TSC's rate is known only after calibration,
 * half-way through the boot. Linux does the same with initcall_debug
 * ("initcall pci_init+0x0/0x40 returned 0 after 1234 usecs").
 *
 * A step's time is the guest's time: under TCG an I/O port access or an
 * MMIO access leaves translated code for QEMU's device model, and code run
 * once is translated before it runs, so the steps that touch devices most
 * (PCI's scan, ATA's probe) or wait for them are the costly ones
 * (docs/emulator.md).
 */
#include "kernel/boottime.h"
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"

struct boot_step {
	const char *name; /* the statement, as BOOT_STEP saw it */
	u64 cycles;
};

static struct boot_step steps[BOOTTIME_MAX_STEPS];
static unsigned nsteps;
static u64 tsc0, tsc_done;

void
boottime_start(void)
{
	tsc0 = rdtsc();
}

void
boottime_done(void)
{
	tsc_done = rdtsc();
}

u64
boottime_tsc0(void)
{
	return tsc0;
}

u64
boottime_step_begin(void)
{
	return rdtsc();
}

void
boottime_step_end(const char *name, u64 t0)
{
	u64 now = rdtsc();

	if (nsteps < BOOTTIME_MAX_STEPS)
		steps[nsteps++] = (struct boot_step){name, now - t0};
}

u64
boottime_cycles_to_us(u64 cycles)
{
	u32 khz = tsc_khz();

	return khz ? cycles * 1000 / khz : cycles;
}

/* The step's call without an assignment in front: "pci_init()" for both
 * "pci_init()" and "err = pci_init()". */
static const char *
step_call(const char *name)
{
	for (const char *p = name; *p; p++)
		if (p[0] == ' ' && p[1] == '=' && p[2] == ' ')
			return p + 3;
	return name;
}

static int
cmd_boottime(int argc, char **argv)
{
	u64 total, sum = 0;

	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!tsc_khz()) {
		printk("boottime: the TSC was not calibrated, so there is no "
		       "time to show\n");
		return -EIO;
	}
	printk("%10s  %s\n", "us", "step of kmain (TSC, kernel/main.c order)");
	for (unsigned i = 0; i < nsteps; i++) {
		sum += steps[i].cycles;
		printk("%10llu  %s\n",
		       (unsigned long long)boottime_cycles_to_us(
			       steps[i].cycles),
		       step_call(steps[i].name));
	}
	total = tsc_done - tsc0;
	printk("%10llu  between the steps (printing the boot messages)\n",
	       (unsigned long long)boottime_cycles_to_us(total - sum));
	printk("%10llu  total: kmain's first instruction to the prompt\n",
	       (unsigned long long)boottime_cycles_to_us(total));
	printk("%10llu  before kmain: firmware, boot loader, entry code (TSC "
	       "since the CPU's reset)\n",
	       (unsigned long long)boottime_cycles_to_us(tsc0));
	return 0;
}
SHELL_COMMAND("boottime", cmd_boottime,
	      "how long each step of the boot took (TSC), and the total",
	      "boottime");
