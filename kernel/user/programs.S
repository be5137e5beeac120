/* kernel/user/programs.S - the user programs, carried in the kernel image.
 *
 * user/user.mk builds each program in user/ as a static i386 ELF file in
 * build/user/; .incbin copies those files byte for byte into .rodata, and
 * user_programs[] lists each one's name, first byte and end for `run` and
 * `progs` (struct user_program in kernel/user/process.h). The loader reads
 * them as it would read a file: nothing here is trusted (badelf is one
 * made malformed on purpose).
 */
.macro program name
	.section .rodata
	.balign 16
prog_\name\()_start:
	.incbin "\name"
prog_\name\()_end:
	.section .rodata.str1.1, "aMS", @progbits, 1
prog_\name\()_name:
	.asciz "\name"
	.section .rodata.user_programs, "a"
	.long prog_\name\()_name, prog_\name\()_start, prog_\name\()_end
.endm

	.section .rodata.user_programs, "a"
	.balign 4
	.globl user_programs
user_programs:
	/* "program NAME" for each, in user/user.mk's order (generated) */
	.include "programs.inc"
	.section .rodata.user_programs, "a"
	.long 0, 0, 0
	.section .note.GNU-stack, "", @progbits
