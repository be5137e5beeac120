/* kernel/shell_cmd.c - the shell's own commands: `help` (the command table
 * linker.ld gathers, kernel/command.h) and `echo-len` (how much of a typed
 * or pasted line arrived). The line reader: kernel/shell.c. */
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/string.h"

static int
cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return shell_usage();
	if (argc == 2) {
		const struct shell_command *c = shell_find(argv[1]);
		if (!c) {
			printk("help: no command '%s' (try help)\n", argv[1]);
			return -ENOENT;
		}
		printk("%s - %s\nusage: %s\n", c->name, c->help, c->usage);
		return 0;
	}
	printk("Commands (help COMMAND shows one):\n");
	for_each_command(c) printk("  %-12s %s\n  %-12s   usage: %s\n", c->name,
				   c->help, "", c->usage);
	return 0;
}
SHELL_COMMAND("help", cmd_help, "list the commands, with their usage",
	      "help [COMMAND]");

/* `echo-len WORDS...`: how much of a line arrived, and its CRC-32, so a
 * test can check a long paste byte for byte. The words are joined with
 * single spaces, as the shell split them. */
static int
cmd_echo_len(int argc, char **argv)
{
	u32 crc = 0, len = 0;

	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (i > 1) {
			crc = crc32(crc, " ", 1);
			len++;
		}
		crc = crc32(crc, argv[i], n);
		len += n;
	}
	printk("len=%u crc32=%08x\n", len, crc);
	return 0;
}
SHELL_COMMAND("echo-len", cmd_echo_len,
	      "length and CRC-32 of the words typed after it (paste checks)",
	      "echo-len WORDS...");
