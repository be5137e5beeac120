/* boot/layout.h - the memory layout constants shared by assembly, the linker
 * script and C. Kept free of C syntax so all three can include it. */
#ifndef BOOT_LAYOUT_H
#define BOOT_LAYOUT_H

/* Kernel virtual base: the 3 GiB / 1 GiB split, as on 32-bit Linux. */
#define PAGE_OFFSET 0xC0000000
/* Physical load address of the kernel image. */
#define KERNEL_LOAD_PHYS 0x00100000
/* How much physical memory the early page tables map (a multiple of 4). */
#define EARLY_MAP_MB 16
/* The boot (and main kernel) stack. */
#define BOOT_STACK_SIZE 16384

#endif
