/* kernel/acpi/tables.c - find the firmware's ACPI tables and check them.
 *
 * ACPI 6.5, 5.2 "ACPI System Description Tables": the firmware leaves a
 * Root System Description Pointer where an OS can find it by searching
 * (5.2.5.1): the first KiB of the Extended BIOS Data Area, then the BIOS
 * read-only area 0xe0000-0xfffff, on 16-byte boundaries, for the eight
 * bytes "RSD PTR " whose first 20 bytes add up to 0. The RSDP holds the
 * 32-bit address of the RSDT and, from revision 2 (ACPI 2.0), the 64-bit
 * address of the XSDT, with its own length and extended checksum. The
 * RSDT/XSDT is a table like the others: the 36-byte header (5.2.6), then
 * 4- (RSDT) or 8-byte (XSDT) physical addresses of the other tables. The
 * FADT ("FACP") in turn points at the DSDT (the AML code) and the FACS
 * (a firmware/OS shared page with no standard header). Every table but the
 * FACS carries a checksum: all its bytes add up to 0 mod 256.
 *
 * Linux lists them in this order at boot (drivers/acpi/acpica tbutils.c,
 * tbfadt.c, tbprint.c): RSDP, RSDT/XSDT, then each entry; right after the
 * FADT, the DSDT and FACS it points at. A bad checksum is a warning and the
 * table is still used; so here. This file needs only lib/: memory comes
 * through the caller's map function (tables.h).
 */
#include "kernel/acpi/tables.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* A table longer than this is taken to be garbage, not a table: QEMU's
 * biggest is a few KiB, real DSDTs a few hundred. */
#define ACPI_MAX_TABLE_LENGTH (4u << 20)
#define RSDT_ENTRY_SIZE 4
#define XSDT_ENTRY_SIZE 8

u8
acpi_checksum(const void *p, u32 len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static u32
get32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64
get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

bool
acpi_rsdp_valid(const u8 *p, u32 avail)
{
	const struct acpi_table_rsdp *rsdp = (const void *)p;

	if (avail < ACPI_RSDP_CHECKSUM_LENGTH ||
	    memcmp(p, ACPI_RSDP_SIG, ACPI_RSDP_SIG_SIZE) != 0 ||
	    acpi_checksum(p, ACPI_RSDP_CHECKSUM_LENGTH) != 0)
		return false;
	if (rsdp->revision < 2)
		return true;
	/* ACPI 2.0+: the whole structure, with its extended checksum. */
	return avail >= ACPI_RSDP_XCHECKSUM_LENGTH &&
	       get32(p + offsetof(struct acpi_table_rsdp, length)) >=
		       ACPI_RSDP_XCHECKSUM_LENGTH &&
	       get32(p + offsetof(struct acpi_table_rsdp, length)) <= avail &&
	       acpi_checksum(p, get32(p + offsetof(struct acpi_table_rsdp,
						   length))) == 0;
}

int
acpi_scan_rsdp(const u8 *area, u32 len)
{
	for (u32 off = 0; off + ACPI_RSDP_CHECKSUM_LENGTH <= len;
	     off += ACPI_RSDP_ALIGN)
		if (acpi_rsdp_valid(area + off, len - off))
			return (int)off;
	return -ENOENT;
}

/* A signature is four of A-Z, 0-9, '_' (ACPICA's acpi_ut_valid_nameseg;
 * some firmware uses '!' too). */
static bool
valid_signature(const u8 *s)
{
	for (int i = 0; i < ACPI_NAMESEG_SIZE; i++) {
		u8 c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '!'))
			return false;
	}
	return true;
}

static void
set_signature(struct acpi_table_desc *d, const void *sig)
{
	memcpy(d->signature, sig, ACPI_NAMESEG_SIZE);
	d->signature[ACPI_NAMESEG_SIZE] = '\0';
}

/* Map the table at @phys (what the root table's entry @what says) into the
 * next slot of @tt: its header first, to learn its length, then all of it.
 * @expect, when not NULL, is the signature it must have. Returns the slot,
 * or NULL (with one line saying why) when it is not a table. */
static struct acpi_table_desc *
add_table(struct acpi_tables *tt, u64 phys, const char *what,
	  const char *expect, acpi_map_fn map)
{
	struct acpi_table_desc *d = &tt->t[tt->count];
	bool facs = expect && strcmp(expect, ACPI_SIG_FACS) == 0;
	u32 min = facs ? ACPI_FACS_MIN_LENGTH : ACPI_TABLE_HEADER_SIZE;
	char sig[ACPI_NAMESEG_SIZE + 1];
	const u8 *p;
	u32 len;

	if (tt->count >= ACPI_MAX_TABLES) {
		printk("ACPI: more than %d tables; %s at 0x%llx ignored\n",
		       ACPI_MAX_TABLES, what, (unsigned long long)phys);
		return NULL;
	}
	p = map(phys, min);
	if (!p) {
		printk("ACPI: %s points at 0x%llx, where nothing can be "
		       "read: skipped\n",
		       what, (unsigned long long)phys);
		return NULL;
	}
	if (!valid_signature(p) || (expect && memcmp(p, expect, 4) != 0)) {
		printk("ACPI: %s at 0x%llx has no valid signature "
		       "(%02x %02x %02x %02x): skipped\n",
		       what, (unsigned long long)phys, p[0], p[1], p[2], p[3]);
		return NULL;
	}
	set_signature(d, p);
	memcpy(sig, d->signature, sizeof(sig));
	len = get32(p + 4);
	if (len < min || len > ACPI_MAX_TABLE_LENGTH) {
		printk("ACPI: [%s] at 0x%llx has length %u (must be "
		       "%u-%u): skipped\n",
		       sig, (unsigned long long)phys, len, min,
		       ACPI_MAX_TABLE_LENGTH);
		return NULL;
	}
	p = map(phys, len);
	if (!p) {
		printk("ACPI: [%s] at 0x%llx: its %u bytes run past readable "
		       "memory: skipped\n",
		       sig, (unsigned long long)phys, len);
		return NULL;
	}
	d->address = phys;
	d->length = len;
	d->data = p;
	d->checksum_ok = facs || acpi_checksum(p, len) == 0;
	if (!d->checksum_ok) {
		u8 found = p[offsetof(struct acpi_table_header, checksum)];
		printk("ACPI: Incorrect checksum in table [%s] - 0x%02X, "
		       "should be 0x%02X (used anyway)\n",
		       d->signature, found,
		       (u8)(found - acpi_checksum(p, len)));
	}
	tt->count++;
	return d;
}

/* After the FADT: the DSDT and FACS it points at, the 64-bit X_ fields
 * preferred where the table has them and they are set (ACPI 6.5, 5.2.9;
 * Linux's acpi_tb_select_address). */
static void
add_fadt_children(struct acpi_tables *tt, const struct acpi_table_desc *f,
		  acpi_map_fn map)
{
	u64 dsdt = 0, facs = 0;

	if (f->length >= ACPI_FADT_DSDT + 4) {
		facs = get32(f->data + ACPI_FADT_FIRMWARE_CTRL);
		dsdt = get32(f->data + ACPI_FADT_DSDT);
	}
	if (f->length >= ACPI_FADT_X_DSDT + 8 &&
	    get64(f->data + ACPI_FADT_X_DSDT))
		dsdt = get64(f->data + ACPI_FADT_X_DSDT);
	if (f->length >= ACPI_FADT_X_FIRMWARE_CTRL + 8 &&
	    get64(f->data + ACPI_FADT_X_FIRMWARE_CTRL))
		facs = get64(f->data + ACPI_FADT_X_FIRMWARE_CTRL);
	if (dsdt)
		add_table(tt, dsdt, "FADT's DSDT", ACPI_SIG_DSDT, map);
	if (facs)
		add_table(tt, facs, "FADT's FACS", ACPI_SIG_FACS, map);
}

/* The RSDP as the list's first entry (its own length rule: 20 bytes for
 * revision 0, its length field from revision 2). */
static const struct acpi_table_rsdp *
add_rsdp(struct acpi_tables *tt, u64 phys, acpi_map_fn map)
{
	struct acpi_table_desc *d = &tt->t[0];
	const u8 *p = map(phys, ACPI_RSDP_CHECKSUM_LENGTH);
	u32 len = ACPI_RSDP_CHECKSUM_LENGTH;

	if (p && p[offsetof(struct acpi_table_rsdp, revision)] >= 2) {
		len = get32(p + offsetof(struct acpi_table_rsdp, length));
		if (len < ACPI_RSDP_XCHECKSUM_LENGTH || len > 4096)
			len = ACPI_RSDP_XCHECKSUM_LENGTH;
		p = map(phys, len);
	}
	if (!p || !acpi_rsdp_valid(p, len)) {
		printk("ACPI: no valid RSDP at 0x%llx\n",
		       (unsigned long long)phys);
		return NULL;
	}
	set_signature(d, ACPI_SIG_RSDP);
	d->address = phys;
	d->length = len;
	d->data = p;
	d->checksum_ok = true;
	tt->count = 1;
	return (const void *)p;
}

int
acpi_tables_load(struct acpi_tables *tt, u64 rsdp_phys, acpi_map_fn map)
{
	const struct acpi_table_rsdp *rsdp;
	const struct acpi_table_desc *root;
	u32 entry_size = RSDT_ENTRY_SIZE;
	u64 root_phys;
	const char *root_sig = ACPI_SIG_RSDT;
	int nroot;

	memset(tt, 0, sizeof(*tt));
	rsdp = add_rsdp(tt, rsdp_phys, map);
	if (!rsdp)
		return -EINVAL;
	root_phys = rsdp->rsdt_physical_address;
	/* ACPI 2.0+: the XSDT, when there is one, as Linux prefers it. */
	if (rsdp->revision >= 2 && rsdp->xsdt_physical_address) {
		root_phys = rsdp->xsdt_physical_address;
		root_sig = ACPI_SIG_XSDT;
		entry_size = XSDT_ENTRY_SIZE;
	}
	root = add_table(tt, root_phys, "the RSDP", root_sig, map);
	if (!root)
		return -EINVAL;
	nroot = (int)((root->length - ACPI_TABLE_HEADER_SIZE) / entry_size);
	for (int i = 0; i < nroot; i++) {
		const u8 *e = root->data + ACPI_TABLE_HEADER_SIZE +
			      (u32)i * entry_size;
		u64 phys = entry_size == 8 ? get64(e) : get32(e);
		char what[24];
		const struct acpi_table_desc *d;

		if (!phys)
			continue; /* a null entry: nothing to list */
		snprintf(what, sizeof(what), "%s entry %d", root_sig, i);
		d = add_table(tt, phys, what, NULL, map);
		if (d && strcmp(d->signature, ACPI_SIG_FADT) == 0)
			add_fadt_children(tt, d, map);
	}
	return tt->count;
}

/* Linux's acpi_tb_fix_string: what is not printable shows as '?'. */
static void
fix_string(char *dst, const u8 *src, int n)
{
	for (int i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[n] = '\0';
}

int
acpi_format_table(const struct acpi_table_desc *d, char *buf, size_t size)
{
	const struct acpi_table_header *h = (const void *)d->data;
	char oem[ACPI_OEM_ID_SIZE + 1], tid[ACPI_OEM_TABLE_ID_SIZE + 1];
	char cid[ACPI_NAMESEG_SIZE + 1];

	if (strcmp(d->signature, ACPI_SIG_RSDP) == 0) {
		const struct acpi_table_rsdp *r = (const void *)d->data;
		fix_string(oem, (const u8 *)r->oem_id, ACPI_OEM_ID_SIZE);
		return snprintf(buf, size, "RSDP 0x%016llX %06X (v%02u %-6s)",
				(unsigned long long)d->address, d->length,
				r->revision, oem);
	}
	if (strcmp(d->signature, ACPI_SIG_FACS) == 0)
		return snprintf(buf, size, "FACS 0x%016llX %06X",
				(unsigned long long)d->address, d->length);
	fix_string(oem, (const u8 *)h->oem_id, ACPI_OEM_ID_SIZE);
	fix_string(tid, (const u8 *)h->oem_table_id, ACPI_OEM_TABLE_ID_SIZE);
	fix_string(cid, (const u8 *)h->asl_compiler_id, ACPI_NAMESEG_SIZE);
	return snprintf(buf, size,
			"%s 0x%016llX %06X (v%02u %-6s %-8s %08X %-4s %08X)",
			d->signature, (unsigned long long)d->address, d->length,
			h->revision, oem, tid, h->oem_revision, cid,
			h->asl_compiler_revision);
}

const struct acpi_table_desc *
acpi_tables_find(const struct acpi_tables *tt, const char *sig, int instance)
{
	for (int i = 0; i < tt->count; i++)
		if (strcmp(tt->t[i].signature, sig) == 0 && instance-- == 0)
			return &tt->t[i];
	return NULL;
}
