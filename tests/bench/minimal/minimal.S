/* tests/bench/minimal/minimal.S - the yardstick for porthole's boot time:
 * the smallest multiboot kernel that prints one line on COM1 and halts.
 * `make bench` boots it with the same QEMU command line as porthole. */
	.section .multiboot, "a"
	.align 4
	.long 0x1BADB002, 0, -0x1BADB002

	.text
	.globl _start
_start:
	mov $msg, %esi
1:	lodsb
	test %al, %al
	jz 3f
	mov $0x3fd, %dx          /* COM1 line status */
2:	inb %dx, %al
	test $0x20, %al          /* transmitter holding register empty */
	jz 2b
	mov -1(%esi), %al
	mov $0x3f8, %dx
	outb %al, %dx
	jmp 1b
3:	cli
	hlt
	jmp 3b

	.section .rodata
msg:	.asciz "minimal> "
