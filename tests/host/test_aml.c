/* tests/host/test_aml.c - the AML declaration walker, the _CRS decoder and
 * the PNP numbering, fed real tables.
 *
 * The DSDTs are QEMU 7.2's own (tests/data/acpi/{pc,q35}/DSDT.bin, captured
 * from guest memory with the monitor's `pmemsave` at the address the FADT
 * gives: see tests/data/acpi/README.md). What the walker finds is checked
 * against facts from elsewhere: Linux's /sys/bus/pnp on the same pc machine
 * (tests/reference/linux-pc-firmware.txt, a copy of the shared reference)
 * and the q35 MCFG table's ECAM base. Then truncated copies (every length),
 * copies with bytes changed at random, and hand-made breakages must give
 * one line each and never a read outside the buffer (ASan watches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/acpi/aml.h"
#include "lib/errno.h"
#include "tests/host/printk_capture.h"
#include "tests/host/tap.h"

static unsigned char *
load_file(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", ACPI_DATA, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* A copy in a buffer of exactly @len bytes, so ASan sees any overread. */
static unsigned char *
exact_copy(const unsigned char *src, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);
	memcpy(p, src, len);
	return p;
}

static void
put32(unsigned char *p, unsigned v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

static const struct acpi_ns_device *
dev(const char *path)
{
	return acpi_ns_find_path(path);
}

/* The pnp section of the Linux reference, with "--- 00:05 PNP0b00 " turned
 * into the "00:05 PNP0b00" header porthole prints. */
static void
reference_pnp(char *out, size_t size)
{
	char line[256];
	FILE *f = fopen(REFERENCE, "r");
	int in = 0;
	size_t at = 0;

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "===", 3)) {
			in = strstr(line, "/sys/bus/pnp") != NULL;
			continue;
		}
		if (!in)
			continue;
		char *s = line;
		if (!strncmp(s, "--- ", 4))
			s += 4;
		size_t n = strlen(s);
		while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
			s[--n] = '\0';
		if (n && at + n + 2 < size)
			at += sprintf(out + at, "%s\n", s);
	}
	fclose(f);
}

static void
test_pc(const unsigned char *dsdt, size_t len)
{
	aml_ns_reset();
	printk_clear();
	unsigned char *t = exact_copy(dsdt, len);
	tap_ok(aml_load_table(t, len) == 0, "pc DSDT: walked whole");
	tap_ok(printk_lines == 0, "pc DSDT: nothing to complain about");

	const struct acpi_ns_device *pci0 = acpi_ns_find_hid("PNP0A03", 0);
	tap_ok(pci0 && !strcmp(pci0->path, "\\_SB_.PCI0"),
	       "pc: PNP0A03 is \\_SB_.PCI0");
	tap_ok(acpi_ns_find_hid("pnp0a03", 0) == pci0,
	       "IDs compare without case");
	/* Linux's PCI Bus 0000:00 windows on this machine (/proc/ioports,
	 * /proc/iomem in linux-pc.txt): 0000-0cf7, 0d00-ffff, a0000-bffff,
	 * 08000000-febfffff, and one above 4 GiB a 32-bit kernel skips. */
	static const unsigned long long win[][3] = {
		{ACPI_RSRC_IO, 0x0000, 0x0cf7},
		{ACPI_RSRC_IO, 0x0d00, 0xffff},
		{ACPI_RSRC_MEM, 0xa0000, 0xbffff},
		{ACPI_RSRC_MEM, 0x08000000, 0xfebfffff},
	};
	int found = 0, above4g = 0;
	for (int i = 0; pci0 && i < pci0->ncrs; i++) {
		const struct acpi_rsrc *r = &pci0->crs[i];
		if (!(r->flags & ACPI_RSRC_WINDOW))
			continue;
		above4g += r->type == ACPI_RSRC_MEM && r->start > 0xffffffffull;
		for (size_t k = 0; k < 4; k++)
			found += r->type == win[k][0] &&
				 r->start == win[k][1] && r->end == win[k][2];
	}
	tap_ok(found == 4, "pc: PCI0 _CRS has Linux's four windows (%d)",
	       found);
	tap_ok(above4g == 1, "pc: and one window above 4 GiB");

	const struct acpi_ns_device *rtc = acpi_ns_find_hid("PNP0B00", 0);
	tap_ok(rtc && rtc->ncrs == 2 && rtc->crs[0].type == ACPI_RSRC_IO &&
		       rtc->crs[0].start == 0x70 && rtc->crs[0].end == 0x77 &&
		       rtc->crs[1].type == ACPI_RSRC_IRQ &&
		       rtc->crs[1].start == 8,
	       "pc: RTC _CRS is io 0x70-0x77, irq 8");
	const struct acpi_ns_device *hpet = acpi_ns_find_hid("PNP0103", 0);
	tap_ok(hpet && hpet->sta_kind == ACPI_VALUE_COMPUTED &&
		       hpet->crs_kind == ACPI_VALUE_STATIC,
	       "pc: HPET's _STA is a Method (computed), its _CRS a constant");
	const struct acpi_ns_device *lnka = dev("\\_SB_.LNKA");
	tap_ok(lnka && lnka->crs_kind == ACPI_VALUE_COMPUTED &&
		       !strcmp(lnka->uid, "0"),
	       "pc: LNKA _CRS computed by AML, _UID 0");
	const struct acpi_ns_device *cpus = dev("\\_SB_.CPUS");
	tap_ok(cpus && cpus->ncid == 1 && !strcmp(cpus->cid[0], "PNP0A05"),
	       "pc: CPUS has _CID PNP0A05 (EISA ID decoded)");
	const struct acpi_ns_device *kbd = acpi_ns_find_hid("PNP0303", 0);
	tap_ok(kbd && kbd->parent && kbd->parent->adr == 0x10000 &&
		       kbd->depth == 2,
	       "pc: the keyboard sits in the ISA bridge (_ADR 0x10000), "
	       "itself in PCI0");
	u8 a = 0xff, b = 0xff;
	tap_ok(aml_get_s5(&a, &b) == 0, "pc: \\_S5 found (%u %u)", a, b);

	/* The order Linux numbers in: depth first, children in order of
	 * creation, so everything inside PCI0 comes before \_SB_.LNKA. */
	int ipci = -1, ilnk = -1, irtc = -1;
	for (int i = 0; i < acpi_ns_count(); i++) {
		ipci = acpi_ns_device(i) == pci0 ? i : ipci;
		ilnk = acpi_ns_device(i) == lnka ? i : ilnk;
		irtc = acpi_ns_device(i) == rtc ? i : irtc;
	}
	tap_ok(ipci >= 0 && ipci < irtc && irtc < ilnk,
	       "pc: tree order PCI0 < RTC < LNKA (%d %d %d)", ipci, irtc, ilnk);

	char want[4096];
	reference_pnp(want, sizeof(want));
	printk_clear();
	pnp_acpi_show();
	tap_ok(want[0] != '\0', "the Linux reference has a pnp section");
	tap_eq_str(printk_buf, want,
		   "pc: `pnp` equals Linux's /sys/bus/pnp/devices");
	tap_ok(pnp_acpi_count() == 6, "pc: six PNP devices");
	free(t);
}

static void
test_q35(const unsigned char *dsdt, size_t len, const unsigned char *mcfg)
{
	aml_ns_reset();
	printk_clear();
	tap_ok(aml_load_table(dsdt, len) == 0 && printk_lines == 0,
	       "q35 DSDT: walked whole, silently");
	const struct acpi_ns_device *pci0 = acpi_ns_find_hid("PNP0A08", 0);
	tap_ok(pci0 && pci0->ncid == 1 && !strcmp(pci0->cid[0], "PNP0A03") &&
		       acpi_ns_find_hid("PNP0A03", 0) == pci0,
	       "q35: PCI0 is PNP0A08 with _CID PNP0A03");
	/* The MMCONFIG range is reserved by a PNP0C01 device; its start is the
	 * MCFG table's ECAM base (MCFG offset 44). */
	unsigned long long ecam = 0;
	for (int i = 7; mcfg && i >= 0; i--)
		ecam = ecam << 8 | mcfg[44 + i];
	const struct acpi_ns_device *drac = acpi_ns_find_hid("PNP0C01", 0);
	tap_ok(drac && drac->ncrs == 1 && drac->crs[0].start == ecam,
	       "q35: PNP0C01 reserves the MCFG's ECAM base 0x%llx", ecam);
	int n = pnp_acpi_count();
	const struct acpi_ns_device *last = pnp_acpi_device(n - 1);
	tap_ok(n == 6 && last == drac,
	       "q35: six PNP devices, the PNP0C01 one last (%d)", n);
	char id[16];
	tap_eq_str(drac ? pnp_acpi_id(drac, id, sizeof(id)) : "", "PNP0c01",
		   "PNP IDs print their hex digits in lower case");
}

/* Every truncation: the header still says the full length (a table cut
 * short in memory) and, separately, says the cut length. */
static void
test_truncated(const unsigned char *dsdt, size_t len)
{
	int bad = 0, loud = 0, quiet_ok = 0;

	for (size_t cut = 36; cut < len; cut++) {
		unsigned char *t = exact_copy(dsdt, cut);
		aml_ns_reset();
		printk_clear();
		if (aml_load_table(t, cut) != -EIO)
			bad++;
		loud += printk_lines > 4;
		put32(t + 4, (unsigned)cut);
		aml_ns_reset();
		printk_clear();
		int r = aml_load_table(t, cut);
		quiet_ok += r == 0 || r == -EIO;
		free(t);
	}
	tap_ok(bad == 0,
	       "every truncated copy is reported as cut short (%d "
	       "not)",
	       bad);
	tap_ok(loud == 0, "and none prints more than a few lines (%d did)",
	       loud);
	tap_ok(quiet_ok == (int)(len - 36),
	       "with the length field cut too, walks end in 0 or -EIO");
	aml_ns_reset();
	tap_ok(aml_load_table(dsdt, 35) == -EINVAL,
	       "shorter than a header: -EINVAL");
}

/* Random byte changes: never a crash or an overread, at most a few lines. */
static void
test_corrupted(const unsigned char *dsdt, size_t len)
{
	unsigned seed = getenv("SEED") ? atoi(getenv("SEED")) : 1212;
	int loud = 0;

	srand(seed);
	for (int round = 0; round < 3000; round++) {
		unsigned char *t = exact_copy(dsdt, len);
		for (int k = 0; k < 1 + round % 8; k++)
			t[36 + rand() % (len - 36)] = rand();
		aml_ns_reset();
		printk_clear();
		aml_load_table(t, len);
		for (int i = 0; i < acpi_ns_count(); i++)
			(void)acpi_ns_device(i)->path[0];
		pnp_acpi_count();
		loud += printk_lines > 16;
		free(t);
	}
	tap_ok(loud == 0,
	       "3000 randomly corrupted copies (seed %u): walked, "
	       "never more than 16 lines (%d were)",
	       seed, loud);
}

static size_t
find(const unsigned char *t, size_t len, const char *s, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(t + i, s, n))
			return i;
	return 0;
}

static void
test_breakages(const unsigned char *dsdt, size_t len)
{
	char where[32];
	unsigned char *t = exact_copy(dsdt, len);

	/* Device(PCI0)'s PkgLength made to run past the table. */
	size_t d = find(t, len, "\x5b\x82", 2);
	t[d + 2] = 0x8f; /* two more bytes: ~ 1 MiB */
	t[d + 3] = 0xff;
	aml_ns_reset();
	printk_clear();
	int r = aml_load_table(t, len);
	snprintf(where, sizeof(where), "DSDT+0x%04zx", d);
	tap_ok(r == -EIO && printk_lines == 1 && strstr(printk_buf, where),
	       "a Device length past the end: -EIO, one line at %s: %s", where,
	       printk_buf);
	tap_ok(acpi_ns_find_hid("PNP0B00", 0) != NULL,
	       "and the devices of later scopes are still read");
	memcpy(t, dsdt, len);

	/* An unknown opcode in FWCF's body stops that body only. */
	size_t f = find(t, len, "FWCF", 4);
	size_t n = find(t + f, len - f, "\x08_STA", 5) + f;
	t[n] = 0xee;
	aml_ns_reset();
	printk_clear();
	r = aml_load_table(t, len);
	snprintf(where, sizeof(where), "DSDT+0x%04zx", n);
	tap_ok(r == -EIO && printk_lines == 1 &&
		       strstr(printk_buf, "unknown opcode 0xee") &&
		       strstr(printk_buf, where) &&
		       strstr(printk_buf, "\\_SB_.PCI0.FWCF"),
	       "an unknown opcode: one line naming opcode, offset and scope: "
	       "%s",
	       printk_buf);
	const struct acpi_ns_device *fw = acpi_ns_find_hid("QEMU0002", 0);
	tap_ok(fw && fw->sta_kind == ACPI_VALUE_NONE &&
		       acpi_ns_find_hid("PNP0B00", 0),
	       "the names after it in FWCF are lost, the next devices kept");
	memcpy(t, dsdt, len);

	/* The RTC's resource template without its End Tag. */
	size_t c = find(t, len, "\x47\x01\x70\x00\x70\x00", 6);
	t[c + 11] = 0x47; /* the End Tag's byte becomes an IO tag */
	aml_ns_reset();
	printk_clear();
	aml_load_table(t, len);
	const struct acpi_ns_device *rtc = acpi_ns_find_hid("PNP0B00", 0);
	tap_ok(rtc && rtc->crs_kind == ACPI_VALUE_BAD && rtc->ncrs == 0 &&
		       printk_lines == 1 && strstr(printk_buf, "RTC_._CRS"),
	       "a broken resource template: the _CRS is marked malformed, "
	       "one line: %s",
	       printk_buf);
	free(t);
}

/* An SSDT's Scope(\_SB.PCI0) adds to the DSDT's device. */
static void
test_ssdt(const unsigned char *dsdt, size_t len)
{
	static const unsigned char body[] = {
		0x10, 0x20, '\\', 0x2e, '_', 'S',  'B', '_',
		'P',  'C',  'I',  '0',			/* Scope(\_SB.PCI0) */
		0x5b, 0x82, 0x13, 'X',	'Y', 'Z',  '0', /* Device(XYZ0) */
		0x08, '_',  'H',  'I',	'D', 0x0d, 'A', 'B',
		'C',  '0',  '0',  '0',	'1', 0x00, /* Name(_HID, "ABC0001") */
	};
	unsigned char ssdt[36 + sizeof(body)] = "SSDT";
	put32(ssdt + 4, sizeof(ssdt));
	memcpy(ssdt + 36, body, sizeof(body));

	aml_ns_reset();
	aml_load_table(dsdt, len);
	int before = acpi_ns_count();
	printk_clear();
	tap_ok(aml_load_table(ssdt, sizeof(ssdt)) == 0 && printk_lines == 0,
	       "a small SSDT walks cleanly");
	const struct acpi_ns_device *x = acpi_ns_find_hid("ABC0001", 0);
	tap_ok(x && !strcmp(x->path, "\\_SB_.PCI0.XYZ0") &&
		       x->parent == acpi_ns_find_hid("PNP0A03", 0) &&
		       !strcmp(x->table, "SSDT"),
	       "its device lands inside the DSDT's PCI0");
	tap_ok(acpi_ns_count() == before + 1, "one device more");

	/* A keyboard inside a device whose _STA is 0, and one inside a device
	 * whose _STA is a Method: neither is numbered; the second is named. */
	static const unsigned char hidden[] = {
		/* Scope(\_SB) */
		0x10,
		0x4b,
		0x05,
		'\\',
		'_',
		'S',
		'B',
		'_',
		/* Device(PAR0) { Name(_STA, 0) */
		0x5b,
		0x82,
		0x27,
		'P',
		'A',
		'R',
		'0',
		0x08,
		'_',
		'S',
		'T',
		'A',
		0x00,
		/* Device(KBD0) { Name(_HID, EisaId("PNP0303")) Name(_CRS) } }
		 */
		0x5b,
		0x82,
		0x1a,
		'K',
		'B',
		'D',
		'0',
		0x08,
		'_',
		'H',
		'I',
		'D',
		0x0c,
		0x41,
		0xd0,
		0x03,
		0x03,
		0x08,
		'_',
		'C',
		'R',
		'S',
		0x11,
		0x05,
		0x0a,
		0x02,
		0x79,
		0x00,
		/* Device(PAR1) { Method(_STA) { Noop } */
		0x5b,
		0x82,
		0x29,
		'P',
		'A',
		'R',
		'1',
		0x14,
		0x07,
		'_',
		'S',
		'T',
		'A',
		0x00,
		0xa3,
		/* Device(KBD1) { the same } } */
		0x5b,
		0x82,
		0x1a,
		'K',
		'B',
		'D',
		'1',
		0x08,
		'_',
		'H',
		'I',
		'D',
		0x0c,
		0x41,
		0xd0,
		0x03,
		0x03,
		0x08,
		'_',
		'C',
		'R',
		'S',
		0x11,
		0x05,
		0x0a,
		0x02,
		0x79,
		0x00,
	};
	unsigned char t2[36 + sizeof(hidden)] = "SSDT";
	put32(t2 + 4, sizeof(t2));
	memcpy(t2 + 36, hidden, sizeof(hidden));
	int pnp_before = pnp_acpi_count();
	printk_clear();
	tap_ok(aml_load_table(t2, sizeof(t2)) == 0 && printk_lines == 0 &&
		       acpi_ns_find_path("\\_SB_.PAR0.KBD0") &&
		       acpi_ns_find_path("\\_SB_.PAR1.KBD1"),
	       "an SSDT with two hidden keyboards walks cleanly");
	tap_ok(pnp_acpi_count() == pnp_before,
	       "no PNP number for devices under a not-present or computed "
	       "_STA (%d, %d before)",
	       pnp_acpi_count(), pnp_before);
	printk_clear();
	pnp_acpi_show();
	tap_ok(strstr(printk_buf, "\\_SB_.PAR1.KBD1 (PNP0303): its _STA or "
				  "an enclosing device's is computed") &&
		       !strstr(printk_buf, "KBD0"),
	       "pnp names the one it cannot judge, not the absent one");
}

/* Devices nested 40 deep: paths stop at 15 segments; Scope(\) nested 40
 * deep (no segment added): the walk refuses past its nesting limit (the
 * kernel stack is 16 KiB). One line each; the outer levels are kept. */
static void
test_nesting(void)
{
	static unsigned char t[36 + 40 * 8];
	size_t at = 36, depth = 40;

	memset(t, 0, sizeof(t));
	memcpy(t, "SSDT", 4);
	for (size_t i = 0; i < depth; i++) {
		size_t rest = (depth - i) * 8 - 2; /* this device to the end */
		t[at++] = 0x5b;
		t[at++] = 0x82;
		t[at++] = 0x40 | (rest & 0x0f); /* two-byte PkgLength */
		t[at++] = rest >> 4;
		t[at++] = 'D';
		t[at++] = 'A' + i / 26;
		t[at++] = 'A' + i % 26;
		t[at++] = '_';
	}
	put32(t + 4, (unsigned)at);
	aml_ns_reset();
	printk_clear();
	int r = aml_load_table(t, at);
	tap_ok(r == -EIO && printk_lines == 1 &&
		       strstr(printk_buf, "deeper than 15 segments"),
	       "40 nested Devices: paths stop at 15 segments, one line: %s",
	       printk_buf);
	tap_ok(acpi_ns_count() == 15, "the outer 15 are kept (%d)",
	       acpi_ns_count());

	at = 36;
	for (size_t i = 0; i < depth; i++) {
		size_t rest = (depth - i) * 5 - 1; /* Scope(\) to the end */
		t[at++] = 0x10;
		t[at++] = 0x40 | (rest & 0x0f);
		t[at++] = rest >> 4;
		t[at++] = '\\';
		t[at++] = 0x00; /* NullName: the root itself */
	}
	put32(t + 4, (unsigned)at);
	aml_ns_reset();
	printk_clear();
	r = aml_load_table(t, at);
	tap_ok(r == -EIO && printk_lines == 1 &&
		       strstr(printk_buf, "nested too deep"),
	       "40 nested Scope(\\): refused past the nesting limit, one "
	       "line: %s",
	       printk_buf);
}

static void
test_rsrc(void)
{
	struct acpi_rsrc r[8];
	/* IRQNoFlags(){3,4} IO(0x3f8,8) DMA(2) End */
	static const unsigned char ok[] = {0x22, 0x18, 0x00, 0x47, 0x01, 0xf8,
					   0x03, 0xf8, 0x03, 0x01, 0x08, 0x2a,
					   0x04, 0x00, 0x79, 0x00};
	tap_ok(acpi_rsrc_decode(ok, sizeof(ok), r, 8) == 4 && r[0].start == 3 &&
		       r[1].start == 4 && r[2].start == 0x3f8 &&
		       r[2].end == 0x3ff && r[3].type == ACPI_RSRC_DMA &&
		       r[3].start == 2,
	       "IRQ mask of two, IO, DMA decode");
	tap_ok(acpi_rsrc_decode(ok, sizeof(ok), r, 3) == -ENOSPC,
	       "too small an array: -ENOSPC");
	tap_ok(acpi_rsrc_decode(ok, sizeof(ok) - 2, r, 8) == -EINVAL,
	       "no End Tag: -EINVAL");
	tap_ok(acpi_rsrc_decode(ok, 6, r, 8) == -EINVAL,
	       "an IO item cut short: -EINVAL");
	/* WordIO producer 0x1000-0x1fff translated by 0x10000; length 0x1000 */
	static const unsigned char word[] = {
		0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03, 0x00, 0x00, 0x00,
		0x10, 0xff, 0x1f, 0x00, 0x00, 0x00, 0x10, 0x79, 0x00};
	tap_ok(acpi_rsrc_decode(word, sizeof(word), r, 8) == 1 &&
		       r[0].type == ACPI_RSRC_IO &&
		       (r[0].flags & ACPI_RSRC_WINDOW) &&
		       r[0].start == 0x1000 && r[0].end == 0x1fff,
	       "Word address space, producer: a window");
	static const unsigned char big[] = {0x86, 0xff, 0xff, 0x01};
	tap_ok(acpi_rsrc_decode(big, sizeof(big), r, 8) == -EINVAL,
	       "a large item longer than the buffer: -EINVAL");
	char line[80];
	acpi_rsrc_format(line, sizeof(line),
			 &(struct acpi_rsrc){.type = ACPI_RSRC_IO,
					     .start = 0x70,
					     .end = 0x77});
	tap_eq_str(line, "io 0x0070-0x0077", "format of an io range");
}

int
main(void)
{
	size_t pclen = 0, q35len = 0, mlen = 0;
	unsigned char *pc = load_file("pc/DSDT.bin", &pclen);
	unsigned char *q35 = load_file("q35/DSDT.bin", &q35len);
	unsigned char *mcfg = load_file("q35/MCFG.bin", &mlen);

	tap_ok(pc && q35 && mcfg && pclen > 36 && q35len > 36 && mlen >= 52,
	       "captured tables read from %s", ACPI_DATA);
	if (!pc || !q35 || !mcfg)
		return tap_done();
	test_rsrc();
	test_nesting();
	test_pc(pc, pclen);
	test_q35(q35, q35len, mcfg);
	test_ssdt(pc, pclen);
	test_breakages(pc, pclen);
	test_truncated(pc, pclen);
	test_truncated(q35, q35len);
	test_corrupted(pc, pclen);
	test_corrupted(q35, q35len);
	free(pc);
	free(q35);
	free(mcfg);
	return tap_done();
}
