/* kernel/iomem.h - filling iomem_resource at boot (see kernel/iomem.c). */
#ifndef KERNEL_IOMEM_H
#define KERNEL_IOMEM_H

/* iomem_init - put the VGA window, the option ROMs found by scanning
 * C0000-EFFFF, the System ROM, the boot loader's memory map ("System RAM",
 * "Reserved", ...) and the kernel's own sections into iomem_resource.
 * Needs bootinfo (bootinfo_init) and the direct map of low memory. Call once
 * at boot, before drivers claim memory. Problems (an overlapping map entry,
 * a ROM with a bad checksum) are printed, one line each; it carries on. */
void iomem_init(void);

#endif
