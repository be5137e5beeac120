/* kernel/traps.c - the Interrupt Descriptor Table and exception reports.
 *
 * Every one of the 256 vectors has a gate (boot/traps.S provides the entry
 * stubs), so nothing the CPU raises goes unseen. The 32 CPU exceptions
 * (Intel SDM vol. 3, 6.15 "Exception and Interrupt Reference") that no fixup
 * catches end in a report that names the exception, decodes its error code,
 * shows the registers and control registers, and walks the frame pointers to
 * a backtrace with function names (kernel/kallsyms.c). Vector 8, the double
 * fault, is a task gate: the CPU switches to a task with a stack of its own,
 * so even a blown kernel stack gets a report instead of a triple fault.
 *
 * A vector below 32 is not always an exception: the Local APIC delivers
 * any vector a message names. What it delivered it has in service (its
 * ISR bit), and that, or a missing error code, tells such an interrupt
 * from the exception; it is then a vector nobody owns, ended with an EOI
 * and counted like any other (ERR), and the interrupted code goes on.
 *
 * An exception in ring 3 is the process's, not the kernel's: it goes to
 * kernel/user/process.c, which kills the process with one line (or grows
 * its stack), and the kernel carries on. Vector 0x80 is the system call
 * gate, the one gate ring 3 may raise with `int` (DPL 3).
 */
#include "kernel/trap.h"
#include "kernel/irq.h"
#include "kernel/extable.h"
#include "kernel/gdt.h"
#include "kernel/kallsyms.h"
#include "kernel/page.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/user/process.h"
#include "kernel/user/uvm.h"
#include "kernel/x86.h"
#include "lib/errno.h"

/* Gate descriptor types (SDM vol. 3, 6.11, figure 6-2). */
#define GATE_PRESENT 0x80
#define GATE_INT32 0x0e /* interrupt gate: IF cleared on entry */
#define GATE_TASK 0x05	/* task gate: switch to the TSS named */
#define GATE_DPL3 0x60	/* ring 3 may raise it with `int` */

/* Selector error code bits (SDM vol. 3, 6.13). */
#define SEL_EXT 0x01 /* raised by an event external to the program */
#define SEL_IDT 0x02 /* the index refers to the IDT */
#define SEL_TI 0x04  /* with IDT=0: 1 = LDT, 0 = GDT */

#define DF_STACK_SIZE 8192
#define UNEXPECTED_REPORTS 10 /* lines for unowned vectors, at most */

struct idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 zero;
	u8 type_attr;
	u16 offset_hi;
} __packed;

struct idt_ptr {
	u16 limit;
	u32 base;
} __packed;

extern const u32 trap_stubs[NUM_VECTORS];

static struct idt_gate idt[NUM_VECTORS];
static trap_handler_t handlers[NUM_VECTORS];
static u32 unexpected_count;
static u8 df_stack[DF_STACK_SIZE] __aligned(16);

static const char *const names[NUM_EXCEPTIONS] = {
	"Divide Error (#DE)",
	"Debug (#DB)",
	"Non-Maskable Interrupt (NMI)",
	"Breakpoint (#BP)",
	"Overflow (#OF)",
	"BOUND Range Exceeded (#BR)",
	"Invalid Opcode (#UD)",
	"Device Not Available (#NM)",
	"Double Fault (#DF)",
	"Coprocessor Segment Overrun",
	"Invalid TSS (#TS)",
	"Segment Not Present (#NP)",
	"Stack-Segment Fault (#SS)",
	"General Protection (#GP)",
	"Page Fault (#PF)",
	"Reserved (15)",
	"x87 Floating-Point Error (#MF)",
	"Alignment Check (#AC)",
	"Machine Check (#MC)",
	"SIMD Floating-Point (#XM)",
	"Virtualization (#VE)",
	"Control Protection (#CP)",
	"Reserved (22)",
	"Reserved (23)",
	"Reserved (24)",
	"Reserved (25)",
	"Reserved (26)",
	"Reserved (27)",
	"Hypervisor Injection (#HV)",
	"VMM Communication (#VC)",
	"Security (#SX)",
	"Reserved (31)",
};

const char *
exception_name(unsigned vector)
{
	return vector < NUM_EXCEPTIONS ? names[vector] : "Unknown";
}

static bool
has_selector_error(unsigned vector)
{
	return vector == 10 || vector == 11 || vector == 12 || vector == 13;
}

static void
set_gate(unsigned vec, u32 offset, u16 selector, u8 type)
{
	idt[vec].offset_lo = offset & 0xffff;
	idt[vec].selector = selector;
	idt[vec].zero = 0;
	idt[vec].type_attr = GATE_PRESENT | type;
	idt[vec].offset_hi = offset >> 16;
}

static void df_task(void);

void
idt_init(void)
{
	struct idt_ptr ptr = {sizeof(idt) - 1, (u32)idt};

	for (unsigned v = 0; v < NUM_VECTORS; v++)
		set_gate(v, trap_stubs[v], KERNEL_CS, GATE_INT32);
	set_gate(VEC_DF, 0, gdt_set_df_task(df_task, df_stack + DF_STACK_SIZE),
		 GATE_TASK);
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

int
trap_set_user_gate(unsigned vector)
{
	if (vector >= NUM_VECTORS || vector < NUM_EXCEPTIONS)
		return -EINVAL;
	idt[vector].type_attr |= GATE_DPL3;
	return 0;
}

int
trap_set_handler(unsigned vector, trap_handler_t handler)
{
	if (vector >= NUM_VECTORS || vector < NUM_EXCEPTIONS)
		return -EINVAL;
	if (handler && handlers[vector])
		return -EBUSY;
	handlers[vector] = handler;
	return 0;
}

u32
trap_unexpected_count(void)
{
	return unexpected_count;
}

static void
print_error_code(const struct trapframe *tf)
{
	u32 e = tf->err;

	if (tf->vector == VEC_PF) {
		printk("error code 0x%x: %s, %s, %s mode%s\n", e,
		       e & X86_PF_PROT ? "protection violation"
				       : "page not present",
		       e & X86_PF_INSTR	  ? "instruction fetch"
		       : e & X86_PF_WRITE ? "write"
					  : "read",
		       e & X86_PF_USER ? "user" : "supervisor",
		       e & X86_PF_RSVD ? ", reserved bit set" : "");
		printk("CR2 (faulting address): 0x%08x\n", read_cr2());
	} else if (has_selector_error(tf->vector)) {
		if (e == 0)
			printk("error code 0x0: no selector involved\n");
		else
			printk("error code 0x%x: selector 0x%04x, %s index "
			       "%u%s\n",
			       e, e & 0xfff8,
			       e & SEL_IDT  ? "IDT"
			       : e & SEL_TI ? "LDT"
					    : "GDT",
			       (e >> 3) & 0x1fff,
			       e & SEL_EXT ? ", external event" : "");
	}
}

static void
print_registers(u32 eip, u32 cs, u32 eflags, u32 eax, u32 ebx, u32 ecx, u32 edx,
		u32 esi, u32 edi, u32 ebp, u32 esp)
{
	printk("EIP: %04x:%08x ", cs, eip);
	print_symbol(eip);
	printk("  EFLAGS: %08x\n", eflags);
	printk("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", eax, ebx, ecx, edx);
	printk("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", esi, edi, ebp, esp);
	printk("CR0: %08x CR2: %08x CR3: %08x CR4: %08x\n", read_cr0(),
	       read_cr2(), read_cr3(), read_cr4());
}

/* DR6, the debug status register (SDM vol. 3, 17.2.3): a real #DB sets
 * one of these to say why. */
#define DR6_B0_B3 0x0000000f /* breakpoint 0-3 condition met */
#define DR6_BD 0x00002000    /* debug-register access detected */
#define DR6_BS 0x00004000    /* single step (EFLAGS.TF) */
#define DR6_BT 0x00008000    /* task switch with the T flag */
#define DR6_BLD 0x00000800   /* bus lock (when enabled) */

static u32
read_dr6(void)
{
	u32 v;

	__asm__ volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

/* Vectors for which the CPU pushes an error code (SDM vol. 3, table 6-1);
 * 8 enters through a task gate and is left out. */
static bool
has_error_code(unsigned vector)
{
	return (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 ||
	       vector == 29 || vector == 30;
}

/* An interrupt that came in on an error-code vector pushed none, so the
 * stub's "error code" slot holds EIP, the EIP slot CS and the CS slot
 * EFLAGS (the stub cannot know: it pushes nothing there). Seen from the
 * kernel, the "EIP" is then the kernel's code selector and the "CS" is
 * an EFLAGS value, which is neither selector: EFLAGS bit 1 is always 1,
 * which KERNEL_CS (0x08) lacks, and bits 3 and 5 always 0, which
 * USER_CS (0x2b) has. (A real user fault at EIP 0x08 has CS USER_CS.) */
static bool
looks_like_kernel_frame_without_error_code(const struct trapframe *tf)
{
	return has_error_code(tf->vector) && tf->eip == KERNEL_CS &&
	       tf->cs != KERNEL_CS && tf->cs != USER_CS;
}

/* A vector below 32 can also be raised from outside the CPU: a write to
 * the Local APIC / MSI window (`poke -f 0xfee00000 14`), a stray MSI, or
 * a PIC still on its BIOS vectors. Where the frame can tell, say why it
 * was not the exception (NULL: it looks like the exception itself). */
static const char *
external_interrupt_why(const struct trapframe *tf)
{
	unsigned v = tf->vector;

	/* The Local APIC puts what it delivers in service (its ISR bit,
	 * until the EOI); an exception, INT n or an NMI sets no ISR bit. */
	if (irq_vector_in_service(v))
		return "the Local APIC has it in service (ISR bit set)";
	if (looks_like_kernel_frame_without_error_code(tf))
		return "entered without the error code this exception always "
		       "pushes";
	/* Otherwise a ring-3 frame's exception is the process's. */
	if (trapframe_from_user(tf))
		return NULL;
	if (v == 15 || (v >= 22 && v <= 27) || v == 31)
		return "no CPU exception uses this vector";
	if (v == 1 &&
	    !(read_dr6() & (DR6_B0_B3 | DR6_BD | DR6_BS | DR6_BT | DR6_BLD)))
		return "DR6 names no debug condition";
	return NULL;
}

/* The one line for an interrupt on vector 0-31 (it shares the count and
 * the limit of the unowned vectors: ERR). cs:eip is where it came in. */
static void
report_external(unsigned vector, const char *why, bool acked, u32 cs, u32 eip)
{
	if (++unexpected_count > UNEXPECTED_REPORTS)
		return;
	printk("external interrupt on vector %u (0x%02x), not a CPU exception "
	       "(%s): %s; nobody owns the vector: %s, counted in ERR, going "
	       "on (EIP: %04x:%08x ",
	       vector, vector, exception_name(vector), why,
	       acked ? "EOI sent" : "nothing in service to EOI", cs, eip);
	print_symbol(eip);
	printk(")\n");
}

/* An interrupt on an exception's vector is an interrupt nobody owns, not
 * a fault of the code it stopped (which would come back if we returned):
 * as for any unowned vector (Linux acks it and goes on), it is ended at
 * the Local APIC, counted and reported in one line, and the interrupted
 * code goes on. Returns true when the frame lacks the error code slot
 * (an error-code vector): trap_common then drops the vector alone. */
static bool
external_on_exception_vector(struct trapframe *tf, const char *why)
{
	bool short_frame = has_error_code(tf->vector);
	u32 eip = short_frame ? tf->err : tf->eip;
	u32 cs = short_frame ? tf->eip : tf->cs;

	report_external(tf->vector, why, irq_ack_unowned_vector(tf->vector), cs,
			eip);
	/* Back to ring 3 only through here: Ctrl-C ends the process.
	 * user_return reads nothing of the (maybe shifted) frame. */
	if ((cs & SEL_RPL_MASK) == 3)
		user_return(tf);
	return short_frame;
}

static void
exception_report(struct trapframe *tf)
{
	printk("\n*** %s, vector %u, in kernel mode ***\n",
	       exception_name(tf->vector), tf->vector);
	print_error_code(tf);
	print_registers(tf->eip, tf->cs, tf->eflags, tf->eax, tf->ebx, tf->ecx,
			tf->edx, tf->esi, tf->edi, tf->ebp, trapframe_esp(tf));
	printk("DS: %04x ES: %04x FS: %04x GS: %04x\n", tf->ds, tf->es, tf->fs,
	       tf->gs);
	backtrace_print_esp(tf->eip, tf->ebp, trapframe_esp(tf));
	panic_stop();
}

/* Nobody asked for this vector (a stray MSI or IPI, an ISA line with no
 * I/O APIC input such as IRQ 2, INT n): count it and say so, but only the
 * first few times, so a storm cannot drown the console. What the Local
 * APIC delivered it has in service: end it there, as Linux does, or no
 * device line would interrupt again (irq_ack_unowned_vector). */
static void
unowned_interrupt(unsigned vector)
{
	bool acked = irq_ack_unowned_vector(vector);

	if (++unexpected_count <= UNEXPECTED_REPORTS)
		printk("unexpected interrupt on vector %u (0x%02x), count "
		       "%u%s\n",
		       vector, vector, unexpected_count,
		       acked ? "; it was in service at the Local APIC: EOI "
			       "sent"
			     : "");
}

/* trap_dispatch - called by boot/traps.S for every vector. Returns true
 * when the frame has no error code where the stub left room for one (an
 * interrupt on an error-code vector): trap_common drops 4 bytes fewer. */
bool
trap_dispatch(struct trapframe *tf)
{
	if (tf->vector < NUM_EXCEPTIONS) {
		const char *why = external_interrupt_why(tf);
		if (why)
			return external_on_exception_vector(tf, why);
	}
	/* An NMI is an interrupt, not a fault of the code it stopped:
	 * counted and reported (Linux's "NMI" row), and the code goes on. */
	if (tf->vector == VEC_NMI) {
		irq_nmi(tf);
		if (trapframe_from_user(tf))
			user_return(tf);
		return false;
	}
	if (tf->vector < NUM_EXCEPTIONS) {
		if (trapframe_from_user(tf) && current) {
			/* the process's fault: it dies, or its stack grows */
			user_exception(tf);
			user_return(tf);
			return false;
		}
		/* a page table the heap or ioremap made after the running
		 * process's directory was copied (uvm.h) */
		if (tf->vector == VEC_PF && uvm_sync_kernel_pde(read_cr2()))
			return false;
		if (fixup_exception(tf))
			return false;
		exception_report(tf);
	}
	if (handlers[tf->vector])
		handlers[tf->vector](tf);
	else
		unowned_interrupt(tf->vector);
	/* Back to ring 3 only through here: Ctrl-C ends the process. */
	if (trapframe_from_user(tf))
		user_return(tf);
	return false;
}

/* The double-fault task. The CPU switched here through the task gate and
 * saved the broken task's registers in the main TSS; we report those.
 * An interrupt on vector 8 comes through the same gate (with no error
 * code): the Local APIC has it in service, and it is not fatal. The
 * IRET then returns to the interrupted task (EFLAGS.NT is set and this
 * TSS's back link names it: SDM vol. 3, 7.3 "Task Switching"); the
 * CPU saves this task's state there, so the next entry through the
 * gate resumes after the IRET, at the top of the loop. */
static void
df_task(void)
{
	extern u8 boot_stack_guard[], boot_stack_bottom[];
	const struct tss *t = gdt_main_tss();

	while (irq_vector_in_service(VEC_DF)) {
		report_external(VEC_DF,
				"the Local APIC has it in service (ISR bit "
				"set), and it came through the double-fault "
				"task gate",
				irq_ack_unowned_vector(VEC_DF), t->cs, t->eip);
		/* The switch back loads CR3 from the main TSS, which the
		 * switch here did not save: the process's directory while
		 * one runs (current is set just before its CR3 is loaded
		 * and cleared after, with interrupts off), else the
		 * kernel's, which this task runs on. */
		gdt_set_main_cr3(current ? (u32)__pa(current->pgdir)
					 : read_cr3());
		__asm__ volatile("iret" : : : "memory");
	}
	printk("\n*** %s, vector %u, in kernel mode ***\n",
	       exception_name(VEC_DF), VEC_DF);
	printk("running on the double-fault task's own stack; the registers "
	       "below are the interrupted task's\n");
	if (t->esp >= (u32)boot_stack_guard - 64 &&
	    t->esp < (u32)boot_stack_bottom + 64)
		printk("ESP %08x is at the boot stack's guard page "
		       "(%p-%p): kernel stack overflow\n",
		       t->esp, boot_stack_guard, boot_stack_bottom - 1);
	print_registers(t->eip, t->cs, t->eflags, t->eax, t->ebx, t->ecx,
			t->edx, t->esi, t->edi, t->ebp, t->esp);
	backtrace_print(t->eip, t->ebp);
	panic_stop();
}
