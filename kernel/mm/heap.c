/* kernel/mm/heap.c - first-fit allocation from an address-sorted free list,
 * merging on free, growing at the top (see heap.h). Builds for the host. */
#include "kernel/mm/heap.h"
#include "lib/errno.h"

#define HDR_SIZE 16
#define MIN_CHUNK (HDR_SIZE + HEAP_ALIGN)
#define MAGIC_USED 0x6b616c6cu /* "llak" in memory: an allocated chunk */
#define MAGIC_FREE 0x65657266u /* "free" */

struct heap_chunk {
	u32 magic;
	u32 size; /* whole chunk, header included; a multiple of HEAP_ALIGN */
	struct heap_chunk *next; /* free chunks only */
};

_Static_assert(sizeof(struct heap_chunk) <= HDR_SIZE, "header too big");

static uintptr_t
chunk_end(const struct heap_chunk *c)
{
	return (uintptr_t)c + c->size;
}

void
heap_init(struct heap *h, uintptr_t start, uintptr_t limit, uintptr_t grow_step,
	  int (*grow)(struct heap *h, uintptr_t from, uintptr_t to))
{
	h->start = h->brk = start;
	h->limit = limit;
	h->grow_step = grow_step;
	h->grow = grow;
	h->shrink = NULL;
	h->release = NULL;
	h->reback = NULL;
	h->free = NULL;
	h->used_bytes = h->nallocs = 0;
}

void
heap_set_shrink(struct heap *h,
		void (*shrink)(struct heap *h, uintptr_t from, uintptr_t to))
{
	h->shrink = shrink;
}

void
heap_set_release(struct heap *h,
		 void (*release)(struct heap *h, uintptr_t from, uintptr_t to),
		 int (*reback)(struct heap *h, uintptr_t from, uintptr_t to))
{
	h->release = release;
	h->reback = reback;
}

static uintptr_t
page_down(const struct heap *h, uintptr_t a)
{
	return a / h->grow_step * h->grow_step;
}

static uintptr_t
page_up(const struct heap *h, uintptr_t a)
{
	return page_down(h, a + h->grow_step - 1);
}

/* The free chunk that holds addr (NULL if none). */
static struct heap_chunk *
free_chunk_at(const struct heap *h, uintptr_t addr)
{
	for (struct heap_chunk *c = h->free; c; c = c->next)
		if (addr >= (uintptr_t)c && addr < chunk_end(c))
			return c;
	return NULL;
}

/* [from, to) has just become free inside the free chunk c (after merging):
 * release the whole pages of it that c does not need for its header. The
 * range reaches one header past to, for the header of a neighbour that c
 * swallowed. Only the pages near what was freed are looked at, so a small
 * free next to a big free chunk costs little. */
static void
release_pages(struct heap *h, struct heap_chunk *c, uintptr_t from,
	      uintptr_t to)
{
	uintptr_t lo = page_down(h, from), hi = page_up(h, to + HDR_SIZE);
	uintptr_t keep = page_up(h, (uintptr_t)c + HDR_SIZE);
	uintptr_t end = page_down(h, chunk_end(c));

	if (!h->release)
		return;
	if (lo < keep)
		lo = keep;
	if (hi > end)
		hi = end;
	if (lo < hi)
		h->release(h, lo, hi);
}

/* If the last free chunk ends at brk and covers HEAP_TRIM_STEPS whole steps
 * or more, give them back but HEAP_PAD_STEPS (as malloc's trim threshold
 * and top pad: a buffer freed and allocated again at the top does not
 * unmap and remap pages each time). The header stays backed, and the
 * heap's first step is always kept. */
static void
heap_trim(struct heap *h)
{
	struct heap_chunk **pp = &h->free, *c;
	uintptr_t new_brk, step = h->grow_step;

	if (!h->shrink || !*pp)
		return;
	while ((*pp)->next)
		pp = &(*pp)->next;
	c = *pp;
	if (chunk_end(c) != h->brk)
		return;
	new_brk = ((uintptr_t)c + step - 1) / step * step;
	if (new_brk != (uintptr_t)c && new_brk - (uintptr_t)c < MIN_CHUNK)
		new_brk += step; /* keep room for the header */
	/* The first step stays: no churn for small use, and a double free
	 * in it is still seen as one. */
	if (new_brk < h->start + step)
		new_brk = h->start + step;
	if (new_brk >= h->brk || h->brk - new_brk < HEAP_TRIM_STEPS * step)
		return;
	new_brk += HEAP_PAD_STEPS * step;
	if (new_brk == (uintptr_t)c)
		*pp = NULL; /* the whole chunk goes */
	else
		c->size = (u32)(new_brk - (uintptr_t)c);
	h->shrink(h, new_brk, h->brk);
	h->brk = new_brk;
}

/* Put c on the free list in address order, merging with its neighbours. */
static void
free_list_insert(struct heap *h, struct heap_chunk *c)
{
	struct heap_chunk **pp = &h->free, *prev = NULL;

	while (*pp && *pp < c) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	c->magic = MAGIC_FREE;
	c->next = *pp;
	*pp = c;
	if (c->next && chunk_end(c) == (uintptr_t)c->next) {
		c->size += c->next->size;
		c->next = c->next->next;
	}
	if (prev && chunk_end(prev) == (uintptr_t)c) {
		prev->size += c->size;
		prev->next = c->next;
	}
}

/* Back more of the range so that a free chunk of at least need bytes ends
 * at brk. Returns 0 or -ENOMEM. */
static int
heap_grow(struct heap *h, size_t need)
{
	struct heap_chunk *last = h->free;
	size_t have = 0, more;
	uintptr_t to;

	while (last && last->next)
		last = last->next;
	if (last && chunk_end(last) == h->brk)
		have = last->size; /* the new memory extends this chunk */
	more = need - have;
	more = (more + h->grow_step - 1) / h->grow_step * h->grow_step;
	if (!h->grow || more > h->limit - h->brk)
		return -ENOMEM;
	to = h->brk + more;
	if (h->grow(h, h->brk, to) < 0)
		return -ENOMEM;
	struct heap_chunk *c = (struct heap_chunk *)h->brk;
	c->size = (u32)more;
	h->brk = to;
	free_list_insert(h, c);
	return 0;
}

void *
heap_alloc(struct heap *h, size_t n)
{
	struct heap_chunk **pp, *c;
	size_t need;

	if (n == 0 || n > h->limit - h->start)
		return NULL;
	need = (n + HDR_SIZE + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	for (int tries = 0; tries < 2; tries++) {
		for (pp = &h->free; (c = *pp); pp = &c->next) {
			if (c->size < need)
				continue;
			bool split = c->size - need >= MIN_CHUNK;
			/* What is handed out, and the header of the free rest,
			 * must be backed before either is written. */
			uintptr_t end = split ? (uintptr_t)c + need + HDR_SIZE
					      : chunk_end(c);
			if (h->reback &&
			    h->reback(h, page_down(h, (uintptr_t)c),
				      page_up(h, end)) < 0)
				return NULL;
			if (split) {
				/* Split: the tail stays free, in c's place. */
				struct heap_chunk *rest =
					(struct heap_chunk *)((uintptr_t)c +
							      need);
				rest->magic = MAGIC_FREE;
				rest->size = c->size - (u32)need;
				rest->next = c->next;
				*pp = rest;
				c->size = (u32)need;
			} else {
				*pp = c->next;
			}
			c->magic = MAGIC_USED;
			c->next = NULL;
			h->used_bytes += c->size;
			h->nallocs++;
			return (u8 *)c + HDR_SIZE;
		}
		if (tries == 0 && heap_grow(h, need) < 0)
			return NULL;
	}
	return NULL;
}

/* Is addr inside a chunk on the free list? (Reads only the free list's
 * headers, which are always backed.) */
static bool
in_free_chunk(const struct heap *h, uintptr_t addr)
{
	return free_chunk_at(h, addr) != NULL;
}

/* The header of p if p is a payload address in the backed range. */
static struct heap_chunk *
header_of(const struct heap *h, const void *p)
{
	uintptr_t a = (uintptr_t)p;

	if (a < h->start + HDR_SIZE || a >= h->brk ||
	    (a - h->start) % HEAP_ALIGN)
		return NULL;
	return (struct heap_chunk *)(a - HDR_SIZE);
}

int
heap_free(struct heap *h, void *p)
{
	struct heap_chunk *c;

	if (!p)
		return 0;
	c = header_of(h, p);
	if (!c)
		return -EINVAL;
	/* The free list first: inside a free chunk, c's page may be gone. */
	if (in_free_chunk(h, (uintptr_t)c) || c->magic == MAGIC_FREE)
		return -EEXIST;
	if (c->magic != MAGIC_USED || c->size < MIN_CHUNK ||
	    c->size % HEAP_ALIGN || c->size > h->brk - (uintptr_t)c)
		return -EINVAL;
	uintptr_t from = (uintptr_t)c, to = chunk_end(c);
	h->used_bytes -= c->size;
	h->nallocs--;
	free_list_insert(h, c);
	release_pages(h, free_chunk_at(h, from), from, to);
	heap_trim(h);
	return 0;
}

size_t
heap_size_of(struct heap *h, const void *p)
{
	struct heap_chunk *c = header_of(h, p);

	if (!c || in_free_chunk(h, (uintptr_t)c) || c->magic != MAGIC_USED)
		return 0;
	return c->size - HDR_SIZE;
}

size_t
heap_free_bytes(const struct heap *h)
{
	size_t n = 0;

	for (const struct heap_chunk *c = h->free; c; c = c->next)
		n += c->size;
	return n;
}

int
heap_check(const struct heap *h)
{
	const struct heap_chunk *f = h->free;
	uintptr_t a = h->start;
	size_t used = 0, nused = 0;

	while (a < h->brk) {
		const struct heap_chunk *c = (const struct heap_chunk *)a;

		if (c->size < MIN_CHUNK || c->size % HEAP_ALIGN ||
		    c->size > h->brk - a)
			return -EINVAL;
		if (c == f) {
			if (c->magic != MAGIC_FREE)
				return -EINVAL;
			f = f->next;
		} else {
			if (c->magic != MAGIC_USED)
				return -EINVAL;
			used += c->size;
			nused++;
		}
		a += c->size;
	}
	if (a != h->brk || f || used != h->used_bytes || nused != h->nallocs)
		return -EINVAL;
	return 0;
}
