/* kernel/ktest.h - in-kernel tests that report in KTAP on the console.
 *
 *     KTEST(resource, nested_claims)
 *     {
 *             KT_EXPECT(kt, request_region(0x60, 1, "kbd") != NULL);
 *             KT_EXPECT_EQ(kt, ioport_resource.child->start, 0x60);
 *     }
 *
 * Tests are gathered from the .ktests linker section; `ktest=all` or
 * `ktest=SUITE[,SUITE...]` on the kernel command line runs them at the end
 * of boot, prints KTAP (Documentation/dev-tools/ktap.rst in Linux) and
 * leaves QEMU through isa-debug-exit with EXIT_KTEST_PASS or _FAIL.
 * Tests of one suite run in source order (file name, then line).
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "lib/types.h"

struct ktest_ctx {
	int failures;	  /* checks that failed in the running test */
	const char *skip; /* set by KT_SKIP: the reason */
};

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_ctx *kt);
	const char *file; /* tests run in file, then line, order */
	int line;
};

#define KTEST(suite, name)                                                     \
	static void ktest_##suite##_##name(struct ktest_ctx *kt);              \
	static const struct ktest __ktest_##suite##_##name __used __section(   \
		".ktests") __aligned(4) = {                                    \
		#suite, #name, ktest_##suite##_##name, __FILE__, __LINE__};    \
	static void ktest_##suite##_##name(struct ktest_ctx *kt __unused)

/* ktest_check - record one check; prints a diagnostic line when it fails.
 * Returns cond, so a test can stop early: if (!KT_EXPECT(...)) return; */
bool ktest_check(struct ktest_ctx *kt, bool cond, const char *expr,
		 const char *file, int line);
bool ktest_check_eq(struct ktest_ctx *kt, u64 got, u64 want, const char *expr,
		    const char *file, int line);

#define KT_EXPECT(kt, cond) ktest_check(kt, !!(cond), #cond, __FILE__, __LINE__)
#define KT_EXPECT_EQ(kt, got, want)                                            \
	ktest_check_eq(kt, (u64)(got), (u64)(want), #got " == " #want,         \
		       __FILE__, __LINE__)
#define KT_SKIP(kt, reason) ((kt)->skip = (reason))

/* ktest_run_from_cmdline - if the command line asks for tests, run them
 * and exit QEMU; otherwise return at once. */
void ktest_run_from_cmdline(void);

#endif
