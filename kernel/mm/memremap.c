/* kernel/mm/memremap.c - cached mappings of memory-like physical ranges.
 *
 * Why not ioremap for an ACPI table? ioremap sets PCD and PWT in the page
 * table entries (Intel SDM vol. 3, 4.9 "Paging and Memory Typing", and
 * 11.5.2.1): every load goes out to the bus, one at a time, as a device
 * register needs. A table is plain memory the firmware wrote once; reading
 * it uncached is correct but slow, and mapping RAM uncached while the
 * direct map has it cached would give the same bytes two memory types,
 * which the SDM (11.12.4) warns against. So, as Linux's memremap does:
 * RAM that porthole's direct map covers is returned as its __va() address,
 * and anything else (the E820 "Reserved" or "ACPI Tables" ranges where
 * firmware keeps its tables) gets a write-back mapping of its own.
 */
#include "kernel/mm/memremap.h"
#include "kernel/iomap.h"
#include "kernel/mm/paging.h"
#include "kernel/page.h"
#include "kernel/printk.h"

/* True when every page of [phys, phys + size) is in the direct map. */
static bool
in_direct_map(phys_addr_t phys, size_t size)
{
	phys_addr_t first = ALIGN_DOWN(phys, PAGE_SIZE);

	if (phys + size > DIRECT_MAP_MAX)
		return false;
	for (phys_addr_t p = first; p < phys + size; p += PAGE_SIZE) {
		u32 pa;
		if (!virt_to_phys(__va(p), &pa) || pa != p)
			return false;
	}
	return true;
}

void *
memremap(phys_addr_t phys, size_t size, unsigned long flags)
{
	if (flags != MEMREMAP_WB) {
		printk("memremap: flags 0x%lx not supported (only "
		       "MEMREMAP_WB)\n",
		       flags);
		return NULL;
	}
	if (size && phys + size - 1 >= phys && in_direct_map(phys, size))
		return __va(phys);
	/* Write-back, and read-write as Linux's is: no PCD, no PWT. */
	return __ioremap(phys, size, PTE_RW, "memremap");
}

void
memunmap(void *addr)
{
	if ((uintptr_t)addr >= IOREMAP_START && (uintptr_t)addr < IOREMAP_END)
		iounmap(addr);
}
