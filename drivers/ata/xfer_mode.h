/* drivers/ata/xfer_mode.h - which transfer modes a drive has, from IDENTIFY.
 *
 * A drive lists its modes in IDENTIFY DEVICE (ATA/ATAPI-6 8.15 table 27):
 *
 *   word 49 bit 8    DMA supported at all
 *   word 53 bit 1    words 64-70 valid; bit 2: word 88 valid
 *   word 63          multiword DMA: bits 0-2 modes 0-2 supported,
 *                    bits 8-10 the mode selected (one bit at most)
 *   word 64          PIO modes 3 (bit 0) and 4 (bit 1); 0-2 always
 *   word 88          Ultra DMA: bits 0-6 modes 0-6 supported,
 *                    bits 8-14 the mode selected
 *
 * SET FEATURES subcommand 03h (8.37.10) selects one: the sector count
 * register holds the "transfer mode value" - 08h|n PIO n, 20h|n multiword
 * DMA n, 40h|n Ultra DMA n - and the drive's next IDENTIFY shows it
 * selected. Pure: host-tested by tests/host/test_ata_xfer.c.
 */
#ifndef DRIVERS_ATA_XFER_MODE_H
#define DRIVERS_ATA_XFER_MODE_H

#include "drivers/ata/ata_proto.h"

#define ATA_ID_CAP_DMA 0x0100 /* word 49 bit 8 */
#define ATA_ID_FIELD_VALID 53
#define ATA_ID_FV_64_70 0x0002
#define ATA_ID_FV_88 0x0004
#define ATA_ID_MWDMA 63
#define ATA_ID_PIO_MODES 64
#define ATA_ID_UDMA 88

/* SET FEATURES (ATA-6 8.37): the command, its "set transfer mode"
 * subcommand in FEATURES, and the mode values for the count register. */
#define ATA_SETFEATURES_XFER 0x03
#define ATA_XFER_PIO 0x08
#define ATA_XFER_MWDMA 0x20
#define ATA_XFER_UDMA 0x40
#define ATA_XFER_NONE 0 /* no DMA mode */

/* ata_xfer_is_dma - a multiword or Ultra DMA mode value. */
static inline bool
ata_xfer_is_dma(u8 xfer)
{
	return xfer >= ATA_XFER_MWDMA;
}

/* What IDENTIFY says; -1 for "none". */
struct ata_xfer_modes {
	bool dma;     /* word 49 bit 8 */
	s8 pio_max;   /* 0..4 */
	s8 mwdma_max; /* highest multiword DMA mode supported */
	s8 mwdma_sel; /* the one selected */
	s8 udma_max;  /* highest Ultra DMA mode supported (word 88) */
	s8 udma_sel;
};

/* ata_xfer_parse - decode words 49, 53, 63, 64 and 88 of @id. Never fails;
 * a drive without DMA reads dma false and every mode -1. */
void ata_xfer_parse(const u16 *id, struct ata_xfer_modes *m);

/* ata_xfer_best - the fastest DMA mode value both the drive (@m) and a
 * controller that goes up to multiword DMA @ctl_mwdma and Ultra DMA
 * @ctl_udma (-1: none) can run; ATA_XFER_NONE when there is none. */
u8 ata_xfer_best(const struct ata_xfer_modes *m, int ctl_mwdma, int ctl_udma);

/* ata_xfer_selected - the DMA mode value IDENTIFY shows selected (Ultra
 * DMA before multiword), or ATA_XFER_NONE. */
u8 ata_xfer_selected(const struct ata_xfer_modes *m);

/* ata_xfer_name - "UDMA5", "MWDMA2", "PIO4" for a mode value into @buf;
 * "none" for ATA_XFER_NONE, "mode 0x.." for anything else. Returns @buf. */
const char *ata_xfer_name(u8 xfer, char *buf, size_t size);

#endif
