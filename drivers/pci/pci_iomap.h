/* drivers/pci/pci_iomap.h - map a PCI BAR the right way for its kind. */
#ifndef DRIVERS_PCI_PCI_IOMAP_H
#define DRIVERS_PCI_PCI_IOMAP_H

#include "drivers/pci/pci.h"
#include "kernel/iomap.h"

/* pci_iomap - a cookie for BAR @bar of @dev that ioread/iowrite accept:
 * ioport_map() for an I/O BAR, ioremap() (uncached) for a memory BAR. At
 * most @maxlen bytes are mapped (0: the whole BAR). Returns NULL after one
 * line when the BAR is unused or unassigned, or the mapping is refused
 * (ioremap says why, e.g. a 64-bit BAR above 4 GiB). Claims nothing: call
 * request_region/request_mem_region first. Thread context. */
void __iomem *pci_iomap(struct pci_dev *dev, int bar, u64 maxlen);

/* pci_iounmap - undo pci_iomap (iounmap for memory, nothing for ports). */
void pci_iounmap(struct pci_dev *dev, void __iomem *addr);

#endif
