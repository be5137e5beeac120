/* kernel/user/ioperm.h - the TSS I/O permission bitmap and EFLAGS.IOPL
 * for user processes (kernel/user/ioperm.c). */
#ifndef KERNEL_USER_IOPERM_H
#define KERNEL_USER_IOPERM_H

#include "kernel/user/task.h"
#include "lib/types.h"

/* sys_ioperm - ioperm(2): allow (@turn_on) or deny ring-3 access to ports
 * @from .. @from + @num - 1 for the current process. Returns 0, -EINVAL
 * (num 0, wraps, or past 0xffff), -ENOMEM. Thread context. */
int sys_ioperm(u32 from, u32 num, u32 turn_on);

/* sys_iopl - iopl(2): EFLAGS.IOPL = @level in the frame the system call
 * returns through. Returns 0 or -EINVAL (level > 3). */
int sys_iopl(u32 level);

/* ioperm_load - put @p's bitmap into the TSS (all ones when it has none).
 * ioperm_unload - deny every port again and free @p's bitmap. Thread
 * context or interrupts off. */
void ioperm_load(struct process *p);
void ioperm_unload(struct process *p);

#endif
