/* drivers/pci/pci_iomap.c - one call to map a BAR, whatever its kind.
 *
 * Bit 0 of a BAR says whether it decodes I/O ports or memory (PCI Local Bus
 * spec 3.0, 6.2.5.1); probe.c turned that into IORESOURCE_IO or
 * IORESOURCE_MEM on dev->resource[bar]. pci_iomap gives back the kind of
 * address ioread/iowrite (kernel/iomap.h) tell apart, as Linux's does, so a
 * driver written with ioread32 works with either kind of BAR.
 */
#include "drivers/pci/pci_iomap.h"
#include "kernel/printk.h"

void __iomem *
pci_iomap(struct pci_dev *dev, int bar, u64 maxlen)
{
	u64 start, len;
	unsigned long flags;

	if (!dev || bar < 0 || bar >= PCI_STD_NUM_BARS) {
		printk("pci_iomap: %s BAR%d: no such BAR\n",
		       dev ? dev->name : "(no device)", bar);
		return NULL;
	}
	start = pci_resource_start(dev, bar);
	len = pci_resource_len(dev, bar);
	flags = pci_resource_flags(dev, bar);
	if (!flags || !len || (dev->res_state[bar] & PCI_RES_UNASSIGNED)) {
		printk("pci_iomap: %s BAR%d is %s\n", dev->name, bar,
		       flags ? "not assigned an address" : "not implemented");
		return NULL;
	}
	if (maxlen && maxlen < len)
		len = maxlen;
	if (flags & IORESOURCE_IO)
		return ioport_map((u32)start, (u32)len);
	return ioremap(start, len);
}

void
pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
	(void)dev;
	if (iomap_is_port(addr))
		ioport_unmap(addr);
	else if (addr)
		iounmap(addr);
}
