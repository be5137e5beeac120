/* kernel/tty.h - where the shell's input comes from.
 *
 * Input devices (the serial port, the keyboard) hand bytes to tty_input()
 * from their interrupt handlers; the bytes wait in a ring buffer until the
 * shell asks for them with tty_getc(). A device without interrupts registers
 * a poll function instead, which tty_getc() calls while it waits.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include "lib/types.h"

/* Size of the input ring buffer (bytes waiting for the shell). */
#define TTY_INPUT_BUF 16384

/* tty_input - queue one input byte. Interrupt context. Returns false (and
 * counts the byte as dropped) when the buffer is full. */
bool tty_input(char c);

/* tty_dropped - how many input bytes were lost to a full buffer. */
u32 tty_dropped(void);

/* What tty_getc() returns where bytes were lost (the ring was full): the
 * byte after it did not follow the byte before it. */
#define TTY_LOST (-2)

/* tty_lost_bytes - how many bytes the last TTY_LOST stood for. */
u32 tty_lost_bytes(void);

/* Ctrl-C (ETX), the byte that asks a running command to stop. */
#define TTY_CHAR_INTR 0x03

/* tty_command_begin, tty_command_end - the shell brackets every command
 * with these. Between them a Ctrl-C from any input device is not queued as
 * input: it sets the flag tty_interrupted() reports. Process context. */
void tty_command_begin(void);
void tty_command_end(void);

/* tty_interrupted - has Ctrl-C been typed since the command began? Long
 * work (disk transfers, sleeps, benchmarks, ping, a user program) checks it
 * between steps and stops cleanly, saying how far it got, returning -EINTR.
 * The flag stays set until the command ends. Any context; cheap enough to
 * call once per sector or per millisecond. */
bool tty_interrupted(void);

/* tty_register_poll - add a function that returns a waiting input byte or
 * -1; tty_getc calls it while no queued input is waiting. */
void tty_register_poll(int (*poll)(void));

/* tty_register_idle - add a function tty_getc calls, interrupts off, each
 * time it is about to sleep with nothing queued (a driver's watchdog for a
 * lost interrupt: it may call tty_input). It must be cheap: it runs on
 * every wake-up, timer ticks included. */
void tty_register_idle(void (*idle)(void));

/* tty_unregister_poll - stop calling poll (its device now interrupts). */
void tty_unregister_poll(int (*poll)(void));

/* tty_getc - the next input byte, waiting for it (halting between
 * interrupts when interrupts are on), or TTY_LOST where input was lost.
 * Process context only. */
int tty_getc(void);

#endif
