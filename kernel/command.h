/* kernel/command.h - how a subsystem adds a shell command (nothing else).
 *
 * A subsystem registers its commands from its own file, without touching
 * the shell and without depending on it:
 *
 *     static int cmd_uptime(int argc, char **argv) { ... }
 *     SHELL_COMMAND("uptime", cmd_uptime, "time since boot", "uptime");
 *
 * The macro places a struct shell_command in the .shell_cmds.* linker
 * sections; linker.ld gathers them, sorted by name, into one table that
 * kernel/shell.c reads. A handler returns 0, or a negative errno after
 * printing its own one-line error; for a wrong argument it can just
 * `return shell_usage();`. Numbers in arguments: lib/parse.h.
 */
#ifndef KERNEL_COMMAND_H
#define KERNEL_COMMAND_H

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

/* shell_usage - print "usage: ..." for the command being run; returns
 * -EINVAL so a handler can `return shell_usage();`. */
int shell_usage(void);

#endif
