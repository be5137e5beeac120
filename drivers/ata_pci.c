/* drivers/ata_pci.c - the PCI face of the IDE controller.
 *
 * A PCI IDE function in compatibility mode (class 01, subclass 01) decodes
 * the legacy channel ports, which drivers/ata.c claims, and, when prog-if
 * bit 7 says it can master the bus, has a 16-port "bus master IDE" block
 * in BAR 4 (PCI IDE Controller Specification rev 1.0, section 2.1, and the
 * 82371SB datasheet, "BMIBA"): the DMA engine's command, status and
 * descriptor-table registers for both channels. porthole does no DMA, but
 * the driver owns the controller, so it claims the block as Linux's
 * ata_piix does (`c040-c04f : ata_piix` under `0000:00:01.1`).
 *
 * This is the one file of the driver that uses the PCI code. Until the PCI
 * code is in the tree (branch pci) there is no BAR to read and nothing to
 * claim; the #if below goes when it lands.
 */
#include "drivers/ata.h"
#include "kernel/printk.h"

#if __has_include("drivers/pci/pci.h")
#include "drivers/pci/pci.h"

#define PCI_CLASS_IDE 0x010100	    /* class 01 mass storage, subclass 01 IDE */
#define PCI_CLASS_IDE_MASK 0xffff00 /* any programming interface */
#define PCI_IDE_PROGIF_MASTER                                                  \
	0x80		    /* bus master IDE capable (prog-if bit 7)          \
			     */
#define PCI_IDE_BMDMA_BAR 4 /* the bus master registers */

void
ata_pci_claim_bmdma(void)
{
	for (struct pci_dev *d = pci_get_class_mask(PCI_CLASS_IDE,
						    PCI_CLASS_IDE_MASK, NULL);
	     d; d = pci_get_class_mask(PCI_CLASS_IDE, PCI_CLASS_IDE_MASK, d)) {
		if (!(d->prog_if & PCI_IDE_PROGIF_MASTER) ||
		    !(pci_resource_flags(d, PCI_IDE_BMDMA_BAR) & IORESOURCE_IO))
			continue;
		/* Nests inside the BAR's own node, named after the function. */
		request_region(pci_resource_start(d, PCI_IDE_BMDMA_BAR),
			       pci_resource_len(d, PCI_IDE_BMDMA_BAR),
			       "ata_piix");
	}
}
#else
void
ata_pci_claim_bmdma(void)
{
	/* No PCI code in this kernel: no BAR 4 is known, nothing to claim. */
}
#endif
