/* user/ioperm.c - ask for two ports, then read the CMOS clock through them.
 *
 * ioperm(0x70, 2, 1) clears bits 0x70 and 0x71 of this process's I/O
 * permission bitmap in the TSS. From then on the CPU lets this ring-3
 * program execute `in`/`out` on exactly those two ports (SDM vol. 1,
 * 19.5.2): any other port still raises #GP. The classic example from the
 * ioperm(2) man page and "Linux Device Drivers", ch. 9.
 */
#include "user/lib/ulib.h"

int
main(void)
{
	long ret = ioperm(0x70, 2, 1);

	if (ret < 0) {
		printf("ioperm(0x70, 2, 1): %s\n", errname(ret));
		return 1;
	}
	printf("ioperm(0x70, 2, 1) = 0: ports 0x70-0x71 allowed; CMOS clock: ");
	rtc_print_time();
	return 0;
}
