/* kernel/mm/frame.h - the physical frame allocator (4 KiB page frames).
 *
 * Built at boot from the BIOS memory map the boot loader passed on
 * (kernel/bootinfo.h): only "usable" (type 1) RAM below DIRECT_MAP_MAX,
 * minus frame 0, the kernel image, the multiboot information and modules.
 * Frames are handed out lowest first. The bookkeeping is two bitmaps
 * (kernel/mm/frame_map.c); see docs/memory.md.
 */
#ifndef KERNEL_MM_FRAME_H
#define KERNEL_MM_FRAME_H

#include "lib/types.h"

/* frame_init - build the allocator from bootinfo and print one summary
 * line. Boot only, before paging_init. */
void frame_init(void);

/* frame_alloc - take one free frame; returns its physical address, or 0
 * after printing one line when no RAM is left. The frame is not zeroed and
 * is reachable at __va(its address). Thread context. */
u32 frame_alloc(void);

/* __frame_alloc - the same, but says nothing on failure (the caller
 * prints its own, better line). */
u32 __frame_alloc(void);

/* frame_alloc_below - take the lowest free frame that lies wholly at or
 * below physical address @max_pa (its last byte too): for a device whose
 * DMA mask cannot reach higher, as Linux's allocations under a DMA mask.
 * Returns its physical address, or 0 without a word when no frame that low
 * is free (the caller knows what the limit was for and says so). Thread
 * context. */
u32 frame_alloc_below(u64 max_pa);

/* frame_alloc_run - take @n physically contiguous free frames, the lowest
 * such run: for a DMA buffer one engine region can cover, or a device that
 * needs one block (the direct map gives its address: __va()). Returns the
 * first frame's physical address, or 0 without a word when no run that
 * long is free. Give them back one by one with frame_free. Thread
 * context. */
u32 frame_alloc_run(u32 n);

/* frame_free - give back the frame at physical @pa. Returns 0, or after
 * one printed line -EEXIST (it is already free: a double free) or -EINVAL
 * (not RAM the allocator manages, or not page-aligned). Thread context. */
int frame_free(u32 pa);

/* frame_find_ram - the first page in [@phys, @phys + @size) that is RAM the
 * allocator manages (free or in use), returned in *@ram_pa; false if none.
 * ioremap uses it to refuse RAM. Any context. */
bool frame_find_ram(phys_addr_t phys, u64 size, phys_addr_t *ram_pa);

/* frame_ram_run - the next run of RAM frames (free or in use) at or after
 * frame number *@pfn: moves *@pfn to its first frame and sets *@end one
 * past its last. False when there is no more RAM. Any context. */
bool frame_ram_run(u32 *pfn, u32 *end);

/* frame_is_ram - is the frame holding physical @pa managed RAM?
 * frame_is_used - ... and is it taken (kernel, tables, heap, ...)? */
bool frame_is_ram(phys_addr_t pa);
bool frame_is_used(phys_addr_t pa);

struct frame_stats {
	u32 ram; /* frames of RAM under management */
	u32 free;
	u32 reserved;  /* taken at boot: kernel image, multiboot data */
	u32 kernel;    /* of which the kernel image */
	u64 ram_above; /* bytes of usable RAM above the direct map, unused */
	u32 direct_frames; /* the map covers frames 0 .. this-1 */
};

/* frame_get_stats - the allocator's counts, for meminfo and tests. */
void frame_get_stats(struct frame_stats *st);

#endif
