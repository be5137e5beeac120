/* drivers/ata_ktest.c - in-kernel tests of the ATA driver on whatever
 * drives the machine has (`ktest=ata`; tests/scenario/test_ata.py boots
 * them with a disk). Tests that need a disk skip without one. */
#include "drivers/ata.h"
#include "kernel/ktest.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/string.h"

#define KT_SECTORS 129 /* odd, and more than one READ MULTIPLE block */

static u8 kt_buf[KT_SECTORS * ATA_SECTOR_SIZE];

static struct ata_drive *
first_disk(void)
{
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_usable(ata_drive_get(i)) == 0)
			return ata_drive_get(i);
	return NULL;
}

KTEST(ata, past_the_end_refused_before_any_command)
{
	struct ata_drive *d = first_disk();

	if (!d) {
		KT_SKIP(kt, "no ATA disk");
		return;
	}
	u64 n = d->id.sectors, before = ata_stats.commands;
	KT_EXPECT_EQ(kt, ata_read(d, n, 1, kt_buf, ATA_PIO_BEST), -ERANGE);
	KT_EXPECT_EQ(kt, ata_read(d, n - 1, 2, kt_buf, ATA_PIO_BEST), -ERANGE);
	KT_EXPECT_EQ(kt, ata_write(d, n, 1, kt_buf, ATA_PIO_BEST, 0), -ERANGE);
	KT_EXPECT_EQ(kt, ata_read(d, 0, 0, kt_buf, ATA_PIO_BEST), -EINVAL);
	KT_EXPECT_EQ(kt, ata_bare_read(d, n, 1, kt_buf, false), -ERANGE);
	KT_EXPECT_EQ(kt, ata_stats.commands, before);
}

KTEST(ata, read_modes_agree)
{
	struct ata_drive *d = first_disk();
	u32 want;

	if (!d || d->id.sectors < 1000) {
		KT_SKIP(kt, "no ATA disk of 1000 sectors");
		return;
	}
	/* From an LBA that is not a multiple of anything. */
	KT_EXPECT_EQ(kt, ata_read(d, 333, KT_SECTORS, kt_buf, ATA_PIO_SECTORS),
		     0);
	want = crc32(0, kt_buf, sizeof(kt_buf));
	if (d->multiple) {
		KT_EXPECT_EQ(
			kt,
			ata_read(d, 333, KT_SECTORS, kt_buf, ATA_PIO_MULTIPLE),
			0);
		KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
		KT_EXPECT_EQ(
			kt, ata_bare_read(d, 333, KT_SECTORS, kt_buf, true), 0);
		KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
	}
	KT_EXPECT_EQ(kt, ata_bare_read(d, 333, KT_SECTORS, kt_buf, false), 0);
	KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
	/* A read in two pieces gives the same bytes. */
	KT_EXPECT_EQ(kt, ata_read(d, 333, 17, kt_buf, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt,
		     ata_read(d, 350, KT_SECTORS - 17,
			      kt_buf + 17 * ATA_SECTOR_SIZE, ATA_PIO_BEST),
		     0);
	KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
}

/* 16- and 32-bit data port accesses move the same bytes, both ways: read
 * a range, write it back the other width, read it again. The disk's
 * contents do not change (unless the write path is broken). */
KTEST(ata, pio_widths_agree)
{
	struct ata_drive *d = first_disk();
	bool saved;
	u32 want;

	if (!d || d->id.sectors < 1000) {
		KT_SKIP(kt, "no ATA disk of 1000 sectors");
		return;
	}
	saved = d->pio32;
	for (int round = 0; round < 2; round++) {
		d->pio32 = round;
		KT_EXPECT_EQ(kt,
			     ata_read(d, 777, KT_SECTORS, kt_buf, ATA_PIO_BEST),
			     0);
		want = crc32(0, kt_buf, sizeof(kt_buf));
		d->pio32 = !round;
		KT_EXPECT_EQ(
			kt,
			ata_read(d, 777, KT_SECTORS, kt_buf, ATA_PIO_SECTORS),
			0);
		KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
		KT_EXPECT_EQ(
			kt,
			ata_write(d, 777, KT_SECTORS, kt_buf, ATA_PIO_BEST, 0),
			0);
		d->pio32 = round;
		KT_EXPECT_EQ(
			kt,
			ata_read(d, 777, KT_SECTORS, kt_buf, ATA_PIO_SECTORS),
			0);
		KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
	}
	d->pio32 = saved;
}

KTEST(ata, packet_and_empty_positions_refused)
{
	bool any = false;

	for (int i = 0; i < ATA_NR_DRIVES; i++) {
		struct ata_drive *d = ata_drive_get(i);
		int want;

		if (d->class == ATA_CLASS_NONE)
			want = -ENODEV;
		else if (ata_class_is_packet(d->class))
			want = -EOPNOTSUPP;
		else
			continue;
		any = true;
		KT_EXPECT_EQ(kt, ata_read(d, 0, 1, kt_buf, ATA_PIO_BEST), want);
		KT_EXPECT_EQ(kt, ata_write(d, 0, 1, kt_buf, ATA_PIO_BEST, 0),
			     want);
	}
	KT_EXPECT(kt, any);
	KT_EXPECT(kt, ata_drive_by_name("hdz") == NULL);
	KT_EXPECT(kt, ata_drive_by_name("hdc") == ata_drive_get(2));
}

/* The claims ata_init made on this machine: exactly 8 command ports and
 * the one control port per channel (not 0x3f7/0x377), busy, named by the
 * rule of ata_request_region. */
KTEST(ata, legacy_ports_claimed)
{
	static const u16 cmd[] = {0x1f0, 0x170}, ctl[] = {0x3f6, 0x376};
	int claimed = 0;

	for (int i = 0; i < 2; i++) {
		struct resource *c = resource_lookup(&ioport_resource, cmd[i]);
		struct resource *k = resource_lookup(&ioport_resource, ctl[i]);

		if (!c || !(c->flags & IORESOURCE_BUSY))
			continue; /* this machine has no such channel */
		claimed++;
		bool nested = c->parent != &ioport_resource;
		KT_EXPECT(kt, !strcmp(c->name, nested ? "ata_piix" : "ata"));
		KT_EXPECT_EQ(kt, c->start, cmd[i]);
		KT_EXPECT_EQ(kt, c->end, cmd[i] + 7);
		KT_EXPECT(kt, k && (k->flags & IORESOURCE_BUSY) &&
				      !strcmp(k->name, c->name));
		KT_EXPECT_EQ(kt, k->start, ctl[i]);
		KT_EXPECT_EQ(kt, k->end, ctl[i]);
		struct resource *after =
			resource_lookup(&ioport_resource, ctl[i] + 1);
		KT_EXPECT(kt, after != k);
	}
	KT_EXPECT(kt, claimed > 0 || ata_drive_get(0)->class == ATA_CLASS_NONE);
}

/* The naming rule, on a made-up PCI function at ports no device uses. */
KTEST(ata, claim_nests_under_pci_function)
{
	static struct resource fn = {.start = 0xeff0,
				     .end = 0xeff7,
				     .name = "0000:00:1f.7",
				     .flags = IORESOURCE_IO};
	struct resource *r, *container;

	if (!KT_EXPECT_EQ(kt, insert_resource(&ioport_resource, &fn), 0))
		return;
	r = ata_request_region(0xeff0, 8);
	KT_EXPECT(kt, r && r->parent == &fn && !strcmp(r->name, "ata_piix"));
	KT_EXPECT_EQ(kt, release_region(0xeff0, 8), 0);
	KT_EXPECT_EQ(kt, release_resource(&fn), 0);

	/* No PCI function node now: the claim goes into whatever holds the
	 * ports (the root, or ACPI's PCI Bus window). */
	container = resource_lookup(&ioport_resource, 0xeff0);
	r = ata_request_region(0xeff0, 8);
	KT_EXPECT(kt, r && r->parent == container && !strcmp(r->name, "ata"));
	KT_EXPECT_EQ(kt, release_region(0xeff0, 8), 0);
}
