/* lib/parse.h - numbers typed by a person (shell arguments, options). */
#ifndef LIB_PARSE_H
#define LIB_PARSE_H

#include "lib/types.h"

/* parse_u32, parse_u64 - a whole decimal number, or hex after 0x/0X.
 * Return 0 and set *out, or -EINVAL (and leave *out alone) when s is NULL,
 * empty, has a character that is not a digit, or does not fit. */
int parse_u32(const char *s, u32 *out);
int parse_u64(const char *s, u64 *out);

#endif
