/* drivers/net/inet.h - the smallest honest IPv4: ARP, IPv4, ICMP echo.
 *
 * Headers by RFC 826 (ARP), RFC 791 (IPv4) and RFC 792 (ICMP); the
 * Internet checksum by RFC 1071. All fields are in network byte order
 * (lib/byteorder.h) as they lie in the frame.
 */
#ifndef DRIVERS_NET_INET_H
#define DRIVERS_NET_INET_H

#include "drivers/net/netdev.h"
#include "lib/types.h"

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806

struct ethhdr {
	u8 h_dest[ETH_ALEN];
	u8 h_source[ETH_ALEN];
	u16 h_proto;
} __packed;

#define ARPHRD_ETHER 1
#define ARPOP_REQUEST 1
#define ARPOP_REPLY 2

/* An ARP packet for IPv4 over Ethernet (RFC 826). */
struct arphdr_eth {
	u16 ar_hrd; /* hardware type: ARPHRD_ETHER */
	u16 ar_pro; /* protocol type: ETH_P_IP */
	u8 ar_hln;  /* 6 */
	u8 ar_pln;  /* 4 */
	u16 ar_op;  /* ARPOP_* */
	u8 ar_sha[ETH_ALEN];
	u32 ar_sip;
	u8 ar_tha[ETH_ALEN];
	u32 ar_tip;
} __packed;

#define IPPROTO_ICMP 1
#define IP_MF 0x2000	  /* more fragments */
#define IP_OFFSET 0x1fff  /* fragment offset, in 8-byte units */
#define IP_DEFAULT_TTL 64 /* Linux's net.ipv4.ip_default_ttl */

struct iphdr {
	u8 ihl_version; /* version 4 in the high nibble, header words low */
	u8 tos;
	u16 tot_len;
	u16 id;
	u16 frag_off;
	u8 ttl;
	u8 protocol;
	u16 check;
	u32 saddr, daddr;
} __packed;

#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8

struct icmphdr {
	u8 type, code;
	u16 checksum;
	u16 id, sequence;
} __packed;

/* The largest echo payload in one 1500-byte IPv4 packet. */
#define ICMP_MAX_PAYLOAD                                                       \
	(ETH_DATA_LEN - sizeof(struct iphdr) - sizeof(struct icmphdr))

/* inet_csum - the Internet checksum (RFC 1071) of n bytes: the ones'
 * complement of their ones'-complement sum as 16-bit big-endian words, in
 * network order ready to store. Over data that includes a correct
 * checksum it returns 0. */
u16 inet_csum(const void *p, size_t n);

/* arp_lookup - the MAC for ip (host order) learned on dev. Returns true and
 * fills mac, or false. Any context. */
bool arp_lookup(struct net_device *dev, u32 ip, u8 *mac);

/* arp_request - broadcast "who has ip?" from dev; the reply, when it comes,
 * is learned (a reply nobody asked for is dropped and counted). Returns
 * what net_xmit returns. */
int arp_request(struct net_device *dev, u32 ip);

/* A ping waiting for its echo reply; filled in from interrupt context. */
struct ping_wait {
	u16 id, seq; /* what to wait for */
	volatile bool got;
	u32 from; /* host order */
	u8 ttl;
	u16 bytes;   /* ICMP bytes (header + payload), as ping prints */
	u64 when_ns; /* uptime_ns() at reception */
};

/* icmp_send_echo - send an echo request of payload bytes (a pattern, as
 * iputils fills it) from dev to ip at mac, and arm w to catch its reply.
 * Returns what net_xmit returns, or -EINVAL for a payload over
 * ICMP_MAX_PAYLOAD. Process context. */
int icmp_send_echo(struct net_device *dev, u32 ip, const u8 *mac, u16 id,
		   u16 seq, size_t payload, struct ping_wait *w);

/* icmp_cancel_wait - stop filling w (before it goes out of scope). */
void icmp_cancel_wait(struct ping_wait *w);

#endif
