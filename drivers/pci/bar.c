/* drivers/pci/bar.c - what a BAR's bits mean, and how big its range is.
 *
 * A Base Address Register (PCI Local Bus Specification 3.0, section
 * 6.2.5.1) holds the address of one range the function decodes. Its low
 * bits are read-only and describe it:
 *
 *     bit 0 = 1   I/O space; bits 31:2 the port address
 *     bit 0 = 0   memory; bits 2:1 type (00 32-bit, 10 64-bit: the next BAR
 *                 holds bits 63:32), bit 3 prefetchable; bits 31:4 address
 *
 * The size is found by writing all ones and reading back: the device
 * hardwires the address bits below its size to zero, so the lowest set
 * address bit of the read-back value is the size. (drivers/pci/probe.c does
 * the writing, with decoding turned off; this file only does the sums.)
 */
#include "drivers/pci/bar.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/resource.h"

/* The lowest set bit of @mask: the size of a naturally aligned range. */
static u64
lowest_bit(u64 mask)
{
	return mask & (~mask + 1);
}

/* An x86 port address has 16 bits (Linux: IO_SPACE_LIMIT). Many devices
 * implement only those in an I/O BAR, and the upper 16 read back as 0, or
 * as anything; so, as Linux's __pci_read_base() does, an I/O BAR is sized
 * from bits 15:2 alone. */
#define PCI_IO_SPACE_LIMIT 0xffffu
#define PCI_IO_SIZE_MASK (PCI_BASE_ADDRESS_IO_MASK & PCI_IO_SPACE_LIMIT)

u64
pci_io_bar_size(u32 base, u32 maxbase)
{
	u32 size = maxbase & PCI_IO_SIZE_MASK; /* the bits that decode */

	if (!size)
		return 0; /* nothing writable below 64 K: cannot be sized */
	size = lowest_bit(size);
	/* A BAR the firmware left all ones reads the same before and after
	 * sizing; only a range that then covers every bit up to 15 is one
	 * (Linux's pci_size()). */
	if (base == maxbase &&
	    ((base | (size - 1)) & PCI_IO_SIZE_MASK) != PCI_IO_SIZE_MASK)
		return 0;
	return size;
}

bool
pci_bar_is_64(u32 val)
{
	return !(val & PCI_BASE_ADDRESS_SPACE_IO) &&
	       (val & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		       PCI_BASE_ADDRESS_MEM_TYPE_64;
}

int
pci_bar_decode(u32 val, u32 mask, u32 val_hi, u32 mask_hi, struct pci_bar *out)
{
	u64 m;

	out->base = out->size = 0;
	out->flags = 0;
	out->enabled = true;
	if (val & PCI_BASE_ADDRESS_SPACE_IO) {
		out->size = pci_io_bar_size(val & PCI_BASE_ADDRESS_IO_MASK,
					    mask & PCI_BASE_ADDRESS_IO_MASK);
		if (out->size) {
			out->base = val & PCI_BASE_ADDRESS_IO_MASK;
			out->flags = IORESOURCE_IO;
		}
		return 1;
	}
	if (pci_bar_is_64(val)) {
		m = (u64)mask_hi << 32 | (mask & PCI_BASE_ADDRESS_MEM_MASK);
		if (m) {
			out->size = lowest_bit(m);
			out->base = (u64)val_hi << 32 |
				    (val & PCI_BASE_ADDRESS_MEM_MASK);
			out->flags = IORESOURCE_MEM | IORESOURCE_MEM_64;
		}
	} else {
		m = mask & PCI_BASE_ADDRESS_MEM_MASK;
		if (m) {
			out->size = lowest_bit(m);
			out->base = val & PCI_BASE_ADDRESS_MEM_MASK;
			out->flags = IORESOURCE_MEM;
		}
	}
	if (out->flags && (val & PCI_BASE_ADDRESS_MEM_PREFETCH))
		out->flags |= IORESOURCE_PREFETCH;
	return pci_bar_is_64(val) ? 2 : 1;
}

void
pci_rom_decode(u32 val, u32 mask, struct pci_bar *out)
{
	u32 m = mask & PCI_ROM_ADDRESS_MASK;

	out->size = lowest_bit(m);
	out->base = m ? val & PCI_ROM_ADDRESS_MASK : 0;
	out->flags = m ? IORESOURCE_MEM : 0;
	out->enabled = val & PCI_ROM_ADDRESS_ENABLE;
}

/* A window is [base, limit + granule - 1]; closed when base > limit. */
static void
window(u64 base, u64 limit, u64 granule, unsigned long flags,
       struct pci_bar *out)
{
	out->enabled = true;
	if (base > limit) {
		out->base = out->size = 0;
		out->flags = 0;
		return;
	}
	out->base = base;
	out->size = limit + granule - base;
	out->flags = flags;
}

/* I/O windows have 4 KiB granularity: bits 7:4 of the base/limit registers
 * are address bits 15:12 (bridge spec 1.2, section 3.2.5.6). */
#define PCI_IO_WINDOW_SHIFT 8
#define PCI_IO_WINDOW_GRANULE 0x1000
/* Memory windows have 1 MiB granularity: bits 15:4 are address bits 31:20
 * (sections 3.2.5.8 and 3.2.5.9). */
#define PCI_MEM_WINDOW_SHIFT 16
#define PCI_MEM_WINDOW_GRANULE 0x100000

void
pci_bridge_io_window(u8 base, u8 limit, u16 base_upper, u16 limit_upper,
		     struct pci_bar *out)
{
	u64 b = (u64)(base & PCI_IO_RANGE_MASK) << PCI_IO_WINDOW_SHIFT;
	u64 l = (u64)(limit & PCI_IO_RANGE_MASK) << PCI_IO_WINDOW_SHIFT;

	if ((base & PCI_IO_RANGE_TYPE_MASK) == PCI_IO_RANGE_TYPE_32) {
		b |= (u64)base_upper << 16;
		l |= (u64)limit_upper << 16;
	}
	window(b, l, PCI_IO_WINDOW_GRANULE, IORESOURCE_IO, out);
}

void
pci_bridge_mem_window(u16 base, u16 limit, struct pci_bar *out)
{
	u64 b = (u64)(base & PCI_MEMORY_RANGE_MASK) << PCI_MEM_WINDOW_SHIFT;
	u64 l = (u64)(limit & PCI_MEMORY_RANGE_MASK) << PCI_MEM_WINDOW_SHIFT;

	window(b, l, PCI_MEM_WINDOW_GRANULE, IORESOURCE_MEM, out);
}

void
pci_bridge_pref_window(u16 base, u16 limit, u32 base_upper, u32 limit_upper,
		       struct pci_bar *out)
{
	u64 b = (u64)(base & PCI_PREF_RANGE_MASK) << PCI_MEM_WINDOW_SHIFT;
	u64 l = (u64)(limit & PCI_PREF_RANGE_MASK) << PCI_MEM_WINDOW_SHIFT;
	unsigned long flags = IORESOURCE_MEM | IORESOURCE_PREFETCH;

	if ((base & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64) {
		b |= (u64)base_upper << 32;
		l |= (u64)limit_upper << 32;
		flags |= IORESOURCE_MEM_64;
	}
	window(b, l, PCI_MEM_WINDOW_GRANULE, flags, out);
}

bool
pci_bridge_has_window(u32 val, u32 probed)
{
	return val || probed;
}
