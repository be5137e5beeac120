/* kernel/user/syscall.h - the system calls, as the files implementing
 * them declare them to the table in kernel/user/syscall.c. Each takes the
 * raw register values (EBX, ECX, EDX, ESI, EDI, EBP) it needs and returns
 * a result or -errno for EAX. They run with interrupts on, on the kernel
 * stack below the shell's, with the process's page directory loaded. */
#ifndef KERNEL_USER_SYSCALL_H
#define KERNEL_USER_SYSCALL_H

#include "kernel/user/process.h"
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
#define O_ACCMODE 3
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define SEEK_SET 0
#define SEEK_CUR 1

/* kernel/user/ioperm.c */
int sys_ioperm(u32 from, u32 num, u32 turn_on);
int sys_iopl(u32 level);
/* ioperm_load - put @p's bitmap into the TSS (all ones when it has none);
 * ioperm_unload - deny every port again. Interrupts off or thread. */
void ioperm_load(struct process *p);
void ioperm_unload(struct process *p);

/* kernel/user/devmem.c: /dev/mem and /dev/port. */
/* devmem_open - the kind of file @path names: FILE_MEM, FILE_PORT, or
 * FILE_NONE when it is neither. */
enum file_kind devmem_open(const char *path);
/* devmem_read, devmem_write - /dev/port: bytes at the file offset (the
 * port number), moving it on. Returns bytes done or -errno. */
int devmem_read(struct file *f, u32 ubuf, u32 count);
int devmem_write(struct file *f, u32 ubuf, u32 count);
/* devmem_mmap - map @npages of physical memory from page @pgoff at user
 * @va: -EPERM for RAM the kernel owns, device memory uncached. */
int devmem_mmap(struct process *p, u32 va, u32 npages, u32 pgoff, bool write);
/* devmem_is_allowed - may /dev/mem map physical page @pfn? */
bool devmem_is_allowed(u32 pfn);

#endif
