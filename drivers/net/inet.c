/* drivers/net/inet.c - ARP, IPv4 and ICMP echo: what a card needs to answer
 * `ping` and to ask for it.
 *
 * Everything a card receives comes through net_rx(), in the card's
 * interrupt handler. Nothing from the wire is trusted: every length is
 * checked against the bytes that arrived before a field is read, every
 * checksum is verified, and what does not pass is counted (net_stats) and
 * dropped. Replies are sent from the same interrupt, as a small router's
 * fast path would: an echo request is turned around in a copy of itself.
 *
 * No fragments, no options processing, no routing: one /24 on the wire.
 * This file needs only lib/ and three functions of the kernel (net_xmit,
 * uptime_ns, irq-safe state), so tests/host/test_inet.c runs it on the host
 * with a fake card.
 */
#include "drivers/net/inet.h"
#include "kernel/time.h"
#include "lib/byteorder.h"
#include "lib/errno.h"
#include "lib/string.h"

static const u8 broadcast[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* --- checksum ----------------------------------------------------------- */

u16
inet_csum(const void *p, size_t n)
{
	const u8 *b = p;
	u32 sum = 0;

	for (; n > 1; n -= 2, b += 2)
		sum += (u32)b[0] << 8 | b[1];
	if (n)
		sum += (u32)b[0] << 8; /* an odd byte is padded with zero */
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((u16)~sum);
}

/* --- ARP ---------------------------------------------------------------- */

#define ARP_CACHE_SIZE 8

struct arp_entry {
	struct net_device *dev;
	u32 ip;
	u8 mac[ETH_ALEN];
	bool valid;   /* mac known */
	bool pending; /* we asked and wait for the reply */
};

static struct arp_entry arp_cache[ARP_CACHE_SIZE];
static unsigned arp_next; /* round-robin victim when the cache is full */

static struct arp_entry *
arp_find(struct net_device *dev, u32 ip)
{
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++)
		if (arp_cache[i].dev == dev && arp_cache[i].ip == ip &&
		    (arp_cache[i].valid || arp_cache[i].pending))
			return &arp_cache[i];
	return NULL;
}

static struct arp_entry *
arp_slot(struct net_device *dev, u32 ip)
{
	struct arp_entry *e = arp_find(dev, ip);

	if (!e) {
		e = &arp_cache[arp_next];
		arp_next = (arp_next + 1) % ARP_CACHE_SIZE;
		memset(e, 0, sizeof(*e));
		e->dev = dev;
		e->ip = ip;
	}
	return e;
}

static void
arp_learn(struct net_device *dev, u32 ip, const u8 *mac)
{
	struct arp_entry *e = arp_slot(dev, ip);

	memcpy(e->mac, mac, ETH_ALEN);
	e->valid = true;
	e->pending = false;
}

bool
arp_lookup(struct net_device *dev, u32 ip, u8 *mac)
{
	struct arp_entry *e = arp_find(dev, ip);

	if (!e || !e->valid)
		return false;
	memcpy(mac, e->mac, ETH_ALEN);
	return true;
}

static int
arp_send(struct net_device *dev, u16 op, const u8 *dest, const u8 *tha, u32 tip)
{
	u8 frame[ETH_ZLEN] = {0};
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct arphdr_eth *arp = (struct arphdr_eth *)(eth + 1);

	memcpy(eth->h_dest, dest, ETH_ALEN);
	memcpy(eth->h_source, dev->mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_ARP);
	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(op);
	memcpy(arp->ar_sha, dev->mac, ETH_ALEN);
	arp->ar_sip = htonl(dev->ip);
	memcpy(arp->ar_tha, tha, ETH_ALEN);
	arp->ar_tip = htonl(tip);
	return net_xmit(dev, frame, sizeof(frame)); /* padded to ETH_ZLEN */
}

int
arp_request(struct net_device *dev, u32 ip)
{
	static const u8 unknown[ETH_ALEN];
	struct arp_entry *e = arp_slot(dev, ip);

	if (!e->valid)
		e->pending = true;
	return arp_send(dev, ARPOP_REQUEST, broadcast, unknown, ip);
}

static bool
arp_rx(struct net_device *dev, const struct arphdr_eth *arp, size_t len)
{
	if (len < sizeof(*arp) || ntohs(arp->ar_hrd) != ARPHRD_ETHER ||
	    ntohs(arp->ar_pro) != ETH_P_IP || arp->ar_hln != ETH_ALEN ||
	    arp->ar_pln != 4)
		return false;

	u32 sip = ntohl(arp->ar_sip), tip = ntohl(arp->ar_tip);
	switch (ntohs(arp->ar_op)) {
	case ARPOP_REQUEST:
		if (!dev->ip || tip != dev->ip)
			return true; /* a question for another host: fine */
		arp_learn(dev, sip, arp->ar_sha); /* RFC 826: merge sender */
		arp_send(dev, ARPOP_REPLY, arp->ar_sha, arp->ar_sha, sip);
		return true;
	case ARPOP_REPLY: {
		struct arp_entry *e = arp_find(dev, sip);
		if (!e || (!e->pending && !e->valid))
			return false; /* nobody asked: do not let it in */
		arp_learn(dev, sip, arp->ar_sha);
		return true;
	}
	default:
		return false;
	}
}

/* --- ICMP echo ------------------------------------------------------------ */

static struct ping_wait *volatile waiting;

void
icmp_cancel_wait(struct ping_wait *w)
{
	if (waiting == w)
		waiting = NULL;
}

static void
ip_fill(struct iphdr *ip, u32 saddr, u32 daddr, size_t payload)
{
	static u16 next_id;

	ip->ihl_version = 0x45; /* IPv4, 5 words: no options */
	ip->tos = 0;
	ip->tot_len = htons((u16)(sizeof(*ip) + payload));
	ip->id = htons(next_id++);
	ip->frag_off = 0;
	ip->ttl = IP_DEFAULT_TTL;
	ip->protocol = IPPROTO_ICMP;
	ip->check = 0;
	ip->saddr = htonl(saddr);
	ip->daddr = htonl(daddr);
	ip->check = inet_csum(ip, sizeof(*ip));
}

int
icmp_send_echo(struct net_device *dev, u32 ip, const u8 *mac, u16 id, u16 seq,
	       size_t payload, struct ping_wait *w)
{
	static u8 frame[ETH_FRAME_LEN];
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct iphdr *iph = (struct iphdr *)(eth + 1);
	struct icmphdr *icmp = (struct icmphdr *)(iph + 1);
	u8 *data = (u8 *)(icmp + 1);

	if (payload > ICMP_MAX_PAYLOAD)
		return -EINVAL;
	memcpy(eth->h_dest, mac, ETH_ALEN);
	memcpy(eth->h_source, dev->mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip_fill(iph, dev->ip, ip, sizeof(*icmp) + payload);
	icmp->type = ICMP_ECHO;
	icmp->code = 0;
	icmp->checksum = 0;
	icmp->id = htons(id);
	icmp->sequence = htons(seq);
	for (size_t i = 0; i < payload; i++)
		data[i] = (u8)(i + 0x10); /* iputils' pattern after its stamp */
	icmp->checksum = inet_csum(icmp, sizeof(*icmp) + payload);

	w->id = id;
	w->seq = seq;
	w->got = false;
	waiting = w;
	size_t len = ETH_HLEN + sizeof(*iph) + sizeof(*icmp) + payload;
	return net_xmit(dev, frame, len < ETH_ZLEN ? ETH_ZLEN : len);
}

/* Answer an echo request: the same bytes back, addresses swapped. */
static void
icmp_reply(struct net_device *dev, const struct ethhdr *eth,
	   const struct iphdr *iph, size_t icmp_len)
{
	static u8 frame[ETH_FRAME_LEN];
	struct ethhdr *reth = (struct ethhdr *)frame;
	struct iphdr *riph = (struct iphdr *)(reth + 1);
	struct icmphdr *ricmp = (struct icmphdr *)(riph + 1);
	size_t ihl = (iph->ihl_version & 0xf) * 4;

	memcpy(reth->h_dest, eth->h_source, ETH_ALEN);
	memcpy(reth->h_source, dev->mac, ETH_ALEN);
	reth->h_proto = htons(ETH_P_IP);
	ip_fill(riph, dev->ip, ntohl(iph->saddr), icmp_len);
	memcpy(ricmp, (const u8 *)iph + ihl, icmp_len);
	ricmp->type = ICMP_ECHOREPLY;
	ricmp->checksum = 0;
	ricmp->checksum = inet_csum(ricmp, icmp_len);
	size_t len = ETH_HLEN + sizeof(*riph) + icmp_len;
	net_xmit(dev, frame, len < ETH_ZLEN ? ETH_ZLEN : len);
}

static bool
icmp_rx(struct net_device *dev, const struct ethhdr *eth,
	const struct iphdr *iph, const u8 *msg, size_t len)
{
	const struct icmphdr *icmp = (const struct icmphdr *)msg;

	if (len < sizeof(*icmp))
		return false;
	if (inet_csum(msg, len) != 0) {
		dev->stats.rx_bad_csum++;
		return false;
	}
	if (icmp->type == ICMP_ECHO && icmp->code == 0) {
		icmp_reply(dev, eth, iph, len);
		return true;
	}
	struct ping_wait *w = waiting;
	if (icmp->type == ICMP_ECHOREPLY && w && ntohs(icmp->id) == w->id &&
	    ntohs(icmp->sequence) == w->seq) {
		w->from = ntohl(iph->saddr);
		w->ttl = iph->ttl;
		w->bytes = (u16)len;
		w->when_ns = uptime_ns();
		waiting = NULL;
		w->got = true;
		return true;
	}
	dev->stats.rx_unknown_proto++; /* other ICMP: not handled here */
	return false;
}

static bool
ip_rx(struct net_device *dev, const struct ethhdr *eth, const u8 *pkt,
      size_t len)
{
	const struct iphdr *iph = (const struct iphdr *)pkt;

	if (len < sizeof(*iph) || (iph->ihl_version >> 4) != 4) {
		dev->stats.rx_short++;
		return false;
	}
	size_t ihl = (iph->ihl_version & 0xf) * 4;
	size_t tot = ntohs(iph->tot_len);
	if (ihl < sizeof(*iph) || tot < ihl || tot > len) {
		dev->stats.rx_short++; /* lengths that lie about the frame */
		return false;
	}
	if (inet_csum(iph, ihl) != 0) {
		dev->stats.rx_bad_csum++;
		return false;
	}
	if (ntohl(iph->daddr) != dev->ip)
		return false; /* not ours (no forwarding) */
	if (ntohs(iph->frag_off) & (IP_MF | IP_OFFSET) ||
	    iph->protocol != IPPROTO_ICMP) {
		dev->stats.rx_unknown_proto++; /* fragments, UDP, TCP, ... */
		return false;
	}
	/* Ethernet pads short frames: the IP length says where data ends. */
	return icmp_rx(dev, eth, iph, pkt + ihl, tot - ihl);
}

void
net_rx(struct net_device *dev, const void *frame, size_t len)
{
	const struct ethhdr *eth = frame;
	const u8 *payload = (const u8 *)frame + ETH_HLEN;
	bool ok;

	if (len < ETH_HLEN) {
		dev->stats.rx_short++;
		dev->stats.rx_dropped++;
		return;
	}
	if (len > ETH_FRAME_LEN) {
		dev->stats.rx_long++;
		dev->stats.rx_dropped++;
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	switch (ntohs(eth->h_proto)) {
	case ETH_P_ARP:
		ok = arp_rx(dev, (const struct arphdr_eth *)payload,
			    len - ETH_HLEN);
		if (!ok)
			dev->stats.rx_bad_arp++;
		break;
	case ETH_P_IP:
		ok = ip_rx(dev, eth, payload, len - ETH_HLEN);
		break;
	default:
		dev->stats.rx_unknown_proto++;
		ok = false;
	}
	if (!ok)
		dev->stats.rx_dropped++;
}
