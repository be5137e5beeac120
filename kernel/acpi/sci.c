/* kernel/acpi/sci.c - the System Control Interrupt: how ACPI's fixed
 * hardware tells the OS that something happened (the power button).
 *
 * ACPI 6.5, 4.8 "ACPI Hardware Model" and 5.6 "ACPI Event Programming
 * Model". The chipset's ACPI part (PIIX4's PM function on QEMU's pc, the
 * ICH9 LPC bridge on q35) raises one interrupt, the SCI, whose ISA IRQ the
 * FADT gives (SCI_INT: 9 on QEMU). It is level-triggered and active high
 * on a PC (the MADT's override for IRQ 9 says so) and shareable. What made
 * it fire is in registers the FADT also names, in I/O space:
 *
 *   PM1a_EVT_BLK  first half: PM1_STS, status bits the hardware sets
 *                 (TMR_STS, BM_STS, GBL_STS, PWRBTN_STS, SLPBTN_STS,
 *                 RTC_STS, PCIEXP_WAKE_STS, WAK_STS; table 4.11), cleared
 *                 by writing 1 to them; second half: PM1_EN, which of
 *                 them raise the SCI (table 4.12).
 *   GPE0_BLK      the General Purpose Events: the same pair, a status
 *                 half and an enable half, byte by byte (4.8.4.1); the
 *                 DSDT's _Lxx/_Exx methods say what each means.
 *   PM1a_CNT_BLK  SCI_EN: set, the events go to the OS as SCIs; clear,
 *                 the machine is in legacy mode and they go to the
 *                 firmware as SMIs. The OS asks the firmware to switch by
 *                 writing ACPI_ENABLE to the SMI_CMD port (4.8.2.1).
 *
 * porthole does what Linux's ACPICA does at boot, without the AML: into
 * ACPI mode if need be, every fixed event disabled and its stale status
 * cleared, every GPE disabled and cleared (porthole runs no _Lxx method,
 * so it enables none; one that fires anyway is counted and cleared), the
 * SCI handler installed, and the one fixed event it can act on enabled:
 * the power button (PWRBTN_EN), when the FADT says the button is a fixed
 * feature (FLAGS.PWR_BUTTON clear). A press -- QEMU's monitor command
 * `system_powerdown` -- sets PWRBTN_STS, which raises the SCI; the handler
 * clears it and switches the machine off through S5 (kernel/power.c).
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/parse.h"
#include "kernel/command.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "lib/errno.h"

/* PM1 status (table 4.11) and enable (table 4.12) bits. */
#define ACPI_PM1_TMR_STS BIT(0)
#define ACPI_PM1_BM_STS BIT(4)
#define ACPI_PM1_GBL_STS BIT(5)
#define ACPI_PM1_PWRBTN_STS BIT(8)
#define ACPI_PM1_SLPBTN_STS BIT(9)
#define ACPI_PM1_RTC_STS BIT(10)
#define ACPI_PM1_PCIEXP_WAKE_STS BIT(14)
#define ACPI_PM1_WAK_STS BIT(15)
#define ACPI_PM1_ALL_STS                                                       \
	(ACPI_PM1_TMR_STS | ACPI_PM1_BM_STS | ACPI_PM1_GBL_STS |               \
	 ACPI_PM1_PWRBTN_STS | ACPI_PM1_SLPBTN_STS | ACPI_PM1_RTC_STS |        \
	 ACPI_PM1_PCIEXP_WAKE_STS | ACPI_PM1_WAK_STS)
#define ACPI_PM1_PWRBTN_EN BIT(8)

/* FADT FLAGS (table 5.10): set, the power button is a control method
 * device (a Notify from AML), not the fixed feature. */
#define ACPI_FADT_PWR_BUTTON BIT(4)

#define SCI_NAME "acpi"	 /* Linux's name for the line in /proc/interrupts */
#define GPE_MAX_BYTES 16 /* status bytes in one GPE block we look at */

static struct {
	bool installed;
	unsigned irq;
	u16 pm1_sts, pm1_en; /* ports */
	bool have_gpe0;
	u16 gpe0_sts, gpe0_en; /* ports of the status and enable halves */
	unsigned gpe0_bytes;   /* bytes in each half */
	bool pwrbtn;	       /* PWRBTN_EN set */
	u32 interrupts, pwrbtn_presses, gpes, other, none;
} sci;

/* Every GPE status bit that is set: counted and cleared (write 1). */
static u32
gpe_clear(void)
{
	u32 n = 0;

	for (unsigned i = 0; sci.have_gpe0 && i < sci.gpe0_bytes; i++) {
		u8 s = inb((u16)(sci.gpe0_sts + i));
		if (!s)
			continue;
		for (u8 b = s; b; b &= (u8)(b - 1))
			n++;			  /* one GPE per bit set */
		outb(s, (u16)(sci.gpe0_sts + i)); // Clear what was set
	}
	return n;
}

static irqreturn_t
sci_interrupt(int irq, void *dev)
{
	u16 sts = inw(sci.pm1_sts), en = inw(sci.pm1_en);
	u16 fired = sts & en;
	u32 gpes = gpe_clear();

	(void)irq;
	(void)dev;
	sci.interrupts++;
	sci.gpes += gpes;
	if (fired & ~ACPI_PM1_PWRBTN_STS) { /* enabled, but not by us */
		sci.other++;
		outw(fired & ~ACPI_PM1_PWRBTN_STS, sci.pm1_sts); // Clear them
	}
	if (fired & ACPI_PM1_PWRBTN_STS) {
		outw(ACPI_PM1_PWRBTN_STS, sci.pm1_sts); // Clear PWRBTN_STS
		sci.pwrbtn_presses++;
		printk("ACPI: button: Power Button pressed (PWRBTN_STS in "
		       "PM1a_STS 0x%x; `interrupts` counts %u on IRQ %u, "
		       "acpi)\n",
		       sci.pm1_sts, irq_count(sci.irq), sci.irq);
		power_button_off();
	}
	if (!fired && !gpes) {
		sci.none++;
		return IRQ_NONE; /* another device on a shared line */
	}
	return IRQ_HANDLED;
}

/* The FADT's event block, as two I/O register halves; false otherwise. */
static bool
io_block(enum acpi_fadt_block which, struct acpi_block *b, unsigned min_len)
{
	if (!acpi_fadt_block(which, b) || !b->length)
		return false;
	if (b->space_id != ACPI_ADR_SPACE_SYSTEM_IO || b->length < min_len ||
	    b->address + b->length > 0x10000) {
		printk("ACPI: %s is not an I/O block of %u bytes or more "
		       "(space %u, %u bytes): not used\n",
		       acpi_fadt_block_name(which), min_len, b->space_id,
		       b->length);
		return false;
	}
	return true;
}

int
acpi_sci_init(void)
{
	const struct acpi_fadt_info *f = acpi_fadt_info();
	struct acpi_block evt, gpe;
	bool was_legacy;
	int err;

	if (!acpi_available() || !f)
		return -ENODEV; /* acpi=off, isapc: no SCI */
	if (f->flags & ACPI_FADT_HW_REDUCED_ACPI) {
		printk("ACPI: hardware-reduced ACPI: no SCI, no fixed "
		       "events\n");
		return -ENODEV;
	}
	if (!io_block(ACPI_PM1A_EVT_BLK, &evt, 4)) {
		printk("ACPI: no PM1a_EVT_BLK: the SCI is not installed\n");
		return -ENODEV;
	}
	sci.pm1_sts = (u16)evt.address;
	sci.pm1_en = (u16)(evt.address + evt.length / 2);
	if (io_block(ACPI_GPE0_BLK, &gpe, 2)) {
		sci.have_gpe0 = true;
		sci.gpe0_bytes = gpe.length / 2;
		if (sci.gpe0_bytes > GPE_MAX_BYTES)
			sci.gpe0_bytes = GPE_MAX_BYTES;
		sci.gpe0_sts = (u16)gpe.address;
		sci.gpe0_en = (u16)(gpe.address + gpe.length / 2);
	}

	/* Legacy mode: the events would go to the firmware (SMI). */
	if ((err = acpi_enable(&was_legacy)) < 0)
		return err;
	if (was_legacy)
		printk("ACPI: SCI_EN was clear: wrote ACPI_ENABLE 0x%02x to "
		       "SMI_CMD 0x%x; the machine is in ACPI mode\n",
		       f->acpi_enable, f->smi_cmd);

	/* Nothing may raise the SCI before its handler is there. */
	outw(0, sci.pm1_en);		     // Every fixed event off
	outw(ACPI_PM1_ALL_STS, sci.pm1_sts); // Clear stale status (write 1)
	for (unsigned i = 0; sci.have_gpe0 && i < sci.gpe0_bytes; i++)
		outb(0, (u16)(sci.gpe0_en + i)); // Every GPE off
	gpe_clear();

	sci.irq = f->sci_int;
	err = request_shared_irq(sci.irq, sci_interrupt, SCI_NAME, &sci);
	if (err < 0)
		return err; /* request_irq said why */
	sci.installed = true;
	if (!(f->flags & ACPI_FADT_PWR_BUTTON)) {
		outw(ACPI_PM1_PWRBTN_EN, sci.pm1_en); // Power button on
		sci.pwrbtn = true;
		printk("ACPI: button: Power Button [PWRF] (fixed feature, "
		       "PWRBTN_EN in PM1a_EN 0x%x); SCI on IRQ %u\n",
		       sci.pm1_en, sci.irq);
	} else {
		printk("ACPI: SCI on IRQ %u; the power button is a control "
		       "method device (FADT PWR_BUTTON), not enabled\n",
		       sci.irq);
	}
	return 0;
}

static int
cmd_sci(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!sci.installed) {
		printk("sci: not installed (no ACPI, acpi=off, or no event "
		       "block)\n");
		return -ENODEV;
	}
	printk("SCI: IRQ %u (%s), %u interrupts: power button %u, GPEs %u, "
	       "other fixed events %u, not ours %u\n",
	       sci.irq, irq_chip_of(sci.irq) ? irq_chip_of(sci.irq)->name : "?",
	       sci.interrupts, sci.pwrbtn_presses, sci.gpes, sci.other,
	       sci.none);
	printk("PM1a_STS 0x%x = 0x%04x  PM1a_EN 0x%x = 0x%04x (PWRBTN_EN %s)\n",
	       sci.pm1_sts, inw(sci.pm1_sts), sci.pm1_en, inw(sci.pm1_en),
	       sci.pwrbtn ? "on" : "off");
	if (sci.have_gpe0) {
		printk("GPE0_STS 0x%x:", sci.gpe0_sts);
		for (unsigned i = 0; i < sci.gpe0_bytes; i++)
			printk(" %02x", inb((u16)(sci.gpe0_sts + i)));
		printk("  GPE0_EN 0x%x:", sci.gpe0_en);
		for (unsigned i = 0; i < sci.gpe0_bytes; i++)
			printk(" %02x", inb((u16)(sci.gpe0_en + i)));
		printk(" (all disabled: porthole runs no _Lxx method)\n");
	}
	return 0;
}
SHELL_COMMAND("sci", cmd_sci,
	      "the ACPI System Control Interrupt: its IRQ, what raised it "
	      "(power button, GPEs), PM1 and GPE0 status and enable",
	      "sci");
