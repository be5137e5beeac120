/* kernel/kallsyms.h - addresses to function names, for backtraces. */
#ifndef KERNEL_KALLSYMS_H
#define KERNEL_KALLSYMS_H

#include "lib/types.h"

/* kallsyms_lookup - the function containing addr: returns its name and sets
 * *offset (addr - start) and *size (or NULL when addr is in no function). */
const char *kallsyms_lookup(u32 addr, u32 *offset, u32 *size);

/* kallsyms_addr - the address of the function called name, or 0. */
u32 kallsyms_addr(const char *name);

/* print_symbol - print "name+0xoff/0xsize" (or "?") for addr. */
void print_symbol(u32 addr);

/* backtrace_print - print eip and then the return addresses found by
 * following the saved-EBP chain from ebp. Checks each frame pointer before
 * reading it, so a corrupt chain ends the walk instead of faulting. Safe in
 * exception context. */
void backtrace_print(u32 eip, u32 ebp);

/* backtrace_print_esp - the same for a trap, where esp is the interrupted
 * stack pointer: the words between esp and ebp are searched for the return
 * address of a function that set up no frame (printed with a "?"). */
void backtrace_print_esp(u32 eip, u32 ebp, u32 esp);

#endif
