/* kernel/io.h - port I/O: the x86 `in` and `out` instructions.
 *
 * The PC has a second address space besides memory: 64 KiB of I/O ports,
 * reached only by IN/OUT (Intel SDM vol. 1, ch. 19 "Input/Output"). A port
 * access is always uncached and strongly ordered. Drivers claim their ports
 * with request_region() (kernel/resource.h) before touching them.
 *
 * inb/inw/inl read 8/16/32 bits; outb/outw/outl write them (value first,
 * port second, as in Linux). The _p variants add a short delay (a write to
 * the unused POST-code port 0x80) for old chips like the 8259 and 8254 that
 * need recovery time between accesses. insw/outsw (insl/outsl) move a
 * buffer of 16-bit words (32-bit dwords) through one port with REP INS/OUTS:
 * the ATA data register.
 * All of these may be used in any context.
 *
 * Every access can be recorded in the I/O trace (kernel/trace.h, the shell's
 * `trace` command): each accessor tests io_trace_mask once, a load and a
 * branch predicted not taken, and only when tracing is on calls
 * io_trace_record() out of line. The accessors are always inlined, so the
 * return address io_trace_record() sees lies in the driver function that
 * made the access, which is the name `trace show` prints. Build with
 * `make IO_TRACE=0` to compile the test out entirely.
 *
 * A write is recorded just before it is made, a read just after (only
 * then is its value known). So an interrupt that a write itself raises -
 * the OUT that starts a DMA command QEMU finishes at once, a self-IPI -
 * is traced after the write that caused it. A read's record can still
 * come after an interrupt that arrived between the read and its record.
 */
#ifndef KERNEL_IO_H
#define KERNEL_IO_H

#include "lib/types.h"

/* Writing to port 0x80 (the POST diagnostic port) takes about 1 us on real
 * ISA hardware and has no other effect: the classic I/O delay. */
#define IO_DELAY_PORT 0x80

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* What io_trace_record() is told about one access (kernel/trace.h). */
#define IO_TRACE_PORTS 0x1u   /* io_trace_mask: record port accesses */
#define IO_TRACE_MMIO 0x2u    /* io_trace_mask: record MMIO accesses */
#define IO_TRACE_WIDTH 0x7u   /* flags: 1, 2 or 4 bytes */
#define IO_TRACE_WRITE 0x8u   /* flags: out/write (else in/read) */
#define IO_TRACE_MEM 0x10u    /* flags: addr is a virtual MMIO address */
#define IO_TRACE_STRING 0x20u /* flags: REP INS/OUTS of `count` items */

#ifndef NO_IO_TRACE
extern volatile u32 io_trace_mask;
void io_trace_record(u32 flags, uintptr_t addr, u32 value, u32 count);
/* IO_TRACE - record one access when tracing of @kind is on: one load and
 * one branch the CPU predicts not taken when it is off. */
#define IO_TRACE(kind, flags, addr, value, count)                              \
	do {                                                                   \
		if (__builtin_expect(io_trace_mask & (kind), 0))               \
			io_trace_record((flags), (uintptr_t)(addr), (value),   \
					(count));                              \
	} while (0)
#else
/* Compiled out: nothing runs; sizeof only keeps the arguments "used". */
#define IO_TRACE(kind, flags, addr, value, count)                              \
	do {                                                                   \
		(void)sizeof(addr);                                            \
		(void)sizeof(value);                                           \
		(void)sizeof(count);                                           \
	} while (0)
#endif
#define IO_TRACE_PIO(flags, port, value)                                       \
	IO_TRACE(IO_TRACE_PORTS, (flags), (port), (value), 1)

static __always_inline u8
inb(u16 port)
{
	u8 v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	IO_TRACE_PIO(1, port, v);
	return v;
}

static __always_inline u16
inw(u16 port)
{
	u16 v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	IO_TRACE_PIO(2, port, v);
	return v;
}

static __always_inline u32
inl(u16 port)
{
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	IO_TRACE_PIO(4, port, v);
	return v;
}

static __always_inline void
outb(u8 v, u16 port)
{
	IO_TRACE_PIO(IO_TRACE_WRITE | 1, port, v);
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static __always_inline void
outw(u16 v, u16 port)
{
	IO_TRACE_PIO(IO_TRACE_WRITE | 2, port, v);
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static __always_inline void
outl(u32 v, u16 port)
{
	IO_TRACE_PIO(IO_TRACE_WRITE | 4, port, v);
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static __always_inline void
io_delay(void)
{
	__asm__ volatile("outb %%al, %0" : : "N"(IO_DELAY_PORT));
}

static __always_inline u8
inb_p(u16 port)
{
	u8 v = inb(port);
	io_delay();
	return v;
}

static __always_inline u16
inw_p(u16 port)
{
	u16 v = inw(port);
	io_delay();
	return v;
}

static __always_inline u32
inl_p(u16 port)
{
	u32 v = inl(port);
	io_delay();
	return v;
}

static __always_inline void
outb_p(u8 v, u16 port)
{
	outb(v, port);
	io_delay();
}

static __always_inline void
outw_p(u16 v, u16 port)
{
	outw(v, port);
	io_delay();
}

static __always_inline void
outl_p(u32 v, u16 port)
{
	outl(v, port);
	io_delay();
}

/* insw - read count 16-bit words from port into buf (REP INSW). The trace
 * records one entry for the whole string, with its first item. */
static __always_inline void
insw(u16 port, void *buf, unsigned long count)
{
	const void *start = buf;
	unsigned long n = count;

	__asm__ volatile("rep insw"
			 : "+D"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
	IO_TRACE(IO_TRACE_PORTS, IO_TRACE_STRING | 2, port,
		 n ? ((const u16 *)start)[0] : 0, n);
}

/* outsw - write count 16-bit words from buf to port (REP OUTSW). */
static __always_inline void
outsw(u16 port, const void *buf, unsigned long count)
{
	IO_TRACE(IO_TRACE_PORTS, IO_TRACE_WRITE | IO_TRACE_STRING | 2, port,
		 count ? ((const u16 *)buf)[0] : 0, count);
	__asm__ volatile("rep outsw"
			 : "+S"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
}

/* insl - read count 32-bit dwords from port into buf (REP INSL). */
static __always_inline void
insl(u16 port, void *buf, unsigned long count)
{
	const void *start = buf;
	unsigned long n = count;

	__asm__ volatile("rep insl"
			 : "+D"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
	IO_TRACE(IO_TRACE_PORTS, IO_TRACE_STRING | 4, port,
		 n ? ((const u32 *)start)[0] : 0, n);
}

/* outsl - write count 32-bit dwords from buf to port (REP OUTSL). */
static __always_inline void
outsl(u16 port, const void *buf, unsigned long count)
{
	IO_TRACE(IO_TRACE_PORTS, IO_TRACE_WRITE | IO_TRACE_STRING | 4, port,
		 count ? ((const u32 *)buf)[0] : 0, count);
	__asm__ volatile("rep outsl"
			 : "+S"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
}

#endif
