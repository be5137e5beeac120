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
#include "kernel/x86.h"
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

/* The CRTC's registers hide behind one index/data pair, so an index write
 * and the data access after it belong together: a printk from an
 * interrupt handler between them would move the index (and this code
 * would then read or write the wrong register). Interrupts are held off
 * across each pair. */
static void
crtc_write(u8 index, u8 value)
{
	u32 flags = irq_save();

	outb(index, VGA_CRTC_INDEX); // Select the register
	outb(value, VGA_CRTC_DATA);  //   and write it
	irq_restore(flags);
}

static u8
crtc_read(u8 index)
{
	u32 flags = irq_save();
	u8 v;

	outb(index, VGA_CRTC_INDEX); // Select the register
	v = inb(VGA_CRTC_DATA);
	irq_restore(flags);
	return v;
}

/* The start address and the cursor location are 16-bit values split over
 * two registers each, high byte at index hi, low byte at index lo. Both
 * halves go in one section with interrupts held off: were an interrupt's
 * printk to scroll or move the cursor between the two, a reader would
 * join the old high byte to the new low byte (a torn value), and a writer
 * would leave the CRTC with half of each. */
static void
crtc_write16(u8 hi, u8 lo, u16 value)
{
	u32 flags = irq_save();

	outb(hi, VGA_CRTC_INDEX);	   // Select the high byte
	outb(value >> 8, VGA_CRTC_DATA);   //   and write it
	outb(lo, VGA_CRTC_INDEX);	   // Select the low byte
	outb(value & 0xff, VGA_CRTC_DATA); //   and write it
	irq_restore(flags);
}

static u16
crtc_read16(u8 hi, u8 lo)
{
	u32 flags = irq_save();
	u16 v;

	outb(hi, VGA_CRTC_INDEX); // Select the high byte
	v = (u16)(inb(VGA_CRTC_DATA) << 8);
	outb(lo, VGA_CRTC_INDEX); // Select the low byte
	v |= inb(VGA_CRTC_DATA);
	irq_restore(flags);
	return v;
}

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

	crtc_write16(CRTC_CURSOR_HIGH, CRTC_CURSOR_LOW, pos); // Cursor location
}

/* Show text memory from line `top` on. */
static void
vga_set_start(void)
{
	u16 start = (u16)(top * VGA_COLS);

	crtc_write16(CRTC_START_HIGH, CRTC_START_LOW, start); // Start address
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

/* Is a VGA adapter there at all? Without one (QEMU -nodefaults, or a
 * headless board) the ports float and read 0xff, while 0xb8000 may well be
 * plain RAM that keeps whatever is written, so text memory proves
 * nothing: the adapter must answer through its registers. The Cursor
 * Location Low register keeps any value; write two patterns, read them
 * back, put the old value back. */
static bool
vga_detect(u8 *misc)
{
	u8 saved, a, b;

	*misc = inb(VGA_MISC_READ);
	if (*misc == 0xff || !(*misc & MISC_COLOR_IO))
		return false; /* nothing, or a monochrome (0x3b4) adapter */
	saved = crtc_read(CRTC_CURSOR_LOW);
	crtc_write(CRTC_CURSOR_LOW, VGA_PROBE & 0xff);
	a = crtc_read(CRTC_CURSOR_LOW);
	crtc_write(CRTC_CURSOR_LOW, VGA_PROBE >> 8);
	b = crtc_read(CRTC_CURSOR_LOW);
	crtc_write(CRTC_CURSOR_LOW, saved);
	return a == (VGA_PROBE & 0xff) && b == (VGA_PROBE >> 8);
}

int
vga_init(void)
{
	u8 misc;

	/* Detect first, claim after: without an adapter there is nothing
	 * for "vga+" to name. */
	if (!vga_detect(&misc)) {
		printk("vga: no colour VGA adapter (misc output reads 0x%02x, "
		       "the CRTC keeps no value); no screen\n",
		       misc);
		return -ENODEV;
	}
	if (!request_region(VGA_PORT_BASE, VGA_PORTS, "vga+"))
		return -EBUSY;
	vram = __va(VGA_TEXT_PHYS);
	vram[0] = VGA_PROBE;
	if (vram[0] != VGA_PROBE) {
		printk("vga: text memory reads 0x%04x after writing 0x%04x; no "
		       "screen\n",
		       vram[0], VGA_PROBE);
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
	crtc_write(CRTC_CURSOR_START, // Cursor shape: make it visible
		   crtc_read(CRTC_CURSOR_START) & ~CURSOR_DISABLE);
	vga_move_cursor();
	console_register(&vga_console);
	printk("vga: %dx%d colour text console at 0x%x\n", VGA_COLS, VGA_ROWS,
	       VGA_TEXT_PHYS);
	return 0;
}

static int
cmd_vga(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage();
	if (!vram) {
		printk("vga: no VGA adapter: no text console\n");
		return -ENODEV;
	}
	/* As the CRTC has them, before this command prints anything. */
	u16 start = crtc_read16(CRTC_START_HIGH, CRTC_START_LOW);
	u16 cursor = crtc_read16(CRTC_CURSOR_HIGH, CRTC_CURSOR_LOW);
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
