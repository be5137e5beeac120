/* user/hello.c - the smallest program: write(2) to the console, exit(2).
 *
 *     porthole> run hello a b
 *     hello from ring 3: pid 1, 3 arguments: hello a b
 *
 * With a number as its first argument it exits with that status, so the
 * shell's `exit N` line can be seen: `run hello 3`.
 */
#include "user/lib/ulib.h"

int
main(int argc, char **argv)
{
	int status = 0;

	printf("hello from ring 3: pid %ld, %d argument%s:", getpid(), argc,
	       argc == 1 ? "" : "s");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	if (argc > 1)
		for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
			status = status * 10 + (*p - '0');
	return status;
}
