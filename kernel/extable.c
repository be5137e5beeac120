/* kernel/extable.c - look up a faulting instruction in the fixup table. */
#include "kernel/extable.h"
#include "lib/errno.h"

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

bool
fixup_exception(struct trapframe *tf)
{
	for (const struct exception_table_entry *e = __ex_table_start;
	     e < __ex_table_end; e++) {
		if (e->insn == tf->eip) {
			tf->eip = e->fixup;
			tf->eax = (u32)-EFAULT;
			return true;
		}
	}
	return false;
}
