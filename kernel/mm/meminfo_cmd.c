/* kernel/mm/meminfo_cmd.c - the `meminfo` command: where physical memory went,
 * in the spirit of Linux's /proc/meminfo (sizes in kB). */
#include "kernel/iomap.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/paging.h"
#include "kernel/printk.h"
#include "kernel/command.h"

#define KB(frames) ((frames) * (PAGE_SIZE / 1024))

static int
cmd_meminfo(int argc, char **argv)
{
	struct frame_stats fs;
	struct kmalloc_stats ks;
	struct ioremap_stats is;

	(void)argv;
	if (argc != 1)
		return shell_usage();
	frame_get_stats(&fs);
	kmalloc_get_stats(&ks);
	ioremap_get_stats(&is);
	u32 tables = paging_table_frames(), heap = ks.mapped / PAGE_SIZE;
	u32 used = fs.ram - fs.free;
	printk("MemTotal:       %8u kB  (usable RAM in whole frames, the "
	       "frame allocator's)\n",
	       KB(fs.ram));
	printk("MemFree:        %8u kB  (%u frames)\n", KB(fs.free), fs.free);
	printk("MemUsed:        %8u kB  (%u frames)\n", KB(used), used);
	printk("  KernelImage:  %8u kB  (code, data, bss; reserved at boot)\n",
	       KB(fs.kernel));
	printk("  BootData:     %8u kB  (multiboot information, modules)\n",
	       KB(fs.reserved - fs.kernel));
	printk("  PageTables:   %8u kB  (%u frames)\n", KB(tables), tables);
	printk("  Heap:         %8u kB  (mapped; %u bytes in %u kmalloc "
	       "allocations)\n",
	       ks.mapped / 1024, ks.used, ks.nallocs);
	printk("  Other:        %8u kB\n",
	       KB(used - fs.reserved - tables - heap));
	printk("DirectMap:      %8u kB  (%08x-%08x)\n", KB(fs.direct_frames),
	       PAGE_OFFSET, PAGE_OFFSET + fs.direct_frames * PAGE_SIZE - 1);
	printk("RAMAboveDirect: %8llu kB  (not used)\n", fs.ram_above >> 10);
	printk("Ioremap:        %8u kB  (%u mappings, guard pages included)\n",
	       is.bytes / 1024, is.mappings);
	printk("Memremap:       %8u kB  (%u cached mappings: firmware "
	       "tables)\n",
	       is.memremap_bytes / 1024, is.memremap_mappings);
	return 0;
}
SHELL_COMMAND("meminfo", cmd_meminfo,
	      "physical memory: total, free, and what uses it", "meminfo");
