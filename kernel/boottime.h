/* kernel/boottime.h - where the boot's time goes: each step of kmain timed
 * with the TSC, as Linux's initcall_debug times its initcalls.
 *
 *     BOOT_STEP(pci_init());
 *     BOOT_STEP(err = bootinfo_init(magic, mbi_phys));
 *
 * runs the statement and records its TSC cycles under the statement's own
 * text. `boottime` (kernel/boottime.c) prints the steps in microseconds,
 * the total from kmain's first instruction to the prompt, and what the TSC
 * had counted before kmain (firmware and boot loader, from the CPU's reset).
 */
#ifndef KERNEL_BOOTTIME_H
#define KERNEL_BOOTTIME_H

#include "lib/types.h"

/* How many steps the table keeps; later ones count only in the total. */
#define BOOTTIME_MAX_STEPS 64

#define BOOT_STEP(stmt)                                                        \
	do {                                                                   \
		u64 boot_step_t0_ = boottime_step_begin();                     \
		stmt;                                                          \
		boottime_step_end(#stmt, boot_step_t0_);                       \
	} while (0)

/* boottime_start - kmain's first call: the TSC at the first C instruction.
 * Boot only. */
void boottime_start(void);

/* boottime_done - the boot is over (just before the prompt). Boot only. */
void boottime_done(void);

/* boottime_step_begin / boottime_step_end - BOOT_STEP's halves: the TSC
 * now, and the record of @name's cycles since @t0. Boot only. */
u64 boottime_step_begin(void);
void boottime_step_end(const char *name, u64 t0);

/* boottime_tsc0 - the TSC at kmain's first instruction (the time origin of
 * `trace show`). Any context. */
u64 boottime_tsc0(void);

/* boottime_cycles_to_us - @cycles of the TSC in microseconds, or @cycles
 * itself while the TSC is not calibrated (tsc_khz() == 0). Any context. */
u64 boottime_cycles_to_us(u64 cycles);

#endif
