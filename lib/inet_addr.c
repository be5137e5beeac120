/* lib/inet_addr.c - IPv4 addresses as people write them ("192.0.2.1"). */
#include "lib/inet_addr.h"
#include "lib/errno.h"

char *
ip_format(u32 ip, char *buf)
{
	char *p = buf;

	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned b = (ip >> shift) & 0xff;
		if (b >= 100)
			*p++ = (char)('0' + b / 100);
		if (b >= 10)
			*p++ = (char)('0' + b / 10 % 10);
		*p++ = (char)('0' + b % 10);
		if (shift)
			*p++ = '.';
	}
	*p = '\0';
	return buf;
}

int
ip_parse(const char *s, u32 *ip)
{
	u32 v = 0;

	for (int part = 0; part < 4; part++) {
		unsigned b = 0, digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			b = b * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || b > 255)
			return -EINVAL;
		v = v << 8 | b;
		if (part < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	*ip = v;
	return 0;
}
