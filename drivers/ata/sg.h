/* drivers/ata/sg.h - cutting a buffer into the regions a DMA engine walks.
 *
 * A DMA engine does not see virtual addresses: it is handed a table of
 * (bus address, byte count) pairs - the PIIX bus master's Physical Region
 * Descriptors, AHCI's PRDT - and walks it. A buffer that is contiguous in
 * the kernel's virtual space may be scattered in physical memory (it is
 * cut into 4 KiB pages, each mapped on its own), so the table is built
 * page by page, merging pages that happen to be physically adjacent, and
 * cutting wherever the engine's own limits say:
 *
 *   engine        max bytes per region   must not cross   address align
 *   PIIX BMIDE    64 KiB                 a 64 KiB line    2 (bit 0 = 0)
 *   AHCI          4 MiB                  -                2 (bit 0 = 0)
 *
 * The translation is a callback (paging.c's virt_to_bus_run in the kernel,
 * a table in tests/host/test_ata_dma.c), so
 * this file needs only lib/.
 */
#ifndef DRIVERS_ATA_SG_H
#define DRIVERS_ATA_SG_H

#include "lib/types.h"

/* One region: @len bytes at bus address @addr. */
struct sg_region {
	u32 addr;
	u32 len;
};

/* The engine's rules for a region. */
struct sg_limits {
	u32 max_len;  /* bytes per region (64 KiB for BMIDE) */
	u32 boundary; /* a region may not cross a multiple of this; 0: none */
};

/* Translate one virtual address to its bus address in *@bus; returns how
 * many bytes from @va on are physically contiguous with it (at least to
 * the end of its page; a linear map such as the kernel's direct map may
 * say much more, so the walk takes them in one step), 0 if unmapped. */
typedef u32 (*sg_xlate_fn)(uintptr_t va, u32 *bus);

/* sg_build - cut [@va, @va + @len) into at most @max regions obeying @lim.
 * Returns the bytes covered (@len, or less when @max regions ran out: the
 * caller moves that much and builds again for the rest), or 0 when @va is
 * odd or a page is not mapped (nothing can be moved). */
u32 sg_build(uintptr_t va, u32 len, const struct sg_limits *lim,
	     sg_xlate_fn xlate, struct sg_region *out, u32 max, u32 *nregions);

#endif
