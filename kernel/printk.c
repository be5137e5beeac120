/* kernel/printk.c - format once, write to every console.
 *
 * Interrupts are held off while one printk writes, so two messages (one from
 * an interrupt handler) never interleave within a line. Characters are
 * gathered into a small buffer and handed to the consoles in chunks.
 */
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/vsprintf.h"

#define PRINTK_CHUNK 64

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
