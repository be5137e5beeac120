/* kernel/acpi/aml.h - the ACPI namespace of devices, read from the DSDT and
 * SSDTs without an AML interpreter.
 *
 * The DSDT is a program in AML (ACPI Machine Language, ACPI 6.5 chapter 20)
 * that, when run, declares a tree of named objects: Scope(\_SB) { Device(PCI0)
 * { Name(_HID, EisaId("PNP0A03")) Name(_CRS, ResourceTemplate() {...}) } }.
 * Most of what a PC's firmware says about its motherboard devices is such a
 * declaration with a constant value, so porthole walks the declarations
 * (kernel/acpi/aml.c) and decodes the constant resource templates
 * (kernel/acpi/rsrc.c) without running any method. What a Method computes is
 * reported as "computed by AML", never guessed.
 *
 * Paths are written as ACPICA prints them: four-character segments padded
 * with '_' and joined by '.', from the root: "\_SB_.PCI0.ISA_.RTC_".
 * IDs are strings: an EISA ID integer is decoded to its "PNP0A03" form.
 *
 * Nothing here takes a lock: the namespace is built once at boot (thread
 * context) and only read afterwards. No function may run in an interrupt
 * unless it says so.
 */
#ifndef KERNEL_ACPI_AML_H
#define KERNEL_ACPI_AML_H

#include "lib/types.h"

/* --- resources decoded from a _CRS resource template (ACPI 6.5 6.4) --- */

enum acpi_rsrc_type {
	ACPI_RSRC_IO,  /* I/O ports start..end */
	ACPI_RSRC_MEM, /* physical memory start..end */
	ACPI_RSRC_BUS, /* PCI bus numbers start..end */
	ACPI_RSRC_IRQ, /* one interrupt line: start (== end) */
	ACPI_RSRC_DMA, /* one ISA DMA channel: start (== end) */
};

/* Bits of struct acpi_rsrc.flags. */
#define ACPI_RSRC_WINDOW                                                       \
	0x01			  /* address space the device produces for     \
				   * its children (a bridge window) */
#define ACPI_RSRC_DISABLED 0x02	  /* zero length / no IRQ given */
#define ACPI_RSRC_LEVEL 0x04	  /* IRQ: level-triggered (else edge) */
#define ACPI_RSRC_ACTIVE_LOW 0x08 /* IRQ: active low (else high) */
#define ACPI_RSRC_SHARED 0x10	  /* IRQ: shareable */
#define ACPI_RSRC_PREFETCH 0x20	  /* memory: prefetchable / cacheable */
#define ACPI_RSRC_READONLY 0x40	  /* memory: not writeable */

struct acpi_rsrc {
	u8 type;	 /* enum acpi_rsrc_type */
	u8 flags;	 /* ACPI_RSRC_* */
	u8 descriptor;	 /* the item's tag: small-item name << 3 (0x47 IO,
			  * 0x4b fixed IO, 0x22 IRQ, 0x2a DMA) or the large
			  * item byte (0x86 Memory32Fixed, 0x88 Word, 0x87
			  * DWord, 0x8a QWord, 0x89 extended IRQ) */
	u64 start, end;	 /* inclusive; IRQ/DMA: the number twice. For an
			  * address space: the range the CPU sees (minimum
			  * + translation .. + length - 1) */
	u64 translation; /* address spaces: CPU address - bus address */
};

/* acpi_rsrc_decode - decode the resource template @buf[0..@len) (the
 * contents of a _CRS Buffer) into at most @max entries of @out.
 * Stops at the End Tag. Returns the number of entries written (an IRQ
 * descriptor with three IRQs gives three), or -EINVAL when a descriptor
 * runs past @len, is shorter than its type requires, or the End Tag is
 * missing; -ENOSPC when @max is too small. Prints nothing. Host-buildable. */
int acpi_rsrc_decode(const u8 *buf, u32 len, struct acpi_rsrc *out, int max);

/* acpi_rsrc_format - one line for @r (no newline), as `acpi ns` prints it:
 * "IO 0x0070-0x0077", "IRQ 8 edge high", "Memory 0xfed00000-0xfed003ff",
 * "window IO 0x0000-0x0cf7". Returns the length snprintf would. */
int acpi_rsrc_format(char *buf, size_t size, const struct acpi_rsrc *r);

/* --- the namespace --- */

#define ACPI_PATH_MAX 80      /* "\_SB_.PCI0.S08_.XXXX" and deeper */
#define ACPI_ID_MAX 24	      /* "PNP0A03", "QEMU0002", "ACPI0010" ... */
#define ACPI_CID_MAX 4	      /* compatible IDs kept per device */
#define ACPI_NS_MAX_NODES 256 /* devices and scopes, all tables */
#define ACPI_NS_MAX_RSRC 768  /* decoded _CRS entries, all devices */

/* How a device's _HID/_UID/_STA/_CRS is known. */
enum acpi_value_kind {
	ACPI_VALUE_NONE,     /* not declared */
	ACPI_VALUE_STATIC,   /* a Name() with a constant: decoded */
	ACPI_VALUE_COMPUTED, /* a Method: computed by AML, not evaluated */
	ACPI_VALUE_BAD,	     /* declared, but the value could not be decoded
			      * (a malformed resource template, an odd type) */
};

/* Declared object types of namespace nodes porthole keeps. */
enum acpi_node_kind {
	ACPI_NODE_DEVICE,
	ACPI_NODE_PROCESSOR,
	ACPI_NODE_THERMAL,
	ACPI_NODE_POWER,
	ACPI_NODE_SCOPE, /* a plain scope (\_SB_, \_GPE): never returned by
			  * the device iterators, kept for the tree order */
};

/* _STA bits (ACPI 6.5 6.3.7). Without a _STA the device is 0x0f. */
#define ACPI_STA_PRESENT 0x01
#define ACPI_STA_ENABLED 0x02
#define ACPI_STA_SHOWN 0x04
#define ACPI_STA_FUNCTIONING 0x08
#define ACPI_STA_DEFAULT 0x0f

struct acpi_ns_device {
	char path[ACPI_PATH_MAX]; /* "\_SB_.PCI0.ISA_.RTC_" */
	u8 kind;		  /* enum acpi_node_kind */
	u8 depth; /* how many devices enclose it (0 for \_SB_.PCI0) */
	struct acpi_ns_device *parent; /* nearest enclosing device, or NULL */
	struct acpi_ns_device *scope;  /* namespace parent (device or scope) */
	struct acpi_ns_device *child,
		*sibling; /* children in order of
			   * creation, as ACPICA links them */

	u8 hid_kind; /* enum acpi_value_kind */
	char hid[ACPI_ID_MAX];
	u8 ncid;
	u8 cid_kind;
	char cid[ACPI_CID_MAX][ACPI_ID_MAX];
	u8 uid_kind;
	char uid[ACPI_ID_MAX]; /* an integer _UID in decimal, as Linux */
	u8 adr_kind;
	u64 adr; /* _ADR (PCI: device << 16 | function) */

	u8 sta_kind;
	u32 sta; /* static _STA, or ACPI_STA_DEFAULT when there is none */

	u8 crs_kind;
	int ncrs;
	const struct acpi_rsrc *crs; /* ncrs entries, in template order */

	char table[5]; /* signature of the table that declared it */
	u32 offset;    /* byte offset of the declaration in that table */
};

/* aml_load_table - walk the declarations of one definition block (DSDT or
 * SSDT, @len bytes from @table, header included) into the namespace.
 * A Scope() in a later table adds to devices declared earlier. A malformed
 * length or an unknown opcode stops the walk of the enclosing scope with
 * one line naming the table and offset; the walk continues after that scope
 * where its length is known, and nothing outside @table is read.
 * Returns 0, -EINVAL when @table is not a definition block (short, length
 * field wrong), -EIO when at least one scope was cut short (the rest is
 * kept), -ENOSPC when the device table is full. Host-buildable. */
int aml_load_table(const void *table, u32 len);

/* aml_ns_reset - forget every device and \_S5 (host tests; before a
 * reload). */
void aml_ns_reset(void);

/* acpi_ns_init - build the namespace from the DSDT (through the FADT) and
 * every SSDT that acpi_get_table() finds; prints one summary line
 * ("ACPI: namespace: 42 devices from DSDT, 0 SSDTs"). Call once, after the
 * table finder, from thread context. Returns 0, -ENODEV without ACPI or a
 * DSDT, or the first error of aml_load_table() (the namespace keeps what
 * was read). */
int acpi_ns_init(void);

/* acpi_ns_count - how many devices the namespace holds. */
int acpi_ns_count(void);

/* acpi_ns_device - the @i-th device in declaration order (depth first, as
 * ACPICA's namespace walk and so Linux's device scan see them), or NULL. */
const struct acpi_ns_device *acpi_ns_device(int i);

/* acpi_ns_for_each_device - call @fn(@dev, @arg) for each device in
 * declaration order; stops early and returns @fn's value when it is
 * non-zero, else returns 0. */
int acpi_ns_for_each_device(int (*fn)(const struct acpi_ns_device *dev,
				      void *arg),
			    void *arg);

/* acpi_ns_find_hid - the @instance-th (from 0) device whose static _HID or
 * one of whose _CIDs is @id ("PNP0A03"; case-insensitive in the hex
 * digits), or NULL. */
const struct acpi_ns_device *acpi_ns_find_hid(const char *id, int instance);

/* acpi_dev_has_id - whether @id is @dev's static _HID or one of its _CIDs
 * (case-insensitive: "PNP0b00" is "PNP0B00"). */
bool acpi_dev_has_id(const struct acpi_ns_device *dev, const char *id);

/* acpi_ns_find_path - the device at absolute @path ("\_SB_.PCI0"), or NULL. */
const struct acpi_ns_device *acpi_ns_find_path(const char *path);

/* acpi_dev_present - whether @dev is present: its static _STA has bit 0, or
 * it has no _STA. A computed _STA gives false and sets *@unknown (may be
 * NULL) so the caller can say so. */
bool acpi_dev_present(const struct acpi_ns_device *dev, bool *unknown);

/* aml_get_s5 - SLP_TYPa and SLP_TYPb from the \_S5 package (ACPI 6.5
 * 7.4.2.5). Returns 0, or -ENODEV when the tables declare no static \_S5. */
int aml_get_s5(u8 *typa, u8 *typb);

/* acpi_ns_show - print the device tree (`acpi ns`): one line per device,
 * indented by depth, with path, _HID (_CID), _UID, _STA, then one line per
 * _CRS resource, or "computed by AML". Thread context. */
void acpi_ns_show(void);

/* --- PNP devices, numbered as Linux's pnpacpi numbers them --- */

/* pnp_acpi_count - how many ACPI devices Linux would put on the PNP bus:
 * those with an ID in Linux's acpi_pnp list (or a CMOS RTC), a _CRS and a
 * present _STA, in namespace order; device N is "00:NN". */
int pnp_acpi_count(void);

/* pnp_acpi_device - PNP device @n ("00:@n"), or NULL. */
const struct acpi_ns_device *pnp_acpi_device(int n);

/* pnp_acpi_id - the ID Linux shows for @dev in /sys/bus/pnp (its _HID, or
 * the first PNP-style _CID, with the hex digits in lower case: "PNP0b00")
 * into @buf. Returns @buf. */
char *pnp_acpi_id(const struct acpi_ns_device *dev, char *buf, size_t size);

/* pnp_acpi_show - print the PNP devices as Linux's
 * /sys/bus/pnp/devices/NN/{id,resources} read: "00:05 PNP0b00", "state =
 * active", "io 0x70-0x77", "irq 8". Thread context. */
void pnp_acpi_show(void);

#endif
