/* tests/host/test_acpi_tables.c - the table finder (kernel/acpi/tables.c)
 * and the FADT/MADT/HPET/MCFG parsers on the tables QEMU really builds, and
 * on broken copies of them.
 *
 * The tables in tests/data/acpi/{pc,q35} were copied out of a running
 * guest with the QEMU monitor's pmemsave (scripts/capture-acpi.py; QEMU
 * version and addresses in their ADDRESSES file). Here they are put back at
 * their guest-physical addresses in a pretend memory, and the same code the
 * kernel runs follows the same pointers. Expected values come from
 * tests/reference/linux-pc-firmware.txt and linux-pc.txt (what Linux printed
 * on the pc machine), not from numbers typed here.
 *
 * Broken copies: bad checksums (RSDP, table), an RSDT entry pointing at
 * nothing, lengths running past the end, a header length under 36, MADT
 * entries of length 0 or past the end, a truncated FADT, every prefix of
 * every table (in a buffer of exactly that size, so ASan catches any read
 * past it), and random byte damage.
 */
#include <stdlib.h>
#include <string.h>
#include "kernel/acpi/parse.h"
#include "kernel/acpi/tables.h"
#include "lib/errno.h"
#include "tests/host/tap.h"
#include "tests/host/printk_capture.h"

#define MAX_BLOBS 16

/* The pretend physical memory: captured tables at their addresses. */
static struct blob {
	char name[16];
	u64 phys;
	u32 len;
	u8 *data;
} blobs[MAX_BLOBS];
static int nblobs;

static const void *
map(u64 phys, u32 len)
{
	for (int i = 0; i < nblobs; i++)
		if (phys >= blobs[i].phys &&
		    phys + len <= blobs[i].phys + blobs[i].len)
			return blobs[i].data + (phys - blobs[i].phys);
	return NULL;
}

static struct blob *
blob(const char *name)
{
	for (int i = 0; i < nblobs; i++)
		if (!strcmp(blobs[i].name, name))
			return &blobs[i];
	return NULL;
}

static u8 *
read_file(const char *path, u32 *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? n : 1);
	*len = fread(buf, 1, n, f);
	fclose(f);
	return buf;
}

/* Load machine @m's tables from ADDRESSES (fresh copies each time). */
static int
load_machine(const char *m)
{
	char path[512], line[256];
	FILE *f;

	for (int i = 0; i < nblobs; i++)
		free(blobs[i].data);
	nblobs = 0;
	snprintf(path, sizeof(path), "%s/%s/ADDRESSES", ACPI_DATA, m);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && nblobs < MAX_BLOBS) {
		char name[64];
		unsigned long long phys;
		unsigned len;
		struct blob *b = &blobs[nblobs];

		if (line[0] == '#' ||
		    sscanf(line, "%63s %llx %u", name, &phys, &len) != 3)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", ACPI_DATA, m, name);
		b->data = read_file(path, &b->len);
		if (!b->data || b->len != len)
			return -1;
		*strchr(name, '.') = '\0';
		snprintf(b->name, sizeof(b->name), "%s", name);
		b->phys = phys;
		nblobs++;
	}
	fclose(f);
	return nblobs;
}

/* The sections handed out, one buffer per call (callers keep several). */
#define MAX_KEPT 16
static char *kept[MAX_KEPT];
static int nkept;

/* Section @sec of a reference file, as one string. */
static char *
reference(const char *file, const char *sec)
{
	char *out = malloc(65536);
	char line[512];
	FILE *f = fopen(file, "r");
	int in = 0;
	size_t at = 0;

	if (nkept < MAX_KEPT)
		kept[nkept++] = out;
	out[0] = '\0';
	if (!f)
		return out;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "===", 3)) {
			in = strstr(line, sec) != NULL;
			continue;
		}
		if (in && at + strlen(line) < 65536) {
			strcpy(out + at, line);
			at += strlen(line);
		}
	}
	fclose(f);
	return out;
}

static void
fix_checksum(u8 *t, u32 len)
{
	t[9] = 0;
	t[9] = (u8)(0 - acpi_checksum(t, len));
}

static void
put32(u8 *p, u32 v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

static u32
get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static struct acpi_tables tt;

static void
test_pc_list(void)
{
	char line[160], want[4096] = "", got[4096] = "";
	const char *dmesg;
	const char *from, *to;

	tap_ok(load_machine("pc") > 0, "pc: captured tables read");
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs,
	       "pc: every captured table found by following the pointers");
	tap_ok(printk_lines == 0, "pc: no complaint about good tables");
	for (int i = 0; i < tt.count; i++) {
		acpi_format_table(&tt.t[i], line, sizeof(line));
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
			 "ACPI: %s\n", line);
	}
	/* Linux's list: from its RSDP line to the line before PM-Timer. */
	dmesg = reference(REFERENCE_FW, "dmesg");
	from = strstr(dmesg, "ACPI: RSDP");
	to = strstr(dmesg, "ACPI: PM-Timer");
	if (from && to && to > from)
		snprintf(want, sizeof(want), "%.*s", (int)(to - from), from);
	tap_ok(want[0] != '\0', "pc: reference table list found");
	tap_eq_str(got, want, "pc: the table list is Linux's, line for line");
}

static void
test_pc_parsers(void)
{
	const char *dmesg = reference(REFERENCE_FW, "dmesg");
	const char *io = reference(REFERENCE_PC, "/proc/ioports");
	const struct acpi_table_desc *d;
	struct acpi_fadt_info f;
	struct acpi_madt_info m;
	struct acpi_hpet_info h;
	char want[512], got[4096];

	d = acpi_tables_find(&tt, "FACP", 0);
	tap_ok(d && acpi_fadt_parse(d->data, d->length, &f) == 0,
	       "pc FADT parses");
	/* Each block Linux reserved is in its ioports with its name. */
	for (int b = 0; b < ACPI_FADT_NR_BLOCKS; b++) {
		const char *name = acpi_fadt_block_name(b);
		const char *at = strstr(io, name);
		char line[96];

		if (!at) {
			tap_ok(f.blk[b].length == 0 || (b == ACPI_PM_TMR_BLK &&
							f.blk[b].length != 4),
			       "pc FADT: no %s, as in Linux's ioports", name);
			continue;
		}
		snprintf(line, sizeof(line), "%04llx-%04llx : %s",
			 f.blk[b].address,
			 f.blk[b].address + f.blk[b].length - 1, name);
		tap_ok(strstr(io, line) != NULL,
		       "pc FADT: '%s' as in Linux's ioports", line);
	}
	snprintf(want, sizeof(want), "ACPI: PM-Timer IO Port: 0x%llx\n",
		 f.blk[ACPI_PM_TMR_BLK].address);
	tap_ok(strstr(dmesg, want) != NULL, "pc FADT: %.*s", 29, want);
	tap_ok(f.century != 0 && !f.has_reset,
	       "pc FADT: century index 0x%x, no reset register (rev %u)",
	       f.century, f.revision);

	d = acpi_tables_find(&tt, "APIC", 0);
	tap_ok(d && acpi_madt_parse(d->data, d->length, &m) == 0 &&
		       m.nr_ioapic == 1,
	       "pc MADT parses: one I/O APIC");
	snprintf(want, sizeof(want),
		 "IOAPIC[0]: apic_id %u, version 32, "
		 "address 0x%x, GSI %u-",
		 m.ioapic[0].id, m.ioapic[0].address, m.ioapic[0].gsi_base);
	tap_ok(strstr(dmesg, want) != NULL,
	       "pc MADT: I/O APIC id, address, GSI base as Linux's line");
	printk_clear();
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_LOCAL_APIC_NMI,
			false);
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_INTERRUPT_OVERRIDE,
			false);
	snprintf(got, sizeof(got), "%s", printk_buf);
	{
		/* Linux's LAPIC_NMI line, then its INT_SRC_OVR lines. */
		char lin[4096] = "";
		const char *p = strstr(dmesg, "ACPI: LAPIC_NMI");
		const char *e = p ? strchr(p, '\n') : NULL;
		if (e)
			snprintf(lin, sizeof(lin), "%.*s", (int)(e + 1 - p), p);
		for (p = dmesg; (p = strstr(p, "ACPI: INT_SRC_OVR"));
		     p = e + 1) {
			e = strchr(p, '\n');
			snprintf(lin + strlen(lin), sizeof(lin) - strlen(lin),
				 "%.*s", (int)(e + 1 - p), p);
		}
		tap_eq_str(got, lin,
			   "pc MADT: LAPIC_NMI and INT_SRC_OVR lines "
			   "are Linux's");
	}
	tap_ok(m.lapic_address == 0xfee00000ull ||
		       strstr(reference(REFERENCE_PC, "iomem"), "Local APIC"),
	       "pc MADT: Local APIC address 0x%llx", m.lapic_address);
	{
		char line[64];
		snprintf(line, sizeof(line), "%08llx-%08llx : Local APIC",
			 m.lapic_address, m.lapic_address + 0xfff);
		tap_ok(strstr(reference(REFERENCE_PC, "iomem"), line) != NULL,
		       "pc MADT: '%s' as in Linux's iomem", line);
	}

	d = acpi_tables_find(&tt, "HPET", 0);
	tap_ok(d && acpi_hpet_parse(d->data, d->length, &h) == 0,
	       "pc HPET parses");
	snprintf(want, sizeof(want), "ACPI: HPET id: 0x%x base: 0x%llx\n",
		 h.event_timer_block_id, h.address);
	tap_ok(strstr(dmesg, want) != NULL, "pc HPET: Linux's line, HPET %u",
	       h.hpet_number);
	tap_ok(acpi_tables_find(&tt, "MCFG", 0) == NULL, "pc has no MCFG");
}

static void
test_q35(void)
{
	const struct acpi_table_desc *d;
	struct acpi_fadt_info f;
	struct acpi_mcfg_info mc[4];
	const struct blob *raw;

	tap_ok(load_machine("q35") > 0, "q35: captured tables read");
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs,
	       "q35: every captured table found");
	d = acpi_tables_find(&tt, "FACP", 0);
	tap_ok(d && acpi_fadt_parse(d->data, d->length, &f) == 0 &&
		       f.revision >= 3,
	       "q35 FADT revision %u parses", f.revision);
	/* The X_ blocks agree with the 32-bit fields on QEMU: check that the
	 * parser took the GAS (bit width) and the legacy length alike. */
	raw = blob("FACP");
	tap_ok(f.blk[ACPI_GPE0_BLK].address == get32(raw->data + 80) &&
		       f.blk[ACPI_GPE0_BLK].length == raw->data[92],
	       "q35 FADT: GPE0_BLK 0x%llx, %u bytes",
	       f.blk[ACPI_GPE0_BLK].address, f.blk[ACPI_GPE0_BLK].length);
	tap_ok(f.has_reset &&
		       f.reset_reg.space_id == ACPI_ADR_SPACE_SYSTEM_IO &&
		       f.reset_reg.address ==
			       (u64)(raw->data[120] + (raw->data[121] << 8)) &&
		       f.reset_value == raw->data[128],
	       "q35 FADT: reset register (RESET_REG_SUP set): port 0x%llx "
	       "value 0x%x",
	       f.reset_reg.address, f.reset_value);
	d = acpi_tables_find(&tt, "MCFG", 0);
	tap_ok(d && acpi_mcfg_parse(d->data, d->length, mc, 4) == 1,
	       "q35 MCFG: one ECAM window");
	tap_ok(mc[0].address == (u64)get32(d->data + 44) &&
		       mc[0].segment == 0 && mc[0].start_bus == d->data[54] &&
		       mc[0].end_bus == d->data[55],
	       "q35 MCFG: base 0x%llx segment %u bus %02x-%02x", mc[0].address,
	       mc[0].segment, mc[0].start_bus, mc[0].end_bus);
}

static void
test_rsdp(void)
{
	struct blob *r;
	u8 area[0x20000];
	int off;

	load_machine("pc");
	r = blob("RSDP");
	memset(area, 0, sizeof(area));
	off = (int)(r->phys - 0xe0000);
	memcpy(area + off, r->data, r->len);
	tap_ok(acpi_scan_rsdp(area, sizeof(area)) == off,
	       "RSDP found on its 16-byte boundary");
	memset(area, 0, sizeof(area));
	memcpy(area + off + 4, r->data, r->len);
	tap_ok(acpi_scan_rsdp(area, sizeof(area)) == -ENOENT,
	       "an RSDP off a 16-byte boundary is not found");
	memset(area, 0, sizeof(area));
	memcpy(area + 0x100, "RSD PTR ", 8); /* a decoy without checksum */
	area[0x108] = 1;
	memcpy(area + off, r->data, r->len);
	tap_ok(acpi_scan_rsdp(area, sizeof(area)) == off,
	       "a signature with a bad checksum is passed over");
	memcpy(area + off + 0x1000 - 0x1000, r->data, r->len);
	area[off + 9] ^= 0x20; /* corrupt the OEM ID: checksum breaks */
	tap_ok(acpi_scan_rsdp(area, sizeof(area)) == -ENOENT,
	       "RSDP with a bad checksum: none found");
	tap_ok(acpi_scan_rsdp(area, 10) == -ENOENT &&
		       !acpi_rsdp_valid(r->data, 19),
	       "too short for an RSDP: none found, nothing read past");

	/* RSDP bad checksum in place: load says so in one line. */
	r->data[9] ^= 0x20;
	printk_clear();
	tap_ok(acpi_tables_load(&tt, r->phys, map) == -EINVAL &&
		       printk_lines == 1 && strstr(printk_buf, "no valid RSDP"),
	       "load: a bad RSDP checksum is one line and no tables");
}

/* ACPI 2.0: an XSDT with 64-bit entries and an RSDP of revision 2. */
static void
test_xsdt(void)
{
	static u8 rsdp2[36], xsdt[36 + 8 * 16];
	struct blob *rsdt, *rsdp;
	int n;

	load_machine("pc");
	rsdt = blob("RSDT");
	rsdp = blob("RSDP");
	n = (rsdt->len - 36) / 4;
	memcpy(xsdt, rsdt->data, 36);
	memcpy(xsdt, "XSDT", 4);
	for (int i = 0; i < n; i++) {
		put32(xsdt + 36 + 8 * i, get32(rsdt->data + 36 + 4 * i));
		put32(xsdt + 40 + 8 * i, 0);
	}
	put32(xsdt + 4, 36 + 8 * n);
	fix_checksum(xsdt, 36 + 8 * n);
	memcpy(rsdp2, rsdp->data, 20);
	rsdp2[15] = 2;
	put32(rsdp2 + 20, 36);
	put32(rsdp2 + 24, 0x7fff0000); /* the XSDT's address */
	rsdp2[8] = 0;
	rsdp2[8] = (u8)(0 - acpi_checksum(rsdp2, 20));
	rsdp2[32] = (u8)(0 - acpi_checksum(rsdp2, 36));
	blobs[nblobs++] = (struct blob){"XSDT", 0x7fff0000, 36 + 8 * n,
					malloc(36 + 8 * n)};
	memcpy(blobs[nblobs - 1].data, xsdt, 36 + 8 * n);
	memcpy(rsdp->data, rsdp2, 20); /* same place; grow the blob */
	rsdp->data = realloc(rsdp->data, 36);
	memcpy(rsdp->data, rsdp2, 36);
	rsdp->len = 36;
	printk_clear();
	tap_ok(acpi_tables_load(&tt, rsdp->phys, map) == nblobs - 1 &&
		       !strcmp(tt.t[1].signature, "XSDT") && printk_lines == 0,
	       "revision 2: the XSDT is followed instead of the RSDT");
	{
		char line[128];
		acpi_format_table(&tt.t[0], line, sizeof(line));
		tap_ok(strstr(line, "000024 (v02 ") != NULL,
		       "revision 2 RSDP listed with its own length: %s", line);
	}
	rsdp->data[32] ^= 1;
	tap_ok(acpi_tables_load(&tt, rsdp->phys, map) == -EINVAL,
	       "revision 2 with a bad extended checksum: refused");
}

static void
test_corrupt_tables(void)
{
	struct blob *b;
	u8 orig;

	/* A table with a wrong checksum: one line, still used. */
	load_machine("pc");
	b = blob("APIC");
	orig = b->data[9];
	b->data[40] += 1;
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs,
	       "bad APIC checksum: the table is still listed");
	{
		char want[96];
		snprintf(want, sizeof(want),
			 "Incorrect checksum in table [APIC] - 0x%02X, "
			 "should be 0x%02X",
			 orig, (u8)(orig - 1));
		tap_ok(printk_lines == 1 && strstr(printk_buf, want),
		       "bad APIC checksum: one line with found and expected");
		tap_ok(!acpi_tables_find(&tt, "APIC", 0)->checksum_ok &&
			       acpi_tables_find(&tt, "HPET", 0)->checksum_ok,
		       "only the APIC is marked bad");
	}

	/* An RSDT entry pointing at nothing. */
	load_machine("pc");
	b = blob("RSDT");
	put32(b->data + 36 + 4, 0x12345000);
	fix_checksum(b->data, b->len);
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs - 1,
	       "RSDT entry at nothing: that one skipped, the rest found");
	tap_ok(printk_lines == 1 && strstr(printk_buf, "0x12345000") &&
		       strstr(printk_buf, "skipped"),
	       "RSDT entry at nothing: one line naming the address");

	/* The RSDT's length runs past the memory it is in. */
	load_machine("pc");
	b = blob("RSDT");
	put32(b->data + 4, 0x10000);
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == -EINVAL &&
		       printk_lines == 1 && strstr(printk_buf, "[RSDT]"),
	       "RSDT length past the end: one line, no tables");

	/* A table whose header says it is shorter than a header. */
	load_machine("pc");
	b = blob("HPET");
	put32(b->data + 4, 20);
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs - 1 &&
		       printk_lines == 1 && strstr(printk_buf, "length 20"),
	       "HPET length 20: one line, skipped, the rest found");

	/* A table with a garbage signature (an entry into random memory). */
	load_machine("pc");
	b = blob("WAET");
	memcpy(b->data, "\xff\xff\xff\xff", 4);
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs - 1 &&
		       printk_lines == 1 && strstr(printk_buf, "signature"),
	       "garbage signature: one line, skipped");
	/* The FADT pointing at a DSDT that is not a DSDT. */
	load_machine("pc");
	b = blob("DSDT");
	memcpy(b->data, "SSDT", 4);
	printk_clear();
	tap_ok(acpi_tables_load(&tt, blob("RSDP")->phys, map) == nblobs - 1 &&
		       printk_lines == 1 && strstr(printk_buf, "DSDT"),
	       "FADT's DSDT with another signature: one line, skipped");
}

static void
test_corrupt_parsers(void)
{
	struct acpi_madt_info m;
	struct acpi_fadt_info f;
	struct acpi_mcfg_info mc[4];
	struct acpi_hpet_info h;
	struct blob *b;
	u8 *t;

	load_machine("pc");
	b = blob("APIC");
	t = malloc(b->len);
	memcpy(t, b->data, b->len);
	/* The third entry gets length 0: a naive walk would loop forever. */
	{
		u32 off = 44;
		off += t[off + 1];
		off += t[off + 1];
		t[off + 1] = 0;
		printk_clear();
		tap_ok(acpi_madt_parse(t, b->len, &m) == 0 &&
			       m.nr_entries == 2 && printk_lines == 1 &&
			       strstr(printk_buf, "offset 0x"),
		       "MADT entry of length 0: the walk stops, one line");
		t[off + 1] = 0xf0; /* now past the table's end */
		printk_clear();
		tap_ok(acpi_madt_parse(t, b->len, &m) == 0 &&
			       m.nr_entries == 2 && printk_lines == 1,
		       "MADT entry running past the end: stops, one line");
		t[off + 1] = 2; /* shorter than its type needs */
		t[off] = ACPI_MADT_TYPE_IO_APIC;
		printk_clear();
		tap_ok(acpi_madt_parse(t, b->len, &m) == 0 &&
			       m.nr_entries == 2 && printk_lines == 1 &&
			       strstr(printk_buf, "needs 12"),
		       "I/O APIC entry of 2 bytes: stops, one line");
	}
	free(t);
	tap_ok(acpi_madt_parse(b->data, 40, &m) == -EINVAL,
	       "MADT of 40 bytes: -EINVAL");

	b = blob("FACP");
	printk_clear();
	tap_ok(acpi_fadt_parse(b->data, 60, &f) == 0 && printk_lines == 1 &&
		       f.blk[ACPI_PM1A_EVT_BLK].length == 0 && f.century == 0,
	       "FADT cut to 60 bytes: one line, the missing fields are 0");
	tap_ok(acpi_fadt_parse(b->data, 10, &f) == -EINVAL,
	       "FADT of 10 bytes: -EINVAL");
	b = blob("HPET");
	tap_ok(acpi_hpet_parse(b->data, 40, &h) == -EINVAL,
	       "HPET of 40 bytes: -EINVAL");
	load_machine("q35");
	b = blob("MCFG");
	tap_ok(acpi_mcfg_parse(b->data, b->len - 3, mc, 4) == -EINVAL,
	       "MCFG not a whole number of entries: -EINVAL");
}

/* Every prefix of every table, in a buffer of exactly that size, through
 * every parser; then random damage. ASan fails the test on any read past
 * the buffer; each call must return. */
static void
test_truncations(void)
{
	static const char *machines[] = {"pc", "q35"};
	unsigned seed = 12345;
	long calls = 0;

	printk_echo = 0;
	for (int mi = 0; mi < 2; mi++) {
		load_machine(machines[mi]);
		for (int i = 0; i < nblobs; i++) {
			struct blob *b = &blobs[i];
			for (u32 n = 0; n <= b->len; n++) {
				u8 *t = malloc(n ? n : 1);
				struct acpi_fadt_info f;
				struct acpi_madt_info m;
				struct acpi_hpet_info h;
				struct acpi_mcfg_info mc[4];

				memcpy(t, b->data, n);
				acpi_fadt_parse(t, n, &f);
				acpi_madt_parse(t, n, &m);
				acpi_madt_print(t, n, -1, true);
				acpi_hpet_parse(t, n, &h);
				acpi_mcfg_parse(t, n, mc, 4);
				acpi_rsdp_valid(t, n);
				acpi_scan_rsdp(t, n);
				printk_clear();
				free(t);
				calls++;
			}
			for (int k = 0; k < 200; k++) {
				u8 *t = malloc(b->len);
				struct acpi_madt_info m;
				struct acpi_fadt_info f;

				memcpy(t, b->data, b->len);
				for (int j = 0; j < 4; j++) {
					seed = seed * 1103515245 + 12345;
					t[(seed >> 8) % b->len] = seed >> 16;
				}
				acpi_madt_parse(t, b->len, &m);
				acpi_madt_print(t, b->len, -1, true);
				acpi_fadt_parse(t, b->len, &f);
				printk_clear();
				free(t);
				calls++;
			}
		}
	}
	tap_ok(calls > 1000,
	       "%ld truncated or damaged tables parsed, no read "
	       "past any of them",
	       calls);
	/* And the loader on damaged RSDTs. */
	for (int k = 0; k < 300; k++) {
		struct blob *b;
		load_machine("pc");
		b = blob(k % 2 ? "RSDT" : "FACP");
		for (int j = 0; j < 3; j++) {
			seed = seed * 1103515245 + 12345;
			b->data[(seed >> 8) % b->len] = seed >> 16;
		}
		acpi_tables_load(&tt, blob("RSDP")->phys, map);
		printk_clear();
	}
	tap_ok(1, "300 loads of damaged RSDTs and FADTs returned");
}

int
main(void)
{
	test_pc_list();
	test_pc_parsers();
	test_q35();
	test_rsdp();
	test_xsdt();
	test_corrupt_tables();
	test_corrupt_parsers();
	test_truncations();
	for (int i = 0; i < nkept; i++)
		free(kept[i]);
	for (int i = 0; i < nblobs; i++)
		free(blobs[i].data);
	return tap_done();
}
