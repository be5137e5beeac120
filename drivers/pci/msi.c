/* drivers/pci/msi.c - Message Signalled Interrupts: an interrupt that is a
 * memory write.
 *
 * A PCI INTx interrupt is a wire (four per slot, shared, level-triggered,
 * routed through the chipset to the I/O APIC or the 8259). An MSI is not:
 * the device raises it by writing a 32-bit value (the message data) to an
 * address (the message address), both of which the driver wrote into the
 * function's MSI capability (PCI Local Bus Specification 3.0, 6.8). On a
 * PC that address lies in the 0xfee00000 window, which the chipset does
 * not forward to memory: it is the Local APICs' (Intel SDM vol. 3A, 11.11).
 * The address names the destination APIC, the data names the vector, and
 * the Local APIC delivers it as if the I/O APIC had sent it. No wire, no
 * sharing, no routing tables, no Remote IRR: it is edge-triggered by
 * nature (one write, one interrupt), and it arrives after the device's
 * earlier DMA writes, because it is one of them.
 *
 * Linux numbers an MSI's line after the I/O APIC's GSIs (24 and up on
 * QEMU's pc) and shows it as "PCI-MSI" with the hardware number
 * (bus << 8 | devfn) << 11 | entry. The message needs bus mastering: a
 * function that may not master the bus may not write the message either.
 */
#include "drivers/pci/msi.h"
#include "drivers/apic.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/errno.h"

static struct {
	struct pci_dev *dev;
	u8 cap;
} msi_lines[NR_IRQS];

u8
pci_msi_cap(struct pci_dev *dev)
{
	for (int i = 0; i < dev->ncaps; i++)
		if (dev->cap_id[i] == PCI_CAP_ID_MSI)
			return dev->cap_off[i];
	return 0;
}

static void
msi_set_enable(unsigned irq, bool on)
{
	struct pci_dev *d = msi_lines[irq].dev;
	u8 cap = msi_lines[irq].cap;
	u16 ctrl;

	if (!d)
		return;
	pci_read_config_word(d, cap + PCI_MSI_FLAGS, &ctrl);
	ctrl = on ? ctrl | PCI_MSI_FLAGS_ENABLE : ctrl & ~PCI_MSI_FLAGS_ENABLE;
	pci_write_config_word(d, cap + PCI_MSI_FLAGS, ctrl); // MSI Enable
}

/* Masking: with per-vector mask bits, mask bit 0 (the device holds the
 * message pending); without them, MSI Enable off (the message is not
 * sent at all: an interrupt raised meanwhile is lost, as Linux warns). */
static void
msi_mask_bit(unsigned irq, bool mask)
{
	struct pci_dev *d = msi_lines[irq].dev;
	u8 cap = msi_lines[irq].cap;
	u16 ctrl;

	if (!d)
		return;
	pci_read_config_word(d, cap + PCI_MSI_FLAGS, &ctrl);
	if (!(ctrl & PCI_MSI_FLAGS_MASKBIT)) {
		msi_set_enable(irq, !mask);
		return;
	}
	int off = cap + (ctrl & PCI_MSI_FLAGS_64BIT ? PCI_MSI_MASK_64
						    : PCI_MSI_MASK_32);
	pci_write_config_dword(d, off, mask ? 1 : 0); // Mask bit of vector 0
}

static void
msi_mask(unsigned irq)
{
	msi_mask_bit(irq, true);
}

static void
msi_unmask(unsigned irq)
{
	msi_mask_bit(irq, false);
}

static void
msi_eoi(unsigned irq)
{
	(void)irq;
	lapic_eoi();
}

/* Linux's hwirq for an MSI: (bus << 8 | devfn) << 11 | entry. */
static u32
msi_hwirq(unsigned irq)
{
	struct pci_dev *d = msi_lines[irq].dev;

	if (!d)
		return 0;
	return ((u32)d->bus << 8 | (u32)(d->dev << 3 | d->fn)) << 11;
}

static const struct irq_chip msi_chip = {
	.name = "PCI-MSI",
	.mask = msi_mask,
	.unmask = msi_unmask,
	.eoi = msi_eoi,
	.hwirq = msi_hwirq,
};

int
pci_msi_irq(struct pci_dev *dev)
{
	for (unsigned irq = 0; irq < NR_IRQS; irq++)
		if (msi_lines[irq].dev == dev)
			return (int)irq;
	return -1;
}

int
pci_enable_msi(struct pci_dev *dev)
{
	u8 cap = pci_msi_cap(dev);
	u16 ctrl, cmd;
	u32 addr;
	int irq;

	if (!cap) {
		printk("%s: no MSI capability\n", dev->name);
		return -ENODEV;
	}
	if (pci_param("nomsi")) {
		printk("%s: MSI off (pci=nomsi): INTx\n", dev->name);
		return -ENODEV;
	}
	if (!lapic_in_use()) {
		printk("%s: MSI needs the Local APIC, which is not in use "
		       "(nolapic, or no MADT)\n",
		       dev->name);
		return -ENODEV;
	}
	if ((irq = pci_msi_irq(dev)) >= 0)
		return irq;
	/* Lines below the I/O APIC's GSIs are theirs: take one after. */
	irq = irq_alloc(&msi_chip);
	if (irq < 0) {
		printk("%s: no IRQ line left for an MSI\n", dev->name);
		return irq;
	}
	msi_lines[irq].dev = dev;
	msi_lines[irq].cap = cap;

	pci_read_config_word(dev, cap + PCI_MSI_FLAGS, &ctrl);
	ctrl &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE); // One vector
	pci_write_config_word(dev, cap + PCI_MSI_FLAGS, ctrl);
	addr = MSI_ADDR_BASE | (u32)lapic_id() << MSI_ADDR_DEST_ID_SHIFT;
	pci_write_config_dword(dev, cap + PCI_MSI_ADDRESS_LO,
			       addr); // Where: this CPU's Local APIC
	if (ctrl & PCI_MSI_FLAGS_64BIT) {
		pci_write_config_dword(dev, cap + PCI_MSI_ADDRESS_HI, 0);
		pci_write_config_word(dev, cap + PCI_MSI_DATA_64,
				      (u16)(IRQ_BASE_VECTOR + irq) |
					      MSI_DATA_DELIVERY_FIXED); // What
	} else {
		pci_write_config_word(dev, cap + PCI_MSI_DATA_32,
				      (u16)(IRQ_BASE_VECTOR + irq) |
					      MSI_DATA_DELIVERY_FIXED);
	}
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	cmd |= PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_MASTER;
	pci_write_config_word(dev, PCI_COMMAND,
			      cmd); // INTx off, may write the message
	dev->command = cmd;
	/* Masked until request_irq unmasks it (MSI Enable or mask bit). */
	msi_mask(irq);
	msi_set_enable(irq, ctrl & PCI_MSI_FLAGS_MASKBIT);
	return irq;
}

void
pci_disable_msi(struct pci_dev *dev)
{
	int irq = pci_msi_irq(dev);
	u16 cmd;

	if (irq < 0)
		return;
	msi_set_enable((unsigned)irq, false);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	cmd &= ~PCI_COMMAND_INTX_DISABLE;
	pci_write_config_word(dev, PCI_COMMAND, cmd); // INTx back on
	dev->command = cmd;
	msi_lines[irq].dev = NULL;
	irq_release((unsigned)irq);
}

void
pci_msi_show(struct pci_dev *dev, u8 cap)
{
	u16 ctrl, data;
	u32 lo, hi = 0;
	bool is64;

	pci_read_config_word(dev, cap + PCI_MSI_FLAGS, &ctrl);
	is64 = ctrl & PCI_MSI_FLAGS_64BIT;
	printk("MSI: Enable%c Count=%u/%u Maskable%c 64bit%c\n",
	       ctrl & PCI_MSI_FLAGS_ENABLE ? '+' : '-',
	       1u << ((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4),
	       1u << ((ctrl & PCI_MSI_FLAGS_QMASK) >> 1),
	       ctrl & PCI_MSI_FLAGS_MASKBIT ? '+' : '-', is64 ? '+' : '-');
	pci_read_config_dword(dev, cap + PCI_MSI_ADDRESS_LO, &lo);
	if (is64) {
		pci_read_config_dword(dev, cap + PCI_MSI_ADDRESS_HI, &hi);
		pci_read_config_word(dev, cap + PCI_MSI_DATA_64, &data);
		printk("\t\tAddress: %08x%08x  Data: %04x\n", hi, lo, data);
	} else {
		pci_read_config_word(dev, cap + PCI_MSI_DATA_32, &data);
		printk("\t\tAddress: %08x  Data: %04x\n", lo, data);
	}
	if (ctrl & PCI_MSI_FLAGS_MASKBIT) {
		u32 mask, pend;
		pci_read_config_dword(
			dev, cap + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32),
			&mask);
		pci_read_config_dword(
			dev,
			cap + (is64 ? PCI_MSI_PENDING_64 : PCI_MSI_PENDING_32),
			&pend);
		printk("\t\tMasking: %08x  Pending: %08x\n", mask, pend);
	}
}
