/* drivers/pci/msi.h - Message Signalled Interrupts for PCI functions. */
#ifndef DRIVERS_PCI_MSI_H
#define DRIVERS_PCI_MSI_H

#include "drivers/pci/pci.h"
#include "lib/types.h"

/* MSI capability (PCI Local Bus Specification 3.0, 6.8.1), offsets from
 * the capability's start. */
#define PCI_MSI_FLAGS 0x02	     /* Message Control */
#define PCI_MSI_FLAGS_ENABLE 0x0001  /* MSI Enable */
#define PCI_MSI_FLAGS_QMASK 0x000e   /* Multiple Message Capable */
#define PCI_MSI_FLAGS_QSIZE 0x0070   /* Multiple Message Enable */
#define PCI_MSI_FLAGS_64BIT 0x0080   /* 64-bit address capable */
#define PCI_MSI_FLAGS_MASKBIT 0x0100 /* per-vector masking capable */
#define PCI_MSI_ADDRESS_LO 0x04	     /* Message Address */
#define PCI_MSI_ADDRESS_HI 0x08	     /* Message Upper Address (64-bit) */
#define PCI_MSI_DATA_32 0x08	     /* Message Data, 32-bit layout */
#define PCI_MSI_DATA_64 0x0c	     /* Message Data, 64-bit layout */
#define PCI_MSI_MASK_32 0x0c	     /* Mask Bits */
#define PCI_MSI_MASK_64 0x10
#define PCI_MSI_PENDING_32 0x10 /* Pending Bits */
#define PCI_MSI_PENDING_64 0x14

/* The x86 message (Intel SDM vol. 3A, 11.11 "Message Signalled
 * Interrupts"): address 0xfeeXXXXX with the destination APIC ID in bits
 * 19:12; data with the vector in 7:0, delivery mode 10:8, trigger in 15. */
#define MSI_ADDR_BASE 0xfee00000u
#define MSI_ADDR_DEST_ID_SHIFT 12
#define MSI_ADDR_DEST_MODE_LOGICAL BIT(2)
#define MSI_DATA_VECTOR_MASK 0xff
#define MSI_DATA_DELIVERY_FIXED (0u << 8)
#define MSI_DATA_TRIGGER_LEVEL BIT(15)

/* pci_msi_cap - the offset of dev's MSI capability, or 0. */
u8 pci_msi_cap(struct pci_dev *dev);

/* pci_enable_msi - give dev one MSI: a new IRQ line numbered after the
 * I/O APIC's (Linux's numbering), the message address (this CPU's APIC
 * ID) and data (the line's vector, fixed, edge) written into the
 * capability, MSI Enable set, INTx disabled in the command register, bus
 * mastering on (the message is a memory write). Returns the IRQ line for
 * request_irq; -ENODEV (no MSI capability, `pci=nomsi`, or the Local
 * APIC is not in use: noapic), -ENOSPC (no line left), after one line.
 * Process context. */
int pci_enable_msi(struct pci_dev *dev);

/* pci_disable_msi - MSI Enable off, INTx back on, the line given back
 * (its handler must have been freed). Process context. */
void pci_disable_msi(struct pci_dev *dev);

/* pci_msi_irq - the line pci_enable_msi gave dev, or -1. */
int pci_msi_irq(struct pci_dev *dev);

/* pci_msi_show - lspci -vv's lines for the MSI capability at cap:
 * "MSI: Enable+ Count=1/1 Maskable- 64bit+" and "Address: ...  Data: ...".
 * The caller printed "\tCapabilities: [40] ". */
void pci_msi_show(struct pci_dev *dev, u8 cap);

#endif
