/* kernel/acpi/madt_query.c - the MADT entries the APIC drivers need and
 * kernel/acpi/madt.c does not keep: Interrupt Source Overrides (type 2)
 * and Local APIC NMI (type 4), ACPI 6.5, 5.2.12.5 and 5.2.12.7.
 *
 * The MADT is a list of entries after a 44-byte fixed part, each opening
 * with a type byte and a length byte. This walk asks acpi_get_table() for
 * the table each time (it is a few hundred bytes) and stops, as madt.c's
 * does, at an entry whose length is under 2 or runs past the table: that
 * one was reported once at boot by madt.c.
 */
#include "kernel/acpi/madt_query.h"
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/parse.h"
#include "lib/string.h"

#define MADT_FLAGS 40
#define MADT_ENTRIES 44
#define MADT_PCAT_COMPAT BIT(0)
#define OVERRIDE_LEN 10
#define LAPIC_NMI_LEN 6
#define FADT_TMR_VAL_EXT BIT(8) /* FADT Flags (table 5.10) */

static u32
get32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u16
get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

/* The @index-th entry of type @type with at least @min bytes, or NULL. */
static const u8 *
find_entry(u8 type, u8 min, int index)
{
	const struct acpi_table_header *h = acpi_get_table("APIC", 0);
	const u8 *t = (const u8 *)h;
	u32 len, off;

	if (!h || h->length < MADT_ENTRIES)
		return NULL;
	len = h->length;
	for (off = MADT_ENTRIES; off + 2 <= len; off += t[off + 1]) {
		const u8 *e = t + off;
		if (e[1] < 2 || off + e[1] > len)
			return NULL;
		if (e[0] == type && e[1] >= min && index-- == 0)
			return e;
	}
	return NULL;
}

bool
acpi_madt_override(int index, struct acpi_madt_override *out)
{
	const u8 *e = find_entry(ACPI_MADT_TYPE_INTERRUPT_OVERRIDE,
				 OVERRIDE_LEN, index);

	if (!e)
		return false;
	out->bus = e[2];
	out->source_irq = e[3];
	out->gsi = get32(e + 4);
	out->flags = get16(e + 8);
	return true;
}

bool
acpi_madt_lapic_nmi(u8 acpi_id, u8 *lint, u16 *flags)
{
	const u8 *e;

	for (int i = 0;
	     (e = find_entry(ACPI_MADT_TYPE_LOCAL_APIC_NMI, LAPIC_NMI_LEN, i));
	     i++)
		if (e[2] == acpi_id || e[2] == 0xff) {
			*flags = get16(e + 3);
			*lint = e[5];
			return true;
		}
	return false;
}

bool
acpi_madt_pcat_compat(void)
{
	const struct acpi_table_header *h = acpi_get_table("APIC", 0);

	return h && h->length >= MADT_ENTRIES &&
	       (get32((const u8 *)h + MADT_FLAGS) & MADT_PCAT_COMPAT);
}

bool
acpi_pm_timer_32bit(void)
{
	const struct acpi_fadt_info *f = acpi_fadt_info();

	return f && (f->flags & FADT_TMR_VAL_EXT);
}
