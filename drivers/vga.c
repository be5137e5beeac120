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
 * Scrolling moves the window, not the text. The CRTC does not have to
 * start drawing at the first cell of text memory: its Start Address
 * registers (CRTC index 0x0c high byte, 0x0d low byte) name the cell shown
 * at the screen's top left. Text memory is 32 KiB, 0xb8000-0xbffff (with
 * Graphics Controller Miscellaneous bits 3-2 = 11, as mode 3 sets them;
 * vga_init checks, and with any other map uses only the 25 lines shown):
 * 16384 cells, 204 lines of 80, of which the screen shows 25. So a new
 * line at the bottom costs one line cleared below the window and the start
 * address advanced by 80 cells, instead of copying the 24 other lines up
 * (under an emulator every access to this memory is a trip into the
 * emulated VGA: copying the screen once took about 0.6 ms). Only when the
 * window reaches the end of the 32 KiB are its lines copied back to the
 * top, once every 180 new lines; the old window stays on view while they
 * are copied, then one start address write shows the copy. The shell
 * command `vga` reads the registers back.
 *
 *   text memory (lines of 80 cells)       the screen
 *     0 +----------------------+
 *       | scrolled off         |
 *   top +----------------------+  <--  Start Address = top * 80
 *       | the 25 visible lines |  -->  rows 0-24
 *       +----------------------+
 *       | cleared as they come |
 *   203 +----------------------+
 *
 * The Cursor Location is a cell of text memory too, not of the screen:
 * it is (top + row) * 80 + col.
 *
 * The whole VGA register block 0x3c0-0x3df is claimed as "vga+", the name
 * Linux gives it.
 */
#include "drivers/vga.h"
#include "kernel/io.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/command.h"
#include "lib/errno.h"

#define VGA_PORT_BASE 0x3c0
#define VGA_PORTS 0x20	    /* 0x3c0-0x3df */
#define VGA_MISC_READ 0x3cc /* Miscellaneous Output register, read */
#define MISC_COLOR_IO 0x01  /* 1: CRTC at 0x3d4 (colour), 0: 0x3b4 */
#define VGA_CRTC_INDEX 0x3d4
#define VGA_CRTC_DATA 0x3d5
#define VGA_GC_INDEX 0x3ce /* Graphics Controller index/data pair */
#define VGA_GC_DATA 0x3cf
#define GC_MISC 0x06		   /* Miscellaneous Graphics register */
#define GC_MISC_MAP_MASK 0x0c	   /* bits 3-2: memory map select */
#define GC_MISC_MAP_B8000_32K 0x0c /* 11: 0xb8000-0xbffff */
#define CRTC_CURSOR_START 0x0a	   /* bit 5 = cursor off */
#define CRTC_START_HIGH 0x0c	   /* first cell shown, high byte */
#define CRTC_START_LOW 0x0d	   /*   and low byte */
#define CRTC_CURSOR_HIGH 0x0e
#define CRTC_CURSOR_LOW 0x0f
#define CURSOR_DISABLE 0x20

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_MEM_CELLS (32768 / 2)		 /* 32 KiB of 2-byte cells */
#define VGA_MEM_LINES (VGA_MEM_CELLS / VGA_COLS) /* 204 whole lines */
#define VGA_ATTR 0x07				 /* light grey on black */
#define VGA_BLANK ((u16)(VGA_ATTR << 8 | ' '))
#define VGA_PROBE 0x1f5a /* a cell value to write and read back */
#define TAB_WIDTH 8

static volatile u16 *vram; /* text memory, all 32 KiB of it */
static int mem_lines;	   /* lines of text memory we may use */
static int top;		   /* the line of text memory at the screen's top */
static int row, col;	   /* the next character's place on the screen */
static u32 wraps;	   /* times the window went back to the top */

/* The cell of text memory at screen row r, column c. */
static volatile u16 *
cell(int r, int c)
{
	return &vram[(top + r) * VGA_COLS + c];
}

static void
vga_move_cursor(void)
{
	u16 pos = (u16)((top + row) * VGA_COLS + col); /* in memory */

	outb(CRTC_CURSOR_HIGH, VGA_CRTC_INDEX); // Cursor location, high byte
	outb(pos >> 8, VGA_CRTC_DATA);
	outb(CRTC_CURSOR_LOW, VGA_CRTC_INDEX); //   and low byte
	outb(pos & 0xff, VGA_CRTC_DATA);
}

/* Show text memory from line `top` on. */
static void
vga_set_start(void)
{
	u16 start = (u16)(top * VGA_COLS);

	outb(CRTC_START_HIGH, VGA_CRTC_INDEX); // Start address, high byte
	outb(start >> 8, VGA_CRTC_DATA);
	outb(CRTC_START_LOW, VGA_CRTC_INDEX); //   and low byte
	outb(start & 0xff, VGA_CRTC_DATA);
}

/* One line up: the screen's rows 1-24 become rows 0-23, row 24 blank. */
static void
vga_scroll(void)
{
	int first = top + 1; /* the line that becomes row 0 */

	if (first + VGA_ROWS > mem_lines) {
		/* The new bottom line would be past the end of text memory:
		 * copy rows 1-24 to the first lines (out of sight: the window
		 * is far below them, unless mem_lines is just the screen) and
		 * show those. */
		for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
			vram[i] = vram[first * VGA_COLS + i];
		first = 0;
		wraps++;
	}
	/* Clear the new bottom line before it is shown. */
	for (int c = 0; c < VGA_COLS; c++)
		vram[(first + VGA_ROWS - 1) * VGA_COLS + c] = VGA_BLANK;
	top = first;
	vga_set_start();
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
	*cell(row, col) = (u16)(VGA_ATTR << 8 | (u8)c);
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
	vram = __va(VGA_TEXT_PHYS);
	misc = inb(VGA_MISC_READ);
	vram[0] = VGA_PROBE;
	if (!(misc & MISC_COLOR_IO) || vram[0] != VGA_PROBE) {
		printk("vga: no colour text mode (misc output 0x%02x, text "
		       "memory reads 0x%04x after writing 0x%04x); no screen\n",
		       misc, vram[0], VGA_PROBE);
		release_region(VGA_PORT_BASE, VGA_PORTS);
		vram = NULL;
		return -ENODEV;
	}
	outb(GC_MISC, VGA_GC_INDEX);
	if ((inb(VGA_GC_DATA) & GC_MISC_MAP_MASK) == GC_MISC_MAP_B8000_32K)
		mem_lines = VGA_MEM_LINES;
	else /* only the screen is sure: scroll by copying */
		mem_lines = VGA_ROWS;
	top = row = col = 0;
	for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
		vram[i] = VGA_BLANK;
	vga_set_start();
	outb(CRTC_CURSOR_START, VGA_CRTC_INDEX); // Cursor shape:
	outb(inb(VGA_CRTC_DATA) & ~CURSOR_DISABLE,
	     VGA_CRTC_DATA); // make it visible
	vga_move_cursor();
	console_register(&vga_console);
	printk("vga: %dx%d colour text console at 0x%x\n", VGA_COLS, VGA_ROWS,
	       VGA_TEXT_PHYS);
	return 0;
}

static u8
crtc_read(u8 index)
{
	outb(index, VGA_CRTC_INDEX);
	return inb(VGA_CRTC_DATA);
}

static int
cmd_vga(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!vram) {
		printk("vga: no text console\n");
		return -ENODEV;
	}
	/* As the CRTC has them, before this command prints anything. */
	u16 start = (u16)(crtc_read(CRTC_START_HIGH) << 8 |
			  crtc_read(CRTC_START_LOW));
	u16 cursor = (u16)(crtc_read(CRTC_CURSOR_HIGH) << 8 |
			   crtc_read(CRTC_CURSOR_LOW));
	printk("text memory 0x%x-0x%x: %d lines of %d cells, %d on screen\n",
	       VGA_TEXT_PHYS, VGA_TEXT_PHYS + mem_lines * VGA_COLS * 2 - 1,
	       mem_lines, VGA_COLS, VGA_ROWS);
	printk("start address %u: the screen shows lines %u-%u; back to line "
	       "0 %u times\n",
	       start, start / VGA_COLS, start / VGA_COLS + VGA_ROWS - 1, wraps);
	printk("cursor location %u: screen row %d, column %d\n", cursor,
	       (cursor - start) / VGA_COLS, (cursor - start) % VGA_COLS);
	return 0;
}
SHELL_COMMAND("vga", cmd_vga,
	      "the text screen's window on text memory (CRTC start address)",
	      "vga");
