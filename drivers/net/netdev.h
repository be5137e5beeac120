/* drivers/net/netdev.h - a network card as the rest of porthole sees it.
 *
 * Two very different cards sit behind this one structure: the NE2000
 * (drivers/net/ne2k.c), whose every packet byte crosses one I/O port, and
 * the Intel 82540EM (drivers/net/e1000.c), which is programmed through a
 * memory BAR and moves packets itself by DMA. The net core
 * (drivers/net/inet.c: ARP, IPv4, ICMP; drivers/net/net_cmd.c: `net`,
 * `ping`) knows neither: it calls ops->xmit to send a frame and is handed
 * every received frame through net_rx().
 */
#ifndef DRIVERS_NET_NETDEV_H
#define DRIVERS_NET_NETDEV_H

#include "lib/types.h"

#define ETH_ALEN 6
#define ETH_HLEN 14	   /* destination, source, ethertype */
#define ETH_ZLEN 60	   /* shortest frame without the FCS */
#define ETH_DATA_LEN 1500  /* the largest payload (the MTU) */
#define ETH_FRAME_LEN 1514 /* the largest frame without the FCS */
#define NET_MAX_DEVICES 4

/* Counters, named as Linux's struct rtnl_link_stats64 names them. */
struct net_stats {
	u64 rx_packets, tx_packets, rx_bytes, tx_bytes;
	u64 rx_errors, tx_errors; /* the card said the frame was bad */
	u64 rx_dropped;		  /* good frames nobody could take */
	u64 rx_over_errors;	  /* the card's receive ring overflowed */
	/* What the net core refused (each also counts in rx_dropped): */
	u64 rx_short, rx_long, rx_bad_csum, rx_unknown_proto, rx_bad_arp;
};

struct net_device;

struct net_device_ops {
	/* xmit - send one frame (ETH_HLEN..ETH_FRAME_LEN bytes, the card pads
	 * short ones). Returns 0, or -EBUSY/-ETIMEDOUT/-EIO after counting a
	 * tx error. Called with interrupts off (net_xmit arranges it). */
	int (*xmit)(struct net_device *dev, const void *frame, size_t len);
	/* link_up - the card sees a link. */
	bool (*link_up)(struct net_device *dev);
	/* show - one or two lines of card-specific detail for `net -v`. */
	void (*show)(struct net_device *dev);
};

struct net_device {
	char name[8];	    /* "eth0", by registration (= PCI) order */
	const char *driver; /* "ne2k-pci", "e1000" */
	char how[48];	    /* "ports c100-c11f", "memory febc0000-febdffff" */
	u8 mac[ETH_ALEN];
	u32 ip; /* host byte order; 0 = none */
	int irq;
	u32 order; /* where the card sits: bus << 8 | devfn, for naming */
	const struct net_device_ops *ops;
	struct net_stats stats;
	/* For `net bench`: TSC cycles the driver spent taking received
	 * frames off the card (including net_rx), and how many frames. */
	u64 rx_cycles, rx_timed;
	void *priv; /* the driver's own state */
};

/* net_register - a driver's probe found a working card: list it, in the
 * order of dev->order. Returns 0 or -ENOSPC. Boot, process context. */
int net_register(struct net_device *dev);

/* net_init - bind the card drivers (drivers/net/ne2k.c, e1000.c) to their
 * PCI functions, then name the cards eth0, eth1, ... in PCI order (as
 * Linux's udev-less kernel names them), give each its IPv4 address (kernel
 * option ip=, else 192.0.2.N for the Nth card) and print one line each.
 * Boot, after the IRQ layer and the clock (the drivers' waits use it). */
void net_init(void);

/* net_device_count, net_device_get - the registered cards, in order. */
int net_device_count(void);
struct net_device *net_device_get(int i);

/* net_xmit - send frame through dev with interrupts off (the receive path
 * replies from interrupt context, so the two must not interleave on one
 * card), counting tx_packets/bytes. Returns what ops->xmit returns. */
int net_xmit(struct net_device *dev, const void *frame, size_t len);

/* net_rx - a card received frame (len bytes without the FCS). The net core
 * checks and answers it (ARP, ICMP echo) or counts why it dropped it.
 * Interrupt context (the card's handler) or process context with
 * interrupts off; frame is only borrowed for the call. */
void net_rx(struct net_device *dev, const void *frame, size_t len);

#endif
