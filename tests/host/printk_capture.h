/* tests/host/printk_capture.h - a host stand-in for the kernel's printk.
 *
 * Kernel code built into a host test (kernel/resource.c) calls printk; this
 * one formats with porthole's own lib/vsprintf and keeps the text, so a test
 * can check that exactly one line, with the right words, was printed.
 * Include it in exactly one file of a host test binary.
 */
#ifndef TESTS_HOST_PRINTK_CAPTURE_H
#define TESTS_HOST_PRINTK_CAPTURE_H

#include <stdarg.h>
#include <string.h>
#include "kernel/printk.h"
#include "lib/vsprintf.h"

static char printk_buf[16384];
static size_t printk_len;
static int printk_lines;    /* newlines printed since printk_clear() */
static int printk_echo = 0; /* set to 1 to also print to stdout */

static inline void
printk_clear(void)
{
	printk_len = 0;
	printk_buf[0] = '\0';
	printk_lines = 0;
}

int
vprintk(const char *fmt, va_list ap)
{
	char tmp[512];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	size_t len = strlen(tmp);

	for (size_t i = 0; i < len; i++)
		printk_lines += tmp[i] == '\n';
	if (printk_len + len >= sizeof(printk_buf))
		printk_len = 0; /* wrap: tests clear before they look */
	memcpy(printk_buf + printk_len, tmp, len + 1);
	printk_len += len;
	if (printk_echo)
		fputs(tmp, stdout);
	return n;
}

int
printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

#endif
