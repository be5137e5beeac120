/* tests/host/fake_x86.h - kernel/x86.h for code built into a host test.
 *
 * Force-included (-include) before the code's own headers: it takes
 * kernel/x86.h's include guard, whose 32-bit pushfl/popl cannot be built
 * for a 64-bit host. A host test has no interrupts to hold off, so
 * irq_save/irq_restore do nothing. */
#ifndef TESTS_HOST_FAKE_X86_H
#define TESTS_HOST_FAKE_X86_H
#define KERNEL_X86_H /* kernel/x86.h's guard */

#include "lib/types.h"

static inline u32
irq_save(void)
{
	return 0;
}

static inline void
irq_restore(u32 flags)
{
	(void)flags;
}

#endif
