/* kernel/page.h - pages, and the kernel's direct map of physical memory.
 *
 * Physical memory from 0 is mapped at PAGE_OFFSET (0xC0000000), so for that
 * low memory a kernel virtual address is just physical + PAGE_OFFSET: Linux's
 * __va() and __pa(). The early page tables (boot/multiboot.S) map the
 * first EARLY_MAPPED bytes; porthole's own (kernel/mm/paging.c) map RAM up
 * to DIRECT_MAP_MAX. Device memory elsewhere (PCI BARs) is reached through
 * ioremap() instead.
 */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include "boot/layout.h"
#include "lib/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096u
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* How much physical memory the early page tables map, from 0. */
#define EARLY_MAPPED ((u32)EARLY_MAP_MB << 20)
/* The PC's first MiB (RAM below 640K, the VGA window, BIOS ROMs): always
 * in the direct map, whatever the memory map says. */
#define LOW_MEM_END 0x100000u
/* The ISA hole: the VGA window, option ROMs and the BIOS, between the
 * 640 KiB of low RAM and 1 MiB. Device memory, mapped uncached in the
 * direct map; ioremap hands out that mapping (kernel/mm/ioremap.c). */
#define ISA_START_ADDRESS 0xa0000u
#define ISA_END_ADDRESS 0x100000u
/* Most physical memory the direct map holds (Linux's "lowmem" idea). */
#define DIRECT_MAP_MAX (512u << 20)
#define DIRECT_MAP_END (PAGE_OFFSET + DIRECT_MAP_MAX)

/* __va - kernel virtual address of a directly mapped physical address. */
#define __va(phys) ((void *)((uintptr_t)(phys) + PAGE_OFFSET))
/* __pa - physical address of a kernel (direct map or image) address. */
#define __pa(virt) ((phys_addr_t)((uintptr_t)(virt)-PAGE_OFFSET))

#endif
