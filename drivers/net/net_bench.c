/* drivers/net/net_bench.c - `net bench`: the same frames through a port
 * and by DMA.
 *
 * For each card in turn, send COUNT frames of 64 and of 1514 bytes to the
 * other card across the hub, one at a time (the next leaves when the last
 * has arrived, so no ring overflows and no frame is lost), and report:
 *   - transmit: TSC cycles per frame inside the driver's xmit (for the
 *     NE2000 that includes pushing every byte through its data port; for
 *     the e1000, filling a descriptor, moving TDT and waiting for DD);
 *   - receive: cycles per frame the receiving driver spent taking the
 *     frame off its card (the NE2000 reads it through the port; the e1000
 *     finds it already in RAM);
 *   - frames per second, one at a time, end to end.
 * The frames carry an IEEE "local experimental" ethertype (0x88b5), which
 * the receiving stack counts as unknown and drops. Under TCG the TSC is
 * the host's: host cycles, moving with the host's load.
 */
#include "drivers/net/inet.h"
#include "drivers/net/netdev.h"
#include "kernel/command.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "kernel/x86.h"
#include "lib/byteorder.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"

#define BENCH_ETHERTYPE 0x88b5 /* IEEE 802 local experimental */
#define BENCH_DEFAULT_COUNT 200
#define BENCH_MAX_COUNT 100000
#define BENCH_WAIT_MS 2000 /* for one frame to arrive */

static u8 frame[ETH_FRAME_LEN];

/* Send count frames of len bytes from tx to rx. Returns 0, -EINTR,
 * -ETIMEDOUT (a frame did not arrive) or a send error. */
static int
bench_one(struct net_device *tx, struct net_device *rx, size_t len, u32 count,
	  bool report)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	u64 tx_cycles = 0, rx0 = rx->rx_cycles, rxn0 = rx->rx_timed;

	memcpy(eth->h_dest, rx->mac, ETH_ALEN);
	memcpy(eth->h_source, tx->mac, ETH_ALEN);
	eth->h_proto = htons(BENCH_ETHERTYPE);
	for (size_t i = ETH_HLEN; i < len; i++)
		frame[i] = (u8)i;

	u64 start = uptime_ns();
	for (u32 i = 0; i < count; i++) {
		u64 want = rx->stats.rx_unknown_proto + 1;
		u64 t0 = rdtsc();
		int err = net_xmit(tx, frame, len);
		tx_cycles += rdtsc() - t0;
		if (err)
			return err;
		u64 end = uptime_ns() + BENCH_WAIT_MS * NSEC_PER_MSEC;
		while (*(volatile u64 *)&rx->stats.rx_unknown_proto < want) {
			if (uptime_ns() > end)
				return -ETIMEDOUT;
			if (tty_interrupted())
				return -EINTR;
			cpu_relax();
		}
	}
	u64 ns = uptime_ns() - start;
	u64 rxn = rx->rx_timed - rxn0;
	if (!report)
		return 0;
	printk("  %-8s %-9s -> %-8s %4u bytes  tx %7llu cycles/frame  rx "
	       "%7llu cycles/frame  %6llu frames/s\n",
	       tx->name, tx->driver, rx->name, (unsigned)len, tx_cycles / count,
	       rxn ? (rx->rx_cycles - rx0) / rxn : 0,
	       ns ? (u64)count * NSEC_PER_SEC / ns : 0);
	return 0;
}

static int
bench_error(struct net_device *tx, struct net_device *rx, int err)
{
	if (err == -EINTR)
		printk("net-bench: interrupted\n");
	else
		printk("net-bench: %s -> %s: %s\n", tx->name, rx->name,
		       err == -ETIMEDOUT ? "a frame did not arrive"
					 : errname(err));
	return err;
}

static int
cmd_net_bench(int argc, char **argv)
{
	static const size_t sizes[] = {ETH_ZLEN + 4, ETH_FRAME_LEN};
	u32 count = BENCH_DEFAULT_COUNT;

	if (argc > 2 || (argc == 2 && (parse_u32(argv[1], &count) < 0 ||
				       !count || count > BENCH_MAX_COUNT)))
		return shell_usage();
	if (net_device_count() < 2) {
		printk("net-bench: needs two cards on one hub (NET=pair)\n");
		return -ENODEV;
	}
	printk("net-bench: %u frames each, one at a time (TSC %u kHz)\n", count,
	       tsc_khz());
	/* One untimed frame each way first: QEMU's e1000 holds the first
	 * frames after its receiver is enabled for about a second. */
	for (int i = 0; i < 2; i++) {
		int err = bench_one(net_device_get(i), net_device_get(1 - i),
				    ETH_ZLEN, 1, false);
		if (err)
			return bench_error(net_device_get(i),
					   net_device_get(1 - i), err);
	}
	for (int i = 0; i < 2; i++) {
		struct net_device *tx = net_device_get(i);
		struct net_device *rx = net_device_get(1 - i);
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
			int err = bench_one(tx, rx, sizes[s], count, true);
			if (err)
				return bench_error(tx, rx, err);
		}
	}
	return 0;
}
SHELL_COMMAND("net-bench", cmd_net_bench,
	      "frames through ports (NE2000) vs DMA (e1000): cycles per frame",
	      "net-bench [COUNT]");
