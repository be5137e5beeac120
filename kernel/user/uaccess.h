/* kernel/user/uaccess.h - reading and writing the current process's
 * memory from a system call, safely (Linux's uaccess.h in spirit). */
#ifndef KERNEL_USER_UACCESS_H
#define KERNEL_USER_UACCESS_H

#include "lib/types.h"

/* access_ok - may the current process's ring 3 read (or, with @write,
 * write) all of [@va, @va + @len)? A page just below the stack is mapped
 * first (the stack grows on demand). Returns 0 or -EFAULT. Thread
 * context, a process running. */
int access_ok(u32 va, u32 len, bool write);

/* copy_from_user, copy_to_user - access_ok, then copy. Return 0 or
 * -EFAULT (nothing copied). */
int copy_from_user(void *dst, u32 usrc, u32 len);
int copy_to_user(u32 udst, const void *src, u32 len);

/* strncpy_from_user - a NUL-terminated string of at most @size - 1 bytes.
 * Returns its length, -EFAULT, or -ENAMETOOLONG. */
int strncpy_from_user(char *dst, u32 usrc, u32 size);

#endif
