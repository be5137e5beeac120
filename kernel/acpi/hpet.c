/* kernel/acpi/hpet.c - the HPET table: where the event timer block is.
 *
 * IA-PC HPET (High Precision Event Timers) Specification 1.0a, 3.2.4
 * "The ACPI 2.0 HPET Description Table": after the standard header, the
 * Event Timer Block ID (a copy of the block's General Capabilities and ID
 * register bits 31-0: vendor, number of comparators, COUNT_SIZE_CAP, rev),
 * a Generic Address Structure with the block's MMIO base, the HPET number
 * (its sequence number: "HPET 0" in iomem), the minimum clock tick in
 * periodic mode, and page protection attributes.
 */
#include "kernel/acpi/parse.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define HPET_EVENT_TIMER_BLOCK_ID 36
#define HPET_BASE_ADDRESS 40 /* GAS: space 40, address 44 */
#define HPET_BASE_ADDRESS_ADDR 44
#define HPET_NUMBER 52
#define HPET_MIN_TICK 53

int
acpi_hpet_parse(const u8 *t, u32 len, struct acpi_hpet_info *h)
{
	memset(h, 0, sizeof(*h));
	if (len < ACPI_HPET_SIZE - 1) { /* page protection may be missing */
		printk("ACPI: HPET table is %u bytes, needs %u\n", len,
		       ACPI_HPET_SIZE);
		return -EINVAL;
	}
	memcpy(&h->event_timer_block_id, t + HPET_EVENT_TIMER_BLOCK_ID, 4);
	memcpy(&h->address, t + HPET_BASE_ADDRESS_ADDR, 8);
	h->hpet_number = t[HPET_NUMBER];
	memcpy(&h->min_tick, t + HPET_MIN_TICK, 2);
	if (t[HPET_BASE_ADDRESS] != ACPI_ADR_SPACE_SYSTEM_MEMORY) {
		printk("ACPI: HPET block in address space %u, not memory: "
		       "ignored\n",
		       t[HPET_BASE_ADDRESS]);
		return -EINVAL;
	}
	return 0;
}
