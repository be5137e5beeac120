/* kernel/tty.c - one input queue for every input device. */
#include "kernel/tty.h"
#include "kernel/x86.h"

#define TTY_MAX_POLLERS 4

/* A single-producer (interrupt handlers) / single-consumer (the shell) ring.
 * head and tail only grow; their difference is the fill level. */
static volatile u32 head, tail;
static char buf[TTY_INPUT_BUF];
static u32 dropped;
static int (*pollers[TTY_MAX_POLLERS])(void);
static int npollers;

bool
tty_input(char c)
{
	if (head - tail == TTY_INPUT_BUF) {
		dropped++;
		return false;
	}
	buf[head % TTY_INPUT_BUF] = c;
	head = head + 1;
	return true;
}

u32
tty_dropped(void)
{
	return dropped;
}

void
tty_register_poll(int (*poll)(void))
{
	if (npollers < TTY_MAX_POLLERS)
		pollers[npollers++] = poll;
}

static int
tty_poll_once(void)
{
	if (head != tail) {
		char c = buf[tail % TTY_INPUT_BUF];
		tail = tail + 1;
		return (unsigned char)c;
	}
	for (int i = 0; i < npollers; i++) {
		int c = pollers[i]();
		if (c >= 0)
			return c;
	}
	return -1;
}

int
tty_getc(void)
{
	for (;;) {
		u32 flags = irq_save();
		int c = tty_poll_once();
		if (c >= 0) {
			irq_restore(flags);
			return c;
		}
		/* Nothing yet. With interrupts on, sleep until the next one
		 * ("sti; hlt" is atomic: no wake-up can slip in between). With
		 * them off (early boot), just poll again. */
		if (flags & EFLAGS_IF)
			__asm__ volatile("sti; hlt" ::: "memory");
	}
}
