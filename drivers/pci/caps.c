/* drivers/pci/caps.c - the capability list: a linked list in config space.
 *
 * When status bit 4 (PCI_STATUS_CAP_LIST) is set, the byte at 0x34 points
 * to the first capability (PCI Local Bus Specification 3.0, section 6.7).
 * Each entry starts with an id byte (0x01 power management, 0x05 MSI, 0x10
 * PCI Express, ...) and the offset of the next entry; 0 ends the list.
 * Offsets are dword aligned and at least 0x40 (the standard header lies
 * below). Hardware, or a hostile emulator, can get this wrong, so the walk
 * is bounded.
 */
#include "drivers/pci/caps.h"
#include "drivers/pci/pci_regs.h"

int
pci_caps_walk(u8 (*rd)(void *ctx, unsigned int off), void *ctx, u8 *ids,
	      u8 *offs, int max, bool *looped)
{
	unsigned int off = rd(ctx, PCI_CAPABILITY_LIST) & ~3u;
	int n, stored = 0;

	*looped = false;
	for (n = 0; off >= PCI_CAP_MIN_OFFSET && n < PCI_CAP_WALK_MAX; n++) {
		u8 id = rd(ctx, off + PCI_CAP_LIST_ID);

		if (id == 0xff) /* the function went away: all ones */
			return stored;
		if (stored < max) {
			ids[stored] = id;
			offs[stored] = off;
			stored++;
		}
		off = rd(ctx, off + PCI_CAP_LIST_NEXT) & ~3u;
	}
	*looped = off >= PCI_CAP_MIN_OFFSET;
	return stored;
}

/* The extended list (PCI Express Base Specification 4.0, 7.6.3) starts at
 * 0x100, in the space only ECAM reaches; each entry is one dword header
 * (id, version, next offset) followed by its registers. */
int
pci_ext_caps_walk(u32 (*rd32)(void *ctx, unsigned int off), void *ctx, u16 *ids,
		  u8 *vers, u16 *offs, int max, bool *looped)
{
	unsigned int off = PCI_EXT_CAP_START;
	int n, stored = 0;

	*looped = false;
	for (n = 0; n < PCI_EXT_CAP_WALK_MAX; n++) {
		u32 h = rd32(ctx, off);

		/* 0: no list (or an empty first entry); all ones: no such
		 * space (conf1, or a function that went away). */
		if (h == 0 || h == 0xffffffffu)
			return stored;
		if (stored < max) {
			ids[stored] = PCI_EXT_CAP_ID(h);
			vers[stored] = PCI_EXT_CAP_VER(h);
			offs[stored] = off;
			stored++;
		}
		off = PCI_EXT_CAP_NEXT(h);
		if (off < PCI_EXT_CAP_START)
			return stored; /* 0 ends the list; below 0x100 is bad */
	}
	*looped = true;
	return stored;
}
