/* drivers/pci/pci.h - PCI devices as porthole (and Linux) sees them.
 *
 * At boot pci_init() finds every function on every bus through configuration
 * mechanism #1 (drivers/pci/conf1.c), sizes its BARs (drivers/pci/bar.c,
 * drivers/pci/probe.c) and places each decoded range in the resource tree
 * named "0000:BB:DD.F", as Linux does. Drivers then find their device with
 * pci_get_device() or pci_get_class() and read its resources:
 *
 *     struct pci_dev *dev = pci_get_device(0x8086, 0x100e, NULL);
 *     if (dev && pci_resource_flags(dev, 0) & IORESOURCE_MEM)
 *             regs = ioremap(pci_resource_start(dev, 0),
 *                            pci_resource_len(dev, 0));
 *
 * Names mirror Linux's include/linux/pci.h. The register offsets and bits
 * are in drivers/pci/pci_regs.h. See docs/pci.md.
 */
#ifndef DRIVERS_PCI_PCI_H
#define DRIVERS_PCI_PCI_H

#include "kernel/resource.h"
#include "lib/types.h"

/* BARs 0-5 are resource[0..5], the expansion ROM is resource[6], and a
 * bridge's windows (I/O, memory, prefetchable memory) follow. */
#define PCI_STD_NUM_BARS 6
#define PCI_ROM_RESOURCE 6
#define PCI_BRIDGE_RESOURCES 7
#define PCI_BRIDGE_IO_WINDOW 7
#define PCI_BRIDGE_MEM_WINDOW 8
#define PCI_BRIDGE_PREF_WINDOW 9
#define PCI_NUM_RESOURCES 10

/* Per-resource state lspci reports besides start/end/flags. */
#define PCI_RES_UNASSIGNED 0x01 /* decodes, but firmware gave it no address */
#define PCI_RES_ABOVE_4G 0x02	/* 64-bit, above what a 32-bit kernel maps */
#define PCI_RES_CONFLICT 0x04	/* overlapped something: not in the tree */
#define PCI_RES_LEGACY 0x08	/* IDE compatibility range, not from a BAR */
#define PCI_RES_DISABLED 0x10	/* ROM with its enable bit clear */
#define PCI_RES_SHADOW                                                         \
	0x20 /* boot VGA ROM: the copy at 0xc0000, not claimed                 \
	      */

/* How many capability entries a function keeps (for lspci -v). */
#define PCI_MAX_CAPS 16

struct pci_dev {
	u8 bus, dev, fn; /* devfn split */
	u16 vendor, device, subsystem_vendor, subsystem_device;
	u8 class, subclass, prog_if, revision, header_type; /* type w/o bit 7 */
	u8 irq_line, irq_pin;
	bool multifunction; /* header type bit 7 (meaningful on function 0) */
	u16 command, status;
	struct resource resource[PCI_NUM_RESOURCES]; /* flags 0 when unused */
	u8 res_state[PCI_NUM_RESOURCES];	     /* PCI_RES_* */
	u64 bar_size[PCI_NUM_RESOURCES]; /* size even when not assigned */
	u8 ncaps;
	u8 cap_id[PCI_MAX_CAPS], cap_off[PCI_MAX_CAPS];
	bool cap_loop; /* the list did not end within its bound */
	/* Bridges (header type 1): the bus numbers the firmware set. */
	u8 primary, secondary, subordinate;
	char name[13];	   /* "0000:BB:DD.F", the resources' name */
	char bus_name[17]; /* bridges: "PCI Bus 0000:BB", their windows' name */
	struct pci_dev *parent; /* the bridge above, NULL on bus 0 */
	struct pci_dev *next;	/* all functions, in scan order */
};

/* Linux's macros over a function's resources. */
#define pci_resource_start(dev, bar) ((dev)->resource[(bar)].start)
#define pci_resource_end(dev, bar) ((dev)->resource[(bar)].end)
#define pci_resource_flags(dev, bar) ((dev)->resource[(bar)].flags)
#define pci_resource_len(dev, bar)                                             \
	(pci_resource_flags((dev), (bar))                                      \
		 ? pci_resource_end((dev), (bar)) -                            \
			   pci_resource_start((dev), (bar)) + 1                \
		 : 0)

/* The most functions porthole keeps (a static array: no heap yet). */
#define PCI_MAX_DEVICES 64

/* pci_devices - the first function found (then ->next), NULL before
 * pci_init() or when there is no PCI. */
extern struct pci_dev *pci_devices;

/* pci_init - probe mechanism #1, scan every bus from 0, size the BARs and
 * insert them into ioport_resource/iomem_resource. Prints one line per
 * problem (no conf1, unconfigured bridge, conflict, unassigned BAR, too
 * many functions) and a summary. Boot only; returns 0 or -ENODEV. */
int pci_init(void);

/* pci_fixup_video - the boot VGA's ROM resource becomes the BIOS's copy
 * at 0xc0000 (drivers/pci/video_rom.c); its BAR is not claimed. Boot, after
 * the scan and before the claims. */
void pci_fixup_video(void);

/* pci_get_device - the next function after @from (NULL: the first) with
 * this vendor and device id; PCI_ANY_ID matches any. NULL when none.
 * Unlike Linux there is no reference count to drop. Any context. */
#define PCI_ANY_ID 0xffff
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from);

/* pci_get_class - the next function after @from whose
 * (class << 16 | subclass << 8 | prog_if) equals @class_code.
 * pci_get_class_mask compares only the bits set in @mask
 * (0xffff00: any prog-if). NULL when none. Any context. */
struct pci_dev *pci_get_class(u32 class_code, struct pci_dev *from);
struct pci_dev *pci_get_class_mask(u32 class_code, u32 mask,
				   struct pci_dev *from);

/* Configuration space of one function, through mechanism #1. Return 0, or
 * -EINVAL for an offset out of 0..255 or not aligned to the width, -ENODEV
 * when the machine has no mechanism #1. Any context (each access is two
 * port operations done with interrupts off). */
int pci_read_config_byte(struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(struct pci_dev *dev, int where, u32 val);

/* Raw mechanism #1 (drivers/pci/conf1.c): any bus/device/function.
 * @width is 1, 2 or 4. Return 0; -EINVAL (bus > 255, dev > 31, fn > 7,
 * off > 255, off not a multiple of width, bad width, NULL val); -ENODEV
 * without mechanism #1. Reading an absent function gives all ones. */
int pci_conf1_read(unsigned int bus, unsigned int dev, unsigned int fn,
		   unsigned int off, unsigned int width, u32 *val);
int pci_conf1_write(unsigned int bus, unsigned int dev, unsigned int fn,
		    unsigned int off, unsigned int width, u32 val);

/* pci_conf1_probe - find out whether the host bridge implements mechanism
 * #1 and claim "PCI conf1" 0cf8-0cff. Returns 0 or -ENODEV (after saying
 * so). Called by pci_init(). */
int pci_conf1_probe(void);

/* pci_conf1_present - true after a successful pci_conf1_probe(). */
bool pci_conf1_present(void);

#endif
