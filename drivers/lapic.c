/* drivers/lapic.c - the Local APIC: each CPU's own interrupt controller,
 * programmed through memory.
 *
 * Since the Pentium every x86 core has one (Intel SDM vol. 3A, chapter 11
 * "Advanced Programmable Interrupt Controller"). It is a page of registers
 * at physical 0xfee00000 (IA32_APIC_BASE, and the MADT's Local Interrupt
 * Controller Address), 16-byte aligned 32-bit registers read and written
 * with ordinary loads and stores, uncached. Where the 8259 is spoken to by
 * IN/OUT, this chip is a piece of memory the CPU's own bus unit answers:
 * no device on any bus sees those stores.
 *
 * What it does for porthole:
 *   - accepts interrupts the I/O APIC and MSI-capable devices send it as
 *     messages (a vector each), keeps them in IRR (requested) and ISR (in
 *     service) bitmaps of 256 bits, and hands the highest one above the
 *     task priority (TPR) to the CPU;
 *   - takes the end of interrupt as a store of 0 to its EOI register;
 *   - has its own local interrupt inputs, the LVT (Local Vector Table):
 *     LINT0 (where the firmware left the 8259's INTR wired, as ExtINT: the
 *     "virtual wire" mode, which `noapic` keeps: the I/O APIC is then left
 *     out and the 8259 delivers through here), LINT1 (NMI), the error
 *     interrupt, the timer;
 *   - has a timer: a 32-bit down-counter at the bus clock divided by
 *     APIC_TDCR, one-shot or periodic, which becomes the kernel's tick
 *     (Linux's "Local timer interrupts", LOC in /proc/interrupts).
 *
 * The spurious vector (SVR, 11.9 "Spurious Interrupt"): when the APIC
 * raised INTR but the interrupt was masked away by TPR before the CPU
 * acknowledged it, the CPU gets the spurious vector instead. Its handler
 * counts it and must NOT write EOI: nothing was put in service.
 */
#include "drivers/apic.h"
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/madt_query.h"
#include "kernel/cmdline.h"
#include "kernel/iomap.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/errno.h"

#define APIC_ISR_REGS 8 /* 256 bits in 8 registers */
#define APIC_REG_STRIDE 0x10
#define LAPIC_CAL_MS TSC_CAL_MS	  /* least time the timer is measured over */
#define LAPIC_ERR_REPORTS 5	  /* error lines printed at most */
#define LAPIC_BSP_LOGICAL_ID 0x01 /* flat model: one bit per CPU */
/* A register access bracketed by two TSC reads further apart than this
 * was stalled (an emulator's host, an SMI): it is done again. */
#define LAPIC_CAL_MAX_CYCLES 100000u
#define LAPIC_CAL_RETRIES 100

static void __iomem *regs;
static u64 regs_phys;
static bool in_use; /* lapic_init succeeded */
static u8 my_id;
static u32 timer_hz;	   /* counts per second after the divider */
static u64 cal_tsc0;	   /* TSC when the calibration countdown started */
static bool cal_early;	   /* ... and that was in tsc_calibrate's window */
static bool timer_ticks;   /* LVTT periodic and seen ticking */
static u64 tick_period_ps; /* its period, once programmed periodic */
static u32 err_reports;

/* nolapic, Linux's name: leave the Local APIC as the firmware left it and
 * use the 8259s alone (no Local APIC timer, no MSI). A bare word. */
static const char *
nolapic_check(const char *v)
{
	return *v ? "no value (just nolapic)" : NULL;
}
CMDLINE_OPTION("nolapic", nolapic_check);

bool
lapic_in_use(void)
{
	return in_use;
}

u32
lapic_read(u32 reg)
{
	return readl((u8 __iomem *)regs + reg);
}

void
lapic_write(u32 reg, u32 v)
{
	writel(v, (u8 __iomem *)regs + reg);
}

u8
lapic_id(void)
{
	return my_id;
}

u32
lapic_timer_hz(void)
{
	return timer_hz;
}

void
lapic_eoi(void)
{
	lapic_write(APIC_EOI,
		    0); // End of interrupt: clears the highest ISR bit
}

/* Is vector in service (ISR, 11.8.4 "Interrupt Acceptance for Fixed
 * Interrupts")? 256 bits in 8 registers of 32, 0x10 apart. */
static bool
lapic_vector_in_service(unsigned vector)
{
	return lapic_read(APIC_ISR + (vector / 32) * APIC_REG_STRIDE) &
	       BIT(vector % 32);
}

static const struct irq_local_apic lapic_for_irq = {
	.in_service = lapic_vector_in_service,
	.eoi = lapic_eoi,
};

static void
lapic_spurious_interrupt(struct trapframe *tf)
{
	(void)tf;
	irq_count_spurious_vector(); /* no EOI: nothing is in service */
}

static void
lapic_error_interrupt(struct trapframe *tf)
{
	u32 esr;

	(void)tf;
	lapic_write(APIC_ESR, 0); // Latch the errors into ESR
	esr = lapic_read(APIC_ESR);
	irq_count_apic_error();
	if (err_reports++ < LAPIC_ERR_REPORTS)
		printk("lapic: APIC error interrupt, ESR 0x%02x\n", esr);
	lapic_eoi();
}

/* The first interrupt of the periodic timer proves it is delivered: it
 * takes the tick over from the PIT there, so the boot never waits for it
 * (and a timer that never interrupts leaves the PIT ticking). */
static void
lapic_timer_interrupt(struct trapframe *tf)
{
	(void)tf;
	irq_count_local_timer();
	if (!timer_ticks && tick_period_ps) {
		time_switch_tick(tick_period_ps, "Local APIC timer");
		/* the PIT's: Linux's "timer" nearly stops too */
		disable_irq(0);
		timer_ticks = true;
	}
	time_tick();
	lapic_eoi();
}

/* EOI whatever the firmware left in service, so that nothing below it
 * stays blocked (bounded: each EOI clears one bit). */
static void
lapic_clear_isr(void)
{
	for (int n = 0; n < 256; n++) {
		bool any = false;
		for (int i = 0; i < APIC_ISR_REGS; i++)
			any |= lapic_read(APIC_ISR + i * APIC_REG_STRIDE) != 0;
		if (!any)
			return;
		lapic_eoi();
	}
}

/* LINT1: the NMI input, as the MADT's Local APIC NMI entry wires it (else
 * left as the firmware set it). */
static void
lapic_setup_lint1(void)
{
	u8 lint;
	u16 fl;
	u32 v = APIC_DM_NMI << APIC_DM_SHIFT;

	if (!acpi_madt_lapic_nmi(0, &lint, &fl) || lint != 1)
		return;
	if ((fl & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW)
		v |= APIC_INPUT_POLARITY;
	lapic_write(APIC_LVT1, v); // LINT1: NMI, unmasked
}

/* Start the timer counting down from the top, masked, and note the TSC
 * beside the store (taken again when a stall makes the two reads lie far
 * apart): the start of the window lapic_timer_init() measures over. */
static void
timer_count_start(void)
{
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TDCR, APIC_TDR_DIV_16); // Bus clock / 16
	for (int i = 0; i < LAPIC_CAL_RETRIES; i++) {
		u64 before = rdtsc();
		lapic_write(APIC_TMICT, 0xffffffffu); // Start: from the top
		cal_tsc0 = rdtsc();
		if (cal_tsc0 - before <= LAPIC_CAL_MAX_CYCLES)
			break; /* else the store was stalled: start again */
	}
}

/* Is there a Local APIC to use (CPUID), globally enabled (IA32_APIC_BASE)
 * and mapped at phys? quiet: the early call, which prints nothing (the
 * boot's lines come from lapic_init). Returns 0 or -ENODEV/-ENOMEM. */
static int
lapic_map(u64 phys, bool quiet)
{
	u32 r[4], ver;
	u64 base;

	if (regs && regs_phys == phys)
		return 0;
	cpuid(1, r);
	if (!(r[3] & CPUID_1_EDX_APIC)) {
		if (!quiet)
			printk("lapic: CPUID says this CPU has no Local "
			       "APIC\n");
		return -ENODEV;
	}
	base = rdmsr(MSR_IA32_APICBASE);
	if ((base & MSR_IA32_APICBASE_BASE) != phys && !quiet)
		printk("lapic: IA32_APIC_BASE says 0x%llx, the MADT 0x%llx: "
		       "using the MADT's\n",
		       (unsigned long long)(base & MSR_IA32_APICBASE_BASE),
		       (unsigned long long)phys);
	if (!(base & MSR_IA32_APICBASE_ENABLE))
		wrmsr(MSR_IA32_APICBASE,
		      base | MSR_IA32_APICBASE_ENABLE); // Global enable
	regs = ioremap(phys, APIC_REGS_SIZE);
	if (!regs)
		return -ENOMEM;
	ver = lapic_read(APIC_LVR);
	if (ver == 0xffffffffu || ver == 0) {
		if (!quiet)
			printk("lapic: nothing answers at 0x%llx (version "
			       "reads 0x%08x)\n",
			       (unsigned long long)phys, ver);
		iounmap(regs);
		regs = NULL;
		return -ENODEV;
	}
	regs_phys = phys;
	return 0;
}

void
lapic_calibrate_start(void)
{
	u64 phys = acpi_madt_lapic_address();

	if (cmdline_get("nolapic") || !phys || lapic_map(phys, true) < 0)
		return; /* lapic_init says why, if it is called */
	/* Software-enabled (the SVR), as SeaBIOS leaves it, so that no
	 * implementation can hold the timer; interrupts stay off until
	 * irq_start and the LVT entry is masked, so nothing is delivered. */
	lapic_write(APIC_SPIV,
		    lapic_read(APIC_SPIV) | APIC_SPIV_APIC_ENABLED |
			    SPURIOUS_APIC_VECTOR); // On; spurious 0xff
	timer_count_start();
	cal_early = true;
}

int
lapic_init(u64 phys, bool virtual_wire)
{
	u32 ver, maxlvt;
	int err;

	if ((err = lapic_map(phys, false)) < 0)
		return err;
	ver = lapic_read(APIC_LVR);
	maxlvt = (ver >> APIC_LVR_MAXLVT_SHIFT) & APIC_LVR_MAXLVT_MASK;
	my_id = (u8)(lapic_read(APIC_ID) >> APIC_ID_SHIFT);

	trap_set_handler(SPURIOUS_APIC_VECTOR, lapic_spurious_interrupt);
	trap_set_handler(ERROR_APIC_VECTOR, lapic_error_interrupt);
	trap_set_handler(LOCAL_TIMER_VECTOR, lapic_timer_interrupt);

	lapic_write(APIC_TASKPRI, 0);	      // TPR 0: accept every class
	lapic_write(APIC_DFR, APIC_DFR_FLAT); // Flat logical destinations
	lapic_write(APIC_LDR, LAPIC_BSP_LOGICAL_ID << APIC_LDR_SHIFT); // Me: 1
	/* LINT0 is where the 8259's INTR arrives (ExtINT: the CPU asks the
	 * 8259 for the vector). Masked when the I/O APIC delivers; open with
	 * noapic, Linux's "virtual wire" mode (setup_local_APIC()). */
	if (virtual_wire)
		lapic_write(APIC_LVT0,
			    APIC_DM_EXTINT << APIC_DM_SHIFT); // 8259 through
	else
		lapic_write(APIC_LVT0,
			    APIC_LVT_MASKED |
				    APIC_DM_EXTINT << APIC_DM_SHIFT); // No 8259
	lapic_setup_lint1();
	lapic_write(APIC_LVTERR, ERROR_APIC_VECTOR); // Errors to 0xfe
	if (maxlvt >= 4)
		lapic_write(APIC_LVTPC, APIC_LVT_MASKED); // Perf counter off
	if (maxlvt >= 5)
		lapic_write(APIC_LVTTHMR, APIC_LVT_MASKED); // Thermal off
	lapic_write(APIC_ESR, 0); // Clear errors (written twice: 11.5.3)
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_SPIV,
		    APIC_SPIV_APIC_ENABLED |
			    SPURIOUS_APIC_VECTOR); // On; spurious 0xff
	lapic_clear_isr();

	/* The timer counts down from the top, masked, until
	 * lapic_timer_init() reads it beside the TSC: since
	 * lapic_calibrate_start() (tsc_calibrate's window), else from now. */
	if (!cal_early)
		timer_count_start();
	in_use = true;
	irq_note_local_apic(&lapic_for_irq);
	printk("lapic: Local APIC id %u, version 0x%02x (%u LVT entries) at "
	       "0x%llx; LINT0 (the 8259's virtual wire) %s\n",
	       my_id, ver & APIC_LVR_VERSION_MASK, maxlvt + 1,
	       (unsigned long long)phys,
	       virtual_wire ? "open: ExtINT, the 8259 delivers through it"
			    : "masked");
	return 0;
}

/* The timer's counts since it started and the TSC cycles over them: the
 * count read between two TSC reads, taken again if they lie far apart. */
static u32
timer_counts(u64 *cycles)
{
	u32 flags = irq_save();
	u64 before = 0, after = 0;
	u32 ccr = 0;

	for (int i = 0; i < LAPIC_CAL_RETRIES; i++) {
		before = rdtsc();
		ccr = lapic_read(APIC_TMCCT);
		after = rdtsc();
		if (after - before <= LAPIC_CAL_MAX_CYCLES)
			break;
	}
	irq_restore(flags);
	*cycles = before + (after - before) / 2 - cal_tsc0;
	return 0xffffffffu - ccr;
}

int
lapic_timer_init(void)
{
	u64 cal_cycles, cycles, period_ps;
	u32 khz = tsc_khz(), counts, initial;

	if (!in_use)
		return -ENODEV;
	if (!khz || !time_tick_period_ps()) {
		printk("lapic: no calibrated TSC or no tick rate to match; the "
		       "PIT stays the tick\n");
		return -ENODEV;
	}
	/* Started in tsc_calibrate's window, the timer has counted at least
	 * as long as the TSC was measured: no wait. Started late (the early
	 * start found no APIC to start), the rest of LAPIC_CAL_MS. */
	cal_cycles = (u64)khz * LAPIC_CAL_MS;
	while (rdtsc() - cal_tsc0 < cal_cycles)
		cpu_relax();
	counts = timer_counts(&cycles);
	if (!counts || counts == 0xffffffffu) {
		printk("lapic: the timer did not count (current count 0x%08x); "
		       "the PIT stays the tick\n",
		       lapic_read(APIC_TMCCT));
		return -ENODEV;
	}
	/* counts over cycles / (kHz * 1000) seconds: the TSC, timed by PIT
	 * counter 2 over (nearly) the same window. Its error (a count at
	 * either end of >= 10 ms: < 0.02 %) and the two bracketed samples
	 * here (a few us of >= 10 ms) are all the error there is. */
	timer_hz = (u32)((u64)counts * khz * 1000 / cycles);
	/* The PIT's period, in the Local APIC's counts, rounded. */
	initial = (u32)(((u64)timer_hz * time_tick_period_ps() +
			 PSEC_PER_SEC / 2) /
			PSEC_PER_SEC);
	if (initial < 2) {
		printk("lapic: timer at %u Hz is too slow for the tick\n",
		       timer_hz);
		return -ENODEV;
	}
	period_ps = (u64)initial * PSEC_PER_SEC / timer_hz;
	tick_period_ps = period_ps; /* the first interrupt takes the tick */
	lapic_write(APIC_LVTT,
		    APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR); // Periodic
	lapic_write(APIC_TMICT, initial); // Period in counts: starts
	u32 mhz = (u32)((u64)PSEC_PER_SEC * 1000 / period_ps); /* milli-Hz */
	printk("lapic: timer at %u.%03u MHz (bus clock / 16, timed over %u ms "
	       "of the TSC%s): the tick from its first interrupt, %u counts = "
	       "%u.%03u Hz; IRQ 0 masked then\n",
	       timer_hz / 1000000, timer_hz / 1000 % 1000, (u32)(cycles / khz),
	       cal_early ? ", beside its calibration" : "", initial, mhz / 1000,
	       mhz % 1000);
	return 0;
}

static const char *const dm_names[8] = {"Fixed", "LowPri", "SMI",  "res3",
					"NMI",	 "INIT",   "res6", "ExtINT"};

static void
print_lvt(const char *name, u32 reg, bool lint)
{
	u32 v = lapic_read(reg);

	printk("  %-9s 0x%08x  vector 0x%02x  %-6s %s%s%s%s\n", name, v,
	       v & APIC_VECTOR_MASK,
	       dm_names[(v >> APIC_DM_SHIFT) & APIC_DM_MASK],
	       v & APIC_LVT_MASKED ? "masked" : "unmasked",
	       lint ? (v & APIC_INPUT_POLARITY ? " active-low" : " active-high")
		    : "",
	       lint ? (v & APIC_LVT_LEVEL_TRIGGER ? " level" : " edge") : "",
	       v & APIC_SEND_PENDING ? " send-pending" : "");
}

static void
print_bitmap(const char *name, u32 reg)
{
	printk("  %-4s", name);
	for (int i = APIC_ISR_REGS - 1; i >= 0; i--)
		printk(" %08x", lapic_read(reg + (u32)i * APIC_REG_STRIDE));
	printk("  (vectors 255..0)\n");
}

void
lapic_print(void)
{
	u32 ver, svr, lvtt;

	if (!in_use) {
		printk("Local APIC: not set up (nolapic, or no MADT): the "
		       "8259s "
		       "deliver the interrupts\n");
		return;
	}
	ver = lapic_read(APIC_LVR);
	svr = lapic_read(APIC_SPIV);
	lvtt = lapic_read(APIC_LVTT);
	printk("Local APIC at 0x%08x (IA32_APIC_BASE 0x%llx)\n",
	       (u32)(rdmsr(MSR_IA32_APICBASE) & MSR_IA32_APICBASE_BASE),
	       (unsigned long long)rdmsr(MSR_IA32_APICBASE));
	printk("  ID        0x%08x  APIC ID %u\n", lapic_read(APIC_ID),
	       lapic_read(APIC_ID) >> APIC_ID_SHIFT);
	printk("  version   0x%08x  version 0x%02x, %u LVT entries\n", ver,
	       ver & APIC_LVR_VERSION_MASK,
	       ((ver >> APIC_LVR_MAXLVT_SHIFT) & APIC_LVR_MAXLVT_MASK) + 1);
	printk("  TPR       0x%08x  PPR 0x%08x\n", lapic_read(APIC_TASKPRI),
	       lapic_read(APIC_PROCPRI));
	printk("  LDR       0x%08x  DFR 0x%08x (%s)\n", lapic_read(APIC_LDR),
	       lapic_read(APIC_DFR),
	       lapic_read(APIC_DFR) == APIC_DFR_FLAT ? "flat" : "cluster");
	printk("  SVR       0x%08x  spurious vector 0x%02x, APIC %s\n", svr,
	       svr & APIC_VECTOR_MASK,
	       svr & APIC_SPIV_APIC_ENABLED ? "enabled" : "disabled");
	printk("  ESR       0x%08x\n", lapic_read(APIC_ESR));
	print_lvt("LVT timer", APIC_LVTT, false);
	print_lvt("LVT LINT0", APIC_LVT0, true);
	print_lvt("LVT LINT1", APIC_LVT1, true);
	print_lvt("LVT error", APIC_LVTERR, false);
	printk("  timer     %s, divide /16, initial %u, current %u, %u Hz "
	       "(%s)\n",
	       lvtt & APIC_LVT_TIMER_PERIODIC ? "periodic" : "one-shot",
	       lapic_read(APIC_TMICT), lapic_read(APIC_TMCCT), timer_hz,
	       timer_ticks	? "the kernel's tick"
	       : tick_period_ps ? "not the tick: no interrupt since it started"
				: "not the tick");
	print_bitmap("ISR", APIC_ISR);
	print_bitmap("IRR", APIC_IRR);
	print_bitmap("TMR", APIC_TMR);
}
