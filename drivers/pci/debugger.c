/* drivers/pci/debugger.c - configuration space for a debugger.
 *
 * A debugger reads and writes memory and registers, and nothing else: gdb's
 * remote protocol (Debugging with GDB, appendix E "Remote Serial
 * Protocol", the m/M and g/G packets), like a JTAG probe's, has no packet
 * for the x86's second address space, the 64 KiB of I/O ports that only
 * the CPU's IN and OUT instructions reach (Intel SDM vol. 1, 18.2 "I/O
 * Port Addressing"). So the debugger cannot do a configuration cycle
 * through mechanism #1 (ports 0xcf8/0xcfc) itself. scripts/gdb/porthole.py
 * does what it can reach:
 *
 *  - where ECAM puts configuration space in memory (q35, drivers/pci/
 *    ecam.c), gdb reads the kernel's own ioremap of the bus's 1 MiB like
 *    any other memory; no kernel code runs, and QEMU turns each load into
 *    a configuration read of the device model, as it does the kernel's;
 *  - where only the ports reach it (QEMU's pc), gdb asks the stopped CPU
 *    to do the port I/O: `call pci_debugger_copy(bus, dev, fn)` runs this
 *    file's function, which reads the function's 256 bytes through the
 *    same pci_cfg_read() the shell's lspci uses into pci_debugger_buf,
 *    and gdb reads the buffer. That runs kernel code on a kernel that was
 *    stopped anywhere, so the helper is careful: interrupts stay off while
 *    it runs, and it puts CONFIG_ADDRESS (0xcf8) back as it found it - the
 *    kernel may have been stopped between selecting a register there and
 *    reading CONFIG_DATA, and that access must still read what it chose.
 *    (Its port accesses appear in the I/O trace when tracing is on.)
 *
 * The enumeration below carries pci_regs.h's offsets and bits into the
 * debug information (as kernel/gdb_layout.c does for paging.h), so the
 * Python names every register and bit from the headers, never by number.
 * See docs/debugging.md, "ph-lspci".
 */
#include "drivers/pci/msi.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/io.h"
#include "kernel/x86.h"
#include "lib/types.h"

enum gdb_pci_layout {
	GDB_PCI_CFG_SPACE_SIZE = PCI_CFG_SPACE_SIZE,
	GDB_PCI_STD_HEADER_SIZEOF = PCI_STD_HEADER_SIZEOF,
	GDB_PCI_CFG_SPACE_EXP_SIZE = PCI_CFG_SPACE_EXP_SIZE,
	GDB_PCI_ECAM_DEV_SHIFT = PCI_ECAM_DEV_SHIFT,
	GDB_PCI_ECAM_FN_SHIFT = PCI_ECAM_FN_SHIFT,
	GDB_PCI_COMMAND = PCI_COMMAND,
	GDB_PCI_COMMAND_IO = PCI_COMMAND_IO,
	GDB_PCI_COMMAND_MEMORY = PCI_COMMAND_MEMORY,
	GDB_PCI_COMMAND_MASTER = PCI_COMMAND_MASTER,
	GDB_PCI_COMMAND_SPECIAL = PCI_COMMAND_SPECIAL,
	GDB_PCI_COMMAND_INVALIDATE = PCI_COMMAND_INVALIDATE,
	GDB_PCI_COMMAND_VGA_PALETTE = PCI_COMMAND_VGA_PALETTE,
	GDB_PCI_COMMAND_PARITY = PCI_COMMAND_PARITY,
	GDB_PCI_COMMAND_WAIT = PCI_COMMAND_WAIT,
	GDB_PCI_COMMAND_SERR = PCI_COMMAND_SERR,
	GDB_PCI_COMMAND_FAST_BACK = PCI_COMMAND_FAST_BACK,
	GDB_PCI_COMMAND_INTX_DISABLE = PCI_COMMAND_INTX_DISABLE,
	GDB_PCI_STATUS = PCI_STATUS,
	GDB_PCI_STATUS_INTERRUPT = PCI_STATUS_INTERRUPT,
	GDB_PCI_STATUS_CAP_LIST = PCI_STATUS_CAP_LIST,
	GDB_PCI_STATUS_66MHZ = PCI_STATUS_66MHZ,
	GDB_PCI_STATUS_UDF = PCI_STATUS_UDF,
	GDB_PCI_STATUS_FAST_BACK = PCI_STATUS_FAST_BACK,
	GDB_PCI_STATUS_PARITY = PCI_STATUS_PARITY,
	GDB_PCI_STATUS_DEVSEL_MASK = PCI_STATUS_DEVSEL_MASK,
	GDB_PCI_STATUS_DEVSEL_SHIFT = PCI_STATUS_DEVSEL_SHIFT,
	GDB_PCI_STATUS_SIG_TARGET_ABORT = PCI_STATUS_SIG_TARGET_ABORT,
	GDB_PCI_STATUS_REC_TARGET_ABORT = PCI_STATUS_REC_TARGET_ABORT,
	GDB_PCI_STATUS_REC_MASTER_ABORT = PCI_STATUS_REC_MASTER_ABORT,
	GDB_PCI_STATUS_SIG_SYSTEM_ERROR = PCI_STATUS_SIG_SYSTEM_ERROR,
	GDB_PCI_STATUS_DETECTED_PARITY = PCI_STATUS_DETECTED_PARITY,
	GDB_PCI_CACHE_LINE_SIZE = PCI_CACHE_LINE_SIZE,
	GDB_PCI_LATENCY_TIMER = PCI_LATENCY_TIMER,
	GDB_PCI_HEADER_TYPE_NORMAL = PCI_HEADER_TYPE_NORMAL,
	GDB_PCI_HEADER_TYPE_BRIDGE = PCI_HEADER_TYPE_BRIDGE,
	GDB_PCI_BASE_ADDRESS_0 = PCI_BASE_ADDRESS_0,
	GDB_PCI_BASE_ADDRESS_MEM_TYPE_MASK = PCI_BASE_ADDRESS_MEM_TYPE_MASK,
	GDB_PCI_BASE_ADDRESS_MEM_TYPE_32 = PCI_BASE_ADDRESS_MEM_TYPE_32,
	GDB_PCI_BASE_ADDRESS_MEM_TYPE_1M = PCI_BASE_ADDRESS_MEM_TYPE_1M,
	GDB_PCI_BASE_ADDRESS_MEM_TYPE_64 = PCI_BASE_ADDRESS_MEM_TYPE_64,
	GDB_PCI_BASE_ADDRESS_IO_MASK = (int)PCI_BASE_ADDRESS_IO_MASK,
	GDB_PCI_ROM_ADDRESS = PCI_ROM_ADDRESS,
	GDB_PCI_ROM_ADDRESS_ENABLE = PCI_ROM_ADDRESS_ENABLE,
	GDB_PCI_ROM_ADDRESS1 = PCI_ROM_ADDRESS1,
	GDB_PCI_MIN_GNT = PCI_MIN_GNT,
	GDB_PCI_MAX_LAT = PCI_MAX_LAT,
	GDB_PCI_SEC_LATENCY_TIMER = PCI_SEC_LATENCY_TIMER,
	GDB_PCI_CAP_ID_MSI = PCI_CAP_ID_MSI,
	GDB_PCI_MSI_FLAGS = PCI_MSI_FLAGS,
	GDB_PCI_MSI_FLAGS_ENABLE = PCI_MSI_FLAGS_ENABLE,
	GDB_PCI_MSI_FLAGS_QMASK = PCI_MSI_FLAGS_QMASK,
	GDB_PCI_MSI_FLAGS_QSIZE = PCI_MSI_FLAGS_QSIZE,
	GDB_PCI_MSI_FLAGS_64BIT = PCI_MSI_FLAGS_64BIT,
	GDB_PCI_MSI_FLAGS_MASKBIT = PCI_MSI_FLAGS_MASKBIT,
	GDB_PCI_MSI_ADDRESS_LO = PCI_MSI_ADDRESS_LO,
	GDB_PCI_MSI_ADDRESS_HI = PCI_MSI_ADDRESS_HI,
	GDB_PCI_MSI_DATA_32 = PCI_MSI_DATA_32,
	GDB_PCI_MSI_DATA_64 = PCI_MSI_DATA_64,
	GDB_PCI_MSI_MASK_32 = PCI_MSI_MASK_32,
	GDB_PCI_MSI_MASK_64 = PCI_MSI_MASK_64,
	GDB_PCI_MSI_PENDING_32 = PCI_MSI_PENDING_32,
	GDB_PCI_MSI_PENDING_64 = PCI_MSI_PENDING_64,
	GDB_PCI_CLASS_STORAGE = PCI_CLASS_STORAGE,
	GDB_PCI_SUBCLASS_STORAGE_IDE = PCI_SUBCLASS_STORAGE_IDE,
	GDB_PCI_IDE_RESERVED = PCI_IDE_RESERVED,
	GDB_PCI_IDE_BUS_MASTER = PCI_IDE_BUS_MASTER,
	GDB_PCI_IDE_SECONDARY_PROGRAMMABLE = PCI_IDE_SECONDARY_PROGRAMMABLE,
	GDB_PCI_IDE_SECONDARY_NATIVE = PCI_IDE_SECONDARY_NATIVE,
	GDB_PCI_IDE_PRIMARY_PROGRAMMABLE = PCI_IDE_PRIMARY_PROGRAMMABLE,
	GDB_PCI_IDE_PRIMARY_NATIVE = PCI_IDE_PRIMARY_NATIVE,
	GDB_PCI_RES_UNASSIGNED = PCI_RES_UNASSIGNED,
	GDB_PCI_RES_ABOVE_4G = PCI_RES_ABOVE_4G,
	GDB_PCI_RES_LEGACY = PCI_RES_LEGACY,
	GDB_PCI_STD_NUM_BARS = PCI_STD_NUM_BARS,
	GDB_PCI_ROM_RESOURCE = PCI_ROM_RESOURCE,
	GDB_PCI_BRIDGE_IO_WINDOW = PCI_BRIDGE_IO_WINDOW,
	GDB_PCI_BRIDGE_MEM_WINDOW = PCI_BRIDGE_MEM_WINDOW,
	GDB_PCI_BRIDGE_PREF_WINDOW = PCI_BRIDGE_PREF_WINDOW,
	GDB_IORESOURCE_IO = IORESOURCE_IO,
	GDB_IORESOURCE_PREFETCH = IORESOURCE_PREFETCH,
	GDB_IORESOURCE_MEM_64 = IORESOURCE_MEM_64,
};

/* Read by nothing: it makes the compiler emit enum gdb_pci_layout. */
const enum gdb_pci_layout gdb_pci_layout_anchor __used = GDB_PCI_COMMAND;

/* The bytes pci_debugger_copy() read, for gdb to fetch. */
u32 pci_debugger_buf[PCI_CFG_SPACE_SIZE / 4] __used;

/* pci_debugger_copy - read the first 256 bytes of @bus:@dev.@fn's
 * configuration space, a dword at a time through pci_cfg_read() (the path
 * lspci takes), into pci_debugger_buf; a dword that fails reads as all
 * ones, as an absent function does. Meant for a debugger's `call` only:
 * returns 0, or the first error (-ENODEV without PCI). Any context;
 * interrupts are off while it runs and CONFIG_ADDRESS is left as found. */
__used int
pci_debugger_copy(unsigned int bus, unsigned int dev, unsigned int fn)
{
	bool ports = !pci_ecam_covers(bus) && pci_conf1_present();
	u32 flags = irq_save(), saved = 0;
	int err = 0;

	if (ports)
		saved = inl(PCI_CONF1_ADDRESS); /* what the kernel selected */
	for (unsigned int i = 0; i < ARRAY_SIZE(pci_debugger_buf); i++) {
		int e = pci_cfg_read(bus, dev, fn, 4 * i, 4,
				     &pci_debugger_buf[i]);

		if (e) {
			pci_debugger_buf[i] = ~0u;
			err = err ? err : e;
		}
	}
	if (ports)
		outl(saved, PCI_CONF1_ADDRESS); // put the selection back
	irq_restore(flags);
	return err;
}
