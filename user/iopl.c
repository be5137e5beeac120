/* user/iopl.c - raise EFLAGS.IOPL to 3, then read the CMOS clock.
 *
 * iopl(3) sets the I/O privilege level in this process's EFLAGS. With
 * CPL (3) <= IOPL (3) the CPU skips the bitmap altogether: every port is
 * open, and so are `cli` and `sti` (SDM vol. 1, 19.5.1). Linux since 5.5
 * does not give real IOPL 3 any more; it hands out a bitmap that allows
 * every port instead, so that iopl(3) cannot turn interrupts off
 * (docs/user.md). porthole does what the hardware defines.
 */
#include "user/lib/ulib.h"

#define EFLAGS_IOPL_SHIFT 12

static unsigned
eflags_iopl(void)
{
	unsigned long f;

	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return (f >> EFLAGS_IOPL_SHIFT) & 3;
}

int
main(void)
{
	unsigned before = eflags_iopl();
	long ret = iopl(3);

	if (ret < 0) {
		printf("iopl(3): %s\n", errname(ret));
		return 1;
	}
	printf("iopl(3) = 0: EFLAGS.IOPL %u -> %u, every port allowed; CMOS "
	       "clock: ",
	       before, eflags_iopl());
	rtc_print_time();
	return 0;
}
