/* kernel/acpi/acpi.c - ACPI at boot: find the tables, list them, keep what
 * they say, and answer the questions of acpi.h; the `acpi` command.
 *
 * The search area comes first (ACPI 6.5, 5.2.5.1 "Finding the RSDP on
 * IA-PC Systems"): the BIOS Data Area word at 0x40e holds the EBDA's real
 * mode segment; its first KiB is searched, then 0xe0000-0xfffff. Both lie
 * below 1 MiB, which the direct map covers. The tables themselves are
 * usually at the top of RAM in an E820 "Reserved" or "ACPI Tables" range:
 * they are reached through memremap (cached), not ioremap (uncached), since
 * they are memory the firmware wrote, not registers (docs/acpi.md).
 *
 * What Linux prints about the tables at boot, porthole prints in the same
 * words and order (arch/x86/kernel/acpi/boot.c): the table list, the PM
 * timer's port, the MADT's Local APIC NMI, I/O APIC and override entries,
 * the HPET. The I/O APIC line needs the chip's own version register, read
 * through ioremap (82093AA I/O APIC datasheet, 3.2.2 IOAPICVER).
 */
#include "kernel/acpi/acpi.h"
#include "kernel/acpi/aml.h"
#include "kernel/acpi/parse.h"
#include "kernel/acpi/tables.h"
#include "kernel/cmdline.h"
#include "kernel/command.h"
#include "kernel/iomap.h"
#include "kernel/mm/memremap.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/tty.h"
#include "lib/errno.h"
#include "lib/parse.h"
#include "lib/string.h"

/* BIOS Data Area: the EBDA's segment (IBM PC AT Technical Reference). */
#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_SEARCH_LENGTH 1024
#define EBDA_MIN 0x400
#define EBDA_MAX 0xa0000
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000

/* 82093AA: the index/data window and the version register. */
#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_REG_VER 0x01
#define IOAPIC_VER_VERSION 0x000000ff
#define IOAPIC_VER_MRE_SHIFT 16 /* Maximum Redirection Entry, bits 23-16 */
#define IOAPIC_VER_MRE_MASK 0xff
#define IOAPIC_MMIO_SIZE 0x20

#define MAX_MAPS 16

static struct acpi_tables tables;
static bool acpi_ok;
static bool have_fadt, have_madt, have_hpet;
static struct acpi_fadt_info fadt;
static struct acpi_madt_info madt;
static struct acpi_hpet_info hpet;
static struct acpi_mcfg_info mcfg[ACPI_MCFG_MAX];
static int nr_mcfg;
static u8 ioapic_version[ACPI_MADT_MAX_IOAPICS];
static u8 ioapic_entries[ACPI_MADT_MAX_IOAPICS];

/* The pages memremap gave us, so a table in a page already mapped (QEMU
 * puts them all in a few) reuses that mapping. */
static struct {
	u64 phys;
	u32 len;
	const u8 *va;
} maps[MAX_MAPS];
static int nr_maps;

static const void *
acpi_map(u64 phys, u32 len)
{
	u64 first = ALIGN_DOWN(phys, PAGE_SIZE);
	u64 end = ALIGN_UP(phys + len, PAGE_SIZE);
	const u8 *va;

	if (!len || phys + len < phys || phys + len > 0x100000000ULL)
		return NULL;
	for (int i = 0; i < nr_maps; i++)
		if (phys >= maps[i].phys &&
		    phys + len <= maps[i].phys + maps[i].len)
			return maps[i].va + (phys - maps[i].phys);
	va = memremap(first, (size_t)(end - first), MEMREMAP_WB);
	if (!va)
		return NULL;
	if (nr_maps < MAX_MAPS) {
		maps[nr_maps].phys = first;
		maps[nr_maps].len = (u32)(end - first);
		maps[nr_maps].va = va;
		nr_maps++;
	}
	return va + (phys - first);
}

/* The RSDP's physical address, from the two areas of 5.2.5.1; 0 if none. */
static u64
find_rsdp(void)
{
	u32 ebda = (u32) * (const u16 *)__va(BDA_EBDA_SEGMENT) << 4;
	int off;

	if (ebda >= EBDA_MIN && ebda + EBDA_SEARCH_LENGTH <= EBDA_MAX) {
		off = acpi_scan_rsdp(__va(ebda), EBDA_SEARCH_LENGTH);
		if (off >= 0)
			return ebda + (u32)off;
	}
	off = acpi_scan_rsdp(__va(BIOS_AREA_START),
			     BIOS_AREA_END - BIOS_AREA_START);
	return off >= 0 ? BIOS_AREA_START + (u32)off : 0;
}

static void
print_table_list(void)
{
	char line[128];

	for (int i = 0; i < tables.count; i++) {
		acpi_format_table(&tables.t[i], line, sizeof(line));
		printk("ACPI: %s\n", line);
	}
}

/* Read the I/O APIC's version register: its version, and how many
 * redirection entries (so how many GSIs) it has. */
static void
probe_ioapic(int i)
{
	void __iomem *regs = ioremap(madt.ioapic[i].address, IOAPIC_MMIO_SIZE);
	u32 ver;

	if (!regs)
		return;
	writel(IOAPIC_REG_VER, (u8 *)regs + IOAPIC_IOREGSEL); /* select VER */
	ver = readl((u8 *)regs + IOAPIC_IOWIN);
	iounmap(regs);
	if (ver == 0xffffffff) {
		printk("IOAPIC[%d]: nothing answers at 0x%x\n", i,
		       madt.ioapic[i].address);
		return;
	}
	ioapic_version[i] = ver & IOAPIC_VER_VERSION;
	ioapic_entries[i] =
		((ver >> IOAPIC_VER_MRE_SHIFT) & IOAPIC_VER_MRE_MASK) + 1;
}

/* The PM timer line, as Linux's acpi_parse_fadt prints it. */
static void
print_pm_timer(void)
{
	const struct acpi_block *t = &fadt.blk[ACPI_PM_TMR_BLK];

	if (t->length && t->space_id == ACPI_ADR_SPACE_SYSTEM_IO)
		printk("ACPI: PM-Timer IO Port: 0x%llx\n", t->address);
}

/* The MADT lines, in the order of Linux's acpi_process_madt. At boot
 * (not verbose) they follow Linux's options too: `nolapic` takes the APIC
 * out of CPUID before the MADT is read, so Linux prints none of its lines;
 * `noapic` skips the I/O APIC entries, and what hangs on them (the
 * overrides, the NMI sources), with one line saying so. `acpi -v` decodes
 * every entry whatever the options. */
static void
print_madt(bool verbose)
{
	const struct acpi_table_desc *d = acpi_tables_find(&tables, "APIC", 0);

	if (!verbose && cmdline_get("nolapic"))
		return;
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE,
			verbose);
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_LOCAL_APIC, verbose);
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_LOCAL_APIC_NMI,
			verbose);
	if (!verbose && cmdline_get("noapic")) {
		printk("ACPI: Skipping IOAPIC probe due to 'noapic' option.\n");
		return;
	}
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_IO_APIC, verbose);
	for (int i = 0; i < madt.nr_ioapic; i++)
		if (ioapic_entries[i])
			printk("IOAPIC[%d]: apic_id %u, version %u, address "
			       "0x%x, GSI %u-%u\n",
			       i, madt.ioapic[i].id, ioapic_version[i],
			       madt.ioapic[i].address, madt.ioapic[i].gsi_base,
			       madt.ioapic[i].gsi_base + ioapic_entries[i] - 1);
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_INTERRUPT_OVERRIDE,
			verbose);
	acpi_madt_print(d->data, d->length, ACPI_MADT_TYPE_NMI_SOURCE, verbose);
}

static void
parse_tables(void)
{
	const struct acpi_table_desc *d;

	if ((d = acpi_tables_find(&tables, ACPI_SIG_FADT, 0)))
		have_fadt = acpi_fadt_parse(d->data, d->length, &fadt) == 0;
	if ((d = acpi_tables_find(&tables, ACPI_SIG_MADT, 0))) {
		have_madt = acpi_madt_parse(d->data, d->length, &madt) == 0;
		for (int i = 0; have_madt && i < madt.nr_ioapic; i++)
			probe_ioapic(i);
	}
	if ((d = acpi_tables_find(&tables, ACPI_SIG_HPET, 0)))
		have_hpet = acpi_hpet_parse(d->data, d->length, &hpet) == 0;
	if ((d = acpi_tables_find(&tables, ACPI_SIG_MCFG, 0))) {
		nr_mcfg = acpi_mcfg_parse(d->data, d->length, mcfg,
					  ACPI_MCFG_MAX);
		if (nr_mcfg < 0)
			nr_mcfg = 0;
	}
}

static void
print_boot_lines(void)
{
	print_table_list();
	if (have_fadt)
		print_pm_timer();
	if (have_madt)
		print_madt(false);
	if (have_hpet)
		printk("ACPI: HPET id: 0x%x base: 0x%llx\n",
		       hpet.event_timer_block_id, hpet.address);
}

/* acpi=off, Linux's name; any other value is refused at boot, in one
 * line, and ignored (cmdline_check). */
static const char *
acpi_check(const char *v)
{
	return strcmp(v, "off") ? "off" : NULL;
}
CMDLINE_OPTION("acpi", acpi_check);

void
acpi_tables_init(void)
{
	const char *opt = cmdline_get("acpi");
	u64 rsdp;

	if (opt && strcmp(opt, "off") == 0) {
		printk("ACPI: acpi=off: the firmware's tables are not read\n");
		return;
	}
	rsdp = find_rsdp();
	if (!rsdp) {
		printk("ACPI: no RSDP in the EBDA or at 0xe0000-0xfffff: this "
		       "machine has no ACPI tables\n");
		return;
	}
	if (acpi_tables_load(&tables, rsdp, acpi_map) < 0)
		return;
	acpi_ok = true;
	parse_tables();
	print_boot_lines();
}

/* ---- what other code may ask (acpi.h) ---- */

bool
acpi_available(void)
{
	return acpi_ok;
}

const struct acpi_table_header *
acpi_get_table(const char *sig, int instance)
{
	const struct acpi_table_desc *d;

	if (!acpi_ok || !sig)
		return NULL;
	d = acpi_tables_find(&tables, sig, instance);
	return d ? (const void *)d->data : NULL;
}

bool
acpi_fadt_block(enum acpi_fadt_block which, struct acpi_block *out)
{
	if (!acpi_ok || !have_fadt || which >= ACPI_FADT_NR_BLOCKS ||
	    !fadt.blk[which].length)
		return false;
	*out = fadt.blk[which];
	return true;
}

const struct acpi_fadt_info *
acpi_fadt_info(void)
{
	return acpi_ok && have_fadt ? &fadt : NULL;
}

u8
acpi_fadt_century(void)
{
	return acpi_ok && have_fadt ? fadt.century : 0;
}

u16
acpi_fadt_sci_int(void)
{
	return acpi_ok && have_fadt ? fadt.sci_int : 0;
}

bool
acpi_fadt_reset_reg(struct acpi_generic_address *reg, u8 *value)
{
	if (!acpi_ok || !have_fadt || !fadt.has_reset)
		return false;
	*reg = fadt.reset_reg;
	*value = fadt.reset_value;
	return true;
}

u64
acpi_madt_lapic_address(void)
{
	return acpi_ok && have_madt ? madt.lapic_address : 0;
}

bool
acpi_madt_ioapic(int index, struct acpi_ioapic_info *out)
{
	if (!acpi_ok || !have_madt || index < 0 || index >= madt.nr_ioapic)
		return false;
	*out = madt.ioapic[index];
	return true;
}

bool
acpi_hpet(struct acpi_hpet_info *out)
{
	if (!acpi_ok || !have_hpet)
		return false;
	*out = hpet;
	return true;
}

int
acpi_mcfg_count(void)
{
	return acpi_ok ? nr_mcfg : 0;
}

bool
acpi_mcfg_entry(int index, struct acpi_mcfg_info *out)
{
	if (index < 0 || index >= acpi_mcfg_count())
		return false;
	*out = mcfg[index];
	return true;
}

/* ---- the `acpi` command ---- */

/* One table as acpidump prints it: "SIG @ 0x...", then 16 bytes a line,
 * offset, hex, ASCII. Ctrl-C stops it (a DSDT is hundreds of lines). */
static int
hexdump_table(const struct acpi_table_desc *d)
{
	printk("%s @ 0x%016llX\n", d->signature, d->address);
	for (u32 off = 0; off < d->length; off += 16) {
		char ascii[17];
		u32 n = MIN(16u, d->length - off);

		printk("    %04X: ", off);
		for (u32 i = 0; i < 16; i++) {
			if (i < n)
				printk("%02X ", d->data[off + i]);
			else
				printk("   ");
		}
		for (u32 i = 0; i < n; i++) {
			u8 c = d->data[off + i];
			ascii[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		ascii[n] = '\0';
		printk(" %s\n", ascii);
		if (tty_interrupted()) {
			printk("acpi: interrupted after %u of %u bytes\n",
			       off + n, d->length);
			return -EINTR;
		}
	}
	printk("\n");
	return 0;
}

static void
print_verbose(void)
{
	print_table_list();
	for (int i = 0; i < tables.count; i++)
		if (!tables.t[i].checksum_ok)
			printk("  [%s] has a bad checksum\n",
			       tables.t[i].signature);
	if (have_fadt)
		acpi_fadt_print(&fadt);
	if (have_madt) {
		printk("MADT (APIC): Local APIC address 0x%08x, flags 0x%x%s, "
		       "%d entries\n",
		       madt.lapic_address32, madt.flags,
		       madt.flags & 1 ? " PCAT_COMPAT" : "", madt.nr_entries);
		print_madt(true);
	}
	if (have_hpet)
		printk("HPET: id 0x%08x base 0x%llx, HPET %u, min tick %u\n",
		       hpet.event_timer_block_id, hpet.address,
		       hpet.hpet_number, hpet.min_tick);
	for (int i = 0; i < nr_mcfg; i++)
		printk("MCFG: segment %04x [bus %02x-%02x] at 0x%llx-0x%llx\n",
		       mcfg[i].segment, mcfg[i].start_bus, mcfg[i].end_bus,
		       mcfg[i].address,
		       mcfg[i].address +
			       ((u64)(mcfg[i].end_bus - mcfg[i].start_bus + 1)
				<< 20) -
			       1);
}

static int
cmd_acpi(int argc, char **argv)
{
	const struct acpi_table_desc *d;
	u32 instance = 0;

	if (!acpi_ok) {
		printk("acpi: no ACPI tables (acpi=off, or none on this "
		       "machine)\n");
		return -ENODEV;
	}
	if (argc == 1) {
		print_table_list();
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "-v") == 0) {
		print_verbose();
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "ns") == 0) {
		acpi_ns_show(); /* the devices the DSDT declares: aml.h */
		return 0;
	}
	if (argc > 3 || strlen(argv[1]) != ACPI_NAMESEG_SIZE ||
	    (argc == 3 && parse_u32(argv[2], &instance) < 0))
		return shell_usage();
	d = acpi_tables_find(&tables, argv[1], (int)instance);
	if (!d) {
		printk("acpi: no table %s (instance %u); `acpi` lists them\n",
		       argv[1], instance);
		return -ENOENT;
	}
	return hexdump_table(d);
}
SHELL_COMMAND("acpi", cmd_acpi,
	      "the firmware's ACPI tables: list (as Linux's boot log), -v "
	      "decodes FADT/MADT/HPET/MCFG, SIG hexdumps one (as acpidump), "
	      "ns the device tree the DSDT declares",
	      "acpi [-v | ns | SIG [INSTANCE]]");
