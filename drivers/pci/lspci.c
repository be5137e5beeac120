/* drivers/pci/lspci.c - the lspci and pcicfg shell commands.
 *
 * lspci prints what drivers/pci/probe.c found in the formats of pciutils'
 * `lspci -nn` (one line per function), `lspci -nn -vv` (`-v` here: the
 * header registers, BARs, ROM, bridge windows, capability names) and
 * `lspci -t` (the bus tree), so a student can put porthole's output beside
 * Linux's. Names come from the compiled pci.ids (drivers/pci/ids.c), looked
 * up as pciutils' lib/names.c does, and decoded only when printed.
 * pcicfg reads configuration space directly through mechanism #1.
 */
#include "drivers/pci/ids.h"
#include "drivers/pci/msi.h"
#include "drivers/pci/pci.h"
#include "drivers/pci/pci_regs.h"
#include "kernel/printk.h"
#include "kernel/command.h"
#include "lib/parse.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define NAME_MAX_LEN 128

/* ---- names, as pciutils' pci_lookup_name() with PCI_LOOKUP_MIXED ---- */

/* "Vendor Device [vvvv:dddd]", "Vendor Device [vvvv:dddd]" with the word
 * "Device" when only the vendor is known, "Device [vvvv:dddd]" when
 * neither is (format_name_pair in pciutils). */
static void
name_pair(char *buf, size_t size, const char *v, const char *d, u16 a, u16 b)
{
	if (v && d)
		snprintf(buf, size, "%s %s [%04x:%04x]", v, d, a, b);
	else if (v)
		snprintf(buf, size, "%s Device [%04x:%04x]", v, a, b);
	else
		snprintf(buf, size, "Device [%04x:%04x]", a, b);
}

static void
device_name(char *buf, size_t size, struct pci_dev *d)
{
	char v[NAME_MAX_LEN], n[NAME_MAX_LEN];

	name_pair(buf, size, pci_ids_vendor_name(v, sizeof(v), d->vendor),
		  pci_ids_device_name(n, sizeof(n), d->vendor, d->device),
		  d->vendor, d->device);
}

static void
class_name(char *buf, size_t size, struct pci_dev *d)
{
	char n[NAME_MAX_LEN];
	char *s = pci_ids_subclass_name(n, sizeof(n), d->class, d->subclass);

	if (!s)
		s = pci_ids_class_name(n, sizeof(n), d->class);
	snprintf(buf, size, "%s [%02x%02x]", s ? s : "Class", d->class,
		 d->subclass);
}

/* The subsystem's name: its own pci.ids entry under the device, else the
 * device's name when the subsystem ids repeat the device ids. */
static void
subsystem_name(char *buf, size_t size, struct pci_dev *d)
{
	char v[NAME_MAX_LEN], n[NAME_MAX_LEN];
	u16 sv = d->subsystem_vendor, sd = d->subsystem_device;
	char *dn =
		pci_ids_subsys_name(n, sizeof(n), d->vendor, d->device, sv, sd);

	if (!dn && sv == d->vendor && sd == d->device)
		dn = pci_ids_device_name(n, sizeof(n), sv, sd);
	name_pair(buf, size, pci_ids_vendor_name(v, sizeof(v), sv), dn, sv, sd);
}

/* The prog-if's name; IDE controllers without one get their mode bits
 * spelled out, as pciutils does. NULL when there is nothing to say. */
static char *
progif_name(char *buf, size_t size, struct pci_dev *d)
{
	u8 pi = d->prog_if;
	char *s = pci_ids_progif_name(buf, size, d->class, d->subclass, pi);

	if (s || d->class != PCI_CLASS_STORAGE ||
	    d->subclass != PCI_SUBCLASS_STORAGE_IDE || (pi & PCI_IDE_RESERVED))
		return s;
	snprintf(buf, size, "%s%s%s%s%s",
		 (pi & PCI_IDE_BUS_MASTER) ? " Master" : "",
		 (pi & PCI_IDE_SECONDARY_PROGRAMMABLE) ? " SecP" : "",
		 (pi & PCI_IDE_SECONDARY_NATIVE) ? " SecO" : "",
		 (pi & PCI_IDE_PRIMARY_PROGRAMMABLE) ? " PriP" : "",
		 (pi & PCI_IDE_PRIMARY_NATIVE) ? " PriO" : "");
	return buf[0] ? buf + 1 : NULL;
}

/* ---- the first line ---- */

static void
show_terse(struct pci_dev *d, bool verbose)
{
	char cls[NAME_MAX_LEN + 8], dev[2 * NAME_MAX_LEN + 16];
	char pif[NAME_MAX_LEN], *p;

	class_name(cls, sizeof(cls), d);
	device_name(dev, sizeof(dev), d);
	printk("%02x:%02x.%x %s: %s", d->bus, d->dev, d->fn, cls, dev);
	if (d->revision)
		printk(" (rev %02x)", d->revision);
	if (verbose) {
		p = progif_name(pif, sizeof(pif), d);
		if (p)
			printk(" (prog-if %02x [%s])", d->prog_if, p);
		else if (d->prog_if)
			printk(" (prog-if %02x)", d->prog_if);
	}
	printk("\n");
}

/* ---- -v: registers and ranges, in pciutils' -vv wording ---- */

static u32
cfg(struct pci_dev *d, int off, int width)
{
	u32 v = 0;

	pci_cfg_read(d->bus, d->dev, d->fn, off, width, &v);
	return v;
}

static char
flag(u32 v, u32 bit)
{
	return (v & bit) ? '+' : '-';
}

static void
show_control_status(struct pci_dev *d)
{
	static const char *const devsel[] = {"fast", "medium", "slow", "??"};
	u16 cmd = cfg(d, PCI_COMMAND, 2), st = cfg(d, PCI_STATUS, 2);

	printk("\tControl: I/O%c Mem%c BusMaster%c SpecCycle%c MemWINV%c "
	       "VGASnoop%c ParErr%c Stepping%c SERR%c FastB2B%c DisINTx%c\n",
	       flag(cmd, PCI_COMMAND_IO), flag(cmd, PCI_COMMAND_MEMORY),
	       flag(cmd, PCI_COMMAND_MASTER), flag(cmd, PCI_COMMAND_SPECIAL),
	       flag(cmd, PCI_COMMAND_INVALIDATE),
	       flag(cmd, PCI_COMMAND_VGA_PALETTE),
	       flag(cmd, PCI_COMMAND_PARITY), flag(cmd, PCI_COMMAND_WAIT),
	       flag(cmd, PCI_COMMAND_SERR), flag(cmd, PCI_COMMAND_FAST_BACK),
	       flag(cmd, PCI_COMMAND_INTX_DISABLE));
	printk("\tStatus: Cap%c 66MHz%c UDF%c FastB2B%c ParErr%c DEVSEL=%s "
	       ">TAbort%c <TAbort%c <MAbort%c >SERR%c <PERR%c INTx%c\n",
	       flag(st, PCI_STATUS_CAP_LIST), flag(st, PCI_STATUS_66MHZ),
	       flag(st, PCI_STATUS_UDF), flag(st, PCI_STATUS_FAST_BACK),
	       flag(st, PCI_STATUS_PARITY),
	       devsel[(st & PCI_STATUS_DEVSEL_MASK) >> PCI_STATUS_DEVSEL_SHIFT],
	       flag(st, PCI_STATUS_SIG_TARGET_ABORT),
	       flag(st, PCI_STATUS_REC_TARGET_ABORT),
	       flag(st, PCI_STATUS_REC_MASTER_ABORT),
	       flag(st, PCI_STATUS_SIG_SYSTEM_ERROR),
	       flag(st, PCI_STATUS_DETECTED_PARITY),
	       flag(st, PCI_STATUS_INTERRUPT));
	if (cmd & PCI_COMMAND_MASTER) {
		u8 min_gnt = 0, max_lat = 0;
		u8 cache = cfg(d, PCI_CACHE_LINE_SIZE, 1);

		if (d->header_type == PCI_HEADER_TYPE_NORMAL) {
			min_gnt = cfg(d, PCI_MIN_GNT, 1);
			max_lat = cfg(d, PCI_MAX_LAT, 1);
		}
		printk("\tLatency: %u", (unsigned)cfg(d, PCI_LATENCY_TIMER, 1));
		if (min_gnt || max_lat) {
			printk(" (");
			if (min_gnt)
				printk("%dns min", min_gnt * 250);
			if (min_gnt && max_lat)
				printk(", ");
			if (max_lat)
				printk("%dns max", max_lat * 250);
			printk(")");
		}
		if (cache)
			printk(", Cache Line Size: %d bytes", cache * 4);
		printk("\n");
	}
	/* pciutils prints the IRQ the OS assigned (sysfs `irq`, Linux's
	 * dev->irq), which Linux leaves 0 for a function without an
	 * interrupt pin, and which is the MSI's line while MSI is enabled
	 * (pci_enable_msi sets dev->irq to it). porthole shows the same: the
	 * MSI line pci_enable_msi gave the function, else the line the
	 * firmware wrote, for functions that have a pin. */
	if (d->irq_pin) {
		int msi = pci_msi_irq(d);

		printk("\tInterrupt: pin %c routed to IRQ %u\n",
		       d->irq_pin <= 4 ? 'A' + d->irq_pin - 1 : '?',
		       msi >= 0 ? (unsigned)msi : d->irq_line);
	}
}

/* " [size=128K]": the largest unit that divides it (pciutils show_size). */
static void
show_size(u64 x)
{
	static const char *const suffix[] = {"", "K", "M", "G", "T"};
	unsigned int i;

	if (!x)
		return;
	for (i = 0; i + 1 < ARRAY_SIZE(suffix) && !(x % 1024); i++)
		x /= 1024;
	printk(" [size=%u%s]", (unsigned)x, suffix[i]);
}

static void
show_bar(struct pci_dev *d, int i, u16 cmd)
{
	struct resource *r = &d->resource[i];
	u32 flg = cfg(d, PCI_BASE_ADDRESS_0 + 4 * i, 4);
	u8 state = d->res_state[i];

	printk("\tRegion %d: ", i);
	if (r->flags & IORESOURCE_IO) {
		u64 a = r->start & PCI_BASE_ADDRESS_IO_MASK;

		printk("I/O ports at ");
		if (state & PCI_RES_UNASSIGNED)
			printk("<unassigned>");
		else
			printk("%04llx", (unsigned long long)a);
		if (!(cmd & PCI_COMMAND_IO))
			printk(" [disabled]");
		/* Linux reports a one-port legacy range with size 0, and
		 * lspci prints no size for it (see docs/pci.md). */
		if (!(state & PCI_RES_LEGACY) || d->bar_size[i] > 1)
			show_size(d->bar_size[i]);
		printk("\n");
		return;
	}
	printk("Memory at ");
	if (state & PCI_RES_UNASSIGNED)
		printk("<unassigned>");
	else
		printk("%08llx", (unsigned long long)r->start);
	switch (flg & PCI_BASE_ADDRESS_MEM_TYPE_MASK) {
	case PCI_BASE_ADDRESS_MEM_TYPE_64:
		printk(" (64-bit");
		break;
	case PCI_BASE_ADDRESS_MEM_TYPE_1M:
		printk(" (low-1M");
		break;
	case PCI_BASE_ADDRESS_MEM_TYPE_32:
		printk(" (32-bit");
		break;
	default:
		printk(" (type 3");
	}
	printk(", %sprefetchable)",
	       (r->flags & IORESOURCE_PREFETCH) ? "" : "non-");
	if (!(cmd & PCI_COMMAND_MEMORY))
		printk(" [disabled]");
	show_size(d->bar_size[i]);
	if (state & PCI_RES_ABOVE_4G)
		printk(" [above 4G: not mappable by this kernel]");
	printk("\n");
}

static void
show_bars(struct pci_dev *d, int n)
{
	u16 cmd = cfg(d, PCI_COMMAND, 2);
	int i;

	for (i = 0; i < n; i++)
		if (d->resource[i].flags)
			show_bar(d, i, cmd);
}

static void
show_rom(struct pci_dev *d, int reg)
{
	struct resource *r = &d->resource[PCI_ROM_RESOURCE];
	u32 flg = cfg(d, reg, 4);
	u16 cmd = cfg(d, PCI_COMMAND, 2);

	if (!r->flags)
		return;
	printk("\tExpansion ROM at ");
	if (d->res_state[PCI_ROM_RESOURCE] & PCI_RES_UNASSIGNED)
		printk("<unassigned>");
	else
		printk("%08llx", (unsigned long long)r->start);
	if (!(flg & PCI_ROM_ADDRESS_ENABLE))
		printk(" [disabled]");
	else if (!(cmd & PCI_COMMAND_MEMORY))
		printk(" [disabled by cmd]");
	show_size(d->bar_size[PCI_ROM_RESOURCE]);
	printk("\n");
}

static void
show_window(struct pci_dev *d, const char *what, int idx, bool wide)
{
	struct resource *r = &d->resource[idx];

	printk("\t%s behind bridge:", what);
	if (!r->flags) {
		printk(" [disabled]\n");
		return;
	}
	if (wide)
		printk(" %016llx-%016llx", (unsigned long long)r->start,
		       (unsigned long long)r->end);
	else
		printk(" %08x-%08x", (u32)r->start, (u32)r->end);
	show_size(d->bar_size[idx]);
	printk("\n");
}

static void
show_bridge(struct pci_dev *d)
{
	show_bars(d, 2);
	printk("\tBus: primary=%02x, secondary=%02x, subordinate=%02x, "
	       "sec-latency=%u\n",
	       d->primary, d->secondary, d->subordinate,
	       (unsigned)cfg(d, PCI_SEC_LATENCY_TIMER, 1));
	show_window(d, "I/O", PCI_BRIDGE_IO_WINDOW, false);
	show_window(d, "Memory", PCI_BRIDGE_MEM_WINDOW, false);
	show_window(d, "Prefetchable memory", PCI_BRIDGE_PREF_WINDOW,
		    d->resource[PCI_BRIDGE_PREF_WINDOW].flags &
			    IORESOURCE_MEM_64);
	show_rom(d, PCI_ROM_ADDRESS1);
}

static const char *
cap_name(u8 id)
{
	static const char *const names[] = {
		[PCI_CAP_ID_PM] = "Power Management",
		[PCI_CAP_ID_AGP] = "AGP",
		[PCI_CAP_ID_VPD] = "Vital Product Data",
		[PCI_CAP_ID_SLOTID] = "Slot ID",
		[PCI_CAP_ID_MSI] = "MSI",
		[PCI_CAP_ID_CHSWP] = "CompactPCI hot-swap",
		[PCI_CAP_ID_PCIX] = "PCI-X",
		[PCI_CAP_ID_HT] = "HyperTransport",
		[PCI_CAP_ID_VNDR] = "Vendor Specific Information",
		[PCI_CAP_ID_DBG] = "Debug port",
		[PCI_CAP_ID_CCRC] = "CompactPCI central resource control",
		[PCI_CAP_ID_SHPC] = "Hot-plug capable",
		[PCI_CAP_ID_SSVID] = "Subsystem",
		[PCI_CAP_ID_AGP3] = "AGP3",
		[PCI_CAP_ID_SECDEV] = "Secure device",
		[PCI_CAP_ID_EXP] = "Express",
		[PCI_CAP_ID_MSIX] = "MSI-X",
		[PCI_CAP_ID_SATA] = "SATA HBA",
		[PCI_CAP_ID_AF] = "PCI Advanced Features",
		[PCI_CAP_ID_EA] = "Enhanced Allocation",
	};
	return id < ARRAY_SIZE(names) ? names[id] : NULL;
}

/* pciutils' names (ls-ecaps.c) for the extended capabilities. */
static const char *
ext_cap_name(u16 id)
{
	static const char *const names[] = {
		[PCI_EXT_CAP_ID_ERR] = "Advanced Error Reporting",
		[PCI_EXT_CAP_ID_VC] = "Virtual Channel",
		[PCI_EXT_CAP_ID_DSN] = "Device Serial Number",
		[PCI_EXT_CAP_ID_PWR] = "Power Budgeting",
		[PCI_EXT_CAP_ID_RCLD] = "Root Complex Link",
		[PCI_EXT_CAP_ID_RCILC] = "Root Complex Internal Link",
		[PCI_EXT_CAP_ID_RCEC] = "Root Complex Event Collector",
		[PCI_EXT_CAP_ID_MFVC] = "Multi-Function Virtual Channel",
		[PCI_EXT_CAP_ID_VC9] = "Virtual Channel",
		[PCI_EXT_CAP_ID_RCRB] = "Root Complex Register Block",
		[PCI_EXT_CAP_ID_VNDR] = "Vendor Specific Information",
		[PCI_EXT_CAP_ID_ACS] = "Access Control Services",
		[PCI_EXT_CAP_ID_ARI] =
			"Alternative Routing-ID Interpretation (ARI)",
		[PCI_EXT_CAP_ID_ATS] = "Address Translation Service (ATS)",
		[PCI_EXT_CAP_ID_SRIOV] =
			"Single Root I/O Virtualization (SR-IOV)",
		[PCI_EXT_CAP_ID_PRI] = "Page Request Interface (PRI)",
		[PCI_EXT_CAP_ID_REBAR] = "Physical Resizable BAR",
		[PCI_EXT_CAP_ID_LTR] = "Latency Tolerance Reporting",
		[PCI_EXT_CAP_ID_SECPCI] = "Secondary PCI Express",
		[PCI_EXT_CAP_ID_PASID] = "Process Address Space ID (PASID)",
		[PCI_EXT_CAP_ID_L1SS] = "L1 PM Substates",
	};
	return id < ARRAY_SIZE(names) ? names[id] : NULL;
}

static void
show_caps(struct pci_dev *d)
{
	int i;

	for (i = 0; i < d->ncaps; i++) {
		const char *n = cap_name(d->cap_id[i]);

		if (d->cap_id[i] == PCI_CAP_ID_MSI) {
			printk("\tCapabilities: [%02x] ", d->cap_off[i]);
			pci_msi_show(d, d->cap_off[i]); /* drivers/pci/msi.c */
		} else if (n)
			printk("\tCapabilities: [%02x] %s\n", d->cap_off[i], n);
		else
			printk("\tCapabilities: [%02x] #%02x\n", d->cap_off[i],
			       d->cap_id[i]);
	}
	if (d->cap_loop)
		printk("\tCapabilities: <chain looped>\n");
	for (i = 0; i < d->next_caps; i++) {
		const char *n = ext_cap_name(d->ext_cap_id[i]);

		printk("\tCapabilities: [%03x v%u] ", d->ext_cap_off[i],
		       d->ext_cap_ver[i]);
		if (n)
			printk("%s\n", n);
		else
			/* pciutils' "%#x"; printk has no '#' flag */
			printk("Extended Capability ID 0x%x\n",
			       d->ext_cap_id[i]);
	}
	if (d->ext_cap_loop)
		printk("\tCapabilities: <chain looped>\n");
}

static void
show_subsystem(struct pci_dev *d)
{
	char buf[2 * NAME_MAX_LEN + 16];

	if (d->header_type == PCI_HEADER_TYPE_NORMAL && d->subsystem_vendor &&
	    d->subsystem_vendor != 0xffff) {
		subsystem_name(buf, sizeof(buf), d);
		printk("\tSubsystem: %s\n", buf);
	}
}

/* -k: the driver pci_register_driver() bound (pciutils reads it from
 * sysfs's "driver" link; porthole has no modules to list). */
static void
show_kernel(struct pci_dev *d)
{
	if (d->driver)
		printk("\tKernel driver in use: %s\n", d->driver->name);
}

static void
show_verbose(struct pci_dev *d)
{
	show_terse(d, true);
	show_subsystem(d);
	show_control_status(d);
	if (d->header_type == PCI_HEADER_TYPE_NORMAL) {
		show_bars(d, PCI_STD_NUM_BARS);
		show_rom(d, PCI_ROM_ADDRESS);
	} else if (d->header_type == PCI_HEADER_TYPE_BRIDGE) {
		show_bridge(d);
	}
	show_caps(d);
	show_kernel(d);
	printk("\n");
}

/* ---- -t: the tree, drawn as pciutils' ls-tree.c draws it ---- */

#define TREE_LINE 256

/* After a line is printed the prefix is kept for the next one with every
 * character blanked except the vertical bars ('+' continues as '|'). */
static void
tree_print(char *line, char *p)
{
	*p = '\0';
	printk("%s\n", line);
	for (p = line; *p; p++)
		*p = (*p == '+' || *p == '|') ? '|' : ' ';
}

static void tree_bus(unsigned int bus, char *line, char *p);

static struct pci_dev *
bridge_to(unsigned int bus, struct pci_dev *d)
{
	return d->header_type == PCI_HEADER_TYPE_BRIDGE && d->secondary > bus
		       ? d
		       : NULL;
}

static void
tree_dev(struct pci_dev *d, char *line, char *p)
{
	char *end = line + TREE_LINE - 16;

	if (p >= end) {
		tree_print(line, p);
		return;
	}
	p += snprintf(p, end - p, "%02x.%x", d->dev, d->fn);
	if (bridge_to(d->bus, d)) {
		/* "-[01]-" names the buses behind it; the extra '-' is the
		 * bridge's own link (pciutils' show_tree_bridge). */
		if (d->secondary == d->subordinate)
			p += snprintf(p, end - p, "-[%02x]--", d->secondary);
		else
			p += snprintf(p, end - p, "-[%02x-%02x]--",
				      d->secondary, d->subordinate);
		tree_bus(d->secondary, line, p);
		return;
	}
	tree_print(line, p);
}

static struct pci_dev *
next_on_bus(unsigned int bus, struct pci_dev *d)
{
	for (d = d ? d->next : pci_devices; d; d = d->next)
		if (d->bus == bus)
			return d;
	return NULL;
}

static void
tree_bus(unsigned int bus, char *line, char *p)
{
	struct pci_dev *d = next_on_bus(bus, NULL), *n;

	if (!d) {
		tree_print(line, p);
		return;
	}
	if (!next_on_bus(bus, d)) {
		p[0] = p[1] = '-';
		tree_dev(d, line, p + 2);
		return;
	}
	for (; (n = next_on_bus(bus, d)); d = n) {
		p[0] = '+';
		p[1] = '-';
		tree_dev(d, line, p + 2);
	}
	p[0] = '\\';
	p[1] = '-';
	tree_dev(d, line, p + 2);
}

static void
show_tree(void)
{
	char line[TREE_LINE];
	int n = snprintf(line, sizeof(line), "-[%04x:%02x]-", 0, 0);

	tree_bus(0, line, line + n);
}

/* ---- -x, -xxx, -xxxx: the bytes, as pciutils' show_hex_dump ---- */

/* Dump @n bytes of @d's space (no more than the function has: 256 unless
 * it is PCI Express behind ECAM), 16 a line, then the blank line pciutils
 * ends each function with (verbose output has printed it already). */
static void
show_hex(struct pci_dev *d, unsigned int n, bool blank)
{
	n = MIN(n, (unsigned int)d->cfg_size);
	for (unsigned int off = 0; off < n; off += 4) {
		u32 v = cfg(d, off, 4);

		if (off % 16 == 0)
			printk("%02x:", off);
		printk(" %02x %02x %02x %02x", v & 0xff, (v >> 8) & 0xff,
		       (v >> 16) & 0xff, v >> 24);
		if (off % 16 == 12)
			printk("\n");
	}
	if (blank)
		printk("\n");
}

/* ---- the commands ---- */

static int
cmd_lspci(int argc, char **argv)
{
	bool verbose = false, tree = false, kernel = false;
	unsigned int hex = 0; /* bytes of config space to dump (-x...) */
	struct pci_dev *d;
	unsigned int bus;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "-vv"))
			verbose = true;
		else if (!strcmp(argv[i], "-t"))
			tree = true;
		else if (!strcmp(argv[i], "-k"))
			kernel = true;
		else if (!strcmp(argv[i], "-x"))
			hex = PCI_STD_HEADER_SIZEOF; /* -x: the header */
		else if (!strcmp(argv[i], "-xxx"))
			hex = PCI_CFG_SPACE_SIZE;
		else if (!strcmp(argv[i], "-xxxx"))
			hex = PCI_CFG_SPACE_EXP_SIZE;
		else
			return shell_usage();
	}
	if (!pci_cfg_ops_for(0)) {
		printk("lspci: no PCI (configuration mechanism #1 not found "
		       "at boot)\n");
		return -ENODEV;
	}
	if (tree) {
		show_tree();
		return 0;
	}
	/* pciutils sorts by bus, then device and function (scan order
	 * already has those ascending within a bus). */
	for (bus = 0; bus < 256; bus++)
		for (d = next_on_bus(bus, NULL); d; d = next_on_bus(bus, d)) {
			if (verbose) {
				show_verbose(d);
			} else {
				show_terse(d, false);
				if (kernel) {
					show_subsystem(d);
					show_kernel(d);
				}
			}
			if (hex)
				show_hex(d, hex, !verbose);
		}
	return 0;
}
SHELL_COMMAND("lspci", cmd_lspci,
	      "list PCI functions as pciutils' lspci -nn does",
	      "lspci [-v] [-k] [-x|-xxx|-xxxx] | lspci -t\n"
	      "       -v: registers, ranges, capabilities (pciutils' -vv)\n"
	      "       -k: the driver bound to each function\n"
	      "       -x, -xxx, -xxxx: hexdump of 64, 256, 4096 bytes of "
	      "config space");

/* ---- pcicfg ---- */

static int
parse_arg(const char *what, const char *s, u32 max, u32 *out)
{
	if (parse_u32(s, out)) {
		printk("pcicfg: %s '%s' is not a number\n", what, s);
		return -EINVAL;
	}
	if (*out > max) {
		printk("pcicfg: %s %u out of range (0-%u)\n", what, *out, max);
		return -EINVAL;
	}
	return 0;
}

static void
hexdump_config(const struct pci_cfg_ops *ops, u32 bus, u32 dev, u32 fn)
{
	u32 off, v;

	for (off = 0; off < PCI_CFG_SPACE_SIZE; off++) {
		if (off % 16 == 0)
			printk("%02x:", off);
		if (ops->read(bus, dev, fn, off, 1, &v))
			v = 0xff;
		printk(" %02x", v);
		if (off % 16 == 15)
			printk("\n");
	}
}

/* -c: through the ports, -m: through memory, else what the bus uses.
 * NULL after one line when that way does not exist here. */
static const struct pci_cfg_ops *
pcicfg_ops(const char *flag, u32 bus)
{
	const struct pci_cfg_ops *ops = pci_cfg_ops_for(bus);

	if (flag && !strcmp(flag, "-c"))
		ops = pci_conf1_present() ? &pci_conf1_ops : NULL;
	else if (flag)
		ops = pci_ecam_covers(bus) ? &pci_ecam_ops : NULL;
	if (!ops && flag && !strcmp(flag, "-m"))
		printk("pcicfg: ECAM is not in use for bus %02x (no ACPI MCFG "
		       "window - q35 has one, pc does not - or pci=conf1)\n",
		       bus);
	else if (!ops)
		printk("pcicfg: this machine has no PCI configuration "
		       "mechanism #1 (see the boot messages)\n");
	return ops;
}

static int
cmd_pcicfg(int argc, char **argv)
{
	const struct pci_cfg_ops *ops;
	const char *flag = NULL;
	u32 bus, dev, fn, off = 0, width = 4, v = 0;
	int err;

	if (argc > 1 && (!strcmp(argv[1], "-c") || !strcmp(argv[1], "-m"))) {
		flag = argv[1];
		argc--;
		argv++;
	}
	if (argc < 4 || argc > 6)
		return shell_usage();
	if (parse_arg("bus", argv[1], 255, &bus) ||
	    parse_arg("device", argv[2], 31, &dev) ||
	    parse_arg("function", argv[3], 7, &fn))
		return -EINVAL;
	ops = pcicfg_ops(flag, bus);
	if (!ops)
		return -ENODEV;
	if (argc > 4 && parse_arg("offset", argv[4], ops->size - 1, &off))
		return -EINVAL;
	if (argc > 5 && parse_arg("width", argv[5], 4, &width))
		return -EINVAL;
	if (width != 1 && width != 2 && width != 4) {
		printk("pcicfg: width %u must be 1, 2 or 4 (bytes)\n", width);
		return -EINVAL;
	}
	if (off % width) {
		printk("pcicfg: offset 0x%02x is not a multiple of the width "
		       "%u\n",
		       off, width);
		return -EINVAL;
	}
	if (argc == 4) {
		hexdump_config(ops, bus, dev, fn);
		return 0;
	}
	err = ops->read(bus, dev, fn, off, width, &v);
	if (err) {
		printk("pcicfg: %02x:%02x.%x offset 0x%02x: %s\n", bus, dev, fn,
		       off, errname(err));
		return err;
	}
	printk("%02x:%02x.%x 0x%02x: 0x%0*x\n", bus, dev, fn, off,
	       (int)width * 2, v);
	return 0;
}
SHELL_COMMAND("pcicfg", cmd_pcicfg,
	      "read PCI configuration space through ports 0xcf8/0xcfc or ECAM",
	      "pcicfg [-c|-m] BUS DEV FN [OFFSET [WIDTH]]  (WIDTH 1, 2 or 4 "
	      "bytes; no OFFSET: dump the first 256 bytes)\n"
	      "       -c: through ports 0xcf8/0xcfc, -m: through ECAM memory "
	      "(offsets to 0xfff); default: what the bus uses");
