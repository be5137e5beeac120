/* kernel/iomap.h - memory-mapped I/O: ioremap, readl/writel, and the one
 * ioread/iowrite face for both ports and memory.
 *
 * A PCI memory BAR is a window of physical addresses the device decodes
 * (PCI Local Bus spec 3.0, 6.2.5.1). The CPU reaches it only through a page
 * table mapping, so ioremap() maps it into the ioremap range (0xf0000000-
 * 0xff7fffff, kernel/mm/paging.h) with caching off: PCD | PWT (SDM vol. 3,
 * 11.5.2.1: a load must reach the device every time, and a store must not
 * sit in a cache). The driver's sequence is Linux's:
 *
 *   request_mem_region -> ioremap -> readl/writel -> iounmap
 *                                                 -> release_mem_region
 *
 * readb/readw/readl and writeb/writew/writel are single volatile loads and
 * stores with a compiler barrier ("memory" clobber): the compiler may not
 * merge, split, drop or reorder them around other memory accesses. x86
 * keeps uncached accesses in program order itself (SDM vol. 3, 8.2.2).
 *
 * ioport_map(port, n) returns a cookie port + PIO_OFFSET (0x10000-
 * 0x1ffff); ioread8/16/32 and iowrite8/16/32 look at the address and
 * use IN/OUT for a cookie and a load/store for a mapped address, as Linux's
 * lib/iomap.c does with its IO_COND test (thresholds: see IO_COND). So a driver
 * can be written once for a device that has its registers behind an I/O BAR on
 * one card and a memory BAR on another (pci_iomap chooses).
 */
#ifndef KERNEL_IOMAP_H
#define KERNEL_IOMAP_H

#include "kernel/io.h"
#include "kernel/page.h"
#include "lib/types.h"

/* Marks pointers to device memory: never dereference them directly. */
#define __iomem

/* Port cookies: PIO_OFFSET + port, for ports 0..0xffff (Linux's value;
 * see IO_COND for where porthole's test differs from Linux's). */
#define PIO_OFFSET 0x10000UL
#define PIO_PORTS 0x10000UL
/* IO_TRACE_MMIO_ACCESS - the I/O trace's hook in each accessor below: one
 * load and a branch predicted not taken while tracing is off (kernel/io.h). */
#define IO_TRACE_MMIO_ACCESS(flags, addr, value)                               \
	IO_TRACE(IO_TRACE_MMIO, IO_TRACE_MEM | (flags), (addr), (value), 1)

/* Memory addresses ioread/iowrite accept: the kernel's (ioremap's, and the
 * direct map's) part of the address space, from PAGE_OFFSET up. */
#define IOMAP_MMIO_START ((unsigned long)PAGE_OFFSET)

static __always_inline u8
readb(const volatile void __iomem *addr)
{
	u8 v;
	__asm__ volatile("movb %1, %0"
			 : "=q"(v)
			 : "m"(*(volatile u8 *)addr)
			 : "memory");
	IO_TRACE_MMIO_ACCESS(1, addr, v);
	return v;
}

static __always_inline u16
readw(const volatile void __iomem *addr)
{
	u16 v;
	__asm__ volatile("movw %1, %0"
			 : "=r"(v)
			 : "m"(*(volatile u16 *)addr)
			 : "memory");
	IO_TRACE_MMIO_ACCESS(2, addr, v);
	return v;
}

static __always_inline u32
readl(const volatile void __iomem *addr)
{
	u32 v;
	__asm__ volatile("movl %1, %0"
			 : "=r"(v)
			 : "m"(*(volatile u32 *)addr)
			 : "memory");
	IO_TRACE_MMIO_ACCESS(4, addr, v);
	return v;
}

static __always_inline void
writeb(u8 v, volatile void __iomem *addr)
{
	IO_TRACE_MMIO_ACCESS(IO_TRACE_WRITE | 1, addr, v);
	__asm__ volatile("movb %0, %1"
			 :
			 : "q"(v), "m"(*(volatile u8 *)addr)
			 : "memory");
}

static __always_inline void
writew(u16 v, volatile void __iomem *addr)
{
	IO_TRACE_MMIO_ACCESS(IO_TRACE_WRITE | 2, addr, v);
	__asm__ volatile("movw %0, %1"
			 :
			 : "r"(v), "m"(*(volatile u16 *)addr)
			 : "memory");
}

static __always_inline void
writel(u32 v, volatile void __iomem *addr)
{
	IO_TRACE_MMIO_ACCESS(IO_TRACE_WRITE | 4, addr, v);
	__asm__ volatile("movl %0, %1"
			 :
			 : "r"(v), "m"(*(volatile u32 *)addr)
			 : "memory");
}

/* memcpy_fromio / memcpy_toio - copy between device memory and RAM with
 * aligned 32-bit accesses where possible, bytes at the unaligned ends. */
void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t n);
void memcpy_toio(volatile void __iomem *dst, const void *src, size_t n);
/* ioremap - map physical [@phys, @phys + @size) uncached (PCD | PWT) into
 * the ioremap range; neither end needs to be page-aligned. Returns the
 * virtual address of @phys (above 3 GiB), or NULL after one printed line:
 * size 0, a range that wraps, a range reaching above 4 GiB (32-bit paging
 * without PAE cannot map it), RAM the frame allocator manages (use __va),
 * or no room left. Thread context. */
void __iomem *ioremap(phys_addr_t phys, u64 size);

/* iounmap - remove a mapping ioremap made (@addr as ioremap returned it),
 * flush its TLB entries and free its virtual range. Returns 0, or -EINVAL
 * after one line when @addr is not the start of a mapping. Thread context. */
int iounmap(volatile void __iomem *addr);

/* ioremap_lookup - the physical address behind @addr if it lies in a live
 * ioremap mapping (true), else false. Any context. */
bool ioremap_lookup(const volatile void *addr, phys_addr_t *phys);

/* ioport_map - a cookie for ports [@port, @port + @count) that ioread/
 * iowrite turn back into IN/OUT. Returns NULL after one line if the range
 * leaves the 64 KiB port space or is empty. Claims nothing: use
 * request_region for that. Any context. */
void __iomem *ioport_map(u32 port, u32 count);

/* iomap_is_port - is @addr a cookie from ioport_map (not a memory
 * address)? The test ioread/iowrite make. */
static inline bool
iomap_is_port(const volatile void __iomem *addr)
{
	return (uintptr_t)addr - PIO_OFFSET < PIO_PORTS;
}

/* ioport_unmap - done with a cookie (nothing to undo on x86). */
void ioport_unmap(void __iomem *cookie);

/* bad_io_access - report (one line) an ioread/iowrite address that is
 * neither a port cookie nor a mapped address. */
void bad_io_access(uintptr_t addr, const char *what);

/* IO_COND - the test of Linux's lib/iomap.c, with porthole's thresholds:
 * run is_mmio for an address from IOMAP_MMIO_START (PAGE_OFFSET) up,
 * is_pio with `port` set for a cookie (PIO_OFFSET + 0 .. + 0xffff), else
 * report and run bad. Linux's (PIO_OFFSET 0x10000, PIO_MASK 0xffff,
 * PIO_RESERVED 0x40000) differ in two places, on purpose: Linux takes
 * everything from PIO_RESERVED up as memory, where porthole would fault
 * on 0x40000-0xbfffffff (nothing the kernel maps lives there), so it
 * reports those instead; and Linux's `port > PIO_OFFSET` turns away the
 * cookie of port 0, which porthole accepts (port 0 is dma1's, a real
 * register). PIO_MASK is not needed: a cookie is checked to be in range,
 * not masked into it. Inline, so the choice costs a compare or two. */
#define IO_COND(addr, is_pio, is_mmio, what, bad)                              \
	do {                                                                   \
		uintptr_t a_ = (uintptr_t)(addr);                              \
		if (a_ >= IOMAP_MMIO_START) {                                  \
			is_mmio;                                               \
		} else if (iomap_is_port((const void __iomem *)a_)) {          \
			u16 port = (u16)(a_ - PIO_OFFSET);                     \
			is_pio;                                                \
		} else {                                                       \
			bad_io_access(a_, what);                               \
			bad;                                                   \
		}                                                              \
	} while (0)

/* ioread8/16/32, iowrite8/16/32 - one access through a cookie from
 * ioport_map (IN/OUT) or an address from ioremap (load/store). A value
 * that is neither is reported in one line; the read then returns all ones
 * (what a read from nothing gives on the bus) and the write does nothing.
 * Any context. */
static __always_inline u8
ioread8(const void __iomem *addr)
{
	IO_COND(addr, return inb(port), return readb(addr), "ioread8",
		return 0xff);
}

static __always_inline u16
ioread16(const void __iomem *addr)
{
	IO_COND(addr, return inw(port), return readw(addr), "ioread16",
		return 0xffff);
}

static __always_inline u32
ioread32(const void __iomem *addr)
{
	IO_COND(addr, return inl(port), return readl(addr), "ioread32",
		return 0xffffffff);
}

static __always_inline void
iowrite8(u8 v, void __iomem *addr)
{
	IO_COND(addr, outb(v, port), writeb(v, addr), "iowrite8", return );
}

static __always_inline void
iowrite16(u16 v, void __iomem *addr)
{
	IO_COND(addr, outw(v, port), writew(v, addr), "iowrite16", return );
}

static __always_inline void
iowrite32(u32 v, void __iomem *addr)
{
	IO_COND(addr, outl(v, port), writel(v, addr), "iowrite32", return );
}

struct ioremap_stats {
	u32 mappings; /* live ioremap (uncached) mappings */
	u32 bytes;    /* virtual bytes they hold (guard pages included) */
	u32 memremap_mappings; /* live memremap (cached) ones, same range */
	u32 memremap_bytes;
};

/* ioremap_get_stats - counts for meminfo and tests. */
void ioremap_get_stats(struct ioremap_stats *st);

/* One live mapping, as `iomaps` lists it. */
struct ioremap_mapping {
	u32 virt; /* first virtual page (ioremap's result, page-aligned) */
	phys_addr_t phys; /* first physical page mapped */
	u32 npages;	  /* pages mapped; an unmapped guard page follows */
	bool cached;	  /* memremap (write-back), not ioremap (uncached) */
};

/* ioremap_for_each - call fn(mapping, arg) for every live mapping, lowest
 * address first. fn must not ioremap or iounmap. Thread context. */
void ioremap_for_each(void (*fn)(const struct ioremap_mapping *m, void *arg),
		      void *arg);

#endif
