/* kernel/early_paging.h - the boot page tables (boot/multiboot.S). */
#ifndef KERNEL_EARLY_PAGING_H
#define KERNEL_EARLY_PAGING_H

/* early_paging_drop_identity - unmap the low (virtual = physical) copy of
 * the early mapping, so that virtual address 0 faults. */
void early_paging_drop_identity(void);

#endif
