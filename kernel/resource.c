/* kernel/resource.c - the resource tree: who owns which I/O ports and which
 * physical addresses.
 *
 * A PC has two address spaces a device can decode: the 64 KiB of I/O ports
 * reached with in/out, and the physical memory space reached with loads and
 * stores (RAM, ROMs, and device registers: MMIO). Nothing in the hardware
 * stops two drivers from poking the same port, so the kernel keeps a ledger:
 * one tree per space, each node a named, inclusive range [start, end].
 *
 * The rules of the tree (Linux's, kernel/resource.c, which porthole mirrors
 * in its own code):
 *   - a node's children lie inside it, are sorted by start and do not
 *     overlap one another;
 *   - a "busy" node (IORESOURCE_BUSY) is a driver's claim; a non-busy node is
 *     a container (a bus window, a PCI BAR, "System RAM") that drivers'
 *     claims may sit inside.
 *
 * The walks are plain linked-list walks, O(siblings) per level: a PC has tens
 * of nodes, and `make bench` measures what that costs with 100k siblings.
 * This file uses only lib/ and printk, so it is built and tested on the host.
 */
#include "kernel/resource.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

/* The x86 I/O port space is 16 bits wide: in/out take the port in DX. */
#define IO_SPACE_LIMIT 0xffff

struct resource ioport_resource = {
	.name = "PCI IO",
	.start = 0,
	.end = IO_SPACE_LIMIT,
	.flags = IORESOURCE_IO,
};

/*
 * The physical address space the CPU can name. An i386 without PAE names
 * 32 bits, with PAE 36 (up to 52 on later CPUs), and a 64-bit PCI BAR may sit
 * anywhere below 2^64. Rather than ask CPUID here (this file must stay free
 * of hardware access so it runs on the host), the root spans every address a
 * resource_size_t can hold, so no device the kernel meets can fall outside it.
 */
struct resource iomem_resource = {
	.name = "PCI mem",
	.start = 0,
	.end = ~(resource_size_t)0,
	.flags = IORESOURCE_MEM,
};

/* ---- helpers ---------------------------------------------------------- */

static struct resource *
tree_root(struct resource *r)
{
	while (r->parent)
		r = r->parent;
	return r;
}

int
resource_width(struct resource *r)
{
	if (!r)
		return 8;
	return tree_root(r)->end <= IO_SPACE_LIMIT ? 4 : 8;
}

static const char *
name_of(const struct resource *r)
{
	return r->name ? r->name : "<BAD>";
}

/* One line about a failed claim: @what joins the claim and the other node,
 * e.g. "resource conflict: 'i8042' 0060-0060 overlaps 'keyboard' 0060-0060". */
static void
report(const char *prefix, const char *what, struct resource *tree,
       const char *name, resource_size_t start, resource_size_t end,
       struct resource *other)
{
	int w = resource_width(tree);

	printk("%s: '%s' %0*llx-%0*llx %s '%s' %0*llx-%0*llx\n", prefix,
	       name ? name : "<BAD>", w, (unsigned long long)start, w,
	       (unsigned long long)end, what, name_of(other), w,
	       (unsigned long long)other->start, w,
	       (unsigned long long)other->end);
}

static bool
is_ancestor(const struct resource *a, const struct resource *r)
{
	for (; r; r = r->parent)
		if (r == a)
			return true;
	return false;
}

/* May @res be linked somewhere under @root? It must be a well-formed range,
 * not in a tree already, not @root or one of its ancestors (a cycle), and any
 * children it carries (after release_resource) must lie inside it. */
static bool
res_is_malformed(struct resource *root, struct resource *res)
{
	struct resource *c;

	if (res->end < res->start || res->parent || is_ancestor(res, root))
		return true;
	for (c = res->child; c; c = c->sibling)
		if (c->start < res->start || c->end > res->end ||
		    c->parent != res)
			return true;
	return false;
}

static bool
outside(const struct resource *root, resource_size_t start, resource_size_t end)
{
	return start < root->start || end > root->end;
}

/* Link @res among @root's children if it overlaps none of them. Returns
 * NULL on success or the first child it overlaps. The caller checked that
 * @res is well-formed and inside @root. */
static struct resource *
link_child(struct resource *root, struct resource *res)
{
	struct resource **p = &root->child;

	for (;;) {
		struct resource *tmp = *p;

		if (!tmp || tmp->start > res->end) {
			res->sibling = tmp;
			*p = res;
			res->parent = root;
			return NULL;
		}
		if (tmp->end >= res->start)
			return tmp;
		p = &tmp->sibling;
	}
}

/* The link in @old's parent's child list that points at @old, or NULL. */
static struct resource **
link_to(struct resource *old)
{
	struct resource **p;

	for (p = &old->parent->child; *p; p = &(*p)->sibling)
		if (*p == old)
			return p;
	return NULL;
}

/* Unlink @old, putting its children (if any) in its place. */
static void
unlink_lift_children(struct resource **p, struct resource *old)
{
	struct resource *c, *last = NULL;

	for (c = old->child; c; c = c->sibling) {
		c->parent = old->parent;
		last = c;
	}
	if (last) {
		last->sibling = old->sibling;
		*p = old->child;
	} else {
		*p = old->sibling;
	}
	old->child = NULL;
	old->parent = NULL;
	old->sibling = NULL;
}

/* ---- request / insert / allocate / release ---------------------------- */

struct resource *
request_resource_conflict(struct resource *root, struct resource *res)
{
	if (!root)
		return res; /* nothing better to blame; never NULL (= success)
			     */
	if (!res || res_is_malformed(root, res) ||
	    outside(root, res->start, res->end))
		return root;
	return link_child(root, res);
}

/* Print why @res could not go under @root (@conflict from the _conflict
 * functions) and turn it into an errno. */
static int
claim_error(const char *prefix, struct resource *root, struct resource *res,
	    struct resource *conflict)
{
	if (!root || !res) {
		printk("%s: NULL %s\n", prefix, root ? "resource" : "root");
		return -EINVAL;
	}
	if (conflict != root) {
		report("resource conflict", "overlaps", root, res->name,
		       res->start, res->end, conflict);
		return -EBUSY;
	}
	if (res_is_malformed(root, res)) {
		printk("%s: bad resource '%s' %llx-%llx%s\n", prefix,
		       name_of(res), (unsigned long long)res->start,
		       (unsigned long long)res->end,
		       res->parent ? " (already in a tree)" : "");
		return -EINVAL;
	}
	report(prefix, "is outside", root, res->name, res->start, res->end,
	       root);
	return -EINVAL;
}

int
request_resource(struct resource *root, struct resource *res)
{
	struct resource *conflict = request_resource_conflict(root, res);

	if (!conflict)
		return 0;
	return claim_error("request_resource", root, res, conflict);
}

struct resource *
insert_resource_conflict(struct resource *parent, struct resource *res)
{
	struct resource *first, *next, **p;

	if (!parent)
		return res;
	if (!res || res->child)
		return parent;
	/* Go down while the node in the way holds @res whole (but is not the
	 * very same range: then @res goes above it and adopts it). */
	for (;;) {
		first = request_resource_conflict(parent, res);
		if (!first || first == parent)
			return first;
		if (first->start > res->start || first->end < res->end)
			break;
		if (first->start == res->start && first->end == res->end)
			break;
		parent = first;
	}
	/* @res overlaps @first and maybe siblings after it: it may adopt them
	 * only if it covers each one whole. */
	for (next = first;; next = next->sibling) {
		if (next->start < res->start || next->end > res->end)
			return next;
		if (!next->sibling || next->sibling->start > res->end)
			break;
	}
	for (p = &parent->child; *p != first; p = &(*p)->sibling)
		;
	*p = res;
	res->parent = parent;
	res->sibling = next->sibling;
	res->child = first;
	next->sibling = NULL;
	for (next = first; next; next = next->sibling)
		next->parent = res;
	return NULL;
}

int
insert_resource(struct resource *parent, struct resource *res)
{
	struct resource *conflict;

	if (parent && res && res->child) {
		printk("insert_resource: '%s' already has children\n",
		       name_of(res));
		return -EINVAL;
	}
	conflict = insert_resource_conflict(parent, res);
	if (!conflict)
		return 0;
	if (!parent || !res || conflict == parent)
		return claim_error("insert_resource", parent, res, conflict);
	report("resource conflict", "partly overlaps", parent, res->name,
	       res->start, res->end, conflict);
	return -EBUSY;
}

/* Round @v up to a multiple of @align (a power of two); false if that
 * would pass the top of the 64-bit space. */
static bool
align_up(resource_size_t v, resource_size_t align, resource_size_t *out)
{
	resource_size_t a = (v + (align - 1)) & ~(align - 1);

	if (a < v)
		return false;
	*out = a;
	return true;
}

/* Does [@gs, @ge] clipped to [@min, @max] have room for @size at @align?
 * If so, the lowest such start goes to *@at. */
static bool
gap_fits(resource_size_t gs, resource_size_t ge, resource_size_t size,
	 resource_size_t min, resource_size_t max, resource_size_t align,
	 resource_size_t *at)
{
	resource_size_t lo = MAX(gs, min), hi = MIN(ge, max), a;

	if (lo > hi || !align_up(lo, align, &a) || a > hi)
		return false;
	if (hi - a < size - 1)
		return false;
	*at = a;
	return true;
}

int
allocate_resource(struct resource *root, struct resource *res,
		  resource_size_t size, resource_size_t min,
		  resource_size_t max, resource_size_t align)
{
	resource_size_t gap_start, at;
	struct resource *c;

	if (!root || !res || !size || min > max || !align ||
	    (align & (align - 1)) || res->parent || res->child ||
	    is_ancestor(res, root)) {
		printk("allocate_resource: bad request for '%s' (size %llx, "
		       "range %llx-%llx, align %llx)\n",
		       res ? name_of(res) : "<NULL>", (unsigned long long)size,
		       (unsigned long long)min, (unsigned long long)max,
		       (unsigned long long)align);
		return -EINVAL;
	}
	/* The gaps are: before the first child, between children, after the
	 * last one. Children are sorted and inside root, so c->start is never
	 * below gap_start. */
	gap_start = root->start;
	for (c = root->child;; c = c->sibling) {
		if (!c || c->start > gap_start) {
			resource_size_t gap_end = c ? c->start - 1 : root->end;

			if (gap_fits(gap_start, gap_end, size, min, max, align,
				     &at))
				break;
		}
		if (!c || c->end == root->end)
			return -EBUSY; /* no gap left: the caller reports */
		gap_start = c->end + 1;
	}
	res->start = at;
	res->end = at + size - 1;
	return link_child(root, res) ? -EBUSY : 0; /* cannot fail: a gap */
}

int
release_resource(struct resource *old)
{
	struct resource **p;

	if (!old || !old->parent || !(p = link_to(old)))
		return -EINVAL;
	*p = old->sibling;
	old->parent = NULL;
	old->sibling = NULL;
	return 0;
}

int
remove_resource(struct resource *old)
{
	struct resource **p;

	if (!old || !old->parent || !(p = link_to(old)))
		return -EINVAL;
	unlink_lift_children(p, old);
	return 0;
}

/* ---- the node pool behind request_region ------------------------------ */

static struct resource pool[RESOURCE_POOL_SIZE];
static struct resource *pool_free_list;
static int pool_nfree;
static bool pool_ready;

static void
pool_init(void)
{
	for (int i = RESOURCE_POOL_SIZE - 1; i >= 0; i--) {
		pool[i].sibling = pool_free_list;
		pool_free_list = &pool[i];
	}
	pool_nfree = RESOURCE_POOL_SIZE;
	pool_ready = true;
}

static struct resource *
pool_get(void)
{
	struct resource *r;

	if (!pool_ready)
		pool_init();
	r = pool_free_list;
	if (!r)
		return NULL;
	pool_free_list = r->sibling;
	pool_nfree--;
	*r = (struct resource){0};
	return r;
}

static bool
in_pool(const struct resource *r)
{
	return (uintptr_t)r >= (uintptr_t)&pool[0] &&
	       (uintptr_t)r < (uintptr_t)&pool[RESOURCE_POOL_SIZE];
}

static void
pool_put(struct resource *r)
{
	*r = (struct resource){.sibling = pool_free_list};
	pool_free_list = r;
	pool_nfree++;
}

int
resource_pool_free(void)
{
	if (!pool_ready)
		pool_init();
	return pool_nfree;
}

/* The inclusive end of [start, start + n - 1]; false for n == 0 or a wrap. */
static bool
region_end(resource_size_t start, resource_size_t n, resource_size_t *end)
{
	if (!n || start + (n - 1) < start)
		return false;
	*end = start + (n - 1);
	return true;
}

struct resource *
__request_region(struct resource *parent, resource_size_t start,
		 resource_size_t n, const char *name, unsigned long flags)
{
	struct resource *res, *conflict;
	resource_size_t end;

	if (!parent) {
		printk("request_region: '%s' with NULL parent\n",
		       name ? name : "<BAD>");
		return NULL;
	}
	if (!region_end(start, n, &end)) {
		printk("request_region: '%s' %0*llx size %llx is not a range\n",
		       name ? name : "<BAD>", resource_width(parent),
		       (unsigned long long)start, (unsigned long long)n);
		return NULL;
	}
	res = pool_get();
	if (!res) {
		printk("request_region: pool of %d nodes exhausted, cannot "
		       "claim '%s' %0*llx-%0*llx (raise RESOURCE_POOL_SIZE)\n",
		       RESOURCE_POOL_SIZE, name ? name : "<BAD>",
		       resource_width(parent), (unsigned long long)start,
		       resource_width(parent), (unsigned long long)end);
		return NULL;
	}
	res->name = name;
	res->start = start;
	res->end = end;
	/* The type comes from the tree we were asked to claim in; the
	 * containers on the way down need not carry it. */
	res->flags = (parent->flags & IORESOURCE_TYPE_BITS) | IORESOURCE_BUSY |
		     flags;
	for (;;) {
		conflict = request_resource_conflict(parent, res);
		if (!conflict)
			return res;
		/* A container that holds the whole claim: claim inside it. */
		if (conflict != parent &&
		    !(conflict->flags & IORESOURCE_BUSY)) {
			parent = conflict;
			continue;
		}
		break;
	}
	if (conflict == parent && !parent->parent)
		report("request_region", "is outside", parent, name, start, end,
		       parent);
	else
		report("resource conflict", "overlaps", parent, name, start,
		       end, conflict);
	pool_put(res);
	return NULL;
}

int
__release_region(struct resource *parent, resource_size_t start,
		 resource_size_t n)
{
	struct resource **p, *res;
	resource_size_t end;

	if (!parent || !region_end(start, n, &end)) {
		printk("release_region: bad range start %llx size %llx\n",
		       (unsigned long long)start, (unsigned long long)n);
		return -EINVAL;
	}
	p = &parent->child;
	while ((res = *p)) {
		if (res->start > start || res->end < end) {
			p = &res->sibling;
			continue;
		}
		if (!(res->flags & IORESOURCE_BUSY)) {
			p = &res->child; /* a container: look inside */
			continue;
		}
		if (res->start != start || res->end != end)
			break; /* inside someone else's claim */
		unlink_lift_children(p, res);
		if (in_pool(res))
			pool_put(res);
		return 0;
	}
	printk("release_region: trying to free nonexistent region "
	       "%0*llx-%0*llx "
	       "in '%s'\n",
	       resource_width(parent), (unsigned long long)start,
	       resource_width(parent), (unsigned long long)end,
	       name_of(tree_root(parent)));
	return -ENOENT;
}

/* ---- lookup, walk, dump ----------------------------------------------- */

struct resource *
resource_driver_claim(struct resource *root, resource_size_t start,
		      resource_size_t end)
{
	for (resource_size_t a = start;; a++) {
		for (struct resource *r = resource_lookup(root, a);
		     r && r != root; r = r->parent)
			if ((in_pool(r) && (r->flags & IORESOURCE_BUSY)) ||
			    (r->flags & IORESOURCE_EXCLUSIVE))
				return r;
		if (a == end)
			return NULL;
	}
}

struct resource *
resource_mark_exclusive(struct resource *root, resource_size_t start,
			resource_size_t end)
{
	struct resource *found = NULL;

	/* From the innermost node holding @start up: firmware often nests a
	 * node of the same span (PNP0103:00 inside "HPET 0"); the outermost
	 * is the one the refusal should name. */
	for (struct resource *r = resource_lookup(root, start); r && r != root;
	     r = r->parent)
		if (r->start == start && r->end == end)
			found = r;
	if (found)
		found->flags |= IORESOURCE_EXCLUSIVE;
	return found;
}

struct resource *
resource_lookup(struct resource *root, resource_size_t addr)
{
	struct resource *r = root, *c;

	if (!root || addr < root->start || addr > root->end)
		return NULL;
	for (;;) {
		for (c = r->child; c && c->start <= addr; c = c->sibling)
			if (addr <= c->end)
				break;
		if (!c || c->start > addr)
			return r;
		r = c; /* c holds addr: look among its children */
	}
}

struct resource *
resource_next(struct resource *root, struct resource *r)
{
	if (!root || !r)
		return NULL;
	if (r->child)
		return r->child;
	while (r != root && !r->sibling)
		r = r->parent;
	return r == root ? NULL : r->sibling;
}

int
resource_depth(struct resource *root, struct resource *r)
{
	int depth = 0;

	for (; r && r->parent && r->parent != root; r = r->parent)
		depth++;
	return depth;
}

int
resource_format_line(char *buf, size_t size, struct resource *root,
		     struct resource *r)
{
	int w = root->end <= IO_SPACE_LIMIT ? 4 : 8;
	int depth = MIN(resource_depth(root, r), MAX_IORES_LEVEL);

	return snprintf(buf, size, "%*s%0*llx-%0*llx : %s", depth * 2, "", w,
			(unsigned long long)r->start, w,
			(unsigned long long)r->end, name_of(r));
}

int
resource_dump(struct resource *root, void (*out)(const char *line, void *arg),
	      void *arg)
{
	struct resource *r;
	char line[128];
	int n = 0;

	if (!root || !out)
		return 0;
	resource_for_each(r, root)
	{
		resource_format_line(line, sizeof(line), root, r);
		out(line, arg);
		n++;
	}
	return n;
}
