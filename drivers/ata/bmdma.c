/* drivers/ata/bmdma.c - the bus-master DMA transport: the disk moves the data.
 *
 * With PIO (pio.c) the CPU copies every word through the data port. A PCI
 * IDE controller that can master the bus (prog-if bit 7) has, in BAR 4, a
 * small DMA engine per channel ("Programming Interface for Bus Master IDE
 * Controller" rev 1.0, section 2; 82371SB PIIX3 datasheet 2.7, "BMIBA"):
 *
 *   BAR 4 +0 / +8  BMICX   command: SSBM (bit 0) starts/stops the engine,
 *                          RWCON (bit 3) the direction, 1 = to memory
 *   BAR 4 +2 / +a  BMISX   status: BMIDEA (active), IDEDMA_ERR, IDEINTS
 *                          (the drive interrupted); DMA0CAP/DMA1CAP bits
 *                          the BIOS sets for drives it set up for DMA
 *   BAR 4 +4 / +c  BMIDTPX the physical address of the PRD table
 *
 * The PRD (Physical Region Descriptor) table lives in RAM: 8-byte entries,
 * each a 32-bit physical base (bit 0 zero) and a 16-bit byte count (0 means
 * 64 KiB) with EOT (bit 31 of the second dword) on the last; the table is
 * 4-byte aligned and must not cross a 64 KiB boundary, nor may any region
 * (spec 2.1). porthole keeps each channel's table in one 4 KiB frame of its
 * own, and cuts the caller's buffer page by page into regions (sg.c).
 *
 * The address a device is given is a bus address. On a PC the PCI bus sees
 * memory where the CPU does, so it equals the physical address; behind an
 * IOMMU, or on a bus that maps RAM at an offset, it would not, and a
 * driver would ask the DMA API for it (docs/ata.md, "Bus addresses").
 *
 * One command (spec 3.1, "Standard programming sequence"):
 *   1. build the PRD table; BMIDTPX = its address
 *   2. BMICX.RWCON = the direction; clear IDEINTS and IDEDMA_ERR in BMISX
 *   3. the task file and READ DMA (C8h) / WRITE DMA (CAh), or the EXT
 *      forms (25h, 35h) for LBA48, as any command (taskfile.c)
 *   4. BMICX.SSBM = 1: the engine runs; the CPU halts
 *   5. the drive interrupts (IRQ 14/15): read BMISX (IDEINTS says it was
 *      this channel), clear SSBM, read the drive's STATUS (which lowers
 *      INTRQ), then write IDEINTS back to clear it - Linux's order
 *      (ata_bmdma_interrupt), so the engine is stopped before the status
 *      that ends the command is read.
 *
 * BMISX after the interrupt (spec 2.1.2): IDEINTS=1 BMIDEA=0 - done, the
 * table was the transfer's size; IDEINTS=1 BMIDEA=1 - the drive moved less
 * than the table (valid); IDEINTS=0 BMIDEA=0 - an error: IDEDMA_ERR set
 * means a PCI master/target abort, else the table was shorter than the
 * transfer. porthole reports either, stops the engine, resets the channel
 * and falls back to PIO for the drive (once, saying so), re-doing the
 * command by PIO: nothing is lost.
 *
 * The mode: SET FEATURES "set transfer mode" with the fastest DMA mode the
 * drive (IDENTIFY words 63/88, xfer_mode.c) and the controller share; the
 * drive's IDENTIFY then shows it selected, and `disk` shows that.
 * `ata.dma=0` keeps every drive on PIO.
 */
#include "drivers/ata/bmdma.h"
#include "drivers/ata/sg.h"
#include "drivers/ata/taskfile.h"
#include "drivers/ata/xfer_mode.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/cmdline.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* The per-channel registers, offsets from the channel's 8 ports in BAR 4
 * (the secondary channel's are at +8). */
#define BM_CHANNEL_STRIDE 8
#define BMICX 0	  /* Bus Master IDE Command */
#define BMISX 2	  /* Bus Master IDE Status */
#define BMIDTPX 4 /* Descriptor Table Pointer */

#define BMICX_SSBM 0x01	 /* Start/Stop Bus Master */
#define BMICX_RWCON 0x08 /* 1: the engine writes memory (a disk read) */

#define BMISX_BMIDEA 0x01     /* bus master IDE active */
#define BMISX_IDEDMA_ERR 0x02 /* PCI master or target abort (write 1) */
#define BMISX_IDEINTS 0x04    /* the drive raised its interrupt (write 1) */
#define BMISX_DMA0CAP 0x20    /* drive 0 set up for DMA (software's bit) */
#define BMISX_DMA1CAP 0x40    /* drive 1 ... */
#define BMISX_SIMPLEX 0x80    /* only one channel may run at a time */

/* One PRD (spec 2.1, table 1). */
struct bm_prd {
	u32 addr;  /* physical base, bit 0 zero */
	u16 count; /* bytes, even; 0 = 64 KiB */
	u16 flags; /* BM_PRD_EOT on the last entry */
} __packed;
#define BM_PRD_EOT 0x8000
#define BM_PRD_MAX_BYTES 65536u
#define BM_PRD_ENTRIES (4096 / sizeof(struct bm_prd)) /* one frame */

/* The DMA commands are ATA-6 8.23, 8.24, 8.48, 8.49 (ata_proto.h). */

#define ATA_DMA_PARAM "ata.dma"

/* `ata.dma=0|1`: 0 keeps PIO; cmdline_check() refuses other values. */
static const char *
ata_dma_check(const char *v)
{
	return cmdline_check_bool01(v);
}
CMDLINE_OPTION(ATA_DMA_PARAM, ata_dma_check);

/* bmdma_one()'s "DMA itself failed; do it by PIO" (not an errno: nothing
 * is wrong with the request). */
#define BMDMA_FELL_BACK 1

/* A fault the ktest puts into one command on purpose (bmdma.h says what
 * each does to QEMU's model); NULL for every real command. */
struct bm_fault {
	struct bm_prd *table; /* this PRD table instead of the channel's */
	bool lose_command;    /* engine started, the command never written */
	bool no_start;	      /* command written, the engine never started */
	u32 timeout_ms;	      /* instead of ATA_TIMEOUT_MS */
};

/* A fault ata_bmdma_fault_next() armed for the next command bmdma_xfer
 * issues: the ktest's way into the real path, PIO redo included. */
static struct bm_fault armed_fault;
static bool fault_armed;

static const struct bm_fault *
bmdma_take_fault(void)
{
	if (!fault_armed)
		return NULL;
	fault_armed = false;
	return &armed_fault;
}

/* One channel's engine. */
struct bmdma {
	u16 base;	    /* BMICX of this channel; 0: no engine */
	struct bm_prd *prd; /* the table (a frame of its own) */
	u32 prd_bus;
	u8 dir;			/* BMICX_RWCON of the running command */
	volatile bool done;	/* the command ended (IRQ or poll) */
	volatile u8 bm_status;	/* BMISX as the end found it */
	volatile u8 ata_status; /* STATUS as the end found it */
};
static struct bmdma bmdma[2];
static const struct sg_limits bm_limits = {BM_PRD_MAX_BYTES, 65536};

struct bmdma_stats bmdma_stats;

/* Each position's PIO mode from IDENTIFY word 64 (0: not known). */
static u8 pio_xfer[ATA_NR_DRIVES];

static struct bmdma *
chan_bm(const struct ata_channel *c)
{
	return &bmdma[c == &ata_channels[1]];
}

/* The end of a command, from the interrupt or a poll: read BMISX, stop
 * the engine, read STATUS (lowering INTRQ), clear IDEINTS/IDEDMA_ERR. */
static void
bmdma_finish(struct ata_channel *c, struct bmdma *b)
{
	u8 bm = inb(b->base + BMISX);

	outb(b->dir, b->base + BMICX); /* SSBM = 0: stop the engine */
	b->ata_status = inb(c->cmd + ATA_REG_STATUS); /* INTRQ drops */
	/* Write-1-to-clear; keep the DMAxCAP bits as they are. */
	outb((bm & (BMISX_DMA0CAP | BMISX_DMA1CAP)) | BMISX_IDEINTS |
		     BMISX_IDEDMA_ERR,
	     b->base + BMISX);
	b->bm_status = bm;
	b->done = true;
}

/* The channel's interrupt while a DMA command runs (taskfile.c's ata_irq
 * hands over through c->dma_irq). IDEINTS clear: not this channel. */
static irqreturn_t
bmdma_irq(struct ata_channel *c)
{
	struct bmdma *b = chan_bm(c);

	if (!(inb(b->base + BMISX) & BMISX_IDEINTS))
		return IRQ_NONE;
	bmdma_finish(c, b);
	ata_stats.irqs++;
	return IRQ_HANDLED;
}

/* Fill the PRD table with the regions of @len bytes at @buf; returns the
 * bytes it covers (a whole number of sectors, maybe less than @len when
 * the table fills), or 0 when the buffer cannot be given to the engine. */
static u32
bmdma_fill_prd(struct bmdma *b, u8 *buf, u32 len)
{
	static struct sg_region r[BM_PRD_ENTRIES];
	u32 n, got = sg_build((uintptr_t)buf, len, &bm_limits, virt_to_bus_run,
			      r, BM_PRD_ENTRIES, &n);

	if (got != len) {
		/* The table filled: move whole sectors, build again. */
		len = got / ATA_SECTOR_SIZE * ATA_SECTOR_SIZE;
		if (!len)
			return 0;
		got = sg_build((uintptr_t)buf, len, &bm_limits, virt_to_bus_run,
			       r, BM_PRD_ENTRIES, &n);
		if (got != len)
			return 0;
	}
	for (u32 i = 0; i < n; i++) {
		b->prd[i].addr = r[i].addr;
		b->prd[i].count = (u16)r[i].len; /* 65536 is written as 0 */
		b->prd[i].flags = i + 1 == n ? BM_PRD_EOT : 0;
	}
	return got;
}

/* A TSC interval in cycles. */
static u64
ms_cycles(u32 ms)
{
	return (u64)tsc_khz() * ms;
}

/* Wait for the end of the running command: the CPU halts until the
 * interrupt. Each wake-up (the timer ticks every millisecond) looks at
 * BMISX: IDEINTS set for ATA_IRQ_GRACE_MS with no interrupt handled means
 * the interrupt was lost, and the end is taken by polling; the engine idle
 * (BMIDEA clear) without IDEINTS for as long means the engine stopped
 * before the drive did: the PRD table ran out before the transfer (or the
 * engine never ran). Neither: the drive never answers, and only the
 * timeout ends the wait. Returns 0 (b->done), -ETIMEDOUT, or -EIO for the
 * idle engine. */
static int
bmdma_wait(struct ata_channel *c, struct bmdma *b, u32 ms)
{
	u64 t0 = rdtsc(), budget = ms_cycles(ms), idle_at = 0, int_at = 0;
	u64 grace = ms_cycles(ATA_IRQ_GRACE_MS);
	u32 flags = irq_save();
	int ret = 0;

	while (!b->done) {
		u64 now = rdtsc();
		u8 bm = inb(b->base + BMISX);

		if (now - t0 >= budget) {
			ret = -ETIMEDOUT;
			break;
		}
		if (bm & BMISX_IDEINTS) {
			/* The interrupt is owed: give it its grace, then
			 * take the end by polling. */
			if (int_at && now - int_at >= grace) {
				ata_stats.lost_irqs++;
				bmdma_finish(c, b);
				break;
			}
			if (!int_at)
				int_at = now;
		} else if (!(bm & BMISX_BMIDEA)) {
			if (!idle_at)
				idle_at = now;
			else if (now - idle_at >= grace) {
				ret = -EIO;
				break;
			}
		}
		/* STI takes effect after the next instruction: the
		 * interrupt cannot slip in between the check and the HLT. */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
	irq_restore(flags);
	ata_stats.halt_cycles += rdtsc() - t0;
	return ret;
}

/* Stop the engine after a failure and put the channel back in order:
 * SSBM off, BMISX cleared, the drives reset (ATA-6 9.2: SRST ends any
 * command, a drive waiting with DRQ too), their multiple count set
 * again. */
static void
bmdma_recover(struct ata_drive *d, struct bmdma *b)
{
	struct ata_channel *c = d->chan;
	u8 st;

	outb(0, b->base + BMICX); /* stop */
	outb(inb(b->base + BMISX) | BMISX_IDEINTS | BMISX_IDEDMA_ERR,
	     b->base + BMISX); /* clear the latched bits */
	bmdma_stats.resets++;
	if (ata_reset_channel(c, &st)) {
		printk("%s: still busy after a reset (status 0x%02x)\n",
		       c->name, st);
		return;
	}
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_drives[i].chan == c && ata_usable(&ata_drives[i]) == 0)
			ata_setup_multiple(&ata_drives[i]);
}

/* DMA failed on @d for a reason that is not the data's: say so once, and
 * move the drive to PIO for good. */
static void
bmdma_fall_back(struct ata_drive *d, const char *why)
{
	printk("%s: bus-master DMA failed (%s): engine stopped, channel reset, "
	       "PIO from now on\n",
	       d->name, why);
	d->ops = &ata_pio_ops;
	d->xfer = pio_xfer[d - ata_drives];
	bmdma_stats.fallbacks++;
}

static u8
bmdma_command(bool write, bool lba48)
{
	if (write)
		return lba48 ? ATA_CMD_WRITE_DMA_EXT : ATA_CMD_WRITE_DMA;
	return lba48 ? ATA_CMD_READ_DMA_EXT : ATA_CMD_READ_DMA;
}

/* One READ/WRITE DMA (EXT) of @p->count sectors (a whole PRD table's
 * worth). 0; -EIO after a device error (one line, by ata_report); or
 * BMDMA_FELL_BACK when DMA itself failed (said, the channel recovered): then
 * the caller moves the same sectors by PIO. */
static int
bmdma_one(struct ata_drive *d, const struct ata_cmd_plan *p, bool write,
	  const struct bm_fault *f)
{
	struct ata_channel *c = d->chan;
	struct bmdma *b = chan_bm(c);
	u8 cmd = bmdma_command(write, p->lba48);
	u32 table = b->prd_bus;
	char why[112];
	int ret;

	if (f && f->table) /* the ktest's table, built on purpose */
		table = __pa(f->table);
	b->dir = write ? 0 : BMICX_RWCON;
	b->done = false;
	outl(table, b->base + BMIDTPX); /* where the table is */
	outb(b->dir, b->base + BMICX);	/* direction, engine stopped */
	outb(inb(b->base + BMISX) | BMISX_IDEINTS | BMISX_IDEDMA_ERR,
	     b->base + BMISX); /* clear the latched bits */
	c->dma_irq = bmdma_irq;
	/* The ktest's lost command: the drive never sees it. */
	ret = f && f->lose_command ? 0 : ata_issue(d, p, cmd);
	c->irq_armed = false; /* the wait below is this file's */
	if (ret) {
		c->dma_irq = NULL;
		return ret;
	}
	if (!f || !f->no_start) {
		u64 t0 = rdtsc();

		outb(b->dir | BMICX_SSBM, b->base + BMICX); /* go */
		ata_stats.start_cycles += rdtsc() - t0;
	}
	ret = bmdma_wait(c, b,
			 f && f->timeout_ms ? f->timeout_ms : ATA_TIMEOUT_MS);
	c->dma_irq = NULL;
	bmdma_stats.commands++;
	if (ret == -ETIMEDOUT) {
		snprintf(why, sizeof(why),
			 "timeout, %s at LBA %llu: status 0x%02x, BMISX 0x%02x",
			 write ? "WRITE DMA" : "READ DMA",
			 (unsigned long long)p->lba, ata_altstatus(c),
			 inb(b->base + BMISX));
	} else if (ret == -EIO) {
		u8 st = ata_altstatus(c);

		/* DRQ still set: the drive waits for data that will not come
		 * (the table ran out, or the engine never started); clear:
		 * the drive gave up on the short table (QEMU's model). */
		snprintf(why, sizeof(why),
			 "%s: engine idle, no interrupt, status 0x%02x, BMISX "
			 "0x%02x: %s",
			 write ? "WRITE DMA" : "READ DMA", st,
			 inb(b->base + BMISX),
			 st & ATA_SR_DRQ
				 ? "the drive still waits for data"
				 : "PRD table shorter than the transfer");
	} else if (b->bm_status & BMISX_IDEDMA_ERR) {
		snprintf(why, sizeof(why),
			 "BMISX 0x%02x IDEDMA_ERR: PCI master or target abort",
			 b->bm_status);
	} else if (b->ata_status & (ATA_SR_ERR | ATA_SR_DF)) {
		/* The drive's own error (a bad sector, an address it has
		 * not): the data's problem, not DMA's. One line, as PIO. */
		ata_report(d, cmd, (s64)p->lba, -EIO, b->ata_status, "");
		return -EIO;
	} else if (b->ata_status & (ATA_SR_BSY | ATA_SR_DRQ)) {
		snprintf(why, sizeof(why),
			 "interrupt with the drive still busy (status 0x%02x)",
			 b->ata_status);
	} else {
		return 0;
	}
	bmdma_recover(d, b);
	bmdma_fall_back(d, why);
	return BMDMA_FELL_BACK;
}

/* The transport's xfer: DMA for ATA_PIO_BEST; an explicit PIO mode (the
 * bench's rows) goes to PIO. A command longer than one PRD table can
 * describe is cut, as core.c cuts a request into commands. */
static int
bmdma_xfer(struct ata_drive *d, const struct ata_cmd_plan *p, u8 *buf,
	   bool write, enum ata_pio_mode mode)
{
	struct bmdma *b = chan_bm(d->chan);
	u32 done = 0;

	if (mode != ATA_PIO_BEST)
		return ata_pio_ops.xfer(d, p, buf, write, mode);
	while (done < p->count) {
		struct ata_cmd_plan part = *p;
		u8 *at = buf + (size_t)done * ATA_SECTOR_SIZE;
		u32 bytes = bmdma_fill_prd(b, at,
					   (p->count - done) * ATA_SECTOR_SIZE);
		int ret;

		part.lba = p->lba + done;
		part.count = bytes / ATA_SECTOR_SIZE;
		if (!bytes) {
			/* An odd or unmapped buffer cannot be given to the
			 * engine; the request (not the drive) goes by PIO. */
			part.count = p->count - done;
			return ata_pio_ops.xfer(d, &part, at, write, mode);
		}
		ret = bmdma_one(d, &part, write, bmdma_take_fault());
		if (ret == BMDMA_FELL_BACK) { /* said; the rest goes by PIO */
			part.count = p->count - done;
			return ata_pio_ops.xfer(d, &part, at, write,
						ATA_PIO_BEST);
		}
		if (ret)
			return ret;
		done += part.count;
	}
	return 0;
}

/* Commands without data (FLUSH CACHE, SET MULTIPLE) are PIO's. */
static int
bmdma_nodata(struct ata_drive *d, u8 cmd, u8 count)
{
	return ata_pio_ops.nodata(d, cmd, count);
}

static int bmdma_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf);

const struct ata_port_ops ata_bmdma_ops = {
	.name = "DMA",
	.dma = true,
	.xfer = bmdma_xfer,
	.nodata = bmdma_nodata,
	.bare_read = bmdma_bare_read,
};

/* ---- setting a drive up ---- */

/* IDENTIFY DEVICE again (after SET FEATURES) into @id, by PIO. */
static int
bmdma_identify(struct ata_drive *d, u16 *id)
{
	int ret = ata_issue_nodata(d, ATA_CMD_IDENTIFY, 0);

	if (!ret)
		ret = ata_wait_drq(d, ATA_CMD_IDENTIFY, -1);
	if (ret)
		return ret;
	insw(d->chan->cmd + ATA_REG_DATA, id, ATA_SECTOR_WORDS);
	return ata_wait_done(d, ATA_CMD_IDENTIFY, -1);
}

/* The fastest Ultra DMA mode of the controller: the PIIX and PIIX3 have
 * only multiword DMA (up to mode 2), the PIIX4 Ultra DMA/33 (mode 2)
 * (their datasheets, "IDE timing"); any other IDE function: its drives'
 * best multiword mode, which every bus-master controller runs. */
static int
bmdma_ctl_udma(const struct pci_dev *dev)
{
	if (dev->vendor == 0x8086 && dev->device == 0x7111)
		return 2;
	return -1;
}

/* Pick, set and check @d's DMA mode; on success the drive's transport is
 * the bus master. */
static void
bmdma_setup_drive(struct ata_drive *d, int ctl_udma, bool dma)
{
	static u16 id[ATA_SECTOR_WORDS];
	struct ata_xfer_modes m;
	char want[16], got[16];
	u8 best, sel;

	if (bmdma_identify(d, id))
		return; /* said; stays PIO */
	ata_xfer_parse(id, &m);
	/* PIO's mode, for `disk`, and for after a fall-back. */
	d->xfer = pio_xfer[d - ata_drives] = ATA_XFER_PIO | (u8)m.pio_max;
	if (!dma)
		return;
	best = ata_xfer_best(&m, 2, ctl_udma);
	if (best == ATA_XFER_NONE) {
		printk("%s: no DMA mode in IDENTIFY (words 49/63/88): PIO\n",
		       d->name);
		return;
	}
	/* SET FEATURES 03h: FEATURES = subcommand, count = mode value. */
	outb(ATA_SETFEATURES_XFER, d->chan->cmd + ATA_REG_FEATURES);
	if (ata_pio_ops.nodata(d, ATA_CMD_SET_FEATURES, best) ||
	    bmdma_identify(d, id))
		return; /* said; stays PIO */
	ata_xfer_parse(id, &m);
	sel = ata_xfer_selected(&m);
	if (sel != best) {
		printk("%s: SET FEATURES asked for %s, IDENTIFY shows %s "
		       "selected: PIO\n",
		       d->name, ata_xfer_name(best, want, sizeof(want)),
		       ata_xfer_name(sel, got, sizeof(got)));
		return;
	}
	d->xfer = sel;
	d->ops = &ata_bmdma_ops;
}

void
ata_bmdma_setup(struct pci_dev *dev)
{
	const char *param = cmdline_get(ATA_DMA_PARAM);
	bool dma = (dev->prog_if & PCI_IDE_BUS_MASTER) &&
		   (pci_resource_flags(dev, PCI_IDE_BMDMA_BAR) & IORESOURCE_IO);
	u32 bar = (u32)pci_resource_start(dev, PCI_IDE_BMDMA_BAR);

	if (dma && param && !strcmp(param, "0")) {
		printk("%s %s: bus-master DMA off (ata.dma=0): PIO\n",
		       dev->driver->name, dev->name);
		dma = false;
	}
	if (dma)
		pci_set_master(dev); /* without it the engine moves nothing */
	for (int ch = 0; ch < 2; ch++) {
		struct ata_channel *c = &ata_channels[ch];
		struct bmdma *b = &bmdma[ch];
		bool dma_ch = dma;
		u8 caps = 0;

		if (!c->claimed || strcmp(c->owner, dev->driver->name))
			continue; /* not this function's channel */
		if (dma_ch && !c->use_irq) {
			printk("%s: polled (ata.irq=0 or no timer tick): DMA "
			       "completes by interrupt, so PIO\n",
			       c->name);
			dma_ch = false;
		}
		if (dma_ch) {
			u32 pa = frame_alloc();

			dma_ch = pa != 0; /* else said */
			b->base = (u16)(bar + ch * BM_CHANNEL_STRIDE);
			b->prd = __va(pa); /* 4 KiB aligned: within 64 KiB */
			b->prd_bus = pa;
			c->bmdma = b->base;
		}
		for (int i = 0; i < ATA_NR_DRIVES; i++) {
			struct ata_drive *d = &ata_drives[i];

			if (d->chan != c || ata_usable(d))
				continue;
			bmdma_setup_drive(d, bmdma_ctl_udma(dev), dma_ch);
			if (d->ops == &ata_bmdma_ops)
				caps |= d->slave ? BMISX_DMA1CAP
						 : BMISX_DMA0CAP;
		}
		/* The DMAxCAP bits are software's note of which drives run
		 * DMA (spec 2.1.2); clear any latched IDEINTS/ERR too. */
		if (dma_ch)
			outb(caps | BMISX_IDEINTS | BMISX_IDEDMA_ERR,
			     b->base + BMISX);
	}
}

/* ---- for the ktest and the bench ---- */

int
ata_bmdma_fault_read(struct ata_drive *d, enum bmdma_fault fault, u64 lba,
		     u32 count, void *buf, u32 timeout_ms)
{
	static struct bm_prd table[2] __aligned(8);
	struct bm_fault f = {.timeout_ms = timeout_ms};
	struct ata_cmd_plan p;
	u32 pa;

	if (d->ops != &ata_bmdma_ops || count < 2 ||
	    count * ATA_SECTOR_SIZE > 4096 || !virt_to_phys(buf, &pa))
		return -EINVAL;
	switch (fault) {
	case BMDMA_FAULT_SHORT_PRD:
		/* One region for one sector of a @count-sector command. */
		table[0].addr = pa;
		table[0].count = ATA_SECTOR_SIZE;
		table[0].flags = BM_PRD_EOT;
		f.table = table;
		break;
	case BMDMA_FAULT_LOST_COMMAND:
		f.lose_command = true;
		break;
	case BMDMA_FAULT_NO_START:
		f.no_start = true;
		break;
	case BMDMA_FAULT_PAST_END: /* @lba as given: no range check */
		break;
	default:
		return -EINVAL;
	}
	if (!f.table &&
	    !bmdma_fill_prd(chan_bm(d->chan), buf, count * ATA_SECTOR_SIZE))
		return -EINVAL;
	ata_plan(lba, count, d->id.lba48, &p);
	return bmdma_one(d, &p, false, &f);
}

int
ata_bmdma_fault_next(enum bmdma_fault fault, u32 timeout_ms)
{
	if (fault != BMDMA_FAULT_NO_START && fault != BMDMA_FAULT_LOST_COMMAND)
		return -EINVAL; /* the others need the caller's buffer */
	armed_fault = (struct bm_fault){
		.no_start = fault == BMDMA_FAULT_NO_START,
		.lose_command = fault == BMDMA_FAULT_LOST_COMMAND,
		.timeout_ms = timeout_ms,
	};
	fault_armed = true;
	return 0;
}

void
ata_bmdma_use(struct ata_drive *d, u8 xfer)
{
	d->ops = &ata_bmdma_ops;
	d->xfer = xfer;
}

/* ---- the benchmark's baseline ----
 *
 * The same READ DMA commands as bmdma_xfer with nothing else: the drive's
 * interrupt off (nIEN), the engine started, BMISX polled until BMIDEA
 * clears (QEMU sets IDEINTS only from INTRQ, which nIEN holds low), then
 * stopped. No BMISX/STATUS decoding, no fall-back. */
static int
bmdma_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf)
{
	struct ata_channel *c;
	struct bmdma *b;
	int ret = ata_usable(d);
	u8 *p8 = buf;

	if (ret)
		return ret;
	ret = ata_check_range(lba, count, d->id.sectors);
	if (ret)
		return ret;
	if (!ata_on_dma(d))
		return -EINVAL;
	c = d->chan;
	b = chan_bm(c);
	outb(c->devctl | ATA_DEVCTL_NIEN, c->ctl + ATA_REG_DEVCTL); /* nIEN */
	c->use_irq = false;
	while (count && !ret) {
		struct ata_cmd_plan p;
		u64 t0 = rdtsc(), budget = ms_cycles(ATA_TIMEOUT_MS);
		u32 bytes;

		ata_plan(lba, count, d->id.lba48, &p);
		bytes = bmdma_fill_prd(b, p8, p.count * ATA_SECTOR_SIZE);
		p.count = bytes / ATA_SECTOR_SIZE;
		if (!p.count) {
			ret = -EINVAL;
			break;
		}
		outl(b->prd_bus, b->base + BMIDTPX);
		outb(BMICX_RWCON, b->base + BMICX);
		outb(BMISX_IDEINTS | BMISX_IDEDMA_ERR, b->base + BMISX);
		ret = ata_issue(d, &p, bmdma_command(false, p.lba48));
		if (ret)
			break;
		c->irq_armed = false;
		u64 ts = rdtsc();

		outb(BMICX_RWCON | BMICX_SSBM, b->base + BMICX); /* go */
		ata_stats.start_cycles += rdtsc() - ts;
		while ((inb(b->base + BMISX) & BMISX_BMIDEA) &&
		       rdtsc() - t0 < budget)
			;
		outb(BMICX_RWCON, b->base + BMICX); /* stop */
		inb(c->cmd + ATA_REG_STATUS);
		if (inb(b->base + BMISX) & BMISX_BMIDEA) {
			ata_report(d, bmdma_command(false, p.lba48), (s64)p.lba,
				   -ETIMEDOUT, ata_altstatus(c),
				   "the DMA to complete");
			ret = -ETIMEDOUT;
		}
		lba += p.count;
		count -= p.count;
		p8 += (size_t)p.count * ATA_SECTOR_SIZE;
	}
	c->use_irq = true; /* DMA drives' channels complete by interrupt */
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL); /* back to resting value */
	return ret;
}
