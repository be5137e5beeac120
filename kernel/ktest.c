/* kernel/ktest.c - run the in-kernel tests and print KTAP.
 *
 * Output shape (KTAP version 1, subtests indented by two spaces):
 *
 *     KTAP version 1
 *     1..2
 *       KTAP version 1
 *       # Subtest: printk
 *       1..3
 *       ok 1 formats_hex
 *       ...
 *     ok 1 printk
 *     ...
 *     # ktest: 12 passed, 0 failed
 */
#include "kernel/ktest.h"
#include "kernel/cmdline.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "lib/string.h"

extern const struct ktest __ktests_start[], __ktests_end[];

#define for_each_ktest(t)                                                      \
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)

bool
ktest_check(struct ktest_ctx *kt, bool cond, const char *expr, const char *file,
	    int line)
{
	if (!cond) {
		kt->failures++;
		printk("    # %s:%d: expected %s\n", file, line, expr);
	}
	return cond;
}

bool
ktest_check_eq(struct ktest_ctx *kt, u64 got, u64 want, const char *expr,
	       const char *file, int line)
{
	if (got != want) {
		kt->failures++;
		printk("    # %s:%d: expected %s, got 0x%llx, want 0x%llx\n",
		       file, line, expr, got, want);
	}
	return got == want;
}

/* Is suite named in the comma-separated list (or is the list "all")? */
static bool
selected(const char *list, const char *suite)
{
	size_t n = strlen(suite);

	if (!strcmp(list, "all"))
		return true;
	for (const char *p = list; *p;) {
		if (!strncmp(p, suite, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

/* Is t the first test of its suite (so the suite is counted once)? */
static bool
first_of_suite(const struct ktest *t)
{
	for (const struct ktest *u = __ktests_start; u < t; u++)
		if (!strcmp(u->suite, t->suite))
			return false;
	return true;
}

/* Does a come before b in source order (file name, then line)? The
 * compiler may emit a file's tests into the section in any order. */
static bool
before(const struct ktest *a, const struct ktest *b)
{
	int c = strcmp(a->file, b->file);

	return c < 0 || (c == 0 && a->line < b->line);
}

/* The test of suite that comes next in source order after prev (NULL:
 * the first), or NULL when there is none. */
static const struct ktest *
next_in_suite(const char *suite, const struct ktest *prev)
{
	const struct ktest *best = NULL;

	for_each_ktest(t) if (!strcmp(t->suite, suite) &&
			      (!prev || before(prev, t)) &&
			      (!best || before(t, best))) best = t;
	return best;
}

static int
run_suite(const char *suite, int index, int *passed, int *failed, int *skipped)
{
	int n = 0, i = 0, suite_failed = 0;

	for_each_ktest(t) n += !strcmp(t->suite, suite);
	printk("  KTAP version 1\n  # Subtest: %s\n  1..%d\n", suite, n);
	for (const struct ktest *t = next_in_suite(suite, NULL); t;
	     t = next_in_suite(suite, t)) {
		struct ktest_ctx kt = {0, NULL};
		t->fn(&kt);
		i++;
		if (kt.skip) {
			printk("  ok %d %s # SKIP %s\n", i, t->name, kt.skip);
			(*skipped)++; /* did not run: not a pass */
		} else if (kt.failures) {
			printk("  not ok %d %s\n", i, t->name);
			(*failed)++;
			suite_failed++;
		} else {
			printk("  ok %d %s\n", i, t->name);
			(*passed)++;
		}
	}
	printk("%sok %d %s\n", suite_failed ? "not " : "", index, suite);
	return suite_failed;
}

void
ktest_run_from_cmdline(void)
{
	const char *list = cmdline_get("ktest");
	int nsuites = 0, index = 0, passed = 0, failed = 0, skipped = 0;

	if (!list)
		return;
	for_each_ktest(t) if (first_of_suite(t) && selected(list, t->suite))
		nsuites++;
	printk("KTAP version 1\n1..%d\n", nsuites);
	for_each_ktest(t) if (first_of_suite(t) && selected(list, t->suite))
		run_suite(t->suite, ++index, &passed, &failed, &skipped);
	if (nsuites == 0)
		printk("# ktest: no suite matches '%s'\n", list);
	printk("# ktest: %d passed, %d failed, %d skipped\n", passed, failed,
	       skipped);
	qemu_exit(failed || nsuites == 0 ? EXIT_KTEST_FAIL : EXIT_KTEST_PASS);
}
