/* kernel/bootinfo.c - read the Multiboot information once, keep a copy.
 *
 * The loader leaves its structures somewhere in low physical memory. We copy
 * the memory map, the loader's name and the command line into the kernel's
 * own variables at once, so nothing later depends on memory the frame
 * allocator may hand out, or on the identity mapping that kmain removes.
 * The memory map comes from the BIOS (INT 15h, E820) through the loader.
 */
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/multiboot.h"
#include "kernel/printk.h"
#include "kernel/command.h"
#include "kernel/page.h"
#include "lib/errno.h"
#include "lib/string.h"

struct bootinfo bootinfo;

/* A physical range the early mapping lets us read, as a kernel pointer. */
static const void *
early_phys(u32 phys, u32 len)
{
	if (phys >= EARLY_MAPPED || len > EARLY_MAPPED - phys)
		return NULL;
	return (const void *)(phys + PAGE_OFFSET);
}

/* base + len + type: what an entry's size field must cover at least. */
#define MMAP_ENTRY_MIN                                                         \
	(sizeof(struct multiboot_mmap_entry) -                                 \
	 sizeof(((struct multiboot_mmap_entry *)0)->size))

static void
copy_mmap(const struct multiboot_info *mbi)
{
	const u8 *p = early_phys(mbi->mmap_addr, mbi->mmap_length);
	const u8 *end = p + mbi->mmap_length;

	if (!p) {
		printk("multiboot: memory map at %08x is out of reach\n",
		       mbi->mmap_addr);
		return;
	}
	while (p < end) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		/* Each entry says its own size (not counting the size field):
		 * at least base, len and type (Multiboot 0.6.96, 3.3), and it
		 * must end inside the map. */
		if ((u32)(end - p) < sizeof(*e) || e->size < MMAP_ENTRY_MIN ||
		    e->size > (u32)(end - p) - sizeof(e->size)) {
			printk("multiboot: memory map entry %d is malformed "
			       "(size %u, %u bytes left; want at least %u); "
			       "the rest of the map is ignored\n",
			       bootinfo.nmmap,
			       (u32)(end - p) >= sizeof(e->size) ? e->size : 0,
			       (u32)(end - p), MMAP_ENTRY_MIN);
			return;
		}
		if (bootinfo.nmmap == BOOTINFO_MAX_MMAP) {
			printk("multiboot: more than %d memory map entries; "
			       "the rest are ignored\n",
			       BOOTINFO_MAX_MMAP);
			return;
		}
		struct mmap_region *r = &bootinfo.mmap[bootinfo.nmmap++];
		r->base = e->base;
		r->len = e->len;
		r->type = e->type;
		p += e->size + sizeof(e->size);
	}
}

int
bootinfo_init(u32 magic, u32 mbi_phys)
{
	const struct multiboot_info *mbi;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		printk("porthole was not started by a Multiboot loader: EAX is "
		       "%08x, expected %08x.\nBoot it with GRUB's `multiboot` "
		       "command or `qemu-system-i386 -kernel`.\n",
		       magic, MULTIBOOT_BOOTLOADER_MAGIC);
		return -EINVAL;
	}
	mbi = early_phys(mbi_phys, sizeof(*mbi));
	if (!mbi) {
		printk("multiboot: information at %08x is out of reach\n",
		       mbi_phys);
		return -EINVAL;
	}
	bootinfo.mbi_phys = mbi_phys;
	if (mbi->flags & MBI_LOADER) {
		const char *s = early_phys(mbi->boot_loader_name, 1);
		strlcpy(bootinfo.loader, s ? s : "?", sizeof(bootinfo.loader));
	} else {
		strlcpy(bootinfo.loader, "(not given)",
			sizeof(bootinfo.loader));
	}
	if (mbi->flags & MBI_MEM) {
		bootinfo.mem_lower_kb = mbi->mem_lower;
		bootinfo.mem_upper_kb = mbi->mem_upper;
	}
	cmdline_init(mbi->flags & MBI_CMDLINE ? early_phys(mbi->cmdline, 1)
					      : NULL);
	if (mbi->flags & MBI_MMAP)
		copy_mmap(mbi);
	if (mbi->flags & MBI_MODS) {
		const struct multiboot_module *m = early_phys(
			mbi->mods_addr, mbi->mods_count * sizeof(*m));
		for (u32 i = 0;
		     m && i < mbi->mods_count && i < BOOTINFO_MAX_MODULES;
		     i++) {
			bootinfo.mods[i].start = m[i].start;
			bootinfo.mods[i].end = m[i].end;
			bootinfo.nmods++;
		}
	}
	return 0;
}

const char *
mmap_type_name(u32 type)
{
	switch (type) {
	case MMAP_AVAILABLE:
		return "usable";
	case MMAP_RESERVED:
		return "reserved";
	case MMAP_ACPI_RECLAIMABLE:
		return "ACPI data";
	case MMAP_ACPI_NVS:
		return "ACPI NVS";
	case MMAP_BAD:
		return "unusable";
	default:
		return "type unknown";
	}
}

void
bootinfo_print_mmap(void)
{
	if (bootinfo.nmmap == 0) {
		printk("memory map: none from the boot loader (lower %u KiB, "
		       "upper %u KiB)\n",
		       bootinfo.mem_lower_kb, bootinfo.mem_upper_kb);
		return;
	}
	for (int i = 0; i < bootinfo.nmmap; i++) {
		const struct mmap_region *r = &bootinfo.mmap[i];
		printk("BIOS-e820: [mem 0x%016llx-0x%016llx] %s\n", r->base,
		       r->base + r->len - 1, mmap_type_name(r->type));
	}
}

static int
cmd_mmap(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	bootinfo_print_mmap();
	return 0;
}
SHELL_COMMAND("mmap", cmd_mmap,
	      "the physical memory map the BIOS gave the boot loader", "mmap");
