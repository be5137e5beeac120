/* kernel/acpi/aml_ktest.c - in-kernel tests of the AML reader: it is handed
 * corrupted copies, in the kernel's own heap, of the DSDT the firmware
 * gave this machine, and must stop where the damage is, say so, keep what
 * comes before, and leave the real namespace rebuilt afterwards. */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/aml.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "lib/errno.h"
#include "lib/string.h"

static void
rebuild(struct ktest_ctx *kt, int devices)
{
	acpi_ns_init();
	KT_EXPECT_EQ(kt, acpi_ns_count(), devices);
}

KTEST(aml, corrupted_copies_of_the_firmware_dsdt)
{
	const struct acpi_table_header *dsdt = acpi_get_table("DSDT", 0);

	if (!dsdt) {
		KT_SKIP(kt, "no DSDT on this machine");
		return;
	}
	u32 len = dsdt->length;
	int devices = acpi_ns_count();
	u8 *copy = kmalloc(len);
	if (!KT_EXPECT(kt, copy != NULL))
		return;

	/* Cut in half, the header still claiming all of it. */
	memcpy(copy, dsdt, len);
	aml_ns_reset();
	KT_EXPECT_EQ(kt, aml_load_table(copy, len / 2), -EIO);
	KT_EXPECT(kt, acpi_ns_count() > 0 && acpi_ns_count() < devices);

	/* Every byte of the body turned into an unknown opcode (0xee): the
	 * walk stops at once, with nothing read. */
	memset(copy + ACPI_TABLE_HEADER_SIZE, 0xee,
	       len - ACPI_TABLE_HEADER_SIZE);
	aml_ns_reset();
	KT_EXPECT_EQ(kt, aml_load_table(copy, len), -EIO);
	KT_EXPECT_EQ(kt, acpi_ns_count(), 0);

	/* A length field shorter than the header itself. */
	memcpy(copy, dsdt, len);
	((struct acpi_table_header *)copy)->length = 12;
	aml_ns_reset();
	KT_EXPECT_EQ(kt, aml_load_table(copy, len), -EINVAL);

	/* The intact copy reads like the original. */
	memcpy(copy, dsdt, len);
	aml_ns_reset();
	KT_EXPECT_EQ(kt, aml_load_table(copy, len), 0);
	KT_EXPECT_EQ(kt, acpi_ns_count(), devices);
	kfree(copy);
	rebuild(kt, devices);
}
