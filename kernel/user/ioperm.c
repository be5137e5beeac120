/* kernel/user/ioperm.c - who may use which I/O port from ring 3.
 *
 * For `in`, `out`, `ins` and `outs` in protected mode the CPU first
 * compares the current privilege level with EFLAGS.IOPL (SDM vol. 1,
 * 19.5.1). If CPL <= IOPL, the access goes ahead. If not, it looks in the
 * I/O permission bitmap of the current TSS (19.5.2): bit N for port N, a
 * multi-byte access needs every bit it covers clear, and a bit that is
 * set, or a bitmap that the TSS limit cuts short, means #GP(0). The
 * kernel runs at CPL 0 with IOPL 0, so it never meets the bitmap; a user
 * program at CPL 3 always does, unless iopl(3) raised IOPL.
 *
 * ioperm(from, num, turn_on) is Linux's interface to the bitmap: the
 * process gets 8 KiB of its own on first use (two frames), all ones, and
 * clears the bits it is given. As Linux does, the TSS's copy is refreshed only
 * up to the highest byte any process has touched (io_bitmap_max), and reset to
 * all ones when the process ends. iopl(level) sets EFLAGS.IOPL in the
 * frame the system call returns through, exactly what the hardware
 * defines: with IOPL 3 every port is open to ring 3, and `cli`/`sti` are
 * allowed too (SDM vol. 3, 2.8.x: IF may be changed when CPL <= IOPL).
 * That last part is why Linux 5.5 stopped doing this: its iopl(3) gives a
 * bitmap that allows every port and leaves IOPL 0, so a program cannot
 * turn interrupts off. docs/user.md shows the difference.
 */
#include "kernel/gdt.h"
#include "kernel/mm/frame.h"
#include "kernel/page.h"
#include "kernel/user/ioperm.h"
#include "lib/errno.h"
#include "lib/string.h"

#define IOPL_MAX 3

/* How far the TSS's copy may differ from all ones (Linux's
 * tss->io_bitmap.prev_max, in bytes). */
static u32 tss_dirty_max;

void
ioperm_load(struct process *p)
{
	u8 *tss = gdt_io_bitmap();
	u32 n = p->io_bitmap[0] ? p->io_bitmap_max : 0;

	for (u32 done = 0; done < n; done += PAGE_SIZE)
		memcpy(tss + done, p->io_bitmap[done / PAGE_SIZE],
		       MIN(PAGE_SIZE, n - done));
	if (tss_dirty_max > n)
		memset(tss + n, 0xff, tss_dirty_max - n);
	tss_dirty_max = n;
}

void
ioperm_unload(struct process *p)
{
	memset(gdt_io_bitmap(), 0xff, tss_dirty_max);
	tss_dirty_max = 0;
	for (int i = 0; i < IO_BITMAP_PAGES; i++) {
		if (p->io_bitmap[i])
			frame_free(__pa(p->io_bitmap[i]));
		p->io_bitmap[i] = NULL;
	}
}

/* The process's bitmap, all ones (every port denied), on first use. */
static int
bitmap_alloc(struct process *p)
{
	for (int i = 0; i < IO_BITMAP_PAGES; i++) {
		u32 pa = frame_alloc();

		if (!pa) {
			while (i--) {
				frame_free(__pa(p->io_bitmap[i]));
				p->io_bitmap[i] = NULL;
			}
			return -ENOMEM;
		}
		p->io_bitmap[i] = memset(__va(pa), 0xff, PAGE_SIZE);
	}
	return 0;
}

int
sys_ioperm(u32 from, u32 num, u32 turn_on)
{
	struct process *p = current;
	int err;

	/* Linux's checks: num 0, a range that wraps, or one past 0xffff */
	if (from + num <= from || from + num > IO_BITMAP_BITS)
		return -EINVAL;
	if (!p->io_bitmap[0]) {
		if (!turn_on)
			return 0;
		err = bitmap_alloc(p);
		if (err)
			return err;
	}
	for (u32 port = from; port < from + num; port++) {
		u8 *byte = &p->io_bitmap[port / 8 / PAGE_SIZE]
					[port / 8 % PAGE_SIZE];
		if (turn_on)
			*byte &= (u8)~BIT(port % 8);
		else
			*byte |= (u8)BIT(port % 8);
	}
	if (turn_on)
		p->io_bitmap_max = MAX(p->io_bitmap_max, (from + num + 7) / 8);
	ioperm_load(p); /* the process runs now: the CPU must see it */
	return 0;
}

int
sys_iopl(u32 level)
{
	struct trapframe *tf = current->tf;

	if (level > IOPL_MAX)
		return -EINVAL;
	tf->eflags = (tf->eflags & ~EFLAGS_IOPL) | level << EFLAGS_IOPL_SHIFT;
	return 0;
}
