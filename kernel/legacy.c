/* kernel/legacy.c - the PC/AT's fixed I/O ports that no porthole driver owns.
 *
 * Every PC-compatible chipset still decodes the I/O map of the 1984 IBM PC/AT
 * (IBM PC AT Technical Reference, "System I/O Address Map"; on QEMU's 'pc'
 * machine the Intel 82371SB PIIX3 south bridge provides these functions and
 * its datasheet lists the same fixed I/O addresses). Some of those chips get a
 * porthole driver that claims its own ports (the 8259 PICs, the 8254 timer,
 * the 8042 keyboard controller). The others below are marked busy here,
 * at boot, so that no driver (and no PCI BAR placement) can take them (the
 * CMOS clock at 0x70 has neither a driver nor a reservation yet):
 *
 *   dma1          8237A DMA controller 1, channels 0-3 (and its aliases)
 *   timer1        a second 8254 timer some chipsets have (EISA, PS/2)
 *   dma page reg  74LS612 page registers: address bits 16-23 for DMA
 *   dma2          8237A DMA controller 2, channels 4-7 (word-wide)
 *   fpu           the 80287/80387 coprocessor's busy/reset ports
 *
 * Linux reserves the same ranges with the same names at boot
 * (reserve_standard_io_resources() in arch/x86/kernel/setup.c), so the two
 * /proc/ioports read alike. These are
 * architectural addresses, fixed by the platform, not probed: a DMA
 * controller cannot be asked whether it is there without disturbing it.
 */
#include "kernel/legacy.h"
#include "kernel/resource.h"

/* PC AT Technical Reference, System I/O Address Map. */
#define DMA1_PORT 0x0000 /* 8237A #1; decoded 0x00-0x1f */
#define DMA1_LAST 0x001f
#define TIMER1_PORT 0x0050 /* second 8254: counters 0-2, control */
#define TIMER1_LAST 0x0053
#define DMA_PAGE_PORT 0x0080 /* 74LS612 page registers */
#define DMA_PAGE_LAST 0x008f
#define DMA2_PORT 0x00c0 /* 8237A #2; registers at even ports */
#define DMA2_LAST 0x00df
#define FPU_PORT 0x00f0 /* 0xf0 clear busy, 0xf1 reset, 0xf8-0xff */
#define FPU_LAST 0x00ff

#define LEGACY(n, first, last)                                                 \
	{                                                                      \
		.name = (n), .start = (first), .end = (last),                  \
		.flags = IORESOURCE_IO | IORESOURCE_BUSY,                      \
	}

static struct resource legacy_ports[] = {
	LEGACY("dma1", DMA1_PORT, DMA1_LAST),
	LEGACY("timer1", TIMER1_PORT, TIMER1_LAST),
	LEGACY("dma page reg", DMA_PAGE_PORT, DMA_PAGE_LAST),
	LEGACY("dma2", DMA2_PORT, DMA2_LAST),
	LEGACY("fpu", FPU_PORT, FPU_LAST),
};

int
legacy_ioports_init(void)
{
	int failed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(legacy_ports); i++)
		if (request_resource(&ioport_resource, &legacy_ports[i]) < 0)
			failed++; /* request_resource printed the conflict */
	return failed ? -EBUSY : 0;
}
