/* tests/host/test_inet.c - drivers/net/inet.c on the host, with a fake card
 * that records what the stack sends: the Internet checksum against RFC 1071's
 * example, ARP questions and answers, ICMP echo replies byte for byte, and
 * every kind of malformed frame counted and dropped. */
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "drivers/net/inet.h"
#include "lib/byteorder.h"
#include "lib/inet_addr.h"

/* --- the fake card and the kernel functions inet.c calls --- */
static u8 sent[8][ETH_FRAME_LEN];
static size_t sent_len[8];
static int nsent;

int
net_xmit(struct net_device *dev, const void *frame, size_t len)
{
	(void)dev;
	if (nsent < 8) {
		memcpy(sent[nsent], frame, len);
		sent_len[nsent] = len;
	}
	nsent++;
	return 0;
}

u64
uptime_ns(void)
{
	return 12345;
}

static struct net_device me = {
	.name = "eth0",
	.mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56},
	.ip = 0xc0000201, /* 192.0.2.1 */
};
static const u8 peer_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x09};
#define PEER_IP 0xc0000263u /* 192.0.2.99 */

static size_t
eth(u8 *f, const u8 *dst, u16 proto)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = (u8)(proto >> 8);
	f[13] = (u8)proto;
	return ETH_HLEN;
}

static size_t
arp_frame(u8 *f, u16 op, u32 tip)
{
	static const u8 bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	size_t n = eth(f, bcast, ETH_P_ARP);
	struct arphdr_eth *a = (struct arphdr_eth *)(f + n);

	memset(a, 0, sizeof(*a));
	a->ar_hrd = htons(ARPHRD_ETHER);
	a->ar_pro = htons(ETH_P_IP);
	a->ar_hln = 6;
	a->ar_pln = 4;
	a->ar_op = htons(op);
	memcpy(a->ar_sha, peer_mac, 6);
	a->ar_sip = htonl(PEER_IP);
	a->ar_tip = htonl(tip);
	return ETH_ZLEN;
}

/* An echo request with payload bytes i*7 (so a bad copy shows). */
static size_t
echo_frame(u8 *f, size_t payload, u8 type)
{
	size_t n = eth(f, me.mac, ETH_P_IP);
	struct iphdr *ip = (struct iphdr *)(f + n);
	struct icmphdr *ic = (struct icmphdr *)(ip + 1);
	u8 *d = (u8 *)(ic + 1);

	memset(ip, 0, sizeof(*ip));
	ip->ihl_version = 0x45;
	ip->tot_len = htons((u16)(20 + 8 + payload));
	ip->ttl = 63;
	ip->protocol = IPPROTO_ICMP;
	ip->saddr = htonl(PEER_IP);
	ip->daddr = htonl(me.ip);
	ip->check = inet_csum(ip, 20);
	ic->type = type;
	ic->code = 0;
	ic->checksum = 0;
	ic->id = htons(0x1234);
	ic->sequence = htons(7);
	for (size_t i = 0; i < payload; i++)
		d[i] = (u8)(i * 7);
	ic->checksum = inet_csum(ic, 8 + payload);
	size_t len = n + 28 + payload;
	return len < ETH_ZLEN ? ETH_ZLEN : len;
}

static void
test_csum(void)
{
	/* RFC 1071 section 3's example words: sum 0xddf2, checksum ~. */
	const u8 words[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	tap_ok(ntohs(inet_csum(words, 8)) == (u16)~0xddf2,
	       "checksum of RFC 1071's example");
	const u8 odd[] = {0x01, 0x02, 0x03};
	tap_ok(ntohs(inet_csum(odd, 3)) == (u16) ~(0x0102 + 0x0300),
	       "an odd last byte is padded with zero");
	u8 buf[20] = {0x45, 0, 0,   20, 0, 0, 0,   0, 64, 1,
		      0,    0, 192, 0,	2, 1, 192, 0, 2,  2};
	u16 c = inet_csum(buf, 20);
	memcpy(buf + 10, &c, 2);
	tap_ok(inet_csum(buf, 20) == 0, "data with its checksum sums to 0");
}

static void
test_arp(void)
{
	u8 f[ETH_FRAME_LEN], mac[6];

	nsent = 0;
	net_rx(&me, f, arp_frame(f, ARPOP_REQUEST, me.ip));
	tap_ok(nsent == 1, "ARP request for our address: one reply");
	const struct arphdr_eth *r = (const void *)(sent[0] + ETH_HLEN);
	tap_ok(!memcmp(sent[0], peer_mac, 6) &&
		       !memcmp(sent[0] + 6, me.mac, 6) &&
		       ntohs(r->ar_op) == ARPOP_REPLY &&
		       !memcmp(r->ar_sha, me.mac, 6) &&
		       ntohl(r->ar_sip) == me.ip &&
		       !memcmp(r->ar_tha, peer_mac, 6) &&
		       ntohl(r->ar_tip) == PEER_IP && sent_len[0] == ETH_ZLEN,
	       "the reply: to the asker, our MAC and IP, padded to 60");
	tap_ok(arp_lookup(&me, PEER_IP, mac) && !memcmp(mac, peer_mac, 6),
	       "the asker was learned (RFC 826 merge)");

	nsent = 0;
	net_rx(&me, f, arp_frame(f, ARPOP_REQUEST, me.ip + 5));
	tap_ok(nsent == 0, "ARP request for another address: no reply");

	u64 bad = me.stats.rx_bad_arp;
	net_rx(&me, f, arp_frame(f, ARPOP_REPLY, me.ip) /* unasked */);
	/* the peer is cached already; an unknown one must be refused: */
	struct arphdr_eth *a = (struct arphdr_eth *)(f + ETH_HLEN);
	a->ar_sip = htonl(PEER_IP + 1);
	net_rx(&me, f, ETH_ZLEN);
	tap_ok(me.stats.rx_bad_arp == bad + 1 &&
		       !arp_lookup(&me, PEER_IP + 1, mac),
	       "an ARP reply nobody asked for is counted and not learned");

	nsent = 0;
	arp_request(&me, PEER_IP + 1);
	tap_ok(nsent == 1 && !memcmp(sent[0], "\xff\xff\xff\xff\xff\xff", 6),
	       "arp_request broadcasts");
	net_rx(&me, f, ETH_ZLEN); /* the same reply, now asked for */
	tap_ok(arp_lookup(&me, PEER_IP + 1, mac) && !memcmp(mac, peer_mac, 6),
	       "the asked-for reply is learned");

	arp_frame(f, ARPOP_REQUEST, me.ip);
	a->ar_hln = 5;
	bad = me.stats.rx_bad_arp;
	nsent = 0;
	net_rx(&me, f, ETH_ZLEN);
	tap_ok(nsent == 0 && me.stats.rx_bad_arp == bad + 1,
	       "ARP with a wrong address length refused");
}

static void
test_echo(size_t payload)
{
	u8 f[ETH_FRAME_LEN];
	size_t len = echo_frame(f, payload, ICMP_ECHO);

	nsent = 0;
	net_rx(&me, f, len);
	if (!tap_ok(nsent == 1, "echo request of %zu bytes: one reply",
		    payload))
		return;
	const u8 *r = sent[0];
	const struct iphdr *ip = (const void *)(r + ETH_HLEN);
	const struct icmphdr *ic = (const void *)(ip + 1);
	bool ok = !memcmp(r, peer_mac, 6) && !memcmp(r + 6, me.mac, 6) &&
		  ntohs(ip->tot_len) == 28 + payload &&
		  ntohl(ip->saddr) == me.ip && ntohl(ip->daddr) == PEER_IP &&
		  ip->ttl == IP_DEFAULT_TTL && inet_csum(ip, 20) == 0 &&
		  ic->type == ICMP_ECHOREPLY && ntohs(ic->id) == 0x1234 &&
		  ntohs(ic->sequence) == 7 && inet_csum(ic, 8 + payload) == 0 &&
		  !memcmp(ic + 1, f + ETH_HLEN + 28, payload);
	tap_ok(ok,
	       "reply of %zu bytes: addresses swapped, checksums right, "
	       "payload equal",
	       payload);
}

static void
test_malformed(void)
{
	u8 f[ETH_FRAME_LEN + 10] = {0};
	struct net_stats before = me.stats;

	nsent = 0;
	net_rx(&me, f, 10);
	tap_ok(me.stats.rx_short == before.rx_short + 1 &&
		       me.stats.rx_dropped == before.rx_dropped + 1,
	       "a frame shorter than its Ethernet header: short, dropped");
	net_rx(&me, f, ETH_FRAME_LEN + 1);
	tap_ok(me.stats.rx_long == before.rx_long + 1,
	       "a frame over 1514 bytes: long");

	size_t len = echo_frame(f, 32, ICMP_ECHO);
	f[ETH_HLEN + 10] ^= 1; /* IP header checksum */
	net_rx(&me, f, len);
	tap_ok(me.stats.rx_bad_csum == before.rx_bad_csum + 1,
	       "a bad IP header checksum is counted");
	len = echo_frame(f, 32, ICMP_ECHO);
	f[ETH_HLEN + 28 + 5] ^= 0x40; /* payload: ICMP checksum now wrong */
	net_rx(&me, f, len);
	tap_ok(me.stats.rx_bad_csum == before.rx_bad_csum + 2,
	       "a bad ICMP checksum is counted");
	len = echo_frame(f, 32, ICMP_ECHO);
	struct iphdr *ip = (struct iphdr *)(f + ETH_HLEN);
	ip->tot_len = htons(2000);
	ip->check = 0;
	ip->check = inet_csum(ip, 20);
	net_rx(&me, f, len);
	tap_ok(me.stats.rx_short == before.rx_short + 2,
	       "an IP length past the frame's end is refused");
	eth(f, me.mac, 0x88b5); /* IEEE local experimental ethertype */
	net_rx(&me, f, ETH_ZLEN);
	tap_ok(me.stats.rx_unknown_proto == before.rx_unknown_proto + 1,
	       "an unknown ethertype is counted");
	tap_ok(nsent == 0, "nothing malformed was answered");
	tap_ok(me.stats.rx_dropped == before.rx_dropped + 6,
	       "every refused frame counts as dropped");
}

static void
test_ping_wait(void)
{
	u8 f[ETH_FRAME_LEN];
	struct ping_wait w;

	nsent = 0;
	tap_ok(icmp_send_echo(&me, PEER_IP, peer_mac, 0x1234, 7, 56, &w) == 0 &&
		       nsent == 1 && sent_len[0] == ETH_HLEN + 84,
	       "echo request of 56 bytes: a 98-byte frame");
	const struct iphdr *ip = (const void *)(sent[0] + ETH_HLEN);
	tap_ok(inet_csum(ip, 20) == 0 && inet_csum(ip + 1, 64) == 0,
	       "its checksums are right");
	net_rx(&me, f, echo_frame(f, 56, ICMP_ECHOREPLY));
	tap_ok(w.got && w.from == PEER_IP && w.ttl == 63 && w.bytes == 64,
	       "the matching reply fills the wait");
	tap_ok(icmp_send_echo(&me, PEER_IP, peer_mac, 1, 1,
			      ICMP_MAX_PAYLOAD + 1, &w) < 0,
	       "a payload over 1472 bytes is refused");
}

static void
test_addr(void)
{
	char b[16];
	u32 ip;

	tap_eq_str(ip_format(0xc0000201, b), "192.0.2.1", "ip_format");
	tap_ok(ip_parse("192.0.2.254", &ip) == 0 && ip == 0xc00002fe,
	       "ip_parse");
	tap_ok(ip_parse("192.0.2", &ip) < 0 &&
		       ip_parse("192.0.2.256", &ip) < 0 &&
		       ip_parse("1.2.3.4x", &ip) < 0 &&
		       ip_parse("0001.2.3.4", &ip) < 0 && ip_parse("", &ip) < 0,
	       "ip_parse refuses short, large, trailing junk, long, empty");
}

int
main(void)
{
	test_csum();
	test_arp();
	test_echo(0);
	test_echo(1);
	test_echo(56);
	test_echo(1001);
	test_echo(ICMP_MAX_PAYLOAD);
	test_malformed();
	test_ping_wait();
	test_addr();
	return tap_done();
}
