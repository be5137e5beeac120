/* kernel/user/exec.h - the programs the kernel carries, and loading one
 * into a process (kernel/user/exec.c). */
#ifndef KERNEL_USER_EXEC_H
#define KERNEL_USER_EXEC_H

#include "kernel/trap.h"
#include "kernel/user/task.h"
#include "lib/types.h"

#define USER_STACK_MAX (1u << 20) /* the stack grows on demand to 1 MiB */
#define PROC_MAX_ARGS 16
#define PROC_ARG_BYTES 1024

/* One program carried in the image (kernel/user/programs.S). */
struct user_program {
	const char *name;
	const u8 *start, *end;
};

/* user_programs - every program carried, ended by one with name NULL. */
extern const struct user_program user_programs[];

/* user_program_find - the carried program called @name, or NULL. */
const struct user_program *user_program_find(const char *name);

/* exec_check_program - is @prog an executable exec_load can load?
 * Returns 0, or -ENOEXEC with one line (ELF_WHY_SIZE bytes) in @why. */
int exec_check_program(const struct user_program *prog, char *why);

/* exec_check_args - at most PROC_MAX_ARGS arguments of PROC_ARG_BYTES in
 * all? Returns 0 or -E2BIG after one printed line. */
int exec_check_args(int argc, char **argv);

/* exec_load - load @prog into @p's fresh, empty address space (p->pgdir),
 * with the initial stack for @argv, and fill @tf with the ring-3 frame to
 * enter it with. Returns 0, or after one printed line -ENOEXEC (a
 * malformed ELF: what is wrong), -ENOMEM. What was mapped stays in
 * p->pgdir for uvm_destroy. Thread context. */
int exec_load(struct process *p, const struct user_program *prog, int argc,
	      char **argv, struct trapframe *tf);

/* exec_grow_stack - @va is below the stack's lowest page but above its
 * limit: map the pages from there up. Returns 0, or -EFAULT when @va is
 * not in the stack's range, -ENOMEM. */
int exec_grow_stack(struct process *p, u32 va);

/* vma_add - record [@start, @end) (page-aligned) as one of @p's areas.
 * Returns 0 or -ENOMEM when the table is full. */
int vma_add(struct process *p, u32 start, u32 end, bool from_file);

/* vma_remove - forget every area that overlaps [@start, @end). */
void vma_remove(struct process *p, u32 start, u32 end);

#endif
