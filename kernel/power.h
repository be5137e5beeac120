/* kernel/power.h - leaving the machine: QEMU's debug-exit port, reset, off. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include "lib/types.h"

/* QEMU's isa-debug-exit device, placed by scripts/qemu.sh at this port
 * (iosize=2). Writing value v makes QEMU exit with status (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0x501
#define DEBUG_EXIT_PORTS 2
#define QEMU_EXIT_STATUS(v) (((v) << 1) | 1)

/* The values porthole writes, and so the statuses a harness sees. */
#define EXIT_POWEROFF 0x00   /* status 1:  `poweroff` */
#define EXIT_KTEST_PASS 0x10 /* status 33: every in-kernel test passed */
#define EXIT_KTEST_FAIL 0x11 /* status 35: some in-kernel test failed */
#define EXIT_PANIC 0x20	     /* status 65: panic or exception, panic=exit */

/* power_init - look for the debug-exit device and claim its ports. */
void power_init(void);

/* power_set_reset - the function `reboot` calls to reset the CPU (the
 * i8042 driver's reset pulse); it returns only if the reset failed. */
void power_set_reset(void (*reset)(void));

/* power_button_off - the power button was pressed: say so as Linux does
 * ("reboot: Power down") and switch off through ACPI S5; if that fails,
 * leave through qemu_exit(EXIT_POWEROFF) (or halt). Never returns. Any
 * context (the SCI handler calls it). */
__noreturn void power_button_off(void);

/* qemu_exit - leave QEMU with QEMU_EXIT_STATUS(value). If there is no
 * debug-exit device, says so and halts. Never returns. */
__noreturn void qemu_exit(u8 value);

#endif
