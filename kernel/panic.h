/* kernel/panic.h - stopping the kernel when it cannot go on. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/types.h"

/* panic - print "Kernel panic: ...", a backtrace, and stop (see panic_stop). */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* panic_stop - after a report: halt for good, or, with `panic=exit` on the
 * kernel command line (the test harness sets it), leave QEMU with the
 * EXIT_PANIC status so the harness sees the failure at once. */
__noreturn void panic_stop(void);

#endif
