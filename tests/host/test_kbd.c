/* tests/host/test_kbd.c - scancode set 1 decoding (drivers/kbd_keymap.c). */
#include <string.h>
#include "tests/host/tap.h"
#include "drivers/kbd_keymap.h"

/* Feed a scancode sequence, return everything it typed. */
static const char *
feed(struct kbd_state *st, const unsigned char *codes, size_t n)
{
	static char out[256];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		char o[KBD_MAX_OUT];
		int k = kbd_decode(st, codes[i], o);
		if (k < 0 || k > KBD_MAX_OUT)
			return "(bad count)";
		memcpy(out + len, o, k);
		len += k;
	}
	out[len] = 0;
	return out;
}

#define FEED(st, ...)                                                          \
	({                                                                     \
		static const unsigned char c_[] = {__VA_ARGS__};               \
		feed((st), c_, sizeof(c_));                                    \
	})

int
main(void)
{
	struct kbd_state st = {0};

	/* h e l p Enter, each pressed and released. */
	tap_eq_str(FEED(&st, 0x23, 0xa3, 0x12, 0x92, 0x26, 0xa6, 0x19, 0x99,
			0x1c, 0x9c),
		   "help\r", "make/break pairs type 'help' Enter");
	tap_eq_str(FEED(&st, 0x2a, 0x23, 0xa3, 0xaa, 0x23, 0xa3), "Hh",
		   "left shift held for one key only");
	tap_eq_str(FEED(&st, 0x36, 0x02, 0x0c, 0xb6), "!_",
		   "right shift on digits and '-'");
	tap_eq_str(FEED(&st, 0x3a, 0xba, 0x1e, 0x02), "A1",
		   "caps lock shifts letters, not digits");
	tap_eq_str(FEED(&st, 0x2a, 0x1e, 0xaa), "a",
		   "shift with caps lock gives lower case");
	tap_eq_str(FEED(&st, 0x3a, 0x3a, 0x3a, 0xba, 0x1e), "a",
		   "a held caps lock (repeats) toggles once");
	tap_ok(!st.caps_lock, "caps lock is off again");
	tap_eq_str(FEED(&st, 0x1d, 0x2e, 0x16, 0x9d, 0x2e),
		   "\x03\x15"
		   "c",
		   "Ctrl-C and Ctrl-U, then c after Ctrl is released");
	tap_eq_str(FEED(&st, 0xe0, 0x1d, 0x2e, 0xe0, 0x9d), "\x03",
		   "right Ctrl (E0 1D)");
	tap_eq_str(FEED(&st, 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0x4d,
			0xe0, 0x4b),
		   "\x1b[A\x1b[B\x1b[C\x1b[D", "arrows become ESC [ A..D");
	tap_eq_str(FEED(&st, 0x0e, 0x1c, 0xe0, 0x1c), "\b\r\r",
		   "backspace, Enter and keypad Enter");
	tap_eq_str(FEED(&st, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x10), "q",
		   "the Pause sequence is skipped whole");
	unsigned before = st.unknown;
	tap_eq_str(FEED(&st, 0x00, 0x3b, 0x58, 0x7f, 0xe0, 0x53, 0xff, 0xfa),
		   "",
		   "F1, F12, unknown codes, E0 keys without meaning: nothing");
	tap_ok(st.unknown > before, "unknown codes are counted");
	tap_eq_str(FEED(&st, 0x39, 0x28, 0x2b), " '\\",
		   "space, quote, backslash");
	/* every byte value in every state: never more than KBD_MAX_OUT */
	int bad = 0;
	for (int pre = 0; pre < 3; pre++)
		for (int c = 0; c < 256; c++) {
			struct kbd_state s = {0};
			char o[KBD_MAX_OUT];
			if (pre == 1)
				kbd_decode(&s, 0xe0, o);
			if (pre == 2)
				kbd_decode(&s, 0x2a, o);
			int k = kbd_decode(&s, (unsigned char)c, o);
			if (k < 0 || k > KBD_MAX_OUT)
				bad++;
		}
	tap_ok(!bad, "all 768 (prefix, byte) pairs decode within bounds");
	return tap_done();
}
