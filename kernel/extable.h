/* kernel/extable.h - exception fixups: let chosen instructions fault safely.
 *
 * As in Linux, an instruction that may fault on purpose (a peek at an address
 * a student typed) is listed in the __ex_table section with the address to
 * continue at. When such an instruction faults, the trap handler does not
 * report a crash: it jumps to the fixup, which makes the access return an
 * error. The table is built by the linker from every EX_TABLE_ENTRY.
 */
#ifndef KERNEL_EXTABLE_H
#define KERNEL_EXTABLE_H

#include "kernel/trap.h"

struct exception_table_entry {
	u32 insn;  /* address of the instruction that may fault */
	u32 fixup; /* where to continue if it does */
};

/* For inline assembly: record that the instruction at label `from` may
 * fault and that execution continues at label `to`. */
#define EX_TABLE_ENTRY(from, to)                                               \
	".pushsection __ex_table, \"a\"\n\t"                                   \
	".balign 4\n\t"                                                        \
	".long " #from ", " #to "\n\t"                                         \
	".popsection\n\t"

/* safe_read8/16/32 and safe_write8/16/32 - one access of that width to
 * addr, which may fault (an unmapped page, a write to a read-only page).
 * Return 0 (reads set *val), or -EFAULT when the access faulted; nothing
 * else happens then (*val is left alone). The fixup leaves -EFAULT in EAX,
 * so EAX holds the result; "q" asks for a register with a byte part. */
#define DEFINE_SAFE_ACCESS(bits, type, sfx, reg)                               \
	static inline int safe_read##bits(const volatile void *addr,           \
					  type *val)                           \
	{                                                                      \
		int err;                                                       \
		type v = 0;                                                    \
		__asm__ volatile("xorl %%eax, %%eax\n"                         \
				 "1:\tmov" sfx " (%2), %1\n"                   \
				 "2:\n\t" EX_TABLE_ENTRY(1b, 2b)               \
				 : "=&a"(err), "+" reg(v)                      \
				 : "r"(addr)                                   \
				 : "memory");                                  \
		if (!err)                                                      \
			*val = v;                                              \
		return err;                                                    \
	}                                                                      \
	static inline int safe_write##bits(volatile void *addr, type val)      \
	{                                                                      \
		int err;                                                       \
		__asm__ volatile("xorl %%eax, %%eax\n"                         \
				 "1:\tmov" sfx " %1, (%2)\n"                   \
				 "2:\n\t" EX_TABLE_ENTRY(1b, 2b)               \
				 : "=&a"(err)                                  \
				 : reg(val), "r"(addr)                         \
				 : "memory");                                  \
		return err;                                                    \
	}
DEFINE_SAFE_ACCESS(8, u8, "b", "q")
DEFINE_SAFE_ACCESS(16, u16, "w", "r")
DEFINE_SAFE_ACCESS(32, u32, "l", "r")
#undef DEFINE_SAFE_ACCESS

/* fixup_exception - if tf->eip is listed, redirect it to the fixup, set
 * EAX to -EFAULT (the fixup's result register) and return true. */
bool fixup_exception(struct trapframe *tf);

#endif
