/* kernel/tty.c - one input queue for every input device.
 *
 * The serial port's and the keyboard's interrupt handlers put bytes into
 * one ring buffer (lib/ring.h: single producer, single consumer, no lock);
 * the shell takes them out with tty_getc(). Both handlers run with
 * interrupts off, so they never interleave and count as one producer.
 */
#include "kernel/tty.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/ring.h"

#define TTY_MAX_POLLERS 4

_Static_assert((TTY_INPUT_BUF & (TTY_INPUT_BUF - 1)) == 0,
	       "the tty ring needs a power-of-two size");

static u8 buf[TTY_INPUT_BUF];
static struct ring input = {.size = TTY_INPUT_BUF, .buf = buf};
static u32 dropped;
static volatile bool intr_pending; /* Ctrl-C arrived while a command ran */
static volatile bool in_command;   /* the shell is running a command */
static int (*pollers[TTY_MAX_POLLERS])(void);
static int npollers;

bool
tty_input(char c)
{
	/* Ctrl-C while a command runs is a request to stop it (the command
	 * sees it through tty_interrupted()), not input for the next line. */
	if (c == TTY_CHAR_INTR && in_command) {
		intr_pending = true;
		return true;
	}
	if (!ring_put(&input, (u8)c)) {
		dropped++;
		return false;
	}
	return true;
}

u32
tty_dropped(void)
{
	return dropped;
}

void
tty_command_begin(void)
{
	intr_pending = false;
	in_command = true;
}

void
tty_command_end(void)
{
	in_command = false;
	intr_pending = false;
}

bool
tty_interrupted(void)
{
	/* A device without interrupts cannot call tty_input() while a
	 * command runs: look at what its poll function has (other bytes are
	 * queued for the shell, as tty_input would have queued them). */
	for (int i = 0; i < npollers && !intr_pending; i++) {
		int c = pollers[i]();
		if (c >= 0)
			tty_input((char)c);
	}
	return intr_pending;
}

void
tty_register_poll(int (*poll)(void))
{
	if (npollers < TTY_MAX_POLLERS)
		pollers[npollers++] = poll;
}

void
tty_unregister_poll(int (*poll)(void))
{
	for (int i = 0; i < npollers; i++) {
		if (pollers[i] == poll) {
			pollers[i] = pollers[--npollers];
			return;
		}
	}
}

static int
tty_poll_once(void)
{
	int c = ring_get(&input);

	if (c >= 0)
		return c;
	for (int i = 0; i < npollers; i++) {
		c = pollers[i]();
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
		 * ("sti; hlt" is atomic: no wake-up can slip in between) --
		 * unless a polled device waits and no timer tick would wake
		 * us to poll it. With them off (early boot), poll again. */
		if ((flags & EFLAGS_IF) && (!npollers || time_have_tick()))
			__asm__ volatile("sti; hlt" ::: "memory");
	}
}
