/* lib/crc32.h - CRC-32 as zlib, Ethernet and PNG compute it. */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include "lib/types.h"

/* crc32 - continue a CRC-32 over len bytes at buf. Start with crc = 0:
 * crc32(0, buf, len) equals zlib's crc32(0, buf, len) and Python's
 * zlib.crc32(buf); feeding a buffer in pieces gives the same result as all
 * at once. Any context. */
u32 crc32(u32 crc, const void *buf, size_t len);

#endif
