/* kernel/mm/kmalloc.c - the kernel heap: a kernel/mm/heap.c heap over the
 * HEAP_START..HEAP_END virtual range, grown by mapping fresh frames at its
 * top. Memory goes back to the frame allocator in two ways: every whole
 * page inside a free chunk, wherever it lies, is unmapped and its frame
 * freed (and mapped again, with a fresh frame, when an allocation reaches
 * it); and when 64 KiB or more of the top fall free, brk comes down. So
 * the heap keeps mapped only its chunks in use and the headers of its free
 * ones (a page each at most), and `meminfo`'s Heap line counts exactly the
 * pages that are mapped. */
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/paging.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct heap kheap;
static u32 mapped_pages; /* heap pages backed by a frame right now */

/* Back [from, to) with frames; on failure undo what was mapped. */
static int
heap_grow_pages(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
		u32 pa = __frame_alloc();

		if (pa && map_page(va, pa, PTE_RW) == 0) {
			mapped_pages++;
			continue;
		}
		if (pa)
			frame_free(pa);
		while (va > from) {
			va -= PAGE_SIZE;
			frame_free(unmap_page(va) & PTE_ADDR);
			mapped_pages--;
		}
		return -ENOMEM;
	}
	return 0;
}

/* Unmap the pages of [from, to) that are mapped, and free their frames
 * (pages given back before are skipped). For the pages inside free chunks
 * and for the top when brk comes down: after many ioremap/iounmap cycles
 * at -m 2M, free memory comes back instead of staying at 0. */
static void
heap_release_pages(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
		u32 pte = unmap_page(va);

		if (pte & PTE_P) {
			frame_free(pte & PTE_ADDR);
			mapped_pages--;
		}
	}
}

/* Map a fresh frame at every page of [from, to) that has none (pages of a
 * free chunk that an allocation now needs). On failure the pages mapped so
 * far stay: they are heap pages like any other. */
static int
heap_reback_pages(struct heap *h, uintptr_t from, uintptr_t to)
{
	(void)h;
	for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
		u32 pa;

		if (virt_to_phys((const void *)va, &pa))
			continue;
		pa = __frame_alloc();
		if (!pa)
			return -ENOMEM;
		if (map_page(va, pa, PTE_RW) < 0) {
			frame_free(pa);
			return -ENOMEM;
		}
		mapped_pages++;
	}
	return 0;
}

void
kmalloc_init(void)
{
	heap_init(&kheap, HEAP_START, HEAP_END, PAGE_SIZE, heap_grow_pages);
	heap_set_shrink(&kheap, heap_release_pages);
	heap_set_release(&kheap, heap_release_pages, heap_reback_pages);
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
	       size, mapped_pages * (PAGE_SIZE >> 10),
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
	st->mapped = mapped_pages * PAGE_SIZE;
	st->used = kheap.used_bytes;
	st->nallocs = kheap.nallocs;
}
