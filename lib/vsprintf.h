/* lib/vsprintf.h - printf-style formatting into a buffer.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%; length modifiers hh h l ll z;
 * flags '-' (left-align) '0' (zero-pad); a width and a precision (for %s the
 * most characters printed), either of which may be '*'. %p prints 0x and 8
 * hex digits. An unknown conversion is printed as it was written.
 */
#ifndef LIB_VSPRINTF_H
#define LIB_VSPRINTF_H

#include <stdarg.h>
#include "lib/types.h"

/* vsnprintf - format into buf, writing at most size bytes including the NUL.
 * Returns the length the whole output would have had (like C99), so a result
 * >= size means it was truncated. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* vcbprintf - format and hand each output character to put(c, arg).
 * Returns the number of characters produced. printk builds on this. */
int vcbprintf(void (*put)(char c, void *arg), void *arg, const char *fmt,
	      va_list ap);

#endif
