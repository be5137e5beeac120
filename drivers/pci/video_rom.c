/* drivers/pci/video_rom.c - the boot VGA's ROM is the copy at 0xc0000.
 *
 * A PCI VGA card carries its video BIOS in an expansion ROM behind its ROM
 * BAR (PCI Local Bus Specification 3.0, 6.2.5.2). At power-on the system
 * BIOS copies that ROM to 0xc0000 (the legacy video BIOS address, where the
 * CPU finds INT 10h), runs it there, and turns the ROM BAR's decoder off
 * again. From then on the copy is the card's ROM as far as software is
 * concerned: iomem shows it as "Video ROM" (kernel/iomem.c finds it by its
 * 0x55 0xAA signature), and the BAR is an empty, disabled register.
 *
 * Linux (arch/x86/pci/fixup.c, pci_fixup_video) therefore points the boot
 * VGA's ROM resource at the shadow copy, 0xc0000-0xdffff, marks it
 * IORESOURCE_ROM_SHADOW and does not claim the BAR's own address in
 * iomem; `lspci -v` (which reads that resource through sysfs) then shows
 * "Expansion ROM at 000c0000 [disabled] [size=128K]". porthole does the
 * same for the same device: the first VGA-class function that decodes I/O
 * or memory and that every bridge above forwards VGA cycles to.
 */
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/printk.h"

#define PCI_CLASS_DISPLAY 0x03
#define PCI_SUBCLASS_DISPLAY_VGA 0x00
#define PCI_BRIDGE_CTL_VGA 0x08 /* bridge control bit 3: VGA Enable */
#define VIDEO_ROM_SHADOW 0x000c0000
#define VIDEO_ROM_SHADOW_SIZE 0x20000 /* 0xc0000-0xdffff, as Linux */

/* Is VGA routed to @d: does every bridge above forward the VGA ranges? */
static bool
vga_routed(struct pci_dev *d)
{
	for (struct pci_dev *b = d->parent; b; b = b->parent) {
		u16 ctl;
		if (pci_read_config_word(b, PCI_BRIDGE_CONTROL, &ctl) < 0 ||
		    !(ctl & PCI_BRIDGE_CTL_VGA))
			return false;
	}
	return true;
}

void
pci_fixup_video(void)
{
	for (struct pci_dev *d = pci_devices; d; d = d->next) {
		struct resource *r = &d->resource[PCI_ROM_RESOURCE];

		if (d->class != PCI_CLASS_DISPLAY ||
		    d->subclass != PCI_SUBCLASS_DISPLAY_VGA ||
		    !(d->command & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY)) ||
		    !vga_routed(d))
			continue;
		r->start = VIDEO_ROM_SHADOW;
		r->end = VIDEO_ROM_SHADOW + VIDEO_ROM_SHADOW_SIZE - 1;
		r->flags = IORESOURCE_MEM | IORESOURCE_READONLY;
		d->res_state[PCI_ROM_RESOURCE] &= ~PCI_RES_UNASSIGNED;
		d->res_state[PCI_ROM_RESOURCE] |= PCI_RES_SHADOW;
		/* lspci shows the resource's size, as Linux's sysfs does:
		 * the shadow's 128 KiB, whatever the BAR decodes. */
		d->bar_size[PCI_ROM_RESOURCE] = VIDEO_ROM_SHADOW_SIZE;
		printk("pci %s: Video device with shadowed ROM at [mem "
		       "0x%08llx-0x%08llx]\n",
		       d->name, (unsigned long long)r->start,
		       (unsigned long long)r->end);
		return; /* only the boot VGA */
	}
}
