/* kernel/printk.h - the kernel's one way to print: every registered console
 * (serial first, the VGA screen later) receives every character. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include "lib/types.h"

struct console {
	const char *name;
	void (*write)(const char *s,
		      size_t n); /* must not sleep; IRQs may be off */
	struct console *next;
};

/* printk - format (see lib/vsprintf.h) and write to all consoles.
 * Safe in any context, including exception and interrupt handlers.
 * Returns the number of characters printed. */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/* console_register - add a console; it receives everything printed from now. */
void console_register(struct console *con);

#endif
