/* drivers/pci/master.c - letting a function master the bus (DMA).
 *
 * A PCI function may only start transactions of its own (read descriptors,
 * write received frames, raise an MSI) when bit 2 of its command register,
 * Bus Master Enable, is set (PCI Local Bus Specification 3.0, 6.2.2). The
 * firmware leaves it clear on most functions; a driver that gives its
 * device bus addresses to use sets it first, as Linux's pci_set_master()
 * does. Without it QEMU's devices silently do no DMA.
 */
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"

void
pci_set_master(struct pci_dev *dev)
{
	u16 cmd;

	if (pci_read_config_word(dev, PCI_COMMAND, &cmd) < 0)
		return;
	if (!(cmd & PCI_COMMAND_MASTER)) {
		cmd |= PCI_COMMAND_MASTER;
		pci_write_config_word(dev, PCI_COMMAND, cmd);
	}
	dev->command = cmd;
}
