/* kernel/cpu_check.c - does this CPU run porthole's code at all?
 *
 * porthole is compiled for the i686 (Pentium Pro) instruction set: gcc
 * -march=i686 may use CMOV anywhere, and the clock reads the TSC (RDTSC).
 * A 486 has neither (QEMU's isapc machine gives one by default); a Pentium
 * has the TSC but no CMOV. Run on such a CPU, the first CMOV is an Invalid
 * Opcode fault deep in some helper. So boot/multiboot.S calls cpu_check()
 * before kmain, and it says in one line what is missing, then halts.
 *
 * CPUID itself may be missing (most 486s): the instruction exists when
 * software can flip EFLAGS.ID, bit 21 (Intel SDM vol. 1, 19.1 "Using the
 * CPUID instruction"; vol. 2A, CPUID: leaf 1 EDX bit 4 TSC, bit 15 CMOV).
 *
 * This file is compiled with -march=i386 (see the Makefile), so that it
 * runs on any CPU that reaches it, and uses nothing else of the kernel:
 * it writes its line to COM1 (polled) and to the VGA text screen itself,
 * through the boot page tables (low memory is mapped at PAGE_OFFSET).
 */
#include "boot/layout.h"
#include "kernel/io.h"
#include "lib/types.h"

#define EFLAGS_ID 0x00200000 /* writable only if CPUID exists */
#define CPUID_1_EDX_TSC 0x00000010
#define CPUID_1_EDX_CMOV 0x00008000
#define COM1_PORT 0x3f8 /* the PC's first serial port (drivers/serial.c) */
#define UART_THR 0	/* transmit holding register */
#define UART_LSR 5	/* line status */
#define LSR_THRE 0x20
#define TX_POLLS 100000 /* LSR reads per byte: no clock to time it yet */
#define VGA_TEXT (PAGE_OFFSET + 0xb8000)
#define VGA_ATTR 0x4f00 /* white on red */

void cpu_check(void);

static bool
have_cpuid(void)
{
	u32 before, after;

	__asm__ volatile("pushfl\n\t"
			 "popl %0\n\t"
			 "movl %0, %1\n\t"
			 "xorl %2, %1\n\t"
			 "pushl %1\n\t"
			 "popfl\n\t"
			 "pushfl\n\t"
			 "popl %1\n\t"
			 "pushl %0\n\t"
			 "popfl"
			 : "=&r"(before), "=&r"(after)
			 : "i"(EFLAGS_ID));
	return (before ^ after) & EFLAGS_ID;
}

static u32
cpuid_1_edx(void)
{
	u32 a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

/* Before serial_init: the UART may not be set up (it is, after a BIOS;
 * if nothing answers, the bytes go nowhere and the screen still shows). */
static void
say(const char *s)
{
	volatile u16 *cell = (volatile u16 *)VGA_TEXT;

	for (; *s; s++) {
		for (int i = 0; i < TX_POLLS; i++)
			if (inb(COM1_PORT + UART_LSR) & LSR_THRE)
				break;
		outb((u8)*s, COM1_PORT + UART_THR);
		if (*s != '\r' && *s != '\n')
			*cell++ = VGA_ATTR | (u8)*s;
	}
}

/* cpu_check - halt with one line unless the CPU has CPUID, CMOV and the
 * TSC. Called once by boot/multiboot.S before kmain, on the boot stack,
 * interrupts off. Returns only when the CPU will do. */
void
cpu_check(void)
{
	u32 edx = 0;

	if (have_cpuid())
		edx = cpuid_1_edx();
	if ((edx & CPUID_1_EDX_TSC) && (edx & CPUID_1_EDX_CMOV))
		return;
	say("\r\nporthole: this CPU cannot run porthole (built for i686): ");
	if (!have_cpuid())
		say("no CPUID instruction (a 486?), so no CMOV and no TSC");
	else if (!(edx & CPUID_1_EDX_CMOV))
		say(edx & CPUID_1_EDX_TSC ? "no CMOV (CPUID.1:EDX bit 15)"
					  : "no CMOV and no TSC (CPUID.1:EDX "
					    "bits 15, 4)");
	else
		say("no TSC (CPUID.1:EDX bit 4)");
	say("; under QEMU use -cpu pentium2 or newer. Halted.\r\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
