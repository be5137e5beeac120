/* drivers/pci/bar.h - decoding BAR values and bridge windows (no hardware).
 *
 * drivers/pci/probe.c reads the registers; these functions only turn the
 * numbers into base, size and resource flags, so they build and are tested
 * on the host (tests/host/test_pci_bar.c). All may run in any context.
 */
#ifndef DRIVERS_PCI_BAR_H
#define DRIVERS_PCI_BAR_H

#include "lib/types.h"

struct pci_bar {
	u64 base;	     /* the address the firmware assigned (0: none) */
	u64 size;	     /* 0: the BAR is not implemented */
	unsigned long flags; /* IORESOURCE_IO or _MEM, _PREFETCH, _MEM_64 */
	bool enabled;	     /* ROM only: the enable bit */
};

/* pci_bar_decode - decode one BAR from @val (as the firmware left it) and
 * @mask (what reads back after writing all ones). For a 64-bit memory BAR,
 * @val_hi and @mask_hi are the same for the next BAR (the upper half).
 * Returns how many BAR registers it used: 1, or 2 for a 64-bit BAR.
 * A BAR that reads back 0 is unimplemented: size 0, flags 0. */
int pci_bar_decode(u32 val, u32 mask, u32 val_hi, u32 mask_hi,
		   struct pci_bar *out);

/* pci_io_bar_size - the size of an I/O BAR from its address bits as the
 * firmware left them (@base) and after writing all ones (@maxbase), both
 * with bits 1:0 cleared; only bits 15:2 count (x86 ports are 16-bit).
 * 0 when it cannot be sized (no writable bit below 64 K). */
u64 pci_io_bar_size(u32 base, u32 maxbase);

/* pci_bar_is_64 - does this BAR value say "64-bit memory"? (Then the next
 * BAR register holds the upper half and must be read with it.) */
bool pci_bar_is_64(u32 val);

/* pci_rom_decode - the expansion ROM BAR (0x30, or 0x38 on a bridge). */
void pci_rom_decode(u32 val, u32 mask, struct pci_bar *out);

/* Bridge windows (PCI-to-PCI Bridge spec 1.2 sections 3.2.5.6-3.2.5.10).
 * Each fills @out with the range the bridge forwards; size 0 when the
 * window is closed (base above limit). Flags include IORESOURCE_IO or _MEM
 * (and _PREFETCH, _MEM_64 for a 64-bit prefetchable window).
 * @base/@limit are the 8-bit (I/O) or 16-bit (memory) registers; the
 * *_upper arguments are the upper-half registers (used only when the low
 * bits of @base say the window is 32-bit I/O or 64-bit memory). */
void pci_bridge_io_window(u8 base, u8 limit, u16 base_upper, u16 limit_upper,
			  struct pci_bar *out);
void pci_bridge_mem_window(u16 base, u16 limit, struct pci_bar *out);
void pci_bridge_pref_window(u16 base, u16 limit, u32 base_upper,
			    u32 limit_upper, struct pci_bar *out);

/* pci_bridge_has_window - is an optional bridge window (I/O,
 * prefetchable) implemented? @val is what its base/limit registers read;
 * when that was 0, @probed is what they read after writing a non-zero
 * closed window (else pass 0). Registers of a missing window are
 * read-only zero: without this test they decode as a window open at
 * address 0 (Linux: pci_read_bridge_windows). */
bool pci_bridge_has_window(u32 val, u32 probed);

#endif
