/* drivers/vga.h - the VGA adapter's 80x25 colour text mode as a console. */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

/* Colour text memory (IBM VGA Technical Reference, "Memory Organization":
 * the 32 KiB at 0xb8000 when the Graphics Controller's Miscellaneous
 * register maps it there, as the BIOS leaves it for text mode). */
#define VGA_TEXT_PHYS 0xb8000

/* vga_init - claim "vga+" 03c0-03df, check that text memory at 0xb8000
 * answers, clear the screen and register it as a console: everything
 * printk prints appears on the screen too. Returns 0, or -EBUSY / -ENODEV
 * after one line (the boot goes on with serial alone). Boot. */
int vga_init(void);

#endif
