/* drivers/pci/pci.h - PCI devices as porthole (and Linux) sees them.
 *
 * At boot pci_init() finds every function on every bus through ECAM
 * (drivers/pci/ecam.c) or configuration mechanism #1 (drivers/pci/conf1.c),
 * behind one interface (drivers/pci/access.c), sizes its BARs (bar.c,
 * drivers/pci/probe.c) and places each decoded range in the resource tree
 * named "0000:BB:DD.F", as Linux does. A driver then says which functions
 * it drives in a match table and registers (drivers/pci/driver.c); its
 * probe() is called for each matching function and reads the resources:
 *
 *     static const struct pci_device_id e1000_ids[] = {
 *             {PCI_DEVICE(0x8086, 0x100e)},
 *             {0},
 *     };
 *     static int e1000_probe(struct pci_dev *dev,
 *                            const struct pci_device_id *id)
 *     {
 *             if (!(pci_resource_flags(dev, 0) & IORESOURCE_MEM))
 *                     return -ENODEV;
 *             regs = ioremap(pci_resource_start(dev, 0),
 *                            pci_resource_len(dev, 0));
 *             ...
 *     }
 *     static struct pci_driver e1000_driver = {
 *             .name = "e1000", .id_table = e1000_ids, .probe = e1000_probe,
 *     };
 *     pci_register_driver(&e1000_driver);
 *
 * pci_get_device() and pci_get_class() remain for code that only looks.
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
#define PCI_MAX_EXT_CAPS 16

struct pci_driver;

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
	u16 cfg_size;  /* 256, or 4096 for a PCIe function behind ECAM */
	u8 next_caps;  /* extended capabilities (from 0x100) kept */
	u16 ext_cap_id[PCI_MAX_EXT_CAPS], ext_cap_off[PCI_MAX_EXT_CAPS];
	u8 ext_cap_ver[PCI_MAX_EXT_CAPS];
	bool ext_cap_loop;
	/* Bridges (header type 1): the bus numbers the firmware set. */
	u8 primary, secondary, subordinate;
	char name[13];	   /* "0000:BB:DD.F", the resources' name */
	char bus_name[17]; /* bridges: "PCI Bus 0000:BB", their windows' name */
	struct pci_driver *driver; /* bound by pci_register_driver, or NULL */
	struct pci_dev *parent;	   /* the bridge above, NULL on bus 0 */
	struct pci_dev *next;	   /* all functions, in scan order */
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

/* pci_dev_class_code - class << 16 | subclass << 8 | prog-if, the 24-bit
 * code match tables and pci_get_class() compare. */
static inline u32
pci_dev_class_code(const struct pci_dev *dev)
{
	return (u32)dev->class << 16 | (u32)dev->subclass << 8 | dev->prog_if;
}

/* ---- match tables (drivers/pci/driver.c), as Linux's ---- */

/* PCI_ANY_ID - a field of struct pci_device_id (or an argument of
 * pci_get_device) that matches any value. Wider than any id, so it cannot
 * be mistaken for the vendor id 0xffff an absent function reads. */
#define PCI_ANY_ID (~0u)

/* One line of a driver's table. A function matches when each of vendor,
 * device, subvendor and subdevice equals its own or is PCI_ANY_ID, and
 * (its class code ^ class) & class_mask is 0. The table ends with an
 * all-zero entry. */
struct pci_device_id {
	u32 vendor, device;	  /* or PCI_ANY_ID */
	u32 subvendor, subdevice; /* or PCI_ANY_ID */
	u32 class, class_mask;	  /* class << 16 | subclass << 8 | prog-if */
};

/* PCI_DEVICE - an entry for one vendor:device pair, any subsystem. */
#define PCI_DEVICE(vend, dev)                                                  \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID,            \
	.subdevice = PCI_ANY_ID

/* PCI_DEVICE_CLASS - an entry for every function of a class code, the
 * bits of @dev_class_mask compared (0xffff00: any prog-if). */
#define PCI_DEVICE_CLASS(dev_class, dev_class_mask)                            \
	.class = (dev_class), .class_mask = (dev_class_mask),                  \
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID, .subvendor = PCI_ANY_ID,   \
	.subdevice = PCI_ANY_ID

struct pci_driver {
	const char *name; /* "ata_piix": lspci -k, the resources it claims */
	const struct pci_device_id *id_table;
	/* Called once per matching unbound function; 0 binds it. On failure
	 * it undoes what it claimed and returns a negative errno. */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev); /* optional */
};

/* pci_match_id - the first entry of @ids (ending in an all-zero entry)
 * that @dev matches, or NULL. Touches no hardware; any context. */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 struct pci_dev *dev);

/* pci_register_driver - offer every function found at boot that no driver
 * owns yet to @drv: probe() each one its table matches, and record
 * dev->driver = @drv where probe() returns 0. A failing probe leaves the
 * function unbound and prints one line. Returns how many functions were
 * bound (0 is not an error), or -EINVAL for a driver without a name, a
 * table or a probe. Thread context (probe may wait for hardware). */
int pci_register_driver(struct pci_driver *drv);

/* pci_set_master - set Bus Master Enable in dev's command register so the
 * function may do DMA (drivers/pci/master.c). Process context. */
void pci_set_master(struct pci_dev *dev);

/* pci_unregister_driver - call @drv->remove() (when set) for each
 * function bound to @drv and unbind it. Thread context. */
void pci_unregister_driver(struct pci_driver *drv);

/* pci_devices - the first function found (then ->next), NULL before
 * pci_init() or when there is no PCI. Every function found is kept. */
extern struct pci_dev *pci_devices;

/* pci_init - probe mechanism #1, scan every bus from 0, size the BARs and
 * insert them into ioport_resource/iomem_resource. Prints one line per
 * problem (no conf1, unconfigured bridge, conflict, unassigned BAR, out of
 * memory) and a summary. Boot only, after kmalloc_init(); returns 0 or
 * -ENODEV. */
int pci_init(void);

/* pci_param - true when @word ("conf1", "nomsi") is among the words of
 * `pci=` on the command line (Linux's comma-separated list). */
bool pci_param(const char *word);

/* pci_fixup_video - the boot VGA's ROM resource becomes the BIOS's copy
 * at 0xc0000 (drivers/pci/video_rom.c); its BAR is not claimed. Boot, after
 * the scan and before the claims. */
void pci_fixup_video(void);

/* pci_get_device - the next function after @from (NULL: the first) with
 * this vendor and device id; PCI_ANY_ID matches any. NULL when none.
 * Unlike Linux there is no reference count to drop. Any context. */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);

/* pci_get_class - the next function after @from whose
 * (class << 16 | subclass << 8 | prog_if) equals @class_code.
 * pci_get_class_mask compares only the bits set in @mask
 * (0xffff00: any prog-if). NULL when none. Any context. */
struct pci_dev *pci_get_class(u32 class_code, struct pci_dev *from);
struct pci_dev *pci_get_class_mask(u32 class_code, u32 mask,
				   struct pci_dev *from);

/* Configuration space of one function, through the mechanism its bus uses
 * (pci_cfg_read). Return 0, or -EINVAL for an offset beyond the function's
 * space (256 bytes by mechanism #1, 4096 by ECAM) or not aligned to the
 * width, -ENODEV when the machine has no way in. Any context. */
int pci_read_config_byte(struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(struct pci_dev *dev, int where, u32 val);

/* ---- configuration access (drivers/pci/access.c) ---- */

/* One mechanism for reaching configuration space (Linux: struct pci_ops).
 * read/write take any bus/device/function, an offset below @size, a width
 * of 1, 2 or 4 dividing it; they return 0, -EINVAL (bad argument, or a
 * write value wider than the width), -ENODEV (the mechanism does not
 * reach that bus) or -ENOMEM (ECAM could not map the bus). */
struct pci_cfg_ops {
	const char *name;  /* "mechanism #1", "ECAM" */
	unsigned int size; /* bytes of each function it reaches */
	int (*read)(unsigned int bus, unsigned int dev, unsigned int fn,
		    unsigned int off, unsigned int width, u32 *val);
	int (*write)(unsigned int bus, unsigned int dev, unsigned int fn,
		     unsigned int off, unsigned int width, u32 val);
};
extern const struct pci_cfg_ops pci_conf1_ops, pci_ecam_ops;

/* pci_cfg_ops_for - the mechanism porthole uses for @bus: ECAM when its
 * window covers the bus (and not `pci=conf1`), else mechanism #1; NULL
 * when neither exists. Any context. */
const struct pci_cfg_ops *pci_cfg_ops_for(unsigned int bus);

/* pci_cfg_read, pci_cfg_write - through pci_cfg_ops_for(@bus). Return as
 * the ops do, or -ENODEV without any mechanism. Any context. */
int pci_cfg_read(unsigned int bus, unsigned int dev, unsigned int fn,
		 unsigned int off, unsigned int width, u32 *val);
int pci_cfg_write(unsigned int bus, unsigned int dev, unsigned int fn,
		  unsigned int off, unsigned int width, u32 val);

/* pci_cfg_check - the argument checks both mechanisms share: bus < 256,
 * dev < 32, fn < 8, @off inside the first @size bytes (256 for mechanism
 * #1, 4096 for ECAM), @width 1, 2 or 4 and @off a multiple of it.
 * Returns 0 or -EINVAL. Any context. */
int pci_cfg_check(unsigned int bus, unsigned int dev, unsigned int fn,
		  unsigned int off, unsigned int width, unsigned int size);

/* pci_cfg_init - probe mechanism #1, then ECAM from the ACPI MCFG unless
 * `pci=conf1`. 0 when some mechanism works, else -ENODEV. Boot (after
 * acpi_tables_init), called by pci_init(). */
int pci_cfg_init(void);

/* ECAM (drivers/pci/ecam.c), offsets 0..4095. pci_ecam_init - take the
 * MCFG's segment-0 window and check it against mechanism #1 (one line
 * either way); 0, -ENODEV (no MCFG) or -EIO (the window reads wrong: not
 * used). pci_ecam_present - a window is in use; pci_ecam_covers - it
 * decodes @bus. */
int pci_ecam_init(void);
bool pci_ecam_present(void);
bool pci_ecam_covers(unsigned int bus);
int pci_ecam_read(unsigned int bus, unsigned int dev, unsigned int fn,
		  unsigned int off, unsigned int width, u32 *val);
int pci_ecam_write(unsigned int bus, unsigned int dev, unsigned int fn,
		   unsigned int off, unsigned int width, u32 val);

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
