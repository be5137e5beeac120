/* drivers/pci/driver.c - binding drivers to PCI functions by match table.
 *
 * A driver does not go looking for its hardware. It says which functions
 * it can drive, in a table of struct pci_device_id (vendor, device,
 * subsystem ids and a class code under a mask; PCI_ANY_ID is a wildcard;
 * an all-zero entry ends the table), and registers. The PCI layer walks
 * every function found at boot and, for each one no driver owns yet whose
 * ids match an entry, calls the driver's probe(); when probe() returns 0
 * the function is bound: dev->driver says so, and `lspci -k` prints
 * "Kernel driver in use: NAME" as pciutils does.
 *
 * This is Linux's shape (include/linux/mod_devicetable.h, struct
 * pci_device_id; drivers/pci/pci-driver.c, pci_match_one_device() and
 * __pci_device_probe()), which JOS's pci_attach_class/pci_attach_vendor
 * tables sketch. Linux also calls probe() for functions hot-plugged after
 * the driver registered; porthole has no hot plug, so binding happens
 * once, at registration.
 *
 * The matching itself touches no hardware: tests/host/test_pci_driver.c
 * runs this file on the host against made-up functions.
 */
#include "drivers/pci/pci.h"
#include "kernel/printk.h"
#include "lib/errno.h"

/* Does @id describe @dev? Each id field is a value to equal or
 * PCI_ANY_ID; the class code is compared only where class_mask has ones. */
static bool
pci_match_one_device(const struct pci_device_id *id, const struct pci_dev *dev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == dev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == dev->device) &&
	       (id->subvendor == PCI_ANY_ID ||
		id->subvendor == dev->subsystem_vendor) &&
	       (id->subdevice == PCI_ANY_ID ||
		id->subdevice == dev->subsystem_device) &&
	       !((id->class ^ pci_dev_class_code(dev)) & id->class_mask);
}

/* The terminating entry is all zeros; Linux tests these three fields. */
static bool
pci_id_is_end(const struct pci_device_id *id)
{
	return !id->vendor && !id->subvendor && !id->class_mask;
}

const struct pci_device_id *
pci_match_id(const struct pci_device_id *ids, struct pci_dev *dev)
{
	if (!ids || !dev)
		return NULL;
	for (; !pci_id_is_end(ids); ids++)
		if (pci_match_one_device(ids, dev))
			return ids;
	return NULL;
}

/* Offer @dev to @drv: probe when an entry matches, bind when probe
 * agrees. Returns true when bound. */
static bool
pci_try_bind(struct pci_driver *drv, struct pci_dev *dev)
{
	const struct pci_device_id *id;
	int err;

	if (dev->driver)
		return false; /* one driver per function */
	id = pci_match_id(drv->id_table, dev);
	if (!id)
		return false;
	dev->driver = drv; /* probe may ask which driver it is */
	err = drv->probe(dev, id);
	if (err) {
		dev->driver = NULL;
		printk("%s %s: probe failed (%s): function left unbound\n",
		       drv->name, dev->name, errname(err));
		return false;
	}
	return true;
}

int
pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;
	int bound = 0;

	if (!drv || !drv->name || !drv->id_table || !drv->probe)
		return -EINVAL;
	for (dev = pci_devices; dev; dev = dev->next)
		bound += pci_try_bind(drv, dev);
	return bound;
}

void
pci_unregister_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	for (dev = pci_devices; dev; dev = dev->next) {
		if (dev->driver != drv)
			continue;
		if (drv->remove)
			drv->remove(dev);
		dev->driver = NULL;
	}
}
