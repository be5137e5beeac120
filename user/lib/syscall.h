/* user/lib/syscall.h - the Linux i386 system call interface, by hand.
 *
 * A program asks the kernel for a service with `int $0x80`: the call's
 * number in EAX, its arguments in EBX, ECX, EDX, ESI, EDI, EBP, and the
 * result back in EAX, a value or -errno (-4095..-1). The numbers are
 * Linux's (arch/x86/entry/syscalls/syscall_32.tbl), so a program built on
 * these wrappers runs the same on Linux and on porthole.
 */
#ifndef USER_LIB_SYSCALL_H
#define USER_LIB_SYSCALL_H

#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_open 5
#define SYS_close 6
#define SYS_lseek 19
#define SYS_getpid 20
#define SYS_munmap 91
#define SYS_ioperm 101
#define SYS_iopl 110
#define SYS_nanosleep 162
#define SYS_mmap2 192
#define SYS_exit_group 252

static inline long
syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;

	/* EBP is the sixth argument; it may be the frame pointer, so save
	 * it by hand around the trap. */
	__asm__ volatile("pushl %%ebp\n\t"
			 "movl %7, %%ebp\n\t"
			 "int $0x80\n\t"
			 "popl %%ebp"
			 : "=a"(ret)
			 : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e),
			   "m"(f)
			 : "memory");
	return ret;
}

static inline long
syscall3(long n, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(n), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}

#define syscall0(n) syscall3((n), 0, 0, 0)
#define syscall1(n, a) syscall3((n), (long)(a), 0, 0)
#define syscall2(n, a, b) syscall3((n), (long)(a), (long)(b), 0)

#endif
