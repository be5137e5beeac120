/* tests/host/test_ata_dma.c - the pure parts of the DMA transports on the
 * host: drivers/ata/sg.c (a buffer cut into regions under the PIIX's and
 * AHCI's rules, against a page table that scatters pages on purpose) and
 * drivers/ata/xfer_mode.c (IDENTIFY words 49/53/63/64/88, the best mode a
 * controller can run, the mode names). */
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "drivers/ata/sg.h"
#include "drivers/ata/xfer_mode.h"

/* A fake MMU: virtual page i of the buffer maps to physical page map[i]. */
#define NPAGES 600
static u32 map[NPAGES];
static uintptr_t vbase = 0x40000000u;

static u32
fake_xlate(uintptr_t va, u32 *bus)
{
	uintptr_t off = va - vbase;

	if (va < vbase || off / 4096 >= NPAGES || map[off / 4096] == ~0u)
		return 0;
	*bus = map[off / 4096] * 4096u + (u32)(off % 4096);
	return 4096 - (u32)(off % 4096); /* to the end of the page */
}

/* The same map, saying how far it runs on contiguously (as the kernel's
 * direct map does): the walk takes bigger steps, the regions must not
 * change. */
static u32
fake_xlate_run(uintptr_t va, u32 *bus)
{
	u32 n = fake_xlate(va, bus), page = (u32)((va - vbase) / 4096);

	while (n && page + 1 < NPAGES && map[page + 1] == map[page] + 1 &&
	       map[page + 1] != ~0u) {
		n += 4096;
		page++;
	}
	return n;
}

/* Check that @n regions describe exactly [va, va + len) under @lim. */
static int
regions_ok(uintptr_t va, u32 len, const struct sg_limits *lim,
	   const struct sg_region *r, u32 n)
{
	u32 off = 0;

	for (u32 i = 0; i < n; i++) {
		if (!r[i].len || r[i].len > lim->max_len || (r[i].addr & 1))
			return 0;
		if (lim->boundary &&
		    (r[i].addr / lim->boundary) !=
			    ((r[i].addr + r[i].len - 1) / lim->boundary))
			return 0; /* crosses a boundary line */
		/* Every byte lands where the MMU says it lives. */
		for (u32 b = 0; b < r[i].len; b += 512) {
			u32 want;

			if (!fake_xlate(va + off + b, &want) ||
			    want != r[i].addr + b)
				return 0;
		}
		off += r[i].len;
	}
	return off == len;
}

static void
test_sg(void)
{
	static struct sg_region r[1024];
	struct sg_limits bm = {65536, 65536}, ahci = {4u << 20, 0};
	u32 n, got;

	/* Contiguous pages, starting 8 KiB below a 64 KiB line. */
	for (int i = 0; i < NPAGES; i++)
		map[i] = 14 + i;
	got = sg_build(vbase, 128 * 1024, &bm, fake_xlate, r, 1024, &n);
	tap_ok(got == 128 * 1024 && regions_ok(vbase, got, &bm, r, n) &&
		       n == 3 && r[0].len == 8192 && r[1].len == 65536,
	       "contiguous: cut at each 64 KiB line (8 KiB, 64 KiB, rest)");
	got = sg_build(vbase, 128 * 1024, &ahci, fake_xlate, r, 1024, &n);
	tap_ok(got == 128 * 1024 && n == 1, "contiguous: one AHCI region");
	got = sg_build(vbase, 1 << 20, &bm, fake_xlate_run, r, 1024, &n);
	tap_ok(got == 1 << 20 && n == 17 && regions_ok(vbase, got, &bm, r, n),
	       "contiguous 1 MiB in one run: cut at the 64 KiB lines (17)");

	/* Every page elsewhere: one region a page. */
	for (int i = 0; i < NPAGES; i++)
		map[i] = 1000 + 7 * i;
	got = sg_build(vbase + 512, 20 * 4096, &bm, fake_xlate, r, 1024, &n);
	tap_ok(got == 20 * 4096 && n == 21 &&
		       regions_ok(vbase + 512, got, &bm, r, n),
	       "scattered pages from an offset: 21 regions, each in place");

	/* The table fills: less is covered, and what is, is right. */
	got = sg_build(vbase, 40 * 4096, &bm, fake_xlate, r, 8, &n);
	tap_ok(got == 8 * 4096 && n == 8 && regions_ok(vbase, got, &bm, r, n),
	       "8 entries cover 8 scattered pages, no more");

	/* Odd address, unmapped page. */
	tap_ok(sg_build(vbase + 1, 512, &bm, fake_xlate, r, 8, &n) == 0 &&
		       n == 0,
	       "an odd buffer address is refused");
	map[3] = ~0u;
	tap_ok(sg_build(vbase, 8 * 4096, &bm, fake_xlate, r, 64, &n) == 0,
	       "an unmapped page is refused");

	/* Random maps, offsets and lengths. */
	srand(14);
	int bad = 0, bad_run = 0;
	for (int t = 0; t < 2000; t++) {
		for (int i = 0; i < NPAGES; i++)
			map[i] = (rand() % 3) ? (i ? map[i - 1] + 1 : 5)
					      : (u32)(rand() % 100000);
		uintptr_t va = vbase + (u32)(rand() % 4096) * 2;
		u32 len = 512u * (1 + (u32)rand() % 2048);
		const struct sg_limits *lim = (t & 1) ? &bm : &ahci;

		got = sg_build(va, len, lim, fake_xlate, r, 1024, &n);
		if (got != len || !regions_ok(va, len, lim, r, n))
			bad++;
		/* In runs: the very same regions. */
		static struct sg_region r2[1024];
		u32 n2, got2 = sg_build(va, len, lim, fake_xlate_run, r2, 1024,
					&n2);
		if (got2 != got || n2 != n || memcmp(r, r2, n * sizeof(*r)))
			bad_run++;
	}
	tap_ok(bad_run == 0,
	       "the same 2000 through a translation that reports contiguous "
	       "runs (the direct map): the same regions (%d differ)",
	       bad_run);
	tap_ok(bad == 0,
	       "2000 random buffers: every region obeys the rules "
	       "and every byte is where the MMU puts it (%d bad)",
	       bad);
}

static void
test_xfer(void)
{
	u16 id[256];
	struct ata_xfer_modes m;
	char b[16];

	memset(id, 0, sizeof(id));
	ata_xfer_parse(id, &m);
	tap_ok(!m.dma && ata_xfer_best(&m, 2, 5) == ATA_XFER_NONE &&
		       m.pio_max == 2,
	       "no DMA bit: no DMA mode, PIO 2");

	/* What QEMU's IDE disk reports: MWDMA0-2, UDMA0-5 supported. */
	id[49] = 0x0300;
	id[53] = 0x0007;
	id[63] = 0x0007;
	id[64] = 0x0003;
	id[88] = 0x003f;
	ata_xfer_parse(id, &m);
	tap_ok(m.dma && m.mwdma_max == 2 && m.udma_max == 5 && m.pio_max == 4 &&
		       ata_xfer_selected(&m) == 0,
	       "MWDMA2/UDMA5/PIO4 supported, nothing selected");
	tap_eq_str(ata_xfer_name(ata_xfer_best(&m, 2, 5), b, sizeof(b)),
		   "UDMA5", "best with a UDMA5 controller");
	tap_eq_str(ata_xfer_name(ata_xfer_best(&m, 2, -1), b, sizeof(b)),
		   "MWDMA2", "best with a PIIX3 (no Ultra DMA)");
	tap_eq_str(ata_xfer_name(ata_xfer_best(&m, 2, 2), b, sizeof(b)),
		   "UDMA2", "best with a PIIX4 (UDMA2)");
	id[63] = 0x0407; /* MWDMA2 selected */
	ata_xfer_parse(id, &m);
	tap_eq_str(ata_xfer_name(ata_xfer_selected(&m), b, sizeof(b)), "MWDMA2",
		   "word 63 bit 10: MWDMA2 selected");
	id[88] = 0x203f; /* UDMA5 selected too */
	ata_xfer_parse(id, &m);
	tap_eq_str(ata_xfer_name(ata_xfer_selected(&m), b, sizeof(b)), "UDMA5",
		   "word 88 bit 13: UDMA5 selected");
	id[53] = 0x0003; /* word 88 not valid */
	ata_xfer_parse(id, &m);
	tap_ok(m.udma_max == -1, "word 88 ignored when word 53 bit 2 is clear");
	tap_eq_str(ata_xfer_name(0x0c, b, sizeof(b)), "PIO4", "PIO4 name");
	tap_eq_str(ata_xfer_name(0x99, b, sizeof(b)), "mode 0x99",
		   "unknown value named by number");
}

int
main(void)
{
	test_sg();
	test_xfer();
	return tap_done();
}
