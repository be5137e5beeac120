/* boot/user.S - into ring 3 and back out: user_enter and user_leave.
 *
 * The only way down from ring 0 to ring 3 is a far return or an IRET that
 * finds a ring-3 CS on the stack (SDM vol. 3, 6.12.1, "IRET"): the CPU
 * pops EIP, CS, EFLAGS and, because the privilege changes, ESP and SS too.
 * So user_enter copies a prepared struct trapframe (kernel/trap.h) onto
 * the stack and jumps into trap_return, the same path every interrupt
 * leaves through.
 *
 * The way back up is an interrupt, an exception or int 0x80: the CPU
 * loads SS:ESP from the TSS (ss0:esp0) and pushes the user's SS, ESP,
 * EFLAGS, CS, EIP there. One process runs at a time and the shell waits
 * for it, so esp0 is simply the shell's stack just below user_enter's
 * saved registers. When the process ends, user_leave puts ESP back at
 * those registers and returns from user_enter as if it were a function
 * that had just finished: whatever the kernel had stacked below (a system
 * call, a fault handler) is dropped.
 */
#include "kernel/gdt.h"

#define TRAPFRAME_SIZE (19 * 4) /* struct trapframe with esp and ss */

	.text
	.globl user_enter
	.type user_enter, @function
/* int user_enter(u32 *shell_esp, const struct trapframe *tf) */
user_enter:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 20(%esp), %eax	/* shell_esp */
	movl 24(%esp), %esi	/* tf */
	movl %esp, (%eax)
	pushl %esp		/* traps from ring 3 land just below here */
	call gdt_set_kernel_stack
	addl $4, %esp
	subl $TRAPFRAME_SIZE, %esp
	movl %esp, %edi
	movl $(TRAPFRAME_SIZE / 4), %ecx
	cld
	rep movsl
	jmp trap_return
	.size user_enter, . - user_enter

	.globl user_leave
	.type user_leave, @function
/* void user_leave(u32 shell_esp, int status) */
user_leave:
	movl 8(%esp), %eax	/* user_enter's return value */
	movl 4(%esp), %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size user_leave, . - user_leave
	.section .note.GNU-stack, "", @progbits
