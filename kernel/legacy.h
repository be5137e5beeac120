/* kernel/legacy.h - reservations of the PC/AT's fixed I/O ports. */
#ifndef KERNEL_LEGACY_H
#define KERNEL_LEGACY_H

#include "lib/errno.h"

/* legacy_ioports_init - mark dma1, timer1, dma page reg, dma2 and fpu busy
 * in ioport_resource (ports no porthole driver owns). Call once at boot,
 * before drivers claim their ports. Returns 0, or -EBUSY if something held
 * one already (one line each says what). Not for interrupt context. */
int legacy_ioports_init(void);

#endif
