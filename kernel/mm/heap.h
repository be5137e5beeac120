/* kernel/mm/heap.h - a first-fit heap over one growing range of addresses.
 *
 * The heap is a run of chunks, each a 16-byte header and a payload:
 *
 *   start                                            brk        limit
 *   | hdr | payload | hdr | payload (free) | hdr | ...  |  not yet backed |
 *
 * Free chunks sit on a list sorted by address, so a freed chunk merges with
 * a free neighbour on either side. When nothing on the list fits, the heap
 * asks its grow() callback to back more of the range with memory (the
 * kernel maps fresh frames there: kernel/mm/kmalloc.c) and moves brk up.
 * Every header carries a magic word, so freeing a pointer twice or freeing
 * something the heap never handed out is caught and named.
 *
 * A free chunk needs only its header: every whole page of it past the
 * header (grow_step is the page) may go back (heap_set_release), wherever
 * the chunk lies, and is backed again before an allocation uses it. So a
 * header, and every chunk in use, is always backed; the heap reads nothing
 * else (a double free is recognised from the free list's headers first,
 * never from a header that may be gone).
 *
 * Depends only on lib/: tests/host/test_heap.c runs it on the host.
 * Nothing here prints or locks (one CPU, thread context only).
 */
#ifndef KERNEL_MM_HEAP_H
#define KERNEL_MM_HEAP_H

#include "lib/types.h"

#define HEAP_ALIGN 16 /* every payload starts on a 16-byte boundary */

struct heap_chunk;

struct heap {
	uintptr_t start;     /* first header */
	uintptr_t brk;	     /* end of the part backed by memory */
	uintptr_t limit;     /* brk never passes this */
	uintptr_t grow_step; /* grow by multiples of this (a page) */
	/* grow - back [from, to) with memory; 0, or -ENOMEM. */
	int (*grow)(struct heap *h, uintptr_t from, uintptr_t to);
	/* shrink - [from, to) is no longer needed (optional: heap_set_shrink)
	 */
	void (*shrink)(struct heap *h, uintptr_t from, uintptr_t to);
	/* release - the whole pages of [from, to) lie inside a free chunk:
	 * they may be unbacked (some may be already). Optional. */
	void (*release)(struct heap *h, uintptr_t from, uintptr_t to);
	/* reback - [from, to) is about to be used: back its pages that were
	 * released; 0, or -ENOMEM (what was backed may stay backed). */
	int (*reback)(struct heap *h, uintptr_t from, uintptr_t to);
	struct heap_chunk *free; /* sorted by address */
	size_t used_bytes;	 /* payload + headers of chunks in use */
	size_t nallocs;		 /* chunks in use */
};

/* heap_init - an empty heap over [@start, @limit) (both HEAP_ALIGN-aligned)
 * that grows by multiples of @grow_step through @grow. */
void heap_init(struct heap *h, uintptr_t start, uintptr_t limit,
	       uintptr_t grow_step,
	       int (*grow)(struct heap *h, uintptr_t from, uintptr_t to));

/* heap_set_shrink - give memory back: when a free at the top leaves at
 * least HEAP_TRIM_STEPS whole steps of @grow_step free below brk, brk comes
 * down (to HEAP_PAD_STEPS steps above what is in use) and @shrink is told
 * the range it may unback (the heap never touches it again until it grows
 * there anew). Without it the heap only grows. */
#define HEAP_TRIM_STEPS 16 /* 64 KiB of pages free at the top, or more */
#define HEAP_PAD_STEPS 4   /* of which 16 KiB stay, for the next growth */
void heap_set_shrink(struct heap *h,
		     void (*shrink)(struct heap *h, uintptr_t from,
				    uintptr_t to));

/* heap_set_release - give back the whole pages inside free chunks, not only
 * at the top: a free that leaves whole pages of grow_step free tells
 * @release about them (page-aligned ranges; pages told before may be among
 * them); an allocation that needs such pages calls @reback first, and fails
 * (NULL) if it cannot. @shrink (if set) may then be told about pages that
 * were released already. */
void
heap_set_release(struct heap *h,
		 void (*release)(struct heap *h, uintptr_t from, uintptr_t to),
		 int (*reback)(struct heap *h, uintptr_t from, uintptr_t to));

/* heap_alloc - @n bytes, HEAP_ALIGN-aligned. Returns NULL for n == 0, or
 * when neither the free list nor growing can supply them. */
void *heap_alloc(struct heap *h, size_t n);

/* heap_free - give back what heap_alloc returned. Returns 0; -EEXIST when
 * @p is already free (double free); -EINVAL when @p is not a pointer this
 * heap handed out (or its header was overwritten). NULL is a no-op (0). */
int heap_free(struct heap *h, void *p);

/* heap_size_of - the usable size of an allocated @p, or 0 if @p is not one. */
size_t heap_size_of(struct heap *h, const void *p);

/* heap_free_bytes - bytes on the free list (headers included). */
size_t heap_free_bytes(const struct heap *h);

/* heap_check - walk every chunk from start to brk; 0 when the chunks tile
 * the backed range and the free list matches, else -EINVAL. */
int heap_check(const struct heap *h);

#endif
