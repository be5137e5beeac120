/* kernel/acpi/sleep.c - switching off through ACPI (S5) and resetting
 * through the FADT's reset register.
 *
 * Soft off, ACPI 6.5, 7.4.2 and 4.8.3.2.1 "PM1 Control Registers": the OS
 * writes the sleep type for S5 (SLP_TYPx, bits 12-10) together with SLP_EN
 * (bit 13) into PM1a_CNT (and PM1b_CNT, if the machine has it, with
 * SLP_TYPb). The sleep type values are not fixed by the spec: the firmware
 * gives them in the DSDT's \_S5 package, which kernel/acpi/aml.c reads.
 * The write only takes effect in ACPI mode (SCI_EN, bit 0, set): if the
 * firmware left the machine in legacy mode, the OS first writes ACPI_ENABLE
 * to the SMI_CMD port and waits for SCI_EN (4.8.2.1 "Legacy/ACPI Select").
 *
 * Reset, ACPI 6.5, 4.8.3.6 "Reset Register": from FADT revision 2, when
 * FLAGS.RESET_REG_SUP is set, writing RESET_VALUE to the register RESET_REG
 * describes (I/O, memory or PCI configuration space) resets the machine.
 * On QEMU's q35 it is port 0xcf9, the ICH9's Reset Control Register; the pc
 * machine's revision 1 FADT has none, and reboot falls back to the 8042.
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/aml.h"
#include "kernel/acpi/parse.h"
#include "kernel/io.h"
#include "kernel/iomap.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"

/* PM1 control register bits (ACPI 6.5, table 4.13). */
#define ACPI_PM1_CNT_SCI_EN BIT(0)
#define ACPI_PM1_CNT_SLP_TYP_SHIFT 10
#define ACPI_PM1_CNT_SLP_TYP_MASK (7u << ACPI_PM1_CNT_SLP_TYP_SHIFT)
#define ACPI_PM1_CNT_SLP_EN BIT(13)

#define ACPI_ENABLE_TIMEOUT_US 300000 /* how long SCI_EN may take to set */
#define ACPI_RESET_WAIT_MS 50 /* before saying the reset did not happen */

/* A PM1 control block's 16-bit register, in I/O space only (QEMU and
 * every PC keep it there; a memory one is refused with a line). */
static int
pm1_cnt(enum acpi_fadt_block which, struct acpi_block *b)
{
	if (!acpi_fadt_block(which, b))
		return -ENODEV;
	if (b->space_id != ACPI_ADR_SPACE_SYSTEM_IO || b->length < 2) {
		printk("acpi: %s is not a 2-byte I/O register (space %u, %u "
		       "bytes): not used\n",
		       acpi_fadt_block_name(which), b->space_id, b->length);
		return -EINVAL;
	}
	return 0;
}

/* Into ACPI mode, if the firmware left us in legacy mode. */
static int
acpi_enable_mode(const struct acpi_block *cnt)
{
	const struct acpi_fadt_info *f = acpi_fadt_info();

	if (inw((u16)cnt->address) & ACPI_PM1_CNT_SCI_EN)
		return 0;
	if (!f || !f->smi_cmd || !f->acpi_enable) {
		printk("acpi: SCI_EN is clear and the FADT gives no SMI_CMD "
		       "to enable ACPI mode\n");
		return -EIO;
	}
	outb(f->acpi_enable, (u16)f->smi_cmd); /* ask the firmware (SMI) */
	if (poll_timeout(inw((u16)cnt->address) & ACPI_PM1_CNT_SCI_EN,
			 ACPI_ENABLE_TIMEOUT_US) < 0) {
		printk("acpi: SCI_EN still clear %u ms after writing "
		       "ACPI_ENABLE 0x%02x to SMI_CMD 0x%x\n",
		       ACPI_ENABLE_TIMEOUT_US / 1000, f->acpi_enable,
		       f->smi_cmd);
		return -ETIMEDOUT;
	}
	return 0;
}

int
acpi_enable(bool *was_legacy)
{
	struct acpi_block a;
	int err;

	*was_legacy = false;
	if ((err = pm1_cnt(ACPI_PM1A_CNT_BLK, &a)) < 0)
		return err;
	*was_legacy = !(inw((u16)a.address) & ACPI_PM1_CNT_SCI_EN);
	return acpi_enable_mode(&a);
}

static void
write_slp(const struct acpi_block *cnt, u8 typ)
{
	u16 v = inw((u16)cnt->address);

	v &= ~(ACPI_PM1_CNT_SLP_TYP_MASK | ACPI_PM1_CNT_SLP_EN);
	v |= (u16)((typ << ACPI_PM1_CNT_SLP_TYP_SHIFT) &
		   ACPI_PM1_CNT_SLP_TYP_MASK);
	outw(v, (u16)cnt->address);			  /* the type first, */
	outw(v | ACPI_PM1_CNT_SLP_EN, (u16)cnt->address); /* then go */
}

int
acpi_power_off(void)
{
	struct acpi_block a, b;
	u8 typa, typb;
	int err;

	if (!acpi_available())
		return -ENODEV;
	if (aml_get_s5(&typa, &typb) < 0) {
		printk("acpi: the DSDT declares no \\_S5 package: no soft "
		       "off\n");
		return -ENODEV;
	}
	if ((err = pm1_cnt(ACPI_PM1A_CNT_BLK, &a)) < 0)
		return err;
	if ((err = acpi_enable_mode(&a)) < 0)
		return err;
	printk("acpi: entering S5: SLP_TYPa %u | SLP_EN into PM1a_CNT 0x%llx\n",
	       typa, (unsigned long long)a.address);
	if (acpi_fadt_block(ACPI_PM1B_CNT_BLK, &b) &&
	    pm1_cnt(ACPI_PM1B_CNT_BLK, &b) == 0)
		write_slp(&b, typb);
	write_slp(&a, typa);
	mdelay(ACPI_RESET_WAIT_MS);
	printk("acpi: still running after the S5 write\n");
	return -EIO;
}

int
acpi_reboot(void)
{
	struct acpi_generic_address reg;
	u8 value;

	if (!acpi_fadt_reset_reg(&reg, &value))
		return -ENODEV;
	printk("rebooting: writing 0x%02x to the FADT's reset register (%s "
	       "0x%llx)\n",
	       value,
	       reg.space_id == ACPI_ADR_SPACE_SYSTEM_IO ? "port" : "memory",
	       (unsigned long long)reg.address);
	if (reg.space_id == ACPI_ADR_SPACE_SYSTEM_IO) {
		outb(value, (u16)reg.address); /* the reset */
	} else if (reg.space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY) {
		void __iomem *p = ioremap(reg.address, 1);
		if (p)
			writeb(value, p); /* the reset */
	} else {
		printk("acpi: reset register in address space %u (PCI "
		       "configuration?) is not supported\n",
		       reg.space_id);
		return -EINVAL;
	}
	mdelay(ACPI_RESET_WAIT_MS);
	printk("acpi: no reset %u ms after the reset register write\n",
	       ACPI_RESET_WAIT_MS);
	return -EIO;
}
