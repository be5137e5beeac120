/* drivers/kbd_keymap.c - decoding scancode set 1, as a keyboard behind an
 * i8042 with translation on delivers it.
 *
 * Each key sends a "make" code when pressed (and again, as typematic
 * repeat, while held) and a "break" code when released: the make code with
 * bit 7 set (IBM PC AT Technical Reference, "Keyboard scan-code set 1").
 * Keys added after the 84-key keyboard (the separate arrow block, right
 * Ctrl, keypad Enter and /) send 0xE0 first; Pause sends a six-byte
 * sequence that starts with 0xE1 and has no break code.
 *
 * The tables map a make code to the character on a US layout, unshifted
 * and shifted. Caps Lock shifts only the letters; Ctrl turns a letter
 * into its control character (letter & 0x1f), which is how Ctrl-C and
 * Ctrl-U reach the shell.
 */
#include "drivers/kbd_keymap.h"

#define SC_BREAK 0x80	  /* break (release) = make | 0x80 */
#define SC_PREFIX_E0 0xe0 /* extended key follows */
#define SC_PREFIX_E1 0xe1 /* Pause: 5 more bytes follow */
#define SC_E1_TAIL 5

/* Make codes with a meaning beyond their character. */
#define SC_LCTRL 0x1d /* E0 1D: right Ctrl */
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CAPS 0x3a
#define SC_ENTER 0x1c /* E0 1C: keypad Enter */
#define SC_SLASH 0x35 /* E0 35: keypad / */
#define SC_UP 0x48    /* with E0 */
#define SC_LEFT 0x4b
#define SC_RIGHT 0x4d
#define SC_DOWN 0x50

#define CH_ESC 0x1b
#define CTRL_MASK 0x1f

/* US layout, set 1 make codes 0x00-0x39; 0 = no character. */
/* clang-format off */
static const char plain[] = {
	0,    CH_ESC, '1', '2', '3', '4', '5', '6',  /* 00-07 */
	'7',  '8',  '9',  '0',  '-',  '=',  '\b', '\t', /* 08-0f */
	'q',  'w',  'e',  'r',  't',  'y',  'u',  'i',  /* 10-17 */
	'o',  'p',  '[',  ']',  '\r', 0,    'a',  's',  /* 18-1f */
	'd',  'f',  'g',  'h',  'j',  'k',  'l',  ';',  /* 20-27 */
	'\'', '`',  0,    '\\', 'z',  'x',  'c',  'v',  /* 28-2f */
	'b',  'n',  'm',  ',',  '.',  '/',  0,    '*',  /* 30-37 */
	0,    ' ',                                      /* 38-39 */
};

static const char shifted[] = {
	0,    CH_ESC, '!', '@', '#', '$', '%', '^',  /* 00-07 */
	'&',  '*',  '(',  ')',  '_',  '+',  '\b', '\t', /* 08-0f */
	'Q',  'W',  'E',  'R',  'T',  'Y',  'U',  'I',  /* 10-17 */
	'O',  'P',  '{',  '}',  '\r', 0,    'A',  'S',  /* 18-1f */
	'D',  'F',  'G',  'H',  'J',  'K',  'L',  ':',  /* 20-27 */
	'"',  '~',  0,    '|',  'Z',  'X',  'C',  'V',  /* 28-2f */
	'B',  'N',  'M',  '<',  '>',  '?',  0,    '*',  /* 30-37 */
	0,    ' ',                                      /* 38-39 */
};
/* clang-format on */

_Static_assert(sizeof(plain) == sizeof(shifted), "keymap tables differ");

static bool
is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

static int
arrow(char *out, char final)
{
	out[0] = CH_ESC;
	out[1] = '[';
	out[2] = final;
	return 3;
}

/* A key after 0xE0. Only the ones porthole uses mean anything. */
static int
decode_extended(struct kbd_state *st, u8 make, bool release, char *out)
{
	if (make == SC_LCTRL) {
		st->rctrl = !release;
		return 0;
	}
	if (release)
		return 0;
	switch (make) {
	case SC_ENTER:
		out[0] = '\r';
		return 1;
	case SC_SLASH:
		out[0] = '/';
		return 1;
	case SC_UP:
		return arrow(out, 'A');
	case SC_DOWN:
		return arrow(out, 'B');
	case SC_RIGHT:
		return arrow(out, 'C');
	case SC_LEFT:
		return arrow(out, 'D');
	}
	st->unknown++; /* fake shifts (E0 2A), Home, Del, ...: ignored */
	return 0;
}

static int
decode_plain(struct kbd_state *st, u8 make, bool release, char *out)
{
	bool shift = st->lshift || st->rshift;
	char c;

	switch (make) {
	case SC_LSHIFT:
		st->lshift = !release;
		return 0;
	case SC_RSHIFT:
		st->rshift = !release;
		return 0;
	case SC_LCTRL:
		st->lctrl = !release;
		return 0;
	case SC_CAPS:
		if (!release && !st->caps_down)
			st->caps_lock = !st->caps_lock;
		st->caps_down = !release;
		return 0;
	}
	if (release)
		return 0;
	if (make >= sizeof(plain) || !plain[make]) {
		st->unknown++;
		return 0;
	}
	c = plain[make];
	if (is_letter(c) && st->caps_lock)
		shift = !shift;
	if (shift)
		c = shifted[make];
	if ((st->lctrl || st->rctrl) && is_letter(plain[make]))
		c = plain[make] & CTRL_MASK;
	out[0] = c;
	return 1;
}

int
kbd_decode(struct kbd_state *st, u8 code, char *out)
{
	bool e0 = st->e0;

	if (st->e1_left) {
		st->e1_left--;
		return 0;
	}
	st->e0 = false;
	if (code == SC_PREFIX_E0) {
		st->e0 = true;
		return 0;
	}
	if (code == SC_PREFIX_E1) {
		st->e1_left = SC_E1_TAIL;
		return 0;
	}
	if (e0)
		return decode_extended(st, code & ~SC_BREAK, code & SC_BREAK,
				       out);
	return decode_plain(st, code & ~SC_BREAK, code & SC_BREAK, out);
}
