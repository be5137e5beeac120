/* user/crash.c - every way a user program can end, on purpose.
 *
 *     run crash pf       write to address 0: #PF      -> Segmentation fault
 *     run crash kernel   read kernel memory: #PF (protection, user)
 *     run crash gp       cli with IOPL 0: #GP          -> Segmentation fault
 *     run crash ud       ud2: #UD                      -> Illegal instruction
 *     run crash de       divide by zero: #DE           -> Floating point
 * exception run crash stack    recurse until the stack limit -> Segmentation
 * fault run crash spin     loop until Ctrl-C             -> Interrupt run crash
 * exit N   exit(N)                       -> exit N
 *
 * Each fault is the process's, not the kernel's: one line about it, its
 * memory freed, and the shell prompt back.
 */
#include "user/lib/ulib.h"

static unsigned
parse(const char *s)
{
	unsigned v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

static int
recurse(int depth)
{
	volatile char pad[1024];

	pad[0] = (char)depth;
	if (pad[0] == 0x7f && depth < 0) /* never: only to end the recursion */
		return 0;
	return recurse(depth + 1) + pad[0];
}

int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	unsigned zero = 0, r;

	if (!strcmp(what, "pf"))
		*(volatile int *)0 = 1;
	else if (!strcmp(what, "kernel"))
		return *(volatile int *)0xc0100000;
	else if (!strcmp(what, "gp"))
		__asm__ volatile("cli");
	else if (!strcmp(what, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(what, "de")) /* div by hand: gcc folds 1 / x away */
		__asm__ volatile("divl %2"
				 : "=a"(r)
				 : "a"(1), "r"(zero), "d"(0));
	else if (!strcmp(what, "stack"))
		return recurse(0);
	else if (!strcmp(what, "revoke")) {
		ioperm(0x80, 1, 1);
		printf("crash: inb(0x80) with the port granted: %02x\n",
		       inb(0x80));
		ioperm(0x80, 1, 0);
		printf("crash: port 0x80 taken back\n");
		return inb(0x80);
	} else if (!strcmp(what, "spin"))
		for (;;)
			;
	else if (!strcmp(what, "exit"))
		return argc > 2 ? (int)parse(argv[2]) : 0;
	printf("usage: crash pf|kernel|gp|ud|de|stack|revoke|spin|exit N\n");
	return 2;
}
