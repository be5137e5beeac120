/* boot/traps.S - one entry stub per interrupt vector, and the common path.
 *
 * The CPU enters a vector with EFLAGS, CS, EIP on the stack and, for a few
 * exceptions only (8, 10-14, 17, 21, 29, 30: SDM vol. 3, table 6-1), an error
 * code on top. Each stub pushes a dummy error code where the CPU did not, then
 * its vector number, so that every trap frame has the same shape: struct
 * trapframe in kernel/trap.h, read from the bottom of this picture up:
 *
 *     eflags, cs, eip        pushed by the CPU
 *     error code, vector     pushed by the stub
 *     eax ... edi            PUSHAL
 *     ds, es, fs, gs         pushed by trap_common
 *
 * trap_common then calls trap_dispatch(frame) in kernel/traps.c, restores
 * everything and returns with IRET (dropping 4 bytes fewer when
 * trap_dispatch says an interrupt came in on an error-code vector).
 * trap_stubs[] lists the 256 entry points for idt_init().
 */
#include "kernel/gdt.h"

.altmacro

.macro trap_stub n
	.text
	.align 4
trap_stub_\n:
	.if !((\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30))
	pushl $0
	.endif
	pushl $\n
	jmp trap_common
	.section .rodata
	.long trap_stub_\n
.endm

	.section .rodata
	.align 4
	.globl trap_stubs
trap_stubs:
	.set vec, 0
	.rept 256
	trap_stub %vec
	.set vec, vec + 1
	.endr

	.text
	.globl trap_common
	.type trap_common, @function
trap_common:
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movw $KERNEL_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	pushl %esp              /* struct trapframe * */
	call trap_dispatch
	addl $4, %esp
	testb %al, %al          /* true: the frame has no error code */
	jnz trap_return_no_error_code
	.globl trap_return
trap_return:
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp           /* vector and error code */
	iret
/* An interrupt (not the exception) on a vector whose exception pushes an
 * error code: the CPU pushed none and neither did the stub, so EIP sits
 * right above the vector. */
trap_return_no_error_code:
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $4, %esp           /* the vector alone */
	iret
	.size trap_common, . - trap_common
