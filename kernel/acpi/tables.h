/* kernel/acpi/tables.h - the table finder's pieces that need no kernel.
 *
 * The RSDP search, the RSDT/XSDT walk, the checksums and the list in
 * Linux's format work on bytes handed to them: where the bytes come from
 * (memremap in the kernel, a captured file on the host) is a function the
 * caller passes. So tests/host/test_acpi_tables.c runs the same code on the
 * tables QEMU built, and on corrupted copies of them.
 */
#ifndef KERNEL_ACPI_TABLES_H
#define KERNEL_ACPI_TABLES_H

#include "kernel/acpi/actbl.h"
#include "lib/types.h"

/* 5.2.5.3 "Root System Description Pointer (RSDP) Structure". */
#define ACPI_RSDP_SIG "RSD PTR "
#define ACPI_RSDP_SIG_SIZE 8
#define ACPI_RSDP_CHECKSUM_LENGTH 20 /* the ACPI 1.0 part */
#define ACPI_RSDP_XCHECKSUM_LENGTH 36
#define ACPI_RSDP_ALIGN 16 /* on a 16-byte boundary (5.2.5.1) */

struct acpi_table_rsdp {
	char signature[ACPI_RSDP_SIG_SIZE]; /* "RSD PTR " */
	u8 checksum;			    /* of the first 20 bytes */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision; /* 0: ACPI 1.0, 2: ACPI 2.0 and later */
	u32 rsdt_physical_address;
	u32 length;		   /* (revision 2+) of the whole structure */
	u64 xsdt_physical_address; /* (revision 2+) */
	u8 extended_checksum;	   /* (revision 2+) of all of it */
	u8 reserved[3];
} __packed;

/* Table signatures (5.2.6, table 5.5). */
#define ACPI_SIG_RSDP "RSDP"
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_DSDT "DSDT"
#define ACPI_SIG_FACS "FACS"
#define ACPI_SIG_MADT "APIC"
#define ACPI_SIG_HPET "HPET"
#define ACPI_SIG_MCFG "MCFG"
#define ACPI_SIG_SSDT "SSDT"

/* 5.2.10 FACS: no standard header, only a signature and a length. */
#define ACPI_FACS_MIN_LENGTH 8

/* FADT fields the walk follows to the DSDT and FACS (table 5.9). */
#define ACPI_FADT_FIRMWARE_CTRL 36
#define ACPI_FADT_DSDT 40
#define ACPI_FADT_X_FIRMWARE_CTRL 132
#define ACPI_FADT_X_DSDT 140

#define ACPI_MAX_TABLES 32

/* One table in the list: where it is, how long, its mapping. */
struct acpi_table_desc {
	char signature[ACPI_NAMESEG_SIZE + 1];
	u64 address;	/* physical */
	u32 length;	/* from its header (or the RSDP's own rule) */
	const u8 *data; /* mapped, @length bytes; NULL if it could not be */
	bool checksum_ok;
};

struct acpi_tables {
	int count;
	struct acpi_table_desc t[ACPI_MAX_TABLES]; /* t[0] is the RSDP */
};

/* The way to reach physical memory: @len bytes at @phys, or NULL when
 * nothing is there. The mapping stays valid while the tables are used. */
typedef const void *(*acpi_map_fn)(u64 phys, u32 len);

/* acpi_checksum - the sum of @len bytes at @p, mod 256 (0 when valid). */
u8 acpi_checksum(const void *p, u32 len);

/* acpi_rsdp_valid - true when @p (@avail bytes readable) holds an RSDP:
 * signature, 20-byte checksum and, for revision 2+, a sane length and the
 * extended checksum. */
bool acpi_rsdp_valid(const u8 *p, u32 avail);

/* acpi_scan_rsdp - search @len bytes at @area on 16-byte boundaries for a
 * valid RSDP. Returns its offset, or -ENOENT. */
int acpi_scan_rsdp(const u8 *area, u32 len);

/* acpi_tables_load - read the RSDP at @rsdp_phys, then the XSDT (or RSDT),
 * every table it lists, and the DSDT and FACS the FADT names, into @tt in
 * the order Linux lists them. Bad checksums are printed (one line each) and
 * the table kept; an entry pointing at nothing, or a length running past
 * what can be mapped, is printed and skipped. Returns the number of tables
 * (the RSDP included), or -EINVAL when the RSDP or the root table cannot be
 * read at all. */
int acpi_tables_load(struct acpi_tables *tt, u64 rsdp_phys, acpi_map_fn map);

/* acpi_format_table - @d's line as Linux prints it, without "ACPI: " and
 * without a newline: "RSDP 0x00000000000F59D0 000014 (v00 BOCHS )". */
int acpi_format_table(const struct acpi_table_desc *d, char *buf, size_t size);

/* acpi_tables_find - the @instance-th table with signature @sig in @tt, or
 * NULL. */
const struct acpi_table_desc *acpi_tables_find(const struct acpi_tables *tt,
					       const char *sig, int instance);

#endif
