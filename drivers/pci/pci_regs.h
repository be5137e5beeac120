/* drivers/pci/pci_regs.h - the PCI configuration header, register by register.
 *
 * Every function has 256 bytes of configuration space. The first 64 bytes
 * are a standard header (PCI Local Bus Specification 3.0, section 6.1,
 * figure 6-1 for type 0; PCI-to-PCI Bridge Architecture Specification 1.2,
 * section 3.2, figure 3-2 for type 1). Names follow Linux's
 * include/uapi/linux/pci_regs.h. Only host-buildable definitions here.
 */
#ifndef DRIVERS_PCI_PCI_REGS_H
#define DRIVERS_PCI_PCI_REGS_H

#define PCI_CFG_SPACE_SIZE 256
#define PCI_STD_HEADER_SIZEOF 64 /* the standard header, types 0 and 1 */
/* PCI Express functions have 4096 bytes: the extended space 0x100-0xfff
 * is reached only through ECAM (PCI Express Base Specification 4.0,
 * section 7.2.2). */
#define PCI_CFG_SPACE_EXP_SIZE 4096

/* ECAM: each function's 4 KiB at base + (bus << 20 | device << 15 |
 * function << 12) (PCIe Base 4.0, 7.2.2, table 7-1). */
#define PCI_ECAM_BUS_SHIFT 20
#define PCI_ECAM_DEV_SHIFT 15
#define PCI_ECAM_FN_SHIFT 12
#define PCI_ECAM_BUS_SIZE (1u << PCI_ECAM_BUS_SHIFT) /* 1 MiB per bus */

/* How many of each (PCI 3.0 section 3.2.2.3.2: 8 bus bits, 5 device bits,
 * 3 function bits in every configuration address). */
#define PCI_MAX_BUSES 256
#define PCI_DEVICES_PER_BUS 32
#define PCI_FUNCTIONS_PER_DEVICE 8

/* Configuration mechanism #1 (PCI Local Bus Specification 2.1, section
 * 3.7.4.1; 3.0 section 3.2.2.3.2): CONFIG_ADDRESS selects a dword of one
 * function's space, CONFIG_DATA moves it. drivers/pci/conf1.c. */
#define PCI_CONF1_ADDRESS 0xcf8	     /* CONFIG_ADDRESS, 32-bit accesses only */
#define PCI_CONF1_DATA 0xcfc	     /* CONFIG_DATA, 0xcfc..0xcff */
#define PCI_CONF1_PORTS 8	     /* the block Linux claims as "PCI conf1" */
#define PCI_CONF1_ENABLE 0x80000000u /* bit 31: make it a config cycle */
#define PCI_CONF1_BUS_SHIFT 16	     /* bits 23:16 */
#define PCI_CONF1_DEV_SHIFT 11	     /* bits 15:11 */
#define PCI_CONF1_FN_SHIFT 8	     /* bits 10:8 */
#define PCI_CONF1_REG_MASK 0xfc	     /* bits 7:2, the dword offset */

/* Common to all header types (PCI 3.0 section 6.2). */
#define PCI_VENDOR_ID 0x00 /* 16 bits; 0xffff: no function here */
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x0001	  /* respond to I/O space accesses */
#define PCI_COMMAND_MEMORY 0x0002 /* respond to memory space accesses */
#define PCI_COMMAND_MASTER 0x0004 /* may start bus-master cycles (DMA) */
#define PCI_COMMAND_SPECIAL 0x0008
#define PCI_COMMAND_INVALIDATE 0x0010
#define PCI_COMMAND_VGA_PALETTE 0x0020
#define PCI_COMMAND_PARITY 0x0040
#define PCI_COMMAND_WAIT 0x0080
#define PCI_COMMAND_SERR 0x0100
#define PCI_COMMAND_FAST_BACK 0x0200
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS 0x06
#define PCI_STATUS_INTERRUPT 0x0008
#define PCI_STATUS_CAP_LIST 0x0010 /* PCI_CAPABILITY_LIST is valid */
#define PCI_STATUS_66MHZ 0x0020
#define PCI_STATUS_UDF 0x0040
#define PCI_STATUS_FAST_BACK 0x0080
#define PCI_STATUS_PARITY 0x0100
#define PCI_STATUS_DEVSEL_MASK 0x0600
#define PCI_STATUS_DEVSEL_SHIFT 9
#define PCI_STATUS_SIG_TARGET_ABORT 0x0800
#define PCI_STATUS_REC_TARGET_ABORT 0x1000
#define PCI_STATUS_REC_MASTER_ABORT 0x2000
#define PCI_STATUS_SIG_SYSTEM_ERROR 0x4000
#define PCI_STATUS_DETECTED_PARITY 0x8000
#define PCI_REVISION_ID 0x08
#define PCI_CLASS_PROG 0x09
#define PCI_CLASS_DEVICE 0x0a /* subclass, then class at 0x0b */
#define PCI_CACHE_LINE_SIZE 0x0c
#define PCI_LATENCY_TIMER 0x0d
#define PCI_HEADER_TYPE 0x0e
#define PCI_HEADER_TYPE_MASK 0x7f
#define PCI_HEADER_TYPE_NORMAL 0
#define PCI_HEADER_TYPE_BRIDGE 1
#define PCI_HEADER_TYPE_CARDBUS 2
#define PCI_HEADER_TYPE_MFD 0x80 /* functions 1-7 may exist */

/* Base address registers (PCI 3.0 section 6.2.5.1). */
#define PCI_BASE_ADDRESS_0 0x10	       /* BARn at 0x10 + 4n */
#define PCI_BASE_ADDRESS_SPACE_IO 0x01 /* bit 0: 1 = I/O, 0 = memory */
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK 0x06
#define PCI_BASE_ADDRESS_MEM_TYPE_32 0x00
#define PCI_BASE_ADDRESS_MEM_TYPE_1M 0x02 /* below 1 MiB (PCI 2.x) */
#define PCI_BASE_ADDRESS_MEM_TYPE_64 0x04 /* upper half in the next BAR */
#define PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define PCI_BASE_ADDRESS_MEM_MASK 0xfffffff0u
#define PCI_BASE_ADDRESS_IO_MASK 0xfffffffcu

/* Type 0 (ordinary function) header. */
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_ROM_ADDRESS 0x30
#define PCI_ROM_ADDRESS_ENABLE 0x01
#define PCI_ROM_ADDRESS_MASK 0xfffff800u
#define PCI_CAPABILITY_LIST 0x34 /* offset of the first capability */
#define PCI_INTERRUPT_LINE 0x3c	 /* the IRQ firmware routed the pin to */
#define PCI_INTERRUPT_PIN 0x3d	 /* 0 none, 1..4 = INTA#..INTD# */
#define PCI_MIN_GNT 0x3e	 /* burst length wanted, 1/4 us units */
#define PCI_MAX_LAT 0x3f	 /* how often it wants the bus, 1/4 us */

/* Type 1 (PCI-to-PCI bridge) header (bridge spec 1.2 section 3.2). */
#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_SEC_LATENCY_TIMER 0x1b /* latency timer of the secondary bus */
#define PCI_IO_BASE 0x1c	   /* bits 7:4 = address bits 15:12 */
#define PCI_IO_LIMIT 0x1d
#define PCI_IO_RANGE_TYPE_MASK 0x0f
#define PCI_IO_RANGE_TYPE_32 0x01 /* upper 16 bits at 0x30/0x32 */
#define PCI_IO_RANGE_MASK 0xf0
#define PCI_SEC_STATUS 0x1e
#define PCI_MEMORY_BASE 0x20 /* bits 15:4 = address bits 31:20 */
#define PCI_MEMORY_LIMIT 0x22
#define PCI_MEMORY_RANGE_MASK 0xfff0
#define PCI_PREF_MEMORY_BASE 0x24
#define PCI_PREF_MEMORY_LIMIT 0x26
#define PCI_PREF_RANGE_TYPE_MASK 0x0f
#define PCI_PREF_RANGE_TYPE_64 0x01 /* upper 32 bits at 0x28/0x2c */
#define PCI_PREF_RANGE_MASK 0xfff0
#define PCI_PREF_BASE_UPPER32 0x28
#define PCI_PREF_LIMIT_UPPER32 0x2c
#define PCI_IO_BASE_UPPER16 0x30
#define PCI_IO_LIMIT_UPPER16 0x32
#define PCI_ROM_ADDRESS1 0x38 /* the bridge's own expansion ROM */
#define PCI_BRIDGE_CONTROL 0x3e

/* Capability list (PCI 3.0 section 6.7): each entry is an id byte and the
 * offset of the next entry; offsets are dword aligned and >= 0x40. */
#define PCI_CAP_LIST_ID 0
#define PCI_CAP_LIST_NEXT 1
#define PCI_CAP_MIN_OFFSET 0x40
#define PCI_CAP_ID_PM 0x01
#define PCI_CAP_ID_AGP 0x02
#define PCI_CAP_ID_VPD 0x03
#define PCI_CAP_ID_SLOTID 0x04
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_CHSWP 0x06
#define PCI_CAP_ID_PCIX 0x07
#define PCI_CAP_ID_HT 0x08
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_DBG 0x0a
#define PCI_CAP_ID_CCRC 0x0b
#define PCI_CAP_ID_SHPC 0x0c
#define PCI_CAP_ID_SSVID 0x0d
#define PCI_CAP_ID_AGP3 0x0e
#define PCI_CAP_ID_SECDEV 0x0f
#define PCI_CAP_ID_EXP 0x10
#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_SATA 0x12
#define PCI_CAP_ID_AF 0x13
#define PCI_CAP_ID_EA 0x14

/* Extended capabilities (PCIe Base 4.0, 7.6.3): a list from 0x100, each
 * entry a dword header: id in bits 15:0, version 19:16, the next entry's
 * offset 31:20 (0: the end). Names as pciutils prints them (lspci.c). */
#define PCI_EXT_CAP_START 0x100
#define PCI_EXT_CAP_ID(h) ((h)&0xffff)
#define PCI_EXT_CAP_VER(h) (((h) >> 16) & 0xf)
#define PCI_EXT_CAP_NEXT(h) (((h) >> 20) & 0xffc)
#define PCI_EXT_CAP_ID_ERR 0x01	 /* Advanced Error Reporting */
#define PCI_EXT_CAP_ID_VC 0x02	 /* Virtual Channel */
#define PCI_EXT_CAP_ID_DSN 0x03	 /* Device Serial Number */
#define PCI_EXT_CAP_ID_PWR 0x04	 /* Power Budgeting */
#define PCI_EXT_CAP_ID_RCLD 0x05 /* Root Complex Link Declaration */
#define PCI_EXT_CAP_ID_RCILC 0x06
#define PCI_EXT_CAP_ID_RCEC 0x07
#define PCI_EXT_CAP_ID_MFVC 0x08
#define PCI_EXT_CAP_ID_VC9 0x09
#define PCI_EXT_CAP_ID_RCRB 0x0a
#define PCI_EXT_CAP_ID_VNDR 0x0b
#define PCI_EXT_CAP_ID_ACS 0x0d
#define PCI_EXT_CAP_ID_ARI 0x0e
#define PCI_EXT_CAP_ID_ATS 0x0f
#define PCI_EXT_CAP_ID_SRIOV 0x10
#define PCI_EXT_CAP_ID_PRI 0x13
#define PCI_EXT_CAP_ID_REBAR 0x15
#define PCI_EXT_CAP_ID_LTR 0x18
#define PCI_EXT_CAP_ID_SECPCI 0x19
#define PCI_EXT_CAP_ID_PASID 0x1b
#define PCI_EXT_CAP_ID_L1SS 0x1e

/* Class codes porthole looks at. */
#define PCI_CLASS_STORAGE 0x01
#define PCI_SUBCLASS_STORAGE_IDE 0x01
/* The 24-bit class code of an IDE controller, any prog-if, for match
 * tables and pci_get_class_mask() (Linux: PCI_CLASS_STORAGE_IDE << 8). */
#define PCI_CLASS_CODE_STORAGE_IDE 0x010100
#define PCI_CLASS_CODE_MASK_ANY_PROGIF 0xffff00
#define PCI_CLASS_BRIDGE 0x06
#define PCI_SUBCLASS_BRIDGE_PCI 0x04
/* IDE prog-if (PCI IDE Controller Specification 1.0, section 2.1): bit 0
 * primary channel in native mode, bit 2 secondary channel in native mode,
 * bits 1/3 the mode can be changed, bit 7 bus-master capable. */
#define PCI_IDE_PRIMARY_NATIVE 0x01
#define PCI_IDE_PRIMARY_PROGRAMMABLE 0x02 /* the primary's mode can change */
#define PCI_IDE_SECONDARY_NATIVE 0x04
#define PCI_IDE_SECONDARY_PROGRAMMABLE 0x08
#define PCI_IDE_RESERVED 0x70	/* bits 6:4: no mode-bit names then */
#define PCI_IDE_BUS_MASTER 0x80 /* BAR 4 holds the bus-master DMA block */
#define PCI_IDE_BMDMA_BAR 4

#endif
