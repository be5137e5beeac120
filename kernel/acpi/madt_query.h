/* kernel/acpi/madt_query.h - what the interrupt controllers' drivers ask
 * the MADT and the FADT beyond acpi.h: the interrupt source overrides, the
 * Local APIC NMI wiring, and the PM timer's width. */
#ifndef KERNEL_ACPI_MADT_QUERY_H
#define KERNEL_ACPI_MADT_QUERY_H

#include "lib/types.h"

/* MPS INTI flags (ACPI 6.5, table 5.26): polarity bits 1:0, trigger 3:2. */
#define ACPI_MADT_POLARITY_MASK 0x3
#define ACPI_MADT_POLARITY_CONFORMS 0x0
#define ACPI_MADT_POLARITY_ACTIVE_HIGH 0x1
#define ACPI_MADT_POLARITY_ACTIVE_LOW 0x3
#define ACPI_MADT_TRIGGER_SHIFT 2
#define ACPI_MADT_TRIGGER_MASK 0x3
#define ACPI_MADT_TRIGGER_CONFORMS 0x0
#define ACPI_MADT_TRIGGER_EDGE 0x1
#define ACPI_MADT_TRIGGER_LEVEL 0x3

/* One Interrupt Source Override (5.2.12.5): ISA IRQ source_irq arrives on
 * Global System Interrupt gsi, with the polarity and trigger in flags. */
struct acpi_madt_override {
	u8 bus;	       /* 0: ISA */
	u8 source_irq; /* the ISA IRQ */
	u32 gsi;
	u16 flags; /* MPS INTI flags */
};

/* acpi_madt_override - the @index-th override in table order; false past
 * the last one, without a MADT, or at a malformed entry. Any context. */
bool acpi_madt_override(int index, struct acpi_madt_override *out);

/* acpi_madt_lapic_nmi - the Local APIC NMI entry (5.2.12.7) for
 * processor @acpi_id (0xff matches an entry for every processor): which
 * LINT pin is NMI, in *lint, with its flags. False without one. */
bool acpi_madt_lapic_nmi(u8 acpi_id, u8 *lint, u16 *flags);

/* acpi_madt_pcat_compat - the MADT's PCAT_COMPAT flag: the machine has
 * 8259s as well, which must be masked when the APICs are used. */
bool acpi_madt_pcat_compat(void);

/* acpi_pm_timer_32bit - the FADT's TMR_VAL_EXT flag: the PM timer counts
 * 32 bits, else 24. */
bool acpi_pm_timer_32bit(void);

#endif
