/* drivers/hpet.c - the High Precision Event Timer: the PIT's successor,
 * programmed through memory.
 *
 * IA-PC HPET Specification 1.0a: one block of 1 KiB of registers at the
 * address the ACPI HPET table gives (0xfed00000 on QEMU), with a main
 * counter that counts up at a fixed rate and a few comparators that can
 * interrupt when it reaches them (2.3, "Register Descriptions"):
 *
 *   0x000 General Capabilities and ID (64-bit, read only):
 *         63:32 COUNTER_CLK_PERIOD, femtoseconds per count (<= 100 ns);
 *         31:16 VENDOR_ID; 15 LEG_RT_CAP; 13 COUNT_SIZE_CAP (64-bit);
 *         12:8 NUM_TIM_CAP (the last comparator's number); 7:0 REV_ID
 *   0x010 General Configuration: bit 0 ENABLE_CNF (the main counter
 *         runs, and the comparators may interrupt); bit 1 LEG_RT_CNF
 *   0x0f0 Main Counter Value (64-bit)
 *   0x100 + 0x20 * N  timer N's configuration, comparator, FSB route
 *
 * The firmware leaves ENABLE_CNF clear: the counter is halted. porthole
 * sets it, uses the main counter as a clocksource (as Linux's "hpet"), and
 * leaves the comparators alone (the tick stays the Local APIC's).
 *
 * A 64-bit counter on a 32-bit CPU is two 32-bit loads, and between them
 * the low half may wrap into the high one. So it is read high, low, high
 * again: if the high half changed, the low half belongs to either, and
 * the read is repeated (it cannot change twice within a few loads: the
 * low half wraps every 43 s at 100 MHz).
 */
#include "drivers/hpet.h"
#include "kernel/acpi/acpi.h"
#include "kernel/iomap.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define HPET_MMIO_SIZE 0x400
#define HPET_ID 0x000	      /* General Capabilities and ID, low */
#define HPET_PERIOD 0x004     /* ... high: COUNTER_CLK_PERIOD */
#define HPET_CFG 0x010	      /* General Configuration */
#define HPET_COUNTER 0x0f0    /* Main Counter Value, low */
#define HPET_COUNTER_HI 0x0f4 /* ... high */
#define HPET_ID_REV_MASK 0xff
#define HPET_ID_NUMBER_SHIFT 8 /* NUM_TIM_CAP, 12:8 */
#define HPET_ID_NUMBER_MASK 0x1f
#define HPET_ID_64BIT BIT(13) /* COUNT_SIZE_CAP */
#define HPET_ID_LEGSUP BIT(15)
#define HPET_ID_VENDOR_SHIFT 16
#define HPET_CFG_ENABLE BIT(0)	      /* ENABLE_CNF */
#define HPET_MAX_PERIOD_FS 100000000u /* the spec's limit: 100 ns */
#define FSEC_PER_SEC 1000000000000000ull

static void __iomem *regs;
static bool wide; /* 64-bit main counter */

static u32
hpet_readl(u32 reg)
{
	return readl((u8 __iomem *)regs + reg);
}

u64
hpet_read_counter(void)
{
	u32 hi, lo, hi2;

	if (!wide)
		return hpet_readl(HPET_COUNTER);
	hi = hpet_readl(HPET_COUNTER_HI);
	for (;;) {
		lo = hpet_readl(HPET_COUNTER);
		hi2 = hpet_readl(HPET_COUNTER_HI);
		if (hi == hi2)
			return (u64)hi << 32 | lo;
		hi = hi2; /* the low half wrapped between: read it again */
	}
}

u64
hpet_set_counter(u64 value)
{
	u8 __iomem *cfg = (u8 __iomem *)regs + HPET_CFG;
	u32 flags = irq_save();
	u64 was;

	/* The spec (2.3.7) allows writes to the main counter only while it
	 * is halted: a write while it runs may be lost or torn. */
	writel(readl(cfg) & ~HPET_CFG_ENABLE, cfg); // Halt the main counter
	was = hpet_read_counter();
	writel((u32)value, (u8 __iomem *)regs + HPET_COUNTER); // Low half
	if (wide)
		writel((u32)(value >> 32),
		       (u8 __iomem *)regs + HPET_COUNTER_HI);
	writel(readl(cfg) | HPET_CFG_ENABLE, cfg); // Count on from value
	irq_restore(flags);
	return was;
}

static struct clocksource hpet_clocksource = {
	.name = "hpet",
	.access = "MMIO: readl of the main counter (high, low, high)",
	.read = hpet_read_counter,
};

u64
hpet_hz(void)
{
	return regs ? hpet_clocksource.hz : 0;
}

bool
hpet_present(void)
{
	return regs != NULL;
}

int
hpet_init(void)
{
	struct acpi_hpet_info info;
	u32 id, period;
	u64 hz, t0;

	if (!acpi_hpet(&info))
		return -ENODEV; /* no HPET table: nothing to say */
	regs = ioremap(info.address, HPET_MMIO_SIZE);
	if (!regs)
		return -ENOMEM;
	id = hpet_readl(HPET_ID);
	period = hpet_readl(HPET_PERIOD);
	if (id == 0xffffffffu || !period || period > HPET_MAX_PERIOD_FS) {
		printk("hpet: no timer block at 0x%llx (ID 0x%08x, period %u "
		       "fs)\n",
		       (unsigned long long)info.address, id, period);
		iounmap(regs);
		regs = NULL;
		return -ENODEV;
	}
	wide = id & HPET_ID_64BIT;
	writel(readl((u8 __iomem *)regs + HPET_CFG) | HPET_CFG_ENABLE,
	       (u8 __iomem *)regs + HPET_CFG); // Start the main counter
	t0 = hpet_read_counter();
	hz = FSEC_PER_SEC / period;
	if (poll_timeout(hpet_read_counter() != t0, 1000)) {
		printk("hpet: the main counter does not count after "
		       "ENABLE_CNF\n");
		iounmap(regs);
		regs = NULL;
		return -EIO;
	}
	printk("hpet%u: at MMIO 0x%llx, vendor 0x%04x, rev 0x%02x\n",
	       info.hpet_number, (unsigned long long)info.address,
	       id >> HPET_ID_VENDOR_SHIFT, id & HPET_ID_REV_MASK);
	printk("hpet%u: %u comparators, %u-bit %llu.%06llu MHz counter\n",
	       info.hpet_number,
	       ((id >> HPET_ID_NUMBER_SHIFT) & HPET_ID_NUMBER_MASK) + 1,
	       wide ? 64 : 32, (unsigned long long)(hz / 1000000),
	       (unsigned long long)(hz % 1000000));
	hpet_clocksource.hz = hz;
	hpet_clocksource.wrap = wide ? 0 : 1ull << 32;
	clocksource_register(&hpet_clocksource);
	/* uptime counts on this block now: "HPET N" is the kernel's. */
	resource_mark_exclusive(&iomem_resource, info.address,
				info.address + HPET_MMIO_SIZE - 1);
	return 0;
}
