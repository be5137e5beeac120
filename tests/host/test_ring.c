/* tests/host/test_ring.c - lib/ring.h: fill, drain, full, wrap of the
 * 32-bit counters, and a randomized run against a plain FIFO model. */
#include <stdlib.h>
#include "tests/host/tap.h"
#include "lib/ring.h"

int
main(void)
{
	u8 buf[16];
	struct ring r;
	int ok;

	tap_ok(!ring_init(&r, buf, 12),
	       "a size that is not a power of two is refused");
	tap_ok(!ring_init(&r, buf, 0), "size 0 is refused");
	tap_ok(ring_init(&r, buf, 16), "size 16 accepted");
	tap_ok(ring_get(&r) == -1 && ring_count(&r) == 0,
	       "empty ring gives -1");
	ok = 1;
	for (int i = 0; i < 16; i++)
		ok &= ring_put(&r, (u8)(i + 200));
	tap_ok(ok && ring_count(&r) == 16, "16 bytes fit");
	tap_ok(!ring_put(&r, 1) && ring_count(&r) == 16, "the 17th is refused");
	ok = 1;
	for (int i = 0; i < 16; i++)
		ok &= ring_get(&r) == i + 200;
	tap_ok(ok && ring_get(&r) == -1,
	       "bytes come back in order, 0-255 range kept");

	/* Counters about to wrap at 2^32. */
	r.head = r.tail = 0xfffffff8u;
	ok = 1;
	for (int i = 0; i < 16; i++)
		ok &= ring_put(&r, (u8)i);
	ok &= !ring_put(&r, 99);
	for (int i = 0; i < 16; i++)
		ok &= ring_get(&r) == i;
	tap_ok(ok && r.head == 8 && ring_count(&r) == 0,
	       "fill and drain across the 32-bit wrap");

	/* Random puts and gets against a model FIFO. */
	unsigned seed = 12345, model[64], mh = 0, mt = 0;
	int bad = 0;
	ring_init(&r, buf, 16);
	srand(seed);
	for (int step = 0; step < 100000; step++) {
		if (rand() % 2) {
			u8 c = (u8)rand();
			bool want = mh - mt < 16;
			if (ring_put(&r, c) != want)
				bad++;
			if (want)
				model[mh++ % 64] = c;
		} else {
			int want = mh == mt ? -1 : (int)model[mt++ % 64];
			if (ring_get(&r) != want)
				bad++;
		}
	}
	tap_ok(!bad, "100000 random operations agree with a model (seed %u)",
	       seed);
	return tap_done();
}
