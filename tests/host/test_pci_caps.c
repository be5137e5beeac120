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
static u32 ext[1024]; /* 4 KiB of extended config space, by dword */

static u32
rd32(void *ctx, unsigned int off)
{
	(void)ctx;
	reads++;
	return off < 4096 ? ext[off / 4] : 0xffffffffu;
}

static void
ecap(unsigned int off, u16 id, u8 ver, unsigned int next)
{
	ext[off / 4] = id | (u32)ver << 16 | (u32)next << 20;
}

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

	/* Extended capabilities from 0x100 (PCIe Base 4.0, 7.6.3): what
	 * QEMU's e1000e has, AER v2 at 0x100, DSN v1 at 0x140. */
	u16 eids[16], eoffs[16];
	u8 evers[16];

	memset(ext, 0, sizeof(ext));
	ecap(0x100, PCI_EXT_CAP_ID_ERR, 2, 0x140);
	ecap(0x140, PCI_EXT_CAP_ID_DSN, 1, 0);
	n = pci_ext_caps_walk(rd32, NULL, eids, evers, eoffs, 16, &looped);
	tap_ok(n == 2 && !looped && eids[0] == PCI_EXT_CAP_ID_ERR &&
		       evers[0] == 2 && eoffs[0] == 0x100 &&
		       eids[1] == PCI_EXT_CAP_ID_DSN && evers[1] == 1 &&
		       eoffs[1] == 0x140,
	       "extended list: ids, versions, offsets (AER v2, DSN v1)");
	memset(ext, 0, sizeof(ext));
	n = pci_ext_caps_walk(rd32, NULL, eids, evers, eoffs, 16, &looped);
	tap_ok(n == 0 && !looped, "header 0 at 0x100: no extended list");
	memset(ext, 0xff, sizeof(ext));
	n = pci_ext_caps_walk(rd32, NULL, eids, evers, eoffs, 16, &looped);
	tap_ok(n == 0 && !looped, "all ones at 0x100 (no extended space): "
				  "nothing");
	memset(ext, 0, sizeof(ext));
	ecap(0x100, PCI_EXT_CAP_ID_ERR, 1, 0x200);
	ecap(0x200, PCI_EXT_CAP_ID_VNDR, 1, 0x100); /* back again */
	reads = 0;
	n = pci_ext_caps_walk(rd32, NULL, eids, evers, eoffs, 4, &looped);
	tap_ok(looped && n == 4 && reads == PCI_EXT_CAP_WALK_MAX,
	       "a looping extended list stops after %d entries and says so",
	       PCI_EXT_CAP_WALK_MAX);
	memset(ext, 0, sizeof(ext));
	ecap(0x100, PCI_EXT_CAP_ID_ERR, 1, 0x40); /* into the header */
	n = pci_ext_caps_walk(rd32, NULL, eids, evers, eoffs, 4, &looped);
	tap_ok(n == 1 && !looped, "a next pointer below 0x100 ends the list");
	return tap_done();
}
