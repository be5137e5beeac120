/* kernel/mm/kmalloc.c - the kernel heap: a kernel/mm/heap.c heap over the
 * HEAP_START..HEAP_END virtual range, grown by mapping fresh frames and
 * shrunk, when 64 KiB or more of its top fall free, by unmapping those
 * pages (but a 16 KiB pad) and freeing their frames. Free pages below a
 * chunk still in use stay mapped (the heap is one contiguous range, as a
 * brk heap is). */
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/paging.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct heap kheap;

/* Back [from, to) with frames; on failure undo what was mapped. */
static int
heap_grow_pages(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
		u32 pa = __frame_alloc();

		if (pa && map_page(va, pa, PTE_RW) == 0)
			continue;
		if (pa)
			frame_free(pa);
		while (va > from) {
			va -= PAGE_SIZE;
			frame_free(unmap_page(va) & PTE_ADDR);
		}
		return -ENOMEM;
	}
	return 0;
}

/* Free whole pages at the top of the heap: unmap them, and their frames
 * go back to the allocator (after many ioremap/iounmap cycles at -m 2M,
 * free memory comes back instead of staying at 0). */
static void
heap_shrink_pages(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t va = from; va < to; va += PAGE_SIZE)
		frame_free(unmap_page(va) & PTE_ADDR);
}

void
kmalloc_init(void)
{
	heap_init(&kheap, HEAP_START, HEAP_END, PAGE_SIZE, heap_grow_pages);
	heap_set_shrink(&kheap, heap_shrink_pages);
}

void *
kmalloc(size_t size)
{
	void *p = heap_alloc(&kheap, size);
	struct frame_stats st;

	if (p || size == 0)
		return p;
	frame_get_stats(&st);
	printk("kmalloc: out of memory for %zu bytes (heap: %u KiB mapped, "
	       "%u KiB in use; %u frames free)\n",
	       size, (u32)(kheap.brk - kheap.start) >> 10,
	       (u32)kheap.used_bytes >> 10, st.free);
	return NULL;
}

void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

	return p ? memset(p, 0, size) : NULL;
}

int
kfree(const void *p)
{
	int err = heap_free(&kheap, (void *)p);

	if (err == -EEXIST)
		printk("kfree: %p is already free (double free)\n", p);
	else if (err)
		printk("kfree: %p is not a pointer kmalloc returned\n", p);
	return err;
}

void
kmalloc_get_stats(struct kmalloc_stats *st)
{
	st->mapped = kheap.brk - kheap.start;
	st->used = kheap.used_bytes;
	st->nallocs = kheap.nallocs;
}
