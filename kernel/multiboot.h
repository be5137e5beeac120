/* kernel/multiboot.h - what a Multiboot v1 loader hands the kernel.
 * Layouts from the Multiboot Specification 0.6.96, section 3.3. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include "lib/types.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002 /* in EAX at entry */

/* multiboot_info.flags: which fields are valid. */
#define MBI_MEM (1 << 0)     /* mem_lower, mem_upper */
#define MBI_CMDLINE (1 << 2) /* cmdline */
#define MBI_MODS (1 << 3)    /* mods_count, mods_addr */
#define MBI_MMAP (1 << 6)    /* mmap_length, mmap_addr */
#define MBI_LOADER (1 << 9)  /* boot_loader_name */

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper; /* KiB below 1 MiB, KiB above 1 MiB */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
	u32 apm_table;
} __packed;

/* One memory map entry; `size` does not count itself, so the next entry
 * starts at (u8 *)&e->base + e->size. */
struct multiboot_mmap_entry {
	u32 size;
	u64 base;
	u64 len;
	u32 type;
} __packed;

struct multiboot_module {
	u32 start, end, string, reserved;
} __packed;

/* Memory map types (the BIOS's E820 types, ACPI spec table 15-312). */
#define MMAP_AVAILABLE 1
#define MMAP_RESERVED 2
#define MMAP_ACPI_RECLAIMABLE 3
#define MMAP_ACPI_NVS 4
#define MMAP_BAD 5

#endif
