/* kernel/mm/iomap.c - one ioread/iowrite face for ports and memory.
 *
 * A cookie from ioport_map is PIO_OFFSET + port, so it lies in
 * [0x10000, 0x20000); an ioremap address lies above PAGE_OFFSET. The
 * accessors (inline, in kernel/iomap.h) test which of the two they were
 * given (Linux's IO_COND in lib/iomap.c) and use IN/OUT or a load/store;
 * anything else is a bug in the caller, reported here. Also here: the
 * cookies themselves and the block copies to and from device memory.
 */
#include "kernel/iomap.h"
#include "kernel/printk.h"

void __iomem *
ioport_map(u32 port, u32 count)
{
	if (count == 0 || port >= PIO_PORTS || count > PIO_PORTS - port) {
		printk("ioport_map: ports %x+%x are not inside 0-ffff\n", port,
		       count);
		return NULL;
	}
	return (void __iomem *)(PIO_OFFSET + port);
}

void
ioport_unmap(void __iomem *cookie)
{
	(void)cookie; /* x86 ports need no mapping: nothing to undo */
}

void
bad_io_access(uintptr_t a, const char *what)
{
	printk("%s: %08x is neither a port cookie (%05lx-%05lx from "
	       "ioport_map) nor a mapped address (above %08lx)\n",
	       what, (u32)a, PIO_OFFSET, PIO_OFFSET + PIO_PORTS - 1,
	       IOMAP_MMIO_START);
}

void
memcpy_fromio(void *dst, const volatile void __iomem *src, size_t n)
{
	u8 *d = dst;
	const volatile u8 *s = src;

	for (; n && ((uintptr_t)s & 3); n--)
		*d++ = readb(s++);
	for (; n >= 4; n -= 4, s += 4, d += 4) {
		u32 v = readl(s);
		__builtin_memcpy(d, &v, 4);
	}
	for (; n; n--)
		*d++ = readb(s++);
}

void
memcpy_toio(volatile void __iomem *dst, const void *src, size_t n)
{
	volatile u8 *d = dst;
	const u8 *s = src;

	for (; n && ((uintptr_t)d & 3); n--)
		writeb(*s++, d++);
	for (; n >= 4; n -= 4, s += 4, d += 4) {
		u32 v;
		__builtin_memcpy(&v, s, 4);
		writel(v, d);
	}
	for (; n; n--)
		writeb(*s++, d++);
}
