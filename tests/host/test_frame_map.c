/* tests/host/test_frame_map.c - kernel/mm/frame_map.c on the host: a
 * memory map with holes and overlaps, partial frames at region ends,
 * reservations, exhaustion, double free, freeing what is not RAM, runs,
 * random ranges and RAM runs against a bit-per-frame model, and a random
 * alloc/free run checked against a plain array. */
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "kernel/mm/frame_map.h"
#include "lib/errno.h"

#define NFRAMES 4096 /* 16 MiB */
static u32 ram[FRAME_MAP_WORDS(NFRAMES)], used[FRAME_MAP_WORDS(NFRAMES)];

static void
qemu_like(struct frame_map *fm)
{
	frame_map_init(fm, ram, used, NFRAMES);
	/* The PC's low memory: RAM to 0x9fc00 (a partial last frame), then
	 * the EBDA and BIOS areas, then RAM from 1 MiB to 16 MiB. */
	frame_map_add_ram(fm, 0, 0x9fc00);
	frame_map_add_ram(fm, 0x100000, 0xf00000);
	frame_map_remove(fm, 0x9fc00, 0x400);
	frame_map_remove(fm, 0xf0000, 0x10000);
}

/* frame_map_alloc_below: the lowest free frame under a limit (a device
 * with a DMA mask), never one at or past it, whatever the search hint says;
 * 0 when only frames above the limit are free. Random limits and random
 * holes are checked against a plain scan, since the allocator skips whole
 * words of the bitmap. */
static void
test_alloc_below(void)
{
	struct frame_map fm;
	static char model[NFRAMES];
	int bad = 0;

	qemu_like(&fm);
	frame_map_reserve(&fm, 0x1000, 0x9e000); /* all of low RAM taken */
	tap_ok(frame_map_alloc_below(&fm, 0x100) == 0,
	       "alloc_below 1 MiB with low RAM all taken: 0, although "
	       "frames above are free");
	tap_ok(frame_map_alloc_below(&fm, 0x101) == 0x100 &&
		       frame_map_alloc_below(&fm, 0x101) == 0,
	       "a limit one frame higher gets exactly that frame, once");
	(void)frame_map_alloc(&fm); /* the hint is above 1 MiB now */
	frame_map_free(&fm, 0x42);
	tap_ok(frame_map_alloc_below(&fm, 0x1000) == 0x42,
	       "the lowest free frame below the limit, not the hint's");

	unsigned seed = getenv("SEED") ? atoi(getenv("SEED")) : 4242;
	srand(seed);
	for (int round = 0; round < 2000 && !bad; round++) {
		qemu_like(&fm);
		for (int k = 0; k < 3000; k++)
			if (frame_map_alloc(&fm))
				continue;
		for (int k = 0; k < 40; k++)
			frame_map_free(&fm, 1 + rand() % (NFRAMES - 1));
		for (u32 i = 0; i < NFRAMES; i++)
			model[i] = frame_map_is_ram(&fm, i) &&
				   !frame_map_is_used(&fm, i);
		u32 limit = rand() % (NFRAMES + 64), want = 0;
		for (u32 i = 0; i < limit && i < NFRAMES && !want; i++)
			if (model[i])
				want = i;
		u32 got = frame_map_alloc_below(&fm, limit);
		bad |= got != want || (got && !frame_map_is_used(&fm, got));
	}
	tap_ok(!bad,
	       "2000 random maps and limits: alloc_below takes the frame a "
	       "plain scan finds (seed %u)",
	       seed);
}

int
main(void)
{
	struct frame_map fm;

	qemu_like(&fm);
	tap_ok(fm.nram == 0x9e + 0xf00,
	       "RAM frames: 158 below 640K (frame 0 "
	       "and the partial frame at 0x9f000 left out) + 3840 above 1 MiB "
	       "(got %u)",
	       fm.nram);
	tap_ok(fm.nfree == fm.nram && !frame_map_is_ram(&fm, 0),
	       "frame 0 is never RAM, all the rest is free");
	tap_ok(!frame_map_is_ram(&fm, 0x9f) && frame_map_is_ram(&fm, 0x9e),
	       "partial frame is not RAM, the one before is");
	tap_ok(!frame_map_is_ram(&fm, 0xb8) && !frame_map_is_ram(&fm, 1u << 30),
	       "VGA hole and far frames are not RAM");

	u32 n = frame_map_reserve(&fm, 0x100000, 0x40001);
	tap_ok(n == 0x41,
	       "reserving a kernel image 0x100000-0x140000 takes "
	       "0x41 frames (a partial last page counts), got 0x%x",
	       n);
	tap_ok(frame_map_reserve(&fm, 0x100000, 0x1000) == 0,
	       "reserving again takes nothing");

	u32 first = frame_map_alloc(&fm);
	tap_ok(first == 1, "first allocation is the lowest free frame (%u)",
	       first);
	tap_ok(frame_map_free(&fm, first) == 0, "free it");
	tap_ok(frame_map_free(&fm, first) == -EEXIST, "double free is -EEXIST");
	tap_ok(frame_map_free(&fm, 0xb8) == -EINVAL,
	       "freeing a non-RAM frame is -EINVAL");
	tap_ok(frame_map_free(&fm, NFRAMES + 5) == -EINVAL,
	       "freeing past the map is -EINVAL");

	/* Exhaustion: take everything, then one more. */
	u32 before = fm.nfree, got = 0, f;
	static u32 list[NFRAMES];
	while ((f = frame_map_alloc(&fm)) != 0) {
		if (!frame_map_is_ram(&fm, f) || f == 0)
			break;
		list[got++] = f;
	}
	tap_ok(got == before && fm.nfree == 0,
	       "every free frame handed out once "
	       "(%u of %u)",
	       got, before);
	tap_ok(frame_map_alloc(&fm) == 0, "exhausted: alloc returns 0");
	int dup = 0;
	for (u32 i = 1; i < got; i++)
		dup |= list[i] <= list[i - 1];
	tap_ok(!dup, "frames come out in increasing order, no duplicates");
	for (u32 i = 0; i < got; i++)
		frame_map_free(&fm, list[i]);
	tap_ok(fm.nfree == before, "all given back");

	u32 run = frame_map_alloc_run(&fm, 64);
	tap_ok(run == 1, "a run of 64 fits below 640K, from frame 1 (0x%x)",
	       run);
	u32 run2 = frame_map_alloc_run(&fm, 128);
	tap_ok(run2 == 0x141,
	       "a run of 128 does not fit there any more: it "
	       "starts after the kernel image (0x%x)",
	       run2);
	int ok = 1;
	for (u32 i = 0; i < 64; i++)
		ok &= frame_map_is_used(&fm, run + i);
	tap_ok(ok, "the whole run is marked used");
	tap_ok(frame_map_alloc_run(&fm, NFRAMES) == 0,
	       "a run longer than free RAM fails");

	/* Overlapping map entries: RAM counted once; reserved wins. */
	frame_map_init(&fm, ram, used, NFRAMES);
	frame_map_add_ram(&fm, 0x1000, 0x10000);
	frame_map_add_ram(&fm, 0x8000, 0x10000);
	tap_ok(fm.nram == 0x17, "overlapping RAM entries count once (%u)",
	       fm.nram);
	frame_map_remove(&fm, 0x4800, 0x10);
	tap_ok(fm.nram == 0x16 && !frame_map_is_ram(&fm, 4),
	       "a reserved entry inside RAM removes the frame it touches");
	tap_ok(frame_map_add_ram(&fm, ~0ULL - 10, 100) == 0 &&
		       frame_map_remove(&fm, ~0ULL - 10, 100) == 0,
	       "ranges at the top of the 64-bit space do not wrap");

	/* Ranges go a bitmap word at a time: random ranges (any frame
	 * alignment, within a word, across many, past the end) added,
	 * removed and reserved, against a bit-per-frame model; and the RAM
	 * runs found from every frame match the model's. */
	unsigned rseed = getenv("SEED") ? atoi(getenv("SEED")) : 4321;
	srand(rseed);
	static char mram[NFRAMES], mused[NFRAMES];
	int rbad = 0, runbad = 0;
	for (int round = 0; round < 200 && !rbad && !runbad; round++) {
		frame_map_init(&fm, ram, used,
			       NFRAMES - 13); /* a partial word */
		memset(mram, 0, sizeof(mram));
		memset(mused, 0, sizeof(mused));
		for (int op = 0; op < 30; op++) {
			u64 base = (u64)(rand() % (NFRAMES + 64)) * FRAME_SIZE +
				   (rand() % 4 ? 0 : rand() % FRAME_SIZE);
			u64 len =
				rand() % 3
					? (u64)(rand() % 100) * FRAME_SIZE +
						  rand() % 2 *
							  (rand() % FRAME_SIZE)
					: (u64)(rand() % NFRAMES) * FRAME_SIZE;
			u64 lo = base >> FRAME_SHIFT;
			u64 hi_in =
				(base + len) >> FRAME_SHIFT; /* whole frames */
			u64 hi_touch =
				(base + len + FRAME_SIZE - 1) >> FRAME_SHIFT;
			u32 want = 0, got;
			int kind = rand() % 3;
			if (kind == 0) {
				u64 f0 = (base + FRAME_SIZE - 1) >> FRAME_SHIFT;
				for (u64 i = f0 ? f0 : 1;
				     i < hi_in && i < NFRAMES - 13; i++)
					if (!mram[i])
						mram[i] = 1, want++;
				got = frame_map_add_ram(&fm, base, len);
			} else if (kind == 1) {
				for (u64 i = lo;
				     len && i < hi_touch && i < NFRAMES - 13;
				     i++)
					if (mram[i])
						mram[i] = mused[i] = 0, want++;
				got = frame_map_remove(&fm, base, len);
			} else {
				for (u64 i = lo;
				     len && i < hi_touch && i < NFRAMES - 13;
				     i++)
					if (mram[i] && !mused[i])
						mused[i] = 1, want++;
				got = frame_map_reserve(&fm, base, len);
			}
			u32 nram = 0, nfree = 0;
			for (u32 i = 0; i < NFRAMES; i++) {
				nram += mram[i];
				nfree += mram[i] && !mused[i];
				rbad |= frame_map_is_ram(&fm, i) != mram[i] ||
					frame_map_is_used(&fm, i) != mused[i];
			}
			rbad |= got != want || fm.nram != nram ||
				fm.nfree != nfree;
		}
		for (u32 from = 0; from <= NFRAMES - 13; from++) {
			u32 i = from, first = 0, end = 0;
			while (i < NFRAMES - 13 && !mram[i])
				i++;
			bool any = i < NFRAMES - 13;
			u32 wfirst = i;
			while (i < NFRAMES - 13 && mram[i])
				i++;
			bool r = frame_map_ram_run(&fm, from, &first, &end);
			runbad |= r != any ||
				  (any && (first != wfirst || end != i));
		}
	}
	tap_ok(!rbad,
	       "random add/remove/reserve ranges agree with a "
	       "bit-per-frame model: bits, counts, returns (seed %u)",
	       rseed);
	tap_ok(!runbad,
	       "frame_map_ram_run from every frame finds the model's "
	       "next run of RAM (seed %u)",
	       rseed);
	frame_map_init(&fm, ram, used, NFRAMES);
	frame_map_add_ram(&fm, 0, (u64)NFRAMES * FRAME_SIZE);
	u32 rf, re;
	tap_ok(frame_map_ram_run(&fm, 0, &rf, &re) && rf == 1 &&
		       re == NFRAMES &&
		       !frame_map_ram_run(&fm, NFRAMES, &rf, &re),
	       "all RAM: one run 1..end (frame 0 never RAM), none from the "
	       "end");

	/* Random alloc/free against a model. */
	unsigned seed = getenv("SEED") ? atoi(getenv("SEED")) : 12345;
	srand(seed);
	qemu_like(&fm);
	static char model[NFRAMES];
	for (u32 i = 0; i < NFRAMES; i++)
		model[i] = frame_map_is_used(&fm, i);
	int bad = 0;
	for (int op = 0; op < 200000 && !bad; op++) {
		if (rand() % 3) {
			f = frame_map_alloc(&fm);
			if (f == 0) {
				bad |= fm.nfree != 0;
				continue;
			}
			bad |= model[f] || !frame_map_is_ram(&fm, f);
			model[f] = 1;
		} else {
			f = rand() % NFRAMES;
			int r = frame_map_free(&fm, f);
			int want = !frame_map_is_ram(&fm, f) ? -EINVAL
				   : !model[f]		     ? -EEXIST
							     : 0;
			bad |= r != want;
			if (r == 0)
				model[f] = 0;
		}
	}
	u32 nfree = 0;
	for (u32 i = 0; i < NFRAMES; i++)
		nfree += frame_map_is_ram(&fm, i) && !model[i];
	tap_ok(!bad && nfree == fm.nfree,
	       "200000 random operations agree with "
	       "the model (seed %u)",
	       seed);
	test_alloc_below();
	return tap_done();
}
