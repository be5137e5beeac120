/* kernel/shell.c - read a line, split it into words, run the command.
 *
 * Input comes from tty_getc() (serial and keyboard alike). Line editing:
 * Enter ends a line whether it arrives as CR (a terminal), LF (a pipe) or
 * CR LF (counted once); Backspace or DEL erases a character; Ctrl-U erases
 * the line; Ctrl-C drops it; other control bytes and terminal escape
 * sequences (arrow keys) are ignored. A line longer than SHELL_LINE_MAX - 1
 * is refused as a whole, never overflowed. The commands themselves
 * register from their subsystems' files (kernel/command.h); the shell's
 * own, help and echo-len, are in kernel/shell_cmd.c.
 */
#include "kernel/shell.h"
#include "kernel/printk.h"
#include "kernel/tty.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CH_CTRL_C 0x03
#define CH_BS 0x08
#define CH_LF 0x0a
#define CH_CR 0x0d
#define CH_CTRL_U 0x15
#define CH_ESC 0x1b
#define CH_DEL 0x7f

static const struct shell_command *current;
static char line[SHELL_LINE_MAX];

const struct shell_command *
shell_find(const char *name)
{
	for_each_command(c) if (!strcmp(c->name, name)) return c;
	return NULL;
}

int
shell_usage(void)
{
	if (current)
		printk("usage: %s\n", current->usage);
	return -EINVAL;
}

static int
split(char *s, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			return argc;
		if (argc == SHELL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
}

int
shell_run_line(char *s)
{
	char *argv[SHELL_MAX_ARGS + 1];
	int argc = split(s, argv);

	if (argc < 0) {
		printk("too many words (at most %d)\n", SHELL_MAX_ARGS);
		return argc;
	}
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	current = shell_find(argv[0]);
	if (!current) {
		printk("unknown command '%s' (try help)\n", argv[0]);
		return -ENOENT;
	}
	tty_command_begin();
	int ret = current->fn(argc, argv);
	tty_command_end();
	current = NULL;
	return ret;
}

/* Read one line into line[]. Returns its length, or -1 if it was dropped
 * (Ctrl-C, or too long). */
static int
read_line(void)
{
	static bool last_was_cr;
	size_t len = 0;
	bool too_long = false;
	int esc = 0; /* 1: after ESC; 2: inside ESC [ ... */

	for (;;) {
		int c = tty_getc();

		if (c == CH_LF && last_was_cr) { /* the LF of a CR LF */
			last_was_cr = false;
			continue;
		}
		last_was_cr = (c == CH_CR);
		if (esc == 1) {
			esc = (c == '[' || c == 'O') ? 2 : 0;
			continue;
		}
		if (esc == 2) {
			if (c >= 0x40 && c <= 0x7e)
				esc = 0;
			continue;
		}
		switch (c) {
		case CH_CR:
		case CH_LF:
			printk("\n");
			if (too_long) {
				printk("line too long (more than %d "
				       "characters); "
				       "ignored\n",
				       SHELL_LINE_MAX - 1);
				return -1;
			}
			line[len] = '\0';
			return (int)len;
		case CH_BS:
		case CH_DEL:
			if (len > 0 && !too_long) {
				len--;
				printk("\b \b");
			}
			continue;
		case CH_CTRL_U:
			for (; len > 0; len--)
				printk("\b \b");
			too_long = false;
			continue;
		case CH_CTRL_C:
			printk("^C\n");
			return -1;
		case CH_ESC:
			esc = 1;
			continue;
		}
		if (c < 0x20 || c > 0x7e)
			continue; /* other control and non-ASCII bytes */
		if (len == SHELL_LINE_MAX - 1) {
			too_long = true;
			continue;
		}
		if (!too_long) {
			line[len++] = (char)c;
			printk("%c", c);
		}
	}
}

void
shell_run(void)
{
	for (;;) {
		printk(SHELL_PROMPT);
		if (read_line() >= 0)
			shell_run_line(line);
	}
}
