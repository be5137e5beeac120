/* tests/host/test_cmdline.c - kernel command line parsing (kernel/cmdline.c).
 */
#include <string.h>
#include "tests/host/tap.h"
#include "kernel/cmdline.h"

/* Options as subsystems declare them (the kernel's own two, ktest and
 * panic, come with cmdline.c). */
static const char *
hz_check(const char *v)
{
	return v[0] >= '1' && v[0] <= '9' ? NULL : "a rate";
}
CMDLINE_OPTION("hz", hz_check);
static const char *
pio_check(const char *v)
{
	return cmdline_check_bool01(v);
}
CMDLINE_OPTION("ata.pio32", pio_check);

static char said[8][700];
static int nsaid;

static void
say(const char *line)
{
	if (nsaid < 8)
		strncpy(said[nsaid++], line, sizeof(said[0]) - 1);
}

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
	nsaid = 0;
	tap_ok(cmdline_check(say) >= 2 &&
		       !strcmp(said[0], "cmdline: 1999 bytes long; only the "
					"first 511 are read"),
	       "the cut is said in one line");

	cmdline_init("/boot/k ata.pio32=5 hz=100 bogus=1 panic=exit quiet");
	nsaid = 0;
	tap_ok(cmdline_check(say) == 3, "three problems");
	tap_eq_str(said[0],
		   "cmdline: ata.pio32=5: the value must be 0 or 1 (ignored)",
		   "a bad value: one line naming the rule");
	tap_eq_str(said[1], "cmdline: unknown option 'bogus' (ignored)",
		   "an unknown option: one line");
	tap_eq_str(said[2], "cmdline: unknown option 'quiet' (ignored)",
		   "a bare unknown word: one line");
	tap_ok(cmdline_get("ata.pio32") == NULL && cmdline_get("bogus") == NULL,
	       "refused words are forgotten");
	tap_eq_str(cmdline_get("hz"), "100", "good options stay");
	tap_eq_str(cmdline_get("panic"), "exit",
		   "the core's own options are known");
	cmdline_init("hz=100 ata.pio32=1");
	nsaid = 0;
	tap_ok(cmdline_check(say) == 0 && nsaid == 0,
	       "a good line: nothing said");
	char many[600] = "";
	for (int i = 0; i < 40; i++)
		strcat(many, "hz=1 ");
	cmdline_init(many);
	nsaid = 0;
	cmdline_check(say);
	tap_eq_str(said[0], "cmdline: more than 32 words; the last 8 ignored",
		   "words past the table: said");
	return tap_done();
}
