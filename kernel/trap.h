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
	u32 esp, ss; /* pushed by the CPU only when coming from ring 3 */
};

#define SEL_RPL_MASK 3 /* a selector's requested privilege level */
#define EFLAGS_IOPL_SHIFT 12
#define EFLAGS_IOPL (3u << EFLAGS_IOPL_SHIFT) /* I/O privilege level */

/* trapframe_from_user - did the trap interrupt ring 3? (The CPL is the
 * RPL of the CS it saved.) Then esp and ss are valid. */
static inline bool
trapframe_from_user(const struct trapframe *tf)
{
	return (tf->cs & SEL_RPL_MASK) == 3;
}

/* The stack pointer the interrupted kernel code had: for a trap from ring 0
 * the CPU pushes no ESP/SS, so it is just above EFLAGS. */
static inline u32
trapframe_esp(const struct trapframe *tf)
{
	return (u32)&tf->eflags + 4;
}

#define NUM_VECTORS 256
#define NUM_EXCEPTIONS 32
/* IRQ line n arrives on vector IRQ_BASE_VECTOR + n, whichever chip drives
 * it: Linux's ISA_IRQ_VECTOR(n) = 0x30 + n (ISA_IRQ_VECTOR(0) is
 * FIRST_EXTERNAL_VECTOR 0x20 plus 0x10), so `..TIMER: vector=0x30` and the
 * vectors gdb shows are Linux's. 48 lines end at 0x5f, below the system
 * call (0x80) and the Local APIC's own (0xec-0xff). */
#define IRQ_BASE_VECTOR 0x30

#define VEC_DE 0  /* divide error */
#define VEC_NMI 2 /* non-maskable interrupt: not an error (kernel/irq.c) */
#define VEC_UD 6  /* invalid opcode */
#define VEC_DF 8  /* double fault */
#define VEC_GP 13 /* general protection */
#define VEC_PF 14 /* page fault */

/* Page-fault error code bits (SDM vol. 3, 4.7), with Linux's names. */
#define X86_PF_PROT 0x01  /* 0: page not present, 1: protection violation */
#define X86_PF_WRITE 0x02 /* the access was a write */
#define X86_PF_USER 0x04  /* the access came from user mode */
#define X86_PF_RSVD 0x08  /* a reserved bit was set in a paging entry */
#define X86_PF_INSTR 0x10 /* instruction fetch */

#define VEC_SYSCALL 0x80 /* int $0x80: Linux i386's system call */

typedef void (*trap_handler_t)(struct trapframe *tf);

/* idt_init - fill the IDT with every stub, the double-fault task gate, and
 * load it. After this no exception goes unreported. */
void idt_init(void);

/* trap_set_handler - run handler for vector (interrupt context: it must not
 * sleep). Returns 0, -EINVAL for a bad vector, -EBUSY if one is set. */
int trap_set_handler(unsigned vector, trap_handler_t handler);

/* trap_set_user_gate - let ring 3 raise @vector with `int` (gate DPL 3,
 * SDM vol. 3, 6.12.1.1): the system call vector. Other vectors keep DPL 0,
 * so `int N` from ring 3 is a #GP. Returns 0 or -EINVAL. Boot only. */
int trap_set_user_gate(unsigned vector);

/* trap_unexpected_count - how many interrupts arrived on vectors nobody
 * handles (shown by the `interrupts` command). */
u32 trap_unexpected_count(void);

/* exception_name - "Page Fault" for 14, etc.; "Unknown" past 31. */
const char *exception_name(unsigned vector);

#endif
