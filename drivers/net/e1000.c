/* drivers/net/e1000.c - the Intel 82540EM: a network card driven through
 * memory, that moves packets itself.
 *
 * Every register is a 32-bit word in BAR 0, reached with readl/writel
 * through porthole's own uncached mapping (ioremap). The packets never
 * cross a register: the driver puts descriptor rings in RAM, each
 * descriptor the *bus address* of a buffer (on a PC, its physical
 * address: docs/mmio.md), and the card reads and writes those buffers
 * itself by DMA. Head and tail registers split each ring between the two:
 * the card owns the slots from head up to tail, the driver the rest
 * (8254x manual, 3.2.6 and 3.3.5).
 *
 * Receive: the driver gives the card empty buffers by moving RDT; the card
 * fills them, sets DD (and EOP) in the descriptor, moves RDH and raises
 * RXT0. Transmit: the driver fills a buffer and a descriptor and moves TDT;
 * the card sends it and sets DD.
 *
 * Compare drivers/net/ne2k.c, where the CPU moves every byte through a port.
 * Like Linux's e1000, the driver also claims the card's I/O BAR (an indirect
 * register window, unused here).
 */
#include "drivers/net/e1000.h"
#include "drivers/net/netdev.h"
#include "drivers/pci/pci.h"
#include "kernel/iomap.h"
#include "kernel/irq.h"
#include "kernel/mm/frame.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define E1000_NUM_RX 64 /* ring lengths: multiples of 8 (128 bytes) */
#define E1000_NUM_TX 8
#define E1000_BUF_SIZE 2048 /* RCTL.BSIZE 00: two buffers a frame */
#define E1000_RESET_TIMEOUT_US 10000
#define E1000_EERD_TIMEOUT_US 10000
#define E1000_TX_TIMEOUT_US 10000
#define EEPROM_MAC_WORDS 3

struct e1000 {
	struct net_device net;
	void __iomem *regs;
	struct e1000_rx_desc *rx; /* the rings, in RAM the card reads */
	struct e1000_tx_desc *tx;
	u8 *rx_buf[E1000_NUM_RX];
	u8 *tx_buf[E1000_NUM_TX];
	unsigned rx_next; /* the next descriptor the card will fill */
	unsigned tx_next; /* = TDT */
	u64 missed;
};

static u32
er32(struct e1000 *e, u32 reg)
{
	return readl((u8 __iomem *)e->regs + reg);
}

static void
ew32(struct e1000 *e, u32 reg, u32 v)
{
	writel(v, (u8 __iomem *)e->regs + reg);
}

/* Spin until (reg & mask) == want, at most us microseconds. */
static bool
e1000_wait(struct e1000 *e, u32 reg, u32 mask, u32 want, u32 us)
{
	u64 end = uptime_ns() + (u64)us * 1000;

	while ((er32(e, reg) & mask) != want)
		if (uptime_ns() > end)
			return false;
	return true;
}

/* One 16-bit word of the EEPROM through EERD (13.4.4). */
static int
e1000_read_eeprom(struct e1000 *e, unsigned word, u16 *val)
{
	ew32(e, E1000_EERD, word << E1000_EERD_ADDR_SHIFT | E1000_EERD_START);
	if (!e1000_wait(e, E1000_EERD, E1000_EERD_DONE, E1000_EERD_DONE,
			E1000_EERD_TIMEOUT_US))
		return -ETIMEDOUT;
	*val = (u16)(er32(e, E1000_EERD) >> E1000_EERD_DATA_SHIFT);
	return 0;
}

/* Buffers: two 2048-byte halves of each 4 KiB frame, so none crosses a
 * page (and so none needs physically contiguous pages). */
static int
e1000_alloc_buffers(u8 **bufs, unsigned n)
{
	for (unsigned i = 0; i < n; i += 2) {
		u32 pa = frame_alloc();
		if (!pa)
			return -ENOMEM;
		bufs[i] = __va(pa);
		if (i + 1 < n)
			bufs[i + 1] = (u8 *)__va(pa) + E1000_BUF_SIZE;
	}
	return 0;
}

static u32
bus_addr(const void *p)
{
	return (u32)__pa(p); /* a PC's bus address is the physical one */
}

static int
e1000_setup_rings(struct e1000 *e)
{
	u32 rx_pa = frame_alloc(), tx_pa = rx_pa ? frame_alloc() : 0;

	/* Kept as soon as taken, so that e1000_undo can give them back. A
	 * frame is 4 KiB aligned, more than the 16 bytes a ring needs. */
	e->rx = rx_pa ? __va(rx_pa) : NULL;
	e->tx = tx_pa ? __va(tx_pa) : NULL;
	if (!tx_pa || e1000_alloc_buffers(e->rx_buf, E1000_NUM_RX) ||
	    e1000_alloc_buffers(e->tx_buf, E1000_NUM_TX))
		return -ENOMEM;
	memset(e->rx, 0, E1000_NUM_RX * sizeof(*e->rx));
	memset(e->tx, 0, E1000_NUM_TX * sizeof(*e->tx));
	for (unsigned i = 0; i < E1000_NUM_RX; i++)
		e->rx[i].buffer_addr = bus_addr(e->rx_buf[i]);
	for (unsigned i = 0; i < E1000_NUM_TX; i++) {
		e->tx[i].buffer_addr = bus_addr(e->tx_buf[i]);
		e->tx[i].status = E1000_TXD_STAT_DD; /* free */
	}

	/* Receive (14.4): the ring, then every slot but one to the card. */
	ew32(e, E1000_RDBAL, rx_pa);
	ew32(e, E1000_RDBAH, 0);
	ew32(e, E1000_RDLEN, E1000_NUM_RX * sizeof(struct e1000_rx_desc));
	ew32(e, E1000_RDH, 0);
	ew32(e, E1000_RDT, E1000_NUM_RX - 1);
	e->rx_next = 0;
	ew32(e, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC);

	/* Transmit (14.5). */
	ew32(e, E1000_TDBAL, tx_pa);
	ew32(e, E1000_TDBAH, 0);
	ew32(e, E1000_TDLEN, E1000_NUM_TX * sizeof(struct e1000_tx_desc));
	ew32(e, E1000_TDH, 0);
	ew32(e, E1000_TDT, 0);
	e->tx_next = 0;
	ew32(e, E1000_TIPG, E1000_TIPG_DEFAULT);
	ew32(e, E1000_TCTL,
	     E1000_TCTL_EN | E1000_TCTL_PSP |
		     E1000_TCTL_CT << E1000_TCTL_CT_SHIFT |
		     E1000_TCTL_COLD_FD << E1000_TCTL_COLD_SHIFT);
	return 0;
}

static int
e1000_xmit(struct net_device *dev, const void *frame, size_t len)
{
	struct e1000 *e = dev->priv;
	struct e1000_tx_desc *d = &e->tx[e->tx_next];

	if (len > ETH_FRAME_LEN)
		return -EINVAL;
	if (!(d->status & E1000_TXD_STAT_DD))
		return -EBUSY; /* the card has not sent this slot yet */
	memcpy(e->tx_buf[e->tx_next], frame, len);
	d->length = (u16)len;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	d->status = 0;
	e->tx_next = (e->tx_next + 1) % E1000_NUM_TX;
	/* The descriptor is in RAM before the tail moves: x86 keeps stores
	 * in order, and the uncached MMIO write is not reordered before
	 * them. */
	ew32(e, E1000_TDT, e->tx_next);
	u64 end = uptime_ns() + E1000_TX_TIMEOUT_US * 1000ull;
	while (!(*(volatile u8 *)&d->status & E1000_TXD_STAT_DD))
		if (uptime_ns() > end)
			return -ETIMEDOUT;
	return 0;
}

static void
e1000_receive(struct e1000 *e)
{
	struct net_device *dev = &e->net;

	for (;;) {
		volatile struct e1000_rx_desc *d = &e->rx[e->rx_next];
		u64 t0 = rdtsc();
		u8 status = d->status;
		if (!(status & E1000_RXD_STAT_DD))
			return;
		if (!(status & E1000_RXD_STAT_EOP) || d->errors)
			dev->stats.rx_errors++; /* a frame over 2 buffers */
		else
			net_rx(dev, e->rx_buf[e->rx_next], d->length);
		d->status = 0;
		/* Give the slot back: it becomes the new tail. */
		ew32(e, E1000_RDT, e->rx_next);
		e->rx_next = (e->rx_next + 1) % E1000_NUM_RX;
		dev->rx_cycles += rdtsc() - t0;
		dev->rx_timed++;
	}
}

static irqreturn_t
e1000_interrupt(int irq, void *data)
{
	struct e1000 *e = data;
	u32 icr = er32(e, E1000_ICR); /* reading acknowledges */
	(void)irq;

	if (!icr)
		return IRQ_NONE;
	if (icr & E1000_ICR_RXO) {
		u32 missed = er32(e, E1000_MPC);
		e->missed += missed;
		e->net.stats.rx_over_errors += missed;
	}
	if (icr & (E1000_ICR_RXT0 | E1000_ICR_RXO | E1000_ICR_RXDMT0))
		e1000_receive(e);
	return IRQ_HANDLED;
}

static bool
e1000_link_up(struct net_device *dev)
{
	struct e1000 *e = dev->priv;
	return er32(e, E1000_STATUS) & E1000_STATUS_LU;
}

static void
e1000_show(struct net_device *dev)
{
	struct e1000 *e = dev->priv;

	e->missed += er32(e, E1000_MPC);
	printk("    82540EM: RDH %u RDT %u (of %u), TDH %u TDT %u (of %u), "
	       "missed %llu\n",
	       er32(e, E1000_RDH), er32(e, E1000_RDT), E1000_NUM_RX,
	       er32(e, E1000_TDH), er32(e, E1000_TDT), E1000_NUM_TX, e->missed);
}

static const struct net_device_ops e1000_ops = {
	.xmit = e1000_xmit,
	.link_up = e1000_link_up,
	.show = e1000_show,
};

static struct e1000 e1000_cards[NET_MAX_DEVICES];
static int e1000_ncards;

static int
e1000_hw_init(struct e1000 *e)
{
	ew32(e, E1000_IMC, ~0u); /* quiet while we reset */
	ew32(e, E1000_CTRL, er32(e, E1000_CTRL) | E1000_CTRL_RST);
	if (!e1000_wait(e, E1000_CTRL, E1000_CTRL_RST, 0,
			E1000_RESET_TIMEOUT_US))
		return -ETIMEDOUT;
	ew32(e, E1000_IMC, ~0u);
	(void)er32(e, E1000_ICR);

	for (unsigned i = 0; i < EEPROM_MAC_WORDS; i++) {
		u16 w;
		int err = e1000_read_eeprom(e, i, &w);
		if (err)
			return err;
		e->net.mac[2 * i] = (u8)w;
		e->net.mac[2 * i + 1] = (u8)(w >> 8);
	}
	const u8 *m = e->net.mac;
	ew32(e, E1000_RAL0, m[0] | m[1] << 8 | m[2] << 16 | (u32)m[3] << 24);
	ew32(e, E1000_RAH0, m[4] | m[5] << 8 | BIT(31) /* address valid */);
	for (unsigned i = 0; i < E1000_MTA_WORDS; i++)
		ew32(e, E1000_MTA + 4 * i, 0);
	ew32(e, E1000_CTRL,
	     er32(e, E1000_CTRL) | E1000_CTRL_SLU | E1000_CTRL_ASDE);
	return e1000_setup_rings(e);
}

/* Give back everything a failed probe took (any of it may be missing). */
static void
e1000_undo(struct e1000 *e, struct pci_dev *pdev)
{
	if (e->regs) {
		ew32(e, E1000_IMC, ~0u);
		ew32(e, E1000_RCTL, 0); /* the card must stop using the rings */
		ew32(e, E1000_TCTL, 0);
		iounmap(e->regs);
	}
	if (e->rx)
		frame_free((u32)__pa(e->rx));
	if (e->tx)
		frame_free((u32)__pa(e->tx));
	for (unsigned i = 0; i < E1000_NUM_RX; i += 2)
		if (e->rx_buf[i])
			frame_free((u32)__pa(e->rx_buf[i]));
	for (unsigned i = 0; i < E1000_NUM_TX; i += 2)
		if (e->tx_buf[i])
			frame_free((u32)__pa(e->tx_buf[i]));
	for (int bar = 1; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_flags(pdev, bar) & IORESOURCE_IO)
			release_region(pci_resource_start(pdev, bar),
				       pci_resource_len(pdev, bar));
	release_mem_region(pci_resource_start(pdev, 0),
			   pci_resource_len(pdev, 0));
	memset(e, 0, sizeof(*e));
}

static int
e1000_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	(void)id;
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		printk("e1000 %s: BAR 0 is not memory\n", pdev->name);
		return -ENODEV;
	}
	if (e1000_ncards == NET_MAX_DEVICES)
		return -ENOSPC;
	struct e1000 *e = &e1000_cards[e1000_ncards];
	phys_addr_t start = pci_resource_start(pdev, 0);
	u64 len = pci_resource_len(pdev, 0);
	int err = -ENOMEM;

	memset(e, 0, sizeof(*e));
	if (!request_mem_region(start, len, "e1000"))
		return -EBUSY;
	/* Linux's e1000 claims its I/O BAR too (an indirect window onto the
	 * same registers, which porthole does not use). */
	for (int bar = 1; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_flags(pdev, bar) & IORESOURCE_IO)
			request_region(pci_resource_start(pdev, bar),
				       pci_resource_len(pdev, bar), "e1000");
	e->regs = ioremap(start, len);
	if (!e->regs)
		goto fail;
	e->net.driver = "e1000";
	e->net.ops = &e1000_ops;
	e->net.priv = e;
	e->net.irq = pdev->irq_line;
	e->net.order = (u32)pdev->bus << 8 | pdev->dev << 3 | pdev->fn;
	snprintf(e->net.how, sizeof(e->net.how), "memory %08llx-%08llx",
		 (unsigned long long)start,
		 (unsigned long long)(start + len - 1));

	pci_set_master(pdev); /* the card reads and writes the rings itself */
	err = e1000_hw_init(e);
	if (err) {
		printk("e1000 %s: the card does not answer (%s)\n", pdev->name,
		       errname(err));
		goto fail;
	}
	err = request_shared_irq(pdev->irq_line, e1000_interrupt, "e1000", e);
	if (err)
		goto fail;
	ew32(e, E1000_IMS,
	     E1000_ICR_RXT0 | E1000_ICR_RXO | E1000_ICR_RXDMT0 | E1000_ICR_LSC);
	e1000_ncards++;
	return net_register(&e->net);
fail:
	e1000_undo(e, pdev);
	return err;
}

/* The 82540EM, QEMU's default e1000. */
static const struct pci_device_id e1000_ids[] = {
	{PCI_DEVICE(0x8086, 0x100e)},
	{0},
};

struct pci_driver e1000_driver = {
	.name = "e1000",
	.id_table = e1000_ids,
	.probe = e1000_probe,
};
