/* kernel/acpi/parse.h - the FADT, MADT, HPET and MCFG parsers.
 *
 * Each takes a table's bytes and its length and fills a plain structure;
 * none reads past @len, none needs the kernel (host-tested on captured and
 * corrupted tables by tests/host/test_acpi_tables.c). A field past the end
 * of a short table reads as 0, and the parser says so in one line.
 */
#ifndef KERNEL_ACPI_PARSE_H
#define KERNEL_ACPI_PARSE_H

#include "kernel/acpi/actbl.h"
#include "lib/types.h"

/* ---- FADT (ACPI 6.5, 5.2.9, table 5.9) ---- */
#define ACPI_FADT_V1_SIZE 116 /* revision 1: up to the FLAGS field */

/* FADT FLAGS (table 5.10) */
#define ACPI_FADT_WBINVD BIT(0)
#define ACPI_FADT_RESET_REG_SUP BIT(10)
#define ACPI_FADT_HW_REDUCED_ACPI BIT(20)

struct acpi_fadt_info {
	u8 revision;
	u32 length;
	u8 preferred_pm_profile;
	u16 sci_int;
	u32 smi_cmd;
	u8 acpi_enable, acpi_disable;
	struct acpi_block blk[ACPI_FADT_NR_BLOCKS];
	u8 gpe1_base;
	u8 century;
	u16 iapc_boot_arch;
	u32 flags;
	bool has_reset;
	struct acpi_generic_address reset_reg;
	u8 reset_value;
	u8 minor_version;
};

/* acpi_fadt_block_name - Linux's resource name for a block:
 * "ACPI PM1a_EVT_BLK", "ACPI PM_TMR", ... */
const char *acpi_fadt_block_name(enum acpi_fadt_block which);

/* acpi_fadt_parse - decode a FADT. Returns 0, or -EINVAL when @len is
 * shorter than the header (nothing usable). */
int acpi_fadt_parse(const u8 *t, u32 len, struct acpi_fadt_info *f);

/* acpi_fadt_info - the booted machine's decoded FADT, NULL without one
 * (kernel only: kernel/acpi/acpi.c keeps it). */
const struct acpi_fadt_info *acpi_fadt_info(void);

/* acpi_fadt_print - every field `acpi -v` shows, by its spec name. */
void acpi_fadt_print(const struct acpi_fadt_info *f);

/* ---- MADT (ACPI 6.5, 5.2.12) ---- */
#define ACPI_MADT_TYPE_LOCAL_APIC 0
#define ACPI_MADT_TYPE_IO_APIC 1
#define ACPI_MADT_TYPE_INTERRUPT_OVERRIDE 2
#define ACPI_MADT_TYPE_NMI_SOURCE 3
#define ACPI_MADT_TYPE_LOCAL_APIC_NMI 4
#define ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE 5
#define ACPI_MADT_MAX_IOAPICS 8

struct acpi_madt_info {
	u32 lapic_address32; /* the header's Local Interrupt Controller
				Address */
	u64 lapic_address;   /* ...or its override entry's */
	u32 flags;	     /* PCAT_COMPAT: the machine has 8259s too */
	int nr_lapic;	     /* processors' Local APIC entries */
	int nr_ioapic;
	struct acpi_ioapic_info ioapic[ACPI_MADT_MAX_IOAPICS];
	int nr_entries; /* entries read before the end (or a bad one) */
};

/* acpi_madt_parse - decode a MADT; a malformed entry (length under 2, or
 * past the table's end) stops the walk with one line naming its offset.
 * Returns 0, or -EINVAL when the table is too short for its fixed part. */
int acpi_madt_parse(const u8 *t, u32 len, struct acpi_madt_info *m);

/* acpi_madt_print - print the entries of type @type in table order, as
 * Linux's acpi_table_print_madt_entry does ("ACPI: INT_SRC_OVR (bus 0
 * bus_irq 0 global_irq 2 dfl dfl)"). Linux prints LAPIC and IOAPIC entries
 * only at debug level: @verbose prints them too. Returns how many. */
int acpi_madt_print(const u8 *t, u32 len, int type, bool verbose);

/* ---- HPET (IA-PC HPET Specification 1.0a, 3.2.4) ---- */
#define ACPI_HPET_SIZE 56

/* acpi_hpet_parse - decode the HPET table; -EINVAL when too short. */
int acpi_hpet_parse(const u8 *t, u32 len, struct acpi_hpet_info *h);

/* ---- MCFG (PCI Firmware Specification 3.0, 4.1.2) ---- */
#define ACPI_MCFG_MAX 4
#define ACPI_MCFG_ENTRIES 44 /* offset of the first allocation */
#define ACPI_MCFG_ENTRY_SIZE 16

/* acpi_mcfg_parse - up to @max allocations into @out; returns how many
 * (0..@max), or -EINVAL when the table is too short or its length is not
 * the header plus whole entries. */
int acpi_mcfg_parse(const u8 *t, u32 len, struct acpi_mcfg_info *out, int max);

#endif
