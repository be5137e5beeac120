/* kernel/shell.h - the serial/keyboard command shell and its command table.
 *
 * A subsystem adds a command from its own file, without touching the shell:
 *
 *     static int cmd_uptime(int argc, char **argv) { ... }
 *     SHELL_COMMAND("uptime", cmd_uptime, "time since boot", "uptime");
 *
 * The macro places a struct shell_command in the .shell_cmds.* linker
 * sections; linker.ld gathers them, sorted by name, into one table.
 * A handler returns 0, or a negative errno after printing its own one-line
 * error. For a wrong argument it can just `return shell_usage();`.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include "lib/types.h"

struct shell_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;  /* one line: what it does */
	const char *usage; /* e.g. "fault pf|gp|ud|de|df" */
};

#define SHELL_COMMAND(cname, handler, helptext, usagetext)                     \
	static const struct shell_command __shell_cmd_##handler __used         \
		__section(".shell_cmds." cname) __aligned(4) = {               \
			.name = cname,                                         \
			.fn = handler,                                         \
			.help = helptext,                                      \
			.usage = usagetext,                                    \
	}

/* The longest input line the shell accepts (a 4 KiB paste fits). */
#define SHELL_LINE_MAX 8192
#define SHELL_MAX_ARGS 32
#define SHELL_PROMPT "porthole> "

/* shell_usage - print "usage: ..." for the command being run; returns
 * -EINVAL so a handler can `return shell_usage();`. */
int shell_usage(void);

/* shell_find - the command called name, or NULL. */
const struct shell_command *shell_find(const char *name);

/* shell_run_line - split line (modified in place) into words and run it.
 * Returns the command's result, or -ENOENT for an unknown command. */
int shell_run_line(char *line);

/* shell_run - read lines from the console forever and run them. */
__noreturn void shell_run(void);

/* Number parsing for command arguments: decimal, or hex with 0x.
 * Return 0, or -EINVAL when s is not a whole number that fits. */
int parse_u32(const char *s, u32 *out);
int parse_u64(const char *s, u64 *out);

#endif
