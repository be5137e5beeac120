/* lib/crc32.h - CRC-32 as zlib, PNG, Ethernet and gzip compute it.
 *
 * The IEEE 802.3 polynomial 0x04C11DB7, processed bit-reversed (0xEDB88320),
 * with the register preset to all ones and the result inverted. So
 * crc32(0, buf, len) equals Python's zlib.crc32(buf), and a long stream can
 * be checksummed in pieces: crc = crc32(crc, piece, n) for each piece.
 */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include "lib/types.h"

/* crc32 - continue the CRC-32 @crc (0 to start) over @len bytes at @buf.
 * Returns the CRC of everything seen so far. Never fails; any context
 * (the first call builds a 1 KiB table, which is harmless to repeat). */
u32 crc32(u32 crc, const void *buf, size_t len);

#endif
