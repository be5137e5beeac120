/* kernel/mm/frame_map.c - two bitmaps over the physical frames: which are
 * RAM, which are taken. First fit from low addresses, so the first frames
 * handed out at boot (the new page tables) are low ones, which the early
 * page tables still map. See frame_map.h. Builds for the host.
 *
 * A range of frames (a memory map entry: often the whole of RAM) is
 * handled a bitmap word at a time: in each word, a mask of the range's
 * bits, and the bit operations done on 32 frames at once; the counters
 * move by the number of bits that changed. */
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

/* How many bits of x are set: add neighbouring fields in parallel, 1-bit
 * fields into 2-bit sums, then 4-bit, then 8-bit; the multiply adds the
 * four byte sums into the top byte (Hacker's Delight, 5-1). */
static u32
bits_set(u32 x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (x * 0x01010101u) >> 24;
}

/* The bits of bitmap word w that stand for frames in [f, l). */
static u32
range_mask(u32 w, u32 f, u32 l)
{
	u32 lo = f > w * 32 ? f - w * 32 : 0;	     /* first bit: 0..31 */
	u32 hi = l < (w + 1) * 32 ? l - w * 32 : 32; /* past the last: 1..32 */
	u32 below_hi = hi == 32 ? ~0u : (1u << hi) - 1;

	return below_hi & ~((1u << lo) - 1);
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
	for (u32 w = f / 32; w <= (l - 1) / 32; w++) {
		/* overlapping RAM entries: count once */
		u32 add = range_mask(w, f, l) & ~fm->ram[w];

		fm->ram[w] |= add;
		fm->nram += bits_set(add);
		fm->nfree += bits_set(add & ~fm->used[w]);
		n += bits_set(add);
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
	for (u32 w = f / 32; w <= (l - 1) / 32; w++) {
		u32 gone = range_mask(w, f, l) & fm->ram[w];

		fm->ram[w] &= ~gone;
		fm->nram -= bits_set(gone);
		fm->nfree -= bits_set(gone & ~fm->used[w]);
		fm->used[w] &= ~gone;
		n += bits_set(gone);
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
	for (u32 w = f / 32; w <= (l - 1) / 32; w++) {
		u32 take = range_mask(w, f, l) & fm->ram[w] & ~fm->used[w];

		fm->used[w] |= take;
		fm->nfree -= bits_set(take);
		n += bits_set(take);
	}
	return n;
}

bool
frame_map_ram_run(const struct frame_map *fm, u32 from, u32 *first, u32 *end)
{
	u32 i = from;

	/* Past frames that are not RAM; a whole word at once when it has
	 * none (i + 32 may pass nframes: then there is no run). */
	while (i < fm->nframes && !test_bit(fm->ram, i))
		i += i % 32 == 0 && !fm->ram[i / 32] ? 32 : 1;
	if (i >= fm->nframes)
		return false;
	*first = i;
	/* To the first frame that is not RAM; a whole word when all is
	 * (bits past nframes are never set, so i stops at nframes). */
	while (i < fm->nframes && test_bit(fm->ram, i))
		i += i % 32 == 0 && fm->ram[i / 32] == ~0u ? 32 : 1;
	*end = i;
	return true;
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
frame_map_alloc_below(struct frame_map *fm, u32 limit)
{
	limit = MIN(limit, fm->nframes);
	/* From frame 0, not from the search hint: the hint only says where
	 * the last frame came from, and a free frame may lie below it. */
	for (u32 i = 0; i < limit; i++) {
		/* Skip whole words with nothing free in them. */
		if (i % 32 == 0 && i + 32 <= limit &&
		    !(fm->ram[i / 32] & ~fm->used[i / 32])) {
			i += 31;
			continue;
		}
		if (is_free(fm, i)) {
			set_bit(fm->used, i);
			fm->nfree--;
			return i;
		}
	}
	return 0;
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
