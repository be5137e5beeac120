/* kernel/user/devmem.h - /dev/mem and /dev/port (kernel/user/devmem.c). */
#ifndef KERNEL_USER_DEVMEM_H
#define KERNEL_USER_DEVMEM_H

#include "kernel/user/task.h"
#include "lib/types.h"

/* devmem_open - the kind of file @path names: FILE_MEM, FILE_PORT, or
 * FILE_NONE when it is neither. */
enum file_kind devmem_open(const char *path);

/* devmem_read, devmem_write - /dev/port: @count bytes at the file offset
 * (the port number) on, moving it; stops at port 0xffff. Returns the
 * bytes done, -EFAULT for a bad buffer, -EINVAL for /dev/mem (mmap2 it).
 * Thread context. */
int devmem_read(struct file *f, u32 ubuf, u32 count);
int devmem_write(struct file *f, u32 ubuf, u32 count);

/* devmem_mmap - map @npages of physical memory from page @pgoff at user
 * @va of @p, writable when @write: device memory uncached (PCD | PWT).
 * Returns 0, -EPERM for RAM the kernel owns (devmem_is_allowed), -EINVAL
 * past 4 GiB, -EEXIST or -ENOMEM. */
int devmem_mmap(struct process *p, u32 va, u32 npages, u32 pgoff, bool write);

/* devmem_is_allowed - may /dev/mem map physical page @pfn? Not for RAM
 * the frame allocator manages, nor any page System RAM touches above the
 * first MiB. Any context. */
bool devmem_is_allowed(u32 pfn);

#endif
