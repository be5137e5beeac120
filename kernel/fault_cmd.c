/* kernel/fault_cmd.c - raise CPU exceptions on purpose, to see the reports.
 *
 *   fault pf   write through a NULL pointer: page 0 is never mapped
 *   fault wp   write to the kernel's own code: its pages are read-only and
 *              CR0.WP makes that bind ring 0 too (kernel/mm/paging.c)
 *   fault gp   load a segment selector past the end of the GDT
 *   fault ud   execute UD2, the instruction defined to be invalid
 *   fault de   divide by zero with DIV
 *   fault df   recurse until the kernel stack runs into its guard page: the
 *              page fault cannot be delivered on the broken stack, so the
 *              CPU raises a double fault, which switches to a task with a
 *              stack of its own (kernel/traps.c)
 */
#include "kernel/printk.h"
#include "kernel/command.h"
#include "lib/string.h"

/* A selector whose index (0x1230 >> 3 = 582) lies far past porthole's
 * five-entry GDT. */
#define BAD_SELECTOR 0x1230

static void __attribute__((noinline)) fault_page(void)
{
	*(volatile u32 *)0 = 0xdead;
}

static void __attribute__((noinline)) fault_write_text(void)
{
	*(volatile u8 *)&fault_page = 0xc3;
}

static void __attribute__((noinline)) fault_general_protection(void)
{
	__asm__ volatile("mov %0, %%ds" : : "r"((u32)BAD_SELECTOR));
}

static void __attribute__((noinline)) fault_invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

static void __attribute__((noinline)) fault_divide(void)
{
	__asm__ volatile("xorl %%edx, %%edx\n\t"
			 "movl $1, %%eax\n\t"
			 "xorl %%ecx, %%ecx\n\t"
			 "divl %%ecx" ::
				 : "eax", "ecx", "edx");
}

/* Each call keeps 256 bytes live on the stack, so 16 KiB of stack is gone
 * after about 60 calls. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static u32 __attribute__((noinline)) fault_recurse(u32 depth)
{
	volatile u8 pad[256];

	pad[0] = (u8)depth;
	return fault_recurse(depth + 1) + pad[0];
}
#pragma GCC diagnostic pop

static const struct {
	const char *name;
	const char *what;
	void (*raise)(void);
} faults[] = {
	{"pf", "page fault: writing to address 0", fault_page},
	{"wp", "page fault: writing to read-only kernel text",
	 fault_write_text},
	{"gp", "general protection: loading a bad selector into DS",
	 fault_general_protection},
	{"ud", "invalid opcode: executing UD2", fault_invalid_opcode},
	{"de", "divide error: dividing by zero", fault_divide},
	{"df", "double fault: overflowing the kernel stack", NULL},
};

static int
cmd_fault(int argc, char **argv)
{
	if (argc != 2)
		return shell_usage();
	for (size_t i = 0; i < ARRAY_SIZE(faults); i++) {
		if (strcmp(argv[1], faults[i].name))
			continue;
		printk("fault: %s\n", faults[i].what);
		if (faults[i].raise)
			faults[i].raise();
		else
			fault_recurse(0);
		printk("fault: the CPU did not fault?\n");
		return 0;
	}
	printk("fault: unknown kind '%s'\n", argv[1]);
	return shell_usage();
}
SHELL_COMMAND("fault", cmd_fault, "raise a CPU exception on purpose",
	      "fault pf|wp|gp|ud|de|df");
