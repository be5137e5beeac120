/* kernel/user/syscall.h - Linux's i386 system call numbers and flags, and
 * the int 0x80 gate (kernel/user/syscall.c). A system call takes the raw
 * register values (EBX, ECX, EDX, ESI, EDI, EBP) it needs and returns a
 * result or -errno for EAX. It runs with interrupts on, on the kernel
 * stack below the shell's, with the process's page directory loaded. */
#ifndef KERNEL_USER_SYSCALL_H
#define KERNEL_USER_SYSCALL_H

#include "lib/types.h"

/* Linux i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
#define NR_exit 1
#define NR_read 3
#define NR_write 4
#define NR_open 5
#define NR_close 6
#define NR_lseek 19
#define NR_getpid 20
#define NR_munmap 91
#define NR_ioperm 101
#define NR_iopl 110
#define NR_nanosleep 162
#define NR_mmap2 192
#define NR_exit_group 252

/* Linux's flag values. */
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define SEEK_SET 0
#define SEEK_CUR 1

/* syscall_init - the int 0x80 gate (DPL 3, so ring 3 may raise it) and
 * its handler. Boot, after idt_init. */
void syscall_init(void);

#endif
