/* boot/multiboot.S - the first instructions porthole runs.
 *
 * A Multiboot v1 loader (GRUB's `multiboot` command, or `qemu -kernel`)
 * loads the ELF at its physical addresses, puts EAX = 0x2BADB002 and
 * EBX = physical address of the multiboot information, and jumps to _start
 * in 32-bit protected mode with paging off (Multiboot spec 0.6.96, 3.2).
 *
 * The kernel is linked at virtual 0xC0100000 (PAGE_OFFSET + 1 MiB, the
 * 3 GiB / 1 GiB split) but loaded at physical 1 MiB, so before any C runs we
 * build early page tables that map the first EARLY_MAP_MB of physical memory
 * twice: at 0 (so the next instruction, still at a low address, keeps
 * working) and at PAGE_OFFSET. Then we jump up, and kmain() drops the low
 * mapping. Everything in this file before the jump runs at physical
 * addresses, so symbols linked high are used as (sym - PAGE_OFFSET).
 */
#include "boot/layout.h"

/* Multiboot v1 header (spec 3.1.1). */
#define MB_MAGIC 0x1BADB002
#define MB_PAGE_ALIGN (1 << 0)  /* load modules on page boundaries */
#define MB_MEMORY_INFO (1 << 1) /* we want mem_* and the memory map */
#define MB_FLAGS (MB_PAGE_ALIGN | MB_MEMORY_INFO)

#define CR0_PG 0x80000000 /* paging enable (SDM vol. 3, 2.5) */
#define PTE_P 0x001       /* present */
#define PTE_RW 0x002      /* writable */

#define V2P(x) ((x) - PAGE_OFFSET)

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	/* Keep the loader's EAX/EBX for kmain. */
	movl %eax, %esi
	movl %ebx, %edi

	/* Fill the early page tables: entry i maps physical page i. */
	movl $V2P(early_page_tables), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	orl $(PTE_P | PTE_RW), %eax
	movl %eax, (%ebx, %ecx, 4)
	incl %ecx
	cmpl $(EARLY_MAP_MB * 256), %ecx
	jb 1b

	/* Unmap the guard page below the boot stack: a kernel stack overflow
	 * then faults (and becomes a reported double fault) instead of
	 * silently overwriting whatever lies below. */
	movl $V2P(boot_stack_guard), %eax
	shrl $12, %eax
	movl $0, (%ebx, %eax, 4)

	/* Point page directory entries at the tables, at 0 and at PAGE_OFFSET. */
	movl $V2P(early_page_dir), %edx
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $12, %eax
	addl $V2P(early_page_tables), %eax
	orl $(PTE_P | PTE_RW), %eax
	movl %eax, (%edx, %ecx, 4)
	movl %eax, (4 * (PAGE_OFFSET >> 22))(%edx, %ecx, 4)
	incl %ecx
	cmpl $(EARLY_MAP_MB / 4), %ecx
	jb 2b

	movl %edx, %cr3
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0

	/* Paging is on; jump to the higher half. */
	lea higher_half, %eax
	jmp *%eax

	.text
higher_half:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp         /* backtraces stop here */
	call cpu_check          /* halts, saying why, on a CPU below i686 */
	pushl %edi              /* multiboot info (physical address) */
	pushl %esi              /* multiboot magic */
	call kmain
3:	cli
	hlt
	jmp 3b

	.bss
	.align 4096
	.globl early_page_dir, early_page_tables
early_page_dir:
	.skip 4096
early_page_tables:
	.skip 4096 * (EARLY_MAP_MB / 4)

	.globl boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
	.skip 4096
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:
