/* kernel/acpi/pnp.c - which ACPI devices are PNP devices, numbered as Linux
 * numbers them, and the printed views of the namespace (`acpi ns`, `pnp`).
 *
 * Linux puts an ACPI device on its PNP bus (/sys/bus/pnp/devices/00:NN)
 * when (drivers/acpi/acpi_pnp.c, drivers/pnp/pnpacpi/core.c):
 *   - one of its IDs (_HID, then each _CID) is in acpi_pnp_device_ids, the
 *     IDs some PNP driver handles, or it is a CMOS RTC (PNP0B00-PNP0B02);
 *   - it has a _CRS;
 *   - its _STA says present (no _STA: present), and no device above it
 *     says neither present nor functioning (Linux does not look there);
 * and it numbers them 00:00, 00:01, ... in the order of ACPICA's depth-first
 * namespace walk. The device is "active" when _STA says enabled (bit 1),
 * and only then are its _CRS resources listed.
 *
 * porthole keeps the IDs of that list that describe PC motherboard and ISA
 * devices (below); the list's add-in-card IDs (ISA sound, modem, radio and
 * infrared cards) are left out. A device whose _STA is a Method cannot be
 * judged without running AML: `pnp` names it and does not number it.
 *
 * Only lib/ and printk are used: the host tests build this file.
 */
#include "kernel/acpi/aml.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* From Linux's acpi_pnp_device_ids; 'X' matches any hex digit. */
static const char *const pnp_ids[] = {
	"PNP0600",			 /* IDE controller */
	"PNP0700",			 /* floppy controller */
	"PNP0C31",			 /* TPM */
	"PNP0300", "PNP0301", "PNP0302", /* i8042 keyboard */
	"PNP0303", "PNP0304", "PNP0305", "PNP0306", "PNP0309", "PNP030A",
	"PNP030B", "PNP0320", "PNP0343", "PNP0344", "PNP0345", "CPQA0D7",
	"AUI0200", "FJC6000", "FJC6001", /* i8042 aux (mouse) */
	"PNP0F03", "PNP0F0B", "PNP0F0E", "PNP0F12", "PNP0F13", "PNP0F19",
	"PNP0F1C", "SYN0801", "PNP0400", "PNP0401", /* parallel port */
	"PNP0C02", "PNP0C01", /* motherboard resources, memory controller */
	"PNP0B00", "PNP0B01", "PNP0B02", /* CMOS RTC */
	"PNP0500", "PNP0501",		 /* serial port */
	"PNPB006",			 /* MPU-401 */
	"PNPB02F",			 /* game port */
	"WACFXXX",			 /* Wacom tablets */
};

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static bool
hex_digit(char c)
{
	c = upper(c);
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

/* ispnpidacpi: three capital letters and four hex digits. */
static bool
pnp_style_id(const char *id)
{
	if (strlen(id) != 7)
		return false;
	for (int i = 0; i < 3; i++)
		if (id[i] < 'A' || id[i] > 'Z')
			return false;
	for (int i = 3; i < 7; i++)
		if (!hex_digit(id[i]))
			return false;
	return true;
}

static bool
id_in_list(const char *id)
{
	char digits[4]; /* the four hex digits, upper case: checked once */

	if (strlen(id) != 7)
		return false;
	for (int i = 0; i < 4; i++) {
		if (!hex_digit(id[3 + i]))
			return false;
		digits[i] = upper(id[3 + i]);
	}
	for (size_t k = 0; k < ARRAY_SIZE(pnp_ids); k++) {
		const char *l = pnp_ids[k];
		bool ok = id[0] == l[0] && id[1] == l[1] && id[2] == l[2];

		for (int i = 0; ok && i < 4; i++)
			ok = l[3 + i] == 'X' || digits[i] == l[3 + i];
		if (ok)
			return true;
	}
	return false;
}

/* The ID pnpacpi gives the device: _HID, or the first PNP-style _CID. */
static const char *
pnp_id_of(const struct acpi_ns_device *dev)
{
	if (dev->hid_kind == ACPI_VALUE_STATIC && pnp_style_id(dev->hid))
		return dev->hid;
	for (int i = 0; i < dev->ncid; i++)
		if (pnp_style_id(dev->cid[i]))
			return dev->cid[i];
	return NULL;
}

static bool
pnp_candidate(const struct acpi_ns_device *dev)
{
	if (dev->kind != ACPI_NODE_DEVICE || dev->crs_kind == ACPI_VALUE_NONE)
		return false;
	if (dev->hid_kind == ACPI_VALUE_STATIC && id_in_list(dev->hid))
		return pnp_id_of(dev) != NULL;
	for (int i = 0; i < dev->ncid; i++)
		if (id_in_list(dev->cid[i]))
			return pnp_id_of(dev) != NULL;
	return false;
}

/* Linux creates no ACPI device object below a device whose _STA says
 * neither present nor functioning (acpi_bus_scan skips that subtree), so no
 * PNP device comes from there either. A computed _STA above is unknown. */
static bool
ancestors_present(const struct acpi_ns_device *dev, bool *unknown)
{
	for (const struct acpi_ns_device *p = dev->parent; p; p = p->parent) {
		if (p->sta_kind == ACPI_VALUE_COMPUTED ||
		    p->sta_kind == ACPI_VALUE_BAD)
			*unknown = true;
		else if (p->sta_kind == ACPI_VALUE_STATIC &&
			 !(p->sta & (ACPI_STA_PRESENT | ACPI_STA_FUNCTIONING)))
			return false;
	}
	return true;
}

/* Calls @fn for each PNP device with its number; for a candidate whose
 * _STA (or an enclosing device's) is computed, with number -1. */
static int
pnp_walk(int (*fn)(const struct acpi_ns_device *dev, int n, void *arg),
	 void *arg)
{
	int n = 0;

	for (int i = 0; i < acpi_ns_count(); i++) {
		const struct acpi_ns_device *dev = acpi_ns_device(i);
		bool unknown;
		if (!pnp_candidate(dev))
			continue;
		if (!acpi_dev_present(dev, &unknown) && !unknown)
			continue;
		if (!ancestors_present(dev, &unknown))
			continue;
		int ret = fn(dev, unknown ? -1 : n, arg);
		if (ret)
			return ret;
		if (!unknown)
			n++;
	}
	return 0;
}

struct pnp_find {
	int want;
	const struct acpi_ns_device *dev;
	int count;
};

static int
pnp_find_fn(const struct acpi_ns_device *dev, int n, void *arg)
{
	struct pnp_find *f = arg;

	if (n < 0)
		return 0;
	f->count = n + 1;
	if (n == f->want) {
		f->dev = dev;
		return 1;
	}
	return 0;
}

int
pnp_acpi_count(void)
{
	struct pnp_find f = {-1, NULL, 0};

	pnp_walk(pnp_find_fn, &f);
	return f.count;
}

const struct acpi_ns_device *
pnp_acpi_device(int n)
{
	struct pnp_find f = {n, NULL, 0};

	if (n < 0)
		return NULL;
	pnp_walk(pnp_find_fn, &f);
	return f.dev;
}

char *
pnp_acpi_id(const struct acpi_ns_device *dev, char *buf, size_t size)
{
	const char *id = pnp_id_of(dev);

	strlcpy(buf, id ? id : "", size);
	/* Linux's pnp_add_id() prints the four hex digits in lower case. */
	for (size_t i = 3; i < 7 && i + 1 < size && buf[i]; i++)
		if (buf[i] >= 'A' && buf[i] <= 'F')
			buf[i] += 32;
	return buf;
}

/* One resource as /sys/bus/pnp/devices/NN/resources prints it (C's "%#llx":
 * zero is "0", not "0x0"). */
static void
pnp_print_rsrc(const struct acpi_rsrc *r)
{
	static const char *const names[] = {"io", "mem", "bus", "irq", "dma"};
	char a[24], b[24];

	printk("%s", names[r->type]);
	if (r->flags & ACPI_RSRC_DISABLED) {
		printk(" disabled\n");
		return;
	}
	if (r->type == ACPI_RSRC_IRQ || r->type == ACPI_RSRC_DMA) {
		printk(" %llu\n", (unsigned long long)r->start);
		return;
	}
	snprintf(a, sizeof(a), r->start ? "0x%llx" : "0",
		 (unsigned long long)r->start);
	snprintf(b, sizeof(b), r->end ? "0x%llx" : "0",
		 (unsigned long long)r->end);
	printk(" %s-%s%s\n", a, b,
	       r->flags & ACPI_RSRC_WINDOW ? " window" : "");
}

static int
pnp_show_fn(const struct acpi_ns_device *dev, int n, void *arg)
{
	char id[ACPI_ID_MAX];
	bool active = dev->sta & ACPI_STA_ENABLED;

	(void)arg;
	pnp_acpi_id(dev, id, sizeof(id));
	if (n < 0) {
		printk("pnp: %s (%s): its _STA or an enclosing device's is "
		       "computed by AML: not numbered, so later numbers may "
		       "differ from Linux's\n",
		       dev->path, id);
		return 0;
	}
	printk("00:%02x %s\n", n, id);
	printk("state = %s\n", active ? "active" : "disabled");
	if (!active)
		return 0;
	if (dev->crs_kind == ACPI_VALUE_COMPUTED)
		printk("(_CRS computed by AML)\n");
	else if (dev->crs_kind == ACPI_VALUE_BAD)
		printk("(_CRS malformed)\n");
	for (int i = 0; i < dev->ncrs; i++)
		pnp_print_rsrc(&dev->crs[i]);
	return 0;
}

void
pnp_acpi_show(void)
{
	pnp_walk(pnp_show_fn, NULL);
}

static const char *
kind_text(u8 kind)
{
	switch (kind) {
	case ACPI_VALUE_COMPUTED:
		return "computed by AML";
	case ACPI_VALUE_BAD:
		return "malformed";
	default:
		return "-";
	}
}

static int
ns_show_fn(const struct acpi_ns_device *dev, void *arg)
{
	static const char *const kinds[] = {"", " Processor", " ThermalZone",
					    " PowerResource"};
	int ind = dev->depth * 2;
	char sta[24], line[80];

	(void)arg;
	printk("%*s%s%s", ind, "", dev->path,
	       dev->kind < ARRAY_SIZE(kinds) ? kinds[dev->kind] : "");
	if (dev->hid_kind == ACPI_VALUE_STATIC)
		printk(" %s", dev->hid);
	else if (dev->hid_kind != ACPI_VALUE_NONE)
		printk(" _HID %s", kind_text(dev->hid_kind));
	for (int i = 0; i < dev->ncid; i++)
		printk("%s%s", i ? " " : " (", dev->cid[i]);
	printk("%s", dev->ncid ? ")" : "");
	if (dev->uid_kind == ACPI_VALUE_STATIC)
		printk(" _UID %s", dev->uid);
	if (dev->adr_kind == ACPI_VALUE_STATIC)
		printk(" _ADR 0x%llx", (unsigned long long)dev->adr);
	if (dev->sta_kind == ACPI_VALUE_STATIC)
		snprintf(sta, sizeof(sta), "0x%02x", dev->sta);
	else
		strlcpy(sta,
			dev->sta_kind == ACPI_VALUE_NONE
				? "none (0x0f)"
				: kind_text(dev->sta_kind),
			sizeof(sta));
	printk(" _STA %s\n", sta);
	if (dev->crs_kind == ACPI_VALUE_COMPUTED ||
	    dev->crs_kind == ACPI_VALUE_BAD)
		printk("%*s  _CRS %s\n", ind, "", kind_text(dev->crs_kind));
	for (int i = 0; i < dev->ncrs; i++) {
		acpi_rsrc_format(line, sizeof(line), &dev->crs[i]);
		printk("%*s  %s\n", ind, "", line);
	}
	return 0;
}

void
acpi_ns_show(void)
{
	u8 a, b;

	acpi_ns_for_each_device(ns_show_fn, NULL);
	if (!aml_get_s5(&a, &b))
		printk("\\_S5_ SLP_TYPa %u SLP_TYPb %u\n", a, b);
	else
		printk("\\_S5_ not declared (or not a constant package)\n");
}
