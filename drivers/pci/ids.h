/* drivers/pci/ids.h - the PCI names database (pci.ids) compiled into the
 * kernel.
 *
 * Vendor, device, subsystem and class names are not typed by hand: the build
 * turns Debian's /usr/share/misc/pci.ids into build/pci_ids.c with
 * scripts/gen-pci-ids.py (see its header for what is kept and how names are
 * compressed). Nothing is decoded at boot: lspci looks a name up, and decodes
 * it, only when it prints it.
 *
 * These functions build for the host too (tests/host/test_pci_ids.c). They
 * touch no hardware and may run in any context.
 */
#ifndef DRIVERS_PCI_IDS_H
#define DRIVERS_PCI_IDS_H

#include "lib/types.h"

/* The generated tables, sorted by id. A vendor's devices are
 * pci_ids_devices[first_dev .. first_dev + ndev - 1]; a device's subsystems
 * follow those of the devices before it, from the vendor's first_sub on.
 * name is an offset into pci_ids_names (0 = no name). */
struct pci_ids_vendor {
	u16 id, ndev;
	u32 name, first_dev, first_sub;
};

struct pci_ids_device {
	u16 id, nsub;
	u32 name;
};

struct pci_ids_subsys {
	u16 subvendor, subdevice;
	u32 name;
};

/* level 1: class cls; 2: subclass cls.sub; 3: prog-if cls.sub.pi */
struct pci_ids_class {
	u8 level, cls, sub, pi;
	u32 name;
};

extern const struct pci_ids_vendor pci_ids_vendors[];
extern const struct pci_ids_device pci_ids_devices[];
extern const struct pci_ids_subsys pci_ids_subsystems[];
extern const struct pci_ids_class pci_ids_classes[];
extern const unsigned int pci_ids_nvendors, pci_ids_nclasses, pci_ids_nwords;
extern const u32 pci_ids_word_offsets[];
extern const unsigned char pci_ids_words[];
extern const unsigned char pci_ids_names[];
extern const unsigned int pci_ids_names_size;

/* Each lookup decodes the name into @buf (at most @size bytes with the NUL,
 * cut short if longer) and returns @buf, or returns NULL when pci.ids has no
 * such entry (or the table was built without that vendor's devices). */
char *pci_ids_vendor_name(char *buf, size_t size, u16 vendor);
char *pci_ids_device_name(char *buf, size_t size, u16 vendor, u16 device);
/* The name of subsystem @sv:@sd of device @vendor:@device. */
char *pci_ids_subsys_name(char *buf, size_t size, u16 vendor, u16 device,
			  u16 sv, u16 sd);
char *pci_ids_class_name(char *buf, size_t size, u8 cls);
char *pci_ids_subclass_name(char *buf, size_t size, u8 cls, u8 sub);
char *pci_ids_progif_name(char *buf, size_t size, u8 cls, u8 sub, u8 pi);

#endif
