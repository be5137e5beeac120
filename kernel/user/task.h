/* kernel/user/task.h - what the kernel keeps about a user process.
 *
 * A process is a page directory of its own (the user half 0-3 GiB its
 * own, the kernel half shared: kernel/user/uvm.h), an I/O permission
 * bitmap (kernel/user/ioperm.c), a few open files (/dev/mem, /dev/port:
 * kernel/user/devmem.c) and the saved state of the shell that waits for
 * it. Only the data lives here, so that every part of kernel/user/ can
 * read it; kernel/user/process.h has what is done with it.
 */
#ifndef KERNEL_USER_TASK_H
#define KERNEL_USER_TASK_H

#include "kernel/trap.h"
#include "lib/types.h"

#define PROC_NAME_MAX 16  /* like Linux's TASK_COMM_LEN, with the NUL */
#define PROC_MAX_FILES 8  /* fds 0-2 are the console */
#define PROC_MAX_VMAS 12  /* ELF segments and mmap2 areas */
#define IO_BITMAP_PAGES 2 /* 8 KiB: two frames of the process's own */

/* open() access modes, Linux's values. */
#define O_ACCMODE 3
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2

enum file_kind { FILE_NONE, FILE_CONSOLE, FILE_MEM, FILE_PORT };

struct file {
	enum file_kind kind;
	u32 mode; /* O_RDONLY, O_WRONLY, O_RDWR */
	u32 pos;
};

/* A range of user addresses the process has (for the fault line's
 * "in name[start+size]"). */
struct vma {
	u32 start, end; /* page-aligned, end exclusive; start == end: unused */
	bool from_file; /* an ELF segment: the fault line names the program */
};

struct process {
	int pid;
	char name[PROC_NAME_MAX];
	u32 *pgdir;			/* its page directory (direct map) */
	u32 kernel_cr3;			/* the kernel's, to go back to */
	u8 *io_bitmap[IO_BITMAP_PAGES]; /* NULL until the first ioperm() */
	u32 io_bitmap_max; /* bytes of it that may hold a zero (allowed) */
	struct file files[PROC_MAX_FILES];
	struct vma vmas[PROC_MAX_VMAS];
	u32 stack_low;	      /* lowest mapped stack page; it grows down */
	u32 stack_limit;      /* to this, on demand */
	struct trapframe *tf; /* the frame of the system call in progress */
	u32 shell_esp;	      /* where user_leave goes back to */
};

/* current - the process running now, NULL while the shell runs. */
extern struct process *current;

#endif
