/* tests/host/test_pci_probe.c - drivers/pci/probe.c's scan and claims on
 * the host, over a fake configuration space and the real resource tree.
 *
 * Every bridge QEMU models implements all three windows and no two QEMU
 * BARs overlap, so two paths of pci_init() never run under `make test`:
 *
 * - A PCI-to-PCI bridge without an I/O or a prefetchable window: those
 *   registers are read-only zero, which decodes as an open window at 0
 *   (I/O 0x0-0xfff, memory 0x0-0xfffff). Linux's pci_read_bridge_windows()
 *   writes a closed window and sees it does not stick; porthole's
 *   read_bridge_windows() must do the same: no window at 0, and the
 *   legacy ports and low RAM already in the tree stay where they are.
 * - BARs that overlap one another or something already claimed: claimed
 *   with request_resource_conflict() as Linux's pci_claim_resource() does,
 *   so the later one fails with one line naming what it hit and the tree
 *   keeps its shape (an insert would have adopted what it overlapped).
 *
 * The fake machine (bus 0, vendor 0x1234 so that no quirk applies):
 *   00:01.0  bridge to bus 1: memory window 0xfe000000-0xfe0fffff only
 *   01:00.0    memory BAR 0xfe000000 (4 KiB) behind it
 *   00:02.0  bridge to bus 2: all windows, I/O 0xc000-0xcfff (control)
 *   00:03.0  memory BAR 0xfd000000, decoding
 *   00:04.0  memory BAR 0xfd000000 too, decoding: conflicts with 00:03.0
 *   00:05.0  I/O BAR 0x60-0x6f, decoding: over the keyboard's ports
 *   00:06.0  memory BAR 0xfd002000, decoding off
 *   00:07.0  memory BAR 0xfd002000 too, decoding on: claimed first, so it
 *            wins and 00:06.0 conflicts (Linux's pcibios_resource_survey
 *            order)
 */
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "tests/host/printk_capture.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/resource.h"
#include "lib/errno.h"

#define FAKE_VENDOR 0x1234
#define NBUS 3
#define NDEV 8

/* One function's 256 bytes and which of their bits a write can change. */
struct fake_fn {
	bool present;
	u8 val[256];
	u8 wmask[256];
};
static struct fake_fn fake[NBUS][NDEV];

static void
put(u8 *a, unsigned int off, unsigned int width, u32 v)
{
	for (unsigned int i = 0; i < width; i++)
		a[off + i] = (u8)(v >> (8 * i));
}

static u32
get(const u8 *a, unsigned int off, unsigned int width)
{
	u32 v = 0;

	for (unsigned int i = 0; i < width; i++)
		v |= (u32)a[off + i] << (8 * i);
	return v;
}

int
pci_cfg_read(unsigned int bus, unsigned int dev, unsigned int fn,
	     unsigned int off, unsigned int width, u32 *val)
{
	if (off + width > 256)
		return -EINVAL;
	if (bus >= NBUS || dev >= NDEV || fn || !fake[bus][dev].present) {
		*val = width == 4 ? ~0u : (1u << (8 * width)) - 1; /* floats */
		return 0;
	}
	*val = get(fake[bus][dev].val, off, width);
	return 0;
}

int
pci_cfg_write(unsigned int bus, unsigned int dev, unsigned int fn,
	      unsigned int off, unsigned int width, u32 val)
{
	if (off + width > 256)
		return -EINVAL;
	if (bus >= NBUS || dev >= NDEV || fn || !fake[bus][dev].present)
		return 0;
	for (unsigned int i = 0; i < width; i++) {
		struct fake_fn *f = &fake[bus][dev];
		u8 m = f->wmask[off + i], b = (u8)(val >> (8 * i));

		f->val[off + i] = (u8)((f->val[off + i] & ~m) | (b & m));
	}
	return 0;
}

static const struct pci_cfg_ops fake_ops = {.name = "fake space", .size = 256};

const struct pci_cfg_ops *
pci_cfg_ops_for(unsigned int bus)
{
	(void)bus;
	return &fake_ops;
}

int
pci_cfg_init(void)
{
	return 0;
}

void
pci_fixup_video(void)
{
}

void *
kzalloc(size_t size)
{
	return calloc(1, size);
}

/* A function with header type @htype, class @class (base << 8 | sub). */
static struct fake_fn *
add_fn(int bus, int dev, u8 htype, u16 class, u16 command)
{
	struct fake_fn *f = &fake[bus][dev];

	f->present = true;
	put(f->val, PCI_VENDOR_ID, 2, FAKE_VENDOR);
	put(f->val, PCI_DEVICE_ID, 2, 0x1000 + bus * NDEV + dev);
	put(f->val, PCI_COMMAND, 2, command);
	put(f->wmask, PCI_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	put(f->val, PCI_CLASS_DEVICE, 2, class);
	f->val[PCI_HEADER_TYPE] = htype;
	return f;
}

/* A 32-bit BAR at @base of @size bytes (a power of two): the address bits
 * below the size read 0 and, with the type bits, ignore writes. */
static void
add_bar(struct fake_fn *f, int n, u32 base, u32 size, bool io)
{
	int off = PCI_BASE_ADDRESS_0 + 4 * n;

	put(f->val, off, 4, base | (io ? PCI_BASE_ADDRESS_SPACE_IO : 0));
	put(f->wmask, off, 4, ~(size - 1) & (io ? ~3u : ~0xfu));
}

/* A bridge from bus 0 to @secondary with a memory window (always there)
 * and, if @full, writable I/O and prefetchable window registers. */
static struct fake_fn *
add_bridge(int dev, int secondary, u32 mem_base, u32 mem_limit, bool full)
{
	struct fake_fn *f = add_fn(0, dev, PCI_HEADER_TYPE_BRIDGE, 0x0604,
				   PCI_COMMAND_IO | PCI_COMMAND_MEMORY);

	f->val[PCI_PRIMARY_BUS] = 0;
	f->val[PCI_SECONDARY_BUS] = (u8)secondary;
	f->val[PCI_SUBORDINATE_BUS] = (u8)secondary;
	/* Memory base/limit: address bits 31:20 in bits 15:4. */
	put(f->val, PCI_MEMORY_BASE, 2, (mem_base >> 16) & 0xfff0);
	put(f->val, PCI_MEMORY_LIMIT, 2, (mem_limit >> 16) & 0xfff0);
	put(f->wmask, PCI_MEMORY_BASE, 4, 0xfff0fff0);
	if (full) {
		put(f->wmask, PCI_IO_BASE, 2, 0xf0f0);
		put(f->wmask, PCI_PREF_MEMORY_BASE, 4, 0xfff0fff0);
		/* I/O 0xc000-0xcfff; prefetchable closed (base > limit) */
		f->val[PCI_IO_BASE] = 0xc0;
		f->val[PCI_IO_LIMIT] = 0xc0;
		put(f->val, PCI_PREF_MEMORY_BASE, 2, 0xfff0);
		put(f->val, PCI_PREF_MEMORY_LIMIT, 2, 0x0000);
	}
	return f;
}

static struct pci_dev *
find(int bus, int dev)
{
	for (struct pci_dev *d = pci_devices; d; d = d->next)
		if (d->bus == (unsigned)bus && d->dev == (unsigned)dev)
			return d;
	return NULL;
}

/* The tree's invariants below @root: each child inside its parent and
 * pointing back at it, siblings in address order without overlap. */
static bool
tree_consistent(const struct resource *root)
{
	const struct resource *c;
	resource_size_t next = root->start;

	for (c = root->child; c; c = c->sibling) {
		if (c->parent != root || c->start < next ||
		    c->end > root->end || c->start > c->end)
			return false;
		if (!tree_consistent(c))
			return false;
		next = c->end + 1;
	}
	return true;
}

/* Is @r somewhere in the tree under @root? */
static bool
in_tree(const struct resource *root, const struct resource *r)
{
	for (const struct resource *c = root->child; c; c = c->sibling)
		if (c == r || in_tree(c, r))
			return true;
	return false;
}

/* tap_ok, and on failure what the scan printed, as TAP comments. */
static void
ok_log(int cond, const char *what)
{
	static char copy[sizeof(printk_buf)];

	if (tap_ok(cond, "%s", what))
		return;
	strcpy(copy, printk_buf);
	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n"))
		printf("#   %s\n", l);
}

/* What a kernel has claimed before pci_init (as the PIT, 8042, DMA and
 * e820 code do at boot). */
static struct resource dma1 = {.start = 0x00, .end = 0x1f, .name = "dma1"};
static struct resource pic1 = {.start = 0x20, .end = 0x21, .name = "pic1"};
static struct resource kbd = {.start = 0x60, .end = 0x60, .name = "keyboard"};
static struct resource ram = {
	.start = 0x0, .end = 0x9fbff, .name = "System RAM"};

int
main(void)
{
	struct fake_fn *f;

	dma1.flags = pic1.flags = kbd.flags = IORESOURCE_IO;
	ram.flags = IORESOURCE_MEM;
	tap_ok(!request_resource(&ioport_resource, &dma1) &&
		       !request_resource(&ioport_resource, &pic1) &&
		       !request_resource(&ioport_resource, &kbd) &&
		       !request_resource(&iomem_resource, &ram),
	       "set-up: dma1, pic1, keyboard and low RAM claimed");

	add_fn(0, 0, PCI_HEADER_TYPE_NORMAL, 0x0600, 0); /* host bridge */
	add_bridge(1, 1, 0xfe000000, 0xfe0fffff, false);
	f = add_fn(1, 0, PCI_HEADER_TYPE_NORMAL, 0x0200, PCI_COMMAND_MEMORY);
	add_bar(f, 0, 0xfe000000, 0x1000, false);
	add_bridge(2, 2, 0xfe100000, 0xfe1fffff, true);
	f = add_fn(0, 3, PCI_HEADER_TYPE_NORMAL, 0x0200, PCI_COMMAND_MEMORY);
	add_bar(f, 0, 0xfd000000, 0x1000, false);
	f = add_fn(0, 4, PCI_HEADER_TYPE_NORMAL, 0x0200, PCI_COMMAND_MEMORY);
	add_bar(f, 0, 0xfd000000, 0x1000, false);
	f = add_fn(0, 5, PCI_HEADER_TYPE_NORMAL, 0x0200, PCI_COMMAND_IO);
	add_bar(f, 0, 0x60, 0x10, true);
	f = add_fn(0, 6, PCI_HEADER_TYPE_NORMAL, 0x0200, 0);
	add_bar(f, 0, 0xfd002000, 0x1000, false);
	f = add_fn(0, 7, PCI_HEADER_TYPE_NORMAL, 0x0200, PCI_COMMAND_MEMORY);
	add_bar(f, 0, 0xfd002000, 0x1000, false);

	printk_clear();
	tap_ok(pci_init() == 0, "pci_init over the fake space");
	struct pci_dev *b1 = find(0, 1), *b2 = find(0, 2), *behind = find(1, 0);

	tap_ok(b1 && b2 && behind && find(0, 7),
	       "every fake function found, bus 1 behind its bridge");
	if (!b1 || !b2 || !behind || !find(0, 7))
		return tap_done();

	/* The bridge without I/O and prefetchable windows. */
	tap_ok(!b1->resource[PCI_BRIDGE_IO_WINDOW].flags,
	       "read-only zero I/O window registers: no I/O window (not "
	       "0x0-0xfff)");
	tap_ok(!b1->resource[PCI_BRIDGE_PREF_WINDOW].flags,
	       "read-only zero prefetchable registers: no prefetchable "
	       "window (not 0x0-0xfffff)");
	tap_ok(get(fake[0][1].val, PCI_IO_BASE, 2) == 0 &&
		       get(fake[0][1].val, PCI_PREF_MEMORY_BASE, 4) == 0,
	       "the probe left the registers at 0");
	ok_log(!strstr(printk_buf, "bridge I/O window") &&
		       !strstr(printk_buf, "bridge prefetchable window"),
	       "no line about a window the bridge does not have");
	tap_ok(dma1.parent == &ioport_resource &&
		       pic1.parent == &ioport_resource &&
		       kbd.parent == &ioport_resource &&
		       ram.parent == &iomem_resource,
	       "the legacy ports and low RAM are not adopted by a bridge "
	       "window");
	struct resource *mw = &b1->resource[PCI_BRIDGE_MEM_WINDOW];

	tap_ok(mw->parent == &iomem_resource && mw->start == 0xfe000000 &&
		       mw->end == 0xfe0fffff,
	       "the bridge's memory window is claimed: 0xfe000000-0xfe0fffff");
	tap_ok(behind->resource[0].parent == mw,
	       "the BAR behind it nests in the memory window");

	/* The control: a bridge whose window registers take writes. */
	struct resource *iow = &b2->resource[PCI_BRIDGE_IO_WINDOW];

	tap_ok(iow->flags && iow->start == 0xc000 && iow->end == 0xcfff &&
		       iow->parent == &ioport_resource,
	       "a bridge that implements its I/O window keeps it: "
	       "0xc000-0xcfff");
	tap_ok(!b2->resource[PCI_BRIDGE_PREF_WINDOW].flags,
	       "a closed prefetchable window (base above limit): none");

	/* Overlapping BARs: the first claimed keeps the range. */
	struct pci_dev *d3 = find(0, 3), *d4 = find(0, 4), *d5 = find(0, 5);
	struct pci_dev *d6 = find(0, 6), *d7 = find(0, 7);

	tap_ok(d3->resource[0].parent == &iomem_resource &&
		       !(d3->res_state[0] & PCI_RES_CONFLICT),
	       "00:03.0's BAR 0 is in the tree");
	tap_ok(!in_tree(&iomem_resource, &d4->resource[0]) &&
		       (d4->res_state[0] & PCI_RES_CONFLICT),
	       "00:04.0's BAR 0 at the same address is not: conflict");
	ok_log(strstr(printk_buf,
		      "pci 0000:00:04.0: BAR 0 [mem 0xfd000000-0xfd000fff] "
		      "conflicts with '0000:00:03.0' [0xfd000000-0xfd000fff]: "
		      "not in the tree\n") != NULL,
	       "one line names the BAR and the one it hit");
	ok_log(!in_tree(&ioport_resource, &d5->resource[0]) &&
		       (d5->res_state[0] & PCI_RES_CONFLICT) &&
		       strstr(printk_buf,
			      "pci 0000:00:05.0: BAR 0 [io 0x60-0x6f] "
			      "conflicts with 'keyboard' [0x60-0x60]: not in "
			      "the tree\n") != NULL,
	       "an I/O BAR over the keyboard's claimed port: refused, the "
	       "line names 'keyboard'");
	tap_ok(kbd.parent == &ioport_resource && !kbd.child,
	       "the keyboard's port is not adopted by the BAR");
	tap_ok(d7->resource[0].parent == &iomem_resource &&
		       !in_tree(&iomem_resource, &d6->resource[0]) &&
		       (d6->res_state[0] & PCI_RES_CONFLICT),
	       "decoding BARs are claimed before those with decoding off "
	       "(00:07.0 wins over 00:06.0)");
	tap_ok(tree_consistent(&ioport_resource) &&
		       tree_consistent(&iomem_resource),
	       "both trees stay consistent: children inside parents, "
	       "siblings ordered, no overlap");
	return tap_done();
}
