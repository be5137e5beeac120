/* drivers/net/ne2k.c - the NE2000: a network card driven entirely through
 * 32 I/O ports.
 *
 * The board is a DP8390D NIC with 16 KiB of its own buffer memory that the
 * CPU cannot address. Everything goes through ports: the NIC's registers
 * (drivers/net/ne2k.h), and the packet bytes themselves, which the CPU moves
 * one 16-bit word at a time through the data port while the NIC's "remote
 * DMA" engine walks its buffer memory (DP8390D datasheet, section 11, "Remote
 * DMA"). So a 1514-byte frame costs 757 `in` or `out` instructions: compare
 * drivers/net/e1000.c, where the card fetches the frame from RAM itself.
 *
 * The buffer memory holds one transmit buffer and a ring of 256-byte receive
 * pages between PSTART and PSTOP. The NIC writes frames at CURR and stops
 * when it would reach BNRY, the last page the driver has read: BNRY chases
 * CURR around the ring.
 *
 * QEMU's ne2k_pci (hw/net/ne2000.c) models this board behind a PCI I/O BAR.
 */
#include "drivers/net/ne2k.h"
#include "drivers/net/netdev.h"
#include "drivers/pci/pci.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define NE_RESET_TIMEOUT_US 20000 /* Linux's ne.c waits up to 20 ms */
#define NE_DMA_TIMEOUT_US 10000
#define NE_TX_TIMEOUT_US 10000
#define NE_PROM_BYTES 32

struct ne2k {
	struct net_device net;
	u16 base;
	u64 missed, crc_errors, frame_errors; /* the tally counters */
	u64 overflows;
	u8 frame[ETH_FRAME_LEN + 4];
};

static u8
ne_in(struct ne2k *ne, unsigned reg)
{
	return inb(ne->base + reg);
}

static void
ne_out(struct ne2k *ne, unsigned reg, u8 v)
{
	outb(v, ne->base + reg);
}

/* Spin until one of the ISR bits is set, at most us microseconds (the
 * calibrated clock works with interrupts off). */
static bool
ne_wait_isr(struct ne2k *ne, u8 bits, u32 us)
{
	u64 end = uptime_ns() + (u64)us * 1000;

	while (!(ne_in(ne, EN0_ISR) & bits))
		if (uptime_ns() > end)
			return false;
	return true;
}

/* Point the remote DMA engine at addr for n bytes, and start it in mode
 * (CR_RD0: read, CR_RD1: write). */
static void
ne_remote_setup(struct ne2k *ne, u16 addr, u16 n, u8 mode)
{
	ne_out(ne, EN0_ISR, ISR_RDC); /* clear the old completion */
	ne_out(ne, EN0_RBCR0, n & 0xff);
	ne_out(ne, EN0_RBCR1, n >> 8);
	ne_out(ne, EN0_RSAR0, addr & 0xff);
	ne_out(ne, EN0_RSAR1, addr >> 8);
	ne_out(ne, NE_CMD, mode | CR_STA);
}

/* Read n bytes (n even) of the card's memory at addr into buf. */
static int
ne_block_input(struct ne2k *ne, u16 addr, void *buf, u16 n)
{
	ne_remote_setup(ne, addr, n, CR_RD0);
	insw(ne->base + NE_DATAPORT, buf, n / 2);
	bool done = ne_wait_isr(ne, ISR_RDC, NE_DMA_TIMEOUT_US);
	ne_out(ne, EN0_ISR, ISR_RDC);
	return done ? 0 : -ETIMEDOUT;
}

/* The board reset: a read of the reset port starts it, a write ends it;
 * the NIC then shows ISR.RST (ne.c's ne_reset_8390). */
static int
ne_reset(struct ne2k *ne)
{
	outb(inb(ne->base + NE_RESET), ne->base + NE_RESET);
	if (!ne_wait_isr(ne, ISR_RST, NE_RESET_TIMEOUT_US))
		return -ETIMEDOUT;
	ne_out(ne, EN0_ISR, 0xff); /* acknowledge everything */
	return 0;
}

/* The station address PROM, read by remote DMA from address 0: in word
 * mode each of its bytes comes doubled, so byte i of the MAC is the low
 * byte of word i. */
static int
ne_read_mac(struct ne2k *ne)
{
	u16 prom[NE_PROM_BYTES / 2];
	int err = ne_block_input(ne, 0, prom, NE_PROM_BYTES);

	for (int i = 0; i < ETH_ALEN; i++)
		ne->net.mac[i] = (u8)prom[i];
	return err;
}

/* Bring the NIC up in the order of the datasheet's section 12 ("Initialization
 * Procedure"): stopped, configured, ring set, address loaded, started. */
static void
ne_start(struct ne2k *ne)
{
	ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STP);
	ne_out(ne, EN0_DCR, DCR_FT1 | DCR_LS | DCR_WTS); /* 16-bit, normal */
	ne_out(ne, EN0_RBCR0, 0);
	ne_out(ne, EN0_RBCR1, 0);
	ne_out(ne, EN0_RCR, RCR_MON); /* accept nothing yet */
	ne_out(ne, EN0_TCR, TCR_LB0); /* loopback while setting up */
	ne_out(ne, EN0_TPSR, NE_TX_START_PG);
	ne_out(ne, EN0_PSTART, NE_RX_START_PG);
	ne_out(ne, EN0_BNRY, NESM_STOP_PG - 1); /* "read" up to the start */
	ne_out(ne, EN0_PSTOP, NESM_STOP_PG);
	ne_out(ne, EN0_ISR, 0xff);
	ne_out(ne, EN0_IMR, 0);

	ne_out(ne, NE_CMD, CR_PAGE1 | CR_RD2 | CR_STP);
	for (int i = 0; i < ETH_ALEN; i++)
		ne_out(ne, EN1_PAR0 + i, ne->net.mac[i]);
	for (int i = 0; i < 8; i++)
		ne_out(ne, EN1_MAR0 + i, 0); /* no multicast */
	ne_out(ne, EN1_CURR, NE_RX_START_PG);

	ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STA);
	ne_out(ne, EN0_ISR, 0xff);
	ne_out(ne, EN0_IMR, ISR_PRX | ISR_RXE | ISR_OVW | ISR_CNT);
	ne_out(ne, EN0_TCR, 0);	     /* normal transmit */
	ne_out(ne, EN0_RCR, RCR_AB); /* our address and broadcast */
}

static int
ne_xmit(struct net_device *dev, const void *frame, size_t len)
{
	struct ne2k *ne = dev->priv;
	u16 n = (u16)(len < ETH_ZLEN ? ETH_ZLEN : len);

	if (len > ETH_FRAME_LEN)
		return -EINVAL;
	/* A short frame is padded with whatever the buffer held: copy it to
	 * our own buffer first so the pad bytes are zeros. */
	memset(ne->frame, 0, ETH_ZLEN);
	memcpy(ne->frame, frame, len);
	u16 words = (u16)((n + 1) / 2);

	ne_remote_setup(ne, NE_TX_START_PG * NE_PAGE_SIZE, words * 2, CR_RD1);
	outsw(ne->base + NE_DATAPORT, ne->frame, words);
	if (!ne_wait_isr(ne, ISR_RDC, NE_DMA_TIMEOUT_US))
		return -ETIMEDOUT;
	ne_out(ne, EN0_ISR, ISR_RDC);

	ne_out(ne, EN0_TPSR, NE_TX_START_PG);
	ne_out(ne, EN0_TBCR0, n & 0xff);
	ne_out(ne, EN0_TBCR1, n >> 8);
	ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_TXP | CR_STA);
	if (!ne_wait_isr(ne, ISR_PTX | ISR_TXE, NE_TX_TIMEOUT_US))
		return -ETIMEDOUT;
	u8 isr = ne_in(ne, EN0_ISR);
	ne_out(ne, EN0_ISR, ISR_PTX | ISR_TXE);
	return (isr & ISR_TXE) ? -EIO : 0;
}

static u8
ne_curr(struct ne2k *ne)
{
	ne_out(ne, NE_CMD, CR_PAGE1 | CR_RD2 | CR_STA);
	u8 curr = ne_in(ne, EN1_CURR);
	ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STA);
	return curr;
}

/* Read len bytes that start at card address addr and may wrap from the
 * ring's end back to its start. */
static int
ne_ring_input(struct ne2k *ne, u16 addr, u8 *buf, u16 len)
{
	u16 ring_end = NESM_STOP_PG * NE_PAGE_SIZE;
	u16 even = (u16)((len + 1) & ~1u);

	if (addr + even > ring_end) {
		u16 first = (u16)(ring_end - addr);
		int err = ne_block_input(ne, addr, buf, first);
		if (err)
			return err;
		buf += first;
		even -= first;
		addr = NE_RX_START_PG * NE_PAGE_SIZE;
	}
	return ne_block_input(ne, addr, buf, even);
}

/* Take every frame between BNRY and CURR out of the ring. */
static void
ne_receive(struct ne2k *ne)
{
	struct net_device *dev = &ne->net;

	for (;;) {
		u64 t0 = rdtsc();
		u8 next = ne_in(ne, EN0_BNRY) + 1;
		if (next >= NESM_STOP_PG)
			next = NE_RX_START_PG;
		if (next == ne_curr(ne))
			return; /* the host has read everything */

		struct e8390_pkt_hdr h;
		u16 at = next * NE_PAGE_SIZE;
		if (ne_block_input(ne, at, &h, sizeof(h)) < 0) {
			dev->stats.rx_errors++;
			return;
		}
		u16 len = h.count - sizeof(h);
		if (h.next < NE_RX_START_PG || h.next >= NESM_STOP_PG ||
		    len > sizeof(ne->frame) || len < ETH_HLEN) {
			/* A header we cannot trust: restart the ring, as
			 * Linux's ei_receive does with a "bogus packet". */
			dev->stats.rx_errors++;
			ne_out(ne, EN0_BNRY,
			       ne_curr(ne) == NE_RX_START_PG ? NESM_STOP_PG - 1
							     : ne_curr(ne) - 1);
			return;
		}
		if (h.status & RSR_PRX) {
			if (ne_ring_input(ne, at + sizeof(h), ne->frame, len) ==
			    0)
				net_rx(dev, ne->frame,
				       len > ETH_FRAME_LEN ? ETH_FRAME_LEN
							   : len);
			else
				dev->stats.rx_errors++;
		} else {
			dev->stats.rx_errors++;
		}
		u8 bnry = h.next - 1;
		ne_out(ne, EN0_BNRY,
		       bnry < NE_RX_START_PG ? NESM_STOP_PG - 1 : bnry);
		dev->rx_cycles += rdtsc() - t0;
		dev->rx_timed++;
	}
}

static void
ne_read_counters(struct ne2k *ne)
{
	ne->frame_errors += ne_in(ne, EN0_CNTR0);
	ne->crc_errors += ne_in(ne, EN0_CNTR1);
	u8 missed = ne_in(ne, EN0_CNTR2);
	ne->missed += missed;
	ne->net.stats.rx_over_errors += missed;
}

/* Receive ring overwrite: the datasheet's recovery (section 12, "Buffer
 * Ring Overflow"): stop, wait for the reset state, clear the remote count,
 * loopback mode, start, empty the ring, then transmit normally again. */
static void
ne_overflow(struct ne2k *ne)
{
	ne->overflows++;
	ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STP);
	ne_wait_isr(ne, ISR_RST, NE_RESET_TIMEOUT_US);
	ne_out(ne, EN0_RBCR0, 0);
	ne_out(ne, EN0_RBCR1, 0);
	ne_out(ne, EN0_TCR, TCR_LB0);
	ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STA);
	ne_receive(ne);
	ne_out(ne, EN0_ISR, ISR_OVW);
	ne_out(ne, EN0_TCR, 0);
}

static irqreturn_t
ne_interrupt(int irq, void *data)
{
	struct ne2k *ne = data;
	u8 isr = ne_in(ne, EN0_ISR);
	(void)irq;

	if (!(isr & (ISR_PRX | ISR_RXE | ISR_OVW | ISR_CNT)))
		return IRQ_NONE;
	if (isr & ISR_OVW) {
		ne_overflow(ne);
	} else if (isr & (ISR_PRX | ISR_RXE)) {
		ne_out(ne, EN0_ISR, ISR_PRX | ISR_RXE);
		if (isr & ISR_RXE)
			ne->net.stats.rx_errors++;
		ne_receive(ne);
	}
	if (isr & ISR_CNT) {
		ne_read_counters(ne);
		ne_out(ne, EN0_ISR, ISR_CNT);
	}
	return IRQ_HANDLED;
}

static bool
ne_link_up(struct net_device *dev)
{
	(void)dev;
	return true; /* the 8390 has no link status; QEMU's hub is always up */
}

static void
ne_show(struct net_device *dev)
{
	struct ne2k *ne = dev->priv;

	ne_read_counters(ne);
	printk("    8390: ring pages %02x-%02x, BNRY %02x, CURR %02x; missed "
	       "%llu, CRC %llu, alignment %llu, overflows %llu\n",
	       NE_RX_START_PG, NESM_STOP_PG - 1, ne_in(ne, EN0_BNRY),
	       ne_curr(ne), ne->missed, ne->crc_errors, ne->frame_errors,
	       ne->overflows);
}

static const struct net_device_ops ne_ops = {
	.xmit = ne_xmit,
	.link_up = ne_link_up,
	.show = ne_show,
};

static struct ne2k ne_cards[NET_MAX_DEVICES];
static int ne_ncards;

static int
ne2k_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	(void)id;
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_IO) ||
	    pci_resource_len(pdev, 0) < NE_IO_EXTENT) {
		printk("ne2k-pci %s: BAR 0 is not a 32-port I/O range\n",
		       pdev->name);
		return -ENODEV;
	}
	if (ne_ncards == NET_MAX_DEVICES)
		return -ENOSPC;
	struct ne2k *ne = &ne_cards[ne_ncards];
	u16 base = (u16)pci_resource_start(pdev, 0);

	if (!request_region(base, NE_IO_EXTENT, "ne2k-pci"))
		return -EBUSY;
	memset(ne, 0, sizeof(*ne));
	ne->base = base;
	ne->net.driver = "ne2k-pci";
	ne->net.ops = &ne_ops;
	ne->net.priv = ne;
	ne->net.irq = pdev->irq_line;
	ne->net.order = (u32)pdev->bus << 8 | pdev->dev << 3 | pdev->fn;
	snprintf(ne->net.how, sizeof(ne->net.how), "ports %04x-%04x",
		 (unsigned)base, (unsigned)(base + NE_IO_EXTENT - 1));

	int err = ne_reset(ne);
	if (!err) {
		ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STP);
		ne_out(ne, EN0_DCR, DCR_FT1 | DCR_LS | DCR_WTS);
		err = ne_read_mac(ne);
	}
	if (err) {
		printk("ne2k-pci %s: the card does not answer (%s)\n",
		       pdev->name, errname(err));
		release_region(base, NE_IO_EXTENT);
		return err;
	}
	ne_start(ne);
	err = request_shared_irq(pdev->irq_line, ne_interrupt, "ne2k-pci", ne);
	if (err) {
		ne_out(ne, NE_CMD, CR_PAGE0 | CR_RD2 | CR_STP);
		release_region(base, NE_IO_EXTENT);
		return err;
	}
	ne_ncards++;
	return net_register(&ne->net);
}

/* RTL8029 (Realtek's PCI NE2000), the chip QEMU's ne2k_pci presents. */
static const struct pci_device_id ne2k_pci_ids[] = {
	{PCI_DEVICE(0x10ec, 0x8029)},
	{0},
};

struct pci_driver ne2k_pci_driver = {
	.name = "ne2k-pci",
	.id_table = ne2k_pci_ids,
	.probe = ne2k_pci_probe,
};
