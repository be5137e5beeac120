/* kernel/user/process.h - user processes: one at a time, run by the shell.
 *
 * What a process is: kernel/user/task.h. `run PROG [ARGS...]` loads a program
 * the kernel carries (kernel/user/programs.S), drops to ring 3 at its entry
 * point with IRET, and comes back when it exits, is killed by a fault, or by
 * Ctrl-C. See docs/user.md.
 */
#ifndef KERNEL_USER_PROCESS_H
#define KERNEL_USER_PROCESS_H

#include "kernel/user/exec.h"
#include "kernel/user/task.h"
#include "lib/types.h"

/* Linux's signal numbers, for the exit status a shell decodes. */
#define SIGILL 4
#define SIGFPE 8
#define SIGSEGV 11
#define SIGINT 2

/* An exit status as wait(2) gives it: (code << 8) for exit(code), the
 * signal number alone for a process killed by one. */
#define W_EXITCODE(code) (((code)&0xff) << 8)
#define W_EXITED(st) (((st)&0x7f) == 0)
#define W_EXITSTATUS(st) (((st) >> 8) & 0xff)
#define W_TERMSIG(st) ((st)&0x7f)

/* process_run - load @prog with @argv (argc entries), run it in ring 3
 * until it ends, free everything it had. Returns its wait status (>= 0),
 * or a negative errno after one printed line when it could not start
 * (-ENOEXEC: a malformed ELF, -ENOMEM, -E2BIG: arguments too long).
 * Thread context (the shell); interrupts on. */
int process_run(const struct user_program *prog, int argc, char **argv);

/* process_exit - end the current process with wait status @status, free
 * its memory and bitmap, and return to the shell that ran it (from
 * process_run). Called from system calls and traps; does not return. */
__noreturn void process_exit(int status);

/* process_fault_lines_flush - print how many fault lines the rate limit
 * (Linux's printk_ratelimit: 10 per 5 s) has swallowed, if any. */
void process_fault_lines_flush(void);

/* user_exception - an exception in ring 3 while a process runs
 * (trap_dispatch; without one it is the kernel's crash). A #PF just
 * below the stack grows it and returns; anything else prints one line
 * shaped like Linux's and kills the process (no return). */
void user_exception(struct trapframe *tf);

/* user_return - the last step before IRET back to ring 3 (trap_dispatch,
 * interrupt context): Ctrl-C on the console kills the process here. */
void user_return(struct trapframe *tf);

/* Context switch to and from ring 3 (boot/user.S). user_enter saves the
 * callee-saved registers on the current stack, stores its ESP in
 * *@shell_esp, makes the space below it the kernel stack for traps from
 * ring 3 (TSS esp0), copies @tf there and IRETs into it. user_leave(esp,
 * status) puts ESP back and returns @status from that user_enter. */
int user_enter(u32 *shell_esp, const struct trapframe *tf);
__noreturn void user_leave(u32 shell_esp, int status);

#endif
