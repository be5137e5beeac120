/* kernel/iomem.c - what the physical address space holds, as iomem_resource.
 *
 * Physical addresses are not all RAM. On a PC the first MiB alone holds
 * low RAM, the VGA frame buffer window, adapters' option ROMs and the BIOS;
 * above it, RAM up to the end of memory, then holes where PCI devices and the
 * chipset (APIC, HPET, the flash BIOS at 4 GiB - 256 KiB) decode addresses.
 * This file fills iomem_resource at boot from three sources:
 *
 *  1. the fixed regions of the PC architecture, from a table, not probed
 *     (the platform fixes them; Linux has the same two resources in
 *     arch/x86/kernel/probe_roms.c): the VGA window and the system BIOS
 *     ROM; and the option ROMs, found by scanning for their signature (the
 *     same scan a BIOS does to run them);
 *  2. the memory map the BIOS gave the boot loader (INT 15h, E820), which
 *     says which ranges are RAM and which are reserved;
 *  3. the kernel image itself, as children of the System RAM that holds it,
 *     from the linker script's section symbols.
 *
 * The names are Linux's, so `iomem` can be read beside /proc/iomem.
 */
#include "kernel/bootinfo.h"
#include "kernel/iomem.h"
#include "kernel/multiboot.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"

/* The VGA's host memory window: the Graphics Controller's Memory Map Select
 * field chooses a part of A0000-BFFFF, so a VGA decodes all of it (IBM VGA
 * Technical Reference, Miscellaneous Register, bits 3-2). */
#define VGA_RAM_START 0x000a0000
#define VGA_RAM_END 0x000bffff

/* Option ROMs (PCI Local Bus Specification 3.0, 6.3.1 "PCI Expansion ROM
 * Contents", and the BIOS Boot Specification): on a 2 KiB boundary in
 * C0000-EFFFF, a header of 0x55 0xAA, then the length in 512-byte units;
 * all bytes of the ROM add up to 0 (mod 256). The video BIOS is the one at
 * C0000. */
#define OPTION_ROM_START 0x000c0000
#define OPTION_ROM_LIMIT 0x000f0000 /* first address past the area */
#define OPTION_ROM_ALIGN 2048
#define ROM_SIGNATURE_0 0x55
#define ROM_SIGNATURE_1 0xaa
#define ROM_LENGTH_BYTE 2
#define ROM_LENGTH_UNIT 512
#define VIDEO_ROM_START 0x000c0000
#define MAX_ADAPTER_ROMS 8

/* The system BIOS: the last 64 KiB below 1 MiB, which holds the CPU's reset
 * vector at F000:FFF0 (Intel SDM vol. 3, 9.1.4 "First Instruction"). */
#define SYSTEM_ROM_START 0x000f0000
#define SYSTEM_ROM_END 0x000fffff

/* Below 1 MiB every region is marked busy, as Linux does: drivers have no
 * business there. */
#define LOW_MEMORY_LIMIT 0x00100000

#define ROM_FLAGS (IORESOURCE_MEM | IORESOURCE_BUSY | IORESOURCE_READONLY)

/* Section boundaries from linker.ld. _kernel_start_phys is a physical
 * address; the others are virtual (PAGE_OFFSET + physical). */
extern char _kernel_start_phys[], _etext[], _rodata[], _erodata[], _data[],
	_edata[], __bss_start[], __bss_end[];

static struct resource video_ram = {
	.name = "Video RAM area",
	.start = VGA_RAM_START,
	.end = VGA_RAM_END,
	.flags = IORESOURCE_MEM | IORESOURCE_BUSY,
};

static struct resource system_rom = {
	.name = "System ROM",
	.start = SYSTEM_ROM_START,
	.end = SYSTEM_ROM_END,
	.flags = ROM_FLAGS,
};

/* Page 0 holds the real-mode interrupt vector table (0x000-0x3ff) and the
 * BIOS Data Area (0x400-0x4ff): the BIOS's, not the kernel's, though E820
 * calls it usable. Linux turns it into "Reserved" (arch/x86/kernel/setup.c,
 * trim_bios_range: "e820: update [mem 0x00000000-0x00000fff] usable ==>
 * reserved"), so its iomem starts with that line; so does porthole's. */
#define BIOS_PAGE_END 0x1000

static struct resource bios_page0 = {
	.name = "Reserved",
	.start = 0,
	.end = BIOS_PAGE_END - 1,
	.flags = IORESOURCE_MEM | IORESOURCE_BUSY,
};

static struct resource option_roms[1 + MAX_ADAPTER_ROMS];
static struct resource mmap_res[BOOTINFO_MAX_MMAP + 2];
static struct resource kernel_res[4];

/* The length of the option ROM at @phys, or 0 if there is none (no
 * signature, a zero length, past the area, or a bad checksum). */
static u32
option_rom_length(u32 phys)
{
	const volatile u8 *rom = __va(phys); /* below 1 MiB: direct map */
	u32 len;
	u8 sum = 0;

	if (rom[0] != ROM_SIGNATURE_0 || rom[1] != ROM_SIGNATURE_1)
		return 0;
	len = rom[ROM_LENGTH_BYTE] * ROM_LENGTH_UNIT;
	if (!len || phys + len > OPTION_ROM_LIMIT)
		return 0;
	for (u32 i = 0; i < len; i++)
		sum += rom[i];
	if (sum) {
		printk("iomem: option ROM at %08x (%u bytes) has checksum "
		       "%02x, not 00: ignored\n",
		       phys, len, sum);
		return 0;
	}
	return len;
}

static void
scan_option_roms(void)
{
	int n = 0;

	for (u32 phys = OPTION_ROM_START;
	     phys < OPTION_ROM_LIMIT && n < (int)ARRAY_SIZE(option_roms);
	     phys += OPTION_ROM_ALIGN) {
		u32 len = option_rom_length(phys);
		struct resource *r = &option_roms[n];

		if (!len)
			continue;
		r->name = phys == VIDEO_ROM_START ? "Video ROM" : "Adapter ROM";
		r->start = phys;
		r->end = phys + len - 1;
		r->flags = ROM_FLAGS;
		if (request_resource(&iomem_resource, r) == 0)
			n++;
		/* the next ROM starts on the first 2 KiB boundary after */
		phys = ALIGN_UP(phys + len, OPTION_ROM_ALIGN) -
		       OPTION_ROM_ALIGN;
	}
}

/* Linux's names for the memory map types (its e820_type_to_string). */
static const char *
mmap_resource_name(u32 type)
{
	switch (type) {
	case MMAP_AVAILABLE:
		return "System RAM";
	case MMAP_ACPI_RECLAIMABLE:
		return "ACPI Tables";
	case MMAP_ACPI_NVS:
		return "ACPI Non-volatile Storage";
	case MMAP_BAD:
		return "Unusable memory";
	default:
		return "Reserved";
	}
}

/* One memory map range into the tree, above whatever it covers (the
 * System ROM inside "Reserved", say). */
static void
add_memory_range(struct resource *r, u64 base, u64 len, u32 type)
{
	u64 end = base + len - 1;

	if (!len)
		return;
	if (end < base)
		end = ~(u64)0; /* a range running past 2^64: clip it */
	if (type == MMAP_AVAILABLE && base == 0 && end >= BIOS_PAGE_END) {
		insert_resource(&iomem_resource, &bios_page0);
		base = BIOS_PAGE_END; /* the RAM starts after it */
	}
	r->name = mmap_resource_name(type);
	r->start = base;
	r->end = end;
	r->flags =
		type == MMAP_AVAILABLE ? IORESOURCE_SYSTEM_RAM : IORESOURCE_MEM;
	/* RAM, ACPI and unusable ranges, and all of low memory, are busy;
	 * "Reserved" above 1 MiB is not, so that PCI windows may nest. */
	if (type != MMAP_RESERVED || base < LOW_MEMORY_LIMIT)
		r->flags |= IORESOURCE_BUSY;
	insert_resource(&iomem_resource, r); /* prints a conflict itself */
}

static void
add_memory_map(void)
{
	int i;

	if (bootinfo.nmmap > 0) {
		for (i = 0; i < bootinfo.nmmap && i < BOOTINFO_MAX_MMAP; i++)
			add_memory_range(&mmap_res[i], bootinfo.mmap[i].base,
					 bootinfo.mmap[i].len,
					 bootinfo.mmap[i].type);
		return;
	}
	/* No map: the loader's two numbers (KiB below 1 MiB, KiB above). */
	printk("iomem: no memory map from the boot loader; using mem_lower "
	       "%u KiB and mem_upper %u KiB\n",
	       bootinfo.mem_lower_kb, bootinfo.mem_upper_kb);
	add_memory_range(&mmap_res[0], 0, (u64)bootinfo.mem_lower_kb * 1024,
			 MMAP_AVAILABLE);
	add_memory_range(&mmap_res[1], LOW_MEMORY_LIMIT,
			 (u64)bootinfo.mem_upper_kb * 1024, MMAP_AVAILABLE);
}

/* [@start, @end) physical into @r as a child of the RAM that holds it. */
static void
add_kernel_section(struct resource *r, const char *name, phys_addr_t start,
		   phys_addr_t end)
{
	if (end <= start)
		return; /* an empty section */
	r->name = name;
	r->start = start;
	r->end = end - 1;
	r->flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	insert_resource(&iomem_resource, r);
}

static void
add_kernel_image(void)
{
	/* "Kernel code" starts at the load address: the multiboot header and
	 * the entry code (.boot) come first, then .text. */
	add_kernel_section(&kernel_res[0], "Kernel code",
			   (uintptr_t)_kernel_start_phys, __pa(_etext));
	add_kernel_section(&kernel_res[1], "Kernel rodata", __pa(_rodata),
			   __pa(_erodata));
	add_kernel_section(&kernel_res[2], "Kernel data", __pa(_data),
			   __pa(_edata));
	add_kernel_section(&kernel_res[3], "Kernel bss", __pa(__bss_start),
			   __pa(__bss_end));
}

void
iomem_init(void)
{
	/* Fixed regions and ROMs first, with request_resource; then the
	 * memory map with insert_resource, so a "Reserved" range the BIOS
	 * reports goes above the System ROM it covers (as in Linux). */
	request_resource(&iomem_resource, &video_ram);
	scan_option_roms();
	request_resource(&iomem_resource, &system_rom);
	add_memory_map();
	add_kernel_image();
}
