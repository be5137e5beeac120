/* kernel/tests/acpi.c - in-kernel tests of the ACPI table code as booted:
 * the live tables are listed and consistent with each other, and the
 * kernel's own parser survives corrupted copies of them made in memory
 * (tests/host/test_acpi_tables.c does the same on the host, with ASan).
 *
 * The copies live in kmalloc memory at made-up "physical" addresses that a
 * test map function resolves, so acpi_tables_load follows the same pointers
 * it follows at boot, through a fake RSDP and RSDT.
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/parse.h"
#include "kernel/acpi/tables.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Made-up "physical" addresses above 4 GiB, where no real table is. */
#define FAKE_RSDP 0x1000000000ull
#define FAKE_XSDT 0x1000001000ull
#define FAKE_MADT 0x1000002000ull
#define FAKE_NOTHING 0x1000003000ull

static u8 fake_rsdp[36];
static u8 fake_xsdt[36 + 2 * 8];
static u8 *fake_madt;
static u32 fake_madt_len;

static const void *
fake_map(u64 phys, u32 len)
{
	if (phys == FAKE_RSDP && len <= sizeof(fake_rsdp))
		return fake_rsdp;
	if (phys == FAKE_XSDT && len <= sizeof(fake_xsdt))
		return fake_xsdt;
	if (phys == FAKE_MADT && len <= fake_madt_len)
		return fake_madt;
	return NULL; /* FAKE_NOTHING and everything else */
}

static void
put32(u8 *p, u32 v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

static void
put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

/* RSDP (revision 2) -> XSDT -> {a copy of the live MADT, nothing}. */
static bool
build_fakes(void)
{
	const struct acpi_table_header *madt = acpi_get_table("APIC", 0);

	if (!madt)
		return false;
	fake_madt_len = madt->length;
	fake_madt = kmalloc(fake_madt_len);
	if (!fake_madt)
		return false;
	memcpy(fake_madt, madt, fake_madt_len);

	memset(fake_xsdt, 0, sizeof(fake_xsdt));
	memcpy(fake_xsdt, "XSDT", 4);
	put32(fake_xsdt + 4, sizeof(fake_xsdt));
	fake_xsdt[8] = 1;
	put64(fake_xsdt + 36, FAKE_MADT);
	put64(fake_xsdt + 44, FAKE_NOTHING);
	fake_xsdt[9] = (u8)(0 - acpi_checksum(fake_xsdt, sizeof(fake_xsdt)));

	memset(fake_rsdp, 0, sizeof(fake_rsdp));
	memcpy(fake_rsdp, "RSD PTR ", 8);
	memcpy(fake_rsdp + 9, "KTEST ", 6);
	fake_rsdp[15] = 2;
	put32(fake_rsdp + 20, sizeof(fake_rsdp));
	put64(fake_rsdp + 24, FAKE_XSDT);
	fake_rsdp[8] = (u8)(0 - acpi_checksum(fake_rsdp, 20));
	fake_rsdp[32] = (u8)(0 - acpi_checksum(fake_rsdp, sizeof(fake_rsdp)));
	return true;
}

KTEST(acpi, live_tables_listed)
{
	const struct acpi_table_header *fadt, *madt;

	if (!acpi_available()) {
		KT_SKIP(kt, "no ACPI on this machine");
		return;
	}
	fadt = acpi_get_table("FACP", 0);
	madt = acpi_get_table("APIC", 0);
	KT_EXPECT(kt, fadt && !memcmp(fadt->signature, "FACP", 4));
	KT_EXPECT(kt, madt && madt->length >= 44);
	KT_EXPECT(kt, acpi_get_table("DSDT", 0) != NULL);
	KT_EXPECT(kt, acpi_get_table("NONE", 0) == NULL);
	KT_EXPECT(kt, acpi_get_table("APIC", 1) == NULL);
	/* The tables were mapped cached and stay readable. */
	KT_EXPECT_EQ(kt, acpi_checksum(madt, madt->length), 0);
}

KTEST(acpi, resources_match_tables)
{
	struct acpi_block b;
	struct acpi_ioapic_info io;
	struct resource *r;

	if (!acpi_available()) {
		KT_SKIP(kt, "no ACPI on this machine");
		return;
	}
	/* The PM timer block the FADT names is claimed under its name. */
	if (acpi_fadt_block(ACPI_PM_TMR_BLK, &b) &&
	    b.space_id == ACPI_ADR_SPACE_SYSTEM_IO) {
		r = resource_lookup(&ioport_resource, b.address);
		KT_EXPECT(kt, r && r->name && !strcmp(r->name, "ACPI PM_TMR"));
	}
	if (acpi_madt_ioapic(0, &io)) {
		r = resource_lookup(&iomem_resource, io.address);
		KT_EXPECT(kt, r && r->name && !strncmp(r->name, "IOAPIC ", 7));
	}
}

KTEST(acpi, corrupted_copies_survived)
{
	struct acpi_tables *tt;
	struct acpi_madt_info m;
	const struct acpi_table_desc *d;

	if (!acpi_available() || !build_fakes()) {
		KT_SKIP(kt, "no ACPI MADT on this machine");
		return;
	}
	tt = kzalloc(sizeof(*tt));
	if (!KT_EXPECT(kt, tt != NULL))
		return;
	/* The good copy: RSDP, XSDT, APIC; the dangling entry skipped. */
	KT_EXPECT_EQ(kt, acpi_tables_load(tt, FAKE_RSDP, fake_map), 3);
	d = acpi_tables_find(tt, "APIC", 0);
	KT_EXPECT(kt, d && d->checksum_ok && d->data == fake_madt);

	/* A damaged byte: the table is still used, marked bad. */
	fake_madt[40] ^= 0x55;
	KT_EXPECT_EQ(kt, acpi_tables_load(tt, FAKE_RSDP, fake_map), 3);
	d = acpi_tables_find(tt, "APIC", 0);
	KT_EXPECT(kt, d && !d->checksum_ok);
	fake_madt[40] ^= 0x55;

	/* The MADT's first entry of length 0, then past the end. */
	fake_madt[44 + 1] = 0;
	KT_EXPECT(kt, acpi_madt_parse(fake_madt, fake_madt_len, &m) == 0);
	KT_EXPECT_EQ(kt, m.nr_entries, 0);
	fake_madt[44 + 1] = 0xff;
	KT_EXPECT(kt, acpi_madt_parse(fake_madt, fake_madt_len, &m) == 0);
	KT_EXPECT_EQ(kt, m.nr_entries, 0);
	KT_EXPECT(kt, acpi_madt_parse(fake_madt, 43, &m) == -EINVAL);

	/* The XSDT's length runs past its memory: no tables. */
	put32(fake_xsdt + 4, 4096);
	KT_EXPECT_EQ(kt, acpi_tables_load(tt, FAKE_RSDP, fake_map), -EINVAL);

	/* The RSDP's extended checksum broken: refused. */
	fake_rsdp[32] ^= 1;
	KT_EXPECT_EQ(kt, acpi_tables_load(tt, FAKE_RSDP, fake_map), -EINVAL);
	kfree(fake_madt);
	kfree(tt);
}
