/* drivers/ata/ahci_ktest.c - in-kernel tests of the AHCI transport
 * (`ktest=ahci`; tests/scenario/test_ahci.py boots them on q35 with a
 * disk). Tests that need an AHCI disk skip without one. */
#include "drivers/ata/ahci.h"
#include "drivers/ata/ata_ktest.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/mm/kmalloc.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/string.h"

#define KT_SECTORS 300 /* 150 KiB, from an odd LBA */

static struct ata_drive *
ahci_disk(void)
{
	struct ata_drive *d;

	for (int i = 0; (d = ahci_drive_get(i)); i++)
		if (ata_usable(d) == 0)
			return d;
	return NULL;
}

/* Refusals reach no command list: PxCI is never written for them. */
KTEST(ahci, past_the_end_refused_before_any_command)
{
	static u8 buf[2 * ATA_SECTOR_SIZE];
	struct ata_drive *d = ahci_disk();

	if (!d) {
		KT_SKIP(kt, "no AHCI disk");
		return;
	}
	u64 n = d->id.sectors, before = ahci_stats.commands;

	KT_EXPECT_EQ(kt, ata_read(d, n, 1, buf, ATA_PIO_BEST), -ERANGE);
	KT_EXPECT_EQ(kt, ata_read(d, n - 1, 2, buf, ATA_PIO_BEST), -ERANGE);
	KT_EXPECT_EQ(kt, ata_write(d, n, 1, buf, ATA_PIO_BEST, 0), -ERANGE);
	KT_EXPECT_EQ(kt, ata_read(d, 0, 0, buf, ATA_PIO_BEST), -EINVAL);
	KT_EXPECT_EQ(kt, d->ops->bare_read(d, n, 1, buf), -ERANGE);
	KT_EXPECT_EQ(kt, ahci_stats.commands, before);
	KT_EXPECT(kt, d->chan == NULL && d->ops == &ata_ahci_ops);
	KT_EXPECT(kt, !strncmp(d->name, "sd", 2));
}

/* One read into a heap buffer 2 bytes into a page equals the same range
 * read in two pieces into another, and the bare loop's; written back and
 * flushed, it reads the same again. Every command is an AHCI one. */
KTEST(ahci, reads_agree_and_write_back)
{
	struct ata_drive *d = ahci_disk();
	u32 bytes = KT_SECTORS * ATA_SECTOR_SIZE, want;
	u8 *mem, *buf;
	u64 cmds = ahci_stats.commands;

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no AHCI disk of 2000 sectors");
		return;
	}
	mem = kmalloc(bytes + 8192);
	if (!KT_EXPECT(kt, mem != NULL))
		return;
	buf = (u8 *)(((uintptr_t)mem + 4095) & ~4095u) + 2;
	KT_EXPECT_EQ(kt, ata_read(d, 1001, KT_SECTORS, buf, ATA_PIO_BEST), 0);
	want = crc32(0, buf, bytes);
	memset(buf, 0x11, bytes);
	KT_EXPECT_EQ(kt, ata_read(d, 1001, 7, buf, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt,
		     ata_read(d, 1008, KT_SECTORS - 7,
			      buf + 7 * ATA_SECTOR_SIZE, ATA_PIO_BEST),
		     0);
	KT_EXPECT_EQ(kt, crc32(0, buf, bytes), want);
	memset(buf, 0x22, bytes);
	KT_EXPECT_EQ(kt, d->ops->bare_read(d, 1001, KT_SECTORS, buf), 0);
	KT_EXPECT_EQ(kt, crc32(0, buf, bytes), want);
	KT_EXPECT_EQ(kt, ata_write(d, 1001, KT_SECTORS, buf, ATA_PIO_BEST, 0),
		     0);
	memset(buf, 0x33, bytes);
	KT_EXPECT_EQ(kt, ata_read(d, 1001, KT_SECTORS, buf, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt, crc32(0, buf, bytes), want);
	KT_EXPECT(kt, ahci_stats.commands >= cmds + 5);
	KT_EXPECT_EQ(kt, ahci_stats.recoveries, 0);
	kfree(mem);
}

/* A fault, then the next reads: the same bytes as a read before it (and,
 * the "# crc32" line, the host's: test_ahci.py compares); the failed
 * command's buffer never written, not even after the recovery. */
static void
ahci_fault_then_next_read(struct ktest_ctx *kt, enum ahci_fault_kind fault,
			  int want_ret, u64 recoveries, const char *what)
{
	struct ata_drive *d = ahci_disk();
	u64 rec = ahci_stats.recoveries;
	u32 n = 8 * ATA_SECTOR_SIZE;
	u8 *buf, *want, *dead;

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no AHCI disk of 2000 sectors");
		return;
	}
	buf = kmalloc(3 * n); /* the heap: BSS is the kernel image, too */
	if (!KT_EXPECT(kt, buf != NULL))
		return;
	want = buf + n;
	dead = buf + 2 * n;
	KT_EXPECT_EQ(kt, ata_read(d, 1900, 8, want, ATA_PIO_BEST), 0);
	memset(dead, 0xa5, n);
	KT_EXPECT_EQ(kt, ahci_fault_read(d, fault, 900, 8, dead, 300),
		     want_ret);
	KT_EXPECT_EQ(kt, ahci_stats.recoveries, rec + recoveries);
	for (int i = 0; i < 2; i++) { /* twice: nothing stale is left */
		memset(buf, 0x5a,
		       n); /* what a read that moves nothing leaves */
		KT_EXPECT_EQ(kt, ata_read(d, 1900, 8, buf, ATA_PIO_BEST), 0);
		KT_EXPECT(kt, !memcmp(buf, want, n));
	}
	printk("# crc32 %s %s LBA 1900+8 0x%08x\n", what, d->name,
	       crc32(0, buf, n));
	if (fault == AHCI_FAULT_PORT_STOPPED) {
		u32 i = 0;

		while (i < n && dead[i] == 0xa5)
			i++;
		KT_EXPECT_EQ(kt, i, n); /* the abandoned command never ran */
	}
	kfree(buf);
}

/* PxCI set with the port stopped: nothing fetches the command. The
 * timeout (300 ms here) fires; the recovery starts the port again
 * without letting the abandoned command run; the next reads are right. */
KTEST(ahci, stopped_port_times_out_and_recovers)
{
	ahci_fault_then_next_read(kt, AHCI_FAULT_PORT_STOPPED, -ETIMEDOUT, 1,
				  "stopped-port");
}

/* A READ DMA EXT over the last sector, the range check skipped: the
 * device aborts it (TFES, ERR, ABRT): one line, -EIO, the port recovered,
 * the next reads right. */
KTEST(ahci, past_the_end_aborted_by_the_device)
{
	struct ata_drive *d = ahci_disk();

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no AHCI disk of 2000 sectors");
		return;
	}
	u32 n = 8 * ATA_SECTOR_SIZE;
	u64 rec = ahci_stats.recoveries;
	u8 *buf = kmalloc(2 * n), *want;

	if (!KT_EXPECT(kt, buf != NULL))
		return;
	want = buf + n;
	KT_EXPECT_EQ(kt, ata_read(d, 1900, 8, want, ATA_PIO_BEST), 0);
	KT_EXPECT_EQ(kt,
		     ahci_fault_read(d, AHCI_FAULT_PAST_END, d->id.sectors - 2,
				     8, buf, 0),
		     -EIO);
	KT_EXPECT_EQ(kt, ahci_stats.recoveries, rec + 1);
	memset(buf, 0x5a, n); /* what a read that moves nothing leaves */
	KT_EXPECT_EQ(kt, ata_read(d, 1900, 8, buf, ATA_PIO_BEST), 0);
	KT_EXPECT(kt, !memcmp(buf, want, n));
	printk("# crc32 past-end %s LBA 1900+8 0x%08x\n", d->name,
	       crc32(0, buf, n));
	kfree(buf);
}

/* A PRDT of one sector for 8: the HBA ends the command, PRDBC short of
 * 4096: the driver says so (-EIO); the port needs no recovery; the next
 * read works. */
KTEST(ahci, short_prdt_reported)
{
	ahci_fault_then_next_read(kt, AHCI_FAULT_SHORT_PRDT, -EIO, 0,
				  "short-prdt");
}

/* Completion by the interrupt (MSI, or INTx with pci=nomsi / nolapic):
 * every command of a run of reads ends because ahci_irq saw PxIS, not
 * because the wait's grace poll found PxCI clear (ata_stats.lost_irqs,
 * which would still finish each command, only ATA_IRQ_GRACE_MS late). */
KTEST(ahci, commands_complete_by_interrupt)
{
	struct ata_drive *d = ahci_disk();

	if (!d || d->id.sectors < 2000) {
		KT_SKIP(kt, "no AHCI disk of 2000 sectors");
		return;
	}
	ata_ktest_reads_end_by_interrupt(kt, d, KT_SECTORS, "ahci",
					 &ahci_stats.commands, &ahci_stats.irqs,
					 false);
}
