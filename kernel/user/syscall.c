/* kernel/user/syscall.c - int 0x80: Linux's i386 system call interface.
 *
 * A program in ring 3 executes `int $0x80`. The IDT gate for vector 0x80
 * has DPL 3, so ring 3 may raise it (every other gate has DPL 0: `int N`
 * from ring 3 is a #GP instead); the CPU switches to the kernel stack the
 * TSS names and enters through the same stub as every interrupt
 * (boot/traps.S). The call's number is in EAX, its arguments in EBX, ECX,
 * EDX, ESI, EDI and EBP, and what goes back in EAX is a result or -errno:
 * Linux's convention and Linux's numbers (syscall_32.tbl), so a program
 * built on user/lib runs unchanged on Linux. An unknown number returns
 * -ENOSYS. Every pointer is checked before use (kernel/user/uvm.c).
 *
 * Files: fds 0, 1 and 2 are the console (writes appear on the serial port
 * and the screen; a read finds end of file, as from /dev/null); open()
 * knows /dev/mem and /dev/port (kernel/user/devmem.c).
 */
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/user/devmem.h"
#include "kernel/user/ioperm.h"
#include "kernel/user/process.h"
#include "kernel/user/syscall.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/uvm.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PATH_MAX_LEN 64
#define WRITE_CHUNK 256

static struct file *
fd_file(u32 fd)
{
	if (fd >= PROC_MAX_FILES || current->files[fd].kind == FILE_NONE)
		return NULL;
	return &current->files[fd];
}

static __noreturn int
sys_exit(u32 status)
{
	process_exit(W_EXITCODE(status));
}

static int
sys_getpid(void)
{
	return current->pid;
}

static int
console_write(u32 ubuf, u32 count)
{
	char buf[WRITE_CHUNK];

	if (access_ok(ubuf, count, false))
		return -EFAULT;
	for (u32 done = 0; done < count; done += WRITE_CHUNK) {
		u32 n = MIN(count - done, WRITE_CHUNK);

		if (copy_from_user(buf, ubuf + done, n))
			return -EFAULT;
		/* printk's %s ends at a NUL: print the runs between them
		 * (a NUL byte shows nothing on a terminal anyway) */
		for (u32 i = 0, len; i < n; i += len + 1) {
			len = strnlen(buf + i, n - i);
			printk("%.*s", (int)len, buf + i);
		}
	}
	return (int)count;
}

static int
sys_write(u32 fd, u32 ubuf, u32 count)
{
	struct file *f = fd_file(fd);

	if (!f || (f->mode & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (f->kind == FILE_CONSOLE)
		return console_write(ubuf, count);
	return devmem_write(f, ubuf, count);
}

static int
sys_read(u32 fd, u32 ubuf, u32 count)
{
	struct file *f = fd_file(fd);

	if (!f || (f->mode & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->kind == FILE_CONSOLE)
		return access_ok(ubuf, count, true) ? -EFAULT : 0;
	return devmem_read(f, ubuf, count);
}

static int
sys_open(u32 upath, u32 flags)
{
	char path[PATH_MAX_LEN];
	int len = strncpy_from_user(path, upath, sizeof(path));
	enum file_kind kind;

	if (len < 0)
		return len == -ENAMETOOLONG ? -ENOENT : len;
	kind = devmem_open(path);
	if (kind == FILE_NONE)
		return -ENOENT;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	for (int fd = 0; fd < PROC_MAX_FILES; fd++) {
		struct file *f = &current->files[fd];

		if (f->kind == FILE_NONE) {
			f->kind = kind;
			f->mode = flags & O_ACCMODE;
			f->pos = 0;
			return fd;
		}
	}
	return -EMFILE;
}

static int
sys_close(u32 fd)
{
	struct file *f = fd_file(fd);

	if (!f)
		return -EBADF;
	f->kind = FILE_NONE;
	return 0;
}

static int
sys_lseek(u32 fd, u32 off, u32 whence)
{
	struct file *f = fd_file(fd);
	u32 pos;

	if (!f)
		return -EBADF;
	if (f->kind == FILE_CONSOLE)
		return -ESPIPE;
	if (whence == SEEK_SET)
		pos = off;
	else if (whence == SEEK_CUR)
		pos = f->pos + off;
	else
		return -EINVAL; /* SEEK_END: these files have no end */
	if ((s32)pos < 0)
		return -EOVERFLOW; /* a 32-bit off_t holds up to 2 GiB */
	f->pos = pos;
	return (int)pos;
}

static int
sys_nanosleep(u32 ureq, u32 urem)
{
	struct {
		s32 tv_sec, tv_nsec;
	} req, rem;
	u64 end;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 ||
	    (u32)req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	end = uptime_ns() + (u64)req.tv_sec * NSEC_PER_SEC + (u32)req.tv_nsec;
	while (uptime_ns() < end) {
		if (tty_interrupted()) {
			u64 left = end - uptime_ns();

			rem.tv_sec = (s32)(left / NSEC_PER_SEC);
			rem.tv_nsec = (s32)(left % NSEC_PER_SEC);
			if (urem && copy_to_user(urem, &rem, sizeof(rem)))
				return -EFAULT;
			return -EINTR;
		}
		if (time_have_tick()) /* wait for the next interrupt */
			__asm__ volatile("sti; hlt" ::: "memory");
		else /* no timer would end a HLT: spin on the TSC */
			__asm__ volatile("pause");
	}
	return 0;
}

/* A free range of @npages at or above USER_MMAP_BASE, below the stack's
 * limit; 0 if there is none. */
static u32
mmap_find(struct process *p, u32 npages)
{
	u32 va = USER_MMAP_BASE, run = 0;

	for (u32 a = USER_MMAP_BASE; a < p->stack_limit; a += PAGE_SIZE) {
		if (uvm_pte(p->pgdir, a) & PTE_P) {
			run = 0;
			va = a + PAGE_SIZE;
			continue;
		}
		if (++run == npages)
			return va;
	}
	return 0;
}

static int
sys_munmap(u32 addr, u32 len)
{
	u32 end = ALIGN_UP((u64)addr + len, PAGE_SIZE) > USER_TOP
			  ? 0
			  : ALIGN_UP(addr + len, PAGE_SIZE);

	if ((addr & ~PAGE_MASK) || len == 0 || addr < USER_LO || !end ||
	    end <= addr)
		return -EINVAL;
	for (u32 va = addr; va < end; va += PAGE_SIZE)
		uvm_unmap(current->pgdir, va);
	vma_remove(current, addr, end);
	return 0;
}

static int
sys_mmap2(u32 addr, u32 len, u32 prot, u32 flags, u32 fd, u32 pgoff)
{
	struct process *p = current;
	u32 npages = (u32)(ALIGN_UP((u64)len, PAGE_SIZE) / PAGE_SIZE);
	bool write = prot & PROT_WRITE;
	struct file *f = NULL;
	int err = 0;

	if (len == 0 || len > USER_TOP || !(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_file(fd);
		if (!f)
			return -EBADF;
		if (f->kind != FILE_MEM)
			return -ENODEV; /* only /dev/mem can be mapped */
		if ((f->mode == O_RDONLY && write) || f->mode == O_WRONLY)
			return -EACCES;
	}
	if (flags & MAP_FIXED) {
		if ((addr & ~PAGE_MASK) || addr < USER_LO ||
		    addr > USER_TOP - npages * PAGE_SIZE)
			return -EINVAL;
		sys_munmap(addr, len);
	} else {
		addr = mmap_find(p, npages);
		if (!addr)
			return -ENOMEM;
	}
	if (f) {
		err = devmem_mmap(p, addr, npages, pgoff, write);
	} else {
		for (u32 i = 0; i < npages && !err; i++)
			err = uvm_alloc(p->pgdir, addr + i * PAGE_SIZE,
					write ? PTE_RW : 0, NULL);
		if (err)
			sys_munmap(addr, len);
	}
	if (!err && vma_add(p, addr, addr + npages * PAGE_SIZE, false)) {
		sys_munmap(addr, len);
		err = -ENOMEM;
	}
	return err ? err : (int)addr;
}

/* The table, as a switch: each call takes the registers it needs. */
static int
do_syscall(u32 nr, const struct trapframe *tf)
{
	u32 a = tf->ebx, b = tf->ecx, c = tf->edx;

	switch (nr) {
	case NR_exit:
	case NR_exit_group: /* one thread per process: the same thing */
		return sys_exit(a);
	case NR_read:
		return sys_read(a, b, c);
	case NR_write:
		return sys_write(a, b, c);
	case NR_open:
		return sys_open(a, b);
	case NR_close:
		return sys_close(a);
	case NR_lseek:
		return sys_lseek(a, b, c);
	case NR_getpid:
		return sys_getpid();
	case NR_munmap:
		return sys_munmap(a, b);
	case NR_ioperm:
		return sys_ioperm(a, b, c);
	case NR_iopl:
		return sys_iopl(a);
	case NR_nanosleep:
		return sys_nanosleep(a, b);
	case NR_mmap2:
		return sys_mmap2(a, b, c, tf->esi, tf->edi, tf->ebp);
	default:
		return -ENOSYS;
	}
}

/* The int 0x80 handler (trap_dispatch, through trap_set_handler). */
static void
syscall_entry(struct trapframe *tf)
{
	u32 nr = tf->eax;

	if (!current || !trapframe_from_user(tf)) {
		tf->eax = (u32)-ENOSYS;
		return;
	}
	current->tf = tf;
	sti(); /* a system call may sleep (nanosleep) and be interrupted */
	tf->eax = (u32)do_syscall(nr, tf);
	cli();
}

void
syscall_init(void)
{
	trap_set_handler(VEC_SYSCALL, syscall_entry);
	trap_set_user_gate(VEC_SYSCALL);
}
