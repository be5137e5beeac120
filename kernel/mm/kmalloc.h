/* kernel/mm/kmalloc.h - the kernel heap: kmalloc and kfree.
 *
 * The heap lives at HEAP_START..HEAP_END (kernel/mm/paging.h) and grows a
 * page at a time with frames from the frame allocator. Allocations are
 * 16-byte aligned. See kernel/mm/heap.c for how chunks are kept.
 */
#ifndef KERNEL_MM_KMALLOC_H
#define KERNEL_MM_KMALLOC_H

#include "lib/types.h"

/* kmalloc_init - an empty heap. Boot only, after paging_init. */
void kmalloc_init(void);

/* kmalloc - @size bytes of kernel memory, 16-byte aligned, not zeroed.
 * Returns NULL after printing one line when memory has run out (or for
 * size 0). Thread context only (never from an interrupt handler). */
void *kmalloc(size_t size);

/* kzalloc - kmalloc, zeroed. */
void *kzalloc(size_t size);

/* kfree - give back what kmalloc returned; NULL is ignored. Returns 0, or
 * after one printed line -EEXIST for a double free or -EINVAL for a
 * pointer kmalloc did not hand out. Thread context only. */
int kfree(const void *p);

struct kmalloc_stats {
	u32 mapped;  /* bytes of the heap range backed by frames now */
	u32 used;    /* bytes in allocated chunks (headers included) */
	u32 nallocs; /* allocations not yet freed */
};

/* kmalloc_get_stats - counts for meminfo and tests. */
void kmalloc_get_stats(struct kmalloc_stats *st);

#endif
