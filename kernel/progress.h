/* kernel/progress.h - one line of progress for long commands.
 *
 * A command that may run for more than about a second says how far it is,
 * as `dd status=progress` does, on one line rewritten in place: each report
 * starts with a carriage return (back to column 0) and ends with spaces
 * that cover a longer report before it; no newline until progress_end():
 *
 *     disk crc: 12288/32768 sectors, 21.9 MB/s, 1 s left
 *
 * (units done/total, MB/s = 10^6 bytes a second so far, the rest at that
 * rate; the last report, at the end, has no time left). Try `disk crc hda
 * 0 COUNT` over a big range, or `sleep 5000`. tests/scenario/
 * test_ata_interrupt.py checks the bytes as they go out on COM1.
 *
 * Usage:
 *     struct progress p;
 *     progress_start(&p, "disk crc", total, 512, "sectors");
 *     for (...) { ...; progress_update(&p, done); if (tty_interrupted()) ... }
 *     progress_end(&p, done);
 *
 * Nothing is printed until the work has run for PROGRESS_DELAY_MS, so short
 * commands print exactly what they printed before; after that the line is
 * rewritten at most PROGRESS_HZ times a second. Process context.
 */
#ifndef KERNEL_PROGRESS_H
#define KERNEL_PROGRESS_H

#include "lib/types.h"

#define PROGRESS_DELAY_MS 1000
#define PROGRESS_HZ 4

struct progress {
	const char *what;  /* "disk read" */
	const char *units; /* "sectors", "rounds", "ms" */
	u64 total;	   /* units to do (0: unknown, no time left shown) */
	u32 unit_bytes;	   /* bytes per unit for MB/s (0: no rate shown) */
	u64 start_ns;
	u64 next_ns; /* when the line may be printed again */
	bool shown;  /* a progress line is on screen (needs a newline) */
};

/* progress_start - begin timing work of total units. */
void progress_start(struct progress *p, const char *what, u64 total,
		    u32 unit_bytes, const char *units);

/* progress_update - done units are finished; rewrite the line if it is
 * time to. Cheap when it is not (one clock read). */
void progress_update(struct progress *p, u64 done);

/* progress_end - finish: if a progress line is showing, print it a last
 * time with done and end it with a newline, so the command's own summary
 * starts on a fresh line. */
void progress_end(struct progress *p, u64 done);

#endif
