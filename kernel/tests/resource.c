/* kernel/tests/resource.c - in-kernel tests of the resource trees as booted:
 * the boot-time trees are valid, the owners are where boot put them, and the
 * 64-bit ranges work in the 32-bit kernel (tests/host covers the API). */
#include "kernel/ktest.h"
#include "kernel/page.h"
#include "kernel/resource.h"
#include "kernel/shell.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

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
	/* The first free GiB boundary from 4 GiB up: with -m 4G, RAM is
	 * there (QEMU puts what does not fit below the PCI hole above it). */
	u64 high = 0x100000000ULL;
	while (resource_lookup(&iomem_resource, high) != &iomem_resource ||
	       resource_lookup(&iomem_resource, high + 0xfff) !=
		       &iomem_resource)
		high += 0x40000000ULL;
	struct resource *r = request_mem_region(high, 0x1000, "ktest-high");
	struct resource a = {.name = "ktest-top"};
	char line[64], want[64];

	if (!KT_EXPECT(kt, r != NULL))
		return;
	KT_EXPECT_EQ(kt, r->end, high + 0xfff);
	resource_format_line(line, sizeof(line), &iomem_resource, r);
	snprintf(want, sizeof(want), "%llx-%llx : ktest-high", high,
		 high + 0xfff);
	KT_EXPECT(kt, high > 0xffffffffULL && !strcmp(line, want));
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

/* A driver's claim is what the shell's port and poke commands refuse to
 * write without -f; a reservation made at boot from a static table is not. */
KTEST(resource, driver_claims_are_told_from_reservations)
{
	struct resource *dma1 = resource_lookup(&ioport_resource, 0x00);
	struct resource *pic1 =
		resource_driver_claim(&ioport_resource, 0x21, 0x21);

	KT_EXPECT(kt, dma1 && dma1->name && !strcmp(dma1->name, "dma1"));
	KT_EXPECT(kt,
		  resource_driver_claim(&ioport_resource, 0x00, 0x1f) == NULL);
	KT_EXPECT(kt, pic1 && pic1->name && !strcmp(pic1->name, "pic1"));
	/* A range that only ends in a claim is in it. */
	KT_EXPECT(kt,
		  resource_driver_claim(&ioport_resource, 0x1e, 0x20) == pic1);
}

/* poke refuses the interrupt window and a driver's MMIO registers. */
KTEST(resource, poke_refuses_a_drivers_registers)
{
	const u64 base = 0xfe7ff000; /* no QEMU machine puts anything here */
	struct resource *r = request_mem_region(base, 0x10, "ktest-regs");
	char line1[] = "poke 0xfe7ff004 1";
	char line2[] = "poke -b 0xfee00000 0x30";

	KT_EXPECT(kt, r != NULL);
	KT_EXPECT(kt, resource_driver_claim(&iomem_resource, base + 4,
					    base + 7) == r);
	KT_EXPECT_EQ(kt, shell_run_line(line1), -EPERM);
	KT_EXPECT_EQ(kt, shell_run_line(line2), -EPERM);
	if (r)
		release_mem_region(base, 0x10);
}
