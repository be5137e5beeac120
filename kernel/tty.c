/* kernel/tty.c - one input queue for every input device.
 *
 * The serial port's and the keyboard's interrupt handlers put bytes into
 * one ring buffer (lib/ring.h: single producer, single consumer, no lock);
 * the shell takes them out with tty_getc(). Both handlers run with
 * interrupts off, so they never interleave and count as one producer.
 *
 * When the ring is full a byte is dropped, and the hole it leaves must not
 * go unnoticed: the bytes on either side would join into a line nobody
 * typed (a paste that lost "\r disk write hda 1" reads "echo-len 00001").
 * So each hole is remembered by where it sits in the stream -- the count of
 * bytes queued before it -- and tty_getc() returns TTY_LOST at that point,
 * before the byte that came after the hole. The shell then discards the
 * line the hole is in. Holes wait in a small queue of their own; when that
 * fills too, the last hole grows to swallow everything up to the newest
 * one (those bytes are discarded and counted as lost).
 */
#include "kernel/tty.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/ring.h"

#define TTY_MAX_POLLERS 4
#define TTY_MAX_HOLES 8 /* holes in the stream the shell has not met yet */

_Static_assert((TTY_INPUT_BUF & (TTY_INPUT_BUF - 1)) == 0,
	       "the tty ring needs a power-of-two size");

static u8 buf[TTY_INPUT_BUF];
static struct ring input = {.size = TTY_INPUT_BUF, .buf = buf};
static u32 dropped;

/* A hole: lost bytes at stream position start (the count of bytes queued
 * before it); a merged hole also loses the queued bytes up to end. */
struct hole {
	u32 start, end, lost;
};
static struct hole holes[TTY_MAX_HOLES];
static volatile u32 holes_head, holes_tail; /* producer / consumer */
static u32 queued;    /* bytes ever queued (the producer's position) */
static u32 consumed;  /* bytes ever taken out (the consumer's position) */
static u32 last_lost; /* what the last TTY_LOST stood for */
static volatile bool intr_pending; /* Ctrl-C arrived while a command ran */
static volatile bool in_command;   /* the shell is running a command */
static int (*pollers[TTY_MAX_POLLERS])(void);
static int npollers;
static void (*idlers[TTY_MAX_POLLERS])(void);
static int nidlers;

static void tty_note_lost(void);

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
		tty_note_lost();
		return false;
	}
	queued++;
	return true;
}

/* Record one byte lost at the current end of the stream. Producer side
 * (interrupts off). */
static void
tty_note_lost(void)
{
	u32 n = holes_head - holes_tail;
	struct hole *last = n ? &holes[(holes_head - 1) % TTY_MAX_HOLES] : NULL;

	dropped++;
	if (last && last->end == queued) { /* the same hole, one more byte */
		last->lost++;
		return;
	}
	if (n == TTY_MAX_HOLES) { /* no room: the last hole reaches to here */
		last->lost += queued - last->end + 1;
		last->end = queued;
		return;
	}
	holes[holes_head % TTY_MAX_HOLES] =
		(struct hole){.start = queued, .end = queued, .lost = 1};
	ring_barrier();
	holes_head++;
}

/* Consumer side, interrupts off: is the next byte behind a hole? Then
 * skip what the hole swallowed and return how many bytes it stands for. */
static u32
tty_take_hole(void)
{
	if (holes_head == holes_tail)
		return 0;
	struct hole *h = &holes[holes_tail % TTY_MAX_HOLES];
	if (h->start != consumed)
		return 0;
	while (consumed != h->end && ring_get(&input) >= 0) /* merged hole */
		consumed++;
	u32 lost = h->lost;
	holes_tail++;
	return lost;
}

u32
tty_lost_bytes(void)
{
	return last_lost;
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

void
tty_register_idle(void (*idle)(void))
{
	if (nidlers < TTY_MAX_POLLERS)
		idlers[nidlers++] = idle;
}

static int
tty_poll_once(void)
{
	u32 lost = tty_take_hole();
	int c;

	if (lost) {
		last_lost = lost;
		return TTY_LOST;
	}
	c = ring_get(&input);
	if (c >= 0) {
		consumed++;
		return c;
	}
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
		if (c >= 0 || c == TTY_LOST) {
			irq_restore(flags);
			return c;
		}
		/* Nothing yet. The idle functions may find input that no
		 * interrupt announced (the serial watchdog). With interrupts
		 * on, sleep until the next one ("sti; hlt" is atomic: no
		 * wake-up can slip in between) --
		 * unless a polled device waits and no timer tick would wake
		 * us to poll it. With them off (early boot), poll again. */
		for (int i = 0; i < nidlers; i++) /* may queue bytes */
			idlers[i]();
		if (ring_count(&input) || holes_head != holes_tail) {
			irq_restore(flags);
			continue;
		}
		if ((flags & EFLAGS_IF) && (!npollers || time_have_tick()))
			__asm__ volatile("sti; hlt" ::: "memory");
	}
}
