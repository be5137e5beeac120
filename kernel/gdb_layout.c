/* kernel/gdb_layout.c - the kernel's layout constants, for scripts/gdb.
 *
 * gdb reads structures, variables and enumerators from the ELF's DWARF
 * debug information, but not #define'd constants (those need -g3). The
 * commands in scripts/gdb/porthole.py walk page tables and print
 * address-space regions the way `vtop` does, so they need paging.h's
 * numbers: this enumeration carries them into the debug information, from
 * the headers themselves, so the Python follows when a header changes.
 * One variable of the type keeps the compiler from dropping it; it is the
 * only byte cost.
 */
#include "kernel/mm/paging.h"
#include "kernel/page.h"
#include "kernel/resource.h"
#include "lib/types.h"

enum gdb_layout {
	GDB_PAGE_OFFSET = PAGE_OFFSET,
	GDB_PAGE_SIZE = PAGE_SIZE,
	GDB_DIRECT_MAP_END = DIRECT_MAP_END,
	GDB_HEAP_END = HEAP_END,
	GDB_IOREMAP_START = IOREMAP_START,
	GDB_IOREMAP_END = IOREMAP_END,
	GDB_PTE_P = PTE_P,
	GDB_PTE_RW = PTE_RW,
	GDB_PTE_US = PTE_US,
	GDB_PTE_PWT = PTE_PWT,
	GDB_PTE_PCD = PTE_PCD,
	GDB_PTE_A = PTE_A,
	GDB_PTE_D = PTE_D,
	GDB_PDE_PS = PDE_PS,
	GDB_PTE_G = PTE_G,
	GDB_PTE_ADDR = PTE_ADDR,
	GDB_PDE_PS_ADDR = PDE_PS_ADDR,
	GDB_PDE_PS_OFFSET = PDE_PS_OFFSET,
	GDB_MAX_IORES_LEVEL = MAX_IORES_LEVEL,
	GDB_IORESOURCE_BUSY = IORESOURCE_BUSY,
};

/* Read by nothing: it makes the compiler emit enum gdb_layout. */
const enum gdb_layout gdb_layout_anchor __used = GDB_PAGE_SIZE;
