/* tests/host/test_cmdline.c - kernel command line parsing (kernel/cmdline.c).
 */
#include <string.h>
#include "tests/host/tap.h"
#include "kernel/cmdline.h"

int
main(void)
{
	cmdline_init("/boot/porthole.elf ktest=all  panic=exit quiet");
	tap_eq_str(cmdline_get("ktest"), "all", "key=value");
	tap_eq_str(cmdline_get("panic"), "exit", "second key after two spaces");
	tap_eq_str(cmdline_get("quiet"), "", "a bare word has an empty value");
	tap_ok(cmdline_get("/boot/porthole.elf") == NULL,
	       "the kernel's path is not an option");
	tap_ok(cmdline_get("missing") == NULL, "an absent key is NULL");
	tap_eq_str(cmdline_raw(),
		   "/boot/porthole.elf ktest=all  panic=exit quiet",
		   "the raw line is kept");
	cmdline_init(NULL);
	tap_ok(cmdline_get("ktest") == NULL && !strcmp(cmdline_raw(), ""),
	       "no command line at all");
	cmdline_init("build/porthole.elf");
	tap_ok(cmdline_get("build/porthole.elf") == NULL, "only a path");
	cmdline_init("ktest=core panic=exit");
	tap_eq_str(cmdline_get("ktest"), "core",
		   "no path first (GRUB 2): the first word is an option");
	cmdline_init("quiet ktest=x");
	tap_eq_str(cmdline_get("quiet"), "",
		   "a first bare word without '/' is an option");
	char big[2000];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	cmdline_init(big);
	tap_ok(strlen(cmdline_raw()) < sizeof(big),
	       "an over-long line is cut, not overflowed");
	return tap_done();
}
