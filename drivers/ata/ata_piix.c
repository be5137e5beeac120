/* drivers/ata/ata_piix.c - the PCI face of the IDE controller.
 *
 * An IDE controller is PCI class 01 (mass storage), subclass 01 (IDE). Its
 * programming interface byte (PCI IDE Controller Specification rev 1.0,
 * section 2.1) says, per channel, whether it runs in compatibility mode -
 * decoding the fixed ISA-era ports 0x1f0/0x3f6 and 0x170/0x376, with IRQ
 * 14 and 15 - or in native mode, at the addresses in BARs 0-3 with the
 * function's PCI interrupt; bit 7 says it can master the bus, and then
 * BAR 4 holds the 16-port "bus master IDE" block (82371SB datasheet,
 * "BMIBA"): the DMA engine's command, status and descriptor-table
 * registers for both channels.
 *
 * The driver binds through a match table (drivers/pci/driver.c), as Linux
 * splits it: "ata_piix" for Intel's PIIX/ICH parts by vendor:device, and
 * "ata_generic" for any other function of the IDE class. Either way the
 * probe runs each compatibility-mode channel (probe.c) with its claims
 * named after the driver, so they nest inside the function's ranges
 * (`01f0-01f7 : ata_piix` under `0000:00:01.1`), and claims the
 * bus-master block, where the DMA transport (bmdma.c) programs. Native-mode
 * channels are not driven (yet): the probe says so.
 */
#include "drivers/ata/bmdma.h"
#include "drivers/ata/taskfile.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/printk.h"
#include "lib/errno.h"

/* Per channel: its prog-if "native mode" bit. */
static const u8 ata_pci_native_bit[2] = {PCI_IDE_PRIMARY_NATIVE,
					 PCI_IDE_SECONDARY_NATIVE};

/* Claim BAR 4 when prog-if bit 7 says the controller masters the bus. */
static void
ata_pci_claim_bmdma(struct pci_dev *dev, const char *owner)
{
	if (!(dev->prog_if & PCI_IDE_BUS_MASTER) ||
	    !(pci_resource_flags(dev, PCI_IDE_BMDMA_BAR) & IORESOURCE_IO))
		return;
	/* Nests inside the BAR's own node, named after the function;
	 * request_region prints a conflict. */
	request_region(pci_resource_start(dev, PCI_IDE_BMDMA_BAR),
		       pci_resource_len(dev, PCI_IDE_BMDMA_BAR), owner);
}

/* For each legacy channel whose reset a probe began, the IDE function it
 * belongs to; ata_pci_finish() identifies the drives. (Two functions may
 * each run one channel in compatibility mode.) */
static struct pci_dev *pending[2];

static int
ata_pci_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	const char *owner = dev->driver->name;
	int probed = 0, err = -ENODEV;
	bool begun[2] = {false, false};

	(void)id;
	/* Both channels' resets now, their drives in ata_pci_finish(): the
	 * 2 ms every reset must settle (ATA-6 9.2) passes once for both, and
	 * while the boot does other work (kernel/main.c). */
	for (int ch = 0; ch < 2; ch++) {
		if (dev->prog_if & ata_pci_native_bit[ch]) {
			printk("%s %s: channel %d in native mode (prog-if "
			       "0x%02x): not supported, skipped\n",
			       owner, dev->name, ch, dev->prog_if);
			continue;
		}
		/* The controller decodes the ports: 32-bit PIO works. */
		int ret =
			ata_probe_channel_begin(&ata_channels[ch], owner, true);

		if (ret == 0) {
			begun[ch] = true;
			probed++;
		} else if (ret == -EBUSY) {
			err = -EBUSY;
		}
	}
	if (!probed)
		return err; /* nothing of it is ours: leave it unbound */
	for (int ch = 0; ch < 2; ch++)
		if (begun[ch])
			pending[ch] = dev;
	return 0;
}

void
ata_pci_finish(void)
{
	for (int ch = 0; ch < 2; ch++)
		if (pending[ch])
			ata_probe_channel_end(&ata_channels[ch]);
	for (int ch = 0; ch < 2; ch++) {
		struct pci_dev *dev = pending[ch];

		if (!dev || (ch == 1 && pending[0] == dev))
			continue; /* none, or the function done for channel 0 */
		ata_pci_claim_bmdma(dev, dev->driver->name);
		ata_bmdma_setup(
			dev); /* DMA for the drives that can (bmdma.c) */
	}
	pending[0] = pending[1] = NULL;
}

/* Intel's IDE functions (Linux's ata_piix table has these and more). */
static const struct pci_device_id ata_piix_ids[] = {
	{PCI_DEVICE(0x8086, 0x1230)}, /* 82371FB PIIX */
	{PCI_DEVICE(0x8086, 0x7010)}, /* 82371SB PIIX3: QEMU's pc */
	{PCI_DEVICE(0x8086, 0x7111)}, /* 82371AB/EB/MB PIIX4 */
	{0},
};

static const struct pci_device_id ata_generic_ids[] = {
	{PCI_DEVICE_CLASS(PCI_CLASS_CODE_STORAGE_IDE,
			  PCI_CLASS_CODE_MASK_ANY_PROGIF)},
	{0},
};

static struct pci_driver ata_piix_driver = {
	.name = "ata_piix",
	.id_table = ata_piix_ids,
	.probe = ata_pci_probe,
};

static struct pci_driver ata_generic_driver = {
	.name = "ata_generic",
	.id_table = ata_generic_ids,
	.probe = ata_pci_probe,
};

int
ata_pci_init(void)
{
	int a, b;

	if (!pci_get_class_mask(PCI_CLASS_CODE_STORAGE_IDE,
				PCI_CLASS_CODE_MASK_ANY_PROGIF, NULL))
		return -ENODEV;
	/* The specific driver first: what it binds, the generic one skips. */
	a = pci_register_driver(&ata_piix_driver);
	b = pci_register_driver(&ata_generic_driver);
	return (a > 0 ? a : 0) + (b > 0 ? b : 0);
}
