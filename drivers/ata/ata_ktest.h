/* drivers/ata/ata_ktest.h - checks the ATA, bus-master and AHCI ktests
 * share (drivers/ata/ata_ktest.c). */
#ifndef DRIVERS_ATA_ATA_KTEST_H
#define DRIVERS_ATA_ATA_KTEST_H

#include "drivers/ata/ata.h"
#include "kernel/ktest.h"

/* ata_ktest_reads_end_by_interrupt - eight reads of @sectors from @d
 * (odd LBAs), each command ended by the controller's interrupt handler,
 * none by the wait's poll after the grace period (ata_stats.lost_irqs,
 * which would still finish every command, late, and pass every other
 * test). @commands and @irqs are the controller's counters: @irqs must
 * grow by as many as @commands did, or at least as many when @exact is
 * false. Prints one
 * "# WHO NAME: N commands, N interrupts, N lost" line. */
void ata_ktest_reads_end_by_interrupt(struct ktest_ctx *kt, struct ata_drive *d,
				      u32 sectors, const char *who,
				      const u64 *commands, const u64 *irqs,
				      bool exact);

#endif
