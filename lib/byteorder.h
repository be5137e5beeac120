/* lib/byteorder.h - network byte order (big-endian) on a little-endian PC.
 *
 * Every multi-byte field of Ethernet, ARP, IPv4 and ICMP is sent most
 * significant byte first; x86 keeps the least significant byte first. The
 * names are the BSD socket ones a student meets everywhere.
 */
#ifndef LIB_BYTEORDER_H
#define LIB_BYTEORDER_H

#include "lib/types.h"

static inline u16
htons(u16 v)
{
	return __builtin_bswap16(v);
}

static inline u32
htonl(u32 v)
{
	return __builtin_bswap32(v);
}

#define ntohs htons
#define ntohl htonl

#endif
