/* kernel/cmdline.c - the kernel command line, split into key=value words.
 *
 * GRUB 2 passes the words after the kernel's path on grub.cfg's multiboot
 * line; QEMU's -kernel passes the kernel's path and then whatever -append
 * adds. So a first word that looks like a path (a '/', no '=') is skipped.
 * Options porthole reads (README.md lists them too), each where it is used:
 *   hz=N                     the PIT's tick rate, 19..10000 (drivers/pit.c)
 *   ata.irq=0                ATA polls instead of IRQ 14/15
 *                            (drivers/ata/probe.c)
 *   ata.pio32=0|1            16- or 32-bit ATA data accesses
 *                            (drivers/ata/probe.c)
 *   pci=conf1                PCI config space through ports only, no ECAM
 *                            (drivers/pci/access.c)
 *   pci=nomsi                no MSI: every function on INTx
 *                            (drivers/pci/msi.c); pci=conf1,nomsi both
 *   acpi=off                 ignore the ACPI tables (kernel/acpi/acpi.c)
 *   noapic                   the 8259s (through LINT0), not the I/O APIC
 *                            (drivers/ioapic.c); the Local APIC stays
 *   nolapic                  the 8259s alone, no Local APIC (drivers/lapic.c)
 *   clocksource=NAME         the clock kernel time reads (kernel/time.c)
 *   ip=ADDR[,ADDR]           the network cards' addresses
 *                            (drivers/net/netdev.c)
 *   ktest=all|SUITE[,SUITE]  run in-kernel tests, then exit QEMU (ktest.c)
 *   panic=exit               leave QEMU on a crash instead of halting
 *                            (panic.c)
 * Each is declared with CMDLINE_OPTION where it is read, and cmdline_check
 * says which words are no option and which values break their rule.
 */
#include "kernel/cmdline.h"
#include "lib/string.h"
#include "lib/types.h"
#include "lib/vsprintf.h"

#define CMDLINE_MAX 512
#define CMDLINE_MAX_WORDS 32

static char raw[CMDLINE_MAX];
static char words[CMDLINE_MAX];
static const char *keys[CMDLINE_MAX_WORDS];
static const char *values[CMDLINE_MAX_WORDS];
static int nwords;
static size_t raw_len; /* the length the loader gave, before any cut */
static int words_left; /* words beyond CMDLINE_MAX_WORDS, not kept */

extern const struct cmdline_option __start_cmdline_opts[],
	__stop_cmdline_opts[];

/* Options the core reads itself (ktest.c and panic.c only look them up). */
static const char *
ktest_check(const char *v)
{
	return *v ? NULL : "all or SUITE[,SUITE...]";
}
CMDLINE_OPTION("ktest", ktest_check);

static const char *
panic_check(const char *v)
{
	return strcmp(v, "exit") ? "exit" : NULL;
}
CMDLINE_OPTION("panic", panic_check);

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

	raw_len = strlcpy(raw, line ? line : "", sizeof(raw));
	strlcpy(words, raw, sizeof(words));
	nwords = 0;
	words_left = 0;
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
		if (nwords == CMDLINE_MAX_WORDS) {
			words_left++;
			continue;
		}
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

const char *
cmdline_check_bool01(const char *value)
{
	return strcmp(value, "0") && strcmp(value, "1") ? "0 or 1" : NULL;
}

static const struct cmdline_option *
find_option(const char *key)
{
	for (const struct cmdline_option *o = __start_cmdline_opts;
	     o < __stop_cmdline_opts; o++)
		if (!strcmp(o->key, key))
			return o;
	return NULL;
}

int
cmdline_check(void (*say)(const char *line))
{
	char msg[CMDLINE_MAX + 96];
	int problems = 0, kept = 0;

	if (raw_len >= sizeof(raw)) {
		snprintf(msg, sizeof(msg),
			 "cmdline: %zu bytes long; only the first %zu are "
			 "read",
			 raw_len, sizeof(raw) - 1);
		say(msg);
		problems++;
	}
	if (words_left) {
		snprintf(msg, sizeof(msg),
			 "cmdline: more than %d words; the last %d ignored",
			 CMDLINE_MAX_WORDS, words_left);
		say(msg);
		problems++;
	}
	for (int i = 0; i < nwords; i++) {
		const struct cmdline_option *o = find_option(keys[i]);
		const char *want = o && o->check ? o->check(values[i]) : NULL;
		if (!o)
			snprintf(msg, sizeof(msg),
				 "cmdline: unknown option '%s' (ignored)",
				 keys[i]);
		else if (want)
			snprintf(msg, sizeof(msg),
				 "cmdline: %s=%s: the value must be %s "
				 "(ignored)",
				 keys[i], values[i], want);
		if (!o || want) {
			say(msg);
			problems++;
			continue;
		}
		keys[kept] = keys[i]; /* keep the good ones, in order */
		values[kept++] = values[i];
	}
	nwords = kept;
	return problems;
}
