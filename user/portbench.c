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
 * 0x1cf, the access the kernel's `mmio-demo` times in ring 0, and in the
 * same way: the best of 10 interleaved batches. (Under QEMU's TCG the
 * bitmap check is a helper function of the emulator, so ring 3 pays a
 * little more there than on a real CPU, where it is part of the
 * instruction's microcode.)
 *
 *     porthole> run portbench [ROUNDS]
 */
#include "drivers/bochs_dispi.h"
#include "user/lib/ulib.h"

#define BENCH_PORT 0x80 /* the POST diagnostic port: reading it is harmless */
#define DEFAULT_ROUNDS 2000
#define BATCHES 10

static unsigned
parse(const char *s)
{
	unsigned v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

enum access { INB, GETPID, DEVPORT, INW, NACCESS };

static const char *const names[NACCESS] = {
	"inb from ring 3 (TSS bitmap)",
	"getpid() round trip (int 0x80)",
	"lseek + read of /dev/port",
	"inw 0x1cf from ring 3 (as mmio-demo)",
};

static int devport;

/* One batch of @n accesses of one kind; returns the cycles it took. */
static unsigned long long
batch(enum access what, unsigned n)
{
	unsigned long long t0 = rdtsc();
	unsigned char b;

	for (unsigned i = 0; i < n; i++) {
		switch (what) {
		case INB:
			(void)inb(BENCH_PORT);
			break;
		case GETPID:
			getpid();
			break;
		case DEVPORT:
			lseek(devport, BENCH_PORT, SEEK_SET);
			read(devport, &b, 1);
			break;
		default:
			(void)inw(DISPI_IOPORT_DATA);
			break;
		}
	}
	return rdtsc() - t0;
}

/* Best of BATCHES batches, the kinds interleaved so that they all meet
 * the same host load (as mmio-demo measures). */
static void
measure(int kinds, unsigned rounds)
{
	unsigned n = rounds / BATCHES ? rounds / BATCHES : 1;
	unsigned long long best[NACCESS];

	for (int k = 0; k < kinds; k++)
		best[k] = ~0ull;
	for (int b = 0; b < BATCHES; b++)
		for (int k = 0; k < kinds; k++) {
			unsigned long long c = batch((enum access)k, n);
			if (c < best[k])
				best[k] = c;
		}
	for (int k = 0; k < kinds; k++)
		printf("portbench: %-38s %6llu cycles\n", names[k],
		       best[k] / n);
}

int
main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? parse(argv[1]) : DEFAULT_ROUNDS;
	int kinds = NACCESS;

	if (rounds == 0)
		rounds = DEFAULT_ROUNDS;
	if (ioperm(BENCH_PORT, 1, 1) < 0 ||
	    (devport = open("/dev/port", O_RDONLY)) < 0) {
		printf("portbench: cannot get port 0x%x\n", BENCH_PORT);
		return 1;
	}
	/* Three ports, not two: a 16-bit `inw` at 0x1cf touches 0x1cf and
	 * 0x1d0, and the CPU wants both bits clear (SDM vol. 1, 19.5.2). */
	if (ioperm(DISPI_IOPORT_INDEX, 3, 1) < 0)
		return 1;
	outw(DISPI_INDEX_ID, DISPI_IOPORT_INDEX); // select the ID register
	unsigned short id = inw(DISPI_IOPORT_DATA);
	if (id < DISPI_ID_MIN || id > DISPI_ID_MAX) {
		printf("portbench: no Bochs DISPI at 0x1ce (read %04x)\n", id);
		kinds = INW;
	}
	printf("portbench: %u rounds, port 0x%x, best of %u batches\n", rounds,
	       BENCH_PORT, BATCHES);
	measure(kinds, rounds);
	close(devport);
	return 0;
}
