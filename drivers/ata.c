/* drivers/ata.c - ATA (IDE) disks by programmed I/O on the legacy channels.
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
 * A PIO read (ATA-6 9.5 "PIO data-in"): select the drive, wait for it to
 * be ready, write the address and count, write the command; then for each
 * DRQ data block: wait until BSY clears, check ERR/DF, check DRQ, move the
 * block with REP INSW. READ SECTORS has a block per sector; READ MULTIPLE,
 * after SET MULTIPLE MODE, has one per N sectors. A write (9.6 "PIO
 * data-out") waits for DRQ before each block and checks the status once
 * more after the last one; porthole then sends FLUSH CACHE.
 *
 * How the driver learns that a block is ready or a command done: by IRQ
 * 14/15 through the IRQ layer (kernel/irq.h) when there is one and the
 * timer ticks - the CPU halts until the drive interrupts - else, or with
 * `ata.irq=0`, by polling the alternate status with DEVCTL.nIEN set, so
 * the drive raises no interrupt at all. docs/ata.md compares the two.
 */
#include "drivers/ata.h"
#include "kernel/cmdline.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Command block registers, offsets from the channel's base (ATA-6 7.1). */
#define ATA_REG_DATA 0
#define ATA_REG_ERROR 1	   /* read */
#define ATA_REG_FEATURES 1 /* write */
#define ATA_REG_SECCOUNT 2
#define ATA_REG_LBA_LOW 3
#define ATA_REG_LBA_MID 4
#define ATA_REG_LBA_HIGH 5
#define ATA_REG_DEVICE 6
#define ATA_REG_STATUS 7  /* read */
#define ATA_REG_COMMAND 7 /* write */
#define ATA_CMD_BLOCK_PORTS 8

/* Control block: one port (ATA-6 7.3, 7.8). Linux claims only this one
 * (0x3f6), not 0x3f7, which on old PCs belonged to the floppy controller. */
#define ATA_REG_ALTSTATUS 0 /* read */
#define ATA_REG_DEVCTL 0    /* write */
#define ATA_CTL_BLOCK_PORTS 1

/* Device control register bits (ATA-6 7.8). */
#define ATA_DEVCTL_NIEN 0x02 /* the drive's INTRQ stays deasserted */
#define ATA_DEVCTL_SRST 0x04 /* software reset of both drives */
#define ATA_DEVCTL_HOB 0x80  /* read back the high ("previous") LBA48 bytes */

/* Device register bits (ATA-6 7.10). Bits 7 and 5 were "always 1" in
 * ATA-1..5; setting them is harmless and old drives expect it. */
#define ATA_DEV_OBS 0xa0
#define ATA_DEV_LBA 0x40
#define ATA_DEV_SLAVE 0x10

/* The legacy channels (ATA-6 annex, and the PIIX datasheet 2.4 "IDE
 * compatibility mode"). The IRQ is documented; porthole polls. */
#define ATA0_CMD_BASE 0x1f0
#define ATA0_CTL_BASE 0x3f6
#define ATA0_IRQ 14
#define ATA1_CMD_BASE 0x170
#define ATA1_CTL_BASE 0x376
#define ATA1_IRQ 15

/* Completion by interrupt: `ata.irq=0` keeps polling even when the IRQ
 * layer and a ticking timer are there (docs/ata.md compares the two). */
#define ATA_IRQ_PARAM "ata.irq"

/* 32-bit PIO: a PCI IDE controller (the PIIX among them) accepts a 32-bit
 * IN/OUT on the data port and turns it into two 16-bit transfers on the
 * cable. Half the port accesses for the same data; under QEMU's TCG, where
 * every port access is a call into the emulator, that is most of the cost
 * of moving a block. `ata.pio32=0|1` on the command line overrides. */
#define ATA_PIO32_PARAM "ata.pio32"

/* The status a data line reads when nothing drives the bus. */
#define ATA_FLOATING_BUS 0xff

/* How long to wait for BSY to clear. ATA-6 sets no general limit; QEMU
 * answers in well under a second, but a FLUSH CACHE is an fdatasync of the
 * image on the host, which a busy host can stretch to seconds: 10 s is
 * reached only by a drive that has failed. After a reset a drive may take
 * 31 s to spin up (ATA-6 9.2). The waits are timed with the TSC, which
 * kernel/time.c has calibrated against the PIT by the time ata_init runs;
 * without a calibration, they count status reads instead, at
 * ATA_POLLS_PER_MS (a legacy port read takes ~1 us on hardware, ~0.1 us
 * under QEMU's TCG: so then the limit is roughly right under TCG and ten
 * times too long on hardware - safe either way). */
#define ATA_TIMEOUT_MS 10000
#define ATA_RESET_TIMEOUT_MS 31000
#define ATA_POLLS_PER_MS 10000u
#define ATA_BARE_SPIN_LIMIT (ATA_TIMEOUT_MS * ATA_POLLS_PER_MS)
/* Reset timing (ATA-6 9.2): SRST held >= 5 us, then >= 2 ms before the
 * status means anything. io_delay() is ~1 us on real hardware. */
#define ATA_SRST_HOLD_DELAYS 10
#define ATA_SRST_SETTLE_DELAYS 2000

struct ata_channel {
	const char *name; /* "ata0" */
	u16 cmd;	  /* command block base */
	u16 ctl;	  /* control block base */
	u8 irq;
	bool claimed;	   /* ports are ours */
	const char *owner; /* the claims' name: "ata_piix" or "ata" */
	bool use_irq;	   /* completion by IRQ (else polled, nIEN set) */
	u8 devctl;	   /* DEVCTL's resting value: nIEN, or 0 */
	bool irq_armed;	   /* the next wait expects an interrupt */
	volatile bool irq_pending; /* set by ata_irq() */
};

static struct ata_channel channels[2] = {
	{.name = "ata0",
	 .cmd = ATA0_CMD_BASE,
	 .ctl = ATA0_CTL_BASE,
	 .irq = ATA0_IRQ},
	{.name = "ata1",
	 .cmd = ATA1_CMD_BASE,
	 .ctl = ATA1_CTL_BASE,
	 .irq = ATA1_IRQ},
};

static struct ata_drive drives[ATA_NR_DRIVES] = {
	{.name = "hda", .where = "ata0 master", .chan = &channels[0]},
	{.name = "hdb",
	 .where = "ata0 slave",
	 .chan = &channels[0],
	 .slave = true},
	{.name = "hdc", .where = "ata1 master", .chan = &channels[1]},
	{.name = "hdd",
	 .where = "ata1 slave",
	 .chan = &channels[1],
	 .slave = true},
};

struct ata_stats ata_stats;

/* Move @sectors sectors through the data port, 16 or 32 bits at a time. */
static void
ata_data_in(const struct ata_drive *d, void *buf, u32 sectors)
{
	u16 port = d->chan->cmd + ATA_REG_DATA;

	if (d->pio32)
		insl(port, buf, sectors * ATA_SECTOR_SIZE / 4);
	else
		insw(port, buf, sectors * ATA_SECTOR_WORDS);
}

static void
ata_data_out(const struct ata_drive *d, const void *buf, u32 sectors)
{
	u16 port = d->chan->cmd + ATA_REG_DATA;

	if (d->pio32)
		outsl(port, buf, sectors * ATA_SECTOR_SIZE / 4);
	else
		outsw(port, buf, sectors * ATA_SECTOR_WORDS);
}

/* One IDENTIFY block; also the scratch sector of the probe. */
static u16 identify_buf[ATA_SECTOR_WORDS];

static inline u8
ata_altstatus(const struct ata_channel *c)
{
	return inb(c->ctl + ATA_REG_ALTSTATUS);
}

/* The 400 ns a drive may take to put a valid status after a command or a
 * drive selection (ATA-6 9.7): four reads of the alternate status take at
 * least that long on any bus. */
static void
ata_delay_400ns(const struct ata_channel *c)
{
	for (int i = 0; i < 4; i++)
		ata_altstatus(c);
}

/* The next wait on @c is for an interrupt the drive will raise (a data
 * block ready, a command done). Called before the action that causes it,
 * so an interrupt that comes at once is not missed. */
static void
ata_arm_irq(struct ata_channel *c)
{
	if (!c->use_irq)
		return;
	c->irq_pending = false;
	c->irq_armed = true;
}

/* Sleep (HLT) until ata_irq() has seen the drive's interrupt, for at most
 * @ms ms. The timer's tick wakes the CPU every millisecond, so the clock is
 * checked even if the drive stays silent. Returns 0 or -ETIMEDOUT. */
static int
ata_wait_irq(struct ata_channel *c, u32 ms)
{
	u64 t0 = rdtsc(), budget = (u64)tsc_khz() * ms;
	u32 flags = irq_save();
	int ret = 0;

	c->irq_armed = false;
	while (!c->irq_pending) {
		if (rdtsc() - t0 >= budget) {
			ret = -ETIMEDOUT;
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

/* The drive's interrupt (IRQ 14 or 15): INTRQ rises when a data block is
 * ready or a command is done; reading STATUS lowers it (ATA-6 7.15). */
static irqreturn_t
ata_irq(int irq, void *dev)
{
	struct ata_channel *c = dev;

	(void)irq;
	if (ata_altstatus(c) & ATA_SR_BSY)
		return IRQ_NONE; /* not from a drive that is ready */
	inb(c->cmd + ATA_REG_STATUS);
	c->irq_pending = true;
	ata_stats.irqs++;
	return IRQ_HANDLED;
}

/* Wait until BSY clears, for at most @ms ms: first for the interrupt when
 * one is expected, then by polling the alternate status (at once done,
 * after an interrupt). Returns 0 with the final status in *status, or
 * -ETIMEDOUT (*status = the last value read). */
static int
ata_wait_not_busy(struct ata_channel *c, u32 ms, u8 *status)
{
	if (c->irq_armed && ata_wait_irq(c, ms)) {
		*status = ata_altstatus(c);
		return -ETIMEDOUT;
	}

	u64 t0 = rdtsc(), budget = (u64)tsc_khz() * ms, n = 0;
	u64 limit = (u64)ms * ATA_POLLS_PER_MS;
	u8 st;

	for (;;) {
		st = ata_altstatus(c);
		n++;
		if (!(st & ATA_SR_BSY))
			break;
		if (budget ? rdtsc() - t0 >= budget : n >= limit)
			break;
	}
	ata_stats.poll_cycles += rdtsc() - t0;
	ata_stats.polls += n;
	*status = st;
	return (st & ATA_SR_BSY) ? -ETIMEDOUT : 0;
}

/* Select the master or slave (ATA-6 9.7 "device selection protocol"):
 * wait for BSY to clear before and after writing DEVICE. (9.7 also wants
 * DRQ clear first: every transfer here ends with DRQ clear, checked by
 * ata_wait_done(), or with a channel reset.) */
static int
ata_select(struct ata_drive *d, u8 dev_bits, u8 *status)
{
	struct ata_channel *c = d->chan;
	int ret;

	c->irq_armed = false; /* no interrupt is due before a command */
	ret = ata_wait_not_busy(c, ATA_TIMEOUT_MS, status);

	if (ret)
		return ret;
	outb(ATA_DEV_OBS | (d->slave ? ATA_DEV_SLAVE : 0) | dev_bits,
	     c->cmd + ATA_REG_DEVICE);
	ata_delay_400ns(c);
	return ata_wait_not_busy(c, ATA_TIMEOUT_MS, status);
}

/* Soft-reset both drives of a channel (ATA-6 9.2); DEVCTL ends at its
 * resting value (nIEN set while polling). */
static int
ata_reset_channel(struct ata_channel *c, u8 *status)
{
	outb(c->devctl | ATA_DEVCTL_SRST, c->ctl + ATA_REG_DEVCTL);
	for (int i = 0; i < ATA_SRST_HOLD_DELAYS; i++)
		io_delay();
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL);
	for (int i = 0; i < ATA_SRST_SETTLE_DELAYS; i++)
		io_delay();
	return ata_wait_not_busy(c, ATA_RESET_TIMEOUT_MS, status);
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

/* Select, load the task file and write the command. */
static int
ata_issue(struct ata_drive *d, const struct ata_cmd_plan *p, u8 cmd, u8 *status)
{
	u8 dev = ATA_DEV_LBA;
	int ret;

	if (p && !p->lba48)
		dev |= (p->lba >> 24) & 0x0f; /* LBA bits 27:24 */
	ret = ata_select(d, dev, status);
	if (ret)
		return ret;
	/* Every command but IDENTIFY PACKET DEVICE wants DRDY (ATA-6 8.x,
	 * "Prerequisites"); a packet device may leave it clear. */
	if (cmd != ATA_CMD_IDENTIFY_PACKET && !(*status & ATA_SR_DRDY))
		return -EIO;
	if (p)
		ata_load_taskfile(d, p);
	/* Every command but a PIO write interrupts before its first wait; a
	 * write's first block is asked for by DRQ alone (ATA-6 9.6). */
	if (!ata_cmd_is_write(cmd))
		ata_arm_irq(d->chan);
	outb(cmd, d->chan->cmd + ATA_REG_COMMAND);
	ata_stats.commands++;
	ata_delay_400ns(d->chan); /* BSY is valid only after this */
	return 0;
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
	       cmd == ATA_CMD_WRITE_MULTIPLE_EXT;
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
		return lba | (u64)(inb(c->cmd + ATA_REG_DEVICE) & 0x0f) << 24;
	outb(c->devctl | ATA_DEVCTL_HOB, c->ctl + ATA_REG_DEVCTL);
	lba |= (u64)inb(c->cmd + ATA_REG_LBA_LOW) << 24 |
	       (u64)inb(c->cmd + ATA_REG_LBA_MID) << 32 |
	       (u64)inb(c->cmd + ATA_REG_LBA_HIGH) << 40;
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL);
	return lba;
}

/* Say what went wrong, once: the drive, the command, the LBA of the block
 * being moved (or -1 for commands without one), the status and, when ERR
 * is set, the error register, each with its bits named. */
static void
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

/* Wait for the next data block of a command: BSY clear, no ERR or DF, DRQ
 * set. Reads the real status register once at the end, which also
 * acknowledges the drive's interrupt condition. */
static int
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

/* After the last block (and for non-data commands): BSY clear, no ERR or
 * DF, and no DRQ left: the drive wants no more data. */
static int
ata_wait_done(struct ata_drive *d, u8 cmd, s64 lba)
{
	u8 st;
	int ret = ata_wait_not_busy(d->chan, ATA_TIMEOUT_MS, &st);

	if (!ret)
		st = inb(d->chan->cmd + ATA_REG_STATUS);
	if (ret || (st & (ATA_SR_ERR | ATA_SR_DF | ATA_SR_DRQ))) {
		ata_report(d, cmd, lba, ret ? ret : -EIO, st,
			   "the command to complete");
		return ret ? ret : -EIO;
	}
	return 0;
}

int
ata_usable(const struct ata_drive *d)
{
	if (!d || d->class == ATA_CLASS_NONE)
		return -ENODEV;
	if (ata_class_is_packet(d->class))
		return -EOPNOTSUPP;
	return 0;
}

/* Check a request before anything reaches the drive. On success *block is
 * the sectors per DRQ block the chosen mode moves. */
static int
ata_check_request(struct ata_drive *d, u64 lba, u32 count,
		  enum ata_pio_mode mode, u32 *block)
{
	int ret = ata_usable(d);

	if (ret)
		return ret;
	ret = ata_check_range(lba, count, d->id.sectors);
	if (ret)
		return ret;
	if (mode == ATA_PIO_MULTIPLE && !d->multiple)
		return -EINVAL;
	*block = (mode != ATA_PIO_SECTORS && d->multiple) ? d->multiple : 1;
	return 0;
}

static u8
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

/* One command of a transfer: @p->count sectors in blocks of @block. */
static int
ata_pio_command(struct ata_drive *d, const struct ata_cmd_plan *p, u32 block,
		u8 *buf, bool write)
{
	u8 cmd = ata_rw_command(write, block > 1, p->lba48), st;
	int ret = ata_issue(d, p, cmd, &st);

	if (ret) {
		ata_report(d, cmd, (s64)p->lba, ret, st, "DRDY");
		return ret;
	}
	for (u32 done = 0; done < p->count;) {
		u32 n = MIN(block, p->count - done);

		ret = ata_wait_drq(d, cmd, (s64)(p->lba + done));
		if (ret)
			return ret;
		/* The drive interrupts after this block when it has another
		 * one ready (reads) or has taken this one (writes). */
		if (write || done + n < p->count)
			ata_arm_irq(d->chan);
		if (write)
			ata_data_out(d, buf, n);
		else
			ata_data_in(d, buf, n);
		ata_stats.blocks++;
		buf += n * ATA_SECTOR_SIZE;
		done += n;
	}
	/* A read's errors come before its data; a write's last block is
	 * only on the medium (or in the cache) when BSY clears without ERR. */
	return ata_wait_done(d, cmd, (s64)(p->lba + p->count - 1));
}

static void ata_setup_multiple(struct ata_drive *d);

/* After a timeout the drive may still be inside the command: a software
 * reset ends it (ATA-6 9.2) so that the next command starts clean. The
 * reset may also have reverted the multiple count, so set it again. */
static void
ata_recover(struct ata_drive *d)
{
	u8 st;

	if (ata_reset_channel(d->chan, &st)) {
		printk("%s: still busy after a reset (status 0x%02x)\n",
		       d->chan->name, st);
		return;
	}
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (drives[i].chan == d->chan && ata_usable(&drives[i]) == 0)
			ata_setup_multiple(&drives[i]);
}

static int
ata_transfer(struct ata_drive *d, u64 lba, u32 count, u8 *buf,
	     enum ata_pio_mode mode, bool write)
{
	u32 block;
	int ret = ata_check_request(d, lba, count, mode, &block);

	if (ret)
		return ret;
	while (count) {
		struct ata_cmd_plan p;

		ata_plan(lba, count, d->id.lba48, &p);
		ret = ata_pio_command(d, &p, block, buf, write);
		if (ret == -ETIMEDOUT)
			ata_recover(d);
		if (ret)
			return ret;
		lba += p.count;
		count -= p.count;
		buf += (size_t)p.count * ATA_SECTOR_SIZE;
	}
	return 0;
}

int
ata_read(struct ata_drive *d, u64 lba, u32 count, void *buf,
	 enum ata_pio_mode mode)
{
	return ata_transfer(d, lba, count, buf, mode, false);
}

int
ata_flush(struct ata_drive *d)
{
	u8 cmd = d->id.lba48 ? ATA_CMD_FLUSH_CACHE_EXT : ATA_CMD_FLUSH_CACHE;
	u8 st;
	int ret = ata_usable(d);

	if (ret)
		return ret;
	ret = ata_issue(d, NULL, cmd, &st);
	if (ret) {
		ata_report(d, cmd, -1, ret, st, "DRDY");
		return ret;
	}
	ret = ata_wait_done(d, cmd, -1);
	if (ret == -ETIMEDOUT)
		ata_recover(d);
	return ret;
}

int
ata_write(struct ata_drive *d, u64 lba, u32 count, const void *buf,
	  enum ata_pio_mode mode, unsigned int flags)
{
	/* ata_transfer only reads from buf when writing. */
	int ret = ata_transfer(d, lba, count, (u8 *)buf, mode, true);

	if (ret < 0 && ret != -EIO && ret != -ETIMEDOUT)
		return ret; /* refused: nothing was sent */
	/* Flush even after a failed write: what did reach the drive's cache
	 * should reach the medium. */
	if (!(flags & ATA_WRITE_NOFLUSH)) {
		int fret = ata_flush(d);

		if (!ret)
			ret = fret;
	}
	return ret;
}

static int
ata_bare_loop(struct ata_drive *d, u64 lba, u32 count, u8 *p8, u32 block)
{
	while (count) {
		struct ata_cmd_plan p;
		u8 st;

		ata_plan(lba, count, d->id.lba48, &p);
		u8 cmd = ata_rw_command(false, block > 1, p.lba48);
		ata_issue(d, &p, cmd, &st);
		for (u32 done = 0; done < p.count; done += block) {
			u32 n = MIN(block, p.count - done);
			u32 spins = 0;

			/* A bound, but no clock: the loop stays minimal. */
			while ((ata_altstatus(d->chan) & ATA_SR_BSY) &&
			       ++spins < ATA_BARE_SPIN_LIMIT)
				;
			if (spins == ATA_BARE_SPIN_LIMIT) {
				ata_report(d, cmd, (s64)(p.lba + done),
					   -ETIMEDOUT, ATA_SR_BSY,
					   "BSY to clear");
				return -ETIMEDOUT;
			}
			ata_data_in(d, p8, n);
			p8 += n * ATA_SECTOR_SIZE;
		}
		lba += p.count;
		count -= p.count;
	}
	return 0;
}

int
ata_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf, bool multiple)
{
	struct ata_channel *c = d->chan;
	bool use_irq = c->use_irq;
	u32 block;
	int ret = ata_check_request(
		d, lba, count, multiple ? ATA_PIO_MULTIPLE : ATA_PIO_SECTORS,
		&block);

	if (ret)
		return ret;
	/* The baseline polls, with the drive's interrupt off, in any mode. */
	c->use_irq = false;
	outb(c->devctl | ATA_DEVCTL_NIEN, c->ctl + ATA_REG_DEVCTL);
	ret = ata_bare_loop(d, lba, count, buf, block);
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL);
	c->use_irq = use_irq;
	return ret;
}

/* IDENTIFY (PACKET) DEVICE into identify_buf. A drive that aborts it
 * answers with ERR (an ATAPI device aborts IDENTIFY DEVICE). */
static int
ata_identify(struct ata_drive *d, u8 cmd)
{
	u8 st;
	int ret = ata_issue(d, NULL, cmd, &st);

	if (ret) {
		ata_report(d, cmd, -1, ret, st, "DRDY");
		return ret;
	}
	ret = ata_wait_drq(d, cmd, -1);
	if (ret)
		return ret;
	insw(d->chan->cmd + ATA_REG_DATA, identify_buf, ATA_SECTOR_WORDS);
	return 0;
}

/* The largest power of two <= max: SET MULTIPLE MODE wants 1, 2, 4, .. 128
 * (ATA8-ACS 7.46; ATA-6 allowed any value the drive supports). */
static u8
ata_pow2_floor(u8 max)
{
	u8 p = 1;

	while (p <= max / 2)
		p *= 2;
	return p;
}

/* Switch READ/WRITE MULTIPLE on with the drive's largest block. */
static void
ata_setup_multiple(struct ata_drive *d)
{
	u8 n = ata_pow2_floor(d->id.multiple_max), st;
	struct ata_channel *c = d->chan;

	d->multiple = 0;
	if (!d->id.multiple_max)
		return;
	if (ata_select(d, 0, &st))
		return;
	outb(n, c->cmd + ATA_REG_SECCOUNT);
	outb(ATA_CMD_SET_MULTIPLE, c->cmd + ATA_REG_COMMAND);
	ata_stats.commands++;
	ata_delay_400ns(c);
	if (ata_wait_done(d, ATA_CMD_SET_MULTIPLE, -1) == 0)
		d->multiple = n;
}

/* Find out what sits at one position of a channel that was just reset. */
static void
ata_probe_drive(struct ata_drive *d)
{
	struct ata_channel *c = d->chan;
	u8 st;

	d->class = ATA_CLASS_NONE;
	if (ata_select(d, 0, &st))
		return;
	/* After a reset, a present drive leaves its signature (ATA-6 9.12). */
	enum ata_class class = ata_classify(inb(c->cmd + ATA_REG_LBA_MID),
					    inb(c->cmd + ATA_REG_LBA_HIGH));
	/* An ATA disk is ready after reset; status 0 means no drive
	 * answered (QEMU reads 0 on a channel with no drive at all). */
	if (class == ATA_CLASS_NONE || (!ata_class_is_packet(class) && !st))
		return;
	u8 cmd = ata_class_is_packet(class) ? ATA_CMD_IDENTIFY_PACKET
					    : ATA_CMD_IDENTIFY;
	if (ata_identify(d, cmd))
		return;
	d->class = class;
	ata_parse_identify(identify_buf, &d->id);
	if (!ata_class_is_packet(class))
		ata_setup_multiple(d);
}

static void
ata_print_drive(const struct ata_drive *d)
{
	const struct ata_identity *id = &d->id;

	if (d->class == ATA_CLASS_NONE) {
		printk("%s %s: no device\n", d->where, d->name);
		return;
	}
	if (ata_class_is_packet(d->class)) {
		printk("%s %s: %s \"%s\": packet device (CD/DVD), skipped\n",
		       d->where, d->name, ata_class_name(d->class), id->model);
		return;
	}
	char done[16] = "polled";

	if (d->chan->use_irq)
		snprintf(done, sizeof(done), "IRQ %u", d->chan->irq);
	printk("%s %s: %s \"%s\" %llu sectors (%llu MiB), %s, multiple %u, "
	       "%u-bit PIO, %s%s\n",
	       d->where, d->name, ata_class_name(d->class), id->model,
	       (unsigned long long)id->sectors,
	       (unsigned long long)(id->sectors >> 11),
	       id->lba48 ? "LBA48" : "LBA28", d->multiple, d->pio32 ? 32 : 16,
	       done,
	       id->checksum_present && !id->checksum_ok
		       ? ", IDENTIFY checksum BAD"
		       : "");
}

struct resource *
ata_request_region(resource_size_t start, resource_size_t n)
{
	struct resource *holder = resource_lookup(&ioport_resource, start);
	bool in_pci_function = holder && holder != &ioport_resource &&
			       !(holder->flags & IORESOURCE_BUSY) &&
			       holder->name &&
			       !strncmp(holder->name, "0000:", 5);

	return __request_region(&ioport_resource, start, n,
				in_pci_function ? "ata_piix" : "ata", 0);
}

/* Both options take 0 or 1; cmdline_check() refuses any other value. */
static const char *
ata_pio32_check(const char *v)
{
	return cmdline_check_bool01(v);
}
CMDLINE_OPTION(ATA_PIO32_PARAM, ata_pio32_check);

static const char *
ata_irq_check(const char *v)
{
	return cmdline_check_bool01(v);
}
CMDLINE_OPTION(ATA_IRQ_PARAM, ata_irq_check);

/* 16 or 32 bits per data port access for the drives of @c: 32 when the
 * ports are a PCI IDE function's (@claim nests under its node). */
static void
ata_choose_pio_width(struct ata_channel *c, const struct resource *claim)
{
	const char *param = cmdline_get(ATA_PIO32_PARAM);
	bool pio32 = claim->parent != &ioport_resource;

	if (param)
		pio32 = strcmp(param, "0") != 0;
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (drives[i].chan == c)
			drives[i].pio32 = pio32;
}

/* Completion by interrupt when the IRQ layer can deliver IRQ 14/15 and a
 * ticking timer bounds the sleep; `ata.irq=0` keeps polling. The drive's
 * INTRQ is enabled (nIEN cleared) only once the handler is in place. */
static void
ata_setup_irq(struct ata_channel *c)
{
	const char *param = cmdline_get(ATA_IRQ_PARAM);

	if ((param && !strcmp(param, "0")) || !time_have_tick() || !tsc_khz())
		return;
	if (request_irq(c->irq, ata_irq, c->owner, c))
		return; /* request_irq said why; stay polled */
	c->use_irq = true;
	c->devctl = 0;
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL);
}

static void
ata_init_channel(struct ata_channel *c)
{
	struct resource *claim =
		ata_request_region(c->cmd, ATA_CMD_BLOCK_PORTS);
	u8 st;

	if (!claim)
		return;
	if (!ata_request_region(c->ctl, ATA_CTL_BLOCK_PORTS)) {
		release_region(c->cmd, ATA_CMD_BLOCK_PORTS);
		return;
	}
	c->claimed = true;
	c->owner = claim->name;
	c->devctl = ATA_DEVCTL_NIEN; /* polled until ata_setup_irq() */
	ata_choose_pio_width(c, claim);

	/* Nothing drives the bus: no controller decodes these ports. */
	outb(ATA_DEV_OBS, c->cmd + ATA_REG_DEVICE);
	ata_delay_400ns(c);
	st = inb(c->cmd + ATA_REG_STATUS);
	if (st == ATA_FLOATING_BUS) {
		printk("%s: floating bus at 0x%x (status 0x%02x): no "
		       "controller, ports released\n",
		       c->name, c->cmd, st);
		release_region(c->cmd, ATA_CMD_BLOCK_PORTS);
		release_region(c->ctl, ATA_CTL_BLOCK_PORTS);
		c->claimed = false;
		return;
	}
	if (ata_reset_channel(c, &st)) {
		printk("%s: still busy after a reset (status 0x%02x): channel "
		       "skipped\n",
		       c->name, st);
		return;
	}
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (drives[i].chan == c)
			ata_probe_drive(&drives[i]);
	ata_setup_irq(c);
}

void
ata_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(channels); i++)
		ata_init_channel(&channels[i]);
	ata_pci_claim_bmdma();
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (drives[i].chan->claimed)
			ata_print_drive(&drives[i]);
}

struct ata_drive *
ata_drive_get(int i)
{
	return (i >= 0 && i < ATA_NR_DRIVES) ? &drives[i] : NULL;
}

struct ata_drive *
ata_drive_by_name(const char *name)
{
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (!strcmp(drives[i].name, name))
			return &drives[i];
	return NULL;
}
