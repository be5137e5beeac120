/* kernel/resource.h - Linux-style resource tree for I/O ports and memory.
 *
 * Every range of I/O ports and of physical addresses a device decodes is a
 * struct resource. They form two trees: ioport_resource (the 64 KiB x86 port
 * space) and iomem_resource (the physical address space). A node's children
 * are sorted, disjoint sub-ranges that lie inside it: "PCI Bus 0000:00" holds
 * "0000:00:01.1", which holds the "ata_piix" claim. The dumps of these trees
 * are Linux's /proc/ioports and /proc/iomem. See docs/resource-tree.md.
 *
 * None of these functions takes a lock: porthole runs on one CPU and changes
 * the trees from thread context only (boot, drivers' init, the shell). None
 * may be called from an interrupt handler.
 */
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

/* Flag bits, Linux's values (include/linux/ioport.h). */
#define IORESOURCE_TYPE_BITS 0x00001f00 /* which address space */
#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_PREFETCH 0x00002000 /* no side effects on read */
#define IORESOURCE_READONLY 0x00004000 /* a ROM */
#define IORESOURCE_MEM_64 0x00100000   /* a 64-bit PCI BAR */
#define IORESOURCE_WINDOW 0x00200000   /* a bridge's forwarded range */
#define IORESOURCE_SYSRAM 0x01000000   /* RAM the kernel manages */
#define IORESOURCE_SYSTEM_RAM (IORESOURCE_MEM | IORESOURCE_SYSRAM)
#define IORESOURCE_EXCLUSIVE 0x08000000 /* the kernel drives it: keep out */
#define IORESOURCE_BUSY 0x80000000	/* claimed by a driver */

/* How many nodes request_region() can hand out at once. A static pool,
 * not kmalloc: resource.c builds and is tested on the host with lib/
 * alone (running out included). */
#ifndef RESOURCE_POOL_SIZE
#define RESOURCE_POOL_SIZE 256
#endif

/* Linux caps the dump's indentation at this depth (kernel/resource.c). */
#define MAX_IORES_LEVEL 5

extern struct resource ioport_resource;
extern struct resource iomem_resource;

/* request_resource_conflict - make @res a child of @root if it fits there.
 * @res must lie inside @root and overlap none of @root's children (it does
 * not descend into them). Returns NULL on success, else the child it
 * overlaps, or @root itself when @res is malformed (NULL, end < start,
 * already in a tree) or lies outside @root. Prints nothing. */
struct resource *request_resource_conflict(struct resource *root,
					   struct resource *res);

/* request_resource - request_resource_conflict() that says what went wrong.
 * Returns 0, -EBUSY when @res overlaps a child of @root (one line names
 * both), or -EINVAL when @res is malformed or lies outside @root. */
int request_resource(struct resource *root, struct resource *res);

/* insert_resource_conflict - put @res into the tree under @parent at the
 * deepest node that holds it whole; @res adopts the nodes it covers whole.
 * @res must have no children. Returns NULL on success, else the node that
 * overlaps @res only in part (or @parent when @res is malformed/outside). */
struct resource *insert_resource_conflict(struct resource *parent,
					  struct resource *res);

/* insert_resource - insert_resource_conflict() returning 0, -EBUSY on a
 * partial overlap (one line names both sides), or -EINVAL. */
int insert_resource(struct resource *parent, struct resource *res);

/* allocate_resource - find room for @size units in @root and claim it.
 * Takes the lowest start that is a multiple of @align (a power of two), lies
 * within [@min, @max] and inside @root, and overlaps no child of @root
 * (first fit). On success sets @res->start/end and returns 0. Returns
 * -EBUSY when no gap fits, -EINVAL for size 0, a bad @align, min > max or
 * a @res that is already in a tree. */
int allocate_resource(struct resource *root, struct resource *res,
		      resource_size_t size, resource_size_t min,
		      resource_size_t max, resource_size_t align);

/* release_resource - detach @old, with its whole subtree, from its parent.
 * The children stay attached to @old. Returns 0, or -EINVAL when @old is
 * not in a tree. */
int release_resource(struct resource *old);

/* remove_resource - detach @old alone; its children move up into its place
 * under @old's parent. Returns 0, or -EINVAL when @old is not in a tree. */
int remove_resource(struct resource *old);

/* __request_region - claim [@start, @start + @n - 1] for a driver.
 * Walks down from @parent: a non-busy node in the way that holds the whole
 * range (a PCI function's BAR, say) is entered, so the claim becomes its
 * child; a busy node in the way is a conflict. The node comes from a static
 * pool and is marked IORESOURCE_BUSY | @flags plus the tree's type.
 * Returns the new node, or NULL after printing one line: the conflict
 * (naming both sides), a malformed range (n == 0, wraps, outside), or an
 * exhausted pool. */
struct resource *__request_region(struct resource *parent,
				  resource_size_t start, resource_size_t n,
				  const char *name, unsigned long flags);

/* __release_region - free the busy region that is exactly
 * [@start, @start + @n - 1] below @parent (the one request_region made).
 * Its children, if any, move up. Returns 0, or -ENOENT (after a warning
 * naming the range) when no such region exists, -EINVAL for a bad range. */
int __release_region(struct resource *parent, resource_size_t start,
		     resource_size_t n);

#define request_region(start, n, name)                                         \
	__request_region(&ioport_resource, (start), (n), (name), 0)
#define request_mem_region(start, n, name)                                     \
	__request_region(&iomem_resource, (start), (n), (name), 0)
#define release_region(start, n)                                               \
	__release_region(&ioport_resource, (start), (n))
#define release_mem_region(start, n)                                           \
	__release_region(&iomem_resource, (start), (n))

/* resource_lookup - the deepest node under @root whose range holds @addr.
 * Returns @root when no child holds it, NULL when @addr is outside @root
 * (or @root is NULL). Follow ->parent from the result for the chain. */
struct resource *resource_lookup(struct resource *root, resource_size_t addr);

/* resource_next - the node after @r in a pre-order walk of @root's subtree
 * (parents before children, children in address order), or NULL at the
 * end. resource_next(root, root) is the first node below @root. */
struct resource *resource_next(struct resource *root, struct resource *r);

#define resource_for_each(pos, root)                                           \
	for ((pos) = resource_next((root), (root)); (pos);                     \
	     (pos) = resource_next((root), (pos)))

/* resource_depth - 0 for a child of @root, 1 for a grandchild, ... */
int resource_depth(struct resource *root, struct resource *r);

/* resource_width - hex digits for addresses in @r's tree: 4 when the tree's
 * root ends below 0x10000 (I/O ports), else 8; longer numbers print whole. */
int resource_width(struct resource *r);

/* resource_format_line - one /proc/ioports or /proc/iomem line for @r under
 * @root, without the newline, into @buf. Returns the full length (as
 * snprintf does). */
int resource_format_line(char *buf, size_t size, struct resource *root,
			 struct resource *r);

/* resource_dump - hand every line of @root's /proc-style dump (the root
 * itself is not shown) to @out, without the newline. Returns the number of
 * lines. Lines longer than 128 bytes are cut short. */
int resource_dump(struct resource *root,
		  void (*out)(const char *line, void *arg), void *arg);

/* resource_driver_claim - the innermost node claimed with request_region
 * (a driver's claim: "serial", "pic1", "timer0", ...; not a reservation
 * made at boot from a static table, nor a PCI BAR or firmware range) or
 * marked with resource_mark_exclusive() that holds any address of
 * [@start, @end] under @root, or NULL. */
struct resource *resource_driver_claim(struct resource *root,
				       resource_size_t start,
				       resource_size_t end);

/* resource_mark_exclusive - a driver that programs registers the firmware
 * reserved (the I/O APIC's "IOAPIC 0", the HPET's "HPET 0": Linux inserts
 * those nodes itself, no driver requests them) says it now uses them: the
 * outermost node under @root spanning exactly [@start, @end] gets
 * IORESOURCE_EXCLUSIVE (Linux's "userland may not map this"), so the
 * shell's writes refuse it as they refuse a driver's claim. The dumps do
 * not change. Returns the node, or NULL when no node spans exactly that. */
struct resource *resource_mark_exclusive(struct resource *root,
					 resource_size_t start,
					 resource_size_t end);

/* resource_pool_free - how many request_region nodes are still free. */
int resource_pool_free(void);

/* resource_print_dumps - print both trees, /proc/ioports then /proc/iomem,
 * with a heading each (kernel/resource_cmd.c; not in host builds). */
void resource_print_dumps(void);

#endif
