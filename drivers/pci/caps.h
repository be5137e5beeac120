/* drivers/pci/caps.h - walking a function's capability list (no hardware).
 *
 * Builds for the host too (tests/host/test_pci_caps.c). Any context.
 */
#ifndef DRIVERS_PCI_CAPS_H
#define DRIVERS_PCI_CAPS_H

#include "lib/types.h"

/* A capability list has at most (256 - 64) / 4 entries; a list that goes
 * on longer must loop. */
#define PCI_CAP_WALK_MAX 48

/* pci_caps_walk - follow the list from the pointer at PCI_CAPABILITY_LIST,
 * reading config bytes with @rd(@ctx, offset). Stores the first @max
 * entries' ids and offsets in @ids/@offs. Returns how many it stored; sets
 * *@looped when the list had not ended after PCI_CAP_WALK_MAX entries
 * (the walk stops there: a looping list cannot hang the kernel). */
int pci_caps_walk(u8 (*rd)(void *ctx, unsigned int off), void *ctx, u8 *ids,
		  u8 *offs, int max, bool *looped);

/* The extended list lies in 0x100-0xfff, entries dword-aligned and 8
 * bytes at least: more than this many entries means a loop (Linux's ttl). */
#define PCI_EXT_CAP_WALK_MAX ((4096 - 256) / 8)

/* pci_ext_caps_walk - follow the extended capability list from 0x100,
 * reading config dwords with @rd32(@ctx, offset). Stores the first @max
 * entries' ids, versions and offsets. A header of 0 or all ones at 0x100
 * means no list. Returns how many it stored; *@looped as pci_caps_walk. */
int pci_ext_caps_walk(u32 (*rd32)(void *ctx, unsigned int off), void *ctx,
		      u16 *ids, u8 *vers, u16 *offs, int max, bool *looped);

#endif
