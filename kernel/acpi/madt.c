/* kernel/acpi/madt.c - the Multiple APIC Description Table ("APIC").
 *
 * ACPI 6.5, 5.2.12. After the header: the 32-bit physical address of every
 * processor's Local APIC (offset 36), flags (PCAT_COMPAT: 8259s are there
 * too), then a list of variable-length entries, each opening with a type
 * byte and a length byte (table 5.21):
 *
 *   0 Processor Local APIC        ACPI processor UID, APIC ID, flags
 *   1 I/O APIC                    I/O APIC ID, address, GSI base
 *   2 Interrupt Source Override   ISA IRQ -> Global System Interrupt, flags
 *   3 NMI Source                  a GSI wired to NMI
 *   4 Local APIC NMI              which LINTn of which processor is NMI
 *   5 Local APIC Address Override a 64-bit Local APIC address
 *
 * The MPS INTI flags of entries 2-4 (table 5.26): polarity in bits 0-1,
 * trigger mode in bits 2-3, 0 meaning "conforms to the bus" (Linux: dfl).
 * A length under 2 or running past the table would make a walker loop or
 * read beyond it: the walk stops there, with one line.
 */
#include "kernel/acpi/parse.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MADT_LAPIC_ADDRESS 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44
#define MADT_PCAT_COMPAT BIT(0)

/* Sizes of the entries this file decodes (tables 5.22-5.29). */
static const u8 entry_min[] = {
	[ACPI_MADT_TYPE_LOCAL_APIC] = 8,
	[ACPI_MADT_TYPE_IO_APIC] = 12,
	[ACPI_MADT_TYPE_INTERRUPT_OVERRIDE] = 10,
	[ACPI_MADT_TYPE_NMI_SOURCE] = 8,
	[ACPI_MADT_TYPE_LOCAL_APIC_NMI] = 6,
	[ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE] = 12,
};

#define MPS_INTI_POLARITY_MASK 0x3
#define MPS_INTI_TRIGGER_SHIFT 2
#define MPS_INTI_TRIGGER_MASK 0x3
#define LAPIC_FLAG_ENABLED BIT(0)

/* Linux's mps_inti_flags_polarity / _trigger. */
static const char *const polarity[] = {"dfl", "high", "res", "low"};
static const char *const trigger[] = {"dfl", "edge", "res", "level"};

static u32
get32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u16
get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

/* The next entry at @off, or NULL at the end or at a malformed entry
 * (printed once, when @report). */
static const u8 *
next_entry(const u8 *t, u32 len, u32 off, bool report)
{
	const u8 *e = t + off;

	if (off >= len)
		return NULL;
	if (off + 2 > len || off + e[1] > len) {
		if (report)
			printk("ACPI: MADT entry at offset 0x%x (type %u, "
			       "length %u) runs past the table's %u bytes: "
			       "the rest is ignored\n",
			       off, e[0], off + 2 > len ? 0 : e[1], len);
		return NULL;
	}
	if (e[1] < 2) {
		if (report)
			printk("ACPI: MADT entry at offset 0x%x (type %u) has "
			       "length %u, under the 2 of its own header: the "
			       "rest is ignored\n",
			       off, e[0], e[1]);
		return NULL;
	}
	if (e[0] < ARRAY_SIZE(entry_min) && e[1] < entry_min[e[0]]) {
		if (report)
			printk("ACPI: MADT entry at offset 0x%x (type %u) is "
			       "%u "
			       "bytes, needs %u: the rest is ignored\n",
			       off, e[0], e[1], entry_min[e[0]]);
		return NULL;
	}
	return e;
}

int
acpi_madt_parse(const u8 *t, u32 len, struct acpi_madt_info *m)
{
	const u8 *e;

	memset(m, 0, sizeof(*m));
	if (len < MADT_ENTRIES) {
		printk("ACPI: MADT is %u bytes, shorter than its fixed %u\n",
		       len, MADT_ENTRIES);
		return -EINVAL;
	}
	m->lapic_address32 = get32(t + MADT_LAPIC_ADDRESS);
	m->lapic_address = m->lapic_address32;
	m->flags = get32(t + MADT_FLAGS);
	for (u32 off = MADT_ENTRIES; (e = next_entry(t, len, off, true));
	     off += e[1]) {
		m->nr_entries++;
		switch (e[0]) {
		case ACPI_MADT_TYPE_LOCAL_APIC:
			m->nr_lapic++;
			break;
		case ACPI_MADT_TYPE_IO_APIC:
			if (m->nr_ioapic < ACPI_MADT_MAX_IOAPICS) {
				struct acpi_ioapic_info *io =
					&m->ioapic[m->nr_ioapic++];
				io->id = e[2];
				io->address = get32(e + 4);
				io->gsi_base = get32(e + 8);
			}
			break;
		case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
			m->lapic_address = get32(e + 4) | (u64)get32(e + 8)
								  << 32;
			break;
		}
	}
	return 0;
}

static void
print_entry(const u8 *e)
{
	u16 fl;

	switch (e[0]) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		printk("ACPI: LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n",
		       e[2], e[3],
		       get32(e + 4) & LAPIC_FLAG_ENABLED ? "enabled"
							 : "disabled");
		break;
	case ACPI_MADT_TYPE_IO_APIC:
		printk("ACPI: IOAPIC (id[0x%02x] address[0x%08x] "
		       "gsi_base[%u])\n",
		       e[2], get32(e + 4), get32(e + 8));
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		fl = get16(e + 8);
		printk("ACPI: INT_SRC_OVR (bus %u bus_irq %u global_irq %u %s "
		       "%s)\n",
		       e[2], e[3], get32(e + 4),
		       polarity[fl & MPS_INTI_POLARITY_MASK],
		       trigger[(fl >> MPS_INTI_TRIGGER_SHIFT) &
			       MPS_INTI_TRIGGER_MASK]);
		break;
	case ACPI_MADT_TYPE_NMI_SOURCE:
		fl = get16(e + 2);
		printk("ACPI: NMI_SRC (%s %s global_irq %u)\n",
		       polarity[fl & MPS_INTI_POLARITY_MASK],
		       trigger[(fl >> MPS_INTI_TRIGGER_SHIFT) &
			       MPS_INTI_TRIGGER_MASK],
		       get32(e + 4));
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		fl = get16(e + 3);
		printk("ACPI: LAPIC_NMI (acpi_id[0x%02x] %s %s lint[0x%x])\n",
		       e[2], polarity[fl & MPS_INTI_POLARITY_MASK],
		       trigger[(fl >> MPS_INTI_TRIGGER_SHIFT) &
			       MPS_INTI_TRIGGER_MASK],
		       e[5]);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		printk("ACPI: LAPIC_ADDR_OVR (address[0x%llx])\n",
		       (unsigned long long)get32(e + 4) |
			       (unsigned long long)get32(e + 8) << 32);
		break;
	default:
		printk("ACPI: MADT entry type %u, %u bytes (not decoded)\n",
		       e[0], e[1]);
	}
}

int
acpi_madt_print(const u8 *t, u32 len, int type, bool verbose)
{
	const u8 *e;
	int n = 0;

	if (len < MADT_ENTRIES)
		return 0;
	if (!verbose && (type == ACPI_MADT_TYPE_LOCAL_APIC ||
			 type == ACPI_MADT_TYPE_IO_APIC))
		return 0; /* pr_debug in Linux */
	for (u32 off = MADT_ENTRIES; (e = next_entry(t, len, off, false));
	     off += e[1])
		if (type < 0 || e[0] == type) {
			print_entry(e);
			n++;
		}
	return n;
}
