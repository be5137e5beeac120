/* kernel/acpi/acpi.h - the firmware's tables: what other code may ask ACPI.
 *
 * ACPI (Advanced Configuration and Power Interface Specification 6.5, ch. 5
 * "ACPI Software Programming Model") is the firmware's description of the
 * machine: a Root System Description Pointer (RSDP) in the BIOS area points
 * at a Root/Extended System Description Table (RSDT/XSDT), a list of
 * physical addresses of the other tables, each opening with the same 36-byte
 * header (5.2.6). porthole finds and checks them at boot (tables.c), maps
 * them cached with memremap (they are memory, not registers), and answers
 * questions about them here. It programs no device itself.
 *
 * Everything here works before and after acpi_tables_init(); without ACPI
 * (`-machine isapc`, or `acpi=off` on the command line) acpi_available() is
 * false, acpi_get_table() returns NULL and the accessors return 0 / false.
 */
#ifndef KERNEL_ACPI_ACPI_H
#define KERNEL_ACPI_ACPI_H

#include "lib/types.h"

/* 5.2.6 "System Description Table Header": every table but the FACS. */
#define ACPI_NAMESEG_SIZE 4
#define ACPI_OEM_ID_SIZE 6
#define ACPI_OEM_TABLE_ID_SIZE 8

struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE]; /* "APIC", "FACP", ... */
	u32 length;			   /* of the table, header included */
	u8 revision;			   /* of the table's layout */
	u8 checksum;			   /* all bytes add up to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];	   /* "BOCHS " */
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE]; /* "BXPC    " */
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE]; /* "BXPC" */
	u32 asl_compiler_revision;
} __packed;

#define ACPI_TABLE_HEADER_SIZE 36

/* 5.2.3.2 "Generic Address Structure": where a register lives. */
#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO 1
#define ACPI_ADR_SPACE_PCI_CONFIG 2

struct acpi_generic_address {
	u8 space_id;	 /* ACPI_ADR_SPACE_* */
	u8 bit_width;	 /* of the register */
	u8 bit_offset;	 /* of the register in the address */
	u8 access_width; /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	u64 address;
} __packed;

/* A register block the FADT names: an address space, an address, a length
 * in bytes (0: the block is not there). */
struct acpi_block {
	u8 space_id; /* ACPI_ADR_SPACE_SYSTEM_IO or _MEMORY */
	u64 address;
	u32 length;
};

/* The FADT's blocks, in the order Linux requests them
 * (drivers/acpi/acpica's acpi_gbl_xpm1a_enable... and osl's
 * acpi_reserve_resources), with Linux's resource names. */
enum acpi_fadt_block {
	ACPI_PM1A_EVT_BLK,
	ACPI_PM1B_EVT_BLK,
	ACPI_PM1A_CNT_BLK,
	ACPI_PM1B_CNT_BLK,
	ACPI_PM_TMR_BLK,
	ACPI_PM2_CNT_BLK,
	ACPI_GPE0_BLK,
	ACPI_GPE1_BLK,
	ACPI_FADT_NR_BLOCKS
};

/* acpi_available - true when the tables were found and ACPI is not off.
 * Context: any, after acpi_tables_init(). */
bool acpi_available(void);

/* acpi_get_table - the @instance-th (0, 1, ...) table with signature @sig
 * ("DSDT", "SSDT", "APIC", "FACP", ...), mapped cached through memremap,
 * valid for the rest of the boot; its header's length says how far it goes.
 * The DSDT and FACS are found through the FADT. Returns NULL when there is
 * no such table or ACPI is not available. A table with a bad checksum is
 * still returned (it was reported once at boot), as Linux does. */
const struct acpi_table_header *acpi_get_table(const char *sig, int instance);

/* acpi_fadt_block - one of the FADT's register blocks (preferring the 64-bit
 * X_ fields where set); false when the machine has no such block. */
bool acpi_fadt_block(enum acpi_fadt_block which, struct acpi_block *out);

/* acpi_fadt_block_name - Linux's resource name for a block:
 * "ACPI PM1a_EVT_BLK", "ACPI PM_TMR", ... */
const char *acpi_fadt_block_name(enum acpi_fadt_block which);

/* acpi_fadt_century - the CMOS RAM index of the century byte (FADT
 * CENTURY), or 0 when the firmware keeps none. */
u8 acpi_fadt_century(void);

/* acpi_fadt_sci_int - the System Control Interrupt's ISA IRQ (SCI_INT). */
u16 acpi_fadt_sci_int(void);

/* acpi_fadt_reset_reg - the FADT's reset register and the value to write
 * there (RESET_REG, RESET_VALUE); false when the FADT does not say it has
 * one (revision < 2, or the RESET_REG_SUP flag clear). */
bool acpi_fadt_reset_reg(struct acpi_generic_address *reg, u8 *value);

/* MADT (5.2.12): the interrupt controllers. */
struct acpi_ioapic_info {
	u8 id;	      /* I/O APIC ID */
	u32 address;  /* its MMIO registers (IOREGSEL, IOWIN) */
	u32 gsi_base; /* first Global System Interrupt it serves */
};

/* acpi_madt_lapic_address - the Local APIC's physical address (from the
 * MADT header, or its Local APIC Address Override entry); 0 without MADT. */
u64 acpi_madt_lapic_address(void);

/* acpi_madt_ioapic - the @index-th I/O APIC; false past the last one. */
bool acpi_madt_ioapic(int index, struct acpi_ioapic_info *out);

/* HPET table (IA-PC HPET Specification 1.0a, 3.2.4). */
struct acpi_hpet_info {
	u32 event_timer_block_id; /* the timer block's capabilities ID */
	u64 address;		  /* its MMIO registers */
	u8 hpet_number;		  /* HPET N in iomem */
	u16 min_tick;
};

/* acpi_hpet - the HPET table's timer block; false without one. */
bool acpi_hpet(struct acpi_hpet_info *out);

/* MCFG (PCI Firmware Specification 3.0, 4.1.2): ECAM windows. */
struct acpi_mcfg_info {
	u64 address;  /* ECAM base: bus 0 of this segment */
	u16 segment;  /* PCI segment group */
	u8 start_bus; /* first bus it decodes */
	u8 end_bus;   /* last bus */
};

/* acpi_mcfg_count - how many ECAM windows the MCFG lists (0 without one). */
int acpi_mcfg_count(void);

/* acpi_mcfg_entry - the @index-th ECAM window; false past the last. */
bool acpi_mcfg_entry(int index, struct acpi_mcfg_info *out);

/* acpi_power_off - S5 through PM1a_CNT (SLP_TYPa from \_S5 | SLP_EN),
 * entering ACPI mode first if need be (kernel/acpi/sleep.c). Returns only
 * on failure: -ENODEV without ACPI or \_S5, -EINVAL/-ETIMEDOUT/-EIO (one
 * line said why). Interrupts may be off. */
int acpi_power_off(void);

/* acpi_reboot - write RESET_VALUE to the FADT's reset register. Returns
 * only on failure: -ENODEV when the FADT has none, -EINVAL/-EIO. */
int acpi_reboot(void);

/* acpi_tables_init - find the RSDP, check and list every table (printing
 * Linux's "ACPI: SIG ..." lines), parse FADT/MADT/HPET/MCFG. Honours
 * `acpi=off`. Context: boot, after paging_init (it uses memremap). */
void acpi_tables_init(void);

#endif
