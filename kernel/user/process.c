/* kernel/user/process.c - loading a program, running it in ring 3, ending it.
 *
 * `run PROG ARGS...` is exec and wait in one: the shell's command loads
 * the ELF file into a fresh address space (kernel/user/uvm.c), lays out
 * the stack as the Linux i386 ABI does, and drops to ring 3 with IRET
 * (boot/user.S). From then on the kernel runs only when ring 3 is
 * interrupted: a timer tick, a key, an exception, or int 0x80. The
 * process ends by exit(2), by an exception the kernel does not fix (one
 * line about it, shaped like Linux's), or by Ctrl-C on the console; then
 * its pages, page tables and I/O bitmap are freed and `run` prints its
 * status as a shell would. One process at a time: pids count up from 1
 * for each run, as a fresh Linux's would from init.
 */
#include "kernel/gdt.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/user/elf.h"
#include "kernel/user/process.h"
#include "kernel/user/ioperm.h"
#include "kernel/user/uvm.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

#define USER_STACK_MAX (1u << 20) /* the stack grows on demand to 1 MiB */
#define EFLAGS_RESERVED1 0x2	  /* bit 1 of EFLAGS is always 1 */

/* Auxiliary vector entry types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_RANDOM 25
#define AT_EXECFN 31
#define AUXV_PAIRS 11

/* Fault lines: Linux's printk_ratelimit, 10 lines per 5 seconds. */
#define RATELIMIT_NS (5000 * NSEC_PER_MSEC)
#define RATELIMIT_BURST 10

struct process *current;
static struct process the_process; /* one at a time */
static int next_pid = 1;

const struct user_program *
user_program_find(const char *name)
{
	for (const struct user_program *pr = user_programs; pr->name; pr++)
		if (!strcmp(pr->name, name))
			return pr;
	return NULL;
}

int
process_check_program(const struct user_program *prog, char *why)
{
	return elf_check(prog->start, prog->end - prog->start, USER_LO,
			 USER_TOP - USER_STACK_MAX, why);
}

int
process_vma_add(struct process *p, u32 start, u32 end, bool from_file)
{
	for (int i = 0; i < PROC_MAX_VMAS; i++) {
		struct vma *v = &p->vmas[i];

		if (v->start == v->end) {
			v->start = start;
			v->end = end;
			v->from_file = from_file;
			return 0;
		}
	}
	return -ENOMEM;
}

void
process_vma_remove(struct process *p, u32 start, u32 end)
{
	for (int i = 0; i < PROC_MAX_VMAS; i++) {
		struct vma *v = &p->vmas[i];

		if (v->start < end && start < v->end)
			v->start = v->end = 0; /* munmap of part: all of it */
	}
}

/* Copy one PT_LOAD segment in, page by page, through the direct map of
 * each new frame (the process's directory is not loaded yet). */
static int
load_segment(struct process *p, const u8 *image, const struct elf32_phdr *ph)
{
	u32 first = ph->p_vaddr & PAGE_MASK;
	u32 end = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	u32 flags = ph->p_flags & PF_W ? PTE_RW : 0;

	for (u32 va = first; va < end; va += PAGE_SIZE) {
		u32 pa, lo = MAX(va, ph->p_vaddr);
		u32 hi = MIN(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		int err = uvm_alloc(p->pgdir, va, flags, &pa);

		if (err)
			return err;
		if (lo < hi) /* the file's bytes; the rest stays zero (bss) */
			memcpy((u8 *)__va(pa) + (lo - va),
			       image + ph->p_offset + (lo - ph->p_vaddr),
			       hi - lo);
	}
	return process_vma_add(p, first, end, true);
}

/* Where the program headers are in the process's memory (AT_PHDR): in
 * the segment that loads the file's start, if one does. */
static u32
phdr_address(const u8 *image)
{
	const struct elf32_ehdr *eh = (const void *)image;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf32_phdr *ph = elf_phdr(image, i);

		if (ph->p_type == PT_LOAD && ph->p_offset == 0 &&
		    eh->e_phoff < ph->p_filesz)
			return ph->p_vaddr + eh->e_phoff;
	}
	return 0;
}

/* The initial stack (System V i386 ABI, "Process Stack"; Linux's
 * create_elf_tables()): strings at the top, then 16 random bytes, then
 * argc, argv[], NULL, envp[] (empty), NULL, the auxv pairs, AT_NULL.
 * All of it fits the top page; *@sp becomes the process's ESP. */
static int
setup_stack(struct process *p, const u8 *image, int argc, char **argv, u32 *sp)
{
	const struct elf32_ehdr *eh = (const void *)image;
	u32 base = USER_TOP - PAGE_SIZE, pa, uargv[PROC_MAX_ARGS];
	u32 pos = USER_TOP - 4, execfn, at_random; /* a zero word on top */
	int err = uvm_alloc(p->pgdir, base, PTE_RW, &pa);
	u8 *page = __va(pa);

	if (err)
		return err;
	p->stack_low = base;
	p->stack_limit = USER_TOP - USER_STACK_MAX;
	for (int i = argc - 1; i >= -1; i--) { /* -1: the program's name */
		const char *s = i < 0 ? p->name : argv[i];
		u32 n = strlen(s) + 1;

		pos -= n;
		memcpy(page + (pos - base), s, n);
		if (i >= 0)
			uargv[i] = pos;
	}
	execfn = pos;
	pos = (pos & ~15u) - 16;
	at_random = pos;
	for (int i = 0; i < 16; i += 8) {
		u64 r = rdtsc() * 0x9e3779b97f4a7c15ull; /* not secret */
		memcpy(page + (pos - base) + i, &r, 8);
	}
	u32 auxv[AUXV_PAIRS * 2] = {
		AT_PHDR,   phdr_address(image),
		AT_PHENT,  sizeof(struct elf32_phdr),
		AT_PHNUM,  eh->e_phnum,
		AT_PAGESZ, PAGE_SIZE,
		AT_ENTRY,  eh->e_entry,
		AT_UID,	   0,
		AT_EUID,   0,
		AT_GID,	   0,
		AT_EGID,   0,
		AT_RANDOM, at_random,
		AT_EXECFN, execfn,
	};
	u32 words = 1 + (argc + 1) + 1 + ARRAY_SIZE(auxv) + 2;
	pos = (pos - words * 4) & ~15u;
	*sp = pos;
	u32 *w = (u32 *)(page + (pos - base));
	*w++ = argc;
	for (int i = 0; i < argc; i++)
		*w++ = uargv[i];
	*w++ = 0; /* end of argv */
	*w++ = 0; /* envp: empty */
	memcpy(w, auxv, sizeof(auxv));
	w += ARRAY_SIZE(auxv);
	w[0] = AT_NULL;
	w[1] = 0;
	return 0;
}

int
process_grow_stack(struct process *p, u32 va)
{
	va &= PAGE_MASK;
	if (va < p->stack_limit || va >= p->stack_low)
		return -EFAULT;
	while (p->stack_low > va) {
		int err = uvm_alloc(p->pgdir, p->stack_low - PAGE_SIZE, PTE_RW,
				    NULL);
		if (err)
			return err;
		p->stack_low -= PAGE_SIZE;
	}
	return 0;
}

static int
check_args(int argc, char **argv)
{
	u32 bytes = 0;

	if (argc > PROC_MAX_ARGS) {
		printk("run: %d arguments; at most %d\n", argc, PROC_MAX_ARGS);
		return -E2BIG;
	}
	for (int i = 0; i < argc; i++)
		bytes += strlen(argv[i]) + 1;
	if (bytes > PROC_ARG_BYTES) {
		printk("run: %u bytes of arguments; at most %u\n", bytes,
		       PROC_ARG_BYTES);
		return -E2BIG;
	}
	return 0;
}

/* Load @prog into @p's fresh address space and make the frame to enter
 * it with. Prints one line and returns -errno when it cannot. */
static int
process_load(struct process *p, const struct user_program *prog, int argc,
	     char **argv, struct trapframe *tf)
{
	const u8 *image = prog->start;
	char why[ELF_WHY_SIZE];
	int err = process_check_program(prog, why);

	if (err) {
		printk("run: %s: not a valid executable: %s\n", prog->name,
		       why);
		return err;
	}
	const struct elf32_ehdr *eh = (const void *)image;
	for (unsigned i = 0; i < eh->e_phnum && !err; i++)
		if (elf_phdr(image, i)->p_type == PT_LOAD &&
		    elf_phdr(image, i)->p_memsz)
			err = load_segment(p, image, elf_phdr(image, i));
	if (!err)
		err = setup_stack(p, image, argc, argv, &tf->esp);
	if (err) {
		printk("run: %s: cannot load: %s\n", prog->name, errname(err));
		return err;
	}
	memset(tf, 0, offsetof(struct trapframe, esp));
	tf->eip = eh->e_entry;
	tf->cs = USER_CS;
	tf->eflags = EFLAGS_IF | EFLAGS_RESERVED1; /* IOPL 0 */
	tf->ss = USER_DS;
	tf->ds = tf->es = tf->fs = tf->gs = USER_DS;
	return 0;
}

int
process_run(const struct user_program *prog, int argc, char **argv)
{
	struct process *p = &the_process;
	struct trapframe tf;
	int err, status;

	err = check_args(argc, argv);
	if (err)
		return err;
	memset(p, 0, sizeof(*p));
	strlcpy(p->name, prog->name, sizeof(p->name));
	for (int fd = 0; fd < 3; fd++) {
		p->files[fd].kind = FILE_CONSOLE;
		p->files[fd].mode = fd == 0 ? O_RDONLY : O_WRONLY;
	}
	p->kernel_cr3 = read_cr3();
	p->pgdir = uvm_create();
	if (!p->pgdir)
		return -ENOMEM;
	err = process_load(p, prog, argc, argv, &tf);
	if (err) {
		uvm_destroy(p->pgdir);
		return err;
	}
	p->pid = next_pid++;
	current = p;
	write_cr3(__pa(p->pgdir));
	ioperm_load(p);
	status = user_enter(&p->shell_esp, &tf);
	/* Back from process_exit: kernel CR3, interrupts off. */
	sti();
	ioperm_unload(p);
	uvm_destroy(p->pgdir);
	return status;
}

void
process_exit(int status)
{
	struct process *p = current;

	cli();
	write_cr3(p->kernel_cr3);
	current = NULL;
	user_leave(p->shell_esp, status);
}

static struct {
	u64 window_start;
	u32 printed, missed;
} ratelimit;

void
process_fault_lines_flush(void)
{
	if (ratelimit.missed)
		printk("traps: %u fault lines suppressed (at most %u per 5 s, "
		       "as Linux's printk_ratelimit)\n",
		       ratelimit.missed, RATELIMIT_BURST);
	ratelimit.missed = 0;
}

static bool
fault_line_allowed(void)
{
	u64 now = uptime_ns();

	if (!ratelimit.window_start ||
	    now - ratelimit.window_start > RATELIMIT_NS) {
		process_fault_lines_flush();
		ratelimit.window_start = now ? now : 1;
		ratelimit.printed = 0;
	}
	if (ratelimit.printed < RATELIMIT_BURST) {
		ratelimit.printed++;
		return true;
	}
	ratelimit.missed++;
	return false;
}

/* " in denied[8048000+1000]": the program's segment that holds @ip, as
 * Linux's print_vma_addr() names the file-backed area. */
static void
print_vma(struct process *p, u32 ip)
{
	for (int i = 0; i < PROC_MAX_VMAS; i++) {
		struct vma *v = &p->vmas[i];

		if (v->from_file && ip >= v->start && ip < v->end) {
			printk(" in %s[%x+%x]", p->name, v->start,
			       v->end - v->start);
			return;
		}
	}
}

/* One line per fault, with Linux's words (arch/x86/kernel/traps.c,
 * show_signal(); arch/x86/mm/fault.c, show_signal_msg()). */
static int
report_fault(struct process *p, const struct trapframe *tf)
{
	bool show = fault_line_allowed();
	const char *what;
	int sig;

	switch (tf->vector) {
	case VEC_PF:
		if (show) {
			printk("%s[%d]: segfault at %x ip %08x sp %08x error "
			       "%x",
			       p->name, p->pid, read_cr2(), tf->eip, tf->esp,
			       tf->err);
			print_vma(p, tf->eip);
			printk("\n");
		}
		return SIGSEGV;
	case VEC_GP:
		what = "general protection fault";
		sig = SIGSEGV;
		break;
	case VEC_DE:
		what = "trap divide error";
		sig = SIGFPE;
		break;
	case VEC_UD:
		what = "trap invalid opcode";
		sig = SIGILL;
		break;
	default:
		what = exception_name(tf->vector);
		sig = SIGSEGV;
		break;
	}
	if (show) {
		printk("traps: %s[%d] %s ip:%08x sp:%08x error:%x", p->name,
		       p->pid, what, tf->eip, tf->esp, tf->err);
		print_vma(p, tf->eip);
		printk("\n");
	}
	return sig;
}

void
user_exception(struct trapframe *tf)
{
	struct process *p = current;

	/* A touch just below the stack: grow it, retry the instruction. */
	if (tf->vector == VEC_PF && !(tf->err & X86_PF_PROT) &&
	    process_grow_stack(p, read_cr2()) == 0)
		return;
	process_exit(report_fault(p, tf));
}

void
user_return(struct trapframe *tf)
{
	(void)tf;
	if (current && tty_interrupted())
		process_exit(SIGINT);
}
