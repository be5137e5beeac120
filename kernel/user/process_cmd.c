/* kernel/user/process_cmd.c - the shell's face of user space: `run` and
 * `progs` (kernel/user/process.c does the work).
 *
 *     porthole> progs
 *     hello        5408 bytes  entry 08048074  08048000+101c r-x
 *     porthole> run hello a b
 *     hello from ring 3: pid 1, 3 arguments: hello a b
 *     porthole> run -n 1000 denied
 *
 * `run` prints how the program ended as a shell does: nothing for exit 0,
 * "exit N", or the name of the signal that killed it in bash's words.
 */
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/tty.h"
#include "kernel/user/elf.h"
#include "kernel/user/process.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"

/* What a shell prints when its child ends (bash's words). */
static void
print_status(int status)
{
	switch (W_EXITED(status) ? 0 : W_TERMSIG(status)) {
	case 0:
		if (W_EXITSTATUS(status))
			printk("exit %u\n", W_EXITSTATUS(status));
		break;
	case SIGSEGV:
		printk("Segmentation fault\n");
		break;
	case SIGILL:
		printk("Illegal instruction\n");
		break;
	case SIGFPE:
		printk("Floating point exception\n");
		break;
	case SIGINT:
		printk("Interrupt\n");
		break;
	default:
		printk("killed by signal %u\n", W_TERMSIG(status));
	}
}

/* run -n COUNT: run again and again, then say how each run ended. */
static int
run_many(const struct user_program *prog, u32 count, int argc, char **argv)
{
	int statuses[8], counts[8], nstat = 0;
	u32 runs = 0;

	for (; runs < count && !tty_interrupted(); runs++) {
		int st = process_run(prog, argc, argv), i;

		if (st < 0)
			return st;
		for (i = 0; i < nstat && statuses[i] != st; i++)
			;
		if (i == nstat && nstat < (int)ARRAY_SIZE(statuses)) {
			statuses[nstat] = st;
			counts[nstat++] = 0;
		}
		if (i < nstat)
			counts[i]++;
	}
	process_fault_lines_flush();
	printk("run: %u runs of %s%s; they ended:\n", runs, prog->name,
	       runs < count ? " (stopped by Ctrl-C)" : "");
	for (int i = 0; i < nstat; i++) {
		printk("  %6u x ", counts[i]);
		if (statuses[i] == 0)
			printk("exit 0\n");
		else
			print_status(statuses[i]);
	}
	return runs < count ? -EINTR : 0;
}

static int
cmd_run(int argc, char **argv)
{
	const struct user_program *prog;
	u32 count = 1;
	int first = 1, st;

	if (argc >= 3 && !strcmp(argv[1], "-n")) {
		if (parse_u32(argv[2], &count) < 0 || count == 0)
			return shell_usage();
		first = 3;
	}
	if (first >= argc)
		return shell_usage();
	prog = user_program_find(argv[first]);
	if (!prog) {
		printk("run: no program called '%s' ('progs' lists them)\n",
		       argv[first]);
		return -ENOENT;
	}
	if (count > 1)
		return run_many(prog, count, argc - first, argv + first);
	st = process_run(prog, argc - first, argv + first);
	if (st < 0)
		return st;
	print_status(st);
	return 0;
}
SHELL_COMMAND("run", cmd_run,
	      "run a user program in ring 3 and wait for it (-n: COUNT times)",
	      "run [-n COUNT] PROG [ARGS...]");

static int
cmd_progs(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	for (const struct user_program *pr = user_programs; pr->name; pr++) {
		u32 size = pr->end - pr->start;
		char why[ELF_WHY_SIZE];
		const struct elf32_ehdr *eh = (const void *)pr->start;

		printk("%-10s %6u bytes  ", pr->name, size);
		if (exec_check_program(pr, why)) {
			printk("not loadable: %s\n", why);
			continue;
		}
		printk("entry %08x ", eh->e_entry);
		for (unsigned i = 0; i < eh->e_phnum; i++) {
			const struct elf32_phdr *ph = elf_phdr(pr->start, i);

			if (ph->p_type == PT_LOAD && ph->p_memsz)
				printk(" %08x+%x %c%c%c", ph->p_vaddr,
				       ph->p_memsz,
				       ph->p_flags & PF_R ? 'r' : '-',
				       ph->p_flags & PF_W ? 'w' : '-',
				       ph->p_flags & PF_X ? 'x' : '-');
		}
		printk("\n");
	}
	return 0;
}
SHELL_COMMAND("progs", cmd_progs,
	      "the user programs the kernel carries, with their ELF segments",
	      "progs");
