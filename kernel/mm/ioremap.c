/* kernel/mm/ioremap.c - map device memory into the ioremap range.
 *
 * Like JOS's mmio_map_region and Linux's ioremap: pick free virtual pages
 * in a range reserved for the purpose, point them at the device's physical
 * pages with caching disabled (PCD | PWT, SDM vol. 3, 11.5.2.1), and hand
 * back the address of the first byte asked for. The virtual range is
 * itself kept as a resource tree (kernel/resource.h): each mapping is one
 * node under "ioremap", found again by iounmap with resource_lookup. One
 * unmapped page follows every mapping, so running off its end faults.
 *
 * The ISA hole (0xa0000-0xfffff: the VGA window, ROMs, the BIOS) is the
 * exception: the direct map already maps it uncached, and ioremap returns
 * that address, as Linux's old __ioremap did. Two mappings of one page
 * with different cache types are what the SDM (vol. 3, 11.12.4) forbids;
 * one mapping cannot disagree with itself. iounmap of it does nothing.
 */
#include "kernel/iomap.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/memremap.h"
#include "kernel/mm/paging.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

#define PHYS_LIMIT 0x100000000ULL /* 32-bit paging without PAE: 4 GiB */

struct ioremap_area {
	struct resource res; /* the virtual pages, guard page included */
	phys_addr_t phys;    /* first physical page mapped */
	u32 npages;	     /* mapped pages (without the guard) */
	u32 offset;	     /* of the address ioremap returned, in its page */
	bool cached;	     /* memremap's write-back mapping, not a device's */
	char name[24];
};

static struct resource ioremap_space = {
	.start = IOREMAP_START,
	.end = IOREMAP_END - 1,
	.name = "ioremap",
	.flags = IORESOURCE_MEM,
};

static void
unmap_pages(u32 va, u32 npages)
{
	for (u32 i = 0; i < npages; i++)
		unmap_page(va + i * PAGE_SIZE);
}

/* One clear line for each way a request can be wrong; 0 when it is fine. */
static int
ioremap_check(phys_addr_t phys, u64 size)
{
	phys_addr_t ram;

	if (size == 0) {
		printk("ioremap: size 0 at %llx\n", phys);
		return -EINVAL;
	}
	if (phys + size - 1 < phys) {
		printk("ioremap: %llx + %llx wraps past the top of the address "
		       "space\n",
		       phys, size);
		return -EINVAL;
	}
	if (phys + size - 1 >= PHYS_LIMIT) {
		printk("ioremap: %llx-%llx reaches above 4 GiB; 32-bit paging "
		       "without PAE cannot map it\n",
		       phys, phys + size - 1);
		return -ERANGE;
	}
	if (frame_find_ram(phys, size, &ram)) {
		printk("ioremap: %llx-%llx includes System RAM at %llx that "
		       "the "
		       "frame allocator manages (RAM is at __va(), not ioremap)"
		       "\n",
		       phys, phys + size - 1, ram);
		return -EBUSY;
	}
	return 0;
}

void __iomem *
__ioremap(phys_addr_t phys, u64 size, u32 pte_flags, const char *kind)
{
	struct ioremap_area *a;
	u32 offset = phys & ~PAGE_MASK, va;
	u64 npages;

	if (ioremap_check(phys, size) < 0)
		return NULL;
	/* The first MiB is mapped already, page by page, in the direct map:
	 * the ISA hole uncached, the low 640 KiB (RAM, and the EBDA the
	 * firmware keeps at its top) cached. Use that mapping rather than
	 * alias it with another cache type (Linux's __ioremap did the same
	 * for the ISA range; `peek 0x9fc00`, the EBDA, would otherwise map
	 * page 0x9f000 uncached beside its cached self). */
	if (phys + size <= ISA_END_ADDRESS)
		return (void __iomem *)__va(phys);
	npages = (offset + size + PAGE_SIZE - 1) / PAGE_SIZE;
	if (npages + 1 > (IOREMAP_END - IOREMAP_START) / PAGE_SIZE ||
	    !(a = kzalloc(sizeof(*a)))) {
		printk("ioremap: cannot map %llx-%llx (%llu KiB)\n", phys,
		       phys + size - 1, npages * 4);
		return NULL;
	}
	a->phys = phys - offset;
	a->npages = (u32)npages;
	a->offset = offset;
	a->cached = !(pte_flags & PTE_PCD);
	snprintf(a->name, sizeof(a->name), "%s %llx", kind, a->phys);
	a->res.name = a->name;
	a->res.flags = IORESOURCE_MEM;
	if (allocate_resource(&ioremap_space, &a->res, (npages + 1) * PAGE_SIZE,
			      IOREMAP_START, IOREMAP_END - 1, PAGE_SIZE) < 0) {
		printk("ioremap: no room for %llu KiB in the ioremap range\n",
		       npages * 4);
		kfree(a);
		return NULL;
	}
	va = (u32)a->res.start;
	for (u32 i = 0; i < a->npages; i++) {
		if (map_page(va + i * PAGE_SIZE, (u32)a->phys + i * PAGE_SIZE,
			     pte_flags) < 0) {
			printk("ioremap: out of frames for page tables\n");
			unmap_pages(va, i);
			release_resource(&a->res);
			kfree(a);
			return NULL;
		}
	}
	return (void __iomem *)(va + offset);
}

void __iomem *
ioremap(phys_addr_t phys, u64 size)
{
	/* Device registers: every access must reach the device. */
	return __ioremap(phys, size, PTE_RW | PTE_PCD | PTE_PWT, "phys");
}

/* The mapping holding addr, or NULL. */
static struct ioremap_area *
area_of(const volatile void *addr)
{
	struct resource *r = resource_lookup(&ioremap_space, (u32)addr);

	if (!r || r == &ioremap_space)
		return NULL;
	return container_of(r, struct ioremap_area, res);
}

/* Is addr inside the direct map's first MiB, which ioremap hands out? */
static bool
in_first_mib(const volatile void *addr)
{
	return (u32)addr >= (u32)__va(0) &&
	       (u32)addr < (u32)__va(ISA_END_ADDRESS);
}

int
iounmap(volatile void __iomem *addr)
{
	struct ioremap_area *a = area_of(addr);

	if (in_first_mib(addr))
		return 0; /* the direct map's: nothing to undo */

	if (!a || (u32)addr != a->res.start + a->offset) {
		printk("iounmap: %p is not an address ioremap returned\n",
		       (void *)addr);
		return -EINVAL;
	}
	unmap_pages((u32)a->res.start, a->npages); /* INVLPG each page */
	release_resource(&a->res);
	kfree(a);
	return 0;
}

bool
ioremap_lookup(const volatile void *addr, phys_addr_t *phys)
{
	struct ioremap_area *a = area_of(addr);
	u32 off;

	if (!a)
		return false;
	off = (u32)addr - (u32)a->res.start;
	if (off >= a->npages * PAGE_SIZE)
		return false; /* the guard page */
	*phys = a->phys + off;
	return true;
}

void
ioremap_get_stats(struct ioremap_stats *st)
{
	struct resource *r;

	st->mappings = st->bytes = 0;
	st->memremap_mappings = st->memremap_bytes = 0;
	for (r = ioremap_space.child; r; r = r->sibling) {
		struct ioremap_area *a =
			container_of(r, struct ioremap_area, res);
		if (a->cached) {
			st->memremap_mappings++;
			st->memremap_bytes += r->end - r->start + 1;
		} else {
			st->mappings++;
			st->bytes += r->end - r->start + 1;
		}
	}
}

void
ioremap_for_each(void (*fn)(const struct ioremap_mapping *m, void *arg),
		 void *arg)
{
	for (struct resource *r = ioremap_space.child; r; r = r->sibling) {
		struct ioremap_area *a =
			container_of(r, struct ioremap_area, res);
		struct ioremap_mapping m = {
			.virt = (u32)r->start,
			.phys = a->phys,
			.npages = a->npages,
			.cached = a->cached,
		};
		fn(&m, arg);
	}
}
