/* drivers/ata/sg.c - a buffer as a DMA engine's list of regions (sg.h).
 *
 * Walk the buffer a piece at a time - a page (the unit the MMU maps, so
 * within one page physical addresses are contiguous), or as much as the
 * translation says is contiguous (the kernel's direct map is one linear
 * piece: a 1 MiB buffer there is 16 steps of 64 KiB, not 256 page walks) -
 * then grow the current region while the next piece starts where it
 * ended, stays under the region size limit, and does not cross the
 * boundary line.
 */
#include "drivers/ata/sg.h"

u32
sg_build(uintptr_t va, u32 len, const struct sg_limits *lim, sg_xlate_fn xlate,
	 struct sg_region *out, u32 max, u32 *nregions)
{
	u32 done = 0, n = 0;

	*nregions = 0;
	if ((va & 1) || !max)
		return 0;
	while (done < len) {
		uintptr_t v = va + done;
		u32 bus, piece = xlate(v, &bus);

		if (!piece)
			return 0;
		if (piece > len - done)
			piece = len - done;
		/* The boundary line and the size limit cut the piece too. */
		if (lim->boundary) {
			u32 to_line =
				lim->boundary - (bus & (lim->boundary - 1));

			if (piece > to_line)
				piece = to_line;
		}
		if (piece > lim->max_len)
			piece = lim->max_len;
		struct sg_region *r = n ? &out[n - 1] : NULL;
		bool joins = r && r->addr + r->len == bus &&
			     r->len + piece <= lim->max_len &&
			     (!lim->boundary ||
			      (r->addr & ~(lim->boundary - 1)) ==
				      (bus & ~(lim->boundary - 1)));

		if (joins) {
			r->len += piece;
		} else {
			if (n == max)
				break; /* the table is full: this much */
			out[n].addr = bus;
			out[n].len = piece;
			n++;
		}
		done += piece;
	}
	*nregions = n;
	return done;
}
