/* tests/host/test_resource.c - unit tests of kernel/resource.c on the host.
 *
 * Every public function of the resource tree, with its edges: zero length,
 * end < start, outside the root, exact fit, adjacent ranges, deep nesting,
 * insert that adopts, partial overlaps, allocation near the top of a 64-bit
 * root, release with children, release of what was never claimed, pool
 * exhaustion, lookup, and the exact /proc/ioports and /proc/iomem format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "tests/host/printk_capture.h"
#include "kernel/resource.h"
#include "lib/errno.h"

#define U64MAX (~(resource_size_t)0)

/* ---- helpers ---- */

struct sbuf {
	char s[8192];
	size_t n;
};

static void
put_line(const char *line, void *arg)
{
	struct sbuf *b = arg;

	b->n += (size_t)snprintf(b->s + b->n, sizeof(b->s) - b->n, "%s\n",
				 line);
}

/* The whole dump of @root as one string, lines ending in '\n'. */
static const char *
dump(struct resource *root)
{
	static struct sbuf b;

	b.n = 0;
	b.s[0] = '\0';
	resource_dump(root, put_line, &b);
	return b.s;
}

static struct resource
mk(const char *name, resource_size_t start, resource_size_t end)
{
	return (struct resource){.name = name, .start = start, .end = end};
}

/* One printk line, equal to @want (with its newline). */
static void
expect_one_line(const char *want, const char *what)
{
	tap_ok(printk_lines == 1, "%s: exactly one line printed (%d)", what,
	       printk_lines);
	tap_eq_str(printk_buf, want, what);
}

static void
expect_silent(const char *what)
{
	tap_ok(printk_lines == 0, "%s: nothing printed", what);
	if (printk_lines)
		printf("#   printed: %s", printk_buf);
}

/* Tree invariants of the subtree under @r; returns the node count or -1. */
static int
check_tree(struct resource *r)
{
	int n = 0;
	struct resource *c, *prev = NULL;

	for (c = r->child; c; prev = c, c = c->sibling) {
		int k;

		if (c->parent != r || c->start < r->start || c->end > r->end ||
		    c->end < c->start || (prev && prev->end >= c->start))
			return -1;
		k = check_tree(c);
		if (k < 0)
			return -1;
		n += k + 1;
	}
	return n;
}

/* ---- roots ---- */

static void
test_roots(void)
{
	tap_ok(ioport_resource.start == 0 && ioport_resource.end == 0xffff,
	       "ioport_resource spans 0000-ffff");
	tap_ok(ioport_resource.flags == IORESOURCE_IO,
	       "ioport_resource is IORESOURCE_IO");
	tap_eq_str(ioport_resource.name, "PCI IO", "ioport_resource name");
	tap_ok(iomem_resource.start == 0 && iomem_resource.end == U64MAX,
	       "iomem_resource spans the 64-bit space");
	tap_ok(iomem_resource.flags == IORESOURCE_MEM,
	       "iomem_resource is IORESOURCE_MEM");
	tap_eq_str(iomem_resource.name, "PCI mem", "iomem_resource name");
	tap_ok(!ioport_resource.child && !iomem_resource.child,
	       "both roots start empty");
	tap_ok(resource_width(&ioport_resource) == 4 &&
		       resource_width(&iomem_resource) == 8,
	       "widths: 4 hex digits for ports, 8 for memory");
}

/* ---- request_resource ---- */

static void
test_request_resource(void)
{
	struct resource root = mk("root", 0x1000, 0x1fff);
	struct resource a = mk("a", 0x1100, 0x11ff);
	struct resource b = mk("b", 0x1200, 0x12ff); /* adjacent to a */
	struct resource c = mk("c", 0x10ff, 0x10ff); /* adjacent below a */
	struct resource over = mk("over", 0x11ff, 0x1200);
	struct resource in = mk("in", 0x1180, 0x1180);
	struct resource whole = mk("whole", 0x1000, 0x1fff);
	struct resource back = mk("back", 0x2000, 0x1fff);
	struct resource out = mk("out", 0x1f00, 0x2000);
	struct resource low = mk("low", 0x0fff, 0x1000);

	root.flags = IORESOURCE_IO;
	printk_clear();
	tap_ok(request_resource(&root, &b) == 0, "request b");
	tap_ok(request_resource(&root, &a) == 0, "request a, adjacent to b");
	tap_ok(request_resource(&root, &c) == 0, "request c, adjacent to a");
	expect_silent("successful requests");
	tap_eq_str(dump(&root), "10ff-10ff : c\n1100-11ff : a\n1200-12ff : b\n",
		   "children sorted whatever the request order");
	tap_ok(a.parent == &root && a.sibling == &b && c.sibling == &a,
	       "parent and sibling links");

	printk_clear();
	tap_ok(request_resource_conflict(&root, &over) == &a,
	       "conflict returns the first overlapped child");
	expect_silent("request_resource_conflict");
	tap_ok(!over.parent, "failed request left over unlinked");

	printk_clear();
	tap_ok(request_resource(&root, &over) == -EBUSY, "overlap: -EBUSY");
	expect_one_line("resource conflict: 'over' 11ff-1200 overlaps 'a' "
			"1100-11ff\n",
			"overlap line names both sides");

	printk_clear();
	tap_ok(request_resource(&root, &in) == -EBUSY,
	       "request_resource does not descend into a child");
	printk_clear();
	tap_ok(request_resource(&root, &whole) == -EBUSY,
	       "range of the whole root conflicts with children");

	printk_clear();
	tap_ok(request_resource(&root, &back) == -EINVAL,
	       "end < start: -EINVAL");
	tap_ok(printk_lines == 1 && strstr(printk_buf, "bad resource 'back'"),
	       "end < start: one line naming it");
	tap_ok(request_resource_conflict(&root, &back) == &root,
	       "end < start: conflict is the root");

	printk_clear();
	tap_ok(request_resource(&root, &out) == -EINVAL,
	       "past the root's end: -EINVAL");
	expect_one_line("request_resource: 'out' 1f00-2000 is outside 'root' "
			"1000-1fff\n",
			"outside line names the root");
	printk_clear();
	tap_ok(request_resource(&root, &low) == -EINVAL,
	       "below the root's start: -EINVAL");
	tap_ok(request_resource_conflict(&root, &low) == &root,
	       "outside: conflict is the root");

	printk_clear();
	tap_ok(request_resource(NULL, &low) == -EINVAL, "NULL root: -EINVAL");
	tap_ok(request_resource(&root, NULL) == -EINVAL, "NULL new: -EINVAL");
	tap_ok(printk_lines == 2, "one line for each NULL");
	tap_ok(request_resource_conflict(NULL, &low) != NULL &&
		       request_resource_conflict(&root, NULL) == &root,
	       "request_resource_conflict with NULL never reports success");

	printk_clear();
	tap_ok(request_resource(&root, &a) == -EINVAL,
	       "a node already in a tree: -EINVAL");
	tap_ok(printk_lines == 1 && strstr(printk_buf, "already in a tree"),
	       "already in a tree: says so");
	tap_ok(request_resource(&root, &root) == -EINVAL,
	       "a root under itself: -EINVAL");
	{
		struct resource top = mk("top", 0x1000, 0x1fff);
		/* top is parentless; making it a child of its own
		 * descendant would be a cycle. */
		struct resource kid = mk("kid", 0x1000, 0x10ff);

		request_resource(&top, &kid);
		printk_clear();
		tap_ok(request_resource(&kid, &top) == -EINVAL,
		       "a node under its own descendant: -EINVAL (no cycle)");
		release_resource(&kid);
	}

	tap_ok(check_tree(&root) == 3, "tree intact after the failures");
	tap_eq_str(dump(&root), "10ff-10ff : c\n1100-11ff : a\n1200-12ff : b\n",
		   "dump unchanged by the failures");

	/* exact fit: a child as big as its parent; a one-unit child */
	{
		struct resource p = mk("p", 0x1000, 0x1fff);
		struct resource exact = mk("exact", 0x1000, 0x1fff);
		struct resource one = mk("one", 0x1fff, 0x1fff);

		tap_ok(request_resource(&p, &exact) == 0,
		       "exact fit of the whole parent");
		tap_ok(request_resource(&exact, &one) == 0,
		       "a one-unit child at the very end");
		tap_eq_str(dump(&p), "1000-1fff : exact\n  1fff-1fff : one\n",
			   "exact-fit tree");
	}
	/* a range ending at the top of the 64-bit space */
	{
		struct resource top = mk("top", U64MAX - 0xfff, U64MAX);
		struct resource zero = mk("zero", 0, 0);

		tap_ok(request_resource(&iomem_resource, &top) == 0 &&
			       request_resource(&iomem_resource, &zero) == 0,
		       "iomem: ranges at address 0 and ending at 2^64-1");
		tap_eq_str(dump(&iomem_resource),
			   "00000000-00000000 : zero\n"
			   "fffffffffffff000-ffffffffffffffff : top\n",
			   "iomem dump: 8 digits, wider numbers whole");
		release_resource(&top);
		release_resource(&zero);
	}
}

/* ---- deep nesting, walk, depth, lookup ---- */

static void
test_nesting_and_lookup(void)
{
	struct resource l[8];
	struct resource side = mk("side", 0x9000, 0x9fff);
	struct resource *r;
	char names[8][8];
	int i, n;

	for (i = 0; i < 8; i++) {
		snprintf(names[i], sizeof(names[i]), "l%d", i);
		l[i] = mk(names[i], 0x1000 + i * 0x10, 0x1fff - i * 0x10);
		tap_ok(request_resource(i ? &l[i - 1] : &ioport_resource,
					&l[i]) == 0,
		       "nest level %d", i);
	}
	tap_ok(request_resource(&ioport_resource, &side) == 0, "a sibling");
	tap_ok(check_tree(&ioport_resource) == 9, "9 nodes, invariants hold");

	n = 0;
	resource_for_each(r, &ioport_resource)
	{
		if (n < 8)
			tap_ok(r == &l[n] &&
				       resource_depth(&ioport_resource, r) == n,
			       "pre-order step %d is l%d at depth %d", n, n, n);
		else
			tap_ok(r == &side, "pre-order ends with the sibling");
		n++;
	}
	tap_ok(n == 9, "walk visits 9 nodes");
	tap_ok(resource_next(&ioport_resource, &side) == NULL,
	       "resource_next after the last is NULL");
	tap_ok(resource_next(NULL, &side) == NULL &&
		       resource_next(&ioport_resource, NULL) == NULL,
	       "resource_next with NULL is NULL");
	{
		struct resource empty = mk("empty", 0, 9);

		tap_ok(resource_next(&empty, &empty) == NULL,
		       "walk of an empty root yields nothing");
	}

	tap_eq_str(dump(&ioport_resource),
		   "1000-1fff : l0\n"
		   "  1010-1fef : l1\n"
		   "    1020-1fdf : l2\n"
		   "      1030-1fcf : l3\n"
		   "        1040-1fbf : l4\n"
		   "          1050-1faf : l5\n"
		   "          1060-1f9f : l6\n"
		   "          1070-1f8f : l7\n"
		   "9000-9fff : side\n",
		   "dump indents 2 per level, capped at level 5 like Linux");

	tap_ok(resource_lookup(&ioport_resource, 0x1500) == &l[7],
	       "lookup: the deepest holder");
	tap_ok(resource_lookup(&ioport_resource, 0x1000) == &l[0],
	       "lookup: first address of l0 is l0's only");
	tap_ok(resource_lookup(&ioport_resource, 0x1fff) == &l[0],
	       "lookup: last address of l0");
	tap_ok(resource_lookup(&ioport_resource, 0x1055) == &l[5],
	       "lookup: inside l5 before l6's start");
	tap_ok(resource_lookup(&ioport_resource, 0x1f90) == &l[6],
	       "lookup: inside l6 past l7's end");
	tap_ok(resource_lookup(&ioport_resource, 0x9abc) == &side,
	       "lookup: the sibling");
	tap_ok(resource_lookup(&ioport_resource, 0x2000) == &ioport_resource,
	       "lookup: unclaimed port gives the root");
	tap_ok(resource_lookup(&ioport_resource, 0x10000) == NULL,
	       "lookup: outside the root gives NULL");
	tap_ok(resource_lookup(NULL, 0) == NULL, "lookup: NULL root");
	tap_ok(resource_lookup(&iomem_resource, U64MAX) == &iomem_resource,
	       "lookup: 2^64-1 in iomem is the root");

	tap_ok(release_resource(&l[0]) == 0, "release the nest with subtree");
	tap_ok(l[1].parent == &l[0] && l[0].child == &l[1] && !l[0].parent,
	       "released subtree stays attached to l0");
	tap_eq_str(dump(&ioport_resource), "9000-9fff : side\n",
		   "only the sibling is left");
	tap_ok(request_resource(&ioport_resource, &l[0]) == 0,
	       "a released subtree can be requested again whole");
	tap_ok(check_tree(&ioport_resource) == 9, "and it is all back");
	tap_ok(release_resource(&l[0]) == 0 && release_resource(&side) == 0,
	       "clean up");
	tap_ok(release_resource(&side) == -EINVAL,
	       "release_resource of a node not in a tree: -EINVAL");
	tap_ok(release_resource(NULL) == -EINVAL &&
		       remove_resource(NULL) == -EINVAL,
	       "release/remove NULL: -EINVAL");
	tap_ok(!ioport_resource.child, "ioport tree empty again");
}

/* ---- remove_resource ---- */

static void
test_remove_resource(void)
{
	struct resource root = mk("root", 0, 0xffff);
	struct resource before = mk("before", 0x10, 0x1f);
	struct resource mid = mk("mid", 0x100, 0x1ff);
	struct resource after = mk("after", 0x400, 0x4ff);
	struct resource k1 = mk("k1", 0x100, 0x10f);
	struct resource k2 = mk("k2", 0x180, 0x1ff);
	struct resource g = mk("g", 0x180, 0x181);

	request_resource(&root, &after);
	request_resource(&root, &before);
	request_resource(&root, &mid);
	request_resource(&mid, &k2);
	request_resource(&mid, &k1);
	request_resource(&k2, &g);
	tap_ok(remove_resource(&mid) == 0, "remove a node with children");
	tap_eq_str(dump(&root),
		   "0010-001f : before\n0100-010f : k1\n0180-01ff : k2\n"
		   "  0180-0181 : g\n0400-04ff : after\n",
		   "children move up into its place, in order");
	tap_ok(k1.parent == &root && k2.parent == &root && g.parent == &k2 &&
		       !mid.parent && !mid.child,
	       "parents fixed, removed node bare");
	tap_ok(check_tree(&root) == 5, "invariants after remove");
	tap_ok(remove_resource(&mid) == -EINVAL, "remove twice: -EINVAL");
	tap_ok(remove_resource(&after) == 0 && remove_resource(&before) == 0,
	       "remove leaves (last, first)");
	tap_eq_str(dump(&root),
		   "0100-010f : k1\n0180-01ff : k2\n  0180-0181 : g\n",
		   "after removing leaves");
}

/* ---- insert_resource ---- */

static void
test_insert_resource(void)
{
	struct resource root = mk("root", 0, 0xffffffff);
	struct resource a = mk("a", 0x1000, 0x1fff);
	struct resource b = mk("b", 0x2000, 0x2fff);
	struct resource c = mk("c", 0x4000, 0x4fff);
	struct resource d = mk("d", 0x9000, 0x9fff);
	struct resource bus = mk("bus", 0x1000, 0x5fff);
	struct resource bad = mk("bad", 0x4800, 0x9800);
	struct resource dup = mk("dup", 0x2000, 0x2fff);
	struct resource deep = mk("deep", 0x2100, 0x21ff);
	struct resource gap = mk("gap", 0x7000, 0x7fff);
	struct resource kid = mk("kid", 0x7000, 0x70ff);
	struct resource carrier = mk("carrier", 0xa000, 0xafff);
	struct resource out = mk("out", 0xffffff00, 0x100000000ULL);
	const char *before;

	request_resource(&root, &c);
	request_resource(&root, &a);
	request_resource(&root, &d);
	request_resource(&root, &b);
	printk_clear();
	tap_ok(insert_resource(&root, &bus) == 0,
	       "insert a window over a, b, c");
	expect_silent("insert");
	tap_eq_str(dump(&root),
		   "00001000-00005fff : bus\n"
		   "  00001000-00001fff : a\n"
		   "  00002000-00002fff : b\n"
		   "  00004000-00004fff : c\n"
		   "00009000-00009fff : d\n",
		   "bus adopted the three it covers whole");
	tap_ok(a.parent == &bus && c.parent == &bus && !c.sibling &&
		       bus.sibling == &d && root.child == &bus,
	       "adoption fixed parents and ended the adopted list");
	tap_ok(check_tree(&root) == 5, "invariants after insert");

	before = strdup(dump(&root));
	printk_clear();
	tap_ok(insert_resource_conflict(&root, &bad) == &bus,
	       "partial overlap: insert_resource_conflict names the node");
	expect_silent("insert_resource_conflict");
	tap_ok(insert_resource(&root, &bad) == -EBUSY,
	       "insert across a partial overlap: -EBUSY");
	expect_one_line("resource conflict: 'bad' 00004800-00009800 partly "
			"overlaps 'bus' 00001000-00005fff\n",
			"partial overlap line");
	tap_eq_str(dump(&root), before, "tree unchanged by the failed insert");
	free((void *)before);

	tap_ok(insert_resource(&root, &dup) == 0,
	       "insert a range identical to b");
	tap_eq_str(dump(&root),
		   "00001000-00005fff : bus\n"
		   "  00001000-00001fff : a\n"
		   "  00002000-00002fff : dup\n"
		   "    00002000-00002fff : b\n"
		   "  00004000-00004fff : c\n"
		   "00009000-00009fff : d\n",
		   "identical range goes above and adopts b (as Linux)");
	tap_ok(insert_resource(&root, &deep) == 0,
	       "insert descends several levels");
	tap_ok(deep.parent == &b, "deep landed under b");
	tap_ok(insert_resource(&root, &gap) == 0 && gap.parent == &root &&
		       !gap.child,
	       "insert into a gap adopts nothing");
	request_resource(&gap, &kid);
	tap_ok(release_resource(&gap) == 0 && gap.child == &kid,
	       "released gap keeps kid");
	printk_clear();
	tap_ok(insert_resource(&root, &gap) == -EINVAL,
	       "insert of a node with children: -EINVAL");
	tap_ok(printk_lines == 1 && strstr(printk_buf, "already has children"),
	       "one line says why");
	printk_clear();
	tap_ok(insert_resource(&root, &out) == -EINVAL,
	       "insert past the root: -EINVAL");
	expect_one_line("insert_resource: 'out' ffffff00-100000000 is outside "
			"'root' 00000000-ffffffff\n",
			"outside line, wider number in full");
	printk_clear();
	tap_ok(insert_resource(NULL, &carrier) == -EINVAL &&
		       insert_resource(&root, NULL) == -EINVAL,
	       "insert with NULL: -EINVAL");
	tap_ok(check_tree(&root) == 7, "invariants after all inserts");

	/* covers one sibling whole and the first unit of the next */
	{
		struct resource r2 = mk("r2", 0, 0xffff);
		struct resource s1 = mk("s1", 0x1000, 0x1fff);
		struct resource s2 = mk("s2", 0x2000, 0x2fff);
		struct resource edge = mk("edge", 0x1000, 0x2000);

		request_resource(&r2, &s1);
		request_resource(&r2, &s2);
		printk_clear();
		tap_ok(insert_resource_conflict(&r2, &edge) == &s2,
		       "insert that clips the next sibling by one unit fails");
		tap_ok(!edge.parent && s1.parent == &r2 && check_tree(&r2) == 2,
		       "and changes nothing");
	}
}

/* ---- allocate_resource ---- */

static void
test_allocate_resource(void)
{
	struct resource root = mk("root", 0x1000, 0xffff);
	struct resource x = mk("x", 0x1000, 0x10ff);
	struct resource y = mk("y", 0x1400, 0x14ff);
	struct resource n1 = mk("n1", 0, 0), n2 = mk("n2", 0, 0);
	struct resource n3 = mk("n3", 0, 0), n4 = mk("n4", 0, 0);
	struct resource n5 = mk("n5", 0, 0);

	request_resource(&root, &x);
	request_resource(&root, &y);
	tap_ok(allocate_resource(&root, &n1, 0x100, 0, U64MAX, 0x100) == 0 &&
		       n1.start == 0x1100 && n1.end == 0x11ff,
	       "first fit: just after x");
	tap_ok(allocate_resource(&root, &n2, 0x200, 0, U64MAX, 0x200) == 0 &&
		       n2.start == 0x1200 && n2.end == 0x13ff,
	       "exact fit into the gap before y");
	tap_ok(allocate_resource(&root, &n3, 0x10, 0x1000, 0xffff, 0x1000) ==
			       0 &&
		       n3.start == 0x2000,
	       "alignment 0x1000 skips to 0x2000");
	tap_ok(allocate_resource(&root, &n4, 0x10, 0x5001, 0x5fff, 0x10) == 0 &&
		       n4.start == 0x5010,
	       "min is rounded up to the alignment");
	tap_ok(check_tree(&root) == 6 && n4.parent == &root,
	       "allocated nodes are children of root");
	tap_ok(allocate_resource(&root, &n5, 0x10, 0x1000, 0x14ff, 1) == -EBUSY,
	       "no room in [min, max]: -EBUSY");
	tap_ok(!n5.parent && n5.start == 0 && n5.end == 0,
	       "failed allocate leaves new untouched");
	tap_ok(allocate_resource(&root, &n5, 0x10, 0x20000, 0x30000, 1) ==
		       -EBUSY,
	       "[min, max] outside the root: -EBUSY");
	printk_clear();
	tap_ok(allocate_resource(&root, &n5, 0, 0, U64MAX, 1) == -EINVAL,
	       "size 0: -EINVAL");
	tap_ok(allocate_resource(&root, &n5, 1, 0, U64MAX, 3) == -EINVAL,
	       "align 3: -EINVAL");
	tap_ok(allocate_resource(&root, &n5, 1, 0, U64MAX, 0) == -EINVAL,
	       "align 0: -EINVAL");
	tap_ok(allocate_resource(&root, &n5, 1, 9, 8, 1) == -EINVAL,
	       "min > max: -EINVAL");
	tap_ok(allocate_resource(&root, &n1, 1, 0, U64MAX, 1) == -EINVAL,
	       "already in a tree: -EINVAL");
	tap_ok(allocate_resource(NULL, &n5, 1, 0, U64MAX, 1) == -EINVAL &&
		       allocate_resource(&root, NULL, 1, 0, U64MAX, 1) ==
			       -EINVAL,
	       "NULL: -EINVAL");
	tap_ok(printk_lines == 7, "one line per malformed allocate (%d)",
	       printk_lines);

	/* the top of a 64-bit root */
	{
		struct resource top = mk("top", U64MAX - 0xfff, U64MAX);
		struct resource t1 = mk("t1", 0, 0), t2 = mk("t2", 0, 0);
		struct resource t3 = mk("t3", 0, 0), t4 = mk("t4", 0, 0);
		struct resource all = mk("all", 0, 0);

		request_resource(&iomem_resource, &top);
		tap_ok(allocate_resource(&iomem_resource, &t1, 0x1000,
					 U64MAX - 0x3fff, U64MAX,
					 0x1000) == 0 &&
			       t1.start == U64MAX - 0x3fff &&
			       t1.end == U64MAX - 0x3000,
		       "allocate near 2^64");
		tap_ok(allocate_resource(&iomem_resource, &t2, 0x2001,
					 U64MAX - 0x2fff, U64MAX, 1) == -EBUSY,
		       "does not fit below top: -EBUSY, no wrap to 0");
		tap_ok(allocate_resource(&iomem_resource, &t2, 0x10,
					 U64MAX - 0x2fff, U64MAX,
					 0x8000000000000000ULL) == -EBUSY,
		       "alignment that would round past 2^64: -EBUSY");
		tap_ok(allocate_resource(&iomem_resource, &t2, 0x2000,
					 U64MAX - 0x2fff, U64MAX, 1) == 0 &&
			       t2.start == U64MAX - 0x2fff &&
			       t2.end == U64MAX - 0x1000,
		       "exact fit of the last gap below top");
		release_resource(&top);
		tap_ok(allocate_resource(&iomem_resource, &t3, 0x1000, 0,
					 U64MAX, 0x1000) == 0 &&
			       t3.start == 0,
		       "lowest gap first");
		tap_ok(allocate_resource(&iomem_resource, &t4, 0x1000,
					 U64MAX - 0xfff, U64MAX, 0x1000) == 0 &&
			       t4.end == U64MAX,
		       "a range that ends at 2^64-1");
		release_resource(&t1);
		release_resource(&t2);
		release_resource(&t3);
		release_resource(&t4);
		tap_ok(allocate_resource(&iomem_resource, &all, U64MAX, 0,
					 U64MAX, 1) == 0 &&
			       all.start == 0 && all.end == U64MAX - 1,
		       "size 2^64-1 fits an empty 64-bit root");
		release_resource(&all);
		tap_ok(allocate_resource(&iomem_resource, &all, U64MAX, 2,
					 U64MAX, 1) == -EBUSY,
		       "size 2^64-1 from min 2: -EBUSY");
		tap_ok(!iomem_resource.child, "iomem empty again");
	}
}

/* ---- request_region / release_region ---- */

static void
test_regions(void)
{
	struct resource ide = mk("0000:00:01.1", 0x170, 0x177);
	struct resource *r, *r2, *kbd;
	int free0 = resource_pool_free();

	tap_ok(free0 == RESOURCE_POOL_SIZE, "pool starts full (%d)", free0);
	request_resource(&ioport_resource, &ide);

	printk_clear();
	r = request_region(0x170, 8, "ata_piix");
	tap_ok(r && r->parent == &ide, "claim descends into a non-busy node");
	tap_ok(r && r->flags == (IORESOURCE_IO | IORESOURCE_BUSY),
	       "claim is IO|BUSY");
	expect_silent("request_region");
	tap_ok(resource_pool_free() == free0 - 1, "one pool node used");
	tap_eq_str(dump(&ioport_resource),
		   "0170-0177 : 0000:00:01.1\n  0170-0177 : ata_piix\n",
		   "the Linux shape for ata_piix");

	printk_clear();
	tap_ok(request_region(0x170, 1, "again") == NULL,
	       "claim inside a busy claim fails");
	expect_one_line("resource conflict: 'again' 0170-0170 overlaps "
			"'ata_piix' 0170-0177\n",
			"busy conflict line");
	printk_clear();
	tap_ok(request_region(0x16f, 2, "straddle") == NULL,
	       "claim straddling a container's start fails");
	expect_one_line("resource conflict: 'straddle' 016f-0170 overlaps "
			"'0000:00:01.1' 0170-0177\n",
			"straddle names the container");
	printk_clear();
	tap_ok(request_region(0x176, 4, "tail") == NULL,
	       "claim running past a container's end fails");
	expect_one_line("resource conflict: 'tail' 0176-0179 overlaps "
			"'0000:00:01.1' 0170-0177\n",
			"tail names the container");
	tap_ok(resource_pool_free() == free0 - 1, "failures return their node");

	kbd = request_region(0x60, 1, "keyboard");
	printk_clear();
	tap_ok(kbd && request_region(0x60, 1, "i8042") == NULL,
	       "second claim of port 0x60 fails");
	expect_one_line("resource conflict: 'i8042' 0060-0060 overlaps "
			"'keyboard' 0060-0060\n",
			"the issue's example line");
	tap_ok((r2 = request_region(0x61, 1, "adjacent")) != NULL,
	       "the port next to it is free");
	tap_ok(release_region(0x61, 1) == 0, "release it");

	printk_clear();
	tap_ok(request_region(0x60, 0, "zero") == NULL, "zero length fails");
	expect_one_line("request_region: 'zero' 0060 size 0 is not a range\n",
			"zero length line");
	printk_clear();
	tap_ok(__request_region(&iomem_resource, U64MAX, 2, "wrap", 0) == NULL,
	       "range wrapping past 2^64 fails");
	tap_ok(printk_lines == 1 && strstr(printk_buf, "'wrap'"),
	       "wrap: one line");
	printk_clear();
	tap_ok(request_region(0xfff0, 0x20, "big") == NULL,
	       "claim past port 0xffff fails");
	expect_one_line("request_region: 'big' fff0-1000f is outside 'PCI IO' "
			"0000-ffff\n",
			"outside line");
	printk_clear();
	tap_ok(__request_region(NULL, 0, 1, "null", 0) == NULL &&
		       printk_lines == 1,
	       "NULL parent: NULL and one line");
	tap_ok(resource_pool_free() == free0 - 2, "no node leaked by failures");

	r = request_mem_region(0xfebc0000, 0x20000, "e1000");
	tap_ok(r && r->flags == (IORESOURCE_MEM | IORESOURCE_BUSY),
	       "mem claim is MEM|BUSY");
	r2 = __request_region(&iomem_resource, 0xfd000000, 0x1000000, "fb",
			      IORESOURCE_PREFETCH);
	tap_ok(r2 && r2->flags == (IORESOURCE_MEM | IORESOURCE_BUSY |
				   IORESOURCE_PREFETCH),
	       "extra flags are kept");
	tap_eq_str(dump(&iomem_resource),
		   "fd000000-fdffffff : fb\nfebc0000-febdffff : e1000\n",
		   "iomem claims");

	printk_clear();
	tap_ok(release_mem_region(0xfebc0000, 0x1000) == -ENOENT,
	       "release of part of a claim: -ENOENT");
	expect_one_line("release_region: trying to free nonexistent region "
			"febc0000-febc0fff in 'PCI mem'\n",
			"warning names the range");
	printk_clear();
	tap_ok(release_region(0x3f8, 8) == -ENOENT,
	       "release of what was never requested: -ENOENT");
	expect_one_line("release_region: trying to free nonexistent region "
			"03f8-03ff in 'PCI IO'\n",
			"warning, 4 digits for ports");
	printk_clear();
	tap_ok(release_region(0x170, 8) == 0,
	       "release finds the claim inside the container");
	expect_silent("release_region");
	tap_ok(ide.child == NULL && ide.parent == &ioport_resource,
	       "the container stays");
	printk_clear();
	tap_ok(release_region(0x170, 8) == -ENOENT, "releasing twice: -ENOENT");
	tap_ok(release_region(0x170, 0) == -EINVAL, "release size 0: -EINVAL");
	tap_ok(release_mem_region(0xfebc0000, 0x20000) == 0 &&
		       release_mem_region(0xfd000000, 0x1000000) == 0,
	       "release the mem claims");

	/* a busy claim with a child: the child moves up on release */
	{
		struct resource sub = mk("sub", 0x64, 0x64);
		struct resource *k = request_region(0x64, 4, "ctl");

		request_resource(k, &sub);
		tap_ok(release_region(0x64, 4) == 0 &&
			       sub.parent == &ioport_resource,
		       "release of a claim with a child lifts the child");
		release_resource(&sub);
	}
	/* a static busy node released by release_region is not pooled */
	{
		struct resource st = mk("static", 0x80, 0x8f);

		st.flags = IORESOURCE_IO | IORESOURCE_BUSY;
		request_resource(&ioport_resource, &st);
		tap_ok(release_region(0x80, 16) == 0 && !st.parent,
		       "release_region detaches a caller-owned busy node");
	}
	tap_ok(release_region(0x60, 1) == 0, "release keyboard");
	release_resource(&ide);
	tap_ok(!ioport_resource.child && !iomem_resource.child, "trees empty");
	tap_ok(resource_pool_free() == free0, "pool full again (%d)",
	       resource_pool_free());
}

static void
test_pool_exhaustion(void)
{
	static char names[RESOURCE_POOL_SIZE][12];
	int i, ok = 1;
	char want[200];

	for (i = 0; i < RESOURCE_POOL_SIZE; i++) {
		snprintf(names[i], sizeof(names[i]), "r%d", i);
		if (!request_region(0x1000 + i, 1, names[i]))
			ok = 0;
	}
	tap_ok(ok, "%d claims fill the pool", RESOURCE_POOL_SIZE);
	tap_ok(resource_pool_free() == 0, "pool empty");
	printk_clear();
	tap_ok(request_region(0x8000, 1, "one-too-many") == NULL,
	       "the next claim fails");
	snprintf(want, sizeof(want),
		 "request_region: pool of %d nodes exhausted, cannot claim "
		 "'one-too-many' 8000-8000 (raise RESOURCE_POOL_SIZE)\n",
		 RESOURCE_POOL_SIZE);
	expect_one_line(want, "exhaustion line");
	tap_ok(release_region(0x1000 + 7, 1) == 0 &&
		       request_region(0x8000, 1, "one-too-many") != NULL,
	       "a release makes room");
	ok = release_region(0x8000, 1) == 0;
	for (i = 0; i < RESOURCE_POOL_SIZE; i++)
		if (i != 7 && release_region(0x1000 + i, 1))
			ok = 0;
	tap_ok(ok && resource_pool_free() == RESOURCE_POOL_SIZE,
	       "all released, pool full");
}

/* ---- the dump format against the Linux reference lines ---- */

static void
test_dump_format(void)
{
	struct resource bus = mk("PCI Bus 0000:00", 0, 0xcf7);
	struct resource ram = mk("System RAM", 0x100000, 0x7fdffff);
	struct resource code = mk("Kernel code", 0x1000000, 0x191bc7f);
	struct resource hi = mk("high", 0x100000000ULL, 0x17fffffffULL);
	struct resource noname = mk(NULL, 0xd00, 0xd01);
	char line[64];
	int n;

	request_resource(&ioport_resource, &bus);
	request_region(0x0, 0x20, "dma1");
	request_region(0x3f8, 8, "serial");
	request_resource(&ioport_resource, &noname);
	tap_eq_str(dump(&ioport_resource),
		   "0000-0cf7 : PCI Bus 0000:00\n"
		   "  0000-001f : dma1\n"
		   "  03f8-03ff : serial\n"
		   "0d00-0d01 : <BAD>\n",
		   "ioports: /proc/ioports lines, <BAD> for a NULL name");
	request_resource(&iomem_resource, &ram);
	request_resource(&ram, &code);
	request_resource(&iomem_resource, &hi);
	tap_eq_str(dump(&iomem_resource),
		   "00100000-07fdffff : System RAM\n"
		   "  01000000-0191bc7f : Kernel code\n"
		   "100000000-17fffffff : high\n",
		   "iomem: 8 digits, wider numbers whole");
	n = resource_format_line(line, 10, &iomem_resource, &code);
	tap_ok(n == (int)strlen("  01000000-0191bc7f : Kernel code") &&
		       strlen(line) == 9,
	       "format_line returns the full length and truncates safely");
	tap_ok(resource_dump(NULL, put_line, NULL) == 0, "dump NULL root: 0");

	release_region(0x0, 0x20);
	release_region(0x3f8, 8);
	release_resource(&noname);
	release_resource(&bus);
	release_resource(&ram);
	release_resource(&hi);
	tap_ok(!ioport_resource.child && !iomem_resource.child, "trees empty");
}

/* ---- resource_mark_exclusive ---- */

/* A driver marks the firmware's node for registers it programs; the
 * outermost node of exactly that span is the one marked (firmware nests
 * PNP0103:00 inside "HPET 0" with the same span), and resource_driver_claim
 * then names it, as it names a request_region claim. */
static void
test_mark_exclusive(void)
{
	struct resource root = mk("root", 0, 0xffffffff);
	struct resource hpet = mk("HPET 0", 0xfed00000, 0xfed003ff);
	struct resource pnp = mk("PNP0103:00", 0xfed00000, 0xfed003ff);
	struct resource other = mk("reserved", 0xfee00000, 0xfee00fff);

	request_resource(&root, &hpet);
	request_resource(&hpet, &pnp);
	request_resource(&root, &other);
	tap_ok(resource_driver_claim(&root, 0xfed00000, 0xfed00003) == NULL,
	       "a firmware node is not a driver's claim before it is marked");
	tap_ok(resource_mark_exclusive(&root, 0xfed00000, 0xfed003ff) == &hpet,
	       "mark_exclusive picks the outermost node of exactly that span");
	tap_ok((hpet.flags & IORESOURCE_EXCLUSIVE) &&
		       !(pnp.flags & IORESOURCE_EXCLUSIVE),
	       "only that node is marked");
	tap_ok(resource_driver_claim(&root, 0xfed000f0, 0xfed000f3) == &hpet,
	       "a write into it is now a write into the kernel's registers");
	tap_ok(resource_mark_exclusive(&root, 0xfed00000, 0xfed001ff) == NULL &&
		       resource_mark_exclusive(&root, 0xfef00000, 0xfef003ff) ==
			       NULL,
	       "no node of exactly that span: nothing is marked");
	tap_ok(resource_driver_claim(&root, 0xfee00000, 0xfee00003) == NULL,
	       "a neighbour stays unmarked");
	release_resource(&pnp);
	release_resource(&hpet);
	release_resource(&other);
}

int
main(void)
{
	test_roots();
	test_request_resource();
	test_nesting_and_lookup();
	test_remove_resource();
	test_insert_resource();
	test_mark_exclusive();
	test_allocate_resource();
	test_regions();
	test_pool_exhaustion();
	test_dump_format();
	return tap_done();
}
