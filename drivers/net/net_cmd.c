/* drivers/net/net_cmd.c - `net` (the cards and their counters) and `ping`
 * (ICMP echo, printed as iputils' ping prints it). */
#include "drivers/net/inet.h"
#include "drivers/net/netdev.h"
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "lib/errno.h"
#include "lib/inet_addr.h"
#include "lib/parse.h"
#include "lib/string.h"

#define PING_DEFAULT_COUNT 4
#define PING_DEFAULT_SIZE 56 /* iputils' default: 64 ICMP bytes */
#define PING_INTERVAL_MS 1000
#define ARP_TRIES 3

static void
print_mac(const u8 *m)
{
	printk("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
	       m[5]);
}

static int
cmd_net(int argc, char **argv)
{
	bool verbose = argc == 2 && !strcmp(argv[1], "-v");
	char ip[16];

	if (argc > 2 || (argc == 2 && !verbose))
		return shell_usage();
	if (!net_device_count()) {
		printk("net: no network card found\n");
		return -ENODEV;
	}
	for (int i = 0; i < net_device_count(); i++) {
		struct net_device *d = net_device_get(i);
		struct net_stats *s = &d->stats;
		printk("%s: %s, %s, irq %d\n", d->name, d->driver, d->how,
		       d->irq);
		printk("    ether ");
		print_mac(d->mac);
		printk("  inet %s/24  link %s\n", ip_format(d->ip, ip),
		       d->ops->link_up(d) ? "up" : "down");
		printk("    RX packets %llu  bytes %llu  errors %llu  dropped "
		       "%llu  overruns %llu\n",
		       s->rx_packets, s->rx_bytes, s->rx_errors, s->rx_dropped,
		       s->rx_over_errors);
		printk("    TX packets %llu  bytes %llu  errors %llu\n",
		       s->tx_packets, s->tx_bytes, s->tx_errors);
		printk("    refused: short %llu  long %llu  checksum %llu  "
		       "protocol %llu  arp %llu\n",
		       s->rx_short, s->rx_long, s->rx_bad_csum,
		       s->rx_unknown_proto, s->rx_bad_arp);
		if (verbose && d->ops->show)
			d->ops->show(d);
	}
	return 0;
}
SHELL_COMMAND("net", cmd_net,
	      "network cards: driver, ports or memory, MAC, IP, counters",
	      "net [-v]");

/* Wait until *flag, ms pass, or Ctrl-C. Returns true if flag was set. */
static bool
wait_for(volatile bool *flag, u32 ms)
{
	u64 end = uptime_ns() + (u64)ms * NSEC_PER_MSEC;

	while (!*flag && uptime_ns() < end && !tty_interrupted())
		msleep(1);
	return *flag;
}

static struct net_device *
find_device(const char *name)
{
	for (int i = 0; i < net_device_count(); i++)
		if (!strcmp(net_device_get(i)->name, name))
			return net_device_get(i);
	return NULL;
}

/* Without -I: the first card that does not own the address, so the
 * request crosses the wire (porthole has no loopback device). */
static struct net_device *
route(u32 ip)
{
	for (int i = 0; i < net_device_count(); i++)
		if (net_device_get(i)->ip != ip)
			return net_device_get(i);
	return NULL;
}

/* The MAC for ip on dev: the cache, else up to ARP_TRIES requests. */
static int
resolve(struct net_device *dev, u32 ip, u8 *mac)
{
	for (int t = 0; t < ARP_TRIES && !tty_interrupted(); t++) {
		if (arp_lookup(dev, ip, mac))
			return 0;
		arp_request(dev, ip);
		u64 end = uptime_ns() + 1000 * NSEC_PER_MSEC;
		while (!arp_lookup(dev, ip, mac) && uptime_ns() < end &&
		       !tty_interrupted())
			msleep(1);
	}
	return arp_lookup(dev, ip, mac) ? 0 : -EHOSTUNREACH;
}

/* iputils prints a time with 3 significant digits. */
static void
print_ms(u64 ns)
{
	u64 us = ns / 1000;

	if (us >= 100000)
		printk("%llu", us / 1000);
	else if (us >= 10000)
		printk("%llu.%01llu", us / 1000, us / 100 % 10);
	else if (us >= 1000)
		printk("%llu.%02llu", us / 1000, us / 10 % 100);
	else
		printk("0.%03llu", us);
}

static u64
isqrt(u64 v)
{
	u64 r = 0;

	for (u64 bit = 1ull << 62; bit; bit >>= 2) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

struct ping_args {
	struct net_device *dev; /* -I */
	u32 ip;
	u32 count;
	u32 size; /* -s */
};

static int
parse_ping(int argc, char **argv, struct ping_args *a)
{
	const char *addr = NULL, *count = NULL;

	a->dev = NULL;
	a->count = PING_DEFAULT_COUNT;
	a->size = PING_DEFAULT_SIZE;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-I") && i + 1 < argc) {
			a->dev = find_device(argv[++i]);
			if (!a->dev) {
				printk("ping: no card '%s' (see net)\n",
				       argv[i]);
				return -ENODEV;
			}
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			if (parse_u32(argv[++i], &a->size) < 0 ||
			    a->size > ICMP_MAX_PAYLOAD) {
				printk("ping: -s: a size from 0 to %u\n",
				       (unsigned)ICMP_MAX_PAYLOAD);
				return -EINVAL;
			}
		} else if (!addr) {
			addr = argv[i];
		} else if (!count) {
			count = argv[i];
		} else {
			return shell_usage();
		}
	}
	if (!addr)
		return shell_usage();
	if (ip_parse(addr, &a->ip) < 0) {
		printk("ping: '%s' is not an IPv4 address\n", addr);
		return -EINVAL;
	}
	if (count && (parse_u32(count, &a->count) < 0 || !a->count)) {
		printk("ping: COUNT must be a number from 1\n");
		return -EINVAL;
	}
	return 0;
}

static int
cmd_ping(int argc, char **argv)
{
	struct ping_args a;
	static u16 ping_id = 0x7000;
	char ip[16], src[16];
	u8 mac[ETH_ALEN];
	u32 sent = 0, received = 0;
	u64 min = ~0ull, max = 0, sum = 0, sum2 = 0;
	int err = parse_ping(argc, argv, &a);

	if (err)
		return err;
	bool iface = a.dev != NULL;
	if (!a.dev)
		a.dev = route(a.ip);
	if (!a.dev) {
		printk("ping: no network card found\n");
		return -ENODEV;
	}
	ip_format(a.ip, ip);
	ip_format(a.dev->ip, src);
	printk("PING %s (%s) ", ip, ip);
	if (iface) /* iputils names the source only when given one */
		printk("from %s %s: ", src, a.dev->name);
	printk("%u(%u) bytes of data.\n", a.size,
	       a.size + (u32)(sizeof(struct iphdr) + sizeof(struct icmphdr)));
	u64 start = uptime_ns();
	u16 id = ping_id++;
	for (u32 seq = 1; seq <= a.count && !tty_interrupted(); seq++) {
		struct ping_wait w;
		u64 t0 = uptime_ns();
		sent++;
		if (resolve(a.dev, a.ip, mac) < 0) {
			if (!tty_interrupted())
				printk("From %s icmp_seq=%u Destination Host "
				       "Unreachable\n",
				       src, seq);
			continue;
		}
		t0 = uptime_ns();
		if (icmp_send_echo(a.dev, a.ip, mac, id, (u16)seq, a.size, &w) <
		    0) {
			printk("ping: %s could not send\n", a.dev->name);
			continue;
		}
		if (wait_for(&w.got, PING_INTERVAL_MS)) {
			u64 rtt = w.when_ns - t0;
			received++;
			sum += rtt;
			sum2 += rtt / 1000 * (rtt / 1000);
			min = MIN(min, rtt);
			max = MAX(max, rtt);
			printk("%u bytes from %s: icmp_seq=%u ttl=%u time=",
			       w.bytes, ip_format(w.from, src), seq, w.ttl);
			print_ms(rtt);
			printk(" ms\n");
			ip_format(a.dev->ip, src);
		}
		icmp_cancel_wait(&w);
		/* iputils sends one a second; the reply wait took part. */
		u64 next = t0 + PING_INTERVAL_MS * NSEC_PER_MSEC;
		while (seq < a.count && uptime_ns() < next &&
		       !tty_interrupted())
			msleep(1);
	}
	u64 took = (uptime_ns() - start) / NSEC_PER_MSEC;
	printk("\n--- %s ping statistics ---\n", ip);
	printk("%u packets transmitted, %u received, %u%% packet loss, time "
	       "%llums\n",
	       sent, received, sent ? (sent - received) * 100 / sent : 0, took);
	if (received) {
		u64 avg = sum / received;
		u64 avg_us = avg / 1000;
		u64 var = sum2 / received - avg_us * avg_us;
		printk("rtt min/avg/max/mdev = ");
		print_ms(min);
		printk("/");
		print_ms(avg);
		printk("/");
		print_ms(max);
		printk("/");
		print_ms(isqrt(var) * 1000);
		printk(" ms\n");
	}
	if (tty_interrupted())
		return -EINTR;
	return received ? 0 : -EHOSTUNREACH;
}
SHELL_COMMAND("ping", cmd_ping,
	      "ICMP echo to ADDR through a card (iputils' output)",
	      "ping [-I IFACE] [-s SIZE] ADDR [COUNT]");
