/* user/portbench.c - what an `inb` costs from ring 3, against a system call.
 *
 * With the port granted by ioperm, `inb` from ring 3 does not trap: the
 * CPU reads the port's bit in the TSS bitmap as part of the instruction
 * (SDM vol. 1, 19.5.2) and goes on. So it costs what it costs in the
 * kernel (compare `mmio-demo`). A system call is a round trip through
 * `int $0x80`, the kernel's entry and `iret`; reading the port through
 * /dev/port is that round trip plus the same `inb`, done by the kernel.
 * Cycles come from RDTSC, which ring 3 may execute (CR4.TSD is clear).
 * On QEMU's standard VGA it also times `inw` of the Bochs DISPI data port
 * 0x1cf, the access the kernel's `mmio-demo` times in ring 0.
 *
 *     porthole> run portbench [ROUNDS]
 */
#include "drivers/bochs_dispi.h"
#include "user/lib/ulib.h"

#define BENCH_PORT 0x80 /* the POST diagnostic port: reading it is harmless */
#define DEFAULT_ROUNDS 2000

static unsigned
parse(const char *s)
{
	unsigned v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

static void
report(const char *what, unsigned long long cycles, unsigned rounds)
{
	printf("portbench: %-38s %6llu cycles\n", what, cycles / rounds);
}

int
main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? parse(argv[1]) : DEFAULT_ROUNDS;
	unsigned long long t0;
	unsigned char b;
	int fd;

	if (rounds == 0)
		rounds = DEFAULT_ROUNDS;
	if (ioperm(BENCH_PORT, 1, 1) < 0 ||
	    (fd = open("/dev/port", O_RDONLY)) < 0) {
		printf("portbench: cannot get port 0x%x\n", BENCH_PORT);
		return 1;
	}
	printf("portbench: %u rounds, port 0x%x\n", rounds, BENCH_PORT);
	t0 = rdtsc();
	for (unsigned i = 0; i < rounds; i++)
		(void)inb(BENCH_PORT);
	report("inb from ring 3 (TSS bitmap)", rdtsc() - t0, rounds);
	t0 = rdtsc();
	for (unsigned i = 0; i < rounds; i++)
		getpid();
	report("getpid() round trip (int 0x80)", rdtsc() - t0, rounds);
	t0 = rdtsc();
	for (unsigned i = 0; i < rounds; i++) {
		lseek(fd, BENCH_PORT, SEEK_SET);
		read(fd, &b, 1);
	}
	report("lseek + read of /dev/port", rdtsc() - t0, rounds);
	close(fd);
	/* Three ports, not two: a 16-bit `inw` at 0x1cf touches 0x1cf and
	 * 0x1d0, and the CPU wants both bits clear (SDM vol. 1, 19.5.2). */
	if (ioperm(DISPI_IOPORT_INDEX, 3, 1) < 0)
		return 1;
	outw(DISPI_INDEX_ID, DISPI_IOPORT_INDEX); // select the ID register
	unsigned short id = inw(DISPI_IOPORT_DATA);
	if (id < DISPI_ID_MIN || id > DISPI_ID_MAX) {
		printf("portbench: no Bochs DISPI at 0x1ce (read %04x)\n", id);
		return 0;
	}
	t0 = rdtsc();
	for (unsigned i = 0; i < rounds; i++)
		(void)inw(DISPI_IOPORT_DATA);
	report("inw 0x1cf from ring 3 (as mmio-demo)", rdtsc() - t0, rounds);
	return 0;
}
