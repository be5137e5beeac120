/* user/denied.c - read the CMOS clock with no permission at all.
 *
 * No ioperm, no iopl: every bit of the TSS bitmap is set and IOPL is 0, so
 * the first `out` to port 0x70 raises a general protection fault (#GP,
 * error code 0). The kernel kills the program with a line shaped like
 * Linux's:
 *
 *     traps: denied[3] general protection fault ip:0804800f sp:bffffec0
 *     error:0 in denied[8048000+1000]
 *
 * and the shell says `Segmentation fault`, as bash does for SIGSEGV.
 */
#include "user/lib/ulib.h"

int
main(void)
{
	printf("reading the CMOS clock without ioperm or iopl\n");
	rtc_print_time();
	printf("not reached: the CPU let the port through\n");
	return 0;
}
