/* kernel/mm/frame.c - the frame allocator, filled from the memory map.
 *
 * The BIOS reports RAM and everything else (INT 15h, E820; ACPI spec,
 * "System Address Map Interfaces") and the boot loader passes that map on
 * (Multiboot spec 3.3, mmap_*). We manage the whole frames of type-1 RAM
 * below DIRECT_MAP_MAX, so that every frame we hand out is reachable at
 * __va(). A frame that a reserved entry touches is not RAM, whatever other
 * entries say. Then we take out, for good, what is already in use: the
 * kernel image (linker.ld's _kernel_start_phys .. _end) and the multiboot
 * information and modules.
 */
#include "kernel/mm/frame.h"
#include "kernel/mm/frame_map.h"
#include "kernel/bootinfo.h"
#include "kernel/multiboot.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "lib/errno.h"

#define MAX_FRAMES (DIRECT_MAP_MAX >> FRAME_SHIFT)

extern const u8 _kernel_start_phys[], _end[];

static u32 ram_bits[FRAME_MAP_WORDS(MAX_FRAMES)];
static u32 used_bits[FRAME_MAP_WORDS(MAX_FRAMES)];
static struct frame_map fmap;
static struct frame_stats boot_stats;

/* Without a memory map: the two sizes every Multiboot loader gives. */
static void
add_ram_from_mem_sizes(void)
{
	frame_map_add_ram(&fmap, 0, (u64)bootinfo.mem_lower_kb << 10);
	frame_map_add_ram(&fmap, LOW_MEM_END, (u64)bootinfo.mem_upper_kb << 10);
}

/* The end of usable RAM, clipped to what the direct map can hold. */
static u64
ram_end(u64 *above)
{
	u64 end = 0;

	*above = 0;
	if (bootinfo.nmmap == 0)
		end = LOW_MEM_END + ((u64)bootinfo.mem_upper_kb << 10);
	for (int i = 0; i < bootinfo.nmmap; i++) {
		const struct mmap_region *r = &bootinfo.mmap[i];
		u64 e = r->base + r->len;

		if (r->type != MMAP_AVAILABLE || r->len == 0)
			continue;
		end = MAX(end, e);
		if (e > DIRECT_MAP_MAX)
			*above += e - MAX(r->base, (u64)DIRECT_MAP_MAX);
	}
	return MIN(end, (u64)DIRECT_MAP_MAX);
}

void
frame_init(void)
{
	u64 above, end = ram_end(&above);
	u32 kstart = (u32)_kernel_start_phys, kend = (u32)__pa(_end);

	frame_map_init(&fmap, ram_bits, used_bits,
		       (u32)((end + FRAME_SIZE - 1) >> FRAME_SHIFT));
	if (bootinfo.nmmap == 0)
		add_ram_from_mem_sizes();
	for (int i = 0; i < bootinfo.nmmap; i++)
		if (bootinfo.mmap[i].type == MMAP_AVAILABLE)
			frame_map_add_ram(&fmap, bootinfo.mmap[i].base,
					  bootinfo.mmap[i].len);
	for (int i = 0; i < bootinfo.nmmap; i++)
		if (bootinfo.mmap[i].type != MMAP_AVAILABLE)
			frame_map_remove(&fmap, bootinfo.mmap[i].base,
					 bootinfo.mmap[i].len);

	boot_stats.kernel = frame_map_reserve(&fmap, kstart, kend - kstart);
	boot_stats.reserved = boot_stats.kernel;
	if (bootinfo.mbi_phys)
		boot_stats.reserved +=
			frame_map_reserve(&fmap, bootinfo.mbi_phys,
					  sizeof(struct multiboot_info));
	for (int i = 0; i < bootinfo.nmods; i++)
		boot_stats.reserved += frame_map_reserve(
			&fmap, bootinfo.mods[i].start,
			bootinfo.mods[i].end - bootinfo.mods[i].start);
	boot_stats.ram_above = above;
	boot_stats.direct_frames = fmap.nframes;

	printk("frames: %u KiB of RAM in %u frames, %u free; kernel image "
	       "%08x-%08x (%u frames) reserved\n",
	       fmap.nram * 4, fmap.nram, fmap.nfree, kstart, kend - 1,
	       boot_stats.kernel);
	if (above)
		printk("frames: %llu KiB of RAM above %u MiB not used (the "
		       "direct map ends there)\n",
		       above >> 10, DIRECT_MAP_MAX >> 20);
}

u32
__frame_alloc(void)
{
	return frame_map_alloc(&fmap) << FRAME_SHIFT;
}

u32
frame_alloc(void)
{
	u32 pa = __frame_alloc();

	if (!pa)
		printk("frame_alloc: out of memory: all %u RAM frames are in "
		       "use\n",
		       fmap.nram);
	return pa;
}

u32
frame_alloc_below(u64 max_pa)
{
	u64 top = (u64)fmap.nframes << FRAME_SHIFT;
	/* Frames 0 .. limit-1 end at or below max_pa: frame f's last byte
	 * is (f + 1) * FRAME_SIZE - 1. */
	u32 limit = max_pa >= top ? fmap.nframes
				  : (u32)((max_pa + 1) >> FRAME_SHIFT);

	return frame_map_alloc_below(&fmap, limit) << FRAME_SHIFT;
}

u32
frame_alloc_run(u32 n)
{
	return frame_map_alloc_run(&fmap, n) << FRAME_SHIFT;
}

int
frame_free(u32 pa)
{
	int err = pa & (FRAME_SIZE - 1)
			  ? -EINVAL
			  : frame_map_free(&fmap, pa >> FRAME_SHIFT);

	if (err == -EEXIST)
		printk("frame_free: frame %08x is already free (double free)\n",
		       pa);
	else if (err)
		printk("frame_free: %08x is not a RAM frame the allocator "
		       "manages\n",
		       pa);
	return err;
}

bool
frame_find_ram(phys_addr_t phys, u64 size, phys_addr_t *ram_pa)
{
	u64 first = phys >> FRAME_SHIFT;
	u64 last = (phys + size - 1) >> FRAME_SHIFT;

	if (size == 0 || first >= fmap.nframes)
		return false;
	last = MIN(last, (u64)fmap.nframes - 1);
	for (u64 f = first; f <= last; f++) {
		if (frame_map_is_ram(&fmap, f)) {
			*ram_pa = f << FRAME_SHIFT;
			return true;
		}
	}
	return false;
}

bool
frame_ram_run(u32 *pfn, u32 *end)
{
	return frame_map_ram_run(&fmap, *pfn, pfn, end);
}

bool
frame_is_ram(phys_addr_t pa)
{
	return frame_map_is_ram(&fmap, pa >> FRAME_SHIFT);
}

bool
frame_is_used(phys_addr_t pa)
{
	return frame_map_is_used(&fmap, pa >> FRAME_SHIFT);
}

void
frame_get_stats(struct frame_stats *st)
{
	*st = boot_stats;
	st->ram = fmap.nram;
	st->free = fmap.nfree;
}
