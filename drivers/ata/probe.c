/* drivers/ata/probe.c - finding the drives: channels, reset, IDENTIFY.
 *
 * For each channel: claim its ports (command block 8, control block 1),
 * check that something decodes them (a floating bus reads 0xff), reset
 * both drives (ATA-6 9.2), then look at each position. After a reset a
 * present drive leaves a signature in LBA mid/high (9.12) that says what
 * it is: an ATA disk is asked IDENTIFY DEVICE, a packet device (CD-ROM)
 * IDENTIFY PACKET DEVICE; a disk then gets READ/WRITE MULTIPLE with its
 * largest block. Last the channel's interrupt is requested, and the drive's
 * INTRQ enabled.
 *
 * Who probes a channel: the PCI IDE function's driver (ata_piix.c), bound
 * through its match table, for each channel it runs in compatibility mode,
 * so the claims nest inside the function's ranges as Linux's do; on a
 * machine without a PCI IDE function (QEMU's isapc) ata_init_begin()
 * probes the two legacy channels itself and names the claims "ata".
 *
 * The boot does it in two steps, apart (kernel/main.c): ata_init_begin()
 * claims the channels and starts their resets, ata_init() comes back to
 * them later for the drives. The 2 ms a reset must settle before BSY
 * means anything (ATA-6 9.2) then passes while other drivers start,
 * instead of in a loop watching the clock.
 */
#include "drivers/ata/ahci.h"
#include "drivers/ata/taskfile.h"
#include "drivers/ata/xfer_mode.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* The legacy channels (ATA-6 annex; PIIX datasheet 2.4 "IDE
 * compatibility mode"); the interrupts are ISA IRQ 14 and 15. */
#define ATA0_CMD_BASE 0x1f0
#define ATA0_CTL_BASE 0x3f6
#define ATA0_IRQ 14
#define ATA1_CMD_BASE 0x170
#define ATA1_CTL_BASE 0x376
#define ATA1_IRQ 15

/* Completion by interrupt: `ata.irq=0` keeps polling even when the IRQ
 * layer and a ticking timer are there (docs/ata.md compares the two). */
#define ATA_IRQ_PARAM "ata.irq"
/* `ata.pio32=0|1` overrides the data port width (pio.c). */
#define ATA_PIO32_PARAM "ata.pio32"

/* The status a data line reads when nothing drives the bus. */
#define ATA_FLOATING_BUS 0xff

struct ata_channel ata_channels[2] = {
	{.name = "ata0",
	 .cmd = ATA0_CMD_BASE,
	 .ctl = ATA0_CTL_BASE,
	 .irq = ATA0_IRQ},
	{.name = "ata1",
	 .cmd = ATA1_CMD_BASE,
	 .ctl = ATA1_CTL_BASE,
	 .irq = ATA1_IRQ},
};

struct ata_drive ata_drives[ATA_NR_DRIVES] = {
	{.name = "hda", .where = "ata0 master", .chan = &ata_channels[0]},
	{.name = "hdb",
	 .where = "ata0 slave",
	 .chan = &ata_channels[0],
	 .slave = true},
	{.name = "hdc", .where = "ata1 master", .chan = &ata_channels[1]},
	{.name = "hdd",
	 .where = "ata1 slave",
	 .chan = &ata_channels[1],
	 .slave = true},
};

/* One IDENTIFY block. */
static u16 identify_buf[ATA_SECTOR_WORDS];

/* IDENTIFY (PACKET) DEVICE into identify_buf. A drive that aborts it
 * answers with ERR (an ATAPI device aborts IDENTIFY DEVICE). */
static int
ata_identify(struct ata_drive *d, u8 cmd)
{
	int ret = ata_issue_nodata(d, cmd, 0);

	if (ret)
		return ret;
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

void
ata_setup_multiple(struct ata_drive *d)
{
	u8 n = ata_pow2_floor(d->id.multiple_max);

	d->multiple = 0;
	if (!d->id.multiple_max)
		return;
	if (d->ops->nodata(d, ATA_CMD_SET_MULTIPLE, n) == 0)
		d->multiple = n;
}

/* What sits at one position of a channel that was just reset: the
 * signature it left in LBA mid/high (ATA-6 9.12). Read for both positions
 * before any command, since a command's inputs overwrite the registers of
 * both drives. */
static enum ata_class
ata_signature(struct ata_drive *d)
{
	struct ata_channel *c = d->chan;
	enum ata_class class;
	u8 st;

	if (ata_select(d, 0, &st))
		return ATA_CLASS_NONE;
	class = ata_classify(inb(c->cmd + ATA_REG_LBA_MID),
			     inb(c->cmd + ATA_REG_LBA_HIGH));
	/* An ATA disk is ready after reset; status 0 means no drive
	 * answered (QEMU reads 0 on a channel with no drive at all). */
	if (!ata_class_is_packet(class) && !st)
		return ATA_CLASS_NONE;
	return class;
}

/* Identify the drive whose signature said @class; d->class stays NONE
 * when it does not answer. */
static void
ata_probe_drive(struct ata_drive *d, enum ata_class class)
{
	d->class = ATA_CLASS_NONE;
	d->ops = &ata_pio_ops;
	if (class == ATA_CLASS_NONE)
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
	char done[16] = "polled", dma[24] = "", mode[16];

	if (d->chan->use_irq)
		snprintf(done, sizeof(done), "IRQ %u", d->chan->irq);
	if (ata_xfer_is_dma(d->xfer)) /* bmdma.c set the drive up for DMA */
		snprintf(dma, sizeof(dma), "DMA %s, ",
			 ata_xfer_name(d->xfer, mode, sizeof(mode)));
	printk("%s %s: %s \"%s\" %llu sectors (%llu MiB), %s, multiple %u, "
	       "%u-bit PIO, %s%s%s\n",
	       d->where, d->name, ata_class_name(d->class), id->model,
	       (unsigned long long)id->sectors,
	       (unsigned long long)(id->sectors >> 11),
	       id->lba48 ? "LBA48" : "LBA28", d->multiple, d->pio32 ? 32 : 16,
	       dma, done,
	       id->checksum_present && !id->checksum_ok
		       ? ", IDENTIFY checksum BAD"
		       : "");
}

/* Both options take 0 or 1; cmdline_check() refuses any other value at
 * boot, in one line, and the option is then ignored. */
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

/* 16 or 32 bits per data port access for the drives of @c (@pio32: the
 * ports are a PCI IDE controller's), unless the command line says. */
static void
ata_choose_pio_width(struct ata_channel *c, bool pio32)
{
	const char *param = cmdline_get(ATA_PIO32_PARAM);

	if (param)
		pio32 = strcmp(param, "0") != 0;
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_drives[i].chan == c)
			ata_drives[i].pio32 = pio32;
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
	outb(c->devctl, c->ctl + ATA_REG_DEVCTL); /* nIEN off: INTRQ on */
}

static void
ata_release_channel(struct ata_channel *c)
{
	release_region(c->cmd, ATA_CMD_BLOCK_PORTS);
	release_region(c->ctl, ATA_CTL_BLOCK_PORTS);
	c->claimed = false;
}

int
ata_probe_channel_begin(struct ata_channel *c, const char *owner, bool pio32)
{
	u8 st;

	/* A claim nests inside a PCI function's range that holds the ports
	 * (not busy, so it takes a driver's claim), as Linux's does. */
	if (!__request_region(&ioport_resource, c->cmd, ATA_CMD_BLOCK_PORTS,
			      owner, 0))
		return -EBUSY;
	if (!__request_region(&ioport_resource, c->ctl, ATA_CTL_BLOCK_PORTS,
			      owner, 0)) {
		release_region(c->cmd, ATA_CMD_BLOCK_PORTS);
		return -EBUSY;
	}
	c->claimed = true;
	c->owner = owner;
	c->devctl = ATA_DEVCTL_NIEN; /* polled until ata_setup_irq() */
	ata_choose_pio_width(c, pio32);

	/* Nothing drives the bus: no controller decodes these ports. */
	outb(ATA_DEV_OBS, c->cmd + ATA_REG_DEVICE); /* select the master */
	ata_delay_400ns(c);
	st = inb(c->cmd + ATA_REG_STATUS);
	if (st == ATA_FLOATING_BUS) {
		printk("%s: floating bus at 0x%x (status 0x%02x): no "
		       "controller, ports released\n",
		       c->name, c->cmd, st);
		ata_release_channel(c);
		return -ENODEV;
	}
	ata_reset_begin(c); /* the 2 ms settle runs from here */
	return 0;
}

int
ata_probe_channel_end(struct ata_channel *c)
{
	u8 st;

	if (ata_reset_end(c, &st)) {
		printk("%s: still busy after a reset (status 0x%02x): channel "
		       "skipped\n",
		       c->name, st);
		return 0; /* the ports stay ours: the controller is there */
	}
	enum ata_class sig[ATA_NR_DRIVES];

	for (int i = 0; i < ATA_NR_DRIVES; i++)
		sig[i] = ata_drives[i].chan == c ? ata_signature(&ata_drives[i])
						 : ATA_CLASS_NONE;
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_drives[i].chan == c)
			ata_probe_drive(&ata_drives[i], sig[i]);
	ata_setup_irq(c);
	return 0;
}

/* Without a PCI IDE function: which legacy channels ata_init_begin reset. */
static bool legacy;
static bool legacy_begun[ARRAY_SIZE(ata_channels)];

void
ata_init_begin(void)
{
	/* No PCI IDE function (isapc, or PCI absent): the ISA-era channels,
	 * both reset now, one 2 ms settle for both. */
	legacy = ata_pci_init() == -ENODEV;
	if (legacy)
		for (size_t i = 0; i < ARRAY_SIZE(ata_channels); i++)
			legacy_begun[i] = !ata_probe_channel_begin(
				&ata_channels[i], "ata", false);
}

void
ata_init(void)
{
	if (legacy) {
		for (size_t i = 0; i < ARRAY_SIZE(ata_channels); i++)
			if (legacy_begun[i])
				ata_probe_channel_end(&ata_channels[i]);
	} else {
		ata_pci_finish();
	}
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		if (ata_drives[i].chan->claimed)
			ata_print_drive(&ata_drives[i]);
	ahci_init(); /* SATA controllers: sda, sdb, ... (ahci.c) */
}
