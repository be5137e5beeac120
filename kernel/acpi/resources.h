/* kernel/acpi/resources.h - the firmware's ranges into ioports/iomem. */
#ifndef KERNEL_ACPI_RESOURCES_H
#define KERNEL_ACPI_RESOURCES_H

/* acpi_reserve_resources - claim the FADT's register blocks and insert the
 * I/O APICs, HPET, Local APIC and MMCONFIG windows, with Linux's names
 * (kernel/acpi/resources.c). Nothing without ACPI. Boot, after pci_init,
 * so the blocks nest under the PCI functions that decode them. */
void acpi_reserve_resources(void);

/* acpi_reserve_namespace - the ranges the DSDT's devices declare: the PCI
 * host bridge's windows, ACPI platform devices ("QEMU0002:00"), PNP
 * motherboard resources ("pnp 00:NN") (kernel/acpi/platform.c). Boot,
 * after acpi_ns_init and pci_init, before acpi_reserve_resources. */
void acpi_reserve_namespace(void);

#endif
