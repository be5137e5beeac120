/* drivers/kbd_keymap.h - PC keyboard scancode set 1 to characters.
 *
 * Pure decoding, no hardware: the i8042 driver feeds it the bytes it reads
 * from port 0x60, and it is unit-tested on the host (tests/host/test_kbd.c).
 */
#ifndef DRIVERS_KBD_KEYMAP_H
#define DRIVERS_KBD_KEYMAP_H

#include "lib/types.h"

/* The most bytes one scancode byte can produce (an arrow: ESC [ A). */
#define KBD_MAX_OUT 3

/* What the decoder remembers between bytes: modifiers and prefixes. */
struct kbd_state {
	bool lshift, rshift, lctrl, rctrl;
	bool caps_lock; /* toggled by each press (not repeat) of Caps Lock */
	bool caps_down; /* Caps Lock is held: its repeats do not toggle */
	bool e0;	/* the previous byte was the 0xE0 prefix */
	u8 e1_left;	/* bytes of a 0xE1 (Pause) sequence still to skip */
	u32 unknown;	/* scancodes with no meaning here (ignored) */
};

/* kbd_decode - feed one byte read from the keyboard; write the characters
 * it produces (0 to KBD_MAX_OUT) to out and return how many. Key releases,
 * modifiers and unknown codes produce nothing. Enter gives '\r', Backspace
 * '\b', Ctrl+letter the control character (Ctrl-C = 0x03), the arrows the
 * terminal sequences ESC [ A/B/C/D. Any context; never fails. */
int kbd_decode(struct kbd_state *st, u8 code, char *out);

#endif
