/* kernel/tests/resource.c - in-kernel tests of the resource trees as booted:
 * the boot-time trees are valid, the owners are where boot put them, and the
 * 64-bit ranges work in the 32-bit kernel (tests/host covers the API). */
#include "kernel/ktest.h"
#include "kernel/page.h"
#include "kernel/resource.h"
#include "lib/string.h"

/* Children inside the parent, sorted, disjoint, parent pointers right. */
static bool
subtree_valid(struct resource *r, int depth)
{
	struct resource *c, *prev = NULL;

	if (depth > 32)
		return false;
	for (c = r->child; c; prev = c, c = c->sibling) {
		if (c->parent != r || c->end < c->start ||
		    c->start < r->start || c->end > r->end ||
		    (prev && prev->end >= c->start))
			return false;
		if (!subtree_valid(c, depth + 1))
			return false;
	}
	return true;
}

static bool
named(struct resource *r, const char *name)
{
	return r && r->name && !strcmp(r->name, name);
}

KTEST(resource, boot_trees_are_valid)
{
	KT_EXPECT(kt, subtree_valid(&ioport_resource, 0));
	KT_EXPECT(kt, subtree_valid(&iomem_resource, 0));
	KT_EXPECT(kt, ioport_resource.child != NULL);
	KT_EXPECT(kt, iomem_resource.child != NULL);
}

static const char rodata_marker[] = "in .rodata";
static int data_marker = 1;
static int bss_marker;

KTEST(resource, kernel_image_in_iomem)
{
	struct resource *r;

	r = resource_lookup(&iomem_resource, __pa(&subtree_valid));
	KT_EXPECT(kt, named(r, "Kernel code"));
	KT_EXPECT(kt, r && named(r->parent, "System RAM"));
	r = resource_lookup(&iomem_resource, __pa(rodata_marker));
	KT_EXPECT(kt, named(r, "Kernel rodata"));
	r = resource_lookup(&iomem_resource, __pa(&data_marker));
	KT_EXPECT(kt, named(r, "Kernel data"));
	r = resource_lookup(&iomem_resource, __pa(&bss_marker));
	KT_EXPECT(kt, named(r, "Kernel bss"));
}

KTEST(resource, legacy_and_serial_ports_owned)
{
	KT_EXPECT(kt, named(resource_lookup(&ioport_resource, 0x00), "dma1"));
	KT_EXPECT(kt, named(resource_lookup(&ioport_resource, 0x8f),
			    "dma page reg"));
	KT_EXPECT(kt, named(resource_lookup(&ioport_resource, 0xff), "fpu"));
	KT_EXPECT(kt,
		  named(resource_lookup(&ioport_resource, 0x3fd), "serial"));
	/* a second claim of a port the serial driver holds must fail (the
	 * conflict line appears in the output: that is the point) */
	KT_EXPECT(kt, request_region(0x3f8, 1, "ktest-intruder") == NULL);
}

KTEST(resource, claim_and_release_on_the_live_tree)
{
	int free0 = resource_pool_free();
	u16 port;
	struct resource *r = NULL;

	/* find an unclaimed 8-port block in 0x200-0x2ff: nothing there but
	 * the root or a bus window (ACPI's PCI Bus 0000:00), not busy */
	for (port = 0x200; port < 0x300; port += 8) {
		struct resource *c = resource_lookup(&ioport_resource, port);
		if (c == resource_lookup(&ioport_resource, port + 7) &&
		    (c == &ioport_resource || (c->flags & IORESOURCE_WINDOW)) &&
		    (r = request_region(port, 8, "ktest")))
			break;
	}
	if (!KT_EXPECT(kt, r != NULL))
		return;
	KT_EXPECT(kt, resource_lookup(&ioport_resource, port + 3) == r);
	KT_EXPECT_EQ(kt, resource_pool_free(), free0 - 1);
	KT_EXPECT_EQ(kt, release_region(port, 8), 0);
	KT_EXPECT_EQ(kt, resource_pool_free(), free0);
	KT_EXPECT(kt, subtree_valid(&ioport_resource, 0));
}

KTEST(resource, above_4g_in_the_32bit_kernel)
{
	const u64 high = 0x100000000ULL;
	struct resource *r = request_mem_region(high, 0x1000, "ktest-high");
	struct resource a = {.name = "ktest-top"};
	char line[64];

	if (!KT_EXPECT(kt, r != NULL))
		return;
	KT_EXPECT_EQ(kt, r->end, 0x100000fffULL);
	resource_format_line(line, sizeof(line), &iomem_resource, r);
	KT_EXPECT(kt, !strcmp(line, "100000000-100000fff : ktest-high"));
	KT_EXPECT(kt, resource_lookup(&iomem_resource, high + 0x10) == r);
	KT_EXPECT_EQ(kt, release_mem_region(high, 0x1000), 0);

	/* the last page of the 64-bit space, found by allocate_resource */
	KT_EXPECT_EQ(kt,
		     allocate_resource(&iomem_resource, &a, 0x1000,
				       0xffffffffffff0000ULL,
				       0xffffffffffffffffULL, 0x1000),
		     0);
	KT_EXPECT_EQ(kt, a.start, 0xffffffffffff0000ULL);
	KT_EXPECT_EQ(kt, release_resource(&a), 0);
}
