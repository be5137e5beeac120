/* drivers/pci/conf1.c - PCI configuration mechanism #1: ports 0xcf8 and 0xcfc.
 *
 * The host bridge decodes two I/O ports (PCI Local Bus Specification 2.1,
 * section 3.7.4.1 "Configuration Mechanism #1"): a 32-bit write to
 * CONFIG_ADDRESS (0xcf8) selects one dword of one function's configuration
 * space,
 *
 *     bit 31      enable: the next CONFIG_DATA access is a config cycle
 *     bits 23:16  bus, bits 15:11 device, bits 10:8 function
 *     bits 7:2    dword offset (bits 1:0 are zero)
 *
 * and CONFIG_DATA (0xcfc..0xcff) then reads or writes that dword; a byte or
 * word access uses the port 0xcfc + (offset & 3). The pair is one shared
 * piece of state, so each access runs with interrupts off. The whole 8-port
 * block is claimed as "PCI conf1", as Linux names it.
 *
 * PCI 3.0 removed mechanism #2 and PCIe adds ECAM (memory-mapped config
 * space, drivers/pci/ecam.c); every PC chipset since the 440FX, QEMU's
 * q35 too, still decodes mechanism #1, and on a machine without ECAM it is
 * the only way in (drivers/pci/access.c chooses).
 */
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/io.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/x86.h"
#include "lib/errno.h"

static bool conf1_ok;

static u32
conf1_address(unsigned int bus, unsigned int dev, unsigned int fn,
	      unsigned int off)
{
	return PCI_CONF1_ENABLE | bus << PCI_CONF1_BUS_SHIFT |
	       dev << PCI_CONF1_DEV_SHIFT | fn << PCI_CONF1_FN_SHIFT |
	       (off & PCI_CONF1_REG_MASK);
}

static int
conf1_check(unsigned int bus, unsigned int dev, unsigned int fn,
	    unsigned int off, unsigned int width)
{
	if (bus >= PCI_MAX_BUSES || dev >= PCI_DEVICES_PER_BUS ||
	    fn >= PCI_FUNCTIONS_PER_DEVICE || off >= PCI_CFG_SPACE_SIZE)
		return -EINVAL;
	if (width != 1 && width != 2 && width != 4)
		return -EINVAL;
	if (off & (width - 1))
		return -EINVAL; /* would cross into the next dword */
	return conf1_ok ? 0 : -ENODEV;
}

int
pci_conf1_read(unsigned int bus, unsigned int dev, unsigned int fn,
	       unsigned int off, unsigned int width, u32 *val)
{
	int err = conf1_check(bus, dev, fn, off, width);
	u16 port = PCI_CONF1_DATA + (off & 3);
	u32 flags;

	if (!val)
		return -EINVAL;
	if (err)
		return err;
	flags = irq_save();
	outl(conf1_address(bus, dev, fn, off), PCI_CONF1_ADDRESS);
	if (width == 1)
		*val = inb(port);
	else if (width == 2)
		*val = inw(port);
	else
		*val = inl(port);
	irq_restore(flags);
	return 0;
}

int
pci_conf1_write(unsigned int bus, unsigned int dev, unsigned int fn,
		unsigned int off, unsigned int width, u32 val)
{
	int err = conf1_check(bus, dev, fn, off, width);
	u16 port = PCI_CONF1_DATA + (off & 3);
	u32 flags;

	if (err)
		return err;
	if (width < 4 && val >> (8 * width))
		return -EINVAL; /* does not fit the width */
	flags = irq_save();
	outl(conf1_address(bus, dev, fn, off), PCI_CONF1_ADDRESS);
	if (width == 1)
		outb(val, port);
	else if (width == 2)
		outw(val, port);
	else
		outl(val, port);
	irq_restore(flags);
	return 0;
}

/* Does anything on bus 0 answer? A machine without mechanism #1 may keep
 * a latch at 0xcf8, but config reads through it then return all ones. */
static bool
conf1_sanity(void)
{
	unsigned int dev;
	u32 id;

	for (dev = 0; dev < PCI_DEVICES_PER_BUS; dev++)
		if (!pci_conf1_read(0, dev, 0, PCI_VENDOR_ID, 2, &id) &&
		    id != 0xffff && id != 0)
			return true;
	return false;
}

int
pci_conf1_probe(void)
{
	u32 flags = irq_save(), saved, seen;

	/* CONFIG_ADDRESS is a real read/write register only when the
	 * chipset implements mechanism #1: write the enable bit alone and
	 * see whether it reads back (Linux's pci_check_type1 does the same). */
	saved = inl(PCI_CONF1_ADDRESS);
	outl(PCI_CONF1_ENABLE, PCI_CONF1_ADDRESS);
	seen = inl(PCI_CONF1_ADDRESS);
	outl(saved, PCI_CONF1_ADDRESS);
	irq_restore(flags);

	if (seen != PCI_CONF1_ENABLE) {
		printk("pci: no configuration mechanism #1 (0xcf8 reads back "
		       "%08x, not %08x): no PCI\n",
		       seen, PCI_CONF1_ENABLE);
		return -ENODEV;
	}
	conf1_ok = true;
	if (!conf1_sanity()) {
		conf1_ok = false;
		printk("pci: 0xcf8 latches but no function answers on bus 0: "
		       "no PCI\n");
		return -ENODEV;
	}
	if (!request_region(PCI_CONF1_ADDRESS, PCI_CONF1_PORTS, "PCI conf1"))
		printk("pci: using mechanism #1 anyway\n");
	return 0;
}

bool
pci_conf1_present(void)
{
	return conf1_ok;
}
