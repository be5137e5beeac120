/* drivers/net/netdev.c - the list of network cards, their names and
 * addresses, and the one path every transmitted frame takes.
 *
 * Addresses come from the documentation range 192.0.2.0/24 (RFC 5737),
 * which no real network routes: the Nth card is 192.0.2.N unless the kernel
 * option `ip=` says otherwise (`ip=192.0.2.7,192.0.2.9`: one address per
 * card, in card order).
 */
#include "drivers/net/netdev.h"
#include "drivers/pci/pci.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/inet_addr.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define NET_DEFAULT_PREFIX 0xc0000200u /* 192.0.2.0 */

/* The card drivers (ne2k.c, e1000.c). */
extern struct pci_driver ne2k_pci_driver, e1000_driver;

static struct net_device *devices[NET_MAX_DEVICES];
static int ndevices;

/* ip=A[,B...]: each word an IPv4 address (the boot says which is not, and
 * the option is then ignored: cmdline_check). */
static const char *
ip_check(const char *v)
{
	char word[16];

	for (;;) {
		size_t n = 0;
		u32 ip;
		while (v[n] && v[n] != ',')
			n++;
		if (n == 0 || n >= sizeof(word))
			return "IPv4 addresses, comma-separated";
		memcpy(word, v, n);
		word[n] = '\0';
		if (ip_parse(word, &ip) < 0)
			return "IPv4 addresses, comma-separated";
		if (!v[n])
			return NULL;
		v += n + 1;
	}
}
CMDLINE_OPTION("ip", ip_check);

/* The index-th address of the ip= option, or 0 if it gives none. */
static u32
ip_option(int index)
{
	const char *opt = cmdline_get("ip");
	char word[16];

	if (!opt)
		return 0;
	for (int i = 0; *opt; i++) {
		size_t n = 0;
		while (opt[n] && opt[n] != ',')
			n++;
		if (i == index) {
			u32 ip;
			if (n >= sizeof(word)) {
				printk("net: ip=: '%.*s' is not an address\n",
				       (int)n, opt);
				return 0;
			}
			memcpy(word, opt, n);
			word[n] = '\0';
			if (ip_parse(word, &ip) < 0) {
				printk("net: ip=: '%s' is not an address\n",
				       word);
				return 0;
			}
			return ip;
		}
		opt += n;
		if (*opt == ',')
			opt++;
	}
	return 0;
}

int
net_register(struct net_device *dev)
{
	int i;

	if (ndevices == NET_MAX_DEVICES) {
		printk("net: more than %d cards, %s not used\n",
		       NET_MAX_DEVICES, dev->driver);
		return -ENOSPC;
	}
	for (i = ndevices; i > 0 && devices[i - 1]->order > dev->order; i--)
		devices[i] = devices[i - 1];
	devices[i] = dev;
	ndevices++;
	return 0;
}

void
net_init(void)
{
	char ip[16];

	pci_register_driver(&ne2k_pci_driver);
	pci_register_driver(&e1000_driver);
	for (int i = 0; i < ndevices; i++) {
		struct net_device *dev = devices[i];
		snprintf(dev->name, sizeof(dev->name), "eth%d", i);
		dev->ip = ip_option(i);
		if (!dev->ip)
			dev->ip = NET_DEFAULT_PREFIX + (u32)i + 1;
		printk("%s: %s, %s, irq %d, MAC "
		       "%02x:%02x:%02x:%02x:%02x:%02x, IP %s\n",
		       dev->name, dev->driver, dev->how, dev->irq, dev->mac[0],
		       dev->mac[1], dev->mac[2], dev->mac[3], dev->mac[4],
		       dev->mac[5], ip_format(dev->ip, ip));
	}
}

int
net_device_count(void)
{
	return ndevices;
}

struct net_device *
net_device_get(int i)
{
	return i >= 0 && i < ndevices ? devices[i] : NULL;
}

int
net_xmit(struct net_device *dev, const void *frame, size_t len)
{
	u32 flags = irq_save();
	int err = dev->ops->xmit(dev, frame, len);

	if (!err) {
		dev->stats.tx_packets++;
		dev->stats.tx_bytes += len;
	} else {
		dev->stats.tx_errors++;
	}
	irq_restore(flags);
	return err;
}
