/* kernel/user/process.c - loading a program, running it in ring 3, ending it.
 *
 * `run PROG ARGS...` is exec and wait in one: the shell's command loads
 * the ELF file into a fresh address space (kernel/user/exec.c,
 * kernel/user/uvm.c) and drops to ring 3 with IRET (boot/user.S). From then on
 * the kernel runs only when ring 3 is interrupted: a timer tick, a key, an
 * exception, or int 0x80. The process ends by exit(2), by an exception the
 * kernel does not fix (one line about it, shaped like Linux's), or by Ctrl-C on
 * the console; then its pages, page tables and I/O bitmap are freed and `run`
 * prints its status as a shell would. One process at a time: pids count up from
 * 1 for each run, as a fresh Linux's would from init.
 */
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/user/exec.h"
#include "kernel/user/process.h"
#include "kernel/user/ioperm.h"
#include "kernel/user/uvm.h"
#include "kernel/x86.h"
#include "lib/string.h"

/* Fault lines: Linux's printk_ratelimit, 10 lines per 5 seconds. */
#define RATELIMIT_NS (5000 * NSEC_PER_MSEC)
#define RATELIMIT_BURST 10

struct process *current;
static struct process the_process; /* one at a time */
static int next_pid = 1;

int
process_run(const struct user_program *prog, int argc, char **argv)
{
	struct process *p = &the_process;
	struct trapframe tf;
	int err, status;

	err = exec_check_args(argc, argv);
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
	err = exec_load(p, prog, argc, argv, &tf);
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
	    exec_grow_stack(p, read_cr2()) == 0)
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
