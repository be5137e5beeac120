/* tests/host/test_pci_ids.c - the compiled pci.ids table (build/pci_ids.c,
 * drivers/pci/ids.c): known names, absent ones, truncation, and a
 * differential pass over /usr/share/misc/pci.ids itself: every vendor and
 * class line, and every device and subsystem line of a vendor the table
 * keeps, must decode to exactly the text in the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "drivers/pci/ids.h"

#define PCI_IDS_FILE "/usr/share/misc/pci.ids"

static char buf[256];

static void
known_names(void)
{
	tap_eq_str(pci_ids_vendor_name(buf, sizeof(buf), 0x8086),
		   "Intel Corporation", "vendor 8086");
	tap_eq_str(pci_ids_device_name(buf, sizeof(buf), 0x8086, 0x100e),
		   "82540EM Gigabit Ethernet Controller", "device 8086:100e");
	tap_eq_str(pci_ids_device_name(buf, sizeof(buf), 0x8086, 0x1237),
		   "440FX - 82441FX PMC [Natoma]", "device 8086:1237");
	tap_eq_str(pci_ids_subsys_name(buf, sizeof(buf), 0x8086, 0x1237, 0x1af4,
				       0x1100),
		   "Qemu virtual machine", "subsystem 1af4:1100 of 8086:1237");
	tap_eq_str(pci_ids_subsys_name(buf, sizeof(buf), 0x8086, 0x100e, 0x1af4,
				       0x1100),
		   "QEMU Virtual Machine", "subsystem 1af4:1100 of 8086:100e");
	tap_eq_str(pci_ids_vendor_name(buf, sizeof(buf), 0x1af4),
		   "Red Hat, Inc.", "vendor 1af4");
	tap_eq_str(pci_ids_vendor_name(buf, sizeof(buf), 0x15cf),
		   "Hilscher Gesellschaft f\xc3\xbcr Systemautomation mbH",
		   "non-ASCII bytes survive (quoted in the table)");
	tap_ok(pci_ids_vendor_name(buf, sizeof(buf), 0x1234) == NULL,
	       "vendor 1234 (QEMU's VGA) is not in pci.ids: NULL");
	tap_ok(pci_ids_device_name(buf, sizeof(buf), 0x1234, 0x1111) == NULL,
	       "device 1234:1111: NULL");
	tap_ok(pci_ids_device_name(buf, sizeof(buf), 0x8086, 0xfffe) == NULL,
	       "unknown device of a known vendor: NULL");
	tap_ok(pci_ids_subsys_name(buf, sizeof(buf), 0x8086, 0x100e, 0x1234,
				   0x5678) == NULL,
	       "unknown subsystem: NULL");
	tap_eq_str(pci_ids_class_name(buf, sizeof(buf), 0x02),
		   "Network controller", "class 02");
	tap_eq_str(pci_ids_subclass_name(buf, sizeof(buf), 0x02, 0x00),
		   "Ethernet controller", "subclass 0200");
	tap_eq_str(pci_ids_subclass_name(buf, sizeof(buf), 0x06, 0x80),
		   "Bridge", "subclass 0680");
	tap_eq_str(pci_ids_progif_name(buf, sizeof(buf), 0x01, 0x01, 0x80),
		   "ISA Compatibility mode-only controller, supports bus "
		   "mastering",
		   "prog-if 0101/80");
	tap_eq_str(pci_ids_progif_name(buf, sizeof(buf), 0x03, 0x00, 0x00),
		   "VGA controller", "prog-if 0300/00");
	tap_ok(pci_ids_progif_name(buf, sizeof(buf), 0x06, 0x00, 0x00) == NULL,
	       "no prog-if name for a host bridge");
	tap_ok(pci_ids_subclass_name(buf, sizeof(buf), 0x02, 0x7f) == NULL,
	       "unknown subclass: NULL");

	char small[6];
	tap_eq_str(pci_ids_vendor_name(small, sizeof(small), 0x8086), "Intel",
		   "a short buffer gets a cut, terminated name");
	tap_ok(pci_ids_vendor_name(small, 0, 0x8086) == NULL,
	       "a zero-size buffer gets nothing");
}

/* Walk pci.ids as pciutils reads it and compare every entry we keep. */
static void
differential(void)
{
	FILE *f = fopen(PCI_IDS_FILE, "r");
	char line[512];
	int vendors = 0, vbad = 0, devs = 0, dbad = 0, dkept = 0, subs = 0,
	    sbad = 0, classes = 0, cbad = 0;
	unsigned int vid = 0, did = 0, cls = 0, sub = 0;
	int in_classes = 0, intel_missing = 0;

	if (!tap_ok(f != NULL, "open %s", PCI_IDS_FILE))
		return;
	while (fgets(line, sizeof(line), f)) {
		char *name, *got;

		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		if (!strncmp(line, "C ", 2)) {
			in_classes = 1;
			cls = strtoul(line + 2, NULL, 16);
			got = pci_ids_class_name(buf, sizeof(buf), cls);
			classes++;
			cbad += !got || strcmp(got, line + 6);
			continue;
		}
		if (in_classes) {
			if (line[0] == '\t' && line[1] == '\t') {
				unsigned int pi = strtoul(line + 2, NULL, 16);
				got = pci_ids_progif_name(buf, sizeof(buf), cls,
							  sub, pi);
				name = line + 6;
			} else if (line[0] == '\t') {
				sub = strtoul(line + 1, NULL, 16);
				got = pci_ids_subclass_name(buf, sizeof(buf),
							    cls, sub);
				name = line + 5;
			} else {
				continue;
			}
			classes++;
			cbad += !got || strcmp(got, name);
			continue;
		}
		if (line[0] == '\t' && line[1] == '\t') {
			unsigned int sv = strtoul(line + 2, NULL, 16);
			unsigned int sd = strtoul(line + 7, NULL, 16);

			got = pci_ids_subsys_name(buf, sizeof(buf), vid, did,
						  sv, sd);
			subs += got != NULL;
			sbad += got && strcmp(got, line + 13);
		} else if (line[0] == '\t') {
			did = strtoul(line + 1, NULL, 16);
			got = pci_ids_device_name(buf, sizeof(buf), vid, did);
			devs++;
			dkept += got != NULL;
			dbad += got && strcmp(got, line + 7);
			intel_missing += vid == 0x8086 && !got;
		} else {
			vid = strtoul(line, NULL, 16);
			got = pci_ids_vendor_name(buf, sizeof(buf), vid);
			vendors++;
			vbad += !got || strcmp(got, line + 6);
		}
	}
	fclose(f);
	tap_ok(vendors > 2000 && !vbad,
	       "all %d vendor names decode exactly (%d wrong)", vendors, vbad);
	tap_ok(classes > 150 && !cbad,
	       "all %d class/subclass/prog-if names decode exactly (%d wrong)",
	       classes, cbad);
	tap_ok(dkept > 1000 && !dbad,
	       "%d of %d device names kept, all exact (%d wrong)", dkept, devs,
	       dbad);
	tap_ok(!intel_missing, "every Intel device is kept (%d missing)",
	       intel_missing);
	tap_ok(subs > 10 && !sbad,
	       "%d subsystem names kept, all exact (%d wrong)", subs, sbad);
}

int
main(void)
{
	known_names();
	differential();
	return tap_done();
}
