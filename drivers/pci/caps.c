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
