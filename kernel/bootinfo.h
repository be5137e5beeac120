/* kernel/bootinfo.h - what porthole kept from the boot loader. */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include "lib/types.h"

#define BOOTINFO_MAX_MMAP 64
#define BOOTINFO_MAX_MODULES 8

struct mmap_region {
	u64 base;
	u64 len;
	u32 type; /* MMAP_AVAILABLE etc. (kernel/multiboot.h) */
};

struct bootinfo {
	char loader[64];
	u32 mem_lower_kb, mem_upper_kb;
	int nmmap;
	struct mmap_region mmap[BOOTINFO_MAX_MMAP];
	int nmods;
	struct {
		u32 start, end;
	} mods[BOOTINFO_MAX_MODULES];
	u32 mbi_phys; /* where the loader's structures were */
};

extern struct bootinfo bootinfo;

/* bootinfo_init - copy what we need out of the multiboot information (at
 * physical mbi_phys) while the low identity mapping still exists, and pass
 * the command line to cmdline_init. Returns 0, or -EINVAL if the loader was
 * not a Multiboot loader (magic) or its structures lie out of reach. */
int bootinfo_init(u32 magic, u32 mbi_phys);

/* mmap_type_name - "usable", "reserved", "ACPI data", ... (Linux's words
 * in its "BIOS-e820:" boot lines). */
const char *mmap_type_name(u32 type);

/* bootinfo_check_image_fits - the loader put the kernel at 1 MiB and its
 * BSS runs on after it: with too little RAM (QEMU's -m 2M is usable to
 * 0x1dffff) the BSS lies past the end of RAM. Returns 0 when the image lies
 * inside one usable region of the memory map (or there is no map), else
 * -ENOMEM after one line with the size that would do. Boot, after
 * bootinfo_init. */
int bootinfo_check_image_fits(void);

/* bootinfo_print_mmap - the memory map, one "[mem a-b] type" line each. */
void bootinfo_print_mmap(void);

#endif
