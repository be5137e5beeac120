/* kernel/early_paging.c - finishing with the boot page tables.
 *
 * boot/multiboot.S mapped the first EARLY_MAP_MB of physical memory twice:
 * at 0 and at PAGE_OFFSET. Once we run in the higher half and bootinfo has
 * copied what the loader left in low memory, the low copy has no use, and
 * removing it makes address 0 unmapped: a NULL pointer dereference faults
 * instead of quietly reading the real-mode interrupt table.
 */
#include "kernel/early_paging.h"
#include "kernel/x86.h"
#include "boot/layout.h"

extern u32 early_page_dir[1024];

void
early_paging_drop_identity(void)
{
	for (unsigned i = 0; i < EARLY_MAP_MB / 4; i++)
		early_page_dir[i] = 0;
	write_cr3(read_cr3()); /* flush the whole TLB */
}
