/* lib/vsprintf.c - one small formatter behind printk and snprintf.
 *
 * Everything is emitted through a put-character callback, so the same code
 * fills a buffer (snprintf) or feeds the consoles (printk) without a
 * temporary buffer and without a length limit.
 */
#include "lib/vsprintf.h"

struct out {
	void (*put)(char c, void *arg);
	void *arg;
	int count;
};

static void
emit(struct out *o, char c)
{
	o->put(c, o->arg);
	o->count++;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

struct spec {
	bool left; /* '-' flag */
	bool zero; /* '0' flag */
	int width; /* minimum field width, 0 if none */
	int prec;  /* precision, -1 if none */
};

static void
emit_string(struct out *o, const struct spec *sp, const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static void
emit_number(struct out *o, const struct spec *sp, u64 v, bool negative,
	    unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	/* On i386 a 64-bit division is a call into lib/div64.c; most numbers
	 * fit in 32 bits, where it is one DIV instruction. */
	do {
		if (v >> 32) {
			tmp[n++] = digits[v % base];
			v /= base;
		} else {
			u32 w = (u32)v;

			tmp[n++] = digits[w % base];
			v = w / base;
		}
	} while (v);

	int len = n + (negative ? 1 : 0);
	if (sp->left) {
		if (negative)
			emit(o, '-');
		while (n)
			emit(o, tmp[--n]);
		pad(o, ' ', sp->width - len);
		return;
	}
	if (sp->zero) {
		if (negative)
			emit(o, '-');
		pad(o, '0', sp->width - len);
	} else {
		pad(o, ' ', sp->width - len);
		if (negative)
			emit(o, '-');
	}
	while (n)
		emit(o, tmp[--n]);
}

/* Reads a decimal number or '*' at *fmt; advances *fmt past it. */
static int
parse_count(const char **fmt, va_list *ap)
{
	int n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (**fmt >= '0' && **fmt <= '9')
		n = n * 10 + (*(*fmt)++ - '0');
	return n;
}

int
vcbprintf(void (*put)(char c, void *arg), void *arg, const char *fmt,
	  va_list ap_in)
{
	struct out o = {put, arg, 0};
	va_list ap;

	va_copy(ap, ap_in);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(&o, *fmt);
			continue;
		}
		const char *start = fmt++;
		struct spec sp = {false, false, 0, -1};

		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		sp.width = parse_count(&fmt, &ap);
		if (sp.width < 0) {
			sp.left = true;
			sp.width = -sp.width;
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = parse_count(&fmt, &ap);
		}
		int longs = 0; /* -2 hh, -1 h, 1 l or z, 2 ll */
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z')
				longs++;
			else if (*fmt == 'h')
				longs--;
			else
				break;
		}

		u64 u = 0;
		s64 s = 0;
		switch (*fmt) {
		case 'd':
		case 'i':
			if (longs >= 2)
				s = va_arg(ap, long long);
			else if (longs == 1)
				s = va_arg(ap, long);
			else
				s = va_arg(ap, int);
			if (longs == -1)
				s = (short)s;
			else if (longs <= -2)
				s = (signed char)s;
			emit_number(&o, &sp, s < 0 ? -(u64)s : (u64)s, s < 0,
				    10, false);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (longs >= 2)
				u = va_arg(ap, unsigned long long);
			else if (longs == 1)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned int);
			if (longs == -1)
				u = (unsigned short)u;
			else if (longs <= -2)
				u = (unsigned char)u;
			emit_number(&o, &sp, u, false,
				    *fmt == 'u'	  ? 10
				    : *fmt == 'o' ? 8
						  : 16,
				    *fmt == 'X');
			break;
		case 'p': {
			struct spec ps = {false, true, 2 * sizeof(void *), -1};
			emit(&o, '0');
			emit(&o, 'x');
			emit_number(&o, &ps, (uintptr_t)va_arg(ap, void *),
				    false, 16, false);
			break;
		}
		case 'c':
			sp.prec = -1;
			{
				char c[2] = {(char)va_arg(ap, int), 0};
				emit_string(&o, &sp, c);
			}
			break;
		case 's':
			emit_string(&o, &sp, va_arg(ap, const char *));
			break;
		case '%':
			emit(&o, '%');
			break;
		default: /* unknown: print it as written, so the mistake shows
			  */
			for (; start <= fmt && *start; start++)
				emit(&o, *start);
			if (!*fmt)
				fmt--;
			break;
		}
	}
	va_end(ap);
	return o.count;
}

struct bufout {
	char *buf;
	size_t size;
	size_t pos;
};

static void
put_buf(char c, void *arg)
{
	struct bufout *b = arg;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct bufout b = {buf, size, 0};
	int n = vcbprintf(put_buf, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
