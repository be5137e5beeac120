/* drivers/ata/taskfile.c - the steps every ATA command takes on a channel.
 *
 * A PC has two IDE channels, each with up to two drives (master, slave):
 *
 *   channel  command block   control block  IRQ   Linux  porthole names
 *   ata0     0x1f0-0x1f7     0x3f6          14    ata1   hda, hdb
 *   ata1     0x170-0x177     0x376          15    ata2   hdc, hdd
 *
 * On the QEMU pc machine (and real PIIX chipsets) the channels belong to
 * the PIIX IDE PCI function 00:01.1 in "compatibility mode": it decodes
 * these fixed ISA-era ports. The command block (ATA/ATAPI-6, 7.1 table 2):
 *
 *   +0 DATA     16-bit data port: sectors move through it, word by word
 *   +1 ERROR    (read) why a command failed  /  FEATURES (write)
 *   +2 SECCOUNT sectors to move (0 = 256; 65536 for the EXT commands)
 *   +3 LBA_LOW, +4 LBA_MID, +5 LBA_HIGH: the address, 8 bits each
 *   +6 DEVICE   bit 4 picks master/slave, bit 6 = LBA, bits 3:0 = LBA 27:24
 *   +7 STATUS   (read, acknowledges the interrupt) / COMMAND (write)
 *
 * and the control block's one register: ALTSTATUS (read: the status with
 * no side effect) / DEVCTL (write: nIEN masks the drive's interrupt, SRST
 * resets both drives of the channel, HOB reads back the high bytes).
 *
 * Every command, whatever moves its data (pio.c; DMA later), starts the
 * same way (ATA-6 9.7, 9.5, 9.6): wait for BSY to clear, select the drive,
 * wait again, check DRDY, write the address and count (the "task file"),
 * write the command. Then the drive works and tells us it is ready, for
 * the next data block or at the end, in one of two ways this file waits
 * for: by IRQ 14/15 through the IRQ layer (kernel/irq.h) - the CPU halts
 * until the drive interrupts - or, with no interrupt (`ata.irq=0`, no
 * ticking timer), by polling the alternate status with DEVCTL.nIEN set so
 * the drive raises no interrupt at all. docs/ata.md compares the two.
 */
#include "drivers/ata/taskfile.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

struct ata_stats ata_stats;

void
ata_delay_400ns(const struct ata_channel *c)
{
	/* Four reads of the alternate status take at least 400 ns on any
	 * bus (each ISA-speed read is ~100+ ns). */
	for (int i = 0; i < 4; i++)
		ata_altstatus(c);
}

void
ata_arm_irq(struct ata_channel *c)
{
	if (!c->use_irq)
		return;
	c->irq_pending = false;
	c->irq_armed = true;
}

/* The drive's interrupt (IRQ 14 or 15): INTRQ rises when a data block is
 * ready or a command is done; reading STATUS lowers it (ATA-6 7.15). */
irqreturn_t
ata_irq(int irq, void *dev)
{
	struct ata_channel *c = dev;

	(void)irq;
	if (c->dma_irq) /* a DMA command: its end is read in bmdma.c */
		return c->dma_irq(c);
	if (ata_altstatus(c) & ATA_SR_BSY)
		return IRQ_NONE; /* not from a drive that is ready */
	inb(c->cmd + ATA_REG_STATUS);
	c->irq_pending = true;
	ata_stats.irqs++;
	return IRQ_HANDLED;
}

/* The interrupt did not come, but the status says the drive finished
 * long ago: say so once per channel (each later one is only counted in
 * ata_stats.lost_irqs), then carry on by polling. */
static void
ata_lost_irq(struct ata_channel *c, u8 st)
{
	static bool said[2];
	bool *s = &said[c == &ata_channels[1]];
	char bits[48];

	ata_stats.lost_irqs++;
	if (*s)
		return;
	*s = true;
	ata_status_names(st, bits, sizeof(bits));
	printk("%s: IRQ %u did not come, though the status (0x%02x %s) says "
	       "the drive is ready: interrupt lost, status polled instead "
	       "(said once; `disk bench` counts them)\n",
	       c->name, c->irq, st, bits);
}

/* Hybrid polling (as Linux's block layer does for fast devices): before
 * halting, spin for up to ATA_IRQ_SPIN_US with interrupts open one
 * instruction at a time, so ata_irq() runs the moment the drive raises
 * INTRQ. The interrupt still completes the command (ata_irq() sets
 * irq_pending and counts it); only the HLT is skipped. Under QEMU's TCG a
 * halted vCPU takes tens of microseconds to wake for an interrupt, more
 * than the drive needs for a PIO block (about 55 us a sector, 75 us a
 * block of 16, docs/ata.md "Benchmark"); past the bound the wait halts as
 * before, so a slow drive costs at most this much spinning. The spin is
 * busy time: it counts in ata_stats.poll_cycles. */
#define ATA_IRQ_SPIN_US 200

static bool
ata_spin_for_irq(struct ata_channel *c, u32 spin_us)
{
	if (!spin_us)
		return false;

	u64 t0 = rdtsc();
	/* STI opens interrupts after the NOP; CLI closes them again: the
	 * handler can run only between the two, never inside a check. */
	int ret = poll_timeout(
		({
			__asm__ volatile("sti; nop; cli" ::: "memory");
			c->irq_pending;
		}),
		spin_us);

	ata_stats.poll_cycles += rdtsc() - t0;
	return ret == 0;
}

/* Wait until ata_irq() has seen the drive's interrupt, for at most @ms
 * ms: first by spinning for @spin_us (ata_spin_for_irq), then in HLT. The
 * timer's tick wakes the CPU every millisecond, so the clock
 * is checked even if the drive stays silent; and each wake-up peeks at
 * the alternate status: BSY clear for ATA_IRQ_GRACE_MS with no interrupt
 * means the interrupt was lost (a masked line, a controller that dropped
 * it), and waiting 10 s for it would only hide the fact. Returns 0 (the
 * interrupt came, or was lost and the drive is ready) or -ETIMEDOUT. */
static int
ata_wait_irq(struct ata_channel *c, u32 ms, u32 spin_us)
{
	struct timeout limit, grace;
	bool ready = false;
	u32 flags = irq_save();
	int ret = 0;
	u64 t0;

	c->irq_armed = false;
	if (ata_spin_for_irq(c, spin_us)) {
		irq_restore(flags);
		return 0;
	}
	t0 = rdtsc();
	timeout_start(&limit, ms * USEC_PER_MSEC);
	while (!c->irq_pending) {
		u8 st = ata_altstatus(c);

		if (timeout_expired(&limit)) {
			ret = -ETIMEDOUT;
			break;
		}
		if (st & ATA_SR_BSY) {
			ready = false;
		} else if (!ready) {
			ready = true;
			timeout_start(&grace, ATA_IRQ_GRACE_MS * USEC_PER_MSEC);
		} else if (timeout_expired(&grace)) {
			ata_lost_irq(c, st);
			break;
		}
		/* STI takes effect only after the next instruction: no
		 * interrupt can slip in between the check and the HLT. */
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
	irq_restore(flags);
	ata_stats.halt_cycles += rdtsc() - t0;
	return ret;
}

/* ata_wait_not_busy(), spinning @spin_us for the interrupt before HLT. */
static int
__ata_wait_not_busy(struct ata_channel *c, u32 ms, u32 spin_us, u8 *status)
{
	if (c->irq_armed && ata_wait_irq(c, ms, spin_us)) {
		*status = ata_altstatus(c);
		return -ETIMEDOUT;
	}

	u64 t0 = rdtsc(), n = 0;
	u8 st;
	/* Timed by kernel/time.c (before the TSC is calibrated, a bound that
	 * may run long, never short). */
	int ret = read_poll_timeout(st, (n++, ata_altstatus(c)),
				    !(st & ATA_SR_BSY), ms * USEC_PER_MSEC);

	ata_stats.poll_cycles += rdtsc() - t0;
	ata_stats.polls += n;
	*status = st;
	return ret;
}

int
ata_wait_not_busy(struct ata_channel *c, u32 ms, u8 *status)
{
	return __ata_wait_not_busy(c, ms, ATA_IRQ_SPIN_US, status);
}

/* Select the master or slave (ATA-6 9.7 "device selection protocol"):
 * wait for BSY to clear before and after writing DEVICE. (9.7 also wants
 * DRQ clear first: every transfer here ends with DRQ clear, checked by
 * ata_wait_done(), or with a channel reset.) */
int
ata_select(struct ata_drive *d, u8 dev_bits, u8 *status)
{
	struct ata_channel *c = d->chan;
	int ret;

	c->irq_armed = false; /* no interrupt is due before a command */
	ret = ata_wait_not_busy(c, ATA_TIMEOUT_MS, status);
	if (ret)
		return ret;
	outb(ATA_DEV_OBS | (d->slave ? ATA_DEV_SLAVE : 0) | dev_bits,
	     c->cmd + ATA_REG_DEVICE); /* pick the drive */
	ata_delay_400ns(c);
	return ata_wait_not_busy(c, ATA_TIMEOUT_MS, status);
}

/* Reset timing (ATA-6 9.2): SRST held >= 5 us, then >= 2 ms before the
 * status means anything. */
#define ATA_SRST_HOLD_US 5
#define ATA_SRST_SETTLE_US 2000

void
ata_reset_begin(struct ata_channel *c)
{
	outb(c->devctl | ATA_DEVCTL_SRST, c->ctl + ATA_REG_DEVCTL); /* reset */
	udelay(ATA_SRST_HOLD_US);
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL); /* release, nIEN as before */
	timeout_start(&c->settle, ATA_SRST_SETTLE_US);
}

int
ata_reset_end(struct ata_channel *c, u8 *status)
{
	while (!timeout_expired(&c->settle)) /* what is left of the 2 ms */
		cpu_relax();
	return ata_wait_not_busy(c, ATA_RESET_TIMEOUT_MS, status);
}

int
ata_reset_channel(struct ata_channel *c, u8 *status)
{
	ata_reset_begin(c);
	return ata_reset_end(c, status);
}

/* Write the address and count of one command (ATA-6 7.1, 8.x "Inputs").
 * For LBA48 each register is a two-deep FIFO: the high ("previous") bytes
 * go first, then the low ("current") ones. The drive is selected. */
static void
ata_load_taskfile(struct ata_drive *d, const struct ata_cmd_plan *p)
{
	u16 base = d->chan->cmd;
	u64 lba = p->lba;

	if (p->lba48) {
		outb((u8)(p->count >> 8), base + ATA_REG_SECCOUNT);
		outb((u8)(lba >> 24), base + ATA_REG_LBA_LOW);
		outb((u8)(lba >> 32), base + ATA_REG_LBA_MID);
		outb((u8)(lba >> 40), base + ATA_REG_LBA_HIGH);
	}
	outb((u8)p->count, base + ATA_REG_SECCOUNT); /* 256/65536 wrap to 0 */
	outb((u8)lba, base + ATA_REG_LBA_LOW);
	outb((u8)(lba >> 8), base + ATA_REG_LBA_MID);
	outb((u8)(lba >> 16), base + ATA_REG_LBA_HIGH);
}

static bool
ata_cmd_is_write(u8 cmd)
{
	return cmd == ATA_CMD_WRITE_SECTORS ||
	       cmd == ATA_CMD_WRITE_SECTORS_EXT ||
	       cmd == ATA_CMD_WRITE_MULTIPLE ||
	       cmd == ATA_CMD_WRITE_MULTIPLE_EXT;
}

/* Select, check DRDY, then write the inputs: the whole task file from @p,
 * or (@p NULL) only the sector count @count, leaving the LBA registers -
 * which both drives of a channel see - as they are. Then the command. */
static int
ata_start(struct ata_drive *d, const struct ata_cmd_plan *p, u8 count, u8 cmd)
{
	u8 dev = ATA_DEV_LBA, st;
	int ret;

	if (p && !p->lba48)
		dev |= (p->lba >> 24) & ATA_DEV_LBA28_HIGH;
	ret = ata_select(d, dev, &st);
	/* Every command but IDENTIFY PACKET DEVICE wants DRDY (ATA-6 8.x,
	 * "Prerequisites"); a packet device may leave it clear. */
	if (!ret && cmd != ATA_CMD_IDENTIFY_PACKET && !(st & ATA_SR_DRDY))
		ret = -EIO;
	if (ret) {
		ata_report(d, cmd, p ? (s64)p->lba : -1, ret, st, "DRDY");
		return ret;
	}
	if (p)
		ata_load_taskfile(d, p);
	else
		outb(count, d->chan->cmd + ATA_REG_SECCOUNT);
	/* Every command but a PIO write interrupts before its first wait; a
	 * write's first block is asked for by DRQ alone (ATA-6 9.6). */
	if (!ata_cmd_is_write(cmd))
		ata_arm_irq(d->chan);
	outb(cmd, d->chan->cmd + ATA_REG_COMMAND); /* the drive starts */
	ata_stats.commands++;
	ata_delay_400ns(d->chan); /* BSY is valid only after this */
	return 0;
}

int
ata_issue(struct ata_drive *d, const struct ata_cmd_plan *p, u8 cmd)
{
	return ata_start(d, p, 0, cmd);
}

int
ata_issue_nodata(struct ata_drive *d, u8 cmd, u8 count)
{
	return ata_start(d, NULL, count, cmd);
}

u8
ata_rw_command(bool write, bool multiple, bool lba48)
{
	if (write && multiple)
		return lba48 ? ATA_CMD_WRITE_MULTIPLE_EXT
			     : ATA_CMD_WRITE_MULTIPLE;
	if (write)
		return lba48 ? ATA_CMD_WRITE_SECTORS_EXT
			     : ATA_CMD_WRITE_SECTORS;
	if (multiple)
		return lba48 ? ATA_CMD_READ_MULTIPLE_EXT
			     : ATA_CMD_READ_MULTIPLE;
	return lba48 ? ATA_CMD_READ_SECTORS_EXT : ATA_CMD_READ_SECTORS;
}

static const char *
ata_cmd_name(u8 cmd)
{
	switch (cmd) {
	case ATA_CMD_READ_SECTORS:
	case ATA_CMD_READ_SECTORS_EXT:
		return "READ SECTORS";
	case ATA_CMD_READ_MULTIPLE:
	case ATA_CMD_READ_MULTIPLE_EXT:
		return "READ MULTIPLE";
	case ATA_CMD_WRITE_SECTORS:
	case ATA_CMD_WRITE_SECTORS_EXT:
		return "WRITE SECTORS";
	case ATA_CMD_WRITE_MULTIPLE:
	case ATA_CMD_WRITE_MULTIPLE_EXT:
		return "WRITE MULTIPLE";
	case ATA_CMD_FLUSH_CACHE:
	case ATA_CMD_FLUSH_CACHE_EXT:
		return "FLUSH CACHE";
	case ATA_CMD_SET_MULTIPLE:
		return "SET MULTIPLE MODE";
	case ATA_CMD_READ_DMA:
	case ATA_CMD_READ_DMA_EXT:
		return "READ DMA";
	case ATA_CMD_WRITE_DMA:
	case ATA_CMD_WRITE_DMA_EXT:
		return "WRITE DMA";
	case ATA_CMD_SET_FEATURES:
		return "SET FEATURES";
	case ATA_CMD_IDENTIFY:
		return "IDENTIFY DEVICE";
	case ATA_CMD_IDENTIFY_PACKET:
		return "IDENTIFY PACKET DEVICE";
	default:
		return "command";
	}
}

static bool
ata_cmd_is_ext(u8 cmd)
{
	return cmd == ATA_CMD_READ_SECTORS_EXT ||
	       cmd == ATA_CMD_READ_MULTIPLE_EXT ||
	       cmd == ATA_CMD_WRITE_SECTORS_EXT ||
	       cmd == ATA_CMD_WRITE_MULTIPLE_EXT ||
	       cmd == ATA_CMD_READ_DMA_EXT || cmd == ATA_CMD_WRITE_DMA_EXT;
}

/* After a failed read or write the task file holds the address of the
 * sector that failed (ATA-6 8.x "Error outputs"); for LBA48 the high bytes
 * are read back with DEVCTL.HOB set (7.8). */
static u64
ata_taskfile_lba(const struct ata_channel *c, bool ext)
{
	u64 lba = inb(c->cmd + ATA_REG_LBA_LOW) |
		  (u64)inb(c->cmd + ATA_REG_LBA_MID) << 8 |
		  (u64)inb(c->cmd + ATA_REG_LBA_HIGH) << 16;

	if (!ext)
		return lba |
		       (u64)(inb(c->cmd + ATA_REG_DEVICE) & ATA_DEV_LBA28_HIGH)
			       << 24;
	outb(c->devctl | ATA_DEVCTL_HOB, c->ctl + ATA_REG_DEVCTL); /* HOB */
	lba |= (u64)inb(c->cmd + ATA_REG_LBA_LOW) << 24 |
	       (u64)inb(c->cmd + ATA_REG_LBA_MID) << 32 |
	       (u64)inb(c->cmd + ATA_REG_LBA_HIGH) << 40;
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL); /* HOB off again */
	return lba;
}

/* Say what went wrong, once: the drive, the command, the LBA of the block
 * being moved (or -1 for commands without one), the status and, when ERR
 * is set, the error register, each with its bits named. */
void
ata_report(struct ata_drive *d, u8 cmd, s64 lba, int err, u8 status,
	   const char *waiting_for)
{
	char sbits[48], ebits[64], at[64] = "";

	if (lba >= 0 && (status & ATA_SR_ERR) && cmd != ATA_CMD_FLUSH_CACHE &&
	    cmd != ATA_CMD_FLUSH_CACHE_EXT)
		snprintf(at, sizeof(at),
			 " at LBA %llu (drive reports LBA %llu)",
			 (unsigned long long)lba,
			 (unsigned long long)ata_taskfile_lba(
				 d->chan, ata_cmd_is_ext(cmd)));
	else if (lba >= 0)
		snprintf(at, sizeof(at), " at LBA %llu",
			 (unsigned long long)lba);
	ata_status_names(status, sbits, sizeof(sbits));
	if (err == -ETIMEDOUT) {
		printk("%s: timeout waiting for %s, %s%s: status 0x%02x (%s)\n",
		       d->name, waiting_for, ata_cmd_name(cmd), at, status,
		       sbits);
		return;
	}
	if (status & ATA_SR_ERR) {
		u8 e = inb(d->chan->cmd + ATA_REG_ERROR);

		ata_error_names(e, ebits, sizeof(ebits));
		printk("%s: device error, %s%s: status 0x%02x (%s), error "
		       "0x%02x (%s)\n",
		       d->name, ata_cmd_name(cmd), at, status, sbits, e, ebits);
	} else if (status & ATA_SR_DF) {
		printk("%s: device fault, %s%s: status 0x%02x (%s)\n", d->name,
		       ata_cmd_name(cmd), at, status, sbits);
	} else {
		printk("%s: protocol error, %s%s: expected %s, status 0x%02x "
		       "(%s)\n",
		       d->name, ata_cmd_name(cmd), at, waiting_for, status,
		       sbits);
	}
}

/* Reads the real status register once at the end, which also
 * acknowledges the drive's interrupt condition. */
int
ata_wait_drq(struct ata_drive *d, u8 cmd, s64 lba)
{
	u8 st;
	int ret = ata_wait_not_busy(d->chan, ATA_TIMEOUT_MS, &st);

	if (!ret)
		st = inb(d->chan->cmd + ATA_REG_STATUS);
	if (ret || (st & (ATA_SR_ERR | ATA_SR_DF)) || !(st & ATA_SR_DRQ)) {
		ata_report(d, cmd, lba, ret ? ret : -EIO, st, "DRQ");
		return ret ? ret : -EIO;
	}
	return 0;
}

int
ata_wait_done(struct ata_drive *d, u8 cmd, s64 lba)
{
	/* A FLUSH CACHE writes the drive's cache to the medium (under QEMU
	 * an fdatasync of the image): milliseconds, never worth a spin. */
	bool slow =
		cmd == ATA_CMD_FLUSH_CACHE || cmd == ATA_CMD_FLUSH_CACHE_EXT;
	u8 st;
	int ret = __ata_wait_not_busy(d->chan, ATA_TIMEOUT_MS,
				      slow ? 0 : ATA_IRQ_SPIN_US, &st);

	if (!ret)
		st = inb(d->chan->cmd + ATA_REG_STATUS);
	if (ret || (st & (ATA_SR_ERR | ATA_SR_DF | ATA_SR_DRQ))) {
		ata_report(d, cmd, lba, ret ? ret : -EIO, st,
			   "the command to complete");
		return ret ? ret : -EIO;
	}
	return 0;
}
