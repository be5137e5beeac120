/* kernel/cmdline.c - the kernel command line, split into key=value words.
 *
 * GRUB 2 passes the words after the kernel's path on grub.cfg's multiboot
 * line; QEMU's -kernel passes the kernel's path and then whatever -append
 * adds. So a first word that looks like a path (a '/', no '=') is skipped.
 * Options porthole reads (README.md lists them too), each where it is used:
 *   hz=N                     the PIT's tick rate, 19..10000 (drivers/pit.c)
 *   ata.irq=0                ATA polls instead of IRQ 14/15 (drivers/ata.c)
 *   ata.pio32=0|1            16- or 32-bit ATA data accesses (drivers/ata.c)
 *   noapic                   the 8259s, not the I/O APIC (drivers/ioapic.c)
 *   clocksource=NAME         the clock uptime reads: tsc, hpet (time.c)
 *   ktest=all|SUITE[,SUITE]  run in-kernel tests, then exit QEMU (ktest.c)
 *   panic=exit               leave QEMU on a crash instead of halting
 *                            (panic.c)
 */
#include "kernel/cmdline.h"
#include "lib/string.h"
#include "lib/types.h"

#define CMDLINE_MAX 512
#define CMDLINE_MAX_WORDS 32

static char raw[CMDLINE_MAX];
static char words[CMDLINE_MAX];
static const char *keys[CMDLINE_MAX_WORDS];
static const char *values[CMDLINE_MAX_WORDS];
static int nwords;

/* Does the word [w, end) look like a file path rather than an option? */
static bool
looks_like_path(const char *w, const char *end)
{
	bool slash = false;

	for (; w < end; w++) {
		if (*w == '=')
			return false;
		slash |= (*w == '/');
	}
	return slash;
}

void
cmdline_init(const char *line)
{
	char *p = words;
	bool first = true;

	strlcpy(raw, line ? line : "", sizeof(raw));
	strlcpy(words, raw, sizeof(words));
	nwords = 0;
	while (*p) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		char *word = p;
		while (*p && *p != ' ')
			p++;
		if (first) {
			first = false;
			if (looks_like_path(word, p))
				continue;
		}
		if (nwords == CMDLINE_MAX_WORDS)
			break;
		if (*p)
			*p++ = '\0';
		char *eq = strchr(word, '=');
		keys[nwords] = word;
		values[nwords] = eq ? eq + 1 : "";
		if (eq)
			*eq = '\0';
		nwords++;
	}
}

const char *
cmdline_get(const char *key)
{
	for (int i = 0; i < nwords; i++)
		if (!strcmp(keys[i], key))
			return values[i];
	return NULL;
}

const char *
cmdline_raw(void)
{
	return raw;
}
