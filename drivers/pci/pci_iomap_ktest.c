/* drivers/pci/pci_iomap_ktest.c - in-kernel tests of pci_iomap: the right
 * kind of cookie for an I/O and a memory BAR, and ioread32 through each
 * reaching the same device register.
 *
 * The RTL8139 (QEMU -nic model=rtl8139) decodes its one register block
 * twice: through I/O BAR0 and through memory BAR1 (Realtek RTL8139C(L)
 * datasheet, 5 "Register Descriptions"; QEMU maps both BARs onto the same
 * registers). IDR0-IDR3 (offset 0, the MAC address) read both ways must
 * agree. On the default machine the e1000 has an I/O BAR too (Intel 8254x
 * SDM 13.2.2), but QEMU's model answers 0 there, so for it only the kind
 * of cookie is checked. QEMU's std VGA shows the Bochs DISPI ID in BAR2 at
 * 0x500. Run on an RTL8139 machine by tests/scenario/test_mmio.py. */
#include "drivers/bochs_dispi.h"
#include "drivers/pci/pci_iomap.h"
#include "kernel/ktest.h"
#include "kernel/mm/paging.h"

#define RTL8139_VENDOR 0x10ec
#define RTL8139_DEVICE 0x8139
#define RTL8139_IO_BAR 0
#define RTL8139_MEM_BAR 1
#define RTL8139_IDR0 0x00 /* MAC address bytes 0-3 */

#define E1000_VENDOR 0x8086
#define E1000_DEVICE 0x100e
#define E1000_MEM_BAR 0
#define E1000_IO_BAR 1

KTEST(pci_iomap, io_and_memory_bars_reach_one_register)
{
	struct pci_dev *dev =
		pci_get_device(RTL8139_VENDOR, RTL8139_DEVICE, NULL);

	if (!dev) {
		KT_SKIP(kt, "no RTL8139 on this machine");
		return;
	}
	u8 __iomem *io = pci_iomap(dev, RTL8139_IO_BAR, 0);
	u8 __iomem *mem = pci_iomap(dev, RTL8139_MEM_BAR, 0);

	if (!KT_EXPECT(kt, mem && io))
		return;
	KT_EXPECT(kt, iomap_is_port(io));
	KT_EXPECT_EQ(kt, (u32)io - PIO_OFFSET,
		     pci_resource_start(dev, RTL8139_IO_BAR));
	KT_EXPECT(kt, !iomap_is_port(mem) && (u32)mem >= IOREMAP_START);
	u32 via_io = ioread32(io + RTL8139_IDR0);
	u32 via_mem = ioread32(mem + RTL8139_IDR0);
	KT_EXPECT_EQ(kt, via_io, via_mem);
	KT_EXPECT(kt, via_io != 0 && via_io != 0xffffffff);
	KT_EXPECT_EQ(kt, ioread8(io + RTL8139_IDR0 + 1),
		     ioread8(mem + RTL8139_IDR0 + 1));
	pci_iounmap(dev, io);
	pci_iounmap(dev, mem);
}

KTEST(pci_iomap, e1000_cookie_kinds)
{
	struct pci_dev *dev = pci_get_device(E1000_VENDOR, E1000_DEVICE, NULL);

	if (!dev) {
		KT_SKIP(kt, "no e1000 on this machine");
		return;
	}
	void __iomem *mem = pci_iomap(dev, E1000_MEM_BAR, 0x100);
	void __iomem *io = pci_iomap(dev, E1000_IO_BAR, 0);
	KT_EXPECT(kt, mem && !iomap_is_port(mem));
	KT_EXPECT(kt, io && iomap_is_port(io));
	pci_iounmap(dev, io);
	pci_iounmap(dev, mem);
}

KTEST(pci_iomap, vga_bar2_and_unused_bars)
{
	struct pci_dev *dev =
		pci_get_device(QEMU_VGA_VENDOR, QEMU_VGA_DEVICE, NULL);

	if (!dev) {
		KT_SKIP(kt, "no QEMU std VGA on this machine");
		return;
	}
	u8 __iomem *regs = pci_iomap(dev, 2, 0x1000);
	if (!KT_EXPECT(kt, regs != NULL))
		return;
	u16 id = ioread16(regs + DISPI_MMIO_REG(DISPI_INDEX_ID));
	KT_EXPECT(kt, id >= DISPI_ID_MIN && id <= DISPI_ID_MAX);
	KT_EXPECT_EQ(kt,
		     ioread32(regs + DISPI_MMIO_REG(DISPI_INDEX_ID)) & 0xffff,
		     id);
	pci_iounmap(dev, regs);
	KT_EXPECT(kt, pci_iomap(dev, 3, 0) == NULL); /* not implemented */
	KT_EXPECT(kt, pci_iomap(dev, 7, 0) == NULL); /* no such BAR */
}
