/* kernel/acpi/rsrc.c - decode an ACPI resource template (a _CRS buffer).
 *
 * A device's _CRS ("current resource settings") is a Buffer whose bytes are
 * the same resource data format ISA Plug and Play used: a list of items,
 * each a tag byte followed by its data, ended by an End Tag (ACPI 6.5,
 * 6.4 "Resource Data Types for ACPI").
 *
 *   small item: tag bit 7 = 0, bits 6-3 the item name, bits 2-0 the length
 *               of the data that follows (0-7 bytes)
 *   large item: tag bit 7 = 1, bits 6-0 the item name, then a 16-bit
 *               little-endian length, then that many bytes
 *
 * The items porthole decodes are the ones PC firmware uses: IRQ (6.4.2.1),
 * DMA (6.4.2.2), I/O Port (6.4.2.5), Fixed I/O Port (6.4.2.6), End Tag
 * (6.4.2.9), 24- and 32-bit Memory Range and 32-bit Fixed Memory (6.4.3.1-4),
 * QWord/DWord/Word Address Space (6.4.3.5.1-3) and Extended Interrupt
 * (6.4.3.6). Vendor items and dependent-function markers are stepped over.
 *
 * The ranges come out the way Linux's drivers/acpi/resource.c computes them
 * (so porthole's resource tree and `pnp` say what Linux says): an I/O or
 * memory item covers minimum .. minimum + length - 1; an address space
 * covers minimum .. maximum, moved by its translation offset when the
 * device produces it (a bridge window). A zero length is "disabled".
 *
 * Only lib/ is used: the host tests build this file with AddressSanitizer.
 */
#include "kernel/acpi/aml.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

/* Small item names (tag bits 6-3). */
#define SMALL_IRQ 0x04
#define SMALL_DMA 0x05
#define SMALL_START_DEP 0x06
#define SMALL_END_DEP 0x07
#define SMALL_IO 0x08
#define SMALL_FIXED_IO 0x09
#define SMALL_FIXED_DMA 0x0a
#define SMALL_VENDOR 0x0e
#define SMALL_END_TAG 0x0f

/* Large item names (tag bits 6-0). */
#define LARGE_MEM24 0x01
#define LARGE_VENDOR 0x04
#define LARGE_MEM32 0x05
#define LARGE_FIXED_MEM32 0x06
#define LARGE_DWORD_ADDR 0x07
#define LARGE_WORD_ADDR 0x08
#define LARGE_EXT_IRQ 0x09
#define LARGE_QWORD_ADDR 0x0a

#define TAG_LARGE 0x80

/* IRQ descriptor information byte (6.4.2.1). */
#define IRQ_INFO_HE 0x01  /* _HE: edge (else level) */
#define IRQ_INFO_LL 0x08  /* _LL: active low (else high) */
#define IRQ_INFO_SHR 0x10 /* _SHR: shared */
/* Extended Interrupt flags (6.4.3.6). */
#define EXT_IRQ_CONSUMER 0x01
#define EXT_IRQ_HE 0x02
#define EXT_IRQ_LL 0x04
#define EXT_IRQ_SHR 0x08
/* Memory item information byte: bit 0 _RW. */
#define MEM_INFO_RW 0x01
/* Address space descriptors (6.4.3.5): resource type, general flags bit 0
 * (0 = the device produces the range: a bridge window), memory type-specific
 * flags bits 2-1 _MEM (1 cacheable, 2 write-combining, 3 prefetchable). */
#define ADDR_TYPE_MEM 0
#define ADDR_TYPE_IO 1
#define ADDR_TYPE_BUS 2
#define ADDR_GF_CONSUMER 0x01
#define ADDR_TF_MEM_RW 0x01
#define ADDR_TF_MEM_MASK 0x06
#define ADDR_TF_MEM_PREFETCH 0x06

static u64
get_le(const u8 *p, int n)
{
	u64 v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

struct rsrc_out {
	struct acpi_rsrc *out;
	int max, n;
};

static int
emit(struct rsrc_out *o, u8 type, u8 flags, u8 tag, u64 start, u64 end)
{
	if (o->n >= o->max)
		return -ENOSPC;
	struct acpi_rsrc *r = &o->out[o->n++];
	r->type = type;
	r->flags = flags;
	r->descriptor = tag;
	r->start = start;
	r->end = end;
	r->translation = 0;
	return 0;
}

/* A range from a base and a length, as Linux's acpi_dev_get_*resource. */
static int
emit_len(struct rsrc_out *o, u8 type, u8 flags, u8 tag, u64 base, u64 len)
{
	if (len == 0)
		return emit(o, type, flags | ACPI_RSRC_DISABLED, tag, base,
			    base);
	return emit(o, type, flags, tag, base, base + len - 1);
}

/* One interrupt per set bit of an IRQ mask; none at all is "disabled". */
static int
small_irq(struct rsrc_out *o, u8 tag, const u8 *d, u32 len)
{
	u8 flags = 0;
	int err;

	if (len < 2)
		return -EINVAL;
	if (len >= 3) {
		u8 info = d[2];
		flags |= info & IRQ_INFO_HE ? 0 : ACPI_RSRC_LEVEL;
		flags |= info & IRQ_INFO_LL ? ACPI_RSRC_ACTIVE_LOW : 0;
		flags |= info & IRQ_INFO_SHR ? ACPI_RSRC_SHARED : 0;
	}
	u16 mask = (u16)get_le(d, 2);
	if (!mask)
		return emit(o, ACPI_RSRC_IRQ, flags | ACPI_RSRC_DISABLED, tag,
			    0, 0);
	for (int irq = 0; irq < 16; irq++)
		if (mask & (1u << irq)) {
			err = emit(o, ACPI_RSRC_IRQ, flags, tag, irq, irq);
			if (err)
				return err;
		}
	return 0;
}

static int
small_dma(struct rsrc_out *o, u8 tag, const u8 *d, u32 len)
{
	int err;

	if (len < 2)
		return -EINVAL;
	if (!d[0])
		return emit(o, ACPI_RSRC_DMA, ACPI_RSRC_DISABLED, tag, 0, 0);
	for (int ch = 0; ch < 8; ch++)
		if (d[0] & (1u << ch)) {
			err = emit(o, ACPI_RSRC_DMA, 0, tag, ch, ch);
			if (err)
				return err;
		}
	return 0;
}

static int
small_item(struct rsrc_out *o, u8 tag, const u8 *d, u32 len)
{
	switch ((tag >> 3) & 0x0f) {
	case SMALL_IRQ:
		return small_irq(o, tag, d, len);
	case SMALL_DMA:
		return small_dma(o, tag, d, len);
	case SMALL_IO: /* info, _MIN, _MAX, _ALN, _LEN */
		if (len < 7)
			return -EINVAL;
		return emit_len(o, ACPI_RSRC_IO, 0, tag, get_le(d + 1, 2),
				d[6]);
	case SMALL_FIXED_IO: /* _BAS (10 bits decoded), _LEN */
		if (len < 3)
			return -EINVAL;
		return emit_len(o, ACPI_RSRC_IO, 0, tag, get_le(d, 2) & 0x3ff,
				d[2]);
	case SMALL_FIXED_DMA: /* _DMA request line, _TYPE channel, width */
		if (len < 5)
			return -EINVAL;
		return emit(o, ACPI_RSRC_DMA, 0, tag, get_le(d + 2, 2),
			    get_le(d + 2, 2));
	case SMALL_START_DEP:
	case SMALL_END_DEP:
	case SMALL_VENDOR:
		return 0;
	default:
		return -EINVAL;
	}
}

/* Word, DWord and QWord address spaces share one layout with fields of
 * @w bytes: type, general flags, type flags, then _GRA _MIN _MAX _TRA _LEN. */
static int
address_space(struct rsrc_out *o, u8 tag, const u8 *d, u32 len, int w)
{
	static const u8 types[] = {ACPI_RSRC_MEM, ACPI_RSRC_IO, ACPI_RSRC_BUS};
	u8 flags = 0;
	int err;

	if (len < 3u + 5u * w)
		return -EINVAL;
	if (d[0] > ADDR_TYPE_BUS)
		return 0; /* vendor-defined types (192-255): nothing to say */
	u64 min = get_le(d + 3 + 1 * w, w);
	u64 max = get_le(d + 3 + 2 * w, w);
	u64 tra = get_le(d + 3 + 3 * w, w);
	u64 alen = get_le(d + 3 + 4 * w, w);
	if (!(d[1] & ADDR_GF_CONSUMER))
		flags |= ACPI_RSRC_WINDOW;
	else
		tra = 0; /* Linux ignores a consumer's offset */
	if (d[0] == ADDR_TYPE_MEM) {
		flags |= d[2] & ADDR_TF_MEM_RW ? 0 : ACPI_RSRC_READONLY;
		if ((d[2] & ADDR_TF_MEM_MASK) == ADDR_TF_MEM_PREFETCH)
			flags |= ACPI_RSRC_PREFETCH;
	}
	if (!alen || max < min)
		flags |= ACPI_RSRC_DISABLED;
	err = emit(o, types[d[0]], flags, tag, min + tra, max + tra);
	if (!err)
		o->out[o->n - 1].translation = tra;
	return err;
}

static int
ext_irq(struct rsrc_out *o, u8 tag, const u8 *d, u32 len)
{
	u8 flags = 0;
	int err;

	if (len < 2 || len < 2u + 4u * d[1])
		return -EINVAL;
	flags |= d[0] & EXT_IRQ_HE ? 0 : ACPI_RSRC_LEVEL;
	flags |= d[0] & EXT_IRQ_LL ? ACPI_RSRC_ACTIVE_LOW : 0;
	flags |= d[0] & EXT_IRQ_SHR ? ACPI_RSRC_SHARED : 0;
	if (!d[1])
		return emit(o, ACPI_RSRC_IRQ, flags | ACPI_RSRC_DISABLED, tag,
			    0, 0);
	for (int i = 0; i < d[1]; i++) {
		u64 irq = get_le(d + 2 + 4 * i, 4);
		err = emit(o, ACPI_RSRC_IRQ, flags, tag, irq, irq);
		if (err)
			return err;
	}
	return 0;
}

static int
large_item(struct rsrc_out *o, u8 tag, const u8 *d, u32 len)
{
	switch (tag & 0x7f) {
	case LARGE_MEM24: /* info, _MIN, _MAX, _ALN, _LEN in 256-byte units */
		if (len < 9)
			return -EINVAL;
		return emit_len(o, ACPI_RSRC_MEM,
				d[0] & MEM_INFO_RW ? 0 : ACPI_RSRC_READONLY,
				tag, get_le(d + 1, 2) << 8,
				get_le(d + 7, 2) << 8);
	case LARGE_MEM32: /* info, _MIN, _MAX, _ALN, _LEN */
		if (len < 17)
			return -EINVAL;
		return emit_len(o, ACPI_RSRC_MEM,
				d[0] & MEM_INFO_RW ? 0 : ACPI_RSRC_READONLY,
				tag, get_le(d + 1, 4), get_le(d + 13, 4));
	case LARGE_FIXED_MEM32: /* info, _BAS, _LEN */
		if (len < 9)
			return -EINVAL;
		return emit_len(o, ACPI_RSRC_MEM,
				d[0] & MEM_INFO_RW ? 0 : ACPI_RSRC_READONLY,
				tag, get_le(d + 1, 4), get_le(d + 5, 4));
	case LARGE_WORD_ADDR:
		return address_space(o, tag, d, len, 2);
	case LARGE_DWORD_ADDR:
		return address_space(o, tag, d, len, 4);
	case LARGE_QWORD_ADDR:
		return address_space(o, tag, d, len, 8);
	case LARGE_EXT_IRQ:
		return ext_irq(o, tag, d, len);
	default: /* vendor, generic register, GPIO, serial bus ...: skip */
		return 0;
	}
}

int
acpi_rsrc_decode(const u8 *buf, u32 len, struct acpi_rsrc *out, int max)
{
	struct rsrc_out o = {out, max, 0};
	u32 pos = 0;
	int err;

	while (pos < len) {
		u8 tag = buf[pos];
		u32 dlen, hdr;

		if (tag & TAG_LARGE) {
			if (len - pos < 3)
				return -EINVAL;
			hdr = 3;
			dlen = (u32)get_le(buf + pos + 1, 2);
		} else {
			hdr = 1;
			dlen = tag & 0x07;
		}
		if (dlen > len - pos - hdr)
			return -EINVAL; /* the item runs past the buffer */
		if (!(tag & TAG_LARGE) && ((tag >> 3) & 0x0f) == SMALL_END_TAG)
			return o.n;
		if (tag & TAG_LARGE)
			err = large_item(&o, tag, buf + pos + hdr, dlen);
		else
			err = small_item(&o, tag, buf + pos + hdr, dlen);
		if (err)
			return err;
		pos += hdr + dlen;
	}
	return -EINVAL; /* no End Tag */
}

int
acpi_rsrc_format(char *buf, size_t size, const struct acpi_rsrc *r)
{
	static const char *const names[] = {"io", "mem", "bus", "irq", "dma"};
	const char *name = r->type < ARRAY_SIZE(names) ? names[r->type] : "?";
	const char *win = r->flags & ACPI_RSRC_WINDOW ? " window" : "";
	const char *off = r->flags & ACPI_RSRC_DISABLED ? " disabled" : "";
	unsigned long long s = r->start, e = r->end;

	switch (r->type) {
	case ACPI_RSRC_IRQ:
		return snprintf(
			buf, size, "irq %llu %s %s%s%s", s,
			r->flags & ACPI_RSRC_LEVEL ? "level" : "edge",
			r->flags & ACPI_RSRC_ACTIVE_LOW ? "low" : "high",
			r->flags & ACPI_RSRC_SHARED ? " shared" : "", off);
	case ACPI_RSRC_DMA:
		return snprintf(buf, size, "dma %llu%s", s, off);
	case ACPI_RSRC_IO:
		return snprintf(buf, size, "io 0x%04llx-0x%04llx%s%s", s, e,
				win, off);
	case ACPI_RSRC_BUS:
		return snprintf(buf, size, "bus %02llx-%02llx%s%s", s, e, win,
				off);
	default:
		return snprintf(
			buf, size, "%s 0x%08llx-0x%08llx%s%s%s%s", name, s, e,
			r->flags & ACPI_RSRC_PREFETCH ? " pref" : "",
			r->flags & ACPI_RSRC_READONLY ? " ro" : "", win, off);
	}
}
