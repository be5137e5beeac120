/* tests/host/test_pci_driver.c - the PCI match table and driver binding
 * (drivers/pci/driver.c) on made-up functions: each id field alone, the
 * class code under its mask, PCI_ANY_ID against the vendor id 0xffff, the
 * end of a table, first match wins; pci_register_driver binding only
 * unbound functions, a failing probe leaving the function unbound with one
 * line, and pci_unregister_driver calling remove. */
#include <string.h>
#include "tests/host/tap.h"
#include "tests/host/printk_capture.h"
#include "drivers/pci/pci.h"
#include "lib/errno.h"

struct pci_dev *pci_devices; /* drivers/pci/probe.c's list, made up here */

static struct pci_dev
fn(u16 vendor, u16 device, u16 sv, u16 sd, u32 class_code)
{
	struct pci_dev d = {.vendor = vendor,
			    .device = device,
			    .subsystem_vendor = sv,
			    .subsystem_device = sd,
			    .class = class_code >> 16,
			    .subclass = class_code >> 8,
			    .prog_if = class_code};
	return d;
}

static int probes, removes, fail_probe;
static const struct pci_device_id *probed_id;

static int
probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	(void)dev;
	probes++;
	probed_id = id;
	return fail_probe ? -EBUSY : 0;
}

static void
remove_fn(struct pci_dev *dev)
{
	(void)dev;
	removes++;
}

int
main(void)
{
	/* PIIX3 IDE under QEMU: 8086:7010, subsystem 1af4:1100, 01 01 80. */
	struct pci_dev ide = fn(0x8086, 0x7010, 0x1af4, 0x1100, 0x010180);
	struct pci_dev nic = fn(0x8086, 0x100e, 0x1af4, 0x1100, 0x020000);
	struct pci_dev odd = fn(0xffff, 0x1234, 0, 0, 0x010100);

	const struct pci_device_id by_dev[] = {{PCI_DEVICE(0x8086, 0x7010)},
					       {0}};
	tap_ok(pci_match_id(by_dev, &ide) == &by_dev[0],
	       "PCI_DEVICE matches its vendor:device");
	tap_ok(!pci_match_id(by_dev, &nic), "PCI_DEVICE: another device id "
					    "does not match");
	const struct pci_device_id wrong_vendor[] = {
		{PCI_DEVICE(0x1234, 0x7010)}, {0}};
	tap_ok(!pci_match_id(wrong_vendor, &ide),
	       "PCI_DEVICE: another vendor does not match");

	const struct pci_device_id by_class[] = {
		{PCI_DEVICE_CLASS(0x010100, 0xffff00)}, {0}};
	tap_ok(pci_match_id(by_class, &ide) == &by_class[0],
	       "PCI_DEVICE_CLASS 010100/ffff00 matches prog-if 80");
	tap_ok(!pci_match_id(by_class, &nic),
	       "PCI_DEVICE_CLASS: class 02 does not match");
	const struct pci_device_id exact_class[] = {
		{PCI_DEVICE_CLASS(0x010100, 0xffffff)}, {0}};
	tap_ok(!pci_match_id(exact_class, &ide),
	       "class mask ffffff compares the prog-if too");
	struct pci_dev sub = fn(0x8086, 0x7010, 0x1af4, 0x1100, 0x018080);
	tap_ok(!pci_match_id(by_class, &sub),
	       "class mask ffff00: another subclass does not match");

	const struct pci_device_id by_sub[] = {{.vendor = PCI_ANY_ID,
						.device = PCI_ANY_ID,
						.subvendor = 0x1af4,
						.subdevice = 0x1100},
					       {0}};
	tap_ok(pci_match_id(by_sub, &ide) == &by_sub[0],
	       "subvendor:subdevice match");
	struct pci_dev other_sub = fn(0x8086, 0x7010, 0x1af4, 0x1101, 0x010180);
	tap_ok(!pci_match_id(by_sub, &other_sub),
	       "another subdevice does not match");
	const struct pci_device_id by_subvendor[] = {{.vendor = PCI_ANY_ID,
						      .device = PCI_ANY_ID,
						      .subvendor = 0x15ad,
						      .subdevice = PCI_ANY_ID},
						     {0}};
	tap_ok(!pci_match_id(by_subvendor, &ide),
	       "another subvendor does not match");

	/* 0xffff is a vendor id (what an absent function reads), not a
	 * wildcard: PCI_ANY_ID is wider than 16 bits. */
	const struct pci_device_id ffff[] = {{PCI_DEVICE(0xffff, PCI_ANY_ID)},
					     {0}};
	tap_ok(PCI_ANY_ID != 0xffff, "PCI_ANY_ID is not 0xffff");
	tap_ok(!pci_match_id(ffff, &ide), "vendor 0xffff matches only 0xffff");
	tap_ok(pci_match_id(ffff, &odd) == &ffff[0],
	       "vendor 0xffff matches a function whose vendor is 0xffff");

	const struct pci_device_id two[] = {
		{PCI_DEVICE(0x8086, 0x100e)},
		{PCI_DEVICE_CLASS(0x010100, 0xffff00)},
		{PCI_DEVICE(0x8086, 0x7010)},
		{0},
		{PCI_DEVICE(0x8086, 0x1237)}};
	tap_ok(pci_match_id(two, &ide) == &two[1],
	       "the first matching entry is returned");
	struct pci_dev host = fn(0x8086, 0x1237, 0, 0, 0x060000);
	tap_ok(!pci_match_id(two, &host),
	       "entries after the all-zero end are not looked at");
	tap_ok(!pci_match_id(NULL, &ide) && !pci_match_id(two, NULL),
	       "NULL table or function: no match");

	/* Registration over a list of three functions. */
	ide.next = &nic;
	nic.next = &odd;
	pci_devices = &ide;
	snprintf(ide.name, sizeof(ide.name), "0000:00:01.1");
	snprintf(nic.name, sizeof(nic.name), "0000:00:03.0");
	snprintf(odd.name, sizeof(odd.name), "0000:00:04.0");
	struct pci_driver storage = {.name = "storage",
				     .id_table = by_class,
				     .probe = probe,
				     .remove = remove_fn};
	tap_ok(pci_register_driver(&storage) == 2 && probes == 2,
	       "register: both IDE-class functions probed and bound");
	tap_ok(ide.driver == &storage && odd.driver == &storage && !nic.driver,
	       "dev->driver records the binding; the NIC stays unbound");
	tap_ok(probed_id == &by_class[0], "probe is told which entry matched");

	struct pci_driver second = {
		.name = "second", .id_table = by_class, .probe = probe};
	probes = 0;
	tap_ok(pci_register_driver(&second) == 0 && probes == 0,
	       "a second driver is not offered functions already bound");

	struct pci_driver failing = {
		.name = "failing", .id_table = by_dev, .probe = probe};
	pci_unregister_driver(&storage);
	tap_ok(removes == 2 && !ide.driver && !odd.driver,
	       "unregister calls remove for each bound function and unbinds");
	fail_probe = 1;
	probes = 0;
	printk_clear();
	tap_ok(pci_register_driver(&failing) == 0 && probes == 1 && !ide.driver,
	       "a failing probe leaves the function unbound");
	tap_ok(printk_lines == 1 && strstr(printk_buf, "failing") &&
		       strstr(printk_buf, "0000:00:01.1") &&
		       strstr(printk_buf, "EBUSY"),
	       "... and prints one line with the driver, function, error");
	fail_probe = 0;

	struct pci_driver bad = {.name = "bad", .id_table = by_dev};
	tap_ok(pci_register_driver(&bad) == -EINVAL,
	       "a driver without probe is refused");
	return tap_done();
}
