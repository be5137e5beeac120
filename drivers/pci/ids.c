/* drivers/pci/ids.c - look up and decode names in the compiled pci.ids table.
 *
 * The table (build/pci_ids.c, made by scripts/gen-pci-ids.py) keeps every
 * name word-compressed: bytes 0x20-0x7e are themselves, 0x80-0xbf name one
 * of the 64 most frequent dictionary words, 0xc0-0xff plus the next byte one
 * of 16384 more, 0x01 quotes the next byte. Decoding a name is a few dozen
 * steps, done only when lspci prints it; boot does none of this work.
 */
#include "drivers/pci/ids.h"

#define IDS_QUOTE 0x01
#define IDS_WORD1 0x80 /* one-byte word codes 0x80..0xbf */
#define IDS_WORD2 0xc0 /* two-byte word codes 0xc0..0xff, then a byte */
#define IDS_NWORD1 64

struct out {
	char *buf;
	size_t size, len;
};

static void
out_put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void
out_word(struct out *o, unsigned int word)
{
	const unsigned char *w;

	if (word >= pci_ids_nwords)
		return; /* a corrupt table prints less, never reads outside */
	for (w = pci_ids_words + pci_ids_word_offsets[word]; *w; w++)
		out_put(o, (char)*w);
}

/* Decode the name at offset @off into @buf; NULL for "no name" (0). */
static char *
decode(char *buf, size_t size, u32 off)
{
	struct out o = {buf, size, 0};
	const unsigned char *p, *end = pci_ids_names + pci_ids_names_size;

	if (!off || off >= pci_ids_names_size || !size)
		return NULL;
	for (p = pci_ids_names + off; p < end && *p; p++) {
		if (*p == IDS_QUOTE && p + 1 < end) {
			out_put(&o, (char)*++p);
		} else if (*p >= IDS_WORD2 && p + 1 < end) {
			out_word(&o,
				 IDS_NWORD1 + ((p[0] - IDS_WORD2) << 8) + p[1]);
			p++;
		} else if (*p >= IDS_WORD1) {
			out_word(&o, *p - IDS_WORD1);
		} else {
			out_put(&o, (char)*p);
		}
	}
	buf[o.len] = '\0';
	return buf;
}

static const struct pci_ids_vendor *
find_vendor(u16 vendor)
{
	unsigned int lo = 0, hi = pci_ids_nvendors;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (pci_ids_vendors[mid].id == vendor)
			return &pci_ids_vendors[mid];
		if (pci_ids_vendors[mid].id < vendor)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The index of @device among pci_ids_devices, or -1. */
static long
find_device(const struct pci_ids_vendor *v, u16 device)
{
	unsigned int lo = v->first_dev, hi = v->first_dev + v->ndev;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (pci_ids_devices[mid].id == device)
			return mid;
		if (pci_ids_devices[mid].id < device)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

char *
pci_ids_vendor_name(char *buf, size_t size, u16 vendor)
{
	const struct pci_ids_vendor *v = find_vendor(vendor);

	return v ? decode(buf, size, v->name) : NULL;
}

char *
pci_ids_device_name(char *buf, size_t size, u16 vendor, u16 device)
{
	const struct pci_ids_vendor *v = find_vendor(vendor);
	long d = v ? find_device(v, device) : -1;

	return d >= 0 ? decode(buf, size, pci_ids_devices[d].name) : NULL;
}

char *
pci_ids_subsys_name(char *buf, size_t size, u16 vendor, u16 device, u16 sv,
		    u16 sd)
{
	const struct pci_ids_vendor *v = find_vendor(vendor);
	long d = v ? find_device(v, device) : -1;
	u32 i, first;

	if (d < 0)
		return NULL;
	/* This device's subsystems follow those of the vendor's devices
	 * before it. */
	first = v->first_sub;
	for (i = v->first_dev; i < (u32)d; i++)
		first += pci_ids_devices[i].nsub;
	for (i = first; i < first + pci_ids_devices[d].nsub; i++) {
		const struct pci_ids_subsys *s = &pci_ids_subsystems[i];

		if (s->subvendor == sv && s->subdevice == sd)
			return decode(buf, size, s->name);
	}
	return NULL;
}

static char *
class_lookup(char *buf, size_t size, int level, u8 cls, u8 sub, u8 pi)
{
	unsigned int i;

	for (i = 0; i < pci_ids_nclasses; i++) {
		const struct pci_ids_class *c = &pci_ids_classes[i];

		if (c->level == level && c->cls == cls &&
		    (level < 2 || c->sub == sub) && (level < 3 || c->pi == pi))
			return decode(buf, size, c->name);
	}
	return NULL;
}

char *
pci_ids_class_name(char *buf, size_t size, u8 cls)
{
	return class_lookup(buf, size, 1, cls, 0, 0);
}

char *
pci_ids_subclass_name(char *buf, size_t size, u8 cls, u8 sub)
{
	return class_lookup(buf, size, 2, cls, sub, 0);
}

char *
pci_ids_progif_name(char *buf, size_t size, u8 cls, u8 sub, u8 pi)
{
	return class_lookup(buf, size, 3, cls, sub, pi);
}
