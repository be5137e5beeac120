/* tests/host/test_heap.c - kernel/mm/heap.c on the host: alignment, reuse
 * and merging, growth in steps, exhaustion at the limit, double free and
 * foreign pointers, and a random run with heap_check after every step. */
#include <stdlib.h>
#include <string.h>
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
	return tap_done();
}
