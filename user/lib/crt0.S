/* user/lib/crt0.S - where a user program starts: _start, the ELF entry.
 *
 * The kernel (kernel/user/process.c) enters here in ring 3 with the stack
 * laid out as the Linux i386 ABI has it (System V i386 ABI, 3-31,
 * "Process Stack and Registers"):
 *
 *     esp ->  argc
 *             argv[0] ... argv[argc - 1], NULL
 *             envp[0] ... NULL
 *             auxv pairs (type, value) ... AT_NULL
 *             the strings themselves, near the top of the stack
 *
 * _start calls main(argc, argv, envp) and passes what it returns to exit:
 * a program built with this file runs unchanged on Linux.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp           /* the outermost frame: backtraces stop here */
	movl (%esp), %eax         /* argc */
	leal 4(%esp), %ecx        /* argv */
	leal 8(%esp, %eax, 4), %edx /* envp: past argv's NULL */
	andl $-16, %esp           /* the ABI's 16-byte alignment at the call */
	subl $4, %esp
	pushl %edx
	pushl %ecx
	pushl %eax
	call main
	movl %eax, (%esp)
	call exit
	ud2                       /* exit does not return */
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
