/* user/badargs.c - system calls with bad arguments, and what they answer.
 *
 * Every pointer a program passes is checked by the kernel before use
 * (kernel/user/uvm.c): inside user space, mapped, writable where the
 * kernel writes. A bad one gets -EFAULT, and the kernel never faults.
 * Numbers out of range get -EINVAL, a port range past 0xffff too, and
 * System RAM through /dev/mem gets -EPERM. The answers expected here are
 * a 32-bit Linux's for the same calls, except where docs/user.md says
 * porthole differs (a buffer that runs off mapped memory: Linux copies
 * what it can and returns that count, porthole refuses it whole). One
 * line per call, "ok" or "not ok"; the exit status is how many were not.
 */
#include "user/lib/ulib.h"

#define KERNEL_ADDR 0xc0100000ul /* the kernel image's virtual address */
#define UNMAPPED_ADDR 0x10000000ul
#define KERNEL_RAM_PAGE 0x100 /* physical 1 MiB: the kernel image */
#define SYS_break 17	      /* a number Linux i386 never implemented */

static int failures;

static void
show(long v)
{
	if (v < 0 && v > -4096)
		printf("-%s", errname(v));
	else
		printf("%ld", v);
}

static void
check(const char *what, long got, long want)
{
	printf("%s - %s = ", got == want ? "ok" : "not ok", what);
	show(got);
	if (got != want) {
		failures++;
		printf(" (want ");
		show(want);
		printf(")");
	}
	printf("\n");
}

int
main(void)
{
	static char buf[64];
	struct timespec bad_ts = {0, 2000000000};
	int mem = open("/dev/mem", O_RDWR);
	int port = open("/dev/port", O_RDWR);

	check("open(\"/dev/mem\") is fd 3", mem, 3);
	check("open(\"/dev/port\") is fd 4", port, 4);
	check("write(1, kernel address, 16)", write(1, (void *)KERNEL_ADDR, 16),
	      -14);
	check("write(1, unmapped address, 16)",
	      write(1, (void *)UNMAPPED_ADDR, 16), -14);
	check("write(1, buf, 0x7fffffff) runs off user memory",
	      write(1, buf, 0x7fffffff), -14);
	check("write(1, buf, 0xfffffff0) wraps", write(1, buf, 0xfffffff0u),
	      -14);
	check("read(/dev/port, read-only text, 1)", read(port, (void *)main, 1),
	      -14);
	check("read(/dev/port, kernel address, 1)",
	      read(port, (void *)KERNEL_ADDR, 1), -14);
	check("write(9, buf, 1) on a closed fd", write(9, buf, 1), -9);
	check("open(kernel address)", open((char *)KERNEL_ADDR, O_RDONLY), -14);
	check("open(\"/etc/passwd\")", open("/etc/passwd", O_RDONLY), -2);
	check("nanosleep(kernel address)",
	      nanosleep((struct timespec *)KERNEL_ADDR, 0), -14);
	check("nanosleep(tv_nsec = 2e9)", nanosleep(&bad_ts, 0), -22);
	check("ioperm(0xffff, 2, 1) past 0xffff", ioperm(0xffff, 2, 1), -22);
	check("ioperm(0x10000, 1, 1)", ioperm(0x10000, 1, 1), -22);
	check("ioperm(0x80, 0, 1)", ioperm(0x80, 0, 1), -22);
	check("ioperm(0xffffffff, 2, 1) wraps", ioperm(0xffffffffu, 2, 1), -22);
	check("ioperm(0xfffe, 2, 1), the last two ports", ioperm(0xfffe, 2, 1),
	      0);
	check("iopl(4)", iopl(4), -22);
	check("mmap2(/dev/mem, kernel RAM at 1 MiB)",
	      mmap2(0, 4096, PROT_READ, MAP_SHARED, mem, KERNEL_RAM_PAGE), -1);
	check("mmap2(/dev/mem, length 0)",
	      mmap2(0, 0, PROT_READ, MAP_SHARED, mem, 0xb8), -22);
	check("mmap2(/dev/mem, past 4 GiB)",
	      mmap2(0, 4096, PROT_READ, MAP_SHARED, mem, 0x100000), -22);
	check("mmap2(MAP_FIXED at a kernel address)",
	      mmap2((void *)KERNEL_ADDR, 4096, PROT_READ,
		    MAP_SHARED | MAP_FIXED, mem, 0xb8),
	      -22);
	check("mmap2(fd 9, closed)",
	      mmap2(0, 4096, PROT_READ, MAP_SHARED, 9, 0xb8), -9);
	check("munmap(unaligned)", munmap((void *)0x40000001, 4096), -22);
	check("munmap(kernel address)", munmap((void *)KERNEL_ADDR, 4096), -22);
	check("lseek(1, 0, SEEK_SET) on the console", lseek(1, 0, SEEK_SET),
	      -29);
	check("close(9)", close(9), -9);
	check("system call 17 (break)", syscall0(SYS_break), -38);
	check("system call 999", syscall0(999), -38);
	/* and a few that must work */
	struct timespec ten_ms = {0, 10000000};
	check("nanosleep(10 ms)", nanosleep(&ten_ms, 0), 0);
	long anon = mmap2(0, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("mmap2(MAP_ANONYMOUS, 8 KiB) is page-aligned", anon & 0xfff, 0);
	if (!is_err(anon)) {
		((volatile char *)anon)[8191] = 1;
		check("munmap of it", munmap((void *)anon, 8192), 0);
	}
	check("lseek(/dev/port, 0xfffe)", lseek(port, 0xfffe, SEEK_SET),
	      0xfffe);
	check("read(/dev/port, 4 bytes at 0xfffe) stops at 0xffff",
	      read(port, buf, 4), 2);
	check("lseek(/dev/port, 0x80)", lseek(port, 0x80, SEEK_SET), 0x80);
	check("write(/dev/port, 1 byte at 0x80)", write(port, buf, 1), 1);
	check("write(1, \"a\\0b\\n\", 4): a NUL is written too",
	      write(1, "a\0b\n", 4), 4);
	check("close(/dev/port)", close(port), 0);
	/* The last port: its bit is the bitmap's last; the CPU reads it with
	 * the 0xff byte after it, which the TSS limit must cover. */
	check("ioperm(0xffff, 1, 1)", ioperm(0xffff, 1, 1), 0);
	check("inb(0xffff) from ring 3: no fault, nothing there", inb(0xffff),
	      0xff);
	printf("%d not ok\n", failures);
	return failures;
}
