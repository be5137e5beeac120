/* kernel/mm/frame_map.h - the bookkeeping behind the frame allocator.
 *
 * Physical memory is handed out in 4 KiB frames (page frames; frame number
 * = physical address >> 12). A frame map keeps two bits per frame:
 *   ram  - the frame is System RAM this allocator manages
 *   used - the frame is taken (kernel image, boot data, page tables, heap)
 * A frame is free when it is RAM and not used. Frames that are not RAM
 * (device memory, BIOS areas, holes) are never handed out or freed.
 *
 * This file depends only on lib/, so tests/host/test_frame_map.c runs it
 * on the host; kernel/mm/frame.c fills it from the boot loader's memory
 * map. Nothing here prints or takes a lock: callers run with one CPU in
 * thread context, and say what went wrong themselves.
 */
#ifndef KERNEL_MM_FRAME_MAP_H
#define KERNEL_MM_FRAME_MAP_H

#include "lib/types.h"

#define FRAME_SHIFT 12
#define FRAME_SIZE (1u << FRAME_SHIFT)

struct frame_map {
	u32 *ram;    /* bit per frame: System RAM we manage */
	u32 *used;   /* bit per frame: taken */
	u32 nframes; /* frames 0 .. nframes-1 are described */
	u32 nram;    /* frames with the ram bit */
	u32 nfree;   /* ram && !used */
	u32 next;    /* where the next search starts (first fit from low) */
};

/* Words of u32 a bitmap for @nframes frames needs. */
#define FRAME_MAP_WORDS(nframes) (((nframes) + 31) / 32)

/* frame_map_init - describe frames 0..@nframes-1, all "not RAM", using the
 * caller's two bitmaps of FRAME_MAP_WORDS(@nframes) words each. */
void frame_map_init(struct frame_map *fm, u32 *ram, u32 *used, u32 nframes);

/* frame_map_add_ram - mark the whole frames inside the physical range
 * [@base, @base + @len) as free RAM (a partial frame at either end is left
 * out: part of it is something else). Frames past nframes are ignored,
 * and so is frame 0: frame number 0 means "none" in frame_map_alloc.
 * Returns how many frames became RAM. */
u32 frame_map_add_ram(struct frame_map *fm, u64 base, u64 len);

/* frame_map_remove - every frame touching [@base, @base + @len) stops being
 * RAM (a non-RAM region of the memory map that overlaps RAM wins). Only
 * call before any frame is handed out. Returns how many frames it removed. */
u32 frame_map_remove(struct frame_map *fm, u64 base, u64 len);

/* frame_map_reserve - mark every RAM frame touching [@base, @base + @len)
 * as used for good (the kernel image, the boot loader's data). Returns how
 * many free frames it took. */
u32 frame_map_reserve(struct frame_map *fm, u64 base, u64 len);

/* frame_map_ram_run - the first run of RAM frames (free or used) at or
 * after frame @from: frames *@first .. *@end-1. False when no RAM frame
 * is left there. */
bool frame_map_ram_run(const struct frame_map *fm, u32 from, u32 *first,
		       u32 *end);

/* frame_map_alloc - take the lowest free frame at or after the search
 * hint, wrapping once. Returns its frame number, or 0 when none is free
 * (frame 0 is never RAM here, see frame_map_add_ram). */
u32 frame_map_alloc(struct frame_map *fm);

/* frame_map_alloc_below - take the lowest free frame whose number is
 * below @limit (a device that cannot reach past some address). Returns its
 * frame number, or 0 when every frame below @limit is taken or not RAM. */
u32 frame_map_alloc_below(struct frame_map *fm, u32 limit);

/* frame_map_alloc_run - take @n contiguous free frames (lowest first).
 * Returns the first frame number, or 0 when no run that long is free. */
u32 frame_map_alloc_run(struct frame_map *fm, u32 n);

/* frame_map_free - give frame @pfn back. Returns 0, -EINVAL if @pfn is not
 * RAM this map manages, or -EEXIST if it is already free (a double free). */
int frame_map_free(struct frame_map *fm, u32 pfn);

/* frame_map_is_ram / frame_map_is_used - the two bits of frame @pfn
 * (false past the end of the map). */
bool frame_map_is_ram(const struct frame_map *fm, u64 pfn);
bool frame_map_is_used(const struct frame_map *fm, u64 pfn);

#endif
