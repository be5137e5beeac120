/* drivers/pci/access.c - one way in to configuration space.
 *
 * Two mechanisms reach a function's configuration space on a PC:
 * mechanism #1 through ports 0xcf8/0xcfc (conf1.c: the first 256 bytes),
 * and ECAM through memory (ecam.c: all 4096 bytes of a PCI Express
 * function). Everything else in porthole - the scan, lspci, drivers -
 * goes through pci_cfg_read()/pci_cfg_write() and struct pci_cfg_ops,
 * as Linux's code goes through struct pci_ops, and does not care which.
 *
 * The choice, per bus: ECAM when the ACPI MCFG table gives a window
 * covering the bus (q35), else mechanism #1; `pci=conf1` on the command
 * line keeps to the ports (no extended space then). Linux on x86 makes a
 * slightly different choice (arch/x86/pci/common.c, raw_pci_read): it
 * keeps using the ports for offsets below 256 and ECAM only above;
 * porthole uses one mechanism for the whole function, so that what lspci
 * shows came through the mechanism the boot line names. `pcicfg -c` and
 * `pcicfg -m` read through one mechanism by name, to compare.
 */
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/cmdline.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PCI_PARAM "pci"
#define PCI_PARAM_CONF1 "conf1"
#define PCI_PARAM_NOMSI "nomsi"

/* Is @word one of the comma-separated words of @list? */
static bool
pci_param_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == n && !strncmp(list, word, n))
			return true;
		if (!end)
			break;
		list = end + 1;
	}
	return false;
}

/* pci=conf1, pci=nomsi or pci=conf1,nomsi (Linux's names and its comma
 * list); any other value is refused at boot, in one line, and ignored
 * (cmdline_check). */
static const char *
pci_param_check(const char *v)
{
	const char *w = v;

	if (!*v)
		return "conf1, nomsi or both, comma-separated";
	while (*w) {
		const char *end = strchr(w, ',');
		size_t len = end ? (size_t)(end - w) : strlen(w);

		if (!((len == 5 && !strncmp(w, PCI_PARAM_CONF1, 5)) ||
		      (len == 5 && !strncmp(w, PCI_PARAM_NOMSI, 5))))
			return "conf1, nomsi or both, comma-separated";
		if (!end)
			break;
		w = end + 1;
	}
	return NULL;
}
CMDLINE_OPTION(PCI_PARAM, pci_param_check);

bool
pci_param(const char *word)
{
	const char *v = cmdline_get(PCI_PARAM);

	return v && pci_param_word(v, word);
}

int
pci_cfg_check(unsigned int bus, unsigned int dev, unsigned int fn,
	      unsigned int off, unsigned int width, unsigned int size)
{
	if (bus >= PCI_MAX_BUSES || dev >= PCI_DEVICES_PER_BUS ||
	    fn >= PCI_FUNCTIONS_PER_DEVICE || off >= size)
		return -EINVAL;
	if (width != 1 && width != 2 && width != 4)
		return -EINVAL;
	if (off % width)
		return -EINVAL; /* unaligned: would cross into the next dword */
	return 0;
}

const struct pci_cfg_ops pci_conf1_ops = {
	.name = "mechanism #1",
	.size = PCI_CFG_SPACE_SIZE,
	.read = pci_conf1_read,
	.write = pci_conf1_write,
};

const struct pci_cfg_ops pci_ecam_ops = {
	.name = "ECAM",
	.size = PCI_CFG_SPACE_EXP_SIZE,
	.read = pci_ecam_read,
	.write = pci_ecam_write,
};

const struct pci_cfg_ops *
pci_cfg_ops_for(unsigned int bus)
{
	if (pci_ecam_covers(bus))
		return &pci_ecam_ops;
	if (pci_conf1_present())
		return &pci_conf1_ops;
	return NULL;
}

int
pci_cfg_read(unsigned int bus, unsigned int dev, unsigned int fn,
	     unsigned int off, unsigned int width, u32 *val)
{
	const struct pci_cfg_ops *ops = pci_cfg_ops_for(bus);

	if (!ops)
		return -ENODEV;
	return ops->read(bus, dev, fn, off, width, val);
}

int
pci_cfg_write(unsigned int bus, unsigned int dev, unsigned int fn,
	      unsigned int off, unsigned int width, u32 val)
{
	const struct pci_cfg_ops *ops = pci_cfg_ops_for(bus);

	if (!ops)
		return -ENODEV;
	return ops->write(bus, dev, fn, off, width, val);
}

int
pci_cfg_init(void)
{
	int conf1 = pci_conf1_probe();

	if (pci_param(PCI_PARAM_CONF1))
		return conf1; /* the ports only, as asked */
	pci_ecam_init();
	return pci_ecam_present() ? 0 : conf1;
}
