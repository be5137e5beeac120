/* kernel/page.h - pages, and the kernel's direct map of physical memory.
 *
 * Physical memory from 0 is mapped at PAGE_OFFSET (0xC0000000), so for that
 * low memory a kernel virtual address is just physical + PAGE_OFFSET: Linux's
 * __va() and __pa(). The early page tables map the first EARLY_MAP_MB;
 * device memory elsewhere (PCI BARs) is reached through ioremap() instead.
 */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include "boot/layout.h"
#include "lib/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096u
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* __va - kernel virtual address of a directly mapped physical address. */
#define __va(phys) ((void *)((uintptr_t)(phys) + PAGE_OFFSET))
/* __pa - physical address of a kernel (direct map or image) address. */
#define __pa(virt) ((phys_addr_t)((uintptr_t)(virt)-PAGE_OFFSET))

#endif
