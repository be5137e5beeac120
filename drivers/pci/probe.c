/* drivers/pci/probe.c - find every PCI function and the ranges it decodes.
 *
 * Enumeration (PCI Local Bus Specification 3.0, section 6.1; PCI-to-PCI
 * Bridge Architecture Specification 1.2, chapter 3): for each of the 32
 * device numbers on a bus, read the vendor id of function 0 (0xffff: no
 * device). Functions 1-7 exist only when function 0's header type has bit 7
 * (multi-function) set. A type 1 header is a PCI-to-PCI bridge: the firmware
 * (SeaBIOS under QEMU) gave it a secondary bus number and the highest bus
 * number behind it (subordinate), and we scan the secondary bus next.
 *
 * For each function we size its BARs (the recipe is in drivers/pci/bar.c:
 * decoding off, write all ones, read back, restore) and insert each assigned
 * range into the resource tree, named "0000:BB:DD.F" as Linux names it.
 * A bridge's windows go in as "PCI Bus 0000:BB" and the functions behind it
 * nest inside them.
 */
#include "drivers/pci/bar.h"
#include "drivers/pci/caps.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define PCI_TYPE1_BARS 2 /* a bridge header has BARs 0 and 1 only */

/* The fixed ports of the two IDE channels in compatibility mode (PCI IDE
 * Controller Specification 1.0, section 2.1; the ISA-era assignments):
 * command block 8 ports, control block one port (the alternate status /
 * device control register). Linux puts these into BARs 0-3. */
#define IDE_PRIMARY_CMD 0x1f0
#define IDE_PRIMARY_CTL 0x3f6
#define IDE_SECONDARY_CMD 0x170
#define IDE_SECONDARY_CTL 0x376
#define IDE_CMD_PORTS 8
#define IDE_CTL_PORTS 1

static int pci_ndevs;
struct pci_dev *pci_devices;
static struct pci_dev **pci_tail = &pci_devices;
static u8 bus_seen[PCI_MAX_BUSES / 8];

/* ---- config access for a known function ---- */

static u32
cfg_read(struct pci_dev *d, int off, int width)
{
	u32 v = ~0u;

	pci_cfg_read(d->bus, d->dev, d->fn, off, width, &v);
	return v;
}

static void
cfg_write(struct pci_dev *d, int off, int width, u32 v)
{
	pci_cfg_write(d->bus, d->dev, d->fn, off, width, v);
}

int
pci_read_config_byte(struct pci_dev *dev, int where, u8 *val)
{
	u32 v;
	int err;

	if (!dev || where < 0 || !val)
		return -EINVAL;
	err = pci_cfg_read(dev->bus, dev->dev, dev->fn, where, 1, &v);
	if (!err)
		*val = v;
	return err;
}

int
pci_read_config_word(struct pci_dev *dev, int where, u16 *val)
{
	u32 v;
	int err;

	if (!dev || where < 0 || !val)
		return -EINVAL;
	err = pci_cfg_read(dev->bus, dev->dev, dev->fn, where, 2, &v);
	if (!err)
		*val = v;
	return err;
}

int
pci_read_config_dword(struct pci_dev *dev, int where, u32 *val)
{
	if (!dev || where < 0)
		return -EINVAL;
	return pci_cfg_read(dev->bus, dev->dev, dev->fn, where, 4, val);
}

int
pci_write_config_byte(struct pci_dev *dev, int where, u8 val)
{
	if (!dev || where < 0)
		return -EINVAL;
	return pci_cfg_write(dev->bus, dev->dev, dev->fn, where, 1, val);
}

int
pci_write_config_word(struct pci_dev *dev, int where, u16 val)
{
	if (!dev || where < 0)
		return -EINVAL;
	return pci_cfg_write(dev->bus, dev->dev, dev->fn, where, 2, val);
}

int
pci_write_config_dword(struct pci_dev *dev, int where, u32 val)
{
	if (!dev || where < 0)
		return -EINVAL;
	return pci_cfg_write(dev->bus, dev->dev, dev->fn, where, 4, val);
}

/* ---- finding devices ---- */

struct pci_dev *
pci_get_device(unsigned int vendor, unsigned int device, struct pci_dev *from)
{
	struct pci_dev *d;

	for (d = from ? from->next : pci_devices; d; d = d->next)
		if ((vendor == PCI_ANY_ID || d->vendor == vendor) &&
		    (device == PCI_ANY_ID || d->device == device))
			return d;
	return NULL;
}

struct pci_dev *
pci_get_class_mask(u32 class_code, u32 mask, struct pci_dev *from)
{
	struct pci_dev *d;

	for (d = from ? from->next : pci_devices; d; d = d->next)
		if (!((pci_dev_class_code(d) ^ class_code) & mask))
			return d;
	return NULL;
}

struct pci_dev *
pci_get_class(u32 class_code, struct pci_dev *from)
{
	return pci_get_class_mask(class_code, 0xffffff, from);
}

/* ---- reading one function ---- */

/* "pci 0000:00:03.0: " before each message, as Linux prints them. */
#define pci_say(d, fmt, ...) printk("pci %s: " fmt, (d)->name, ##__VA_ARGS__)

static const char *
res_kind(const struct resource *r)
{
	return (r->flags & IORESOURCE_IO) ? "io" : "mem";
}

static u8
caps_read(void *ctx, unsigned int off)
{
	return cfg_read(ctx, off, 1);
}

static u32
ext_caps_read(void *ctx, unsigned int off)
{
	return cfg_read(ctx, off, 4);
}

/* A PCI Express function (it has the Express capability) behind ECAM has
 * 4096 bytes, and maybe an extended capability list (Linux:
 * pci_cfg_space_size). */
static void
read_ext_caps(struct pci_dev *d)
{
	bool looped, express = false;

	d->cfg_size = PCI_CFG_SPACE_SIZE;
	for (int i = 0; i < d->ncaps; i++)
		express |= d->cap_id[i] == PCI_CAP_ID_EXP;
	if (!express || pci_cfg_ops_for(d->bus)->size < PCI_CFG_SPACE_EXP_SIZE)
		return;
	d->cfg_size = PCI_CFG_SPACE_EXP_SIZE;
	d->next_caps = pci_ext_caps_walk(ext_caps_read, d, d->ext_cap_id,
					 d->ext_cap_ver, d->ext_cap_off,
					 PCI_MAX_EXT_CAPS, &looped);
	if (looped) {
		d->ext_cap_loop = true;
		pci_say(d,
			"extended capability list does not end after %d "
			"entries (a loop?); stopped walking it\n",
			PCI_EXT_CAP_WALK_MAX);
	}
}

static void
read_caps(struct pci_dev *d)
{
	bool looped;

	if (!(d->status & PCI_STATUS_CAP_LIST))
		return;
	d->ncaps = pci_caps_walk(caps_read, d, d->cap_id, d->cap_off,
				 PCI_MAX_CAPS, &looped);
	if (looped) {
		d->cap_loop = true;
		pci_say(d,
			"capability list does not end after %d entries "
			"(a loop?); stopped walking it\n",
			PCI_CAP_WALK_MAX);
	}
}

/* Size BAR registers [first, first + n) and the ROM BAR at @rom, with
 * memory and I/O decoding off so that the all-ones value written during
 * sizing can never claim someone else's addresses. */
static void
size_bars(struct pci_dev *d, int nbars, int rom)
{
	u32 val[PCI_STD_NUM_BARS], mask[PCI_STD_NUM_BARS], rval, rmask;
	u16 cmd = d->command;
	bool host = d->class == PCI_CLASS_BRIDGE && d->subclass == 0;
	u32 flags;
	int i;

	flags = irq_save();
	/* Linux leaves a host bridge's decoding on (mmio_always_on): turning
	 * it off can cut the CPU off from memory on real chipsets. */
	if (!host)
		cfg_write(d, PCI_COMMAND, 2,
			  cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (i = 0; i < nbars; i++) {
		int off = PCI_BASE_ADDRESS_0 + 4 * i;

		val[i] = cfg_read(d, off, 4);
		cfg_write(d, off, 4, ~0u);
		mask[i] = cfg_read(d, off, 4);
		cfg_write(d, off, 4, val[i]);
	}
	rval = cfg_read(d, rom, 4);
	/* Write the address bits only: setting the enable bit would switch
	 * the ROM decoder on at address 0xfffff800. */
	cfg_write(d, rom, 4, PCI_ROM_ADDRESS_MASK);
	rmask = cfg_read(d, rom, 4);
	cfg_write(d, rom, 4, rval);
	if (!host)
		cfg_write(d, PCI_COMMAND, 2, cmd);
	irq_restore(flags);

	for (i = 0; i < nbars; i++) {
		struct pci_bar bar;
		bool is64 = pci_bar_is_64(val[i]);
		int used;

		if (is64 && i + 1 >= nbars) {
			pci_say(d,
				"BAR %d is 64-bit but the last BAR: ignored\n",
				i);
			break;
		}
		used = pci_bar_decode(val[i], mask[i], is64 ? val[i + 1] : 0,
				      is64 ? mask[i + 1] : 0, &bar);
		if (bar.size) {
			struct resource *r = &d->resource[i];

			r->start = bar.base;
			r->end = bar.base + bar.size - 1;
			r->flags = bar.flags;
			d->bar_size[i] = bar.size;
			if (!bar.base)
				d->res_state[i] |= PCI_RES_UNASSIGNED;
		}
		i += used - 1;
	}

	struct pci_bar rb;

	pci_rom_decode(rval, rmask, &rb);
	if (rb.size) {
		struct resource *r = &d->resource[PCI_ROM_RESOURCE];

		r->start = rb.base;
		r->end = rb.base + rb.size - 1;
		r->flags = rb.flags;
		d->bar_size[PCI_ROM_RESOURCE] = rb.size;
		if (!rb.base)
			d->res_state[PCI_ROM_RESOURCE] |= PCI_RES_UNASSIGNED;
		if (!rb.enabled)
			d->res_state[PCI_ROM_RESOURCE] |= PCI_RES_DISABLED;
	}
}

static void
set_window(struct pci_dev *d, int idx, const struct pci_bar *w)
{
	struct resource *r = &d->resource[idx];

	if (!w->size)
		return;
	r->start = w->base;
	r->end = w->base + w->size - 1;
	r->flags = w->flags;
	r->name = d->bus_name;
	d->bar_size[idx] = w->size;
}

/* Is the optional window whose base/limit registers are at @reg (@width
 * bytes) implemented? Registers of a missing window are read-only zero,
 * which would decode as an open window at address 0; so, when they read
 * 0, write @pattern (a closed window: base above limit) and see whether
 * it sticks, then put the 0 back - Linux's pci_read_bridge_windows(). */
static bool
bridge_has_window(struct pci_dev *d, int reg, int width, u32 pattern)
{
	u32 val = cfg_read(d, reg, width), probed = 0;

	if (!val) {
		cfg_write(d, reg, width, pattern);
		probed = cfg_read(d, reg, width);
		cfg_write(d, reg, width, 0);
	}
	return pci_bridge_has_window(val, probed);
}

/* Does the prefetchable window's upper base register take a write? Only
 * asked when the window says it is 64-bit; the value is put back. */
static bool
bridge_pref_upper_writable(struct pci_dev *d)
{
	u32 saved, probed;

	if ((cfg_read(d, PCI_PREF_MEMORY_BASE, 2) & PCI_PREF_RANGE_TYPE_MASK) !=
	    PCI_PREF_RANGE_TYPE_64)
		return false;
	saved = cfg_read(d, PCI_PREF_BASE_UPPER32, 4);
	cfg_write(d, PCI_PREF_BASE_UPPER32, 4, ~0u);
	probed = cfg_read(d, PCI_PREF_BASE_UPPER32, 4);
	cfg_write(d, PCI_PREF_BASE_UPPER32, 4, saved);
	return probed != 0;
}

/* The probe patterns: base 0xf0 above limit 0xe0 (I/O, one word over
 * base and limit), base 0xfff0 above limit 0xffe0 (prefetchable). */
#define PCI_IO_WINDOW_PROBE 0xe0f0
#define PCI_PREF_WINDOW_PROBE 0xffe0fff0u

static void
read_bridge_windows(struct pci_dev *d)
{
	struct pci_bar w;

	/* I/O and prefetchable windows are optional (bridge spec 1.2,
	 * 3.2.5.6 and 3.2.5.10); the memory window is not. */
	if (bridge_has_window(d, PCI_IO_BASE, 2, PCI_IO_WINDOW_PROBE)) {
		pci_bridge_io_window(cfg_read(d, PCI_IO_BASE, 1),
				     cfg_read(d, PCI_IO_LIMIT, 1),
				     cfg_read(d, PCI_IO_BASE_UPPER16, 2),
				     cfg_read(d, PCI_IO_LIMIT_UPPER16, 2), &w);
		set_window(d, PCI_BRIDGE_IO_WINDOW, &w);
	}
	pci_bridge_mem_window(cfg_read(d, PCI_MEMORY_BASE, 2),
			      cfg_read(d, PCI_MEMORY_LIMIT, 2), &w);
	set_window(d, PCI_BRIDGE_MEM_WINDOW, &w);
	if (bridge_has_window(d, PCI_PREF_MEMORY_BASE, 4,
			      PCI_PREF_WINDOW_PROBE)) {
		u32 hi_base = 0, hi_limit = 0;

		/* A window that says "64-bit" must have writable upper
		 * registers too (Linux: pref_64_window); else they are 0. */
		if (bridge_pref_upper_writable(d)) {
			hi_base = cfg_read(d, PCI_PREF_BASE_UPPER32, 4);
			hi_limit = cfg_read(d, PCI_PREF_LIMIT_UPPER32, 4);
		}
		pci_bridge_pref_window(cfg_read(d, PCI_PREF_MEMORY_BASE, 2),
				       cfg_read(d, PCI_PREF_MEMORY_LIMIT, 2),
				       hi_base, hi_limit, &w);
		set_window(d, PCI_BRIDGE_PREF_WINDOW, &w);
	}
}

static void
set_legacy(struct pci_dev *d, int idx, u16 start, u16 n)
{
	struct resource *r = &d->resource[idx];

	r->start = start;
	r->end = start + n - 1;
	r->flags = IORESOURCE_IO;
	d->bar_size[idx] = n;
	d->res_state[idx] = PCI_RES_LEGACY;
}

/* An IDE controller whose channels run in compatibility mode decodes the
 * old fixed ISA ports, whatever its BARs 0-3 say (QEMU's PIIX3 reads 0
 * there). Like Linux (drivers/pci/probe.c, pci_setup_device), replace BARs
 * 0-3 with those ranges so the ATA driver finds them as resources. */
static void
ide_legacy_ranges(struct pci_dev *d)
{
	if (d->class != PCI_CLASS_STORAGE ||
	    d->subclass != PCI_SUBCLASS_STORAGE_IDE)
		return;
	if (!(d->prog_if & PCI_IDE_PRIMARY_NATIVE)) {
		set_legacy(d, 0, IDE_PRIMARY_CMD, IDE_CMD_PORTS);
		set_legacy(d, 1, IDE_PRIMARY_CTL, IDE_CTL_PORTS);
	}
	if (!(d->prog_if & PCI_IDE_SECONDARY_NATIVE)) {
		set_legacy(d, 2, IDE_SECONDARY_CMD, IDE_CMD_PORTS);
		set_legacy(d, 3, IDE_SECONDARY_CTL, IDE_CTL_PORTS);
	}
}

/* ---- chipset quirks: port ranges set in registers that are not BARs ---- */

/* quirk_io_region - a port range whose base is in a chipset-specific config
 * register; kept in the unused bridge-window slots of a type 0 function,
 * as Linux does (drivers/pci/quirks.c). */
static void
quirk_io_region(struct pci_dev *d, int reg, u16 size, int idx)
{
	u16 base = cfg_read(d, reg, 2) & ~(size - 1);

	if (!base)
		return;
	set_legacy(d, idx, base, size);
	d->res_state[idx] = 0;
}

/* 82371AB PIIX4 function 3 (datasheet 290562, section 3.4.2): PMBA at 0x40
 * holds the 64-port power-management block (the ACPI PM1a, timer and GPE
 * registers), SMBBA at 0x90 the 16-port SMBus host controller. */
#define PIIX4_PMBA 0x40
#define PIIX4_PM_PORTS 64
#define PIIX4_SMBBA 0x90
#define PIIX4_SMB_PORTS 16

static void
quirk_piix4_acpi(struct pci_dev *d)
{
	quirk_io_region(d, PIIX4_PMBA, PIIX4_PM_PORTS, PCI_BRIDGE_RESOURCES);
	quirk_io_region(d, PIIX4_SMBBA, PIIX4_SMB_PORTS,
			PCI_BRIDGE_RESOURCES + 1);
}

/* ICH9 LPC bridge (datasheet 316972, section 13.1): PMBASE at 0x40 (128
 * ports, enabled by ACPI_CNTL bit 7) and GPIOBASE at 0x48 (64 ports,
 * enabled by GPIO_CNTL bit 4). QEMU's q35 has this chip. */
#define ICH_PMBASE 0x40
#define ICH_ACPI_CNTL 0x44
#define ICH_ACPI_EN 0x80
#define ICH_PM_PORTS 128
#define ICH_GPIOBASE 0x48
#define ICH_GPIO_CNTL 0x4c
#define ICH_GPIO_EN 0x10
#define ICH_GPIO_PORTS 64

static void
quirk_ich_lpc(struct pci_dev *d)
{
	if (cfg_read(d, ICH_ACPI_CNTL, 1) & ICH_ACPI_EN)
		quirk_io_region(d, ICH_PMBASE, ICH_PM_PORTS,
				PCI_BRIDGE_RESOURCES);
	if (cfg_read(d, ICH_GPIO_CNTL, 1) & ICH_GPIO_EN)
		quirk_io_region(d, ICH_GPIOBASE, ICH_GPIO_PORTS,
				PCI_BRIDGE_RESOURCES + 1);
}

static const struct {
	u16 vendor, device;
	void (*fn)(struct pci_dev *d);
} pci_quirks[] = {
	{0x8086, 0x7113, quirk_piix4_acpi}, /* 82371AB/EB/MB PIIX4 ACPI */
	{0x8086, 0x2918, quirk_ich_lpc},    /* 82801IB (ICH9) LPC */
};

static void
apply_quirks(struct pci_dev *d)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pci_quirks); i++)
		if (pci_quirks[i].vendor == d->vendor &&
		    pci_quirks[i].device == d->device)
			pci_quirks[i].fn(d);
}

static struct pci_dev *
alloc_dev(unsigned int bus, unsigned int dev, unsigned int fn)
{
	/* A bus holds up to 256 functions and a machine 256 buses: one
	 * allocation per function found, from the heap. */
	struct pci_dev *d = kzalloc(sizeof(*d));

	if (!d) {
		printk("pci %04x:%02x:%02x.%x: out of memory for its struct "
		       "pci_dev (%u bytes): the scan stops here\n",
		       0, bus, dev, fn, (unsigned)sizeof(*d));
		return NULL;
	}
	pci_ndevs++;
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	snprintf(d->name, sizeof(d->name), "%04x:%02x:%02x.%x", 0, bus, dev,
		 fn);
	return d;
}

/* Read the header of one function that answered; NULL if out of memory. */
static struct pci_dev *
setup_device(unsigned int bus, unsigned int dev, unsigned int fn,
	     struct pci_dev *parent)
{
	struct pci_dev *d = alloc_dev(bus, dev, fn);
	u32 id, cmd_status, class_rev, irq;
	u8 htype;
	int i;

	if (!d)
		return NULL;
	d->parent = parent;
	/* Whole dwords: each config access costs two port operations (and
	 * under QEMU's TCG two exits to the device model). */
	id = cfg_read(d, PCI_VENDOR_ID, 4);
	d->vendor = id;
	d->device = id >> 16;
	cmd_status = cfg_read(d, PCI_COMMAND, 4);
	d->command = cmd_status;
	d->status = cmd_status >> 16;
	class_rev = cfg_read(d, PCI_REVISION_ID, 4);
	d->revision = class_rev;
	d->prog_if = class_rev >> 8;
	d->subclass = class_rev >> 16;
	d->class = class_rev >> 24;
	htype = cfg_read(d, PCI_CACHE_LINE_SIZE, 4) >> 16;
	d->header_type = htype & PCI_HEADER_TYPE_MASK;
	d->multifunction = htype & PCI_HEADER_TYPE_MFD;
	irq = cfg_read(d, PCI_INTERRUPT_LINE, 4);
	d->irq_line = irq;
	d->irq_pin = irq >> 8;
	for (i = 0; i < PCI_NUM_RESOURCES; i++)
		d->resource[i].name = d->name;

	switch (d->header_type) {
	case PCI_HEADER_TYPE_NORMAL:
		id = cfg_read(d, PCI_SUBSYSTEM_VENDOR_ID, 4);
		d->subsystem_vendor = id;
		d->subsystem_device = id >> 16;
		size_bars(d, PCI_STD_NUM_BARS, PCI_ROM_ADDRESS);
		ide_legacy_ranges(d);
		apply_quirks(d);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		id = cfg_read(d, PCI_PRIMARY_BUS & ~3, 4); /* 0x18..0x1b */
		d->primary = id >> 8 * (PCI_PRIMARY_BUS & 3);
		d->secondary = id >> 8 * (PCI_SECONDARY_BUS & 3);
		d->subordinate = id >> 8 * (PCI_SUBORDINATE_BUS & 3);
		snprintf(d->bus_name, sizeof(d->bus_name), "PCI Bus %04x:%02x",
			 0, d->secondary);
		size_bars(d, PCI_TYPE1_BARS, PCI_ROM_ADDRESS1);
		read_bridge_windows(d);
		break;
	default:
		pci_say(d,
			"[%04x:%04x] unknown header type %02x: its BARs "
			"are not read\n",
			d->vendor, d->device, d->header_type);
		break;
	}
	read_caps(d);
	read_ext_caps(d);
	*pci_tail = d;
	pci_tail = &d->next;
	return d;
}

/* ---- scanning ---- */

static void scan_bus(unsigned int bus, struct pci_dev *parent);

static bool
vendor_present(unsigned int bus, unsigned int dev, unsigned int fn)
{
	u32 v = 0xffff;

	pci_cfg_read(bus, dev, fn, PCI_VENDOR_ID, 2, &v);
	return v != 0xffff && v != 0;
}

/* Follow a bridge, but only to a bus number the firmware really gave it. */
static void
scan_bridge(struct pci_dev *b, unsigned int bus)
{
	if (b->secondary <= bus || b->subordinate < b->secondary) {
		pci_say(b,
			"bridge not configured by firmware (primary %02x, "
			"secondary %02x, subordinate %02x): bus behind it "
			"not scanned\n",
			b->primary, b->secondary, b->subordinate);
		return;
	}
	if (bus_seen[b->secondary / 8] & BIT(b->secondary % 8)) {
		pci_say(b,
			"secondary bus %02x already scanned (firmware "
			"gave it twice): not scanned again\n",
			b->secondary);
		return;
	}
	scan_bus(b->secondary, b);
}

static void
scan_bus(unsigned int bus, struct pci_dev *parent)
{
	struct pci_dev *first = NULL, *d;
	struct pci_dev **mark = pci_tail;
	unsigned int dev, fn, nfn;

	bus_seen[bus / 8] |= BIT(bus % 8);
	for (dev = 0; dev < PCI_DEVICES_PER_BUS; dev++) {
		if (!vendor_present(bus, dev, 0))
			continue;
		d = setup_device(bus, dev, 0, parent);
		if (!d)
			return;
		nfn = d->multifunction ? PCI_FUNCTIONS_PER_DEVICE : 1;
		for (fn = 1; fn < nfn; fn++)
			if (vendor_present(bus, dev, fn) &&
			    !setup_device(bus, dev, fn, parent))
				return;
	}
	/* Buses behind this bus's bridges come after all of its functions,
	 * as in Linux's pci_scan_child_bus(). */
	first = *mark;
	for (d = first; d; d = d->next)
		if (d->bus == bus && d->header_type == PCI_HEADER_TYPE_BRIDGE)
			scan_bridge(d, bus);
}

/* ---- into the resource tree ---- */

/* Which resource holds @r: the matching window of the bridge above, or
 * the root of its address space on bus 0. NULL: behind a bridge, but in
 * none of its windows. */
static struct resource *
find_parent_resource(struct pci_dev *d, struct resource *r)
{
	struct pci_dev *b = d->parent;
	int idx[3] = {PCI_BRIDGE_PREF_WINDOW, PCI_BRIDGE_MEM_WINDOW,
		      PCI_BRIDGE_IO_WINDOW};
	int i;

	if (!b)
		return (r->flags & IORESOURCE_IO) ? &ioport_resource
						  : &iomem_resource;
	for (i = 0; i < 3; i++) {
		struct resource *w = &b->resource[idx[i]];

		if (!w->flags || !w->parent)
			continue;
		if ((w->flags & IORESOURCE_TYPE_BITS) !=
		    (r->flags & IORESOURCE_TYPE_BITS))
			continue;
		if ((w->flags & IORESOURCE_PREFETCH) &&
		    !(r->flags & IORESOURCE_PREFETCH))
			continue;
		if (w->start <= r->start && r->end <= w->end)
			return w;
	}
	return NULL;
}

static const char *
res_label(struct pci_dev *d, int idx)
{
	static const char *const labels[PCI_NUM_RESOURCES] = {
		"BAR 0",
		"BAR 1",
		"BAR 2",
		"BAR 3",
		"BAR 4",
		"BAR 5",
		"ROM",
		"bridge I/O window",
		"bridge memory window",
		"bridge prefetchable window"};
	if (idx >= PCI_BRIDGE_RESOURCES &&
	    d->header_type != PCI_HEADER_TYPE_BRIDGE)
		return "chipset range";
	return labels[idx];
}

static void
claim_resource(struct pci_dev *d, int idx)
{
	struct resource *r = &d->resource[idx], *parent, *conflict;

	if (!r->flags || (d->res_state[idx] & PCI_RES_SHADOW))
		return; /* the Video ROM stands for it (video_rom.c) */
	if (d->res_state[idx] & PCI_RES_UNASSIGNED) {
		pci_say(d,
			"%s [%s size 0x%llx] has no address (firmware left "
			"it unassigned): not in the tree\n",
			res_label(d, idx), res_kind(r),
			(unsigned long long)d->bar_size[idx]);
		return;
	}
	if (r->end > 0xffffffffull) {
		d->res_state[idx] |= PCI_RES_ABOVE_4G;
		pci_say(d,
			"%s [mem 0x%llx-0x%llx] lies above 4 GiB: this 32-bit "
			"kernel (no PAE) cannot map it\n",
			res_label(d, idx), (unsigned long long)r->start,
			(unsigned long long)r->end);
	}
	parent = find_parent_resource(d, r);
	if (!parent) {
		d->res_state[idx] |= PCI_RES_CONFLICT;
		pci_say(d,
			"%s [%s 0x%llx-0x%llx] is outside every window of "
			"bridge %s: not in the tree\n",
			res_label(d, idx), res_kind(r),
			(unsigned long long)r->start,
			(unsigned long long)r->end, d->parent->name);
		return;
	}
	/* Requested, not inserted: a range that overlaps what is already
	 * there fails rather than adopting it (Linux's pci_claim_resource). */
	conflict = request_resource_conflict(parent, r);
	if (!conflict)
		return;
	d->res_state[idx] |= PCI_RES_CONFLICT;
	pci_say(d,
		"%s [%s 0x%llx-0x%llx] conflicts with '%s' [0x%llx-0x%llx]: "
		"not in the tree\n",
		res_label(d, idx), res_kind(r), (unsigned long long)r->start,
		(unsigned long long)r->end,
		conflict->name ? conflict->name : "?",
		(unsigned long long)conflict->start,
		(unsigned long long)conflict->end);
}

/* Does @d decode the address space of @r now (its command register)? */
static bool
decoding(struct pci_dev *d, struct resource *r)
{
	return d->command & ((r->flags & IORESOURCE_IO) ? PCI_COMMAND_IO
							: PCI_COMMAND_MEMORY);
}

/* Claim in Linux's order (arch/x86/pci/i386.c, pcibios_resource_survey):
 * the bridges' windows first, top down (scan order puts a bridge before
 * the functions behind it), so each BAR finds its window; then the BARs
 * (and chipset ranges) of functions that decode them, then those of
 * functions with decoding off; the expansion ROMs last. */
static void
claim_all(void)
{
	struct pci_dev *d;
	int i, pass;

	for (d = pci_devices; d; d = d->next)
		if (d->header_type == PCI_HEADER_TYPE_BRIDGE)
			for (i = PCI_BRIDGE_RESOURCES; i < PCI_NUM_RESOURCES;
			     i++)
				claim_resource(d, i);
	for (pass = 0; pass < 2; pass++)
		for (d = pci_devices; d; d = d->next)
			for (i = 0; i < PCI_NUM_RESOURCES; i++) {
				struct resource *r = &d->resource[i];

				if (i == PCI_ROM_RESOURCE || !r->flags ||
				    (i >= PCI_BRIDGE_RESOURCES &&
				     d->header_type ==
					     PCI_HEADER_TYPE_BRIDGE) ||
				    decoding(d, r) != (pass == 0))
					continue;
				claim_resource(d, i);
			}
	for (d = pci_devices; d; d = d->next)
		claim_resource(d, PCI_ROM_RESOURCE);
}

int
pci_init(void)
{
	int err = pci_cfg_init();

	if (err)
		return err;
	scan_bus(0, NULL);
	pci_fixup_video();
	claim_all();
	printk("pci: %d function%s found through %s (lspci lists them)\n",
	       pci_ndevs, pci_ndevs == 1 ? "" : "s", pci_cfg_ops_for(0)->name);
	return 0;
}
