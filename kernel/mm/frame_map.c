/* kernel/mm/frame_map.c - two bitmaps over the physical frames: which are
 * RAM, which are taken. First fit from low addresses, so the first frames
 * handed out at boot (the new page tables) are low ones, which the early
 * page tables still map. See frame_map.h. Builds for the host. */
#include "kernel/mm/frame_map.h"
#include "lib/errno.h"
#include "lib/string.h"

static bool
test_bit(const u32 *map, u32 n)
{
	return map[n / 32] & (1u << (n % 32));
}

static void
set_bit(u32 *map, u32 n)
{
	map[n / 32] |= 1u << (n % 32);
}

static void
clear_bit(u32 *map, u32 n)
{
	map[n / 32] &= ~(1u << (n % 32));
}

void
frame_map_init(struct frame_map *fm, u32 *ram, u32 *used, u32 nframes)
{
	fm->ram = ram;
	fm->used = used;
	fm->nframes = nframes;
	fm->nram = fm->nfree = fm->next = 0;
	memset(ram, 0, FRAME_MAP_WORDS(nframes) * sizeof(u32));
	memset(used, 0, FRAME_MAP_WORDS(nframes) * sizeof(u32));
}

/* Clip the frame range [first, last) to the map; false if nothing is left. */
static bool
clip(const struct frame_map *fm, u64 first, u64 last, u32 *f, u32 *l)
{
	if (last > fm->nframes)
		last = fm->nframes;
	if (first >= last)
		return false;
	*f = (u32)first;
	*l = (u32)last;
	return true;
}

/* The frames touching [base, base+len), saturating at the 64-bit top. */
static void
touching(u64 base, u64 len, u64 *first, u64 *last)
{
	u64 end = base + len < base ? ~0ULL : base + len;

	*first = base >> FRAME_SHIFT;
	*last = (end >> FRAME_SHIFT) + ((end & (FRAME_SIZE - 1)) != 0);
}

u32
frame_map_add_ram(struct frame_map *fm, u64 base, u64 len)
{
	u64 end = base + len < base ? ~0ULL : base + len;
	u64 first = (base + FRAME_SIZE - 1) >> FRAME_SHIFT;
	u32 f, l, n = 0;

	if (base > ~0ULL - (FRAME_SIZE - 1))
		return 0;
	if (first == 0)
		first = 1; /* frame 0 never: 0 is the "no frame" answer */
	if (!clip(fm, first, end >> FRAME_SHIFT, &f, &l))
		return 0;
	for (u32 i = f; i < l; i++) {
		if (test_bit(fm->ram, i))
			continue; /* overlapping RAM entries: count once */
		set_bit(fm->ram, i);
		fm->nram++;
		if (!test_bit(fm->used, i))
			fm->nfree++;
		n++;
	}
	return n;
}

u32
frame_map_remove(struct frame_map *fm, u64 base, u64 len)
{
	u64 first, last;
	u32 f, l, n = 0;

	touching(base, len, &first, &last);
	if (!len || !clip(fm, first, last, &f, &l))
		return 0;
	for (u32 i = f; i < l; i++) {
		if (!test_bit(fm->ram, i))
			continue;
		clear_bit(fm->ram, i);
		fm->nram--;
		if (!test_bit(fm->used, i))
			fm->nfree--;
		clear_bit(fm->used, i);
		n++;
	}
	return n;
}

u32
frame_map_reserve(struct frame_map *fm, u64 base, u64 len)
{
	u64 first, last;
	u32 f, l, n = 0;

	touching(base, len, &first, &last);
	if (!len || !clip(fm, first, last, &f, &l))
		return 0;
	for (u32 i = f; i < l; i++) {
		if (!test_bit(fm->ram, i) || test_bit(fm->used, i))
			continue;
		set_bit(fm->used, i);
		fm->nfree--;
		n++;
	}
	return n;
}

static bool
is_free(const struct frame_map *fm, u32 i)
{
	return test_bit(fm->ram, i) && !test_bit(fm->used, i);
}

u32
frame_map_alloc(struct frame_map *fm)
{
	if (!fm->nfree)
		return 0;
	for (u32 k = 0; k < fm->nframes; k++) {
		u32 i = fm->next + k;

		if (i >= fm->nframes)
			i -= fm->nframes;
		/* Skip whole words with nothing free in them. */
		if (i % 32 == 0 && i + 32 <= fm->nframes &&
		    !(fm->ram[i / 32] & ~fm->used[i / 32])) {
			k += 31;
			continue;
		}
		if (is_free(fm, i)) {
			set_bit(fm->used, i);
			fm->nfree--;
			fm->next = i + 1 < fm->nframes ? i + 1 : 0;
			return i;
		}
	}
	return 0; /* unreachable while nfree is right */
}

u32
frame_map_alloc_run(struct frame_map *fm, u32 n)
{
	u32 run = 0;

	if (!n || n > fm->nfree)
		return 0;
	for (u32 i = 0; i < fm->nframes; i++) {
		run = is_free(fm, i) ? run + 1 : 0;
		if (run < n)
			continue;
		u32 first = i + 1 - n;
		for (u32 j = first; j <= i; j++)
			set_bit(fm->used, j);
		fm->nfree -= n;
		return first;
	}
	return 0;
}

int
frame_map_free(struct frame_map *fm, u32 pfn)
{
	if (pfn >= fm->nframes || !test_bit(fm->ram, pfn))
		return -EINVAL;
	if (!test_bit(fm->used, pfn))
		return -EEXIST;
	clear_bit(fm->used, pfn);
	fm->nfree++;
	if (pfn < fm->next)
		fm->next = pfn; /* keep handing out low frames first */
	return 0;
}

bool
frame_map_is_ram(const struct frame_map *fm, u64 pfn)
{
	return pfn < fm->nframes && test_bit(fm->ram, (u32)pfn);
}

bool
frame_map_is_used(const struct frame_map *fm, u64 pfn)
{
	return pfn < fm->nframes && test_bit(fm->used, (u32)pfn);
}
