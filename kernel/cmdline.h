/* kernel/cmdline.h - options from the kernel command line (`key=value`).
 *
 * A subsystem that reads an option declares it where it reads it, with
 * the rule its value must follow, and cmdline_check() at boot says, in one
 * line each, which words are not options porthole knows and which values
 * break their rule (those are then ignored: cmdline_get returns NULL):
 *
 *     static const char *hz_check(const char *v) { ... NULL if good ... }
 *     CMDLINE_OPTION("hz", hz_check);
 *
 * The macro puts a struct cmdline_option in the section cmdline_opts;
 * the linker gathers them into one table (__start_cmdline_opts ..
 * __stop_cmdline_opts: linker.ld for the kernel, GNU ld's own symbols for
 * a host test).
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "lib/types.h"

struct cmdline_option {
	const char *key;
	/* NULL when value is good, else what a good value is ("0 or 1") */
	const char *(*check)(const char *value);
};

#define CMDLINE_OPTION(okey, checker)                                          \
	static const struct cmdline_option __cmdline_opt_##checker __used      \
		__section("cmdline_opts") __aligned(4) = {                     \
			.key = okey,                                           \
			.check = checker,                                      \
	}

/* cmdline_check_bool01 - a checker for options that take 0 or 1. */
const char *cmdline_check_bool01(const char *value);

/* cmdline_check - hand @say one line for each problem with the command
 * line (cut short, too many words, an unknown option, a value its
 * option's checker refuses) and forget the refused values. Returns how
 * many problems there were. Boot, before the options are read. */
int cmdline_check(void (*say)(const char *line));

/* cmdline_init - keep a parsed copy of the boot loader's command line.
 * A first word that is the kernel's own path (QEMU -kernel) is skipped. */
void cmdline_init(const char *line);

/* cmdline_get - the value of key: "x" for key=x, "" for a bare key, NULL
 * when absent. The string stays valid for the life of the kernel. */
const char *cmdline_get(const char *key);

/* cmdline_raw - the whole command line as the boot loader gave it. */
const char *cmdline_raw(void);

#endif
