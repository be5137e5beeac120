/* tests/host/test_pci_caps.c - the bounded capability-list walk
 * (drivers/pci/caps.c) over made-up config spaces: a normal list, an
 * empty one, pointers into the header, unaligned pointers, a list that
 * loops back on itself, more entries than the caller keeps, and a
 * function that vanished (all ones). */
#include <string.h>
#include "tests/host/tap.h"
#include "drivers/pci/caps.h"
#include "drivers/pci/pci_regs.h"

static u8 cfg[256];
static int reads;

static u8
rd(void *ctx, unsigned int off)
{
	(void)ctx;
	reads++;
	return off < sizeof(cfg) ? cfg[off] : 0xff;
}

static void
cap(unsigned int off, u8 id, u8 next)
{
	cfg[off] = id;
	cfg[off + 1] = next;
}

int
main(void)
{
	u8 ids[16], offs[16];
	bool looped;
	int n;

	/* The PCI-to-PCI bridge QEMU emulates: 4c MSI -> 48 Slot ID -> 40 SHPC.
	 */
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAPABILITY_LIST] = 0x4c;
	cap(0x4c, PCI_CAP_ID_MSI, 0x48);
	cap(0x48, PCI_CAP_ID_SLOTID, 0x40);
	cap(0x40, PCI_CAP_ID_SHPC, 0x00);
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(n == 3 && !looped && ids[0] == PCI_CAP_ID_MSI &&
		       offs[0] == 0x4c && ids[1] == PCI_CAP_ID_SLOTID &&
		       offs[2] == 0x40 && ids[2] == PCI_CAP_ID_SHPC,
	       "three entries in list order");

	memset(cfg, 0, sizeof(cfg));
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(n == 0 && !looped, "pointer 0: empty list");

	cfg[PCI_CAPABILITY_LIST] = 0x10; /* points into the header */
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(n == 0 && !looped, "a pointer below 0x40 ends the list");

	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAPABILITY_LIST] = 0x53; /* low two bits are reserved */
	cap(0x50, PCI_CAP_ID_PM, 0x00);
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(n == 1 && offs[0] == 0x50, "the reserved low bits are masked");

	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	cap(0x40, PCI_CAP_ID_PM, 0x50);
	cap(0x50, PCI_CAP_ID_MSI, 0x40); /* back to the first */
	reads = 0;
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(looped && n == 16 && reads <= 2 * PCI_CAP_WALK_MAX + 1,
	       "a looping list stops after %d entries (%d reads) and says so",
	       PCI_CAP_WALK_MAX, reads);

	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	cap(0x40, PCI_CAP_ID_VNDR, 0x40); /* points at itself */
	n = pci_caps_walk(rd, NULL, ids, offs, 2, &looped);
	tap_ok(looped && n == 2,
	       "a self-loop, and only max entries are stored");

	memset(cfg, 0xff, sizeof(cfg));
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(n == 0 && !looped, "all ones (no function): nothing, no loop");

	/* The longest honest list: every dword from 0x40 to 0xfc. */
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	for (unsigned int off = 0x40; off < 0x100; off += 4)
		cap(off, PCI_CAP_ID_VNDR, off + 4 < 0x100 ? off + 4 : 0);
	n = pci_caps_walk(rd, NULL, ids, offs, 16, &looped);
	tap_ok(!looped && n == 16,
	       "48 entries filling config space are not a loop");
	return tap_done();
}
