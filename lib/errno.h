/* lib/errno.h - error numbers, with Linux's values so they read the same.
 * Functions return 0 or a negative errno (-EBUSY); errname() names one. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define EHOSTUNREACH 113

/* errname - "EBUSY" for 16 or -16; "E?" for a number it does not know. */
const char *errname(int err);

#endif
