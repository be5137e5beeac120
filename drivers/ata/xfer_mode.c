/* drivers/ata/xfer_mode.c - a drive's transfer modes (xfer_mode.h). */
#include "drivers/ata/xfer_mode.h"
#include "lib/vsprintf.h"

/* The highest set bit of @bits below @nbits, or -1. */
static s8
highest(u16 bits, int nbits)
{
	for (int i = nbits - 1; i >= 0; i--)
		if (bits & (1u << i))
			return (s8)i;
	return -1;
}

void
ata_xfer_parse(const u16 *id, struct ata_xfer_modes *m)
{
	u16 fv = id[ATA_ID_FIELD_VALID];

	m->dma = id[49] & ATA_ID_CAP_DMA;
	m->pio_max = 2;
	if (fv & ATA_ID_FV_64_70) {
		s8 p = highest(id[ATA_ID_PIO_MODES] & 0x3, 2);

		if (p >= 0)
			m->pio_max = (s8)(3 + p);
	}
	m->mwdma_max = m->mwdma_sel = m->udma_max = m->udma_sel = -1;
	if (!m->dma)
		return;
	m->mwdma_max = highest(id[ATA_ID_MWDMA] & 0x7, 3);
	m->mwdma_sel = highest((id[ATA_ID_MWDMA] >> 8) & 0x7, 3);
	if (fv & ATA_ID_FV_88) {
		m->udma_max = highest(id[ATA_ID_UDMA] & 0x7f, 7);
		m->udma_sel = highest((id[ATA_ID_UDMA] >> 8) & 0x7f, 7);
	}
}

u8
ata_xfer_best(const struct ata_xfer_modes *m, int ctl_mwdma, int ctl_udma)
{
	if (!m->dma)
		return ATA_XFER_NONE;
	if (m->udma_max >= 0 && ctl_udma >= 0)
		return ATA_XFER_UDMA |
		       (u8)(m->udma_max < ctl_udma ? m->udma_max : ctl_udma);
	if (m->mwdma_max >= 0 && ctl_mwdma >= 0)
		return ATA_XFER_MWDMA |
		       (u8)(m->mwdma_max < ctl_mwdma ? m->mwdma_max
						     : ctl_mwdma);
	return ATA_XFER_NONE;
}

u8
ata_xfer_selected(const struct ata_xfer_modes *m)
{
	if (m->udma_sel >= 0)
		return ATA_XFER_UDMA | (u8)m->udma_sel;
	if (m->mwdma_sel >= 0)
		return ATA_XFER_MWDMA | (u8)m->mwdma_sel;
	return ATA_XFER_NONE;
}

const char *
ata_xfer_name(u8 xfer, char *buf, size_t size)
{
	if (xfer == ATA_XFER_NONE)
		snprintf(buf, size, "none");
	else if ((xfer & 0xf8) == ATA_XFER_UDMA)
		snprintf(buf, size, "UDMA%u", xfer & 7);
	else if ((xfer & 0xf8) == ATA_XFER_MWDMA)
		snprintf(buf, size, "MWDMA%u", xfer & 7);
	else if ((xfer & 0xf8) == ATA_XFER_PIO)
		snprintf(buf, size, "PIO%u", xfer & 7);
	else
		snprintf(buf, size, "mode 0x%02x", xfer);
	return buf;
}
