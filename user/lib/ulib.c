/* user/lib/ulib.c - system call wrappers and printf for user programs.
 *
 * The formatting is the kernel's own lib/vsprintf.c, built a second time
 * for ring 3: printf formats into a buffer and hands it to write(1).
 */
#include <stdarg.h>
#include "lib/vsprintf.h"
#include "user/lib/ulib.h"

void
exit(int status)
{
	for (;;)
		syscall1(SYS_exit_group, status);
}

long
write(int fd, const void *buf, unsigned long n)
{
	return syscall3(SYS_write, fd, (long)buf, (long)n);
}

long
read(int fd, void *buf, unsigned long n)
{
	return syscall3(SYS_read, fd, (long)buf, (long)n);
}

long
open(const char *path, int flags)
{
	return syscall2(SYS_open, path, flags);
}

long
close(int fd)
{
	return syscall1(SYS_close, fd);
}

long
lseek(int fd, long off, int whence)
{
	return syscall3(SYS_lseek, fd, off, whence);
}

long
getpid(void)
{
	return syscall0(SYS_getpid);
}

long
ioperm(unsigned long from, unsigned long num, int on)
{
	return syscall3(SYS_ioperm, (long)from, (long)num, on);
}

long
iopl(int level)
{
	return syscall1(SYS_iopl, level);
}

long
nanosleep(const struct timespec *req, struct timespec *rem)
{
	return syscall2(SYS_nanosleep, req, rem);
}

long
mmap2(void *addr, unsigned long len, int prot, int flags, int fd,
      unsigned long pgoff)
{
	return syscall6(SYS_mmap2, (long)addr, (long)len, prot, flags, fd,
			(long)pgoff);
}

long
munmap(void *addr, unsigned long len)
{
	return syscall2(SYS_munmap, addr, len);
}

int
printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	write(1, buf, n);
	return n;
}
