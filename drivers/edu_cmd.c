/* drivers/edu_cmd.c - `edu`: QEMU's edu device from the shell
 * (drivers/edu.c): its registers, its interrupts over INTx or MSI, its
 * factorial and its DMA engine. */
#include "drivers/edu.h"
#include "kernel/command.h"
#include "kernel/irq.h"
#include "kernel/mm/frame.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"

#define EDU_FACT_MAX 1000000u /* the device loops n times */
#define EDU_IRQ_ROUNDS_MAX 100000u
#define EDU_IRQ_TIMEOUT_MS 1000

static const char *const mode_names[] = {"none", "intx", "msi"};

static void
print_line(int irq)
{
	const struct irq_chip *c = irq >= 0 ? irq_chip_of((unsigned)irq) : NULL;

	if (!c)
		return;
	if (c->hwirq)
		printk("IRQ %d (%s %u-%s), %u interrupts on the line", irq,
		       c->name, c->hwirq((unsigned)irq),
		       c->is_level && c->is_level((unsigned)irq) ? "fasteoi"
								 : "edge",
		       irq_count((unsigned)irq));
	else
		printk("IRQ %d (%s), %u interrupts on the line", irq, c->name,
		       irq_count((unsigned)irq));
}

static int
edu_show(void)
{
	struct edu_status st;

	edu_get_status(&st);
	printk("edu %s: id 0x%08x (v%u.%u), BAR0 0x%llx-0x%llx\n", st.name,
	       st.id, st.id >> 24, (st.id >> 16) & 0xff,
	       (unsigned long long)st.bar,
	       (unsigned long long)(st.bar + st.bar_len - 1));
	printk("liveness: wrote 0x%08x, read 0x%08x (%s)\n", st.liveness_in,
	       st.liveness_out,
	       st.liveness_out == ~st.liveness_in ? "its inverse: alive"
						  : "NOT the inverse");
	printk("status 0x%08x, interrupt status 0x%08x\n", st.status,
	       st.irq_status);
	printk("interrupts: %s, ", mode_names[st.mode]);
	print_line(st.irq);
	printk("\n");
	printk("handled %u (factorial %u, DMA %u, raised %u), not ours %u\n",
	       st.interrupts, st.fact_irqs, st.dma_irqs, st.raise_irqs,
	       st.unhandled);
	printk("DMA: 4 KiB buffer at device address 0x40000; mask 0x%llx (the "
	       "engine drives the low %u address bits)\n",
	       (unsigned long long)st.dma_mask,
	       64 - __builtin_clzll(st.dma_mask));
	return 0;
}

static int
edu_cmd_fact(char *arg)
{
	u32 n, polled, by_irq, us_p, us_i;
	int err;

	if (parse_u32(arg, &n) < 0 || n > EDU_FACT_MAX) {
		printk("edu fact: N must be a number in 0..%u\n", EDU_FACT_MAX);
		return -EINVAL;
	}
	err = edu_factorial(n, false, &polled, &us_p);
	if (err) {
		printk("edu fact: the device did not finish %u! within 1 s "
		       "(status still computing)\n",
		       n);
		return err;
	}
	err = edu_factorial(n, true, &by_irq, &us_i);
	if (err) {
		printk("edu fact: %u! = %u polled, but no interrupt came "
		       "within 1 s\n",
		       n, polled);
		return err;
	}
	printk("%u! = %u (0x%08x, mod 2^32): polled %u us; with the "
	       "interrupt-when-done bit %u (%u us)\n",
	       n, polled, polled, us_p, by_irq, us_i);
	return 0;
}

static int
edu_cmd_irq(int argc, char **argv)
{
	enum edu_irq_mode mode = EDU_IRQ_NONE;
	u32 rounds = 1;
	u64 sum = 0, min = ~0ull, max = 0;
	int err;

	if (argc >= 3) {
		if (strcmp(argv[2], "intx") == 0)
			mode = EDU_IRQ_INTX;
		else if (strcmp(argv[2], "msi") == 0)
			mode = EDU_IRQ_MSI;
		else {
			printk("edu irq: mode is intx or msi, not '%s'\n",
			       argv[2]);
			return -EINVAL;
		}
		err = edu_set_irq_mode(mode);
		/* No MSI without a Local APIC (nolapic): pci_enable_msi said
		 * so in its one line; anything else gets this one. */
		if (err && !(mode == EDU_IRQ_MSI && err == -ENODEV))
			printk("edu irq: cannot switch to %s\n", argv[2]);
		if (err)
			return err;
	}
	if (argc == 4 && (parse_u32(argv[3], &rounds) < 0 || !rounds ||
			  rounds > EDU_IRQ_ROUNDS_MAX)) {
		printk("edu irq: ROUNDS must be 1..%u\n", EDU_IRQ_ROUNDS_MAX);
		return -EINVAL;
	}
	for (u32 i = 0; i < rounds; i++) {
		u64 c;
		err = edu_raise(0x10000u + (i & 0xff), EDU_IRQ_TIMEOUT_MS, &c);
		if (err) {
			printk("edu irq: raised, but the handler did not run "
			       "within %u ms\n",
			       EDU_IRQ_TIMEOUT_MS);
			return err;
		}
		sum += c;
		min = c < min ? c : min;
		max = c > max ? c : max;
		if (tty_interrupted()) {
			rounds = i + 1;
			break;
		}
	}
	struct edu_status st;
	edu_get_status(&st);
	printk("edu irq %s: ", mode_names[st.mode]);
	print_line(st.irq);
	printk("\n");
	printk("raise register -> handler: %u rounds, min %llu avg %llu max "
	       "%llu cycles; interrupt status 0x%08x after the ack\n",
	       rounds, (unsigned long long)min,
	       (unsigned long long)(sum / rounds), (unsigned long long)max,
	       st.irq_status);
	return 0;
}

/* A pattern that shows where each byte came from: its offset, mixed. */
static void
fill(u8 *p, u32 n, u32 seed)
{
	for (u32 i = 0; i < n; i++)
		p[i] = (u8)(i * 31 + (i >> 8) + seed);
}

static int
edu_cmd_dma(char *arg)
{
	struct edu_status st;
	u32 size, src, dst, us_in, us_out, crc_a, crc_b;
	int err;

	if (parse_u32(arg, &size) < 0 || !size || size > EDU_DMA_MAX) {
		printk("edu dma: SIZE must be 1..%u bytes (the device's "
		       "buffer, less QEMU's off-by-one)\n",
		       EDU_DMA_MAX);
		return -EINVAL;
	}
	edu_get_status(&st);
	/* Two frames the device can reach: below its DMA mask. */
	err = edu_dma_alloc(st.dma_mask, &src);
	if (err)
		return err;
	err = edu_dma_alloc(st.dma_mask, &dst);
	if (err) {
		frame_free(src);
		return err;
	}
	fill(__va(src), size, uptime_ns() & 0xff);
	memset(__va(dst), 0, size);
	crc_a = crc32(0, __va(src), size);
	err = edu_dma(src, size, true, &us_in);
	if (!err)
		err = edu_dma(dst, size, false, &us_out);
	if (err) {
		printk("edu dma: the DMA engine did not finish within 1 s\n");
		goto out;
	}
	crc_b = crc32(0, __va(dst), size);
	printk("RAM 0x%08x -> device 0x40000: %u us; device 0x40000 -> RAM "
	       "0x%08x: %u us\n",
	       src, us_in, dst, us_out);
	printk("%u bytes, crc32 %08x -> %08x: %s\n", size, crc_a, crc_b,
	       crc_a == crc_b && !memcmp(__va(src), __va(dst), size)
		       ? "byte-exact"
		       : "DIFFERENT");
	err = crc_a == crc_b ? 0 : -EIO;
out:
	frame_free(src);
	frame_free(dst);
	return err;
}

static int
cmd_edu(int argc, char **argv)
{
	if (!edu_present()) {
		printk("edu: no QEMU edu device (PCI %04x:%04x) on this "
		       "machine (QEMU: -device edu)\n",
		       EDU_VENDOR, EDU_DEVICE);
		return -ENODEV;
	}
	if (argc == 1)
		return edu_show();
	if (strcmp(argv[1], "fact") == 0 && argc == 3)
		return edu_cmd_fact(argv[2]);
	if (strcmp(argv[1], "irq") == 0 && argc <= 4)
		return edu_cmd_irq(argc, argv);
	if (strcmp(argv[1], "dma") == 0 && argc == 3)
		return edu_cmd_dma(argv[2]);
	return shell_usage();
}
SHELL_COMMAND("edu", cmd_edu,
	      "QEMU's edu device: registers, factorial, interrupts (INTx, "
	      "MSI), DMA",
	      "edu [fact N | irq [intx|msi] [ROUNDS] | dma SIZE]");
