/* kernel/acpi/platform.c - the lines the DSDT gives: host bridge windows,
 * ACPI platform devices and PNP motherboard resources.
 *
 * A device's _CRS ("Current Resource Settings", ACPI 6.5, 6.2.2) lists the
 * ports, memory and interrupts it decodes now. kernel/acpi/aml.c reads the
 * constant ones out of the DSDT; this file puts them in the resource tree
 * the way Linux's ACPI scan does, in namespace order:
 *
 *  - PCI host bridge (PNP0A03, or PNP0A08 for PCI Express): the address
 *    ranges it produces for its bus (the _CRS entries marked as windows)
 *    become "PCI Bus 0000:00", inserted with insert_resource so that they
 *    become the parents of everything already claimed inside them
 *    (drivers/acpi/pci_root.c, pci_acpi_root_add_resources). A 32-bit
 *    kernel without PAE cannot reach a window above 4 GiB: it is skipped,
 *    with one line, as Linux-686 does.
 *  - A device with a _HID that no other subsystem takes (not a host bridge,
 *    PCI interrupt link, container, processor, or a PNP device that pnpacpi
 *    claims) becomes a platform device named "HID:NN" (NN counts devices of
 *    that _HID), whose memory and I/O ranges are inserted under that name
 *    (drivers/acpi/acpi_platform.c, platform_device_add): QEMU's fw_cfg,
 *    "QEMU0002:00"; the HPET's "PNP0103:00", which nests in "HPET 0".
 *  - A PNP motherboard-resource device (PNP0C01, PNP0C02) reserves its
 *    ranges as "pnp 00:NN", not busy, so drivers may still claim inside
 *    them; ports below 0x100 are left to the PC/AT map
 *    (drivers/pnp/system.c).
 *
 * A device whose _STA is a Method is not evaluated (aml.h): it is taken
 * as absent, except the HPET, whose QEMU _STA only checks that the timer
 * block answers: porthole reads that register itself (hpet_answers()).
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/aml.h"
#include "kernel/acpi/resources.h"
#include "kernel/iomap.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define MAX_WINDOWS 16
#define MAX_PLATFORM_RES 32
#define NAME_LEN 24
#define PHYS_LIMIT 0x100000000ULL
#define PNP_SYSTEM_IO_MIN 0x100 /* system.c: below is standard PC hardware */

/* IA-PC HPET 1.0a, 2.3.4: General Capabilities and ID Register. */
#define HPET_GCAP_ID 0x000
#define HPET_GCAP_VENDOR_SHIFT 16
#define HPET_COUNTER_CLK_PERIOD 0x004 /* bits 63:32: femtoseconds/tick */
#define HPET_MAX_PERIOD_FS 100000000u /* the spec's limit: 100 ns */

static struct resource window_res[MAX_WINDOWS];
static char bus_name[NAME_LEN];
static int nr_windows;

static struct resource plat_res[MAX_PLATFORM_RES];
static char plat_name[MAX_PLATFORM_RES][NAME_LEN];
static int nr_plat;

/* IDs whose devices another subsystem takes in Linux (scan handlers). */
static const char *const not_platform[] = {
	"PNP0A03",  "PNP0A08",		    /* PCI host bridge: pci_root.c */
	"PNP0C0F",			    /* PCI interrupt link: pci_link.c */
	"PNP0A05",  "PNP0A06",	"ACPI0004", /* containers: container.c */
	"ACPI0010", "ACPI0007",		    /* processor container, processor */
};

/* The PNP devices (pnp.c numbers them), looked up once: each lookup walks
 * the whole namespace. */
#define MAX_PNP 64
static const struct acpi_ns_device *pnp_devs[MAX_PNP];
static int nr_pnp;

static void
collect_pnp_devices(void)
{
	nr_pnp = MIN(pnp_acpi_count(), MAX_PNP);
	for (int n = 0; n < nr_pnp; n++)
		pnp_devs[n] = pnp_acpi_device(n);
}

static bool
is_pnp_device(const struct acpi_ns_device *dev)
{
	for (int n = 0; n < nr_pnp; n++)
		if (pnp_devs[n] == dev)
			return true;
	return false;
}

/* What QEMU's HPET _STA method computes: does the timer block at @base
 * answer with a vendor ID and a sane period? */
static bool
hpet_answers(u64 base)
{
	void __iomem *regs;
	u32 id, period;

	if (base >= PHYS_LIMIT || !(regs = ioremap(base, 8)))
		return false;
	id = readl((u8 *)regs + HPET_GCAP_ID);
	period = readl((u8 *)regs + HPET_COUNTER_CLK_PERIOD);
	iounmap(regs);
	id >>= HPET_GCAP_VENDOR_SHIFT;
	return id != 0 && id != 0xffff && period != 0 &&
	       period <= HPET_MAX_PERIOD_FS;
}

static bool
present(const struct acpi_ns_device *dev)
{
	static const struct acpi_ns_device *checked; /* the HPET, asked once */
	static bool answered;
	bool unknown = false;

	if (acpi_dev_present(dev, &unknown))
		return true;
	if (!unknown || !acpi_dev_has_id(dev, "PNP0103") || dev->ncrs < 1 ||
	    dev->crs[0].type != ACPI_RSRC_MEM)
		return false;
	if (checked != dev) {
		checked = dev;
		answered = hpet_answers(dev->crs[0].start);
	}
	return answered;
}

static struct resource *
new_res(const char *name, const struct acpi_rsrc *r)
{
	struct resource *res;

	if (nr_plat >= MAX_PLATFORM_RES)
		return NULL;
	res = &plat_res[nr_plat++];
	res->name = name;
	res->start = r->start;
	res->end = r->end;
	res->flags = r->type == ACPI_RSRC_IO ? IORESOURCE_IO : IORESOURCE_MEM;
	return res;
}

static struct resource *
tree_of(const struct acpi_rsrc *r)
{
	return r->type == ACPI_RSRC_IO ? &ioport_resource : &iomem_resource;
}

static bool
has_range(const struct acpi_rsrc *r)
{
	return (r->type == ACPI_RSRC_IO || r->type == ACPI_RSRC_MEM) &&
	       !(r->flags & ACPI_RSRC_DISABLED) && r->end >= r->start;
}

/* The host bridge's windows: "PCI Bus 0000:BB". */
static void
add_host_bridge(const struct acpi_ns_device *dev)
{
	u64 bus = 0;

	for (int i = 0; i < dev->ncrs; i++)
		if (dev->crs[i].type == ACPI_RSRC_BUS)
			bus = dev->crs[i].start;
	snprintf(bus_name, sizeof(bus_name), "PCI Bus 0000:%02llx", bus);
	for (int i = 0; i < dev->ncrs; i++) {
		const struct acpi_rsrc *r = &dev->crs[i];
		struct resource *w;

		if (!has_range(r) || !(r->flags & ACPI_RSRC_WINDOW))
			continue;
		if (r->end >= PHYS_LIMIT) {
			printk("ACPI: %s: window [mem 0x%llx-0x%llx] lies "
			       "above 4 GiB, which this 32-bit kernel "
			       "(no PAE) cannot reach: not used\n",
			       bus_name, r->start, r->end);
			continue;
		}
		if (nr_windows >= MAX_WINDOWS)
			return;
		w = &window_res[nr_windows++];
		w->name = bus_name;
		w->start = r->start;
		w->end = r->end;
		w->flags = (r->type == ACPI_RSRC_IO ? IORESOURCE_IO
						    : IORESOURCE_MEM) |
			   IORESOURCE_WINDOW;
		insert_resource(tree_of(r), w); /* prints a conflict */
	}
}

/* "HID:NN": NN counts the present devices with that _HID before it. */
static void
platform_name(const struct acpi_ns_device *dev, char *buf)
{
	int n = 0;

	for (int i = 0; i < acpi_ns_count(); i++) {
		const struct acpi_ns_device *d = acpi_ns_device(i);
		if (d == dev)
			break;
		if (d->hid_kind == ACPI_VALUE_STATIC &&
		    strcmp(d->hid, dev->hid) == 0 && present(d))
			n++;
	}
	snprintf(buf, NAME_LEN, "%s:%02d", dev->hid, n);
}

static bool
takes_platform(const struct acpi_ns_device *dev)
{
	if (dev->hid_kind != ACPI_VALUE_STATIC || is_pnp_device(dev))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(not_platform); i++)
		if (acpi_dev_has_id(dev, not_platform[i]))
			return false;
	return true;
}

static void
add_platform_device(const struct acpi_ns_device *dev)
{
	char *name;

	if (nr_plat >= MAX_PLATFORM_RES)
		return;
	name = plat_name[nr_plat];
	platform_name(dev, name);
	for (int i = 0; i < dev->ncrs; i++) {
		struct resource *res;
		if (!has_range(&dev->crs[i]) || dev->crs[i].end >= PHYS_LIMIT ||
		    !(res = new_res(name, &dev->crs[i])))
			continue;
		insert_resource(tree_of(&dev->crs[i]), res);
	}
}

/* PNP0C01/PNP0C02: "pnp 00:NN", requested and then not busy. */
static void
add_pnp_system(const struct acpi_ns_device *dev, int n)
{
	char *name;

	if (nr_plat >= MAX_PLATFORM_RES)
		return;
	name = plat_name[nr_plat];
	snprintf(name, NAME_LEN, "pnp 00:%02d", n);
	for (int i = 0; i < dev->ncrs; i++) {
		const struct acpi_rsrc *r = &dev->crs[i];
		struct resource *res;

		if (!has_range(r) || r->end >= PHYS_LIMIT ||
		    (r->type == ACPI_RSRC_IO && r->start < PNP_SYSTEM_IO_MIN))
			continue;
		res = __request_region(tree_of(r), r->start,
				       r->end - r->start + 1, name, 0);
		if (res)
			res->flags &= ~IORESOURCE_BUSY;
	}
	nr_plat++; /* the name slot stays in use */
}

static int
scan_fn(const struct acpi_ns_device *dev, void *arg)
{
	(void)arg;
	if (dev->kind != ACPI_NODE_DEVICE || !present(dev) ||
	    dev->crs_kind != ACPI_VALUE_STATIC)
		return 0;
	if (acpi_dev_has_id(dev, "PNP0A03") || acpi_dev_has_id(dev, "PNP0A08"))
		add_host_bridge(dev);
	else if (takes_platform(dev))
		add_platform_device(dev);
	return 0;
}

void
acpi_reserve_namespace(void)
{
	if (!acpi_available())
		return;
	/* Linux's order: the ACPI scan (windows, platform devices) at
	 * subsys_initcall, then the pnp system driver at fs_initcall. */
	collect_pnp_devices();
	acpi_ns_for_each_device(scan_fn, NULL);
	for (int n = 0; n < nr_pnp; n++) {
		const struct acpi_ns_device *dev = pnp_devs[n];
		if (acpi_dev_has_id(dev, "PNP0C01") ||
		    acpi_dev_has_id(dev, "PNP0C02"))
			add_pnp_system(dev, n);
	}
}
