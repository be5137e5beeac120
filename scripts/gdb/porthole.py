"""scripts/gdb/porthole.py - gdb commands that read porthole's own structures.

Load it in gdb (`make debug` does):

    (gdb) source scripts/gdb/porthole.py

Then, stopped anywhere after the part of the boot you are curious about:

    ph-ioports [PORT]   the I/O port tree, as the shell's `ioports`
    ph-iomem [ADDR]     the physical memory tree, as `iomem`
    ph-lspci            the PCI functions, as `lspci` (names from the
                        kernel's own compiled pci.ids table)
    ph-interrupts       the per-line counts, as `interrupts`
    ph-iomaps           the live ioremap mappings, as `iomaps`
    ph-vtop ADDR        a page-table walk, as `vtop ADDR`
    ph-dmesg            the kernel's log buffer, if it keeps one
    ph-trace [N]        the I/O trace ring's raw entries (kernel/trace.h)

Their output equals the shell command's, character for character, for the
same kernel state (tests/scenario/test_gdb_commands.py checks it). Like
Linux's scripts/gdb (lx-iomem, lx-ioports), they read everything by name
and type from the ELF's debug information: struct fields by name, static
variables as 'file.c'::name, and paging.h's layout through the enumeration
kernel/gdb_layout.c puts in the DWARF. No offset is typed in here, so the
commands follow the C when a structure changes.

Linux's equivalents: Documentation/dev-tools/gdb-kernel-debugging.rst.
"""
import importlib.util
import os

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))

# The kernel's tables of names and the code text never change while it
# runs: let gdb read them from the ELF instead of over the remote link.
gdb.execute("set trust-readonly-sections on", to_string=True)
# `step` on a BOOT_STEP(...) line of kmain goes into the step, not into the
# timing around it (kernel/boottime.c).
gdb.execute("skip file kernel/boottime.c", to_string=True)


# ---- reading the kernel ----

def var(name, file=None):
    """A kernel variable; a static one needs its file ('kernel/irq.c')."""
    if file:
        return gdb.parse_and_eval("'%s'::%s" % (file, name))
    return gdb.parse_and_eval(name)


def const(name):
    """An enumerator from kernel/gdb_layout.c, e.g. const('PAGE_OFFSET')."""
    return int(gdb.parse_and_eval("GDB_" + name)) & 0xffffffff


def cstr(ptr, default="<BAD>"):
    """The C string @ptr points to, or @default for NULL."""
    if int(ptr) == 0:
        return default
    return ptr.string("latin-1", errors="replace")


def u32_at(addr):
    """The 32-bit word at kernel virtual address @addr."""
    u32p = gdb.lookup_type("u32").pointer()
    return int(gdb.Value(addr).cast(u32p).dereference()) & 0xffffffff


def u8_array(value):
    """A C array of bytes (or a char pointer with a length) as bytes."""
    return bytes(int(value[i]) & 0xff for i in range(value.type.sizeof))


def parse_number(arg, what):
    """A number typed after a command: decimal, 0x hex, or any gdb
    expression (ph-vtop &ring works)."""
    try:
        return int(gdb.parse_and_eval(arg)) & 0xffffffffffffffff
    except gdb.error as e:
        raise gdb.GdbError("%s: '%s' is not a number (%s)" % (what, arg, e))


class Out:
    """Collects what printk would have printed, written at the end in one
    piece (so a batch log keeps it together)."""

    def __init__(self):
        self.parts = []

    def __call__(self, text):
        self.parts.append(text)

    def flush(self):
        gdb.write("".join(self.parts))


# ---- the resource trees (kernel/resource.c) ----

def res_next(root, r):
    """resource_next(): pre-order, parents first, children by address."""
    if int(r["child"]):
        return r["child"].dereference()
    while int(r.address) != int(root.address) and not int(r["sibling"]):
        r = r["parent"].dereference()
    if int(r.address) == int(root.address):
        return None
    return r["sibling"].dereference()


def res_depth(root, r):
    """resource_depth(): 0 for a child of @root."""
    depth = 0
    while int(r["parent"]) and int(r["parent"]) != int(root.address):
        depth += 1
        r = r["parent"].dereference()
    return depth


def res_width(root):
    """resource_width(): 4 hex digits for the port tree, else 8. The port
    tree's root ends at IO_SPACE_LIMIT, so its own end is the test."""
    io_limit = int(var("ioport_resource")["end"])
    return 4 if int(root["end"]) <= io_limit else 8


def res_line(root, r):
    """resource_format_line(), cut at 127 bytes as resource_dump's buffer."""
    w = res_width(root)
    depth = min(res_depth(root, r), const("MAX_IORES_LEVEL"))
    line = "%s%0*x-%0*x : %s" % ("  " * depth, w, int(r["start"]), w,
                                 int(r["end"]), cstr(r["name"]))
    return line[:127]


def res_lookup(root, addr):
    """resource_lookup(): the deepest node holding @addr (root if none)."""
    node = root
    child = root["child"]
    while int(child):
        c = child.dereference()
        if int(c["start"]) <= addr <= int(c["end"]):
            node = c
            child = c["child"]
        else:
            child = c["sibling"]
    return node


def res_chain(out, root, r, w):
    """print_chain() of kernel/resource_shell.c."""
    busy = const("IORESOURCE_BUSY")
    chain = []
    while True:
        chain.append(r)
        if int(r.address) == int(root.address):
            break
        r = r["parent"].dereference()
    for r in reversed(chain):
        is_root = int(r.address) == int(root.address)
        depth = 0 if is_root else res_depth(root, r) + 1
        suffix = " (root)" if is_root else \
            "" if int(r["flags"]) & busy else " (not busy)"
        out("%s%0*x-%0*x : %s%s\n" % (" " * (depth * 2), w, int(r["start"]),
                                       w, int(r["end"]), cstr(r["name"]),
                                       suffix))


def res_command(out, root, cmd, arg):
    """`ioports` / `iomem` with and without an address."""
    if not arg:
        r = res_next(root, root)
        while r is not None:
            out(res_line(root, r) + "\n")
            r = res_next(root, r)
        return
    w = res_width(root)
    start, end = int(root["start"]), int(root["end"])
    try:
        addr = int(arg, 0)
    except ValueError:
        addr = -1
    if addr < start or addr > end:
        out("%s: '%s' is not an address in %0*x-%0*x (decimal, or hex with "
            "0x)\n" % (cmd, arg, w, start, w, end))
        return
    r = res_lookup(root, addr)
    if int(r.address) == int(root.address):
        out("%0*x: not claimed by anyone (only the root '%s' %0*x-%0*x "
            "holds it)\n" % (w, addr, cstr(root["name"]), w, start, w, end))
        return
    res_chain(out, root, r, w)


class PhIoports(gdb.Command):
    """ph-ioports [PORT]: the I/O port tree as the shell's `ioports` prints
    it (Linux's /proc/ioports); with PORT, who owns it."""

    def __init__(self):
        super().__init__("ph-ioports", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        out = Out()
        res_command(out, var("ioport_resource"), "ioports", arg.strip())
        out.flush()


class PhIomem(gdb.Command):
    """ph-iomem [ADDR]: the physical memory tree as `iomem` prints it
    (Linux's /proc/iomem); with ADDR, who owns it."""

    def __init__(self):
        super().__init__("ph-iomem", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        out = Out()
        res_command(out, var("iomem_resource"), "iomem", arg.strip())
        out.flush()


# ---- PCI (drivers/pci/lspci.c, drivers/pci/ids.c) ----

def _load_generator():
    """scripts/gen-pci-ids.py, which defines the name encoding."""
    path = os.path.join(HERE, "..", "gen-pci-ids.py")
    spec = importlib.util.spec_from_file_location("gen_pci_ids", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class PciIds:
    """The kernel's compiled pci.ids (build/pci_ids.c), decoded as
    drivers/pci/ids.c does: bytes 0x20-0x7e stand for themselves, QUOTE
    escapes the next byte, 0x80 + i is dictionary word i, 0xc0 + hi, lo is
    word ONE_BYTE + (hi << 8 | lo) (scripts/gen-pci-ids.py)."""

    def __init__(self):
        gen = _load_generator()
        self.quote, self.nword1 = gen.QUOTE, gen.ONE_BYTE
        self.word1, self.word2 = 0x80, 0x80 + gen.ONE_BYTE
        inf = gdb.selected_inferior()
        size = int(var("pci_ids_names_size"))
        self.names = inf.read_memory(var("pci_ids_names").address, size).tobytes()
        nwords = int(var("pci_ids_nwords"))
        offs = var("pci_ids_word_offsets")
        words_addr = int(var("pci_ids_words").address)
        last = int(offs[nwords - 1]) if nwords else 0
        blob = inf.read_memory(words_addr, last + 256).tobytes()
        self.words = []
        for i in range(nwords):
            o = int(offs[i])
            self.words.append(blob[o:blob.index(b"\0", o)].decode("latin-1"))
        self.vendors = var("pci_ids_vendors")
        self.nvendors = int(var("pci_ids_nvendors"))
        self.devices = var("pci_ids_devices")
        self.subsystems = var("pci_ids_subsystems")
        self.classes = []
        cl = var("pci_ids_classes")
        for i in range(int(var("pci_ids_nclasses"))):
            c = cl[i]
            self.classes.append((int(c["level"]), int(c["cls"]), int(c["sub"]),
                                 int(c["pi"]), int(c["name"])))

    def decode(self, off):
        if not off or off >= len(self.names):
            return None
        s, p, n = [], off, self.names
        while p < len(n) and n[p]:
            b = n[p]
            if b == self.quote and p + 1 < len(n):
                p += 1
                s.append(chr(n[p]))
            elif b >= self.word2 and p + 1 < len(n):
                i = self.nword1 + ((b - self.word2) << 8) + n[p + 1]
                s.append(self.words[i] if i < len(self.words) else "")
                p += 1
            elif b >= self.word1:
                i = b - self.word1
                s.append(self.words[i] if i < len(self.words) else "")
            else:
                s.append(chr(b))
            p += 1
        return "".join(s)[:127]  # NAME_MAX_LEN with its NUL

    def _vendor(self, vid):
        lo, hi = 0, self.nvendors
        while lo < hi:
            mid = (lo + hi) // 2
            v = self.vendors[mid]
            if int(v["id"]) == vid:
                return v
            if int(v["id"]) < vid:
                lo = mid + 1
            else:
                hi = mid
        return None

    def vendor(self, vid):
        v = self._vendor(vid)
        return self.decode(int(v["name"])) if v is not None else None

    def device(self, vid, did):
        v = self._vendor(vid)
        if v is None:
            return None
        lo = int(v["first_dev"])
        hi = lo + int(v["ndev"])
        while lo < hi:
            mid = (lo + hi) // 2
            d = self.devices[mid]
            if int(d["id"]) == did:
                return self.decode(int(d["name"]))
            if int(d["id"]) < did:
                lo = mid + 1
            else:
                hi = mid
        return None

    def cls(self, level, c, sub=0, pi=0):
        for lv, cc, ss, pp, name in self.classes:
            if lv == level and cc == c and (level < 2 or ss == sub) and \
                    (level < 3 or pp == pi):
                return self.decode(name)
        return None


def name_pair(v, d, a, b):
    """lspci.c's name_pair() (pciutils' format_name_pair)."""
    if v and d:
        return "%s %s [%04x:%04x]" % (v, d, a, b)
    if v:
        return "%s Device [%04x:%04x]" % (v, a, b)
    return "Device [%04x:%04x]" % (a, b)


def pci_devs():
    d = var("pci_devices")
    while int(d):
        yield d.dereference()
        d = d.dereference()["next"]


class PhLspci(gdb.Command):
    """ph-lspci: every PCI function as the shell's `lspci` prints it
    (pciutils' lspci -nn), read from the kernel's pci_dev list."""

    def __init__(self):
        super().__init__("ph-lspci", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        out = Out()
        if not bool(var("conf1_ok", "drivers/pci/conf1.c")):
            out("lspci: no PCI (configuration mechanism #1 not found at "
                "boot)\n")
            out.flush()
            return
        ids = PciIds()
        devs = list(pci_devs())
        for bus in range(256):
            for d in devs:
                if int(d["bus"]) != bus:
                    continue
                c, s = int(d["class"]), int(d["subclass"])
                cname = ids.cls(2, c, s) or ids.cls(1, c)
                vid, did = int(d["vendor"]), int(d["device"])
                dev = name_pair(ids.vendor(vid), ids.device(vid, did), vid, did)
                line = "%02x:%02x.%x %s [%02x%02x]: %s" % (
                    bus, int(d["dev"]), int(d["fn"]), cname or "Class", c, s,
                    dev)
                if int(d["revision"]):
                    line += " (rev %02x)" % int(d["revision"])
                out(line + "\n")
        out.flush()


# ---- interrupts (kernel/irq.c) ----

# The 8259A reports a spurious interrupt on IR7 of whichever chip got the
# vanished request: IRQ 7 on the master, IRQ 15 on the slave (8259A
# datasheet, "interrupt sequence"). kernel/irq.c counts them on those lines.
SPURIOUS_MASTER, SPURIOUS_SLAVE = 7, 15


class PhInterrupts(gdb.Command):
    """ph-interrupts: interrupt counts per IRQ line, as `interrupts`
    (Linux's /proc/interrupts): the XT-PIC layout with the 8259s, the
    IO-APIC/PCI-MSI one (and LOC, SPU, ERR) with the APICs."""

    def __init__(self):
        super().__init__("ph-interrupts", gdb.COMMAND_DATA)

    @staticmethod
    def hwirq(irq, chip_name):
        """(hardware number, level?) as the chip's hwirq/is_level say:
        the I/O APIC input (drivers/ioapic.c's irq_pins), or an MSI's
        (bus << 8 | devfn) << 11 (drivers/pci/msi.c's msi_lines)."""
        if chip_name == "IO-APIC":
            pin = var("irq_pins", "drivers/ioapic.c")[irq]
            return int(pin["pin"]), bool(pin["level"])
        d = var("msi_lines", "drivers/pci/msi.c")[irq]["dev"]
        if not int(d):
            return 0, False
        devfn = int(d["dev"]) << 3 | int(d["fn"])
        return (int(d["bus"]) << 8 | devfn) << 11, False

    def invoke(self, arg, from_tty):
        out = Out()
        isa_chip = var("isa_chip", "kernel/irq.c")
        if not int(isa_chip):
            out("no interrupt controller\n")
            out.flush()
            return
        # the Local APIC's rows whenever one is set up (the I/O APIC, or
        # noapic's virtual wire), as kernel/irq.c's local_apic says
        apic = bool(int(var("local_apic", "kernel/irq.c")))
        lines = var("lines", "kernel/irq.c")
        nr = lines.type.range()[1] + 1
        out("%3s  %10s\n" % ("", "CPU0"))
        spu = 0
        for irq in range(nr):
            l = lines[irq]
            spu += int(l["spurious"])
            n = int(l["nactions"])
            if not int(l["chip"]) or (not n and not int(l["count"])):
                continue
            chip = l["chip"].dereference()
            # the owners of a shared line as Linux lists them: "a, b"
            names = ", ".join(cstr(l["action"][i]["name"]) for i in range(n))
            tail = "%s%s" % (names if n else "(none)",
                             " (disabled: nobody cared)" if bool(l["disabled"]) else "")
            if int(chip["hwirq"]):
                hw, level = self.hwirq(irq, cstr(chip["name"]))
                out("%3u: %10u  %8s %3u-%-8s  %s\n" % (
                    irq, int(l["count"]), cstr(chip["name"]), hw,
                    "fasteoi" if level else "edge", tail))
            else:
                out("%3u: %10u  %8s  %s\n" % (irq, int(l["count"]), cstr(chip["name"]), tail))
        unexpected = int(var("unexpected_count", "kernel/traps.c"))
        out("NMI: %10u   Non-maskable interrupts\n" % int(var("nmi_count", "kernel/irq.c")))
        if not apic:
            out("SPU: %10u   spurious: IRQ 7 %u, IRQ 15 %u (in-service bit "
                "clear)\n" % (spu, int(lines[SPURIOUS_MASTER]["spurious"]),
                              int(lines[SPURIOUS_SLAVE]["spurious"])))
            out("ERR: %10u   interrupts on vectors nobody handles\n" % unexpected)
        else:
            out("LOC: %10u   Local timer interrupts\n"
                % int(var("local_timer_count", "kernel/irq.c")))
            out("SPU: %10u   Spurious interrupts\n"
                % (int(var("spurious_vector_count", "kernel/irq.c")) + spu))
            out("ERR: %10u\n" % (int(var("apic_error_count", "kernel/irq.c")) + unexpected))
            if int(isa_chip["hwirq"]):  # the I/O APIC: Linux's MIS row
                out("MIS: %10u\n" % int(var("mis_count", "kernel/irq.c")))
        out.flush()


# ---- memory (kernel/mm/ioremap.c, kernel/mm/paging.c) ----

class PhIomaps(gdb.Command):
    """ph-iomaps: the live ioremap (and memremap) mappings, as `iomaps`."""

    def __init__(self):
        super().__init__("ph-iomaps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        out = Out()
        space = var("ioremap_space", "kernel/mm/ioremap.c")
        area_t = gdb.lookup_type("struct ioremap_area")
        res_off = next(f.bitpos // 8 for f in area_t.fields() if f.name == "res")
        page = const("PAGE_SIZE")
        out("ioremap range %08x-%08x:\n" % (const("IOREMAP_START"),
                                           const("IOREMAP_END") - 1))
        r = space["child"]
        if not int(r):
            out("  (no mappings)\n")
        while int(r):
            # container_of(r, struct ioremap_area, res)
            a = gdb.Value(int(r) - res_off).cast(area_t.pointer()).dereference()
            n, phys, start = int(a["npages"]), int(a["phys"]), int(r["start"])
            cached = " memremap, cached" if bool(a["cached"]) else ""
            out("  %08x-%08x -> phys %08x-%08x (%u pages + guard)%s\n" % (
                start, start + n * page - 1, phys, phys + n * page - 1, n,
                cached))
            r = r["sibling"]
        out.flush()


def region_name(va):
    """paging.c's region_name()."""
    if va < const("PAGE_OFFSET"):
        return "below PAGE_OFFSET: never mapped (no user space)"
    if va < const("DIRECT_MAP_END"):
        return "direct map of physical memory"
    if va < const("HEAP_END"):
        return "kernel heap (kmalloc)"
    if va < const("IOREMAP_END"):
        return "ioremap range"
    return "top 8 MiB: never mapped"


def pte_flags(e, is_pde):
    """paging_format_flags(): P RW/RO US/S PWT PCD A D, PS and G."""
    ps = e & const("PDE_PS")
    return "%s %s %s %s %s %s %s%s%s" % (
        "P" if e & const("PTE_P") else "-",
        "RW" if e & const("PTE_RW") else "RO",
        "US" if e & const("PTE_US") else "S",
        "PWT" if e & const("PTE_PWT") else "-",
        "PCD" if e & const("PTE_PCD") else "-",
        "A" if e & const("PTE_A") else "-",
        "" if is_pde and not ps else "D" if e & const("PTE_D") else "-",
        " PS" if is_pde and ps else "",
        " G" if e & const("PTE_G") else "")


class PhVtop(gdb.Command):
    """ph-vtop ADDR: walk porthole's page tables for a virtual address, as
    `vtop ADDR`: PDE, PTE, flags, the physical address."""

    def __init__(self):
        super().__init__("ph-vtop", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: ph-vtop ADDR")
        va = parse_number(arg.strip(), "ph-vtop") & 0xffffffff
        out = Out()
        if bool(var("switched", "kernel/mm/paging.c")):
            pd = int(var("page_dir", "kernel/mm/paging.c"))
        else:  # before paging_init: the boot's tables, through CR3
            pd = (int(gdb.parse_and_eval("$cr3")) & const("PTE_ADDR")) \
                + const("PAGE_OFFSET")
        pdi, pti = va >> 22, (va >> 12) & 0x3ff
        page = const("PAGE_SIZE")
        pde = u32_at(pd + 4 * pdi)
        out("virtual %08x: PDE index %u, PTE index %u, offset 0x%03x (%s)\n"
            % (va, pdi, pti, va & (page - 1), region_name(va)))
        out("  PDE[%u] = %08x  %s" % (pdi, pde, pte_flags(pde, True)))
        if not pde & const("PTE_P"):
            out("  not present: the walk stops here\n")
            out("vtop: %08x is not mapped\n" % va)
            out.flush()
            return
        if pde & const("PDE_PS"):
            out("  -> 4 MiB page at %08x\n" % (pde & const("PDE_PS_ADDR")))
            pa = (pde & const("PDE_PS_ADDR")) | (va & const("PDE_PS_OFFSET"))
        else:
            table = pde & const("PTE_ADDR")
            out("  -> page table at physical %08x\n" % table)
            pte = u32_at(const("PAGE_OFFSET") + table + 4 * pti)
            out("  PTE[%u] = %08x  %s" % (pti, pte, pte_flags(pte, False)))
            if not pte & const("PTE_P"):
                out("  not present: the walk stops here\n")
                out("vtop: %08x is not mapped\n" % va)
                out.flush()
                return
            out("  -> page at physical %08x\n" % (pte & const("PTE_ADDR")))
            pa = (pte & const("PTE_ADDR")) | (va & (page - 1))
        out("vtop: %08x -> physical %08x\n" % (va, pa))
        out.flush()


# ---- the log and the trace ----

class PhDmesg(gdb.Command):
    """ph-dmesg: the kernel's log buffer (what printk printed), if the
    kernel keeps one (a symbol log_buf of kernel/printk.c)."""

    def __init__(self):
        super().__init__("ph-dmesg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        try:
            buf = var("log_buf", "kernel/printk.c")
            head = int(var("log_head", "kernel/printk.c"))
        except gdb.error:
            gdb.write("ph-dmesg: this kernel keeps no log buffer (no log_buf "
                      "in kernel/printk.c): printk writes straight to the "
                      "consoles; `make debug` keeps the serial output in "
                      "build/serial.log\n")
            return
        size = buf.type.sizeof
        data = gdb.selected_inferior().read_memory(buf.address, size).tobytes()
        if head <= size:
            text = data[:head]
        else:
            cut = head % size
            text = data[cut:] + data[:cut]
        gdb.write(text.decode("latin-1"))


class PhTrace(gdb.Command):
    """ph-trace [N]: the last N entries (default all) of the I/O trace ring
    (kernel/trace.c), raw: TSC, flags, address, value, caller."""

    def __init__(self):
        super().__init__("ph-trace", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        ring = var("ring", "kernel/trace.c")
        total = int(var("total", "kernel/trace.c"))
        size = ring.type.range()[1] + 1
        held = min(total, size)
        n = parse_number(arg, "ph-trace") if arg.strip() else held
        out = Out()
        out("ph-trace: %u entries of %u, %u lost; mask %u\n" % (
            held, size, total - held, int(var("io_trace_mask"))))
        for i in range(held - min(n, held), held):
            e = ring[(total - held + i) % size]
            caller = int(e["caller"])
            sym = gdb.execute("info symbol 0x%x" % (caller - 1), to_string=True)
            out("%016x flags %02x addr %08x value %08x x%u  %s\n" % (
                int(e["tsc"]), int(e["flags"]), int(e["addr"]),
                int(e["value"]) & 0xffffffff, int(e["count"]),
                sym.split(" in section")[0].strip()))
        out.flush()


for _cmd in (PhIoports, PhIomem, PhLspci, PhInterrupts, PhIomaps, PhVtop,
             PhDmesg, PhTrace):
    _cmd()
