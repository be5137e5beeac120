/* kernel/main.c - porthole's boot, in order: read it as a table of contents.
 *
 * boot/multiboot.S enters here on the boot stack, in the higher half, with
 * the loader's magic and the physical address of its information block.
 * Each step below says why it comes where it does. BOOT_STEP (kernel/
 * boottime.h) times it with the TSC for the `boottime` command.
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/resources.h"
#include "kernel/acpi/aml.h"
#include "drivers/rtc.h"
#include "kernel/bootinfo.h"
#include "kernel/boottime.h"
#include "kernel/cmdline.h"
#include "kernel/early_paging.h"
#include "kernel/gdt.h"
#include "kernel/irq.h"
#include "kernel/iomem.h"
#include "kernel/ktest.h"
#include "kernel/legacy.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/paging.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/shell.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/user/syscall.h"
#include "kernel/x86.h"
#include "drivers/acpi_pm.h"
#include "drivers/apic.h"
#include "drivers/edu.h"
#include "drivers/hpet.h"
#include "drivers/ata/ata.h"
#include "drivers/i8042.h"
#include "drivers/net/netdev.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "drivers/pci/pci.h"

#define PORTHOLE_VERSION "0.1"

void kmain(u32 magic, u32 mbi_phys);

/* The I/O APIC and Local APIC when the MADT has them, else (noapic,
 * isapc) the 8259s: one boot step either way. */
static void
interrupt_controllers_init(void)
{
	if (apic_init() < 0)
		pic_init();
}

static void
cmdline_say(const char *line)
{
	printk("%s\n", line);
}

void
kmain(u32 magic, u32 mbi_phys)
{
	int serial_err, err;

	boottime_start(); /* the TSC at the first instruction of C */

	/* A console first, so that everything after can speak. */
	BOOT_STEP(serial_err = serial_init());
	printk("\nporthole " PORTHOLE_VERSION
	       " - a window on how a PC talks to its devices\n");

	/* Our own flat GDT and every exception vector, so that nothing after
	 * this point can fault silently. */
	BOOT_STEP(gdt_init());
	BOOT_STEP(idt_init());
	BOOT_STEP(syscall_init()); /* the int 0x80 gate ring 3 may use */

	/* What the boot loader told us: copied now, while low memory is still
	 * mapped; then drop that mapping so a NULL pointer faults. */
	BOOT_STEP(err = bootinfo_init(magic, mbi_phys));
	if (err < 0 || bootinfo_check_image_fits() < 0)
		halt_forever();
	BOOT_STEP(early_paging_drop_identity());
	printk("boot loader: %s\n", bootinfo.loader);
	printk("command line: %s\n", cmdline_raw());
	cmdline_check(
		cmdline_say); /* unknown options, bad values: one line each */
	printk("memory map (from the BIOS, through the boot loader):\n");
	BOOT_STEP(bootinfo_print_mmap());

	/* iomem: RAM/Reserved from that map, ROMs, the kernel image. */
	BOOT_STEP(iomem_init());

	/* Memory: frames from that map (RAM minus kernel and boot data), then
	 * our own page tables, built from frames (direct map, read-only text,
	 * guard page, CR0.WP), then the heap, grown page by page in them. */
	BOOT_STEP(frame_init());
	BOOT_STEP(paging_init());
	BOOT_STEP(kmalloc_init());

	/* The firmware's own map of the machine (docs/acpi.md): the ACPI
	 * tables, found and checked and listed as Linux lists them; they are
	 * memremapped, so this comes after the page tables and the heap. */
	BOOT_STEP(acpi_tables_init());

	/* PIT counter 2 starts timing the TSC now; tsc_calibrate() reads it
	 * after the AML, PCI and interrupt setup, so the boot does not stand
	 * still for the 10 ms it needs. Not earlier: the counter runs out
	 * after 54.9 ms, and a boot slowed by a busy host that passed that
	 * before tsc_calibrate() had to start over and wait 10 ms more. */
	BOOT_STEP(tsc_calibrate_start(&pit_ch2_ref));
	/* The Local APIC timer counts over the same window: no wait later. */
	BOOT_STEP(lapic_calibrate_start());
	/* The devices the DSDT declares (kernel/acpi/aml.c). */
	BOOT_STEP(acpi_ns_init());

	/* ioports: PC/AT ports no driver owns, before drivers claim theirs. */
	BOOT_STEP(legacy_ioports_init());

	/* Is QEMU's exit device there? (poweroff, test results) */
	BOOT_STEP(power_init());

	/* PCI: every function through ECAM (the MCFG window, so after the
	 * ACPI tables) or ports 0xcf8/0xcfc, its BARs into the tree, before
	 * drivers bind and before the VGA console (sizing turns the VGA
	 * card's decoding off for a moment). */
	BOOT_STEP(pci_init());

	/* What only the firmware names: the ACPI register blocks (under the
	 * PCI function that decodes them), the APICs, HPET, MMCONFIG. */
	BOOT_STEP(acpi_reserve_resources());

	/* The HPET's main counter, started now (the firmware leaves it
	 * halted): the Local APIC timer is timed by it, and `uptime` shows it
	 * once the TSC is calibrated (drivers/hpet.c). */
	BOOT_STEP(hpet_init());

	/* The interrupt controllers, before any device may interrupt: all
	 * lines masked, IRQ 0-15 moved off the exception vectors. The I/O
	 * APIC and Local APIC when the MADT has them (docs/interrupts.md),
	 * else (noapic, isapc) the 8259s. */
	BOOT_STEP(interrupt_controllers_init());

	/* The clock: IRQ 0 at hz=N (default 1000). A PIT whose counter 0
	 * reads back nonsense is no reference for the TSC either. */
	BOOT_STEP(err = pit_init());
	if (err < 0)
		tsc_calibrate_cancel();

	/* Interrupts on: from here every line is owned or masked. */
	BOOT_STEP(irq_start());

	/* The TSC's rate, timed by PIT counter 2 since tsc_calibrate_start;
	 * then time reads the TSC. */
	BOOT_STEP(tsc_calibrate());

	/* The ATA channels claimed and their resets started (drivers/ata/
	 * probe.c): the 2 ms each must settle, timed by the calibrated TSC,
	 * passes during the next steps; ata_init() below finds the drives. */
	BOOT_STEP(ata_init_begin());

	/* With the APICs: the Local APIC timer, timed by the HPET (or the
	 * TSC), becomes the tick (LOC) and IRQ 0 is masked. */
	BOOT_STEP(lapic_timer_init());

	/* The ACPI PM timer, another clock for `clocksource`. */
	BOOT_STEP(acpi_pm_init());

	/* Serial input by IRQ 4 now that the PIC can deliver it. */
	BOOT_STEP(serial_init_irq());

	/* The keyboard: a second input for the same shell. */
	BOOT_STEP(i8042_init());

	/* The CMOS clock: its ports from ACPI's PNP0B00, IRQ 8 (drivers/rtc.c).
	 */
	BOOT_STEP(rtc_init());

	/* ACPI's own interrupt, the SCI: the power button (kernel/acpi/sci.c).
	 */
	BOOT_STEP(acpi_sci_init());

	/* The screen last: a console for what follows. */
	BOOT_STEP(vga_init());

	/* ATA disks (docs/ata.md): the drives on the channels ata_init_begin
	 * reset (the IDE function bound through the PCI match table, the
	 * legacy channels only without one), after the IRQ layer and the
	 * calibrated clock, which its waits use. */
	BOOT_STEP(ata_init());

	/* QEMU's edu device, when there is one (-device edu): MMIO, an
	 * INTx or MSI interrupt, DMA (drivers/edu.c). */
	BOOT_STEP(edu_init());

	/* Network cards (docs/net.md): bound through the PCI match table,
	 * after the IRQ layer and the clock their waits use. */
	BOOT_STEP(net_init());

	/* Every driver has claimed its ranges by now: show both trees once. */
	BOOT_STEP(resource_print_dumps());

	/* What the serial probe found: nobody could read it when the UART
	 * was absent, so say it at the end of the boot, where the screen
	 * still shows it. */
	BOOT_STEP(serial_report(serial_err));

	/* With `ktest=...` on the command line: run the tests, leave QEMU. */
	ktest_run_from_cmdline();

	printk("type 'help' for the commands\n");
	boottime_done(); /* `boottime` shows where the time went */
	shell_run();
}
