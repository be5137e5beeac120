/* kernel/main.c - porthole's boot, in order: read it as a table of contents.
 *
 * boot/multiboot.S enters here on the boot stack, in the higher half, with
 * the loader's magic and the physical address of its information block.
 * Each step below says why it comes where it does.
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/resources.h"
#include "kernel/acpi/aml.h"
#include "drivers/rtc.h"
#include "kernel/bootinfo.h"
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

static void
cmdline_say(const char *line)
{
	printk("%s\n", line);
}

void
kmain(u32 magic, u32 mbi_phys)
{
	/* A console first, so that everything after can speak. */
	int serial_err = serial_init();
	printk("\nporthole " PORTHOLE_VERSION
	       " - a window on how a PC talks to its devices\n");

	/* Our own flat GDT and every exception vector, so that nothing after
	 * this point can fault silently. */
	gdt_init();
	idt_init();

	/* PIT counter 2 starts timing the TSC now; tsc_calibrate() reads it
	 * after the memory, PCI and interrupt setup, so the boot does not
	 * stand still for the 10 ms it needs. */
	tsc_calibrate_start(&pit_ch2_ref);

	/* What the boot loader told us: copied now, while low memory is still
	 * mapped; then drop that mapping so a NULL pointer faults. */
	if (bootinfo_init(magic, mbi_phys) < 0)
		halt_forever();
	early_paging_drop_identity();
	printk("boot loader: %s\n", bootinfo.loader);
	printk("command line: %s\n", cmdline_raw());
	cmdline_check(
		cmdline_say); /* unknown options, bad values: one line each */
	printk("memory map (from the BIOS, through the boot loader):\n");
	bootinfo_print_mmap();

	/* iomem: RAM/Reserved from that map, ROMs, the kernel image. */
	iomem_init();

	/* Memory: frames from that map, then our own page tables (they are
	 * built from frames), then the heap (it maps frames in them). */
	frame_init();	/* RAM from the map, minus kernel and boot data */
	paging_init();	/* direct map, read-only text, guard page, CR0.WP */
	kmalloc_init(); /* kmalloc/kfree, grown page by page */

	/* The firmware's own map of the machine (docs/acpi.md): the ACPI
	 * tables, found and checked and listed as Linux lists them; they are
	 * memremapped, so this comes after the page tables and the heap. */
	acpi_tables_init();
	acpi_ns_init(); /* the devices the DSDT declares (kernel/acpi/aml.c) */

	/* ioports: PC/AT ports no driver owns, before drivers claim theirs. */
	legacy_ioports_init();

	/* Is QEMU's exit device there? (poweroff, test results) */
	power_init();

	/* PCI: every function through ports 0xcf8/0xcfc, its BARs into the
	 * tree, before drivers look for devices and before the VGA console
	 * (sizing turns the VGA card's decoding off for a moment). */
	pci_init();

	/* What only the firmware names: the ACPI register blocks (under the
	 * PCI function that decodes them), the APICs, HPET, MMCONFIG. */
	acpi_reserve_resources();

	/* The HPET's main counter, started now (the firmware leaves it
	 * halted): the Local APIC timer is timed by it, and `uptime` shows it
	 * once the TSC is calibrated (drivers/hpet.c). */
	hpet_init();

	/* The interrupt controllers, before any device may interrupt: all
	 * lines masked, IRQ 0-15 moved off the exception vectors. The I/O
	 * APIC and Local APIC when the MADT has them (docs/interrupts.md),
	 * else (noapic, isapc) the 8259s. */
	if (apic_init() < 0)
		pic_init();

	/* The clock: IRQ 0 at hz=N (default 1000). A PIT whose counter 0
	 * reads back nonsense is no reference for the TSC either. */
	if (pit_init() < 0)
		tsc_calibrate_cancel();

	/* Interrupts on: from here every line is owned or masked. */
	irq_start();

	/* The TSC's rate, timed by PIT counter 2 since tsc_calibrate_start;
	 * then time reads the TSC. */
	tsc_calibrate();

	/* With the APICs: the Local APIC timer, timed by the TSC, becomes
	 * the tick (LOC) and IRQ 0 is masked. */
	lapic_timer_init();

	/* The ACPI PM timer, another clock for `clocksource`. */
	acpi_pm_init();

	/* Serial input by IRQ 4 now that the PIC can deliver it. */
	serial_init_irq();

	/* The keyboard: a second input for the same shell. */
	i8042_init();

	/* The CMOS clock: its ports from ACPI's PNP0B00, IRQ 8 (drivers/rtc.c).
	 */
	rtc_init();

	/* The screen last: a console for what follows. */
	vga_init();

	/* ATA disks on the legacy IDE channels (docs/ata.md): after PCI, so
	 * the claims nest under the IDE function, and after the IRQ layer and
	 * the calibrated clock, which its waits use. */
	ata_init();

	/* QEMU's edu device, when there is one (-device edu): MMIO, an
	 * INTx or MSI interrupt, DMA (drivers/edu.c). */
	edu_init();

	/* Network cards (docs/net.md): bound through the PCI match table,
	 * after the IRQ layer and the clock their waits use. */
	net_init();

	/* Every driver has claimed its ranges by now: show both trees once. */
	resource_print_dumps();

	/* What the serial probe found: nobody could read it when the UART
	 * was absent, so say it at the end of the boot, where the screen
	 * still shows it. */
	serial_report(serial_err);

	/* With `ktest=...` on the command line: run the tests, leave QEMU. */
	ktest_run_from_cmdline();

	printk("type 'help' for the commands\n");
	shell_run();
}
