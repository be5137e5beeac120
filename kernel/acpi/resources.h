/* kernel/acpi/resources.h - the firmware's ranges into ioports/iomem. */
#ifndef KERNEL_ACPI_RESOURCES_H
#define KERNEL_ACPI_RESOURCES_H

/* acpi_reserve_resources - claim the FADT's register blocks and insert the
 * I/O APICs, HPET, Local APIC and MMCONFIG windows, with Linux's names
 * (kernel/acpi/resources.c). Nothing without ACPI. Boot, after pci_init,
 * so the blocks nest under the PCI functions that decode them. */
void acpi_reserve_resources(void);

#endif
