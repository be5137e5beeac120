/* kernel/printk.c - format once, write to every console.
 *
 * Interrupts are held off while one printk writes, so two messages (one from
 * an interrupt handler) never interleave within a line. Characters are
 * gathered into a small buffer and handed to the consoles in chunks.
 *
 * Every character printed is also kept in log_buf, a ring of the last
 * LOG_BUF_SIZE bytes (Linux's log buffer, without its records): `dmesg`
 * prints it, and gdb's ph-dmesg (scripts/gdb/porthole.py) reads it from a
 * stopped kernel, which is how to see what a kernel with no working
 * console said.
 */
#include "kernel/printk.h"
#include "kernel/command.h"
#include "kernel/x86.h"
#include "lib/vsprintf.h"

#define PRINTK_CHUNK 64
#define LOG_BUF_SIZE 32768 /* a power of two */

static char log_buf[LOG_BUF_SIZE];
static u32 log_head; /* bytes ever logged; the next goes at log_head % size */

static struct console *consoles;

struct chunk {
	char buf[PRINTK_CHUNK];
	size_t n;
};

static void
flush(struct chunk *ch)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(ch->buf, ch->n);
	ch->n = 0;
}

static void
put(char c, void *arg)
{
	struct chunk *ch = arg;

	log_buf[log_head++ % LOG_BUF_SIZE] = c;
	ch->buf[ch->n++] = c;
	if (ch->n == PRINTK_CHUNK)
		flush(ch);
}

int
vprintk(const char *fmt, va_list ap)
{
	struct chunk ch = {.n = 0};
	u32 flags = irq_save();
	int n = vcbprintf(put, &ch, fmt, ap);

	if (ch.n)
		flush(&ch);
	irq_restore(flags);
	return n;
}

int
printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void
console_register(struct console *con)
{
	struct console **p = &consoles;

	while (*p)
		p = &(*p)->next;
	con->next = NULL;
	*p = con;
}

/* `dmesg`: the log ring, oldest byte first. Each piece is read before it
 * is printed, so the printing (which logs too) only overwrites bytes that
 * have been shown already. */
static int
cmd_dmesg(int argc, char **argv)
{
	u32 end = log_head, start = end > LOG_BUF_SIZE ? end - LOG_BUF_SIZE : 0;
	char piece[PRINTK_CHUNK + 1];

	(void)argv;
	if (argc != 1)
		return shell_usage();
	while (start < end) {
		u32 n = end - start < PRINTK_CHUNK ? end - start : PRINTK_CHUNK;

		for (u32 i = 0; i < n; i++)
			piece[i] = log_buf[(start + i) % LOG_BUF_SIZE];
		piece[n] = '\0';
		printk("%s", piece);
		start += n;
	}
	return 0;
}
SHELL_COMMAND("dmesg", cmd_dmesg, "what the kernel has printed since boot",
	      "dmesg");
