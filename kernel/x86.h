/* kernel/x86.h - the few privileged x86 instructions C needs: control
 * registers, interrupt flag, halt, TSC (Intel SDM vol. 3, ch. 2). */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include "lib/types.h"

#define CR0_PE 0x00000001    /* protected mode */
#define CR0_WP 0x00010000    /* supervisor writes honour read-only pages */
#define CR0_PG 0x80000000    /* paging */
#define EFLAGS_IF 0x00000200 /* interrupts enabled */

#define DEFINE_CR(n)                                                           \
	static inline u32 read_cr##n(void)                                     \
	{                                                                      \
		u32 v;                                                         \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));              \
		return v;                                                      \
	}                                                                      \
	static inline void write_cr##n(u32 v)                                  \
	{                                                                      \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");     \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void
cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void
sti(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void
hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

static inline u32
read_eflags(void)
{
	u32 f;
	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return f;
}

/* irq_save - disable interrupts, returning the old EFLAGS for irq_restore. */
static inline u32
irq_save(void)
{
	u32 f = read_eflags();
	cli();
	return f;
}

static inline void
irq_restore(u32 flags)
{
	if (flags & EFLAGS_IF)
		sti();
}

static inline u64
rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* rdmsr / wrmsr - a model-specific register (SDM vol. 4; IA32_APIC_BASE is
 * 0x1b). A missing MSR raises #GP: ask CPUID first. */
static inline u64
rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void
wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
			 : "memory");
}

/* cpuid - leaf @leaf, subleaf 0, into r[0..3] = EAX, EBX, ECX, EDX. */
static inline void
cpuid(u32 leaf, u32 r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

/* cpu_relax - tell the CPU this is a spin-wait loop (PAUSE: SDM vol. 2,
 * "PAUSE"): it saves power and, on a hyperthreaded core, leaves the other
 * thread the pipeline. */
static inline void
cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline void
invlpg(const void *va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* halt_forever - stop this CPU for good (interrupts off). */
static inline __noreturn void
halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
