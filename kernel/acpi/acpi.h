/* kernel/acpi/acpi.h - the firmware's tables: what other code may ask ACPI.
 *
 * ACPI (Advanced Configuration and Power Interface Specification 6.5, ch. 5
 * "ACPI Software Programming Model") is the firmware's description of the
 * machine: a Root System Description Pointer (RSDP) in the BIOS area points
 * at a Root/Extended System Description Table (RSDT/XSDT), a list of
 * physical addresses of the other tables, each opening with the same 36-byte
 * header (5.2.6). porthole finds and checks them at boot (tables.c), maps
 * them cached with memremap (they are memory, not registers), and answers
 * questions about them here. It programs no device itself.
 *
 * Everything here works before and after acpi_tables_init(); without ACPI
 * (`-machine isapc`, or `acpi=off` on the command line) acpi_available() is
 * false, acpi_get_table() returns NULL and the accessors return 0 / false.
 */
#ifndef KERNEL_ACPI_ACPI_H
#define KERNEL_ACPI_ACPI_H

#include "kernel/acpi/actbl.h"
#include "lib/types.h"

/* acpi_available - true when the tables were found and ACPI is not off.
 * Context: any, after acpi_tables_init(). */
bool acpi_available(void);

/* acpi_get_table - the @instance-th (0, 1, ...) table with signature @sig
 * ("DSDT", "SSDT", "APIC", "FACP", ...), mapped cached through memremap,
 * valid for the rest of the boot; its header's length says how far it goes.
 * The DSDT and FACS are found through the FADT. Returns NULL when there is
 * no such table or ACPI is not available. A table with a bad checksum is
 * still returned (it was reported once at boot), as Linux does. */
const struct acpi_table_header *acpi_get_table(const char *sig, int instance);

/* acpi_fadt_block - one of the FADT's register blocks (preferring the 64-bit
 * X_ fields where set); false when the machine has no such block. */
bool acpi_fadt_block(enum acpi_fadt_block which, struct acpi_block *out);

/* acpi_fadt_century - the CMOS RAM index of the century byte (FADT
 * CENTURY), or 0 when the firmware keeps none. */
u8 acpi_fadt_century(void);

/* acpi_fadt_sci_int - the System Control Interrupt's ISA IRQ (SCI_INT). */
u16 acpi_fadt_sci_int(void);

/* acpi_fadt_reset_reg - the FADT's reset register and the value to write
 * there (RESET_REG, RESET_VALUE); false when the FADT does not say it has
 * one (revision < 2, or the RESET_REG_SUP flag clear). */
bool acpi_fadt_reset_reg(struct acpi_generic_address *reg, u8 *value);

/* MADT (5.2.12): the interrupt controllers. */

/* acpi_madt_lapic_address - the Local APIC's physical address (from the
 * MADT header, or its Local APIC Address Override entry); 0 without MADT. */
u64 acpi_madt_lapic_address(void);

/* acpi_madt_ioapic - the @index-th I/O APIC; false past the last one. */
bool acpi_madt_ioapic(int index, struct acpi_ioapic_info *out);

/* acpi_hpet - the HPET table's timer block; false without one. */
bool acpi_hpet(struct acpi_hpet_info *out);

/* acpi_mcfg_count - how many ECAM windows the MCFG lists (0 without one). */
int acpi_mcfg_count(void);

/* acpi_mcfg_entry - the @index-th ECAM window; false past the last. */
bool acpi_mcfg_entry(int index, struct acpi_mcfg_info *out);

/* acpi_sci_init - the System Control Interrupt (kernel/acpi/sci.c): into
 * ACPI mode if need be, fixed events and GPEs disabled and their status
 * cleared, the handler on FADT's SCI_INT (shared, level), the power
 * button's event enabled (a press powers off through S5). Returns 0, or
 * -ENODEV without ACPI (acpi=off, isapc) or an event block, or what
 * acpi_enable/request_irq returned, after one line. Boot, after the
 * interrupt controllers and the calibrated clock. */
int acpi_sci_init(void);

/* acpi_enable - into ACPI mode (SCI_EN in PM1a_CNT) if the firmware left
 * the machine in legacy mode: ACPI_ENABLE written to SMI_CMD, SCI_EN waited
 * for (300 ms at most), as Linux's acpi_enable() does; *was_legacy says
 * whether it had to. Returns 0, or -ENODEV (no PM1a_CNT), -EIO (no
 * SMI_CMD), -ETIMEDOUT after one line. Process context (it waits). */
int acpi_enable(bool *was_legacy);

/* acpi_power_off - S5 through PM1a_CNT (SLP_TYPa from \_S5 | SLP_EN),
 * entering ACPI mode first if need be (kernel/acpi/sleep.c). Returns only
 * on failure: -ENODEV without ACPI or \_S5, -EINVAL/-ETIMEDOUT/-EIO (one
 * line said why). Interrupts may be off. */
int acpi_power_off(void);

/* acpi_reboot - write RESET_VALUE to the FADT's reset register. Returns
 * only on failure: -ENODEV when the FADT has none, -EINVAL/-EIO. */
int acpi_reboot(void);

/* acpi_tables_init - find the RSDP, check and list every table (printing
 * Linux's "ACPI: SIG ..." lines), parse FADT/MADT/HPET/MCFG. Honours
 * `acpi=off`. Context: boot, after paging_init (it uses memremap). */
void acpi_tables_init(void);

#endif
