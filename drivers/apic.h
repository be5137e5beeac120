/* drivers/apic.h - the Local APIC (drivers/lapic.c) and the I/O APIC
 * (drivers/ioapic.c): interrupts delivered through memory.
 *
 * apic_init() decides at boot which controller delivers the interrupts:
 * the I/O APIC and the Local APIC when the MADT describes them and the
 * command line does not say `noapic`; with `noapic` (Linux's meaning) the
 * 8259s through the Local APIC's LINT0 (virtual wire), the Local APIC
 * still there for its timer and MSI; with `nolapic` or without a MADT the
 * 8259s alone (drivers/pic.c). Drivers never see the difference
 * (kernel/irq.h). */
#ifndef DRIVERS_APIC_H
#define DRIVERS_APIC_H

#include "lib/types.h"

/* The Local APIC's own vectors, above every IRQ line's (Linux puts its
 * local timer at 0xec, the error at 0xfe and the spurious at 0xff). */
#define LOCAL_TIMER_VECTOR 0xec
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff /* bits 3:0 must be 1111 on a P6 */

#define APIC_DEFAULT_PHYS_BASE 0xfee00000u

/* Local APIC registers (Intel SDM vol. 3A, table 11-1 "Local APIC
 * Register Address Map"), offsets from its base. */
#define APIC_ID 0x020
#define APIC_ID_SHIFT 24
#define APIC_LVR 0x030 /* version: bits 7:0; max LVT entry: 23:16 */
#define APIC_LVR_VERSION_MASK 0xff
#define APIC_LVR_MAXLVT_SHIFT 16
#define APIC_LVR_MAXLVT_MASK 0xff
#define APIC_TASKPRI 0x080 /* TPR */
#define APIC_ARBPRI 0x090
#define APIC_PROCPRI 0x0a0
#define APIC_EOI 0x0b0
#define APIC_LDR 0x0d0 /* logical destination: bits 31:24 */
#define APIC_LDR_SHIFT 24
#define APIC_DFR 0x0e0		      /* destination format: bits 31:28 */
#define APIC_DFR_FLAT 0xffffffffu     /* model 1111: flat */
#define APIC_SPIV 0x0f0		      /* spurious-interrupt vector register */
#define APIC_SPIV_APIC_ENABLED BIT(8) /* software enable */
#define APIC_ISR 0x100		      /* in-service: 8 registers, 0x10 apart */
#define APIC_TMR 0x180		      /* trigger mode (level) */
#define APIC_IRR 0x200		      /* requests */
#define APIC_ESR 0x280		      /* error status */
#define APIC_ICR 0x300		      /* interrupt command, low */
#define APIC_ICR2 0x310
#define APIC_LVTT 0x320	    /* LVT timer */
#define APIC_LVTTHMR 0x330  /* LVT thermal sensor */
#define APIC_LVTPC 0x340    /* LVT performance counter */
#define APIC_LVT0 0x350	    /* LVT LINT0 */
#define APIC_LVT1 0x360	    /* LVT LINT1 */
#define APIC_LVTERR 0x370   /* LVT error */
#define APIC_TMICT 0x380    /* timer initial count */
#define APIC_TMCCT 0x390    /* timer current count */
#define APIC_TDCR 0x3e0	    /* timer divide configuration */
#define APIC_TDR_DIV_16 0x3 /* bits 3,1:0 = 0 11: divide by 16 */
#define APIC_REGS_SIZE 0x1000

/* LVT entry bits (SDM vol. 3A, figure 11-8 "Local Vector Table"). */
#define APIC_VECTOR_MASK 0xff
#define APIC_DM_SHIFT 8 /* delivery mode, bits 10:8 */
#define APIC_DM_MASK 0x7
#define APIC_DM_FIXED 0x0
#define APIC_DM_NMI 0x4
#define APIC_DM_EXTINT 0x7
#define APIC_SEND_PENDING BIT(12)   /* delivery status */
#define APIC_INPUT_POLARITY BIT(13) /* LINT: 1 = active low */
#define APIC_LVT_REMOTE_IRR BIT(14)
#define APIC_LVT_LEVEL_TRIGGER BIT(15)
#define APIC_LVT_MASKED BIT(16)
#define APIC_LVT_TIMER_PERIODIC BIT(17) /* timer mode 01 */

/* ICR (figure 11-12): a fixed interrupt to ourselves. */
#define APIC_DEST_SELF (1u << 18) /* destination shorthand 01 */

/* IA32_APIC_BASE MSR (SDM vol. 3A, 11.4.4). */
#define MSR_IA32_APICBASE 0x1b
#define MSR_IA32_APICBASE_BSP BIT(8)
#define MSR_IA32_APICBASE_ENABLE BIT(11)
#define MSR_IA32_APICBASE_BASE 0xfffff000u
#define CPUID_1_EDX_APIC BIT(9)

/* apic_init - with a MADT and without `noapic`/`nolapic`: mask the 8259s
 * (their ports stay claimed), enable the Local APIC, program every ISA
 * line into the I/O APIC's redirection table with the MADT's overrides
 * (all masked until request_irq), and hand the lines to the IRQ layer.
 * Prints Linux's boot lines. Returns 0; or -ENODEV after one line when the
 * 8259s are to deliver the ISA lines (noapic: the Local APIC is set up in
 * virtual-wire mode first; nolapic, no MADT, no APIC in CPUID, an APIC
 * that does not answer: nothing is): then call pic_init(). Boot,
 * interrupts off. */
int apic_init(void);

/* apic_in_use - true when the I/O APIC (and the Local APIC) deliver the
 * IRQ lines; false with noapic, nolapic or without a MADT. */
bool apic_in_use(void);

/* lapic_in_use - true when the Local APIC is set up (its timer, MSI,
 * IPIs): with the I/O APIC, and with noapic. Any context. */
bool lapic_in_use(void);

/* lapic_calibrate_start - start the Local APIC timer counting down,
 * masked, beside tsc_calibrate_start(), so that lapic_timer_init() finds
 * it measured over the TSC's calibration window and need not wait. Maps
 * the Local APIC the MADT names; does nothing (silently: lapic_init
 * reports) with nolapic, without a MADT or without an APIC. Boot,
 * interrupts off, after acpi_tables_init(). */
void lapic_calibrate_start(void);

/* lapic_init - map the Local APIC at phys (or keep lapic_calibrate_start's
 * mapping), enable it, set LINT0 (the 8259's INTR) to ExtINT, masked or,
 * with virtual_wire (noapic), open; set LINT1 to NMI as the MADT says,
 * take the spurious and error vectors, and start the timer counting down
 * for calibration unless lapic_calibrate_start did. Returns 0, -ENODEV (no
 * APIC) or -ENOMEM after one line. Boot, interrupts off. */
int lapic_init(u64 phys, bool virtual_wire);

/* lapic_eoi - end of interrupt: a store to the EOI register. For a level
 * interrupt the Local APIC passes it on to the I/O APIC, which clears the
 * entry's Remote IRR. Interrupt context. */
void lapic_eoi(void);

/* lapic_read / lapic_write - one Local APIC register (APIC_* offsets).
 * Only after lapic_init succeeded. Any context. */
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 v);

/* lapic_id - this CPU's APIC ID (0 before lapic_init). */
u8 lapic_id(void);

/* lapic_timer_init - measure the Local APIC timer's rate against the TSC
 * (itself timed by PIT counter 2 over the same window when
 * lapic_calibrate_start ran) and start it periodic at the PIT's rate; its
 * first interrupt makes it the kernel's tick (Linux's "Local timer
 * interrupts", LOC) and masks IRQ 0, so nothing waits for it (a timer that
 * never interrupts leaves the PIT the tick; `apic` says so). Waits only
 * for the calibration's remainder (TSC_CAL_MS) when started late. Returns
 * 0, or -ENODEV (no Local APIC in use, TSC unknown, a timer that does not
 * count) after one line. Boot, interrupts on, after tsc_calibrate(). */
int lapic_timer_init(void);

/* lapic_timer_hz - the Local APIC timer's input rate after its divider
 * (0 before lapic_timer_init). */
u32 lapic_timer_hz(void);

/* lapic_print / ioapic_print - every register, decoded (`apic`). */
void lapic_print(void);
void ioapic_print(void);

/* ioapic_entry - line irq's redirection entry, low and high halves, as
 * the chip holds it now. Returns 0, or -ENOENT when the line has no I/O
 * APIC input (or the APICs are not in use). Any context. */
int ioapic_entry(unsigned irq, u32 *lo, u32 *hi);

/* I/O APIC redirection entry bits (82093AA datasheet, 3.2.4), for
 * ioapic_entry's callers. */
#define IOART_VECTOR_MASK 0xff
#define IOART_DELMOD_SHIFT 8 /* 10:8: 000 fixed, 001 lowest priority */
#define IOART_DELMOD_MASK 0x7
#define IOART_DESTMOD_LOGICAL BIT(11)
#define IOART_DELIVS BIT(12)	 /* delivery status: send pending */
#define IOART_INTPOL_LOW BIT(13) /* 1: active low */
#define IOART_REM_IRR BIT(14)	 /* level: accepted, awaiting EOI */
#define IOART_TRIGGER_LEVEL BIT(15)
#define IOART_MASKED BIT(16)
#define IOART_DEST_SHIFT 24 /* high 32 bits: destination in 31:24 */

/* ioapic_nr_gsis - how many GSIs the I/O APICs have (0 when not in use):
 * where Linux starts numbering MSIs. */
unsigned ioapic_nr_gsis(void);

#endif
