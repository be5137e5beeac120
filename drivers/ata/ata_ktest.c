/* drivers/ata/ata_ktest.c - in-kernel tests of the ATA driver on whatever
 * drives the machine has (`ktest=ata`; tests/scenario/test_ata.py boots
 * them with a disk). Tests that need a disk skip without one. */
#include "drivers/ata/ata_ktest.h"
#include "drivers/ata/taskfile.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/x86.h"
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

/* The IDE function, if the machine has one, bound through the match
 * table (NULL: none, e.g. isapc or q35). */
static struct pci_dev *
ide_function(void)
{
	return pci_get_class_mask(PCI_CLASS_CODE_STORAGE_IDE,
				  PCI_CLASS_CODE_MASK_ANY_PROGIF, NULL);
}

/* The claims ata_init made on this machine: exactly 8 command ports and
 * the one control port per channel (not 0x3f7/0x377), busy, named after
 * the PCI driver that bound the IDE function and nested in its legacy
 * range - or "ata" at the top level on a machine without one. */
KTEST(ata, legacy_ports_claimed)
{
	static const u16 cmd[] = {0x1f0, 0x170}, ctl[] = {0x3f6, 0x376};
	struct pci_dev *ide = ide_function();
	int claimed = 0;

	for (int i = 0; i < 2; i++) {
		struct resource *c = resource_lookup(&ioport_resource, cmd[i]);
		struct resource *k = resource_lookup(&ioport_resource, ctl[i]);

		if (!c || !(c->flags & IORESOURCE_BUSY))
			continue; /* this machine has no such channel */
		claimed++;
		if (ide) {
			KT_EXPECT(kt, ide->driver != NULL);
			KT_EXPECT(kt, c->parent == &ide->resource[2 * i]);
			KT_EXPECT(kt,
				  ide->driver &&
					  !strcmp(c->name, ide->driver->name));
		} else {
			KT_EXPECT(kt, c->parent == &ioport_resource);
			KT_EXPECT(kt, !strcmp(c->name, "ata"));
		}
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

/* The PCI IDE function is bound through the match table, to the driver
 * whose name its claims carry; its bus-master block (BAR 4) is claimed. */
KTEST(ata, ide_function_bound_by_match_table)
{
	struct pci_dev *ide = ide_function();
	struct resource *bm;

	if (!ide) {
		KT_SKIP(kt, "no PCI IDE function");
		return;
	}
	if (!KT_EXPECT(kt, ide->driver != NULL))
		return;
	KT_EXPECT(kt, pci_match_id(ide->driver->id_table, ide) != NULL);
	KT_EXPECT(kt, !strcmp(ide->driver->name, "ata_piix") ||
			      !strcmp(ide->driver->name, "ata_generic"));
	if (!(ide->prog_if & PCI_IDE_BUS_MASTER) ||
	    !(pci_resource_flags(ide, PCI_IDE_BMDMA_BAR) & IORESOURCE_IO))
		return;
	bm = resource_lookup(&ioport_resource,
			     pci_resource_start(ide, PCI_IDE_BMDMA_BAR));
	KT_EXPECT(kt, bm && (bm->flags & IORESOURCE_BUSY) &&
			      bm->parent == &ide->resource[PCI_IDE_BMDMA_BAR] &&
			      !strcmp(bm->name, ide->driver->name));
}

/* A lost interrupt: the line is masked (free_irq) while the driver still
 * waits for the drive's interrupt. Each wait must notice within
 * ATA_IRQ_GRACE_MS that the status says "ready", count it, and go on by
 * polling: the read returns the same bytes, the write succeeds, and the
 * whole takes well under one 10 s timeout. */
KTEST(ata, lost_interrupt_recovered_by_polling)
{
	struct ata_drive *d = first_disk();
	struct ata_channel *c;
	u64 lost, t0;
	u32 want;

	if (!d || d->id.sectors < 1000 || !d->chan->use_irq || !tsc_khz()) {
		KT_SKIP(kt, "no ATA disk of 1000 sectors completing by IRQ");
		return;
	}
	c = d->chan;
	KT_EXPECT_EQ(kt, ata_read(d, 555, KT_SECTORS, kt_buf, ATA_PIO_SECTORS),
		     0);
	want = crc32(0, kt_buf, sizeof(kt_buf));
	memset(kt_buf, 0, sizeof(kt_buf));
	if (!KT_EXPECT_EQ(kt, free_irq(c->irq, c), 0))
		return;
	lost = ata_stats.lost_irqs;
	t0 = rdtsc();
	KT_EXPECT_EQ(kt, ata_read(d, 555, KT_SECTORS, kt_buf, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
	KT_EXPECT_EQ(kt, ata_write(d, 555, KT_SECTORS, kt_buf, ATA_PIO_BEST, 0),
		     0);
	u64 ms = (rdtsc() - t0) / tsc_khz();
	KT_EXPECT(kt, ata_stats.lost_irqs > lost);
	KT_EXPECT(kt, ms < ATA_TIMEOUT_MS / 2);
	KT_EXPECT_EQ(kt, request_irq(c->irq, ata_irq, c->owner, c), 0);
	KT_EXPECT_EQ(kt, ata_read(d, 555, KT_SECTORS, kt_buf, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt, crc32(0, kt_buf, sizeof(kt_buf)), want);
}

/* A drive that is not ready must stop a command before it is sent. QEMU's
 * IDE model reads status 0 at an empty slave (or master) position next to
 * a disk: not BSY, and not DRDY. A copy of the disk's struct ata_drive
 * pointed at that position (a "ghost", named as the position is) is what
 * the driver would see if the disk stopped answering: ata_start()'s DRDY
 * check must refuse every command, with one line, and none may reach the
 * command register.
 * - The bare benchmark loop (pio.c ata_bare_loop) once ignored the failed
 *   issue and went on reading the data port: it must return the -EIO.
 * - SET MULTIPLE at probe time (probe.c ata_setup_multiple, through
 *   ops->nodata) once went around the check: nothing answers, so it would
 *   have "succeeded"; the ghost must be left without a multiple count. */
static bool
ghost_of(struct ata_drive *d, struct ata_drive *ghost)
{
	for (int i = 0; i < ATA_NR_DRIVES; i++) {
		struct ata_drive *o = ata_drive_get(i);

		if (o && o->chan == d->chan && o->slave != d->slave &&
		    o->class == ATA_CLASS_NONE) {
			*ghost = *d;
			ghost->slave = o->slave;
			ghost->name = o->name;
			ghost->where = o->where;
			ghost->ops = &ata_pio_ops;
			return true;
		}
	}
	return false;
}

KTEST(ata, not_ready_drive_gets_no_command)
{
	struct ata_drive *d = first_disk(), ghost;
	u64 before;

	if (!d || !d->chan || !ghost_of(d, &ghost)) {
		KT_SKIP(kt, "no IDE disk with an empty position beside it");
		return;
	}
	before = ata_stats.commands;
	KT_EXPECT_EQ(kt, ata_bare_read(&ghost, 0, 4, kt_buf, false), -EIO);
	if (d->multiple)
		KT_EXPECT_EQ(kt, ata_bare_read(&ghost, 0, 4, kt_buf, true),
			     -EIO);
	KT_EXPECT_EQ(kt, ata_read(&ghost, 0, 4, kt_buf, ATA_PIO_SECTORS), -EIO);
	ghost.multiple = d->multiple;
	ata_setup_multiple(&ghost);
	KT_EXPECT_EQ(kt, ghost.multiple, 0);
	KT_EXPECT_EQ(kt, ata_stats.commands, before);
	/* The real disk, selected again by its next command, still reads. */
	KT_EXPECT_EQ(kt, ata_read(d, 0, 4, kt_buf, ATA_PIO_BEST), 0);
}

void
ata_ktest_reads_end_by_interrupt(struct ktest_ctx *kt, struct ata_drive *d,
				 u32 sectors, const char *who,
				 const u64 *commands, const u64 *irqs,
				 bool exact)
{
	u8 *buf = kmalloc(sectors * ATA_SECTOR_SIZE);
	u64 cmds = *commands, ints = *irqs, lost = ata_stats.lost_irqs;

	if (!KT_EXPECT(kt, buf != NULL))
		return;
	for (int i = 0; i < 8; i++)
		KT_EXPECT_EQ(
			kt, ata_read(d, 1 + 97 * i, sectors, buf, ATA_PIO_BEST),
			0);
	KT_EXPECT(kt, *commands >= cmds + 8);
	if (exact)
		KT_EXPECT_EQ(kt, *irqs - ints, *commands - cmds);
	else
		KT_EXPECT(kt, *irqs - ints >= *commands - cmds);
	KT_EXPECT_EQ(kt, ata_stats.lost_irqs, lost);
	printk("# %s %s: %llu commands, %llu interrupts, %llu lost\n", who,
	       d->name, (unsigned long long)(*commands - cmds),
	       (unsigned long long)(*irqs - ints),
	       (unsigned long long)(ata_stats.lost_irqs - lost));
	kfree(buf);
}
