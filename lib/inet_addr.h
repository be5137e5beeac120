/* lib/inet_addr.h - IPv4 addresses in dotted-quad text. */
#ifndef LIB_INET_ADDR_H
#define LIB_INET_ADDR_H

#include "lib/types.h"

/* ip_format - "192.0.2.1" into buf (at least 16 bytes) from an address in
 * host order; returns buf. */
char *ip_format(u32 ip, char *buf);

/* ip_parse - four decimal numbers 0-255 joined by dots (no leading zeros
 * past three digits, nothing after) into *ip, host order. Returns 0, or
 * -EINVAL and leaves *ip alone. */
int ip_parse(const char *s, u32 *ip);

#endif
