/* kernel/progress.c - the one-line progress report of long commands
 * (see progress.h). The clock is uptime_ns() (the calibrated TSC). */
#include "kernel/progress.h"
#include "kernel/printk.h"
#include "kernel/time.h"

void
progress_start(struct progress *p, const char *what, u64 total, u32 unit_bytes,
	       const char *units)
{
	p->what = what;
	p->units = units;
	p->total = total;
	p->unit_bytes = unit_bytes;
	p->start_ns = uptime_ns();
	p->next_ns = p->start_ns + PROGRESS_DELAY_MS * NSEC_PER_MSEC;
	p->shown = false;
}

static void
progress_print(struct progress *p, u64 done, u64 now)
{
	u64 elapsed = now - p->start_ns;

	printk("\r%s: %llu", p->what, (unsigned long long)done);
	if (p->total)
		printk("/%llu", (unsigned long long)p->total);
	printk(" %s", p->units);
	if (p->unit_bytes && elapsed) {
		u64 bytes = done * p->unit_bytes;
		/* MB/s to one decimal: bytes * 10 / elapsed_us / 10 */
		u64 tenths = bytes * 10 / (elapsed / 1000 + 1);
		printk(", %llu.%llu MB/s", (unsigned long long)(tenths / 10),
		       (unsigned long long)(tenths % 10));
	}
	if (p->total && done && done < p->total) {
		u64 left_ns = elapsed / done * (p->total - done);
		printk(", %llu s left",
		       (unsigned long long)((left_ns + NSEC_PER_SEC / 2) /
					    NSEC_PER_SEC));
	}
	printk("   "); /* cover the tail of a longer previous line */
	p->shown = true;
}

void
progress_update(struct progress *p, u64 done)
{
	u64 now = uptime_ns();

	if (now < p->next_ns)
		return;
	p->next_ns = now + NSEC_PER_SEC / PROGRESS_HZ;
	progress_print(p, done, now);
}

void
progress_end(struct progress *p, u64 done)
{
	if (!p->shown)
		return;
	progress_print(p, done, uptime_ns());
	printk("\n");
	p->shown = false;
}
