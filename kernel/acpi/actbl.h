/* kernel/acpi/actbl.h - the layouts of ACPI's tables and the plain
 * structures the parsers fill (ACPI 6.5, chapter 5), shared by the public
 * interface (acpi.h) and the host-testable parsers (tables.h, parse.h).
 * Types only: no functions, nothing but lib/. */
#ifndef KERNEL_ACPI_ACTBL_H
#define KERNEL_ACPI_ACTBL_H

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

/* MADT (5.2.12): one I/O APIC. */
struct acpi_ioapic_info {
	u8 id;	      /* I/O APIC ID */
	u32 address;  /* its MMIO registers (IOREGSEL, IOWIN) */
	u32 gsi_base; /* first Global System Interrupt it serves */
};

/* HPET table (IA-PC HPET Specification 1.0a, 3.2.4). */
struct acpi_hpet_info {
	u32 event_timer_block_id; /* the timer block's capabilities ID */
	u64 address;		  /* its MMIO registers */
	u8 hpet_number;		  /* HPET N in iomem */
	u16 min_tick;
};

/* MCFG (PCI Firmware Specification 3.0, 4.1.2): ECAM windows. */
struct acpi_mcfg_info {
	u64 address;  /* ECAM base: bus 0 of this segment */
	u16 segment;  /* PCI segment group */
	u8 start_bus; /* first bus it decodes */
	u8 end_bus;   /* last bus */
};

#endif
