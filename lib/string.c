/* lib/string.c - string and memory helpers, written to be read.
 * Byte loops everywhere except memset and memcpy, which move a 32-bit word
 * at a time once the address is 4-byte aligned: the page tables and
 * bitmaps built at boot are zeroed with memset, and under an emulator
 * every guest instruction counts. A student stepping through them in gdb
 * still sees three plain loops: head bytes, words, tail bytes. */
#include "lib/string.h"

#define WORD_SIZE sizeof(u32)
/* A u32 that may alias any other type: memset and memcpy write words into
 * memory whose declared type is char, struct, anything (GCC's may_alias). */
typedef u32 __attribute__((may_alias)) word_t;

static bool
word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

void *
memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	word_t word = 0x01010101u * (unsigned char)c; /* c in each byte */

	for (; n && !word_aligned(p); n--)
		*p++ = (unsigned char)c;
	for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE)
		*(word_t *)p = word;
	for (; n; n--)
		*p++ = (unsigned char)c;
	return s;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Words only help if both sides reach a boundary together. */
	if (((uintptr_t)d ^ (uintptr_t)s) % WORD_SIZE == 0) {
		for (; n && !word_aligned(d); n--)
			*d++ = *s++;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	for (; n; n--)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
