/* tests/host/test_resource_fuzz.c - randomized differential test of the
 * resource tree.
 *
 * Runs random operations (request, insert, allocate, release, remove,
 * request_region, release_region, lookup, dump) on kernel/resource.c and on
 * a deliberately dumb reference model: a flat list of intervals, each with
 * the index of its parent. The model decides every outcome by scanning the
 * list (which children overlap, which is lowest, which gap is first) rather
 * than by walking linked lists, so the two are written differently. After
 * every operation the real trees must satisfy the invariants (children
 * sorted, disjoint, inside the parent, parent pointers right) and equal the
 * model node for node.
 *
 * Usage: test_resource_fuzz [SEED [OPS]]   (default: time-based seed, 100000
 * ops). The seed is printed first, so a failure replays exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tests/host/tap.h"
#include "tests/host/printk_capture.h"
#include "kernel/resource.h"
#include "lib/errno.h"

#define U64MAX (~(resource_size_t)0)
#define NOWN 96				       /* caller-owned nodes */
#define NMODEL (2 + NOWN + RESOURCE_POOL_SIZE) /* roots, own, pool nodes */

/* ---- random numbers: splitmix64 ---- */

static u64 rng_state;

static u64
rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64
below(u64 n)
{
	return n ? rnd() % n : 0;
}

/* ---- the model: a flat list of intervals ---- */

struct mnode {
	bool used; /* slot holds a node */
	bool pool; /* made by request_region */
	bool busy;
	int parent; /* model index, -1 if none */
	resource_size_t start, end;
	struct resource *res; /* the real node it mirrors */
	char name[16];
};

static struct mnode m[NMODEL];
static struct resource own[NOWN];
static int pool_in_use;
static u64 exhausted; /* request_region calls that found the pool empty */

enum { IOROOT = 0, MEMROOT = 1, OWN0 = 2, POOL0 = 2 + NOWN };

static bool
is_root(int i)
{
	return i == IOROOT || i == MEMROOT;
}

/* Is node @i attached, through its parents, to one of the two roots? */
static bool
in_tree(int i)
{
	int hops = 0;

	while (!is_root(i)) {
		i = m[i].parent;
		if (i < 0 || ++hops > NMODEL)
			return false;
	}
	return true;
}

static bool
overlaps(resource_size_t s1, resource_size_t e1, resource_size_t s2,
	 resource_size_t e2)
{
	return s1 <= e2 && s2 <= e1;
}

/* The lowest-starting child of @p that overlaps [s, e], or -1. */
static int
first_overlap(int p, resource_size_t s, resource_size_t e)
{
	int best = -1;

	for (int i = 0; i < NMODEL; i++)
		if (m[i].used && m[i].parent == p &&
		    overlaps(m[i].start, m[i].end, s, e) &&
		    (best < 0 || m[i].start < m[best].start))
			best = i;
	return best;
}

static bool
has_pool_descendant(int x)
{
	for (int i = POOL0; i < NMODEL; i++) {
		if (!m[i].used)
			continue;
		for (int a = m[i].parent, hops = 0; a >= 0 && hops < NMODEL;
		     a = m[a].parent, hops++)
			if (a == x)
				return true;
	}
	return false;
}

/* ---- checking ---- */

static u64 seed, op_no;
static char op_desc[256];

static void __attribute__((noreturn)) fail(const char *why)
{
	printf("not ok 1 - random ops match the model\n");
	printf("# FAILED at op %llu (%s): %s\n", (unsigned long long)op_no,
	       op_desc, why);
	printf("# replay: test_resource_fuzz %llu %llu\n",
	       (unsigned long long)seed, (unsigned long long)op_no + 1);
	printf("# last printk: %s", printk_buf);
	exit(1);
}

/* Invariants of the real subtree under @r; returns its node count. */
static int
check_real(struct resource *r, int depth)
{
	struct resource *c, *prev = NULL;
	int n = 0;

	if (depth > NMODEL)
		fail("tree deeper than the number of nodes (a cycle?)");
	for (c = r->child; c; prev = c, c = c->sibling) {
		if (c->parent != r)
			fail("child's parent pointer is wrong");
		if (c->end < c->start)
			fail("node with end < start in the tree");
		if (c->start < r->start || c->end > r->end)
			fail("child outside its parent");
		if (prev && prev->end >= c->start)
			fail("siblings unsorted or overlapping");
		n += 1 + check_real(c, depth + 1);
	}
	return n;
}

static void
check_all(void)
{
	int n_real, n_model = 0;

	n_real = check_real(&ioport_resource, 0) +
		 check_real(&iomem_resource, 0);
	for (int i = OWN0; i < NMODEL; i++) {
		struct resource *r = m[i].res;

		if (!m[i].used || !in_tree(i))
			continue;
		n_model++;
		if (r->start != m[i].start || r->end != m[i].end)
			fail("a node's range differs from the model");
		if (r->parent != m[m[i].parent].res)
			fail("a node's parent differs from the model");
		if (m[i].pool && !!(r->flags & IORESOURCE_BUSY) != m[i].busy)
			fail("busy flag differs from the model");
	}
	if (n_real != n_model)
		fail("node count differs from the model");
	if (RESOURCE_POOL_SIZE - resource_pool_free() != pool_in_use)
		fail("pool use differs from the model");
}

/* Model dump: pre-order with children sorted by start, Linux's format. */
static void
model_dump(int p, int depth, int width, char *out, size_t *len, size_t cap)
{
	resource_size_t after = 0;
	bool first = true;

	for (;;) {
		int best = -1;

		for (int i = 0; i < NMODEL; i++)
			if (m[i].used && m[i].parent == p &&
			    (first || m[i].start > after) &&
			    (best < 0 || m[i].start < m[best].start))
				best = i;
		if (best < 0)
			return;
		*len += (size_t)snprintf(
			out + *len, cap - *len, "%*s%0*llx-%0*llx : %s\n",
			(depth < 5 ? depth : 5) * 2, "", width,
			(unsigned long long)m[best].start, width,
			(unsigned long long)m[best].end, m[best].name);
		model_dump(best, depth + 1, width, out, len, cap);
		first = false;
		after = m[best].start;
	}
}

struct sbuf {
	char *s;
	size_t n, cap;
};

static void
put_line(const char *line, void *arg)
{
	struct sbuf *b = arg;

	b->n += (size_t)snprintf(b->s + b->n, b->cap - b->n, "%s\n", line);
}

static void
check_dumps(void)
{
	static char want[NMODEL * 80], got[NMODEL * 80];
	int roots[2] = {IOROOT, MEMROOT};

	for (int k = 0; k < 2; k++) {
		size_t n = 0;
		struct sbuf b = {got, 0, sizeof(got)};

		want[0] = got[0] = '\0';
		model_dump(roots[k], 0, k ? 8 : 4, want, &n, sizeof(want));
		resource_dump(m[roots[k]].res, put_line, &b);
		if (strcmp(want, got)) {
			printf("# want:\n%s# got:\n%s", want, got);
			fail("dump differs from the model's");
		}
	}
}

/* ---- generators ---- */

static int
pick_tree(void)
{
	return below(2) ? MEMROOT : IOROOT;
}

/* An address in @tree's space, biased to collide: small numbers, the top,
 * the edges of existing nodes, and sometimes past the root's end. */
static resource_size_t
gen_addr(int tree)
{
	u64 r = below(100);

	if (r < 10) {
		int i = (int)below(NMODEL);

		if (m[i].used && !is_root(i)) {
			resource_size_t v = below(2) ? m[i].start : m[i].end;

			return v + below(3) - 1;
		}
	}
	if (tree == IOROOT) {
		if (r < 75)
			return below(0x200);
		if (r < 90)
			return 0xfff0 + below(0x20);
		return below(0x20000);
	}
	if (r < 60)
		return below(0x200);
	if (r < 85)
		return U64MAX - below(0x200);
	return rnd();
}

static resource_size_t
gen_len(void)
{
	u64 r = below(100);

	if (r < 3)
		return 0;
	if (r < 80)
		return 1 + below(16);
	if (r < 95)
		return 1 + below(0x100);
	return rnd();
}

/* A start address for a range to go under @p: mostly inside @p (so the
 * outcome turns on its children), sometimes anywhere in the tree. */
static resource_size_t
gen_start_in(int p, int tree)
{
	resource_size_t span = m[p].end - m[p].start;

	if (is_root(p) || below(5) == 0)
		return gen_addr(tree);
	return m[p].start + below(MIN(span, (resource_size_t)0x400) + 1);
}

/* Any node in the tree or a root, for use as a parent. */
static int
pick_in_tree(int tree_bias)
{
	for (int tries = 0; tries < 8; tries++) {
		int i = (int)below(NMODEL);

		if (m[i].used && !is_root(i) && in_tree(i))
			return i;
	}
	return tree_bias;
}

/* Does @i's parent chain pass through @x? */
static bool
below_node(int i, int x)
{
	for (int a = m[i].parent, hops = 0; a >= 0 && hops < NMODEL;
	     a = m[a].parent, hops++)
		if (a == x)
			return true;
	return false;
}

/* A caller-owned node not in any tree, made bare for reuse: the subtree it
 * may carry from release_resource (own nodes only) is taken apart first. */
static int
pick_bare_own(void)
{
	int x = OWN0 + (int)below(NOWN);

	for (int k = 0; k < NOWN && m[x].parent >= 0; k++)
		x = OWN0 + (x - OWN0 + 1) % NOWN;
	if (m[x].parent >= 0)
		return -1;
	bool gone[NMODEL] = {false};

	for (int i = OWN0; i < POOL0; i++)
		gone[i] = i == x || below_node(i, x);
	for (int i = OWN0; i < POOL0; i++)
		if (gone[i]) {
			m[i].parent = -1;
			own[i - OWN0].parent = NULL;
			own[i - OWN0].child = NULL;
			own[i - OWN0].sibling = NULL;
		}
	return x;
}

/* ---- operations ---- */

static u64 stats[16][2]; /* per op: successes, failures */

static void
count(int op, bool ok)
{
	stats[op][ok ? 0 : 1]++;
}

static void
expect_lines(int want)
{
	if (printk_lines != want) {
		char why[96];

		snprintf(why, sizeof(why), "printed %d lines, expected %d",
			 printk_lines, want);
		fail(why);
	}
}

static void
op_request(bool conflict_api)
{
	int p = pick_in_tree(pick_tree()), x = pick_bare_own();
	int tree = p;
	resource_size_t s, e;
	struct resource *res, *want_conflict = NULL;
	int want_rc = 0, rc;

	if (x < 0)
		return;
	while (!is_root(tree))
		tree = m[tree].parent;
	s = gen_start_in(p, tree);
	e = below(20) ? s + gen_len() - 1 : s - 1 - below(2);
	res = &own[x - OWN0];
	res->start = s;
	res->end = e;
	snprintf(op_desc, sizeof(op_desc),
		 "request%s parent %d [%llx-%llx] node %d",
		 conflict_api ? "_conflict" : "", p, (unsigned long long)s,
		 (unsigned long long)e, x);

	if (e < s || s < m[p].start || e > m[p].end) {
		want_rc = -EINVAL;
		want_conflict = m[p].res;
	} else {
		int c = first_overlap(p, s, e);

		if (c >= 0) {
			want_rc = -EBUSY;
			want_conflict = m[c].res;
		}
	}
	printk_clear();
	if (conflict_api) {
		struct resource *got = request_resource_conflict(m[p].res, res);

		if (got != want_conflict)
			fail("request_resource_conflict result differs");
		expect_lines(0);
		rc = got ? -1 : 0;
	} else {
		rc = request_resource(m[p].res, res);
		if (rc != want_rc)
			fail("request_resource return differs");
		expect_lines(rc ? 1 : 0);
	}
	count(conflict_api ? 1 : 0, !rc);
	m[x].start = s;
	m[x].end = e;
	if (!rc)
		m[x].parent = p;
}

/* Request a node that is already in a tree, or re-request a released
 * subtree whole. */
static void
op_rerequest(void)
{
	int x = OWN0 + (int)below(NOWN), p = pick_in_tree(pick_tree());
	int rc, want = 0;

	/* prefer a released node that still carries its subtree */
	for (int k = 0; k < NOWN; k++) {
		int i = OWN0 + (x - OWN0 + k) % NOWN;

		if (m[i].parent < 0 && own[i - OWN0].child) {
			x = i;
			break;
		}
	}
	if (m[x].parent >= 0 && in_tree(x)) {
		want = -EINVAL; /* already in a tree */
	} else if (m[x].parent < 0 && own[x - OWN0].child) {
		if (m[x].start < m[p].start || m[x].end > m[p].end)
			want = -EINVAL;
		else if (first_overlap(p, m[x].start, m[x].end) >= 0)
			want = -EBUSY;
		/* p cannot be inside x's detached subtree: p is in a tree */
	} else {
		return;
	}
	snprintf(op_desc, sizeof(op_desc), "re-request node %d under %d", x, p);
	printk_clear();
	rc = request_resource(m[p].res, &own[x - OWN0]);
	if (rc != want)
		fail("re-request return differs");
	expect_lines(rc ? 1 : 0);
	count(2, !rc);
	if (!rc)
		m[x].parent = p;
}

static void
op_insert(void)
{
	int p = pick_in_tree(pick_tree()), x = pick_bare_own(), tree = p;
	int cur, want_conflict = -1, rc;
	bool bad;
	resource_size_t s, e;

	if (x < 0)
		return;
	while (!is_root(tree))
		tree = m[tree].parent;
	s = gen_start_in(p, tree);
	e = below(30) ? s + gen_len() - 1 : s - 1;
	if (below(4) == 0 && !is_root(p)) { /* a window over p's children */
		s = m[p].start + below(4);
		e = m[p].end - below(4);
	}
	own[x - OWN0].start = s;
	own[x - OWN0].end = e;
	snprintf(op_desc, sizeof(op_desc),
		 "insert under %d [%llx-%llx] node %d", p,
		 (unsigned long long)s, (unsigned long long)e, x);

	bad = e < s || s < m[p].start || e > m[p].end;
	cur = p;
	while (!bad) {
		int f = first_overlap(cur, s, e);

		if (f < 0)
			break;
		if (m[f].start <= s && m[f].end >= e &&
		    !(m[f].start == s && m[f].end == e)) {
			cur = f;
			continue;
		}
		/* lowest overlapping child not covered whole */
		for (int i = 0; i < NMODEL; i++)
			if (m[i].used && m[i].parent == cur &&
			    overlaps(m[i].start, m[i].end, s, e) &&
			    (m[i].start < s || m[i].end > e) &&
			    (want_conflict < 0 ||
			     m[i].start < m[want_conflict].start))
				want_conflict = i;
		break;
	}
	printk_clear();
	if (below(2)) {
		struct resource *got =
			insert_resource_conflict(m[p].res, &own[x - OWN0]);
		struct resource *want = bad ? m[p].res
					: want_conflict >= 0
						? m[want_conflict].res
						: NULL;

		if (got != want)
			fail("insert_resource_conflict result differs");
		expect_lines(0);
		rc = got ? -1 : 0;
	} else {
		int want = bad ? -EINVAL : want_conflict >= 0 ? -EBUSY : 0;

		rc = insert_resource(m[p].res, &own[x - OWN0]);
		if (rc != want)
			fail("insert_resource return differs");
		expect_lines(rc ? 1 : 0);
	}
	count(3, !rc);
	m[x].start = s;
	m[x].end = e;
	if (rc)
		return;
	for (int i = 0; i < NMODEL; i++)
		if (m[i].used && m[i].parent == cur &&
		    overlaps(m[i].start, m[i].end, s, e))
			m[i].parent = x;
	m[x].parent = cur;
}

static bool
model_align(resource_size_t v, resource_size_t align, resource_size_t *out)
{
	resource_size_t a = (v + align - 1) & ~(align - 1);

	*out = a;
	return a >= v;
}

static void
op_allocate(void)
{
	int p = pick_in_tree(pick_tree()), x = pick_bare_own(), tree = p;
	resource_size_t size = gen_len(), min, max, align, best = 0, base;
	bool found = false;
	int rc, want;

	if (x < 0)
		return;
	while (!is_root(tree))
		tree = m[tree].parent;
	min = gen_start_in(p, tree);
	max = below(2) ? m[p].end : gen_start_in(p, tree) + below(0x100);
	if (below(10) && min > max) {
		resource_size_t t = min;
		min = max;
		max = t;
	}
	if (below(4) == 0)
		max = U64MAX;
	align = below(20) ? (resource_size_t)1
				    << (below(3) ? below(5) : below(13))
		: below(2) ? below(8)
			   : (resource_size_t)1 << 63;
	snprintf(op_desc, sizeof(op_desc),
		 "allocate in %d size %llx range %llx-%llx align %llx node %d",
		 p, (unsigned long long)size, (unsigned long long)min,
		 (unsigned long long)max, (unsigned long long)align, x);

	if (!size || min > max || !align || (align & (align - 1))) {
		want = -EINVAL;
	} else {
		/* the answer starts at the aligned clip start or just after
		 * some child: try every candidate, keep the lowest that fits */
		base = MAX(min, m[p].start);
		for (int i = -1; i < NMODEL; i++) {
			resource_size_t c, a, end;
			bool clash = false;

			if (i < 0) {
				c = base;
			} else {
				if (!m[i].used || m[i].parent != p ||
				    m[i].end == U64MAX)
					continue;
				c = MAX(m[i].end + 1, base);
			}
			if (!model_align(c, align, &a))
				continue;
			end = a + size - 1;
			if (end < a || end > MIN(max, m[p].end))
				continue;
			for (int j = 0; j < NMODEL && !clash; j++)
				clash = m[j].used && m[j].parent == p &&
					overlaps(m[j].start, m[j].end, a, end);
			if (!clash && (!found || a < best)) {
				best = a;
				found = true;
			}
		}
		want = found ? 0 : -EBUSY;
	}
	printk_clear();
	rc = allocate_resource(m[p].res, &own[x - OWN0], size, min, max, align);
	if (rc != want)
		fail("allocate_resource return differs");
	expect_lines(rc == -EINVAL ? 1 : 0);
	count(4, !rc);
	if (rc)
		return;
	if (own[x - OWN0].start != best)
		fail("allocate_resource chose a different start");
	m[x].start = best;
	m[x].end = best + size - 1;
	m[x].parent = p;
}

/* release_resource or remove_resource of an own node (release_resource is
 * only used when no pool node hangs below: it would leak with the subtree,
 * as it does in Linux). */
static void
op_release(bool remove)
{
	int x = OWN0 + (int)below(NOWN), p = m[x].parent, rc;
	bool attached = p >= 0;

	if (!remove && has_pool_descendant(x))
		return;
	snprintf(op_desc, sizeof(op_desc), "%s node %d",
		 remove ? "remove" : "release", x);
	printk_clear();
	rc = remove ? remove_resource(&own[x - OWN0])
		    : release_resource(&own[x - OWN0]);
	if (rc != (attached ? 0 : -EINVAL))
		fail("release/remove return differs");
	expect_lines(0);
	count(remove ? 6 : 5, !rc);
	if (rc)
		return;
	if (remove)
		for (int i = 0; i < NMODEL; i++)
			if (m[i].used && m[i].parent == x)
				m[i].parent = p;
	m[x].parent = -1;
}

static void
op_request_region(void)
{
	int tree = pick_tree(), cur = tree, slot = -1;
	resource_size_t s = gen_addr(tree), n = gen_len(), e = s + n - 1;
	bool ok = true;
	struct resource *got;

	if (below(3) == 0) { /* claim an existing container's exact range */
		int i = pick_in_tree(tree);

		if (!m[i].busy && !is_root(i)) {
			s = m[i].start;
			n = m[i].end - m[i].start + 1;
			e = m[i].end;
			tree = i;
			while (!is_root(tree))
				tree = m[tree].parent;
			cur = tree;
		}
	}
	snprintf(op_desc, sizeof(op_desc), "request_region %s %llx size %llx",
		 tree == IOROOT ? "io" : "mem", (unsigned long long)s,
		 (unsigned long long)n);
	if (!n || e < s)
		ok = false;
	else if (pool_in_use == RESOURCE_POOL_SIZE)
		ok = false, exhausted++;
	while (ok) {
		int c;

		if (s < m[cur].start || e > m[cur].end) {
			ok = false;
			break;
		}
		c = first_overlap(cur, s, e);
		if (c < 0)
			break;
		if (m[c].busy) {
			ok = false;
			break;
		}
		cur = c;
	}
	for (int i = POOL0; i < NMODEL && slot < 0; i++)
		if (!m[i].used)
			slot = i;
	printk_clear();
	got = __request_region(m[tree].res, s, n, "r",
			       below(2) ? 0 : IORESOURCE_PREFETCH);
	if (!!got != ok)
		fail("request_region outcome differs");
	expect_lines(ok ? 0 : 1);
	count(7, ok);
	if (!ok)
		return;
	if ((got->flags & IORESOURCE_TYPE_BITS) !=
	    (tree == IOROOT ? IORESOURCE_IO : IORESOURCE_MEM))
		fail("request_region node has the wrong type");
	m[slot] = (struct mnode){.used = true,
				 .pool = true,
				 .busy = true,
				 .parent = cur,
				 .start = s,
				 .end = e,
				 .res = got};
	snprintf(m[slot].name, sizeof(m[slot].name), "r");
	pool_in_use++;
}

static void
op_release_region(void)
{
	int tree = pick_tree(), cur = tree, found = -1;
	resource_size_t s = gen_addr(tree), n = gen_len(), e;
	int rc, want;

	if (below(4)) { /* aim at an existing busy region, or near it */
		int i = POOL0 + (int)below(RESOURCE_POOL_SIZE);

		if (m[i].used) {
			tree = i;
			while (!is_root(tree))
				tree = m[tree].parent;
			cur = tree;
			s = m[i].start + (below(4) == 0);
			n = m[i].end - m[i].start + 1 - (below(4) == 0);
		}
	}
	e = s + n - 1;
	snprintf(op_desc, sizeof(op_desc), "release_region %s %llx size %llx",
		 tree == IOROOT ? "io" : "mem", (unsigned long long)s,
		 (unsigned long long)n);
	if (!n || e < s) {
		want = -EINVAL;
	} else {
		want = -ENOENT;
		for (;;) {
			int c = -1;

			for (int i = 0; i < NMODEL; i++)
				if (m[i].used && m[i].parent == cur &&
				    m[i].start <= s && m[i].end >= e)
					c = i;
			if (c < 0)
				break;
			if (!m[c].busy) {
				cur = c;
				continue;
			}
			if (m[c].start == s && m[c].end == e) {
				found = c;
				want = 0;
			}
			break;
		}
	}
	printk_clear();
	rc = __release_region(m[tree].res, s, n);
	if (rc != want)
		fail("release_region return differs");
	expect_lines(rc ? 1 : 0);
	count(8, !rc);
	if (rc)
		return;
	for (int i = 0; i < NMODEL; i++)
		if (m[i].used && m[i].parent == found)
			m[i].parent = m[found].parent;
	if (m[found].pool) {
		m[found].used = false;
		pool_in_use--;
	} else {
		m[found].parent = -1;
	}
}

static void
op_lookup(void)
{
	int tree = pick_tree(), cur = tree;
	resource_size_t a = gen_addr(tree);
	struct resource *got;

	snprintf(op_desc, sizeof(op_desc), "lookup %s %llx",
		 tree == IOROOT ? "io" : "mem", (unsigned long long)a);
	got = resource_lookup(m[tree].res, a);
	if (a > m[tree].end) {
		if (got)
			fail("lookup outside the root is not NULL");
		return;
	}
	for (bool deeper = true; deeper;) {
		deeper = false;
		for (int i = 0; i < NMODEL; i++)
			if (m[i].used && m[i].parent == cur &&
			    m[i].start <= a && a <= m[i].end) {
				cur = i;
				deeper = true;
				break;
			}
	}
	if (got != m[cur].res)
		fail("lookup result differs");
	count(9, true);
}

static const char *const op_names[] = {
	"request_resource",  "request_resource_conflict",
	"re-request",	     "insert_resource",
	"allocate_resource", "release_resource",
	"remove_resource",   "request_region",
	"release_region",    "resource_lookup",
};

int
main(int argc, char **argv)
{
	u64 ops = 100000;

	seed = argc > 1 ? strtoull(argv[1], NULL, 0)
			: (u64)time(NULL) ^ ((u64)clock() << 32);
	if (argc > 2)
		ops = strtoull(argv[2], NULL, 0);
	rng_state = seed;
	printf("# seed %llu ops %llu (replay: %s %llu %llu)\n",
	       (unsigned long long)seed, (unsigned long long)ops, argv[0],
	       (unsigned long long)seed, (unsigned long long)ops);
	fflush(stdout);

	m[IOROOT] = (struct mnode){.used = true,
				   .parent = -1,
				   .start = ioport_resource.start,
				   .end = ioport_resource.end,
				   .res = &ioport_resource};
	m[MEMROOT] = (struct mnode){.used = true,
				    .parent = -1,
				    .start = iomem_resource.start,
				    .end = iomem_resource.end,
				    .res = &iomem_resource};
	for (int i = 0; i < NOWN; i++) {
		struct mnode *n = &m[OWN0 + i];

		*n = (struct mnode){.used = true, .parent = -1, .res = &own[i]};
		snprintf(n->name, sizeof(n->name), "own%d", i);
		own[i].name = n->name;
	}

	for (op_no = 0; op_no < ops; op_no++) {
		u64 r = below(100);

		/* now and then a burst of claims, to run the pool dry */
		if (op_no % 20000 < 600)
			r = 60;
		if (r < 14)
			op_request(false);
		else if (r < 20)
			op_request(true);
		else if (r < 24)
			op_rerequest();
		else if (r < 36)
			op_insert();
		else if (r < 44)
			op_allocate();
		else if (r < 52)
			op_release(false);
		else if (r < 58)
			op_release(true);
		else if (r < 76)
			op_request_region();
		else if (r < 92)
			op_release_region();
		else
			op_lookup();
		check_all();
		if (op_no % 256 == 0)
			check_dumps();
	}
	check_dumps();

	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++)
		printf("# %-26s %7llu ok %7llu failed\n", op_names[i],
		       (unsigned long long)stats[i][0],
		       (unsigned long long)stats[i][1]);
	tap_ok(1,
	       "%llu random ops match the model, invariants held after "
	       "each (seed %llu)",
	       (unsigned long long)ops, (unsigned long long)seed);
	/* each kind of operation must both succeed and fail sometimes, or
	 * the generator is not reaching the interesting cases */
	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++)
		if (i != 9)
			tap_ok(ops < 10000 ||
				       (stats[i][0] > 0 && stats[i][1] > 0),
			       "%s both succeeded and failed", op_names[i]);
	tap_ok(ops < 10000 || stats[9][0] > 0, "lookups were compared");
	tap_ok(ops < 10000 || exhausted > 0,
	       "the pool ran dry %llu times and recovered",
	       (unsigned long long)exhausted);
	return tap_done();
}
