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
 */
#ifndef KERNEL_IO_H
#define KERNEL_IO_H

#include "lib/types.h"

/* Writing to port 0x80 (the POST diagnostic port) takes about 1 us on real
 * ISA hardware and has no other effect: the classic I/O delay. */
#define IO_DELAY_PORT 0x80

static inline u8
inb(u16 port)
{
	u8 v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16
inw(u16 port)
{
	u16 v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32
inl(u16 port)
{
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outb(u8 v, u16 port)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
outw(u16 v, u16 port)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
outl(u32 v, u16 port)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
io_delay(void)
{
	__asm__ volatile("outb %%al, %0" : : "N"(IO_DELAY_PORT));
}

static inline u8
inb_p(u16 port)
{
	u8 v = inb(port);
	io_delay();
	return v;
}

static inline u16
inw_p(u16 port)
{
	u16 v = inw(port);
	io_delay();
	return v;
}

static inline u32
inl_p(u16 port)
{
	u32 v = inl(port);
	io_delay();
	return v;
}

static inline void
outb_p(u8 v, u16 port)
{
	outb(v, port);
	io_delay();
}

static inline void
outw_p(u16 v, u16 port)
{
	outw(v, port);
	io_delay();
}

static inline void
outl_p(u32 v, u16 port)
{
	outl(v, port);
	io_delay();
}

/* insw - read count 16-bit words from port into buf (REP INSW). */
static inline void
insw(u16 port, void *buf, unsigned long count)
{
	__asm__ volatile("rep insw"
			 : "+D"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
}

/* outsw - write count 16-bit words from buf to port (REP OUTSW). */
static inline void
outsw(u16 port, const void *buf, unsigned long count)
{
	__asm__ volatile("rep outsw"
			 : "+S"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
}

/* insl - read count 32-bit dwords from port into buf (REP INSL). */
static inline void
insl(u16 port, void *buf, unsigned long count)
{
	__asm__ volatile("rep insl"
			 : "+D"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
}

/* outsl - write count 32-bit dwords from buf to port (REP OUTSL). */
static inline void
outsl(u16 port, const void *buf, unsigned long count)
{
	__asm__ volatile("rep outsl"
			 : "+S"(buf), "+c"(count)
			 : "d"(port)
			 : "memory");
}

#endif
