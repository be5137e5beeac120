/* kernel/panic.c - the last thing the kernel does when it cannot go on. */
#include "kernel/panic.h"
#include "kernel/cmdline.h"
#include "kernel/kallsyms.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/string.h"

void
panic_stop(void)
{
	const char *mode = cmdline_get("panic");

	cli();
	if (mode && !strcmp(mode, "exit")) {
		printk("panic=exit: leaving QEMU with status %u\n",
		       QEMU_EXIT_STATUS(EXIT_PANIC));
		qemu_exit(EXIT_PANIC);
	}
	/* Ctrl-A X is QEMU's own key on its stdio console (make run); on a
	 * socket (make debug's console) it is just two bytes. */
	printk("System halted. (make run: Ctrl-A X quits QEMU; make debug: "
	       "quit gdb; the QEMU monitor or gdb can still inspect the "
	       "machine.)\n");
	halt_forever();
}

void
panic(const char *fmt, ...)
{
	va_list ap;
	u32 ebp;

	cli();
	printk("\nKernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	__asm__ volatile("mov %%ebp, %0" : "=r"(ebp));
	/* Start from panic()'s caller: its frame is the one ours points to. */
	backtrace_print((u32)__builtin_return_address(0), *(u32 *)ebp);
	panic_stop();
}
