/* tests/host/bench_resource.c - what a claim costs as the tree gets wide.
 *
 * Not a test: it prints timings and never fails on them. A parent gets N
 * siblings (1k, 10k, 100k, each one port wide with a one-port gap after
 * it); then one request_region + release_region pair is timed, with the new
 * range placed before all siblings, in the middle, and after all of them.
 * The sibling list is a singly linked list walked from the front, so the
 * cost should grow with the number of siblings passed, about 10x per row
 * for "after all", and stay flat for "before all".
 *
 * Usage: bench_resource [MIN_SECONDS_PER_RUN]   (default 0.1; best of 3)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kernel/resource.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

/* resource.c prints only on failures; the benchmark should have none. */
static unsigned long printk_calls;

int
vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	printk_calls++;
	fputs(buf, stderr);
	return n;
}

int
printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ns per request+release pair of [start, start + 1) under @parent: the
 * best of three runs of at least @min_secs each (the machine is shared). */
static double
time_pair(struct resource *parent, resource_size_t start, double min_secs)
{
	double best = 0;

	for (int run = 0; run < 3; run++) {
		unsigned long iters = 16, i;
		double t0, t;

		for (;;) {
			t0 = now();
			for (i = 0; i < iters; i++) {
				if (!__request_region(parent, start, 1, "bench",
						      0) ||
				    __release_region(parent, start, 1)) {
					fprintf(stderr,
						"bench: claim failed\n");
					exit(1);
				}
			}
			t = now() - t0;
			if (t >= min_secs)
				break;
			iters *= t > 0 ? (unsigned long)(min_secs / t * 1.2) + 2
				       : 16;
		}
		t = t * 1e9 / (double)iters;
		if (run == 0 || t < best)
			best = t;
	}
	return best;
}

int
main(int argc, char **argv)
{
	static const int sizes[] = {1000, 10000, 100000};
	double min_secs = argc > 1 ? atof(argv[1]) : 0.1;
	double prev[3] = {0, 0, 0};
	struct resource *kids;
	/* a wide enough parent of its own, under the 64-bit memory root */
	struct resource parent = {.name = "bench parent",
				  .start = 0x100000,
				  .end = 0x100000 + 4 * 100000 + 0xfff,
				  .flags = IORESOURCE_MEM};

	kids = calloc(100000, sizeof(*kids));
	if (!kids || request_resource(&iomem_resource, &parent))
		return 1;
	printf("# resource tree: ns per request_region + release_region "
	       "pair\n");
	printf("# (host build, -O2, no sanitizers; best of 3, wall clock)\n");
	printf("%10s %12s %12s %12s %8s %12s\n", "siblings", "before all",
	       "middle", "after all", "growth", "ns/sibling");
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int n = sizes[s];
		double ns[3];

		/* siblings at parent.start + 2 + 2i, each one unit wide,
		 * added highest first so each goes to the list's front */
		for (int i = n - 1; i >= 0; i--) {
			kids[i] = (struct resource){
				.name = "sibling",
				.start = parent.start + 2 +
					 2 * (resource_size_t)i,
				.end = parent.start + 2 +
				       2 * (resource_size_t)i,
				.flags = IORESOURCE_MEM | IORESOURCE_BUSY,
			};
			if (request_resource(&parent, &kids[i]))
				return 1;
		}
		ns[0] = time_pair(&parent, parent.start, min_secs);
		ns[1] = time_pair(&parent, parent.start + 2 + 2 * (n / 2) - 1,
				  min_secs);
		ns[2] = time_pair(&parent, parent.start + 2 + 2 * n + 8,
				  min_secs);
		/* "after all" walks all n siblings twice (request, release) */
		if (prev[2] > 0)
			printf("%10d %12.1f %12.1f %12.1f %7.1fx %12.2f\n", n,
			       ns[0], ns[1], ns[2], ns[2] / prev[2],
			       ns[2] / (2.0 * n));
		else
			printf("%10d %12.1f %12.1f %12.1f %8s %12.2f\n", n,
			       ns[0], ns[1], ns[2], "-", ns[2] / (2.0 * n));
		for (int k = 0; k < 3; k++)
			prev[k] = ns[k];
		for (int i = 0; i < n; i++) /* from the front: O(1) each */
			release_resource(&kids[i]);
	}
	printf("# growth: 'after all' divided by the row above (10x the "
	       "siblings); ~10x is linear,\n# as expected of a linked list. "
	       "ns/sibling: 'after all' / (2 walks x siblings); it\n# rises "
	       "when the list no longer fits in the CPU's caches.\n");
	release_resource(&parent);
	free(kids);
	return printk_calls ? 1 : 0;
}
