/* tests/host/test_pci_bar.c - BAR and bridge-window decoding
 * (drivers/pci/bar.c): I/O and memory BARs, 16-bit I/O decoders, 64-bit
 * pairs (below and above 4 GiB), prefetchable, unimplemented and unassigned
 * BARs, the expansion ROM, and open and closed bridge windows. The values
 * are what a device returns after the all-ones write. */
#include "tests/host/tap.h"
#include "drivers/pci/bar.h"
#include "kernel/resource.h"

static struct pci_bar b;

static int
is(u64 base, u64 size, unsigned long flags)
{
	int ok = b.base == base && b.size == size && b.flags == flags;

	if (!ok)
		printf("#   got base %llx size %llx flags %lx\n",
		       (unsigned long long)b.base, (unsigned long long)b.size,
		       b.flags);
	return ok;
}

int
main(void)
{
	int n;

	/* e1000 BAR0 and BAR1 as QEMU's SeaBIOS assigns them. */
	n = pci_bar_decode(0xfebc0000, 0xfffe0000, 0, 0, &b);
	tap_ok(n == 1 && is(0xfebc0000, 128 << 10, IORESOURCE_MEM),
	       "32-bit memory BAR, 128 KiB");
	n = pci_bar_decode(0x0000c001, 0xffffffc1, 0, 0, &b);
	tap_ok(n == 1 && is(0xc000, 64, IORESOURCE_IO), "I/O BAR, 64 ports");
	n = pci_bar_decode(0x0000c041, 0x0000fff1, 0, 0, &b);
	tap_ok(n == 1 && is(0xc040, 16, IORESOURCE_IO),
	       "I/O BAR with only 16 address bits implemented");
	/* Only bits 15:2 size an I/O BAR (x86 ports are 16-bit, as Linux's
	 * IO_SPACE_LIMIT): whatever bits 31:16 read back changes nothing... */
	n = pci_bar_decode(0x0000c041, 0xa5a5fff1, 0, 0, &b);
	tap_ok(n == 1 && is(0xc040, 16, IORESOURCE_IO),
	       "I/O BAR: upper 16 bits reading back garbage are ignored");
	/* ... and a BAR writable only above bit 15 is no 64 KiB range but
	 * one that cannot be sized in port space. */
	n = pci_bar_decode(0x00000001, 0xffff0001, 0, 0, &b);
	tap_ok(n == 1 && is(0, 0, 0), "I/O BAR writable only in bits 31:16: "
				      "cannot be sized, not used");
	/* Left all ones by the firmware: a 64-port BAR at 0xffc0 is still
	 * one (every bit up to 15 set), sized as before. */
	tap_ok(pci_io_bar_size(0xffffffc0, 0xffffffc0) == 64,
	       "I/O BAR left all ones: still sized when its bits reach bit 15");
	tap_ok(pci_io_bar_size(0x0000ffc0, 0x0000ffc0) == 64 &&
		       pci_io_bar_size(0xc000, 0xffffffc0) == 64,
	       "pci_io_bar_size agrees with the decode");
	n = pci_bar_decode(0xfd000008, 0xff000008, 0, 0, &b);
	tap_ok(n == 1 && is(0xfd000000, 16 << 20,
			    IORESOURCE_MEM | IORESOURCE_PREFETCH),
	       "prefetchable 32-bit BAR, 16 MiB");
	n = pci_bar_decode(0, 0, 0, 0, &b);
	tap_ok(n == 1 && is(0, 0, 0), "unimplemented BAR: size 0, no flags");
	n = pci_bar_decode(0x00000000, 0xfffff000, 0, 0, &b);
	tap_ok(n == 1 && is(0, 4096, IORESOURCE_MEM),
	       "unassigned BAR: address 0 with a size");

	/* 64-bit pairs: the upper half in the next BAR. */
	tap_ok(pci_bar_is_64(0xfe00000c) && !pci_bar_is_64(0xc001) &&
		       !pci_bar_is_64(0xfe000008),
	       "pci_bar_is_64 reads bits 2:1 of memory BARs only");
	tap_ok(!pci_bar_is_64(0x5), "an I/O BAR with bit 2 set is not 64-bit");
	n = pci_bar_decode(0xfe00000c, 0xffffc00c, 0x00000000, 0xffffffff, &b);
	tap_ok(n == 2 && is(0xfe000000, 16 << 10,
			    IORESOURCE_MEM | IORESOURCE_MEM_64 |
				    IORESOURCE_PREFETCH),
	       "64-bit prefetchable below 4 GiB uses two BARs");
	n = pci_bar_decode(0x00000004, 0x00000004, 0x00000008, 0xfffffffc, &b);
	tap_ok(n == 2 && is(0x800000000ull, 16ull << 30,
			    IORESOURCE_MEM | IORESOURCE_MEM_64),
	       "64-bit BAR of 16 GiB above 4 GiB (size from the upper half)");
	n = pci_bar_decode(0x00000004, 0x00000004, 0, 0, &b);
	tap_ok(n == 2 && is(0, 0, 0), "64-bit BAR reading back 0 in both "
				      "halves: unimplemented, still two slots");

	/* Expansion ROM. */
	pci_rom_decode(0xfeb80000, 0xfffc0000, &b);
	tap_ok(is(0xfeb80000, 256 << 10, IORESOURCE_MEM) && !b.enabled,
	       "disabled ROM of 256 KiB");
	pci_rom_decode(0x000c0001, 0xfffe0001, &b);
	tap_ok(is(0xc0000, 128 << 10, IORESOURCE_MEM) && b.enabled,
	       "enabled ROM keeps the enable bit out of the address");
	pci_rom_decode(0, 0, &b);
	tap_ok(is(0, 0, 0), "no ROM");

	/* Bridge windows. */
	pci_bridge_io_window(0xc0, 0xc0, 0, 0, &b);
	tap_ok(is(0xc000, 0x1000, IORESOURCE_IO), "I/O window c000-cfff");
	pci_bridge_io_window(0x11, 0x21, 0x0001, 0x0001, &b);
	tap_ok(is(0x11000, 0x2000, IORESOURCE_IO),
	       "32-bit I/O window uses the upper-16 registers");
	pci_bridge_io_window(0xf0, 0x00, 0, 0, &b);
	tap_ok(is(0, 0, 0), "closed I/O window (base above limit)");
	pci_bridge_mem_window(0xfe80, 0xfe90, &b);
	tap_ok(is(0xfe800000, 0x200000, IORESOURCE_MEM),
	       "memory window fe800000-fe9fffff");
	pci_bridge_mem_window(0xfff0, 0x0000, &b);
	tap_ok(is(0, 0, 0), "closed memory window");
	pci_bridge_pref_window(0xfe01, 0xfe01, 0, 0, &b);
	tap_ok(is(0xfe000000, 0x100000,
		  IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_MEM_64),
	       "64-bit prefetchable window below 4 GiB");
	pci_bridge_pref_window(0x0001, 0x0011, 0x1, 0x1, &b);
	tap_ok(is(0x100000000ull, 0x200000,
		  IORESOURCE_MEM | IORESOURCE_PREFETCH | IORESOURCE_MEM_64),
	       "prefetchable window above 4 GiB");
	pci_bridge_pref_window(0xfe00, 0xfe00, 0xffffffff, 0xffffffff, &b);
	tap_ok(is(0xfe000000, 0x100000, IORESOURCE_MEM | IORESOURCE_PREFETCH),
	       "32-bit prefetchable window ignores the upper registers");
	/* Registers that read 0/0 decode as an open window at 0 (which
	 * would adopt dma1, pic1, ...): only the probe tells whether the
	 * window exists. */
	tap_ok(!pci_bridge_has_window(0, 0),
	       "window registers 0, and 0 after the probe write: no window");
	tap_ok(pci_bridge_has_window(0, 0xe0f0),
	       "registers 0 but the probe pattern sticks: a window (closed)");
	tap_ok(pci_bridge_has_window(0xc0c0, 0),
	       "registers not 0: a window, no probe needed");
	return tap_done();
}
