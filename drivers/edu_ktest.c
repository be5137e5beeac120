/* drivers/edu_ktest.c - in-kernel tests with QEMU's edu device (boot with
 * -device edu and ktest=edu): the level-triggered INTx line that nobody
 * clears, MSI on its own vector, the factorial against the CPU's own
 * arithmetic. Skipped without the device. */
#include "drivers/apic.h"
#include "drivers/edu.h"
#include "drivers/pci/msi.h"
#include "drivers/pci/pci.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "lib/errno.h"

#define STORM_LIMIT 1000 /* kernel/irq.c's IRQ_STORM_LIMIT */

static volatile u32 calls;

static irqreturn_t
deaf_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	calls++;
	return IRQ_NONE; /* does not acknowledge: the level stays up */
}

static bool
skip_without_edu(struct ktest_ctx *kt)
{
	if (edu_present())
		return false;
	KT_SKIP(kt, "no edu device (QEMU: -device edu)");
	return true;
}

/* One raise, never acknowledged: a level-triggered line interrupts again
 * after every EOI until the IRQ layer masks it ("nobody cared"), and the
 * kernel goes on. With the 8259 (edge here) it is one interrupt. */
KTEST(edu, level_intx_nobody_cares_is_masked)
{
	int irq = edu_intx_irq(), dev;
	u32 before = irq_disabled_count(), c;
	const struct irq_chip *chip;

	if (skip_without_edu(kt))
		return;
	KT_EXPECT_EQ(kt, edu_set_irq_mode(EDU_IRQ_NONE), 0);
	chip = irq_chip_of((unsigned)irq);
	bool level = chip && chip->is_level && chip->is_level((unsigned)irq);
	if (!level) {
		edu_set_irq_mode(EDU_IRQ_INTX);
		KT_SKIP(kt, "the line is not level-triggered here (8259)");
		return;
	}
	if (!KT_EXPECT_EQ(kt,
			  request_shared_irq((unsigned)irq, deaf_handler,
					     "ktest-deaf", &dev),
			  0))
		return;
	calls = 0;
	c = irq_count((unsigned)irq);
	edu_raise_nowait(0x4000);
	KT_EXPECT_EQ(
		kt,
		poll_timeout(irq_disabled_count() != before, 5 * USEC_PER_SEC),
		0);
	KT_EXPECT(kt, calls >= STORM_LIMIT);
	KT_EXPECT(kt, irq_count((unsigned)irq) - c >= STORM_LIMIT);
	/* Masked: it stops, though the device still asserts the level. */
	u32 after = calls;
	mdelay(5);
	KT_EXPECT_EQ(kt, calls, after);
	edu_ack_all();
	free_irq((unsigned)irq, &dev);
	KT_EXPECT_EQ(kt, edu_set_irq_mode(EDU_IRQ_INTX), 0);
	/* The line works again with a handler that acknowledges. */
	u64 cycles;
	KT_EXPECT_EQ(kt, edu_raise(0x4000, 1000, &cycles), 0);
}

KTEST(edu, msi_on_its_own_vector)
{
	struct pci_dev *d = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	int intx = edu_intx_irq(), irq;
	u32 ci, cm;
	u16 data;
	u64 cycles;

	if (skip_without_edu(kt))
		return;
	if (!lapic_in_use()) {
		KT_EXPECT_EQ(kt, edu_set_irq_mode(EDU_IRQ_MSI), -ENODEV);
		KT_SKIP(kt, "MSI needs the Local APIC (nolapic, or no MADT)");
		return;
	}
	KT_EXPECT_EQ(kt, edu_set_irq_mode(EDU_IRQ_MSI), 0);
	irq = pci_msi_irq(d);
	if (!KT_EXPECT(kt, irq >= (int)ioapic_nr_gsis()))
		return;
	/* The message data is the line's vector (edu's MSI is 64-bit). */
	pci_read_config_word(d, pci_msi_cap(d) + PCI_MSI_DATA_64, &data);
	KT_EXPECT_EQ(kt, data & MSI_DATA_VECTOR_MASK, IRQ_BASE_VECTOR + irq);
	ci = irq_count((unsigned)intx);
	cm = irq_count((unsigned)irq);
	KT_EXPECT_EQ(kt, edu_raise(0x2, 1000, &cycles), 0);
	KT_EXPECT_EQ(kt, edu_raise(0x2, 1000, &cycles), 0);
	KT_EXPECT_EQ(kt, irq_count((unsigned)irq), cm + 2);
	KT_EXPECT_EQ(kt, irq_count((unsigned)intx), ci); /* INTx is off */
	KT_EXPECT_EQ(kt, edu_set_irq_mode(EDU_IRQ_INTX), 0);
	KT_EXPECT_EQ(kt, pci_msi_irq(d), -1);
	ci = irq_count((unsigned)intx);
	KT_EXPECT_EQ(kt, edu_raise(0x2, 1000, &cycles), 0);
	KT_EXPECT_EQ(kt, irq_count((unsigned)intx), ci + 1);
}

KTEST(edu, factorial_polled_and_by_interrupt)
{
	static const u32 ns[] = {0, 1, 5, 12, 13, 20};

	if (skip_without_edu(kt))
		return;
	for (unsigned i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		u32 want = 1, got = 0, us;
		for (u32 k = 2; k <= ns[i]; k++)
			want *= k; /* mod 2^32, as the device's u32 */
		KT_EXPECT_EQ(kt, edu_factorial(ns[i], false, &got, &us), 0);
		KT_EXPECT_EQ(kt, got, want);
		got = 0;
		KT_EXPECT_EQ(kt, edu_factorial(ns[i], true, &got, &us), 0);
		KT_EXPECT_EQ(kt, got, want);
	}
}
