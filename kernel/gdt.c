/* kernel/gdt.c - the Global Descriptor Table: flat segments and two tasks.
 *
 * Protected mode still insists on segments, so porthole sets up the usual
 * "flat" model: code and data segments with base 0 and limit 4 GiB, leaving
 * paging to do all the real translation (Intel SDM vol. 3, 3.2.1).
 *
 * Two task state segments come along. The CPU needs a valid TSS in the task
 * register before it can switch tasks, and a task switch is the one way on
 * 32-bit x86 to get onto a known-good stack when the current one is broken:
 * the double-fault vector is a task gate to tss_df, whose stack is its own.
 * That is what turns a kernel stack overflow into a report instead of a
 * triple fault and a silent reset.
 *
 * For user space (kernel/user/) there are ring-3 code and data segments
 * (DPL 3), and the main TSS does the two jobs a TSS still has without
 * task switching: its ss0:esp0 is the stack the CPU moves to when ring 3
 * is interrupted, and behind it lies the I/O permission bitmap that
 * ioperm() fills (SDM vol. 1, 19.5.2; vol. 3, 8.2.1 and 8.7).
 */
#include "kernel/gdt.h"
#include "kernel/x86.h"
#include "lib/string.h"

/* Descriptor access byte (SDM vol. 3, 3.4.5). */
#define SEG_PRESENT 0x80
#define SEG_CODE_DATA 0x10 /* S=1: code or data, not system */
#define SEG_EXEC 0x08
#define SEG_DPL3 0x60	     /* descriptor privilege level 3 */
#define SEG_RW 0x02	     /* readable code / writable data */
#define SEG_TSS32_AVAIL 0x09 /* system type: available 32-bit TSS */
/* Flags nibble: 4 KiB granularity, 32-bit default operand size. */
#define SEG_GRAN_4K 0x8
#define SEG_32BIT 0x4

struct gdt_entry {
	u16 limit_lo;
	u16 base_lo;
	u8 base_mid;
	u8 access;
	u8 limit_hi_flags;
	u8 base_hi;
} __packed;

struct gdt_ptr {
	u16 limit;
	u32 base;
} __packed;

static struct gdt_entry gdt[7];
static struct tss tss_df;

/* The main task's TSS with its I/O permission bitmap right behind it,
 * inside the TSS segment's limit (SDM vol. 1, 19.5.2): iomap_base is the
 * bitmap's offset, and the CPU reads two bytes for every check, so the
 * byte after the last one must exist and be 0xff. Aligned so that the
 * 104 bytes of the TSS proper lie in one page. */
static struct tss_io {
	struct tss tss;
	u8 io_bitmap[IO_BITMAP_BYTES];
	u8 io_bitmap_end; /* always 0xff */
} __packed tss_main_io __aligned(128);
static struct tss *const tss_main = &tss_main_io.tss;

static void
set_entry(int i, u32 base, u32 limit, u8 access, u8 flags)
{
	gdt[i].limit_lo = limit & 0xffff;
	gdt[i].base_lo = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].limit_hi_flags = ((limit >> 16) & 0x0f) | (flags << 4);
	gdt[i].base_hi = (base >> 24) & 0xff;
}

/* The I/O permission bitmap behind the main TSS: every port denied to
 * ring 3, and the terminating 0xff byte (SDM vol. 1, 19.5.2). */
static void
gdt_init_io_bitmap(void)
{
	memset(tss_main_io.io_bitmap, 0xff, IO_BITMAP_BYTES);
	tss_main_io.io_bitmap_end = 0xff;
	tss_main->iomap_base = offsetof(struct tss_io, io_bitmap);
	tss_main->ss0 = KERNEL_DS;
}

void
gdt_init(void)
{
	struct gdt_ptr ptr = {sizeof(gdt) - 1, (u32)gdt};

	set_entry(0, 0, 0, 0, 0);
	set_entry(KERNEL_CS / 8, 0, 0xfffff,
		  SEG_PRESENT | SEG_CODE_DATA | SEG_EXEC | SEG_RW,
		  SEG_GRAN_4K | SEG_32BIT);
	set_entry(KERNEL_DS / 8, 0, 0xfffff,
		  SEG_PRESENT | SEG_CODE_DATA | SEG_RW,
		  SEG_GRAN_4K | SEG_32BIT);
	set_entry(USER_CS / 8, 0, 0xfffff,
		  SEG_PRESENT | SEG_DPL3 | SEG_CODE_DATA | SEG_EXEC | SEG_RW,
		  SEG_GRAN_4K | SEG_32BIT);
	set_entry(USER_DS / 8, 0, 0xfffff,
		  SEG_PRESENT | SEG_DPL3 | SEG_CODE_DATA | SEG_RW,
		  SEG_GRAN_4K | SEG_32BIT);
	gdt_init_io_bitmap();
	set_entry(TSS_MAIN / 8, (u32)&tss_main_io, sizeof(tss_main_io) - 1,
		  SEG_PRESENT | SEG_TSS32_AVAIL, 0);
	set_entry(TSS_DF / 8, (u32)&tss_df, sizeof(tss_df) - 1,
		  SEG_PRESENT | SEG_TSS32_AVAIL, 0);

	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "mov %2, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%fs\n\t"
			 "mov %%ax, %%gs\n\t"
			 "mov %%ax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(KERNEL_CS), "i"(KERNEL_DS),
			   "r"(TSS_MAIN)
			 : "eax", "memory");
}

u16
gdt_set_df_task(void (*entry)(void), void *stack_top)
{
	memset(&tss_df, 0, sizeof(tss_df));
	tss_df.eip = (u32)entry;
	tss_df.esp = (u32)stack_top;
	tss_df.cr3 = read_cr3();
	tss_df.eflags = 0x2; /* bit 1 is always set; IF off */
	tss_df.cs = KERNEL_CS;
	tss_df.ds = tss_df.es = tss_df.fs = tss_df.gs = tss_df.ss = KERNEL_DS;
	tss_df.iomap_base = sizeof(struct tss);
	return TSS_DF;
}

void
gdt_set_df_cr3(u32 cr3)
{
	tss_df.cr3 = cr3;
}

void
gdt_set_main_cr3(u32 cr3)
{
	tss_main->cr3 = cr3;
}

const struct tss *
gdt_main_tss(void)
{
	return tss_main;
}

void
gdt_set_kernel_stack(u32 esp0)
{
	tss_main->esp0 = esp0;
}

u8 *
gdt_io_bitmap(void)
{
	return tss_main_io.io_bitmap;
}
