/* kernel/trap.h - the trap frame and the vector table's interface. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "lib/types.h"

/* What boot/traps.S leaves on the stack (lowest address first). */
struct trapframe {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_at_pushal, ebx, edx, ecx, eax;
	u32 vector, err;
	u32 eip, cs, eflags; /* pushed by the CPU */
};

/* The stack pointer the interrupted code had: for a trap from ring 0 the CPU
 * pushes no ESP/SS, so it is just above EFLAGS. */
static inline u32
trapframe_esp(const struct trapframe *tf)
{
	return (u32)&tf->eflags + 4;
}

#define NUM_VECTORS 256
#define NUM_EXCEPTIONS 32
#define IRQ_BASE_VECTOR 0x20 /* PIC IRQ 0 after remapping */

#define VEC_DE 0  /* divide error */
#define VEC_UD 6  /* invalid opcode */
#define VEC_DF 8  /* double fault */
#define VEC_GP 13 /* general protection */
#define VEC_PF 14 /* page fault */

typedef void (*trap_handler_t)(struct trapframe *tf);

/* idt_init - fill the IDT with every stub, the double-fault task gate, and
 * load it. After this no exception goes unreported. */
void idt_init(void);

/* trap_set_handler - run handler for vector (interrupt context: it must not
 * sleep). Returns 0, -EINVAL for a bad vector, -EBUSY if one is set. */
int trap_set_handler(unsigned vector, trap_handler_t handler);

/* trap_unexpected_count - how many interrupts arrived on vectors nobody
 * handles (shown by the `interrupts` command). */
u32 trap_unexpected_count(void);

/* exception_name - "Page Fault" for 14, etc.; "Unknown" past 31. */
const char *exception_name(unsigned vector);

#endif
