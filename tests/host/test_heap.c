/* tests/host/test_heap.c - kernel/mm/heap.c on the host: alignment, reuse
 * and merging, growth in steps, exhaustion at the limit, double free and
 * foreign pointers, a random run with heap_check after every step, and the
 * pages inside free chunks given back (heap_set_release) over an arena
 * whose released pages are really gone (mprotect PROT_NONE: a heap that
 * touched one would crash the test). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "tests/host/tap.h"
#include "kernel/mm/heap.h"
#include "lib/errno.h"

#define ARENA (256 * 1024)
#define STEP 4096
static _Alignas(4096) unsigned char arena[ARENA];
static int grow_calls;
static uintptr_t shrunk_from, shrunk_to;

static int grow(struct heap *h, uintptr_t from, uintptr_t to);

static void
shrink(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	shrunk_from = from;
	shrunk_to = to;
}

/* Frees at the top give whole steps back (heap_set_shrink). */
static void
test_shrink(void)
{
	struct heap h;
	uintptr_t base = (uintptr_t)arena;
	const uintptr_t pad = HEAP_PAD_STEPS * STEP;

	heap_init(&h, base, base + ARENA, STEP, grow);
	heap_set_shrink(&h, shrink);
	void *small = heap_alloc(&h, 100);
	void *big = heap_alloc(&h, 30 * STEP);
	tap_ok(small && big && h.brk >= base + 31 * STEP,
	       "grew to hold 30 steps");
	uintptr_t top = h.brk;
	shrunk_from = shrunk_to = 0;
	tap_ok(heap_free(&h, big) == 0 && h.brk == base + STEP + pad &&
		       shrunk_from == base + STEP + pad && shrunk_to == top,
	       "freeing 30 steps at the top gives back all but the first "
	       "step and the pad");
	tap_ok(heap_check(&h) == 0, "the heap is still consistent");
	void *mid = heap_alloc(&h, 6 * STEP);
	uintptr_t grown = h.brk;
	shrunk_from = shrunk_to = 0;
	tap_ok(mid && heap_free(&h, mid) == 0 && h.brk == grown &&
		       shrunk_to == 0,
	       "a free of less than the trim threshold gives nothing back");
	tap_ok(heap_free(&h, small) == 0 && heap_free(&h, small) == -EEXIST &&
		       heap_check(&h) == 0,
	       "a double free in the kept first step is still seen");
	void *keep = heap_alloc(&h, 64);
	void *again = heap_alloc(&h, 40 * STEP);
	tap_ok(keep && again && heap_free(&h, again) == 0 &&
		       h.brk > (uintptr_t)keep &&
		       h.brk <= base + 2 * STEP + pad && heap_check(&h) == 0,
	       "it grows again after shrinking, and shrinks again");
	for (int i = 0; i < 1000; i++) { /* alloc/free cycles at the top */
		void *p = heap_alloc(&h, 200 + i % 3000);
		heap_free(&h, p);
	}
	heap_free(&h, keep);
	tap_ok(h.brk <= base + 2 * STEP + pad && heap_check(&h) == 0,
	       "after 1000 alloc/free cycles the heap is no bigger");
}

static int
grow(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	grow_calls++;
	return (from % STEP || to % STEP || to > (uintptr_t)arena + ARENA) ? -1
									   : 0;
}

/* The release/reback test's arena: each page's state, as the kernel's
 * page tables would have it (mapped or not), and the count mapped. */
#define RARENA_PAGES 512
static unsigned char *rarena;
static bool rbacked[RARENA_PAGES];
static int rbacked_count, rreback_fail_after = -1;

static unsigned
rpage(uintptr_t a)
{
	return (unsigned)((a - (uintptr_t)rarena) / STEP);
}

static int
rgrow(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	if (from % STEP || to % STEP ||
	    to > (uintptr_t)rarena + RARENA_PAGES * STEP)
		return -1;
	for (uintptr_t a = from; a < to; a += STEP) {
		if (rbacked[rpage(a)])
			return -1; /* above brk nothing is mapped */
		mprotect((void *)a, STEP, PROT_READ | PROT_WRITE);
		memset((void *)a, 0x5a, STEP); /* a fresh frame: not zeroed */
		rbacked[rpage(a)] = true;
		rbacked_count++;
	}
	return 0;
}

static void
rrelease(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t a = from; a < to; a += STEP) {
		if (!rbacked[rpage(a)])
			continue;
		mprotect((void *)a, STEP, PROT_NONE);
		rbacked[rpage(a)] = false;
		rbacked_count--;
	}
}

static int
rreback(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t a = from; a < to; a += STEP) {
		if (rbacked[rpage(a)])
			continue;
		if (rreback_fail_after == 0)
			return -ENOMEM;
		if (rreback_fail_after > 0)
			rreback_fail_after--;
		mprotect((void *)a, STEP, PROT_READ | PROT_WRITE);
		memset((void *)a, 0x5a, STEP);
		rbacked[rpage(a)] = true;
		rbacked_count++;
	}
	return 0;
}

static bool
holds(const void *p, int v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((const unsigned char *)p)[i] != (unsigned char)v)
			return false;
	return true;
}

/* Whole pages (steps) inside [p - header, p + n): what a free of p may give
 * back beyond its header's page. */
static int
inner_pages(const void *p, size_t n)
{
	uintptr_t lo = ((uintptr_t)p + STEP - 1) / STEP * STEP;
	uintptr_t hi = ((uintptr_t)p + n) / STEP * STEP;

	return hi > lo ? (int)((hi - lo) / STEP) : 0;
}

/* kfree of a big block anywhere gives its whole pages back (issue 11). */
static void
test_release(void)
{
	struct heap h;
	uintptr_t base;

	rarena = mmap(NULL, RARENA_PAGES * STEP, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (rarena == MAP_FAILED) {
		tap_ok(false, "mmap of the release arena");
		return;
	}
	base = (uintptr_t)rarena;
	heap_init(&h, base, base + RARENA_PAGES * STEP, STEP, rgrow);
	heap_set_shrink(&h, rrelease);
	heap_set_release(&h, rrelease, rreback);

	size_t n = 5 * STEP + 300;
	unsigned char *a = heap_alloc(&h, n), *b = heap_alloc(&h, n),
		      *c = heap_alloc(&h, n);
	if (!a || !b || !c) {
		tap_ok(false, "three allocations of 5 pages and a bit");
		return;
	}
	memset(a, 0xa1, n);
	memset(b, 0xb2, n);
	memset(c, 0xc3, n);
	int before = rbacked_count, freed = heap_free(&h, b);
	int after = rbacked_count;
	tap_ok(freed == 0 && after == before - inner_pages(b, n),
	       "free B, between A and C: its %d whole pages go back (%d -> %d "
	       "mapped)",
	       inner_pages(b, n), before, after);
	tap_ok(inner_pages(b, n) >= 4 && holds(a, 0xa1, n) &&
		       holds(c, 0xc3, n) && heap_check(&h) == 0,
	       "A and C keep their data; the heap is consistent");
	tap_ok(heap_free(&h, b) == -EEXIST && heap_size_of(&h, b) == 0,
	       "a double free of B is still seen (its header's page is kept)");
	unsigned char *b2 = heap_alloc(&h, n);
	tap_ok(b2 == b && rbacked_count == before,
	       "B's place is reused first-fit, "
	       "its pages mapped again");
	memset(b2, 0xb4, n);
	tap_ok(holds(b2, 0xb4, n) && holds(a, 0xa1, n) && holds(c, 0xc3, n),
	       "the new B holds its data; A and C theirs");

	/* A header inside a page given back: free a, then c, then the small
	 * chunk between them; all three merge and the small one's header
	 * page goes. Freeing it again must not read that page. (No hole
	 * below: all four come from the top, in this order.) */
	unsigned char *x = heap_alloc(&h, 8 * STEP), *y = heap_alloc(&h, 64),
		      *z = heap_alloc(&h, 8 * STEP),
		      *guard = heap_alloc(&h, 64);
	heap_free(&h, x);
	heap_free(&h, z);
	heap_free(&h, y);
	tap_ok(!rbacked[rpage((uintptr_t)y - 16)] &&
		       heap_free(&h, y) == -EEXIST &&
		       heap_free(&h, z) == -EEXIST && heap_check(&h) == 0,
	       "double frees inside a merged chunk whose pages are gone: "
	       "-EEXIST, nothing touched");

	heap_free(&h, b2);
	/* Reback failing (no frames): NULL, and the heap still works. */
	rreback_fail_after = 1;
	void *f = heap_alloc(&h, 12 * STEP);
	rreback_fail_after = -1;
	void *g = heap_alloc(&h, 12 * STEP);
	tap_ok(!f && g && heap_check(&h) == 0,
	       "no frame to map a free chunk's page again: NULL; then it "
	       "works");
	heap_free(&h, g);

	/* Many cycles, random sizes, contents checked: nothing leaks. */
	static unsigned char *p[64];
	static size_t len[64];
	int bad = 0;
	srand(7);
	for (int op = 0; op < 20000 && !bad; op++) {
		int i = rand() % 64;
		if (p[i]) {
			bad |= !holds(p[i], i, len[i]);
			bad |= heap_free(&h, p[i]) != 0;
			p[i] = NULL;
		} else {
			len[i] = 1 + rand() % (rand() % 4 ? 300 : 6 * STEP);
			p[i] = heap_alloc(&h, len[i]);
			if (p[i])
				memset(p[i], i, len[i]);
			else
				bad = 1;
		}
		if (op % 128 == 0)
			bad |= heap_check(&h) != 0;
	}
	for (int i = 0; i < 64; i++) {
		if (p[i]) {
			bad |= !holds(p[i], i, len[i]);
			heap_free(&h, p[i]);
		}
	}
	heap_free(&h, a);
	heap_free(&h, c);
	heap_free(&h, guard);
	tap_ok(!bad && h.nallocs == 0 && heap_check(&h) == 0,
	       "20000 random alloc/free with big blocks: contents intact");
	tap_ok(rbacked_count == 1,
	       "all freed: one page stays mapped (the free chunk's header), "
	       "%d are",
	       rbacked_count);
	munmap(rarena, RARENA_PAGES * STEP);
}

int
main(void)
{
	struct heap h;
	uintptr_t base = (uintptr_t)arena;

	heap_init(&h, base, base + ARENA, STEP, grow);
	tap_ok(heap_alloc(&h, 0) == NULL, "0 bytes: NULL");
	void *a = heap_alloc(&h, 1), *b = heap_alloc(&h, 17),
	     *c = heap_alloc(&h, 100);
	tap_ok(a && b && c, "three small allocations");
	tap_ok((uintptr_t)a % HEAP_ALIGN == 0 &&
		       (uintptr_t)b % HEAP_ALIGN == 0 &&
		       (uintptr_t)c % HEAP_ALIGN == 0,
	       "every payload is %d-byte aligned", HEAP_ALIGN);
	tap_ok(grow_calls == 1 && h.brk == base + STEP,
	       "grew once, by one step");
	tap_ok(heap_size_of(&h, b) >= 17 && heap_size_of(&h, b) < 17 + 32,
	       "usable size covers the request");
	memset(a, 0xaa, 1);
	memset(b, 0xbb, 17);
	memset(c, 0xcc, 100);
	tap_ok(heap_check(&h) == 0, "chunks tile the heap");

	tap_ok(heap_free(&h, b) == 0, "free the middle one");
	tap_ok(heap_free(&h, b) == -EEXIST,
	       "freeing it again: -EEXIST (double free)");
	tap_ok(heap_free(&h, (char *)a + 4) == -EINVAL,
	       "a pointer into a payload: -EINVAL");
	tap_ok(heap_free(&h, arena + ARENA - 16) == -EINVAL,
	       "a pointer past brk: -EINVAL");
	int x;
	tap_ok(heap_free(&h, &x) == -EINVAL,
	       "a pointer from elsewhere: -EINVAL");
	tap_ok(heap_free(&h, NULL) == 0, "free(NULL) is a no-op");
	void *b2 = heap_alloc(&h, 17);
	tap_ok(b2 == b, "the freed chunk is reused first-fit");
	tap_ok(heap_free(&h, a) == 0 && heap_free(&h, b2) == 0 &&
		       heap_free(&h, c) == 0,
	       "free all");
	tap_ok(h.free && heap_free_bytes(&h) == h.brk - h.start &&
		       h.nallocs == 0,
	       "neighbours merged back into one free chunk");
	tap_ok(heap_free(&h, b) == -EEXIST,
	       "double free detected after merging too");

	void *big = heap_alloc(&h, 3 * STEP);
	tap_ok(big && h.brk == base + 4 * STEP,
	       "a large allocation grows the "
	       "heap, extending the free tail (brk +%lu)",
	       (unsigned long)(h.brk - base));
	tap_ok(heap_alloc(&h, ARENA) == NULL, "more than the limit: NULL");
	tap_ok(heap_alloc(&h, (size_t)-8) == NULL,
	       "a size that would wrap: NULL");
	heap_free(&h, big);

	/* Exhaustion: fill the arena with 1000-byte blocks. */
	static void *blocks[ARENA / 1000];
	int n = 0;
	while (n < (int)(sizeof(blocks) / sizeof(blocks[0])) &&
	       (blocks[n] = heap_alloc(&h, 1000)) != NULL)
		n++;
	tap_ok(n == ARENA / 1024 && heap_alloc(&h, 1) == NULL,
	       "exhaustion: %d blocks of 1000 bytes fit, then NULL", n);
	tap_ok(h.brk == base + ARENA && heap_check(&h) == 0,
	       "heap at its limit, consistent");
	for (int i = 0; i < n; i += 2)
		heap_free(&h, blocks[i]);
	tap_ok(heap_alloc(&h, 2000) == NULL, "fragmented: no 2000-byte hole "
					     "between the blocks still held");
	for (int i = 1; i < n; i += 2)
		heap_free(&h, blocks[i]);
	tap_ok(h.nallocs == 0 && heap_free_bytes(&h) == ARENA,
	       "all merged again");

	/* Random run against heap_check, with contents checked. */
	unsigned seed = getenv("SEED") ? atoi(getenv("SEED")) : 4242;
	srand(seed);
	static unsigned char *p[256];
	static size_t len[256];
	int bad = 0;
	for (int op = 0; op < 50000 && !bad; op++) {
		int i = rand() % 256;
		if (p[i]) {
			for (size_t k = 0; k < len[i]; k++)
				bad |= p[i][k] != (unsigned char)i;
			bad |= heap_free(&h, p[i]) != 0;
			p[i] = NULL;
		} else {
			len[i] = 1 + rand() % (rand() % 8 ? 200 : 5000);
			p[i] = heap_alloc(&h, len[i]);
			if (p[i]) {
				bad |= (uintptr_t)p[i] % HEAP_ALIGN != 0;
				memset(p[i], i, len[i]);
			}
		}
		if (op % 64 == 0)
			bad |= heap_check(&h) != 0;
	}
	tap_ok(!bad && heap_check(&h) == 0,
	       "50000 random alloc/free: contents "
	       "intact, aligned, heap consistent (seed %u)",
	       seed);
	test_shrink();
	test_release();
	return tap_done();
}
