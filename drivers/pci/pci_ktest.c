/* drivers/pci/pci_ktest.c - in-kernel tests of PCI on the machine QEMU gave
 * us: the argument checks of mechanism #1, what the scan kept, and where
 * the BARs went in the resource tree. `ktest=pci` runs them; the scenario
 * tests (tests/scenario/test_pci*.py) compare the shell's dumps with
 * QEMU's and Linux's views. */
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

KTEST(pci, conf1_argument_checks)
{
	u32 v;

	if (!pci_conf1_present()) {
		KT_SKIP(kt, "no mechanism #1");
		return;
	}
	KT_EXPECT_EQ(kt, pci_conf1_read(256, 0, 0, 0, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 32, 0, 0, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 8, 0, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 256, 1, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 2, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 1, 2, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 0, 3, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 0, 4, NULL), -EINVAL);
	KT_EXPECT_EQ(kt, pci_conf1_write(0, 0, 0, 0x3c, 1, 0x100), -EINVAL);
	KT_EXPECT_EQ(kt, pci_read_config_dword(NULL, 0, &v), -EINVAL);
	/* The widths agree with each other. */
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 0, 4, &v), 0);
	u32 lo, hi, b3;
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 0, 2, &lo), 0);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 2, 2, &hi), 0);
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 3, 1, &b3), 0);
	KT_EXPECT_EQ(kt, v, hi << 16 | lo);
	KT_EXPECT_EQ(kt, b3, v >> 24);
	/* An absent function reads all ones. */
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 31, 7, 0, 4, &v), 0);
	KT_EXPECT_EQ(kt, v, 0xffffffffu);
}

KTEST(pci, write_read_back)
{
	struct pci_dev *d = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	u8 old, v;

	if (!d) {
		KT_SKIP(kt, "no PCI function");
		return;
	}
	/* The interrupt line register is plain read/write scratch. */
	KT_EXPECT_EQ(kt, pci_read_config_byte(d, PCI_INTERRUPT_LINE, &old), 0);
	KT_EXPECT_EQ(kt, pci_write_config_byte(d, PCI_INTERRUPT_LINE, 0x5a), 0);
	KT_EXPECT_EQ(kt, pci_read_config_byte(d, PCI_INTERRUPT_LINE, &v), 0);
	KT_EXPECT_EQ(kt, v, 0x5a);
	KT_EXPECT_EQ(kt, pci_write_config_byte(d, PCI_INTERRUPT_LINE, old), 0);
}

KTEST(pci, lookup_functions)
{
	struct pci_dev *d, *f;
	u16 v;

	for (d = pci_devices; d; d = d->next) {
		KT_EXPECT_EQ(kt, pci_read_config_word(d, PCI_VENDOR_ID, &v), 0);
		KT_EXPECT_EQ(kt, v, d->vendor);
		/* pci_get_device finds d among its twins. */
		for (f = pci_get_device(d->vendor, d->device, NULL);
		     f && f != d; f = pci_get_device(d->vendor, d->device, f))
			;
		KT_EXPECT(kt, f == d);
		f = pci_get_class_mask((u32)d->class << 16 | d->subclass << 8,
				       0xffff00, NULL);
		KT_EXPECT(kt, f && f->class == d->class &&
				      f->subclass == d->subclass);
		KT_EXPECT(kt, strlen(d->name) == 12);
	}
	/* PCI_ANY_ID is the wildcard; 0xffff is the vendor id of no kept
	 * function (an empty slot reads it), so it finds nothing. */
	KT_EXPECT(kt,
		  pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL) == pci_devices);
	KT_EXPECT(kt, pci_get_device(0xffff, PCI_ANY_ID, NULL) == NULL);
}

/* Every assigned range is in the tree, under its function's name, and the
 * BAR registers still hold what the firmware put there (sizing restored
 * them). */
KTEST(pci, bars_in_tree_and_restored)
{
	struct pci_dev *d;
	int i;

	for (d = pci_devices; d; d = d->next) {
		for (i = 0; i < PCI_NUM_RESOURCES; i++) {
			struct resource *r = &d->resource[i];

			if (!r->flags || d->res_state[i] & (PCI_RES_UNASSIGNED |
							    PCI_RES_CONFLICT |
							    PCI_RES_SHADOW))
				continue;
			KT_EXPECT(kt, r->parent != NULL);
			KT_EXPECT(kt,
				  r->name == d->name || r->name == d->bus_name);
		}
		if (d->header_type != PCI_HEADER_TYPE_NORMAL)
			continue;
		for (i = 0; i < PCI_STD_NUM_BARS; i++) {
			u32 bar;

			if (!d->resource[i].flags ||
			    (d->res_state[i] & PCI_RES_LEGACY))
				continue;
			pci_read_config_dword(d, PCI_BASE_ADDRESS_0 + 4 * i,
					      &bar);
			if (d->resource[i].flags & IORESOURCE_IO)
				KT_EXPECT_EQ(kt, bar & PCI_BASE_ADDRESS_IO_MASK,
					     d->resource[i].start);
			else
				KT_EXPECT_EQ(kt,
					     bar & PCI_BASE_ADDRESS_MEM_MASK,
					     (u32)d->resource[i].start);
		}
	}
}

struct dump_search {
	const char *want;
	bool found;
};

static void
dump_find(const char *line, void *arg)
{
	struct dump_search *s = arg;

	if (!strcmp(line, s->want))
		s->found = true;
}

/* What the ioports/iomem dumps show for PCI: every range the scan put in
 * the tree is a line of its root's dump, with the function's (or the
 * bridge's bus) name, at its depth. */
KTEST(pci, ranges_in_the_dumps)
{
	struct pci_dev *d;
	char line[160];
	int checked = 0;

	for (d = pci_devices; d; d = d->next)
		for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
			struct resource *r = &d->resource[i];
			struct resource *root = (r->flags & IORESOURCE_IO)
							? &ioport_resource
							: &iomem_resource;
			struct dump_search s = {.want = line};

			if (!r->flags || !r->parent)
				continue;
			int n = resource_format_line(line, sizeof(line), root,
						     r);
			size_t k = strlen(r->name);

			/* "  c000-c03f : 0000:00:03.0": the name ends it. */
			KT_EXPECT(kt, n > (int)k && (size_t)n < sizeof(line) &&
					      !strcmp(line + n - k, r->name));
			resource_dump(root, dump_find, &s);
			if (!KT_EXPECT(kt, s.found))
				printk("# not in the dump: '%s'\n", line);
			checked++;
		}
	KT_EXPECT(kt, checked > 0 || !pci_devices);
}

/* The IDE legacy ranges are not busy: a driver's claim nests inside them,
 * as ata_piix's does under Linux. */
KTEST(pci, ide_legacy_ranges_take_driver_claims)
{
	struct pci_dev *d =
		pci_get_class_mask(PCI_CLASS_CODE_STORAGE_IDE,
				   PCI_CLASS_CODE_MASK_ANY_PROGIF, NULL);
	struct resource *r;

	if (!d || (d->prog_if & PCI_IDE_PRIMARY_NATIVE)) {
		KT_SKIP(kt, "no IDE function in compatibility mode");
		return;
	}
	KT_EXPECT(kt, d->res_state[0] & PCI_RES_LEGACY);
	KT_EXPECT(kt, !(d->resource[0].flags & IORESOURCE_BUSY));
	/* The ATA driver, when it found a drive there, holds the ports
	 * already: then its claim is what must sit inside the range. */
	r = resource_lookup(&ioport_resource, pci_resource_start(d, 0));
	if (r && (r->flags & IORESOURCE_BUSY)) {
		KT_EXPECT(kt, r->parent == &d->resource[0]);
		return;
	}
	r = request_region(pci_resource_start(d, 0), pci_resource_len(d, 0),
			   "ktest-ata");
	if (!KT_EXPECT(kt, r != NULL))
		return;
	KT_EXPECT(kt, r->parent == &d->resource[0]);
	KT_EXPECT_EQ(kt,
		     release_region(pci_resource_start(d, 0),
				    pci_resource_len(d, 0)),
		     0);
}

/* ECAM and mechanism #1 are two ways to the same registers: on a machine
 * with both (q35), every dword of the first 256 bytes of every function
 * reads the same through each. Beyond 0xff only ECAM reaches. */
KTEST(pci, conf1_and_ecam_agree)
{
	struct pci_dev *d;
	int compared = 0;

	if (!pci_ecam_present() || !pci_conf1_present()) {
		KT_SKIP(kt, "needs both mechanism #1 and ECAM (q35)");
		return;
	}
	for (d = pci_devices; d; d = d->next) {
		for (unsigned int off = 0; off < PCI_CFG_SPACE_SIZE; off += 4) {
			u32 m = 0, c = 0;

			KT_EXPECT_EQ(kt,
				     pci_ecam_read(d->bus, d->dev, d->fn, off,
						   4, &m),
				     0);
			KT_EXPECT_EQ(kt,
				     pci_conf1_read(d->bus, d->dev, d->fn, off,
						    4, &c),
				     0);
			if (!KT_EXPECT_EQ(kt, m, c))
				printk("# %s offset 0x%02x: ECAM %08x, conf1 "
				       "%08x\n",
				       d->name, off, m, c);
			compared++;
		}
		/* A byte and a word land where the dword says. */
		u32 b = 0, w = 0, dw = 0;
		KT_EXPECT_EQ(kt, pci_ecam_read(d->bus, d->dev, d->fn, 3, 1, &b),
			     0);
		KT_EXPECT_EQ(kt, pci_ecam_read(d->bus, d->dev, d->fn, 2, 2, &w),
			     0);
		KT_EXPECT_EQ(
			kt, pci_ecam_read(d->bus, d->dev, d->fn, 0, 4, &dw), 0);
		KT_EXPECT_EQ(kt, b, dw >> 24);
		KT_EXPECT_EQ(kt, w, dw >> 16);
	}
	KT_EXPECT(kt, compared > 0);
	KT_EXPECT(kt, pci_cfg_ops_for(0) == &pci_ecam_ops);
}

/* The argument checks of ECAM and the extended space. */
KTEST(pci, ecam_argument_checks_and_extended_space)
{
	struct pci_dev *d;
	u32 v;

	if (!pci_ecam_present()) {
		KT_SKIP(kt, "no ECAM (no ACPI MCFG)");
		return;
	}
	KT_EXPECT_EQ(kt, pci_ecam_read(0, 0, 0, 0x1000, 1, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_ecam_read(0, 32, 0, 0, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_ecam_read(0, 0, 8, 0, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_ecam_read(0, 0, 0, 0x102, 4, &v), -EINVAL);
	KT_EXPECT_EQ(kt, pci_ecam_read(0, 0, 0, 0, 4, NULL), -EINVAL);
	KT_EXPECT_EQ(kt, pci_ecam_write(0, 0, 0, 0x3c, 1, 0x100), -EINVAL);
	KT_EXPECT_EQ(kt, pci_ecam_read(0, 0, 0, 0xffc, 4, &v), 0);
	/* Mechanism #1 stops at 0xff. */
	KT_EXPECT_EQ(kt, pci_conf1_read(0, 0, 0, 0x100, 4, &v), -EINVAL);
	/* Each extended capability kept reads back, by ECAM, as a header
	 * with its id and version, and its next pointer leads on. */
	for (d = pci_devices; d; d = d->next)
		for (int i = 0; i < d->next_caps; i++) {
			u32 h = 0;

			KT_EXPECT(kt, d->cfg_size == PCI_CFG_SPACE_EXP_SIZE);
			KT_EXPECT_EQ(kt,
				     pci_ecam_read(d->bus, d->dev, d->fn,
						   d->ext_cap_off[i], 4, &h),
				     0);
			KT_EXPECT_EQ(kt, PCI_EXT_CAP_ID(h), d->ext_cap_id[i]);
			KT_EXPECT_EQ(kt, PCI_EXT_CAP_VER(h), d->ext_cap_ver[i]);
			if (i + 1 < d->next_caps)
				KT_EXPECT_EQ(kt, PCI_EXT_CAP_NEXT(h),
					     d->ext_cap_off[i + 1]);
		}
}
