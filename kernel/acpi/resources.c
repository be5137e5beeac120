/* kernel/acpi/resources.c - the ranges only the firmware can name, into
 * the resource tree, where and as Linux puts them.
 *
 * PCI BARs and the PC/AT's fixed ports explain most of ioports and iomem.
 * What is left is chipset hardware that no BAR describes and no legacy map
 * fixes; the ACPI tables are the only source for it:
 *
 *   FADT  the ACPI register blocks (PM1a_EVT, PM1a_CNT, PM_TMR, GPE0, ...):
 *         request_region, so each nests inside the chipset range that
 *         decodes it ("0000:00:01.3", the PIIX4 PM function's I/O), as
 *         drivers/acpi/osl.c's acpi_reserve_resources does;
 *   MADT  "IOAPIC N" (1 KiB of registers each) and "Local APIC" (a page),
 *         inserted as arch/x86/kernel/apic does;
 *   HPET  "HPET N": the timer block's 1 KiB (arch/x86/kernel/hpet.c);
 *   MCFG  "PCI MMCONFIG 0000 [bus 00-ff]": the ECAM window, inserted over
 *         the E820 "Reserved" range the firmware put around it, which then
 *         becomes its child (arch/x86/pci/mmconfig-shared.c).
 *
 * insert_resource puts a range above what it covers (so a late, equal
 * range becomes the parent); request_region descends into a parent that is
 * not busy. kernel/resource.c gives both.
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/parse.h"
#include "kernel/acpi/resources.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/vsprintf.h"

#define IOAPIC_SLOT_SIZE 1024 /* Linux's IO_APIC_SLOT_SIZE */
#define HPET_MMIO_SIZE 1024   /* the timer block's register space */
#define LAPIC_MMIO_SIZE 4096  /* one page of Local APIC registers */
#define MAX_IOAPICS 8
#define MAX_MCFG 4
#define ECAM_BUS_SHIFT 20 /* 1 MiB of config space per bus */
#define RES_NAME_LEN 32

static struct resource ioapic_res[MAX_IOAPICS];
static char ioapic_name[MAX_IOAPICS][RES_NAME_LEN];
static struct resource hpet_res, lapic_res;
static char hpet_name[RES_NAME_LEN];
static struct resource mcfg_res[MAX_MCFG];
static char mcfg_name[MAX_MCFG][RES_NAME_LEN];

/* Linux requests the PM timer only when it is the 4 bytes the spec
 * wants, and a GPE block only when its length is even (osl.c). */
static bool
linux_requests(enum acpi_fadt_block b, const struct acpi_block *k)
{
	if (b == ACPI_PM_TMR_BLK)
		return k->length == 4;
	if (b == ACPI_GPE0_BLK || b == ACPI_GPE1_BLK)
		return !(k->length & 1);
	return true;
}

static void
reserve_fadt_blocks(void)
{
	for (int b = 0; b < ACPI_FADT_NR_BLOCKS; b++) {
		struct acpi_block k;
		struct resource *parent = &ioport_resource;

		if (!acpi_fadt_block(b, &k) || !linux_requests(b, &k))
			continue;
		if (k.space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY)
			parent = &iomem_resource;
		else if (k.space_id != ACPI_ADR_SPACE_SYSTEM_IO)
			continue; /* PCI config or other: not in either tree */
		/* A conflict is printed by __request_region, in one line. */
		__request_region(parent, k.address, k.length,
				 acpi_fadt_block_name(b), 0);
	}
}

static void
insert_mem(struct resource *r, const char *name, u64 start, u64 size)
{
	r->name = name;
	r->start = start;
	r->end = start + size - 1;
	r->flags = IORESOURCE_MEM | IORESOURCE_BUSY;
	insert_resource(&iomem_resource, r); /* prints a conflict itself */
}

static void
reserve_apics_and_hpet(void)
{
	struct acpi_ioapic_info io;
	struct acpi_hpet_info h;
	u64 lapic;

	for (int i = 0; i < MAX_IOAPICS && acpi_madt_ioapic(i, &io); i++) {
		snprintf(ioapic_name[i], RES_NAME_LEN, "IOAPIC %d", i);
		insert_mem(&ioapic_res[i], ioapic_name[i], io.address,
			   IOAPIC_SLOT_SIZE);
	}
	if (acpi_hpet(&h)) {
		snprintf(hpet_name, RES_NAME_LEN, "HPET %u", h.hpet_number);
		insert_mem(&hpet_res, hpet_name, h.address, HPET_MMIO_SIZE);
	}
	lapic = acpi_madt_lapic_address();
	if (lapic)
		insert_mem(&lapic_res, "Local APIC", lapic, LAPIC_MMIO_SIZE);
}

static void
reserve_mmconfig(void)
{
	struct acpi_mcfg_info m;

	for (int i = 0; i < MAX_MCFG && acpi_mcfg_entry(i, &m); i++) {
		u64 size = (u64)(m.end_bus - m.start_bus + 1) << ECAM_BUS_SHIFT;
		snprintf(mcfg_name[i], RES_NAME_LEN,
			 "PCI MMCONFIG %04x [bus %02x-%02x]", m.segment,
			 m.start_bus, m.end_bus);
		insert_mem(&mcfg_res[i], mcfg_name[i],
			   m.address + ((u64)m.start_bus << ECAM_BUS_SHIFT),
			   size);
	}
}

void
acpi_reserve_resources(void)
{
	if (!acpi_available())
		return;
	/* Linux's order: the DSDT's devices (acpi scan, pnp system), then
	 * the FADT's blocks (fs_initcall_sync), then the late inserts of the
	 * APICs, HPET and MMCONFIG. */
	acpi_reserve_namespace();
	reserve_fadt_blocks();
	reserve_apics_and_hpet();
	reserve_mmconfig();
}
