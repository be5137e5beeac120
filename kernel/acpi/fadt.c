/* kernel/acpi/fadt.c - the Fixed ACPI Description Table ("FACP").
 *
 * ACPI 6.5, 5.2.9 (table 5.9). The FADT says where the fixed hardware of
 * ACPI lives: the PM1a/PM1b event blocks (status and enable bits: power
 * button, PM timer overflow...), the PM1a/PM1b control blocks (SCI_EN, and
 * SLP_TYPx + SLP_EN that put the machine to sleep or switch it off), the
 * PM2 control block, the 24- or 32-bit PM timer, the two General Purpose
 * Event blocks; the SCI's interrupt, the CMOS index of the century, and from
 * revision 2 a reset register. Revision 1 gives each block as a 32-bit I/O
 * port and a length byte; revision 3+ adds 64-bit Generic Address
 * Structures (the X_ fields), which may put a block in memory. As ACPICA
 * does (tbfadt.c, acpi_tb_convert_fadt), an X_ field is used when its
 * address is set, the 32-bit one otherwise; the length comes from the
 * length byte (PM1b shares PM1a's length).
 */
#include "kernel/acpi/parse.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Offsets in the FADT (table 5.9). */
#define FADT_PREFERRED_PM_PROFILE 45
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_ACPI_DISABLE 53
#define FADT_PM1A_EVT_BLK 56 /* eight 32-bit block addresses follow */
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_PM2_CNT_LEN 90
#define FADT_PM_TMR_LEN 91
#define FADT_GPE0_BLK_LEN 92
#define FADT_GPE1_BLK_LEN 93
#define FADT_GPE1_BASE 94
#define FADT_CENTURY 108
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116 /* a Generic Address Structure */
#define FADT_RESET_VALUE 128
#define FADT_MINOR_VERSION 131
#define FADT_X_PM1A_EVT_BLK 148 /* eight GAS, 12 bytes each */
#define GAS_SIZE 12

/* Where each block's 32-bit address, length byte and X_ field are, in
 * enum acpi_fadt_block order, with Linux's resource names
 * (drivers/acpi/osl.c, acpi_reserve_resources). */
static const struct {
	u8 len_offset;
	const char *name;
} fadt_blocks[ACPI_FADT_NR_BLOCKS] = {
	[ACPI_PM1A_EVT_BLK] = {FADT_PM1_EVT_LEN, "ACPI PM1a_EVT_BLK"},
	[ACPI_PM1B_EVT_BLK] = {FADT_PM1_EVT_LEN, "ACPI PM1b_EVT_BLK"},
	[ACPI_PM1A_CNT_BLK] = {FADT_PM1_CNT_LEN, "ACPI PM1a_CNT_BLK"},
	[ACPI_PM1B_CNT_BLK] = {FADT_PM1_CNT_LEN, "ACPI PM1b_CNT_BLK"},
	[ACPI_PM_TMR_BLK] = {FADT_PM_TMR_LEN, "ACPI PM_TMR"},
	[ACPI_PM2_CNT_BLK] = {FADT_PM2_CNT_LEN, "ACPI PM2_CNT_BLK"},
	[ACPI_GPE0_BLK] = {FADT_GPE0_BLK_LEN, "ACPI GPE0_BLK"},
	[ACPI_GPE1_BLK] = {FADT_GPE1_BLK_LEN, "ACPI GPE1_BLK"},
};

/* The FADT's blocks in the order of the table's own fields (5.9): PM1a_EVT,
 * PM1b_EVT, PM1a_CNT, PM1b_CNT, PM2_CNT, PM_TMR, GPE0, GPE1. */
static const u8 field_index[ACPI_FADT_NR_BLOCKS] = {
	[ACPI_PM1A_EVT_BLK] = 0, [ACPI_PM1B_EVT_BLK] = 1,
	[ACPI_PM1A_CNT_BLK] = 2, [ACPI_PM1B_CNT_BLK] = 3,
	[ACPI_PM2_CNT_BLK] = 4,	 [ACPI_PM_TMR_BLK] = 5,
	[ACPI_GPE0_BLK] = 6,	 [ACPI_GPE1_BLK] = 7,
};

const char *
acpi_fadt_block_name(enum acpi_fadt_block which)
{
	return which < ACPI_FADT_NR_BLOCKS ? fadt_blocks[which].name : "?";
}

/* Bounded little-endian reads: a field past the table's end is 0. */
static u32
field(const u8 *t, u32 len, u32 off, int size)
{
	u32 v = 0;

	for (int i = size - 1; i >= 0; i--)
		v = v << 8 | (off + i < len ? t[off + i] : 0);
	return v;
}

static void
read_gas(const u8 *t, u32 len, u32 off, struct acpi_generic_address *g)
{
	memset(g, 0, sizeof(*g));
	if (off + GAS_SIZE > len)
		return;
	g->space_id = t[off];
	g->bit_width = t[off + 1];
	g->bit_offset = t[off + 2];
	g->access_width = t[off + 3];
	g->address = field(t, len, off + 4, 4) | (u64)field(t, len, off + 8, 4)
							 << 32;
}

static void
read_block(const u8 *t, u32 len, enum acpi_fadt_block b, struct acpi_block *o)
{
	struct acpi_generic_address x;
	u32 idx = field_index[b];

	read_gas(t, len, FADT_X_PM1A_EVT_BLK + idx * GAS_SIZE, &x);
	o->length = field(t, len, fadt_blocks[b].len_offset, 1);
	if (x.address) {
		o->space_id = x.space_id;
		o->address = x.address;
		if (!o->length)
			o->length = x.bit_width / 8;
	} else {
		o->space_id = ACPI_ADR_SPACE_SYSTEM_IO;
		o->address = field(t, len, FADT_PM1A_EVT_BLK + idx * 4, 4);
	}
	if (!o->address)
		o->length = 0; /* not there */
}

int
acpi_fadt_parse(const u8 *t, u32 len, struct acpi_fadt_info *f)
{
	memset(f, 0, sizeof(*f));
	if (len < ACPI_TABLE_HEADER_SIZE) {
		printk("ACPI: FADT is %u bytes, shorter than its header\n",
		       len);
		return -EINVAL;
	}
	f->revision = t[8];
	f->length = len;
	if (len < ACPI_FADT_V1_SIZE)
		printk("ACPI: FADT is %u bytes, shorter than revision 1's %u: "
		       "the fields past its end read as 0\n",
		       len, ACPI_FADT_V1_SIZE);
	f->preferred_pm_profile = field(t, len, FADT_PREFERRED_PM_PROFILE, 1);
	f->sci_int = field(t, len, FADT_SCI_INT, 2);
	f->smi_cmd = field(t, len, FADT_SMI_CMD, 4);
	f->acpi_enable = field(t, len, FADT_ACPI_ENABLE, 1);
	f->acpi_disable = field(t, len, FADT_ACPI_DISABLE, 1);
	for (int b = 0; b < ACPI_FADT_NR_BLOCKS; b++)
		read_block(t, len, b, &f->blk[b]);
	f->gpe1_base = field(t, len, FADT_GPE1_BASE, 1);
	f->century = field(t, len, FADT_CENTURY, 1);
	f->iapc_boot_arch = field(t, len, FADT_IAPC_BOOT_ARCH, 2);
	f->flags = field(t, len, FADT_FLAGS, 4);
	/* The reset register: revision 2+, and only when the flag says so. */
	read_gas(t, len, FADT_RESET_REG, &f->reset_reg);
	f->reset_value = field(t, len, FADT_RESET_VALUE, 1);
	f->has_reset = f->revision >= 2 && len > FADT_RESET_VALUE &&
		       (f->flags & ACPI_FADT_RESET_REG_SUP) &&
		       f->reset_reg.address;
	f->minor_version = field(t, len, FADT_MINOR_VERSION, 1);
	return 0;
}

/* FLAGS bit names (table 5.10) and IAPC_BOOT_ARCH (table 5.11). */
static const char *const fadt_flag_names[] = {
	"WBINVD",
	"WBINVD_FLUSH",
	"PROC_C1",
	"P_LVL2_UP",
	"PWR_BUTTON",
	"SLP_BUTTON",
	"FIX_RTC",
	"RTC_S4",
	"TMR_VAL_EXT",
	"DCK_CAP",
	"RESET_REG_SUP",
	"SEALED_CASE",
	"HEADLESS",
	"CPU_SW_SLP",
	"PCI_EXP_WAK",
	"USE_PLATFORM_CLOCK",
	"S4_RTC_STS_VALID",
	"REMOTE_POWER_ON_CAPABLE",
	"FORCE_APIC_CLUSTER_MODEL",
	"FORCE_APIC_PHYSICAL_DESTINATION_MODE",
	"HW_REDUCED_ACPI",
	"LOW_POWER_S0_IDLE_CAPABLE",
};

static const char *const boot_arch_names[] = {
	"LEGACY_DEVICES",     "8042",
	"VGA_NOT_PRESENT",    "MSI_NOT_SUPPORTED",
	"PCIE_ASPM_CONTROLS", "CMOS_RTC_NOT_PRESENT",
};

static void
print_bits(const char *label, u32 v, const char *const *names, int n)
{
	printk("  %-15s 0x%08x", label, v);
	for (int i = 0; i < 32; i++)
		if (v & BIT(i)) {
			if (i < n)
				printk(" %s", names[i]);
			else
				printk(" bit%d", i);
		}
	printk("\n");
}

static const char *
space_name(u8 id)
{
	switch (id) {
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
		return "memory";
	case ACPI_ADR_SPACE_SYSTEM_IO:
		return "io";
	case ACPI_ADR_SPACE_PCI_CONFIG:
		return "pci-config";
	default:
		return "other";
	}
}

void
acpi_fadt_print(const struct acpi_fadt_info *f)
{
	printk("FADT (FACP) revision %u.%u, %u bytes\n", f->revision,
	       f->minor_version, f->length);
	printk("  %-15s %u\n", "SCI_INT", f->sci_int);
	printk("  %-15s 0x%x (ACPI_ENABLE 0x%02x, ACPI_DISABLE 0x%02x)\n",
	       "SMI_CMD", f->smi_cmd, f->acpi_enable, f->acpi_disable);
	printk("  %-15s %u\n", "PM_PROFILE", f->preferred_pm_profile);
	for (int b = 0; b < ACPI_FADT_NR_BLOCKS; b++) {
		const struct acpi_block *k = &f->blk[b];
		const char *name = fadt_blocks[b].name + 5; /* no "ACPI " */

		if (!k->length)
			printk("  %-15s none\n", name);
		else
			printk("  %-15s %s 0x%llx-0x%llx (%u bytes)\n", name,
			       space_name(k->space_id),
			       (unsigned long long)k->address,
			       (unsigned long long)(k->address + k->length - 1),
			       k->length);
	}
	if (f->blk[ACPI_GPE1_BLK].length)
		printk("  %-15s %u\n", "GPE1_BASE", f->gpe1_base);
	printk("  %-15s 0x%02x%s\n", "CENTURY", f->century,
	       f->century ? " (CMOS RAM index)" : " (none)");
	print_bits("IAPC_BOOT_ARCH", f->iapc_boot_arch, boot_arch_names,
		   ARRAY_SIZE(boot_arch_names));
	print_bits("FLAGS", f->flags, fadt_flag_names,
		   ARRAY_SIZE(fadt_flag_names));
	if (f->has_reset)
		printk("  %-15s %s 0x%llx, %u bits: write 0x%02x\n",
		       "RESET_REG", space_name(f->reset_reg.space_id),
		       (unsigned long long)f->reset_reg.address,
		       f->reset_reg.bit_width, f->reset_value);
	else
		printk("  %-15s none\n", "RESET_REG");
}
