/* drivers/pci/ecam.c - configuration space through memory (ECAM).
 *
 * PCI Express keeps configuration mechanism #1 for the first 256 bytes of
 * each function, and adds the Enhanced Configuration Access Mechanism
 * (PCI Express Base Specification 4.0, section 7.2.2): the whole 4 KiB of
 * every function appears in physical memory, at
 *
 *     base + (bus << 20 | device << 15 | function << 12 | offset)
 *
 * so a bus is 1 MiB and 256 buses are 256 MiB. Reads and writes are
 * ordinary loads and stores of the width wanted - no address register, no
 * shared state, nothing to turn interrupts off for. The firmware says
 * where the window lies in the ACPI MCFG table (PCI Firmware
 * Specification 3.0, 4.1.2), which kernel/acpi/ parses; on QEMU's q35
 * it is 0xb0000000, buses 00-ff. QEMU's pc (i440FX) has no ECAM.
 *
 * A 32-bit kernel cannot keep 256 MiB mapped (porthole's whole ioremap
 * area is smaller), so each bus's 1 MiB is ioremapped the first time it
 * is touched; the scan touches only the buses that exist. (Linux's 32-bit
 * mmconfig maps one page per access through a fixmap instead.)
 */
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/acpi/acpi.h"
#include "kernel/iomap.h"
#include "kernel/printk.h"
#include "lib/errno.h"

static struct acpi_mcfg_info ecam;	      /* the segment-0 window */
static bool ecam_ok;			      /* usable: set by pci_ecam_init */
static void __iomem *ecam_bus[PCI_MAX_BUSES]; /* 1 MiB each, lazily */

bool
pci_ecam_present(void)
{
	return ecam_ok;
}

bool
pci_ecam_covers(unsigned int bus)
{
	return ecam_ok && bus >= ecam.start_bus && bus <= ecam.end_bus;
}

/* The mapping of @bus's 1 MiB, made on first use; NULL when ioremap
 * refuses (after its one line). */
static void __iomem *
ecam_map_bus(unsigned int bus)
{
	if (!ecam_bus[bus])
		ecam_bus[bus] =
			ioremap(ecam.address + ((u64)bus << PCI_ECAM_BUS_SHIFT),
				PCI_ECAM_BUS_SIZE);
	return ecam_bus[bus];
}

static int
ecam_check(unsigned int bus, unsigned int dev, unsigned int fn,
	   unsigned int off, unsigned int width)
{
	if (bus >= PCI_MAX_BUSES || dev >= PCI_DEVICES_PER_BUS ||
	    fn >= PCI_FUNCTIONS_PER_DEVICE || off >= PCI_CFG_SPACE_EXP_SIZE)
		return -EINVAL;
	if ((width != 1 && width != 2 && width != 4) || off % width)
		return -EINVAL;
	if (!pci_ecam_covers(bus))
		return -ENODEV;
	return 0;
}

static volatile void __iomem *
ecam_addr(unsigned int bus, unsigned int dev, unsigned int fn, unsigned int off)
{
	u8 __iomem *b = ecam_map_bus(bus);

	if (!b)
		return NULL;
	return b + (dev << PCI_ECAM_DEV_SHIFT | fn << PCI_ECAM_FN_SHIFT | off);
}

int
pci_ecam_read(unsigned int bus, unsigned int dev, unsigned int fn,
	      unsigned int off, unsigned int width, u32 *val)
{
	int err = ecam_check(bus, dev, fn, off, width);
	volatile void __iomem *a;

	if (!val)
		return -EINVAL;
	if (err)
		return err;
	a = ecam_addr(bus, dev, fn, off);
	if (!a)
		return -ENOMEM;
	if (width == 1)
		*val = readb(a);
	else if (width == 2)
		*val = readw(a);
	else
		*val = readl(a);
	return 0;
}

int
pci_ecam_write(unsigned int bus, unsigned int dev, unsigned int fn,
	       unsigned int off, unsigned int width, u32 val)
{
	int err = ecam_check(bus, dev, fn, off, width);
	volatile void __iomem *a;

	if (err)
		return err;
	if (width < 4 && val >> (8 * width))
		return -EINVAL; /* does not fit the width */
	a = ecam_addr(bus, dev, fn, off);
	if (!a)
		return -ENOMEM;
	if (width == 1)
		writeb(val, a); /* the store is the config write */
	else if (width == 2)
		writew(val, a);
	else
		writel(val, a);
	return 0;
}

int
pci_ecam_init(void)
{
	struct acpi_mcfg_info m;
	u32 via_mem = 0, via_ports = 0;

	for (int i = 0; acpi_mcfg_entry(i, &m); i++) {
		if (m.segment != 0)
			continue; /* porthole knows one segment (domain) */
		ecam = m;
		ecam_ok = true;
		break;
	}
	if (!ecam_ok)
		return -ENODEV;
	u64 end = ecam.address +
		  ((u64)(ecam.end_bus + 1) << PCI_ECAM_BUS_SHIFT) - 1;

	printk("pci: ECAM for domain 0000 [bus %02x-%02x] at [mem "
	       "0x%08llx-0x%08llx] (ACPI MCFG): config space through memory\n",
	       ecam.start_bus, ecam.end_bus,
	       (unsigned long long)(ecam.address + ((u64)ecam.start_bus
						    << PCI_ECAM_BUS_SHIFT)),
	       (unsigned long long)end);
	/* A window the table names wrongly would make every function vanish
	 * (or worse): the host bridge must read the same both ways. */
	if (!pci_conf1_present() || !pci_ecam_covers(0))
		return 0;
	if (pci_ecam_read(0, 0, 0, PCI_VENDOR_ID, 4, &via_mem) ||
	    pci_conf1_read(0, 0, 0, PCI_VENDOR_ID, 4, &via_ports) ||
	    via_mem != via_ports) {
		printk("pci: ECAM reads %08x at 00:00.0, mechanism #1 %08x: "
		       "the MCFG window is wrong, ECAM not used\n",
		       via_mem, via_ports);
		ecam_ok = false;
		return -EIO;
	}
	return 0;
}
