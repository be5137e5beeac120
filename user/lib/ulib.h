/* user/lib/ulib.h - the small C library porthole's user programs share:
 * system call wrappers (returning -errno, not setting errno), printf on
 * write(1), port I/O and the CMOS clock. */
#ifndef USER_LIB_ULIB_H
#define USER_LIB_ULIB_H

#include "lib/string.h"
#include "lib/types.h"
#include "user/lib/syscall.h"

/* open flags, mmap protections and flags: Linux's values. */
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_SYNC 0x101000
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED_MAX 4095 /* a result in -4095..-1 is an error */
#define SEEK_SET 0
#define SEEK_CUR 1

struct timespec {
	long tv_sec;
	long tv_nsec;
};

__attribute__((noreturn)) void exit(int status);
long write(int fd, const void *buf, unsigned long n);
long read(int fd, void *buf, unsigned long n);
long open(const char *path, int flags);
long close(int fd);
long lseek(int fd, long off, int whence);
long getpid(void);
long ioperm(unsigned long from, unsigned long num, int on);
long iopl(int level);
long nanosleep(const struct timespec *req, struct timespec *rem);
/* mmap2 - the offset is in 4096-byte pages. Returns the address, or a
 * value in -4095..-1 (test with is_err). */
long mmap2(void *addr, unsigned long len, int prot, int flags, int fd,
	   unsigned long pgoff);
long munmap(void *addr, unsigned long len);

static inline int
is_err(long ret)
{
	return (unsigned long)ret >= (unsigned long)-MAP_FAILED_MAX;
}

int printf(const char *fmt, ...) __printf(1, 2);
/* errname - "EFAULT" for -14 or 14 (lib/errno.c). */
const char *errname(int err);

/* Port I/O from ring 3: allowed only where the TSS bitmap (ioperm) or
 * EFLAGS.IOPL (iopl) says so; otherwise the CPU raises #GP. */
static inline unsigned char
inb(unsigned short port)
{
	unsigned char v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outb(unsigned char v, unsigned short port)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline unsigned short
inw(unsigned short port)
{
	unsigned short v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outw(unsigned short v, unsigned short port)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline unsigned int
inl(unsigned short port)
{
	unsigned int v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outl(unsigned int v, unsigned short port)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline unsigned long long
rdtsc(void)
{
	unsigned int lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

/* rtc_print_time - read the MC146818 CMOS clock through ports 0x70/0x71
 * and print it as "HH:MM:SS". The caller must have the ports (ioperm or
 * iopl); without them the first outb raises #GP and the process dies. */
void rtc_print_time(void);

#endif
