/* lib/ring.h - a byte ring buffer for one producer and one consumer.
 *
 * The classic way an interrupt handler hands bytes to the rest of the
 * kernel without a lock: the producer (the handler) only writes head, the
 * consumer (process context) only writes tail. Both only grow, wrapping
 * naturally at 2^32; head - tail is the fill level. The size must be a
 * power of two so that "index % size" is a mask and stays right across the
 * wrap of the 32-bit counters.
 *
 * On one CPU a compiler barrier is all the ordering needed: the byte is
 * stored before head moves, and read before tail moves.
 */
#ifndef LIB_RING_H
#define LIB_RING_H

#include "lib/types.h"

struct ring {
	volatile u32 head; /* next slot the producer fills */
	volatile u32 tail; /* next slot the consumer reads */
	u32 size;	   /* a power of two */
	u8 *buf;
};

#define ring_barrier() __asm__ volatile("" ::: "memory")

/* ring_init - an empty ring over buf[size]. Returns false (and leaves the
 * ring unusable) unless size is a nonzero power of two. */
static inline bool
ring_init(struct ring *r, u8 *buf, u32 size)
{
	r->head = r->tail = 0;
	r->buf = buf;
	r->size = (size && !(size & (size - 1))) ? size : 0;
	return r->size != 0;
}

/* ring_count - bytes waiting. */
static inline u32
ring_count(const struct ring *r)
{
	return r->head - r->tail;
}

/* ring_put - append c. Producer side; any context. Returns false, storing
 * nothing, when the ring is full. */
static inline bool
ring_put(struct ring *r, u8 c)
{
	u32 h = r->head;

	if (h - r->tail >= r->size)
		return false;
	r->buf[h & (r->size - 1)] = c;
	ring_barrier();
	r->head = h + 1;
	return true;
}

/* ring_get - the oldest byte (0-255), or -1 when empty. Consumer side. */
static inline int
ring_get(struct ring *r)
{
	u32 t = r->tail;
	int c;

	if (r->head == t)
		return -1;
	c = r->buf[t & (r->size - 1)];
	ring_barrier();
	r->tail = t + 1;
	return c;
}

#endif
