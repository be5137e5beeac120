/* tests/host/tap.h - a tiny TAP producer for host unit tests.
 *
 * Each check prints "ok N - what" or "not ok N - what"; tap_done() prints the
 * plan and the closing "N passed, N failed" line and returns the exit status.
 * tests/run.py collects these lines from every host test binary.
 */
#ifndef TESTS_HOST_TAP_H
#define TESTS_HOST_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

static inline int __attribute__((format(printf, 2, 3)))
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

/* tap_eq_str - ok when got equals want; on failure prints both. */
static inline int
tap_eq_str(const char *got, const char *want, const char *what)
{
	int same = got && want && !__builtin_strcmp(got, want);

	tap_ok(same, "%s", what);
	if (!same)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
	return same;
}

static inline int
tap_done(void)
{
	printf("1..%d\n%d passed, %d failed\n", tap_n, tap_n - tap_failed,
	       tap_failed);
	return tap_failed ? 1 : 0;
}

#endif
