/* kernel/mm/memremap.h - map memory that is memory, not a device: cached.
 *
 * Firmware tables (ACPI), a BIOS data area, a frame buffer copy: bytes that
 * behave like RAM, where a read has no side effect and the CPU may cache,
 * combine and prefetch. ioremap() maps with caching off (PCD | PWT), which
 * is right for registers and needlessly slow for tables. memremap() is
 * Linux's name for the cached mapping: RAM that the direct map already
 * covers comes back as its direct-map address; anything else is mapped
 * write-back (no PCD, no PWT) into the ioremap range.
 */
#ifndef KERNEL_MM_MEMREMAP_H
#define KERNEL_MM_MEMREMAP_H

#include "lib/types.h"

#define MEMREMAP_WB BIT(0) /* write-back: the only kind porthole has */

/* memremap - a kernel address for @size bytes of physical memory at
 * @phys, cached (@flags: MEMREMAP_WB). NULL (with one line saying why) when
 * the range is empty, wraps, lies above 4 GiB, or no virtual space or page
 * table frame is left. Context: may allocate; not in an interrupt. */
void *memremap(phys_addr_t phys, size_t size, unsigned long flags);

/* memunmap - undo memremap (a direct-map address is left alone). */
void memunmap(void *addr);

/* __ioremap - ioremap with the caller's PTE flags; @kind names the mapping
 * in `iomaps` ("phys", "memremap"). For ioremap.c and memremap.c only. */
void *__ioremap(phys_addr_t phys, u64 size, u32 pte_flags, const char *kind);

#endif
