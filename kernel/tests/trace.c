/* kernel/tests/trace.c - in-kernel tests of the I/O trace (kernel/trace.c).
 *
 * The accesses come from small noinline functions here, so the caller the
 * trace names can be checked against kallsyms. Port 0x80 (the POST code
 * port) is the target: writing it does nothing but show a code on a POST
 * card, and QEMU accepts it. The flood test lets the timer's interrupt
 * handler trace its end-of-interrupt writes to the PIC while this thread
 * writes a counting sequence to port 0x80, and wraps the ring many times.
 */
#include "kernel/iomap.h"
#include "kernel/kallsyms.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/page.h"
#include "kernel/time.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "lib/string.h"

#define POST_PORT 0x80
#define PIC1_CMD 0x20	 /* the master 8259's command port (EOIs) */
#define VGA_TEXT 0xb8000 /* the text screen: device memory, not RAM */
#define FLOOD_TICKS 30	 /* timer interrupts the flood spans */

/* In a kernel built with IO_TRACE=0 the accessors never call the tracer. */
#ifdef NO_IO_TRACE
#define SKIP_IF_COMPILED_OUT(kt)                                               \
	do {                                                                   \
		KT_SKIP(kt, "built with IO_TRACE=0");                          \
		return;                                                        \
	} while (0)
#else
#define SKIP_IF_COMPILED_OUT(kt)                                               \
	do {                                                                   \
	} while (0)
#endif

static __attribute__((noinline)) void
post_write(u8 v)
{
	outb(v, POST_PORT);
}

static __attribute__((noinline)) u16
vga_read(const void __iomem *p)
{
	return readw(p);
}

/* The name of the function containing the traced call site. */
static const char *
caller_name(const struct io_trace_entry *e)
{
	u32 off, size;
	const char *n = kallsyms_lookup(e->caller - 1, &off, &size);

	return n ? n : "?";
}

KTEST(trace, off_records_nothing)
{
	io_trace_stop();
	io_trace_clear();
	post_write(1);
	KT_EXPECT_EQ(kt, io_trace_total(), 0);
}

KTEST(trace, port_write_with_caller_and_range)
{
	struct io_trace_entry e;

	SKIP_IF_COMPILED_OUT(kt);
	io_trace_clear();
	io_trace_start(IO_TRACE_PORTS, POST_PORT, POST_PORT);
	post_write(0x5a);
	(void)inb(0x61); /* outside the range: not recorded */
	io_trace_stop();
	KT_EXPECT_EQ(kt, io_trace_total(), 1);
	if (!KT_EXPECT(kt, io_trace_get(0, &e)))
		return;
	KT_EXPECT_EQ(kt, e.addr, POST_PORT);
	KT_EXPECT_EQ(kt, e.value, 0x5a);
	KT_EXPECT_EQ(kt, e.flags, IO_TRACE_WRITE | 1);
	KT_EXPECT_EQ(kt, e.count, 1);
	KT_EXPECT(kt, !strcmp(caller_name(&e), "post_write"));
	KT_EXPECT(kt, !io_trace_get(1, &e));
}

KTEST(trace, mmio_read_records_the_physical_address)
{
	struct io_trace_entry e;
	void __iomem *p;
	u16 v;

	SKIP_IF_COMPILED_OUT(kt);
	p = ioremap(VGA_TEXT, PAGE_SIZE);
	if (!KT_EXPECT(kt, p != NULL))
		return;
	io_trace_clear();
	io_trace_start(IO_TRACE_MMIO, VGA_TEXT, VGA_TEXT + 1);
	v = vga_read(p);
	(void)vga_read((u8 __iomem *)p + 2); /* outside the range */
	post_write(0);			     /* a port: not traced */
	io_trace_stop();
	iounmap(p);
	KT_EXPECT_EQ(kt, io_trace_total(), 1);
	if (!KT_EXPECT(kt, io_trace_get(0, &e)))
		return;
	KT_EXPECT_EQ(kt, e.addr, VGA_TEXT);
	KT_EXPECT_EQ(kt, e.value, v);
	KT_EXPECT_EQ(kt, e.flags, IO_TRACE_MEM | 2);
	KT_EXPECT(kt, !strcmp(caller_name(&e), "vga_read"));
}

KTEST(trace, string_access_is_one_entry)
{
	struct io_trace_entry e;
	static const u16 words[3] = {0x1111, 0x2222, 0x3333};

	SKIP_IF_COMPILED_OUT(kt);
	io_trace_clear();
	io_trace_start(IO_TRACE_PORTS, POST_PORT, POST_PORT);
	outsw(POST_PORT, words, 3);
	io_trace_stop();
	KT_EXPECT_EQ(kt, io_trace_total(), 1);
	if (!KT_EXPECT(kt, io_trace_get(0, &e)))
		return;
	KT_EXPECT_EQ(kt, e.flags, IO_TRACE_WRITE | IO_TRACE_STRING | 2);
	KT_EXPECT_EQ(kt, e.count, 3);
	KT_EXPECT_EQ(kt, e.value, 0x1111);
}

/* Thread writes 0, 1, 2, ... to port 0x80 while the timer's handler traces
 * its EOIs; the ring wraps. Every entry left must be whole: the thread's
 * values consecutive, the interrupt's from the PIC code, time in order. */
KTEST(trace, ring_survives_a_flood_from_interrupt_context)
{
	struct io_trace_entry e, prev;
	u32 irq_entries = 0, bad = 0, gaps = 0;
	u64 until = jiffies_read() + FLOOD_TICKS;
	u8 v = 0;

	SKIP_IF_COMPILED_OUT(kt);
	if (!time_have_tick()) {
		KT_SKIP(kt, "no timer interrupt");
		return;
	}
	/* With a Local APIC timer (the APICs, or noapic) the tick's EOI is a
	 * store to the Local APIC, not a port write to the 8259 (test_apic.py
	 * runs this suite with nolapic). */
	const struct irq_chip *c = irq_chip_of(0);
	if (!c || c->hwirq || irq_local_timer_count()) {
		KT_SKIP(kt,
			"the tick's EOI is not a port write (the Local APIC "
			"timer ticks; boot with nolapic)");
		return;
	}
	io_trace_clear();
	io_trace_start(IO_TRACE_PORTS, PIC1_CMD, POST_PORT);
	while (jiffies_read() < until ||
	       io_trace_total() < 3 * IO_TRACE_RING_SIZE)
		post_write(v++);
	io_trace_stop();
	KT_EXPECT(kt, io_trace_total() > IO_TRACE_RING_SIZE);
	KT_EXPECT(kt, io_trace_get(IO_TRACE_RING_SIZE - 1, &e));
	KT_EXPECT(kt, !io_trace_get(IO_TRACE_RING_SIZE, &e));
	bool have_prev_post = false;
	u8 last_post = 0;
	for (u32 i = 0; io_trace_get(i, &e); i++) {
		if (i && e.tsc < prev.tsc)
			bad++;
		if (e.addr == POST_PORT &&
		    !strcmp(caller_name(&e), "post_write")) {
			if (have_prev_post &&
			    (u8)(last_post + 1) != (u8)e.value)
				gaps++;
			last_post = (u8)e.value;
			have_prev_post = true;
		} else if (e.addr == PIC1_CMD &&
			   !strncmp(caller_name(&e), "pic_", 4)) {
			irq_entries++;
		} else if (e.addr < PIC1_CMD || e.addr > POST_PORT) {
			bad++;
		}
		prev = e;
	}
	KT_EXPECT_EQ(kt, bad, 0);
	KT_EXPECT_EQ(kt, gaps, 0);
	KT_EXPECT(kt, irq_entries > 0);
}
