/* kernel/gdt.h - porthole's segment selectors and task state segments. */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#define KERNEL_CS 0x08 /* GDT entry 1: flat 4 GiB code, ring 0 */
#define KERNEL_DS 0x10 /* GDT entry 2: flat 4 GiB data, ring 0 */
#define TSS_MAIN 0x18  /* GDT entry 3: the task everything normally runs in */
#define TSS_DF 0x20    /* GDT entry 4: the double-fault task */
#define USER_CS 0x2b   /* GDT entry 5: flat 4 GiB code, ring 3 (RPL 3) */
#define USER_DS 0x33   /* GDT entry 6: flat 4 GiB data, ring 3 (RPL 3) */

/* The I/O permission bitmap: one bit a port, 0 = allowed (SDM vol. 1,
 * 19.5.2). */
#define IO_BITMAP_BITS 65536
#define IO_BITMAP_BYTES (IO_BITMAP_BITS / 8)

#ifndef __ASSEMBLER__ /* boot/traps.S needs only the selectors */
#include "lib/types.h"

/* The 32-bit Task State Segment (Intel SDM vol. 3, 8.2.1, figure 8-2). */
struct tss {
	u16 link, _r0;
	u32 esp0;
	u16 ss0, _r1;
	u32 esp1;
	u16 ss1, _r2;
	u32 esp2;
	u16 ss2, _r3;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u16 es, _r4, cs, _r5, ss, _r6, ds, _r7, fs, _r8, gs, _r9, ldt, _r10;
	u16 trap, iomap_base;
} __packed;

/* gdt_init - load porthole's flat GDT, reload every segment register and
 * the task register. Called once, first thing in kmain. */
void gdt_init(void);

/* gdt_set_df_task - prepare the double-fault task to run entry() on a stack
 * of its own, with the current CR3. Returns the TSS selector for the IDT. */
u16 gdt_set_df_task(void (*entry)(void), void *stack_top);

/* gdt_set_df_cr3 - the page directory (physical address) the double-fault
 * task switches to: the kernel's own once paging_init built it. Boot. */
void gdt_set_df_cr3(u32 cr3);

/* gdt_set_main_cr3 - the page directory a task return (IRET from the
 * double-fault task) loads for the main task: CR3 is a static TSS field,
 * loaded on a task switch and never saved. Double-fault task only. */
void gdt_set_main_cr3(u32 cr3);

/* gdt_main_tss - the task everything normally runs in. After a double
 * fault the CPU has saved the interrupted registers there, for the report;
 * the double-fault task reads them. */
const struct tss *gdt_main_tss(void);

/* gdt_set_kernel_stack - the stack (ss0:esp0 in the main TSS) the CPU
 * switches to when an interrupt, exception or int 0x80 arrives in ring 3
 * (SDM vol. 3, 6.12.1). Used by boot/user.S. Any context. */
void gdt_set_kernel_stack(u32 esp0);

/* gdt_io_bitmap - the main TSS's I/O permission bitmap (IO_BITMAP_BYTES;
 * a set bit denies its port to ring 3 unless CPL <= IOPL). All ones, every
 * port denied, until kernel/user/ioperm.c copies a process's bitmap in. */
u8 *gdt_io_bitmap(void);

#endif /* __ASSEMBLER__ */

#endif
