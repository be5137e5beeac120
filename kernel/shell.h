/* kernel/shell.h - the serial/keyboard command shell and its command table.
 *
 * Only the boot (kmain), the shell itself (shell.c, shell_cmd.c) and its
 * in-kernel tests include this header (tests/host/test_layering.c checks); a
 * subsystem that adds a command includes kernel/command.h instead, so no
 * part of the core depends on the shell.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include "kernel/command.h"
#include "lib/types.h"

/* The longest input line the shell accepts (a 4 KiB paste fits). */
#define SHELL_LINE_MAX 8192
/* Words on one line: as many as a full line can hold. */
#define SHELL_MAX_ARGS (SHELL_LINE_MAX / 2)
#define SHELL_PROMPT "porthole> "

/* The command table linker.ld gathers from every SHELL_COMMAND, sorted by
 * name. */
extern const struct shell_command __shell_cmds_start[], __shell_cmds_end[];
#define for_each_command(c)                                                    \
	for (const struct shell_command *c = __shell_cmds_start;               \
	     c < __shell_cmds_end; c++)

/* shell_find - the command called name, or NULL. */
const struct shell_command *shell_find(const char *name);

/* shell_run_line - split line (modified in place) into words and run it.
 * Returns the command's result, or -ENOENT for an unknown command. */
int shell_run_line(char *line);

/* shell_run - read lines from the console forever and run them. */
__noreturn void shell_run(void);

#endif
