/* kernel/resource.h - Linux-style resource tree for I/O ports and memory. */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include "lib/types.h"

struct resource {
	resource_size_t start;
	resource_size_t end; /* inclusive */
	const char *name;
	unsigned long flags;
	struct resource *parent, *sibling, *child;
};

#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_MEM_64 0x00100000
#define IORESOURCE_BUSY 0x80000000

extern struct resource ioport_resource;
extern struct resource iomem_resource;

#endif
