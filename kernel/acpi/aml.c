/* kernel/acpi/aml.c - walk the declarations of the DSDT and SSDTs.
 *
 * A definition block (ACPI 6.5, 5.2.11: the DSDT and each SSDT) is a
 * 36-byte table header followed by AML, a byte code (chapter 20, "ACPI
 * Machine Language Specification"). At the top level AML is mostly
 * declarations, each an opcode, a PkgLength that says how many bytes the
 * whole object takes, a name and a body:
 *
 *   10 <pkglen> \_SB_ ...          Scope(\_SB) { ... }
 *   5b 82 <pkglen> PCI0 ...        Device(PCI0) { ... }
 *   08 _HID 0c 41 d0 0a 03         Name(_HID, EisaId("PNP0A03"))
 *   14 <pkglen> _STA 00 ...        Method(_STA) { ... }  (code: skipped)
 *
 * The PkgLength encoding (20.2.4): the first byte's bits 7-6 say how many
 * more bytes follow (0-3); with none, bits 5-0 are the length; else bits
 * 3-0 are its low nibble and each further byte adds 8 bits above them. The
 * length counts from the PkgLength's own first byte. Because every scope
 * carries its length, a reader can skip what it does not understand (a
 * Method's code, a Field list) without an interpreter, and can stop a
 * scope that is malformed and carry on after it.
 *
 * Names (20.2.2) are 4-character segments ("_SB_", "PCI0"), with a root
 * prefix '\', parent prefixes '^', and dual (0x2e) or multi (0x2f) name
 * prefixes for paths; porthole resolves each to an absolute path, so a
 * Scope(\_SB.PCI0) later in the table, or in an SSDT, adds to the device
 * declared earlier.
 *
 * What is recorded: Device, Processor, ThermalZone and PowerResource
 * objects; their constant _HID, _CID, _UID, _ADR, _STA and _CRS (the
 * resource template decoded by kernel/acpi/rsrc.c); \_S5. A Method of one
 * of those names is "computed by AML" and not run. An If/Else block at
 * declaration level is skipped whole: what it declares depends on code.
 * Any malformed length or unknown opcode stops the walk of the scope it is
 * in, with one line naming the table and byte offset.
 *
 * Only lib/ and printk are used: the host tests build this file.
 */
#include "kernel/acpi/aml.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* AML opcodes (ACPI 6.5, 20.3). */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_ALIAS_OP 0x06
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_STRING_PREFIX 0x0d
#define AML_QWORD_PREFIX 0x0e
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_VAR_PACKAGE_OP 0x13
#define AML_METHOD_OP 0x14
#define AML_EXTERNAL_OP 0x15
#define AML_DUAL_NAME_PREFIX 0x2e
#define AML_MULTI_NAME_PREFIX 0x2f
#define AML_EXT_OP_PREFIX 0x5b
#define AML_ROOT_CHAR '\\'
#define AML_PARENT_PREFIX '^'
#define AML_IF_OP 0xa0
#define AML_ELSE_OP 0xa1
#define AML_NOOP_OP 0xa3
#define AML_ONES_OP 0xff
/* After AML_EXT_OP_PREFIX. */
#define AML_MUTEX_OP 0x01
#define AML_EVENT_OP 0x02
#define AML_REVISION_OP 0x30
#define AML_REGION_OP 0x80
#define AML_FIELD_OP 0x81
#define AML_DEVICE_OP 0x82
#define AML_PROCESSOR_OP 0x83
#define AML_POWER_RES_OP 0x84
#define AML_THERMAL_ZONE_OP 0x85
#define AML_INDEX_FIELD_OP 0x86
#define AML_BANK_FIELD_OP 0x87

#define ACPI_HEADER_LEN 36 /* struct acpi_table_header (5.2.6) */
#define AML_MAX_SEGS 15	   /* fits ACPI_PATH_MAX with the dots */
#define AML_MAX_NESTING                                                        \
	24 /* scopes inside scopes: ~240 bytes of C stack                      \
	    * each (real tables nest 4-8 deep) */

struct aml_path {
	int n;
	char seg[AML_MAX_SEGS][4];
};

enum { V_INT, V_STR, V_BUF, V_PKG, V_NAME };

/* A data object's value; strings, buffers and packages stay in the table
 * (offsets @off..@off+@len). */
struct aml_value {
	int type;
	u64 integer;
	u32 off, len;
	u32 count; /* package: NumElements */
};

struct walk {
	const u8 *t;
	u32 len;
	char sig[5];
	int nesting;
	int err;
};

/* --- the namespace store --- */

static struct acpi_ns_device nodes[ACPI_NS_MAX_NODES];
static int nnodes;
static struct acpi_rsrc rsrc_pool[ACPI_NS_MAX_RSRC];
static int nrsrc;
static struct acpi_ns_device *order[ACPI_NS_MAX_NODES];
static int norder = -1; /* -1: recompute */
static bool s5_valid;
static u8 s5_typa, s5_typb;
static bool ns_full_reported;

static void
path_format(const struct aml_path *p, char *buf, size_t size)
{
	size_t at = 0;

	buf[at++] = '\\';
	for (int i = 0; i < p->n && at + 6 < size; i++) {
		if (i)
			buf[at++] = '.';
		memcpy(buf + at, p->seg[i], 4);
		at += 4;
	}
	buf[at] = '\0';
}

static struct acpi_ns_device *ns_last; /* the names of one device in a row
					* all look up that device */
/* Each node's path hashed (FNV-1a), so that a lookup compares strings
 * only where the hashes agree: paths share long prefixes ("\_SB_.PCI0."),
 * and the DSDT's walk looks up a name for every object it meets. */
static u32 node_hash[ACPI_NS_MAX_NODES];

static u32
path_hash(const char *path)
{
	u32 h = 2166136261u;

	while (*path)
		h = (h ^ (u8)*path++) * 16777619u;
	return h;
}

static struct acpi_ns_device *
ns_lookup(const char *path)
{
	u32 h;

	if (ns_last && !strcmp(ns_last->path, path))
		return ns_last;
	h = path_hash(path);
	for (int i = 0; i < nnodes; i++)
		if (node_hash[i] == h && !strcmp(nodes[i].path, path))
			return ns_last = &nodes[i];
	return NULL;
}

static struct acpi_ns_device *
ns_lookup_path(const struct aml_path *p)
{
	char buf[ACPI_PATH_MAX];

	path_format(p, buf, sizeof(buf));
	return ns_lookup(buf);
}

static void
ns_link(struct acpi_ns_device *node, struct acpi_ns_device *scope)
{
	struct acpi_ns_device **tail = &scope->child;

	while (*tail)
		tail = &(*tail)->sibling;
	*tail = node;
	node->scope = scope;
}

/* The node at @p, created (with the scopes above it) as @kind when absent.
 * An existing plain scope takes @kind: Scope(X) may come before Device(X)
 * is seen when SSDTs are read in a different order. */
static struct acpi_ns_device *
ns_get(const struct aml_path *p, u8 kind)
{
	struct acpi_ns_device *node = ns_lookup_path(p);

	if (node) {
		if (node->kind == ACPI_NODE_SCOPE && kind != ACPI_NODE_SCOPE)
			node->kind = kind;
		return node;
	}
	struct acpi_ns_device *scope = NULL;
	if (p->n > 0) {
		struct aml_path up = *p;
		up.n--;
		scope = ns_get(&up, ACPI_NODE_SCOPE);
		if (!scope)
			return NULL;
	}
	if (nnodes == ACPI_NS_MAX_NODES) {
		if (!ns_full_reported)
			printk("ACPI: namespace full (%d objects); later "
			       "devices are not recorded\n",
			       ACPI_NS_MAX_NODES);
		ns_full_reported = true;
		return NULL;
	}
	node = &nodes[nnodes];
	memset(node, 0, sizeof(*node));
	path_format(p, node->path, sizeof(node->path));
	node_hash[nnodes++] = path_hash(node->path);
	node->kind = kind;
	node->sta = ACPI_STA_DEFAULT;
	if (scope)
		ns_link(node, scope);
	norder = -1;
	return node;
}

void
aml_ns_reset(void)
{
	/* The root and the scopes every ACPI namespace starts with, in the
	 * order ACPICA predefines them (acpi_gbl_pre_defined_names). */
	static const char *const predefined[] = {"_GPE", "_PR_", "_SB_", "_SI_",
						 "_TZ_"};
	struct aml_path p = {0};

	nnodes = nrsrc = 0;
	ns_last = NULL;
	norder = -1;
	s5_valid = false;
	ns_full_reported = false;
	ns_get(&p, ACPI_NODE_SCOPE);
	p.n = 1;
	for (size_t i = 0; i < ARRAY_SIZE(predefined); i++) {
		memcpy(p.seg[0], predefined[i], 4);
		ns_get(&p, ACPI_NODE_SCOPE);
	}
}

/* The nearest enclosing device and the depth, once the tree is final. */
static void
ns_order_visit(struct acpi_ns_device *node, struct acpi_ns_device *dev)
{
	for (struct acpi_ns_device *c = node->child; c; c = c->sibling) {
		struct acpi_ns_device *next = dev;
		if (c->kind != ACPI_NODE_SCOPE) {
			c->parent = dev;
			c->depth = dev ? dev->depth + 1 : 0;
			order[norder++] = c;
			next = c;
		}
		ns_order_visit(c, next);
	}
}

static void
ns_order(void)
{
	if (norder >= 0)
		return;
	norder = 0;
	if (nnodes)
		ns_order_visit(&nodes[0], NULL);
}

/* --- reading AML --- */

static int
walk_fail(struct walk *w, u32 at, const char *scope, const char *what)
{
	printk("ACPI: %s+0x%04x: %s in %s; rest of that scope skipped\n",
	       w->sig, at, what, scope);
	w->err = -EIO;
	return -EIO;
}

/* PkgLength at *@pos (20.2.4); sets *@pkg_end and moves *@pos past it. */
static int
pkg_length(const struct walk *w, u32 *pos, u32 end, u32 *pkg_end)
{
	u32 start = *pos;

	if (start >= end)
		return -EINVAL;
	u8 lead = w->t[start];
	u32 extra = lead >> 6;
	if (extra > end - start - 1)
		return -EINVAL;
	u32 len = extra ? lead & 0x0f : lead & 0x3f;
	for (u32 i = 0; i < extra; i++)
		len |= (u32)w->t[start + 1 + i] << (4 + 8 * i);
	if (len < 1 + extra || len > end - start)
		return -EINVAL;
	*pkg_end = start + len;
	*pos = start + 1 + extra;
	return 0;
}

static bool
name_char(u8 c, bool lead)
{
	return c == '_' || (c >= 'A' && c <= 'Z') ||
	       (!lead && c >= '0' && c <= '9');
}

/* NameString at *@pos (20.2.2), resolved against @scope into @out. */
static int
name_string(const struct walk *w, u32 *pos, u32 end,
	    const struct aml_path *scope, struct aml_path *out)
{
	u32 p = *pos;
	u32 segs = 1;

	*out = *scope;
	if (p < end && w->t[p] == AML_ROOT_CHAR) {
		out->n = 0;
		p++;
	} else {
		while (p < end && w->t[p] == AML_PARENT_PREFIX) {
			if (out->n == 0)
				return -EINVAL; /* '^' above the root */
			out->n--;
			p++;
		}
	}
	if (p >= end)
		return -EINVAL;
	if (w->t[p] == AML_ZERO_OP) {
		segs = 0;
		p++;
	} else if (w->t[p] == AML_DUAL_NAME_PREFIX) {
		segs = 2;
		p++;
	} else if (w->t[p] == AML_MULTI_NAME_PREFIX) {
		if (++p >= end)
			return -EINVAL;
		segs = w->t[p++];
	}
	if (segs > (end - p) / 4)
		return -EINVAL;
	for (u32 i = 0; i < segs; i++, p += 4) {
		for (int k = 0; k < 4; k++)
			if (!name_char(w->t[p + k], k == 0))
				return -EINVAL;
		if (out->n == AML_MAX_SEGS)
			return -EINVAL;
		memcpy(out->seg[out->n++], w->t + p, 4);
	}
	*pos = p;
	return 0;
}

static bool
is_name_start(u8 c)
{
	return c == AML_ROOT_CHAR || c == AML_PARENT_PREFIX ||
	       c == AML_DUAL_NAME_PREFIX || c == AML_MULTI_NAME_PREFIX ||
	       name_char(c, true);
}

/* A constant data object at *@pos: integer, string, buffer, package, or a
 * name (a reference, as packages hold). Anything else is -EINVAL. */
static int
data_object(const struct walk *w, u32 *pos, u32 end, struct aml_value *v)
{
	static const u8 width[] = {[AML_BYTE_PREFIX] = 1,
				   [AML_WORD_PREFIX] = 2,
				   [AML_DWORD_PREFIX] = 4,
				   [AML_QWORD_PREFIX] = 8};
	u32 p = *pos;
	u32 pend;
	struct aml_value size;
	struct aml_path dummy = {0}, name;

	if (p >= end)
		return -EINVAL;
	u8 op = w->t[p++];
	memset(v, 0, sizeof(*v));
	switch (op) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
	case AML_ONES_OP:
		v->type = V_INT;
		v->integer = op == AML_ONES_OP ? ~0ull : op;
		break;
	case AML_BYTE_PREFIX:
	case AML_WORD_PREFIX:
	case AML_DWORD_PREFIX:
	case AML_QWORD_PREFIX:
		if (width[op] > end - p)
			return -EINVAL;
		v->type = V_INT;
		for (int i = width[op] - 1; i >= 0; i--)
			v->integer = v->integer << 8 | w->t[p + i];
		p += width[op];
		break;
	case AML_STRING_PREFIX:
		v->type = V_STR;
		v->off = p;
		while (p < end && w->t[p])
			p++;
		if (p >= end)
			return -EINVAL; /* no NUL before the end of the scope */
		v->len = p - v->off;
		p++;
		break;
	case AML_BUFFER_OP:
		if (pkg_length(w, &p, end, &pend) ||
		    data_object(w, &p, pend, &size) || size.type != V_INT)
			return -EINVAL;
		v->type = V_BUF;
		v->off = p;
		v->len = size.integer < pend - p ? (u32)size.integer : pend - p;
		p = pend;
		break;
	case AML_PACKAGE_OP:
	case AML_VAR_PACKAGE_OP:
		if (pkg_length(w, &p, end, &pend))
			return -EINVAL;
		if (op == AML_PACKAGE_OP) {
			if (p >= pend)
				return -EINVAL;
			v->count = w->t[p++];
		} else if (data_object(w, &p, pend, &size) ||
			   size.type != V_INT) {
			return -EINVAL;
		} else {
			v->count = (u32)size.integer;
		}
		v->type = V_PKG;
		v->off = p;
		v->len = pend - p;
		p = pend;
		break;
	case AML_EXT_OP_PREFIX:
		if (p >= end || w->t[p] != AML_REVISION_OP)
			return -EINVAL;
		v->type = V_INT;
		v->integer = 2; /* the AML interpreter revision: ACPI 2.0+ */
		p++;
		break;
	default:
		p--;
		if (!is_name_start(op) ||
		    name_string(w, &p, end, &dummy, &name))
			return -EINVAL;
		v->type = V_NAME;
		break;
	}
	*pos = p;
	return 0;
}

/* An EISA ID as AML stores it (EisaId("PNP0A03") = 0x030ad041): three
 * 5-bit letters and four hex digits, big-endian, in a little-endian dword. */
static void
eisa_id(u32 v, char *buf, size_t size)
{
	u32 be = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
		 (v << 24);

	snprintf(buf, size, "%c%c%c%04X", '@' + ((be >> 26) & 0x1f),
		 '@' + ((be >> 21) & 0x1f), '@' + ((be >> 16) & 0x1f),
		 be & 0xffff);
}

/* An ID (_HID or one _CID): an EISA ID integer or a string. */
static int
id_value(const struct walk *w, const struct aml_value *v, char *buf,
	 size_t size)
{
	if (v->type == V_INT) {
		eisa_id((u32)v->integer, buf, size);
		return 0;
	}
	if (v->type != V_STR)
		return -EINVAL;
	u32 n = v->len < size - 1 ? v->len : (u32)size - 1;
	for (u32 i = 0; i < n; i++) {
		u8 c = w->t[v->off + i];
		buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[n] = '\0';
	return 0;
}

static void
record_cid(const struct walk *w, struct acpi_ns_device *dev,
	   const struct aml_value *v)
{
	dev->cid_kind = ACPI_VALUE_STATIC;
	if (v->type != V_PKG) {
		if (id_value(w, v, dev->cid[0], ACPI_ID_MAX))
			dev->cid_kind = ACPI_VALUE_BAD;
		else
			dev->ncid = 1;
		return;
	}
	u32 p = v->off, end = v->off + v->len;
	for (u32 i = 0; i < v->count && p < end; i++) {
		struct aml_value e;
		if (data_object(w, &p, end, &e) ||
		    (dev->ncid < ACPI_CID_MAX &&
		     id_value(w, &e, dev->cid[dev->ncid++], ACPI_ID_MAX))) {
			dev->cid_kind = ACPI_VALUE_BAD;
			return;
		}
	}
}

static void
record_crs(const struct walk *w, u32 at, struct acpi_ns_device *dev,
	   const struct aml_value *v)
{
	if (v->type != V_BUF) {
		dev->crs_kind = ACPI_VALUE_BAD;
		printk("ACPI: %s+0x%04x: %s._CRS is not a buffer\n", w->sig, at,
		       dev->path);
		return;
	}
	int n = acpi_rsrc_decode(w->t + v->off, v->len, rsrc_pool + nrsrc,
				 ACPI_NS_MAX_RSRC - nrsrc);
	if (n < 0) {
		dev->crs_kind = ACPI_VALUE_BAD;
		printk("ACPI: %s+0x%04x: %s._CRS: %s resource template\n",
		       w->sig, at, dev->path,
		       n == -ENOSPC ? "no room for its" : "malformed");
		return;
	}
	dev->crs_kind = ACPI_VALUE_STATIC;
	dev->crs = rsrc_pool + nrsrc;
	dev->ncrs = n;
	nrsrc += n;
}

static void
record_s5(const struct walk *w, const struct aml_value *v)
{
	struct aml_value a, b;
	u32 p = v->off, end = v->off + v->len;

	if (v->type != V_PKG || v->count < 1 || data_object(w, &p, end, &a) ||
	    a.type != V_INT)
		return;
	if (v->count < 2 || data_object(w, &p, end, &b) || b.type != V_INT)
		b = a; /* porthole's choice: one element serves both */
	s5_typa = (u8)a.integer;
	s5_typb = (u8)b.integer;
	s5_valid = true;
}

static bool
seg_is(const char seg[4], const char *name)
{
	return !memcmp(seg, name, 4);
}

/* Name(@path, @v): keep it when it is one of the names porthole reads. */
static __attribute__((noinline)) void
record_name(const struct walk *w, u32 at, const struct aml_path *path,
	    const struct aml_value *v)
{
	const char *seg = path->seg[path->n - 1];

	if (path->n == 1 && seg_is(seg, "_S5_")) {
		record_s5(w, v);
		return;
	}
	struct aml_path up = *path;
	up.n--;
	struct acpi_ns_device *dev = ns_lookup_path(&up);
	if (!dev || dev->kind == ACPI_NODE_SCOPE)
		return;
	if (seg_is(seg, "_HID")) {
		dev->hid_kind = id_value(w, v, dev->hid, ACPI_ID_MAX)
					? ACPI_VALUE_BAD
					: ACPI_VALUE_STATIC;
	} else if (seg_is(seg, "_CID")) {
		record_cid(w, dev, v);
	} else if (seg_is(seg, "_UID")) {
		dev->uid_kind = ACPI_VALUE_STATIC;
		if (v->type == V_INT)
			snprintf(dev->uid, ACPI_ID_MAX, "%llu",
				 (unsigned long long)v->integer);
		else if (id_value(w, v, dev->uid, ACPI_ID_MAX))
			dev->uid_kind = ACPI_VALUE_BAD;
	} else if (seg_is(seg, "_ADR") && v->type == V_INT) {
		dev->adr_kind = ACPI_VALUE_STATIC;
		dev->adr = v->integer;
	} else if (seg_is(seg, "_STA")) {
		dev->sta_kind =
			v->type == V_INT ? ACPI_VALUE_STATIC : ACPI_VALUE_BAD;
		dev->sta = (u32)v->integer;
	} else if (seg_is(seg, "_CRS")) {
		record_crs(w, at, dev, v);
	}
}

/* Method(@path): a _HID/_CID/_UID/_STA/_CRS that is code. */
static __attribute__((noinline)) void
record_method(const struct aml_path *path)
{
	const char *seg = path->seg[path->n - 1];
	struct aml_path up = *path;
	up.n--;
	struct acpi_ns_device *dev = ns_lookup_path(&up);
	u8 *kind = NULL;

	if (!dev || dev->kind == ACPI_NODE_SCOPE)
		return;
	if (seg_is(seg, "_HID"))
		kind = &dev->hid_kind;
	else if (seg_is(seg, "_CID"))
		kind = &dev->cid_kind;
	else if (seg_is(seg, "_UID"))
		kind = &dev->uid_kind;
	else if (seg_is(seg, "_STA"))
		kind = &dev->sta_kind;
	else if (seg_is(seg, "_CRS"))
		kind = &dev->crs_kind;
	if (kind && *kind == ACPI_VALUE_NONE)
		*kind = ACPI_VALUE_COMPUTED;
}

/* Scope(X) with a one-segment relative X names an existing object found
 * by the search rules (5.3): this scope, then each one above it. */
static __attribute__((noinline)) void
scope_search(const struct walk *w, u32 name_at, const struct aml_path *scope,
	     struct aml_path *target)
{
	u8 c = w->t[name_at];

	if (c == AML_ROOT_CHAR || c == AML_PARENT_PREFIX ||
	    c == AML_DUAL_NAME_PREFIX || c == AML_MULTI_NAME_PREFIX)
		return;
	struct aml_path p = *scope;
	while (!ns_lookup_path(target) && p.n > 0) {
		p.n--;
		struct aml_path cand = p;
		memcpy(cand.seg[cand.n++], target->seg[target->n - 1], 4);
		if (ns_lookup_path(&cand)) {
			*target = cand;
			return;
		}
	}
}

static int walk_terms(struct walk *w, u32 pos, u32 end,
		      const struct aml_path *scope);

/* A named object with a body: Scope, Device, Processor, PowerResource,
 * ThermalZone. @fixed: bytes of fixed fields between name and body. */
static int
walk_named_scope(struct walk *w, u32 *pos, u32 end,
		 const struct aml_path *scope, int kind, u32 fixed,
		 const char **why)
{
	u32 pend, name_at;
	struct aml_path path;

	if (pkg_length(w, pos, end, &pend)) {
		*why = "package length runs past the end";
		return -EINVAL;
	}
	name_at = *pos;
	if (name_string(w, pos, pend, scope, &path) ||
	    (path.n == 0 && kind != ACPI_NODE_SCOPE)) {
		*why = "bad name (or a path deeper than 15 segments)";
		return -EINVAL;
	}
	if (fixed > pend - *pos) {
		*why = "object shorter than its fixed fields";
		return -EINVAL;
	}
	*pos += fixed;
	if (kind == ACPI_NODE_SCOPE)
		scope_search(w, name_at, scope, &path);
	struct acpi_ns_device *node = ns_get(&path, (u8)kind);
	if (node && kind != ACPI_NODE_SCOPE && !node->table[0]) {
		memcpy(node->table, w->sig, 5);
		node->offset = name_at;
	}
	if (w->nesting >= AML_MAX_NESTING) {
		*why = "scopes nested too deep";
		return -EINVAL;
	}
	w->nesting++;
	walk_terms(w, *pos, pend, &path); /* prints its own error */
	w->nesting--;
	*pos = pend;
	return 0;
}

/* One term at *@pos inside @scope that opens no scope; on failure sets
 * *@why and returns -EINVAL (the caller stops this scope). Not inlined: its
 * locals must not sit on the stack at every level of nesting. */
static __attribute__((noinline)) int
walk_term(struct walk *w, u32 *pos, u32 end, const struct aml_path *scope,
	  const char **why, u8 *badop)
{
	u32 pend;
	struct aml_path path, other;
	struct aml_value v, v2;
	u32 at = *pos;
	u8 op = w->t[(*pos)++];

	*badop = op;
	*why = "bad name (or a path deeper than 15 segments)";
	switch (op) {
	case AML_NAME_OP:
		if (name_string(w, pos, end, scope, &path) || path.n == 0)
			return -EINVAL;
		*why = "bad data object";
		if (data_object(w, pos, end, &v))
			return -EINVAL;
		record_name(w, at, &path, &v);
		return 0;
	case AML_METHOD_OP:
		*why = "package length runs past the end";
		if (pkg_length(w, pos, end, &pend))
			return -EINVAL;
		*why = "bad name (or a path deeper than 15 segments)";
		if (name_string(w, pos, pend, scope, &path) || path.n == 0)
			return -EINVAL;
		record_method(&path);
		*pos = pend;
		return 0;
	case AML_EXTERNAL_OP: /* name, object type, argument count */
		if (name_string(w, pos, end, scope, &path))
			return -EINVAL;
		*why = "truncated External";
		if (end - *pos < 2)
			return -EINVAL;
		*pos += 2;
		return 0;
	case AML_ALIAS_OP:
		return name_string(w, pos, end, scope, &path) ||
				       name_string(w, pos, end, scope, &other)
			       ? -EINVAL
			       : 0;
	case AML_IF_OP:
	case AML_ELSE_OP: /* conditional declarations: code decides */
		*why = "package length runs past the end";
		if (pkg_length(w, pos, end, &pend))
			return -EINVAL;
		*pos = pend;
		return 0;
	case AML_NOOP_OP:
		return 0;
	case AML_EXT_OP_PREFIX:
		break;
	default:
		*why = "unknown opcode";
		return -EINVAL;
	}

	*why = "truncated opcode";
	if (*pos >= end)
		return -EINVAL;
	op = w->t[(*pos)++];
	*badop = op;
	switch (op) {
	case AML_DEVICE_OP:
		return walk_named_scope(w, pos, end, scope, ACPI_NODE_DEVICE, 0,
					why);
	case AML_PROCESSOR_OP: /* ProcID, PblkAddr (dword), PblkLen */
		return walk_named_scope(w, pos, end, scope, ACPI_NODE_PROCESSOR,
					6, why);
	case AML_POWER_RES_OP: /* SystemLevel, ResourceOrder (word) */
		return walk_named_scope(w, pos, end, scope, ACPI_NODE_POWER, 3,
					why);
	case AML_THERMAL_ZONE_OP:
		return walk_named_scope(w, pos, end, scope, ACPI_NODE_THERMAL,
					0, why);
	case AML_FIELD_OP:
	case AML_INDEX_FIELD_OP:
	case AML_BANK_FIELD_OP: /* the field list is skipped by its length */
		*why = "package length runs past the end";
		if (pkg_length(w, pos, end, &pend))
			return -EINVAL;
		*pos = pend;
		return 0;
	case AML_REGION_OP: /* name, space, offset and length (constants) */
		if (name_string(w, pos, end, scope, &path))
			return -EINVAL;
		*why = "OperationRegion without constant offset and length";
		if (*pos >= end)
			return -EINVAL;
		(*pos)++;
		if (data_object(w, pos, end, &v) || v.type != V_INT ||
		    data_object(w, pos, end, &v2) || v2.type != V_INT)
			return -EINVAL;
		return 0;
	case AML_MUTEX_OP: /* name, SyncFlags */
		if (name_string(w, pos, end, scope, &path))
			return -EINVAL;
		*why = "truncated Mutex";
		if (*pos >= end)
			return -EINVAL;
		(*pos)++;
		return 0;
	case AML_EVENT_OP:
		return name_string(w, pos, end, scope, &path) ? -EINVAL : 0;
	default:
		*why = "unknown opcode 0x5b";
		return -EINVAL;
	}
}

/* One line for a term that could not be read (kept out of walk_terms so
 * its buffers are not on the stack at every level of nesting). */
static __attribute__((noinline)) void
walk_report(struct walk *w, u32 at, const struct aml_path *scope,
	    const char *why, u8 op)
{
	char what[64], where[ACPI_PATH_MAX];

	path_format(scope, where, sizeof(where));
	if (!strcmp(why, "unknown opcode") ||
	    !strcmp(why, "unknown opcode 0x5b"))
		snprintf(what, sizeof(what), "%s 0x%02x", why, op);
	else
		snprintf(what, sizeof(what), "%s (opcode 0x%02x)", why,
			 w->t[at]);
	walk_fail(w, at, where, what);
}

/* The TermList @pos..@end of @scope. Stops at the first term it cannot
 * read, with one line; the caller goes on after the scope. */
static int
walk_terms(struct walk *w, u32 pos, u32 end, const struct aml_path *scope)
{
	while (pos < end) {
		u32 at = pos;
		const char *why;
		u8 op = w->t[pos];
		int kind = -1;
		u32 fixed = 0, oplen = 1;

		/* The objects with a body of terms: walked recursively. */
		if (op == AML_SCOPE_OP) {
			kind = ACPI_NODE_SCOPE;
		} else if (op == AML_EXT_OP_PREFIX && end - pos >= 2) {
			oplen = 2;
			switch (w->t[pos + 1]) {
			case AML_DEVICE_OP:
				kind = ACPI_NODE_DEVICE;
				break;
			case AML_PROCESSOR_OP: /* ProcID, PblkAddr, PblkLen */
				kind = ACPI_NODE_PROCESSOR;
				fixed = 6;
				break;
			case AML_POWER_RES_OP: /* SystemLevel, ResourceOrder */
				kind = ACPI_NODE_POWER;
				fixed = 3;
				break;
			case AML_THERMAL_ZONE_OP:
				kind = ACPI_NODE_THERMAL;
				break;
			}
		}
		if (kind >= 0) {
			pos += oplen;
			if (!walk_named_scope(w, &pos, end, scope, kind, fixed,
					      &why))
				continue;
			op = w->t[at + oplen - 1];
		} else if (!walk_term(w, &pos, end, scope, &why, &op)) {
			continue;
		}
		walk_report(w, at, scope, why, op);
		return -EIO;
	}
	return 0;
}

int
aml_load_table(const void *table, u32 len)
{
	struct walk w = {.t = table};
	struct aml_path root = {0};

	if (!nnodes)
		aml_ns_reset();
	if (!table || len < ACPI_HEADER_LEN)
		return -EINVAL;
	memcpy(w.sig, table, 4);
	for (int i = 0; i < 4; i++)
		if (w.sig[i] < 0x20 || w.sig[i] > 0x7e)
			w.sig[i] = '?';
	u32 hlen = (u32)w.t[4] | (u32)w.t[5] << 8 | (u32)w.t[6] << 16 |
		   (u32)w.t[7] << 24;
	if (hlen < ACPI_HEADER_LEN) {
		printk("ACPI: %s: length %u in its header is shorter than the "
		       "header\n",
		       w.sig, hlen);
		return -EINVAL;
	}
	w.len = hlen;
	if (hlen > len) {
		printk("ACPI: %s: header says %u bytes, only %u there; reading "
		       "those\n",
		       w.sig, hlen, len);
		w.len = len;
		w.err = -EIO;
	}
	walk_terms(&w, ACPI_HEADER_LEN, w.len, &root);
	if (ns_full_reported)
		return -ENOSPC;
	return w.err;
}

/* --- queries --- */

int
acpi_ns_count(void)
{
	ns_order();
	return norder;
}

const struct acpi_ns_device *
acpi_ns_device(int i)
{
	ns_order();
	return i >= 0 && i < norder ? order[i] : NULL;
}

int
acpi_ns_for_each_device(int (*fn)(const struct acpi_ns_device *dev, void *arg),
			void *arg)
{
	ns_order();
	for (int i = 0; i < norder; i++) {
		int ret = fn(order[i], arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* IDs compare case-insensitively ("PNP0b00" is "PNP0B00"). */
static bool
id_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? *a - 32 : *a;
		char y = *b >= 'a' && *b <= 'z' ? *b - 32 : *b;
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

bool
acpi_dev_has_id(const struct acpi_ns_device *dev, const char *id)
{
	if (dev->hid_kind == ACPI_VALUE_STATIC && id_equal(dev->hid, id))
		return true;
	for (int i = 0; i < dev->ncid; i++)
		if (id_equal(dev->cid[i], id))
			return true;
	return false;
}

const struct acpi_ns_device *
acpi_ns_find_hid(const char *id, int instance)
{
	ns_order();
	for (int i = 0; i < norder; i++)
		if (acpi_dev_has_id(order[i], id) && instance-- == 0)
			return order[i];
	return NULL;
}

const struct acpi_ns_device *
acpi_ns_find_path(const char *path)
{
	const struct acpi_ns_device *node = ns_lookup(path);

	return node && node->kind != ACPI_NODE_SCOPE ? node : NULL;
}

bool
acpi_dev_present(const struct acpi_ns_device *dev, bool *unknown)
{
	if (unknown)
		*unknown = false;
	switch (dev->sta_kind) {
	case ACPI_VALUE_NONE:
		return true;
	case ACPI_VALUE_STATIC:
		return dev->sta & ACPI_STA_PRESENT;
	default:
		if (unknown)
			*unknown = true;
		return false;
	}
}

int
aml_get_s5(u8 *typa, u8 *typb)
{
	if (!s5_valid)
		return -ENODEV;
	*typa = s5_typa;
	*typb = s5_typb;
	return 0;
}
