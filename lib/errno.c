/* lib/errno.c - names for error numbers, for messages a user can act on. */
#include "lib/errno.h"

#define E(x) [x] = #x
static const char *const names[] = {
	E(EPERM),     E(ENOENT),     E(EINTR),	   E(EIO),	    E(ENXIO),
	E(E2BIG),     E(ENOMEM),     E(EFAULT),	   E(EBUSY),	    E(EEXIST),
	E(ENODEV),    E(EINVAL),     E(ENOSPC),	   E(ERANGE),	    E(ENOSYS),
	E(EOVERFLOW), E(EOPNOTSUPP), E(ETIMEDOUT), E(EHOSTUNREACH),
};

const char *
errname(int err)
{
	if (err < 0)
		err = -err;
	if ((unsigned)err < sizeof(names) / sizeof(names[0]) && names[err])
		return names[err];
	return "E?";
}
