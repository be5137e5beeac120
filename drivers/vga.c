/* drivers/vga.c - the VGA text console: 80 columns, 25 rows, in colour.
 *
 * In text mode the VGA adapter draws the screen from a character buffer
 * in memory at physical 0xb8000 (IBM VGA Technical Reference, "Memory
 * maps"; with Misc Output bit 0 set, the colour map): one 16-bit cell per
 * character, the low byte the character (code page 437), the high byte
 * its attribute: background colour in bits 4-6, foreground in bits 0-3.
 * porthole reaches that memory through its direct map, __va(0xb8000).
 *
 * The blinking cursor is not in that buffer: the CRT controller draws it
 * at the cell whose index is in its Cursor Location registers (CRTC index
 * 0x0e high byte, 0x0f low byte), reached through an index/data port pair:
 * write the register's index to 0x3d4, then its value to 0x3d5.
 *
 * The whole VGA register block 0x3c0-0x3df is claimed as "vga+", the name
 * Linux gives it.
 */
#include "drivers/vga.h"
#include "kernel/io.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"

#define VGA_PORT_BASE 0x3c0
#define VGA_PORTS 0x20	    /* 0x3c0-0x3df */
#define VGA_MISC_READ 0x3cc /* Miscellaneous Output register, read */
#define MISC_COLOR_IO 0x01  /* 1: CRTC at 0x3d4 (colour), 0: 0x3b4 */
#define VGA_CRTC_INDEX 0x3d4
#define VGA_CRTC_DATA 0x3d5
#define CRTC_CURSOR_START 0x0a /* bit 5 = cursor off */
#define CRTC_CURSOR_HIGH 0x0e
#define CRTC_CURSOR_LOW 0x0f
#define CURSOR_DISABLE 0x20

#define VGA_TEXT_PHYS 0xb8000
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x07 /* light grey on black */
#define VGA_BLANK ((u16)(VGA_ATTR << 8 | ' '))
#define VGA_PROBE 0x1f5a /* a cell value to write and read back */
#define TAB_WIDTH 8

static volatile u16 *screen;
static int row, col;

static void
vga_move_cursor(void)
{
	u16 pos = (u16)(row * VGA_COLS + col);

	outb(CRTC_CURSOR_HIGH, VGA_CRTC_INDEX); // Cursor location, high byte
	outb(pos >> 8, VGA_CRTC_DATA);
	outb(CRTC_CURSOR_LOW, VGA_CRTC_INDEX); //   and low byte
	outb(pos & 0xff, VGA_CRTC_DATA);
}

static void
vga_scroll(void)
{
	for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		screen[i] = screen[i + VGA_COLS];
	for (int i = 0; i < VGA_COLS; i++)
		screen[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_BLANK;
	row = VGA_ROWS - 1;
}

static void
vga_newline(void)
{
	col = 0;
	if (++row == VGA_ROWS)
		vga_scroll();
}

static void
vga_putc(char c)
{
	switch (c) {
	case '\n':
		vga_newline();
		return;
	case '\r':
		col = 0;
		return;
	case '\b':
		if (col > 0)
			col--;
		return;
	case '\t':
		col = (col / TAB_WIDTH + 1) * TAB_WIDTH;
		if (col >= VGA_COLS)
			vga_newline();
		return;
	}
	screen[row * VGA_COLS + col] = (u16)(VGA_ATTR << 8 | (u8)c);
	if (++col == VGA_COLS)
		vga_newline();
}

static void
vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
	vga_move_cursor();
}

static struct console vga_console = {
	.name = "vga",
	.write = vga_write,
};

int
vga_init(void)
{
	u8 misc;

	if (!request_region(VGA_PORT_BASE, VGA_PORTS, "vga+"))
		return -EBUSY;
	screen = __va(VGA_TEXT_PHYS);
	misc = inb(VGA_MISC_READ);
	screen[0] = VGA_PROBE;
	if (!(misc & MISC_COLOR_IO) || screen[0] != VGA_PROBE) {
		printk("vga: no colour text mode (misc output 0x%02x, text "
		       "memory reads 0x%04x after writing 0x%04x); no screen\n",
		       misc, screen[0], VGA_PROBE);
		release_region(VGA_PORT_BASE, VGA_PORTS);
		screen = NULL;
		return -ENODEV;
	}
	for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
		screen[i] = VGA_BLANK;
	row = col = 0;
	outb(CRTC_CURSOR_START, VGA_CRTC_INDEX); // Cursor shape:
	outb(inb(VGA_CRTC_DATA) & ~CURSOR_DISABLE,
	     VGA_CRTC_DATA); // make it visible
	vga_move_cursor();
	console_register(&vga_console);
	printk("vga: %dx%d colour text console at 0x%x\n", VGA_COLS, VGA_ROWS,
	       VGA_TEXT_PHYS);
	return 0;
}
