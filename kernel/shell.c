/* kernel/shell.c - read a line, split it into words, run the command.
 *
 * Input comes from tty_getc() (serial and keyboard alike). Line editing:
 * Enter ends a line whether it arrives as CR (a terminal), LF (a pipe) or
 * CR LF (counted once); Backspace or DEL erases a character; Ctrl-U erases
 * the line; Ctrl-C drops it; Tab separates words as a space does; cursor
 * up (ESC [ A) recalls the previous line; other control bytes and escape
 * sequences are ignored, and a sequence never swallows Enter. A line longer
 * than SHELL_LINE_MAX - 1 is refused as a whole, never overflowed; so is a
 * line some of whose bytes were lost before the shell read them (the input
 * buffer was full): what is left of it is not what was typed.
 * The commands themselves register from their subsystems' files
 * (kernel/command.h); the shell's own, help and echo-len, are in
 * kernel/shell_cmd.c.
 */
#include "kernel/shell.h"
#include "kernel/printk.h"
#include "kernel/tty.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CH_CTRL_C 0x03
#define CH_BS 0x08
#define CH_TAB 0x09
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

/* Every word of s, in argv[]. A word takes two bytes of the line at least
 * (itself and a separator), so a line read_line() accepted always fits;
 * -E2BIG is for a longer string handed to shell_run_line. */
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
	static char *argv[SHELL_MAX_ARGS + 1]; /* too big for the stack */
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

/* Terminal escape sequences (ECMA-48 section 5.4; what a VT100 and xterm
 * send for the arrow and function keys): ESC, then either one final byte
 * (0x30-0x7e) after optional intermediates (0x20-0x2f); or '[' (CSI) with
 * parameter and intermediate bytes (0x20-0x3f) and a final byte 0x40-0x7e;
 * or 'O' (SS3) and one final byte. A control byte inside a sequence ends
 * it and is then acted on as usual, as a VT100 does: ESC never eats Enter.
 * "ESC [ A" and "ESC O A" (cursor up) recall the previous line. */
enum esc_state { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

static char prev_line[SHELL_LINE_MAX]; /* the last line run, for cursor up */

/* Feed c to the escape parser. Returns true if c belonged to a sequence
 * (nothing more to do); *final is set to the final byte of a CSI or SS3
 * sequence that c completed, else 0. */
static bool
esc_feed(enum esc_state *st, int c, int *final)
{
	*final = 0;
	if (*st == ESC_NONE)
		return false;
	if (c < 0x20) { /* a control byte ends the sequence, then counts */
		*st = c == CH_ESC ? ESC_START : ESC_NONE;
		return c == CH_ESC;
	}
	switch (*st) {
	case ESC_START:
		if (c == '[')
			*st = ESC_CSI;
		else if (c == 'O')
			*st = ESC_SS3;
		else if (c >= 0x30)
			*st = ESC_NONE; /* a two-byte sequence: ignored */
		return true;
	case ESC_CSI:
		if (c >= 0x40) {
			*st = ESC_NONE;
			*final = c;
		}
		return true;
	default: /* ESC_SS3 */
		*st = ESC_NONE;
		*final = c;
		return true;
	}
}

static void
erase_echo(size_t len)
{
	for (; len > 0; len--)
		printk("\b \b");
}

/* Read one line into line[]. Returns its length, or -1 if it was dropped
 * (Ctrl-C, too long, or bytes of it were lost). */
static int
read_line(void)
{
	static bool last_was_cr;
	size_t len = 0;
	bool too_long = false;
	u32 lost = 0; /* input bytes lost inside this line */
	enum esc_state esc = ESC_NONE;
	int final;

	for (;;) {
		int c = tty_getc();

		if (c == TTY_LOST) { /* the line is not what was typed */
			lost += tty_lost_bytes();
			continue;
		}
		if (c == CH_LF && last_was_cr) { /* the LF of a CR LF */
			last_was_cr = false;
			continue;
		}
		last_was_cr = (c == CH_CR);
		if (esc_feed(&esc, c, &final)) {
			if (final == 'A' && !lost) { /* cursor up: recall */
				erase_echo(too_long ? 0 : len);
				too_long = false;
				len = strlcpy(line, prev_line, sizeof(line));
				printk("%s", line);
			}
			continue;
		}
		switch (c) {
		case CH_CR:
		case CH_LF:
			printk("\n");
			if (lost) {
				printk("input lost: %u bytes dropped (input "
				       "buffer full); line discarded\n",
				       lost);
				return -1;
			}
			if (too_long) {
				printk("line too long (more than %d "
				       "characters); ignored\n",
				       SHELL_LINE_MAX - 1);
				return -1;
			}
			line[len] = '\0';
			if (len)
				strlcpy(prev_line, line, sizeof(prev_line));
			return (int)len;
		case CH_BS:
		case CH_DEL:
			if (len > 0 && !too_long) {
				len--;
				printk("\b \b");
			}
			continue;
		case CH_CTRL_U:
			erase_echo(too_long ? 0 : len);
			len = 0;
			too_long = false;
			continue;
		case CH_CTRL_C:
			printk("^C\n");
			return -1;
		case CH_ESC:
			esc = ESC_START;
			continue;
		case CH_TAB:
			c = ' '; /* a separator, like a space */
			break;
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
