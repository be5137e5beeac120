/* kernel/trace.h - the I/O trace: a ring of the port and MMIO accesses made
 * through porthole's accessors (kernel/io.h, kernel/iomap.h).
 *
 * Each entry holds the TSC, the direction and width, the port or physical
 * address, the value, and the address of the code that made the access;
 * `trace show` adds the resource-tree owner of the address and the calling
 * function's name (kallsyms). The accessors call io_trace_record() only
 * while io_trace_mask says so; it writes the ring with interrupts disabled,
 * so interrupt handlers may trace too. A full ring overwrites its oldest
 * entry and counts it as lost.
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include "kernel/io.h"
#include "lib/types.h"

/* Entries the ring holds (a power of two). */
#define IO_TRACE_RING_SIZE 2048

struct io_trace_entry {
	u64 tsc;    /* rdtsc at the access */
	u64 addr;   /* port number, or physical address for MMIO */
	u32 value;  /* value read or written (a string's first item) */
	u32 caller; /* return address inside the accessor's caller */
	u16 count;  /* items of a string access (REP INS/OUTS), else 1 */
	u16 flags;  /* IO_TRACE_WIDTH | IO_TRACE_WRITE | IO_TRACE_MEM | ... */
};

/* io_trace_start - record accesses of @kinds (IO_TRACE_PORTS and/or
 * IO_TRACE_MMIO) whose port or physical address lies in [@lo, @hi]. The
 * ring keeps what it had. Any context. */
void io_trace_start(u32 kinds, u64 lo, u64 hi);

/* io_trace_stop - record nothing more. Returns the mask that was on, for
 * io_trace_resume. Any context. */
u32 io_trace_stop(void);

/* io_trace_resume - put back a mask io_trace_stop returned. */
void io_trace_resume(u32 mask);

/* io_trace_clear - empty the ring and zero the lost count. Any context. */
void io_trace_clear(void);

/* io_trace_total - accesses recorded since the last clear (including the
 * ones overwritten since). Any context. */
u32 io_trace_total(void);

/* io_trace_get - copy entry @i, 0 being the oldest the ring still holds;
 * returns false past the newest. Interrupts stay off while it copies, so
 * the copy is never half old and half new. Any context. */
bool io_trace_get(u32 i, struct io_trace_entry *e);

#endif
