"""scripts/gdb/porthole.py - gdb commands that read porthole's own structures.

Load it in gdb (`make debug` does):

    (gdb) source scripts/gdb/porthole.py

Then, stopped anywhere after the part of the boot you are curious about:

    ph-ioports [PORT]   the I/O port tree, as the shell's `ioports`
    ph-iomem [ADDR]     the physical memory tree, as `iomem`
    ph-lspci [OPTS]     the PCI functions, as `lspci [OPTS]`: -v (-vv),
                        -k, -t, -x, -xxx, -xxxx (names from the kernel's
                        own compiled pci.ids table; registers through the
                        ECAM window, or by calling the kernel where only
                        ports reach them: drivers/pci/debugger.c)
    ph-lspci-how        how the last ph-lspci read the registers
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
import re

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

    def subsys(self, vid, did, sv, sd):
        """pci_ids_subsys_name(): a device's subsystems follow those of the
        vendor's devices before it."""
        v = self._vendor(vid)
        if v is None:
            return None
        lo = int(v["first_dev"])
        hi = lo + int(v["ndev"])
        idx = None
        while lo < hi:
            mid = (lo + hi) // 2
            d = int(self.devices[mid]["id"])
            if d == did:
                idx = mid
                break
            if d < did:
                lo = mid + 1
            else:
                hi = mid
        if idx is None:
            return None
        first = int(v["first_sub"])
        for i in range(int(v["first_dev"]), idx):
            first += int(self.devices[i]["nsub"])
        for i in range(first, first + int(self.devices[idx]["nsub"])):
            s = self.subsystems[i]
            if int(s["subvendor"]) == sv and int(s["subdevice"]) == sd:
                return self.decode(int(s["name"]))
        return None

    def cls(self, level, c, sub=0, pi=0):
        for lv, cc, ss, pp, name in self.classes:
            if lv == level and cc == c and (level < 2 or ss == sub) and \
                    (level < 3 or pp == pi):
                return self.decode(name)
        return None


NAME_MAX_LEN = 128  # lspci.c's name buffers (a name keeps 127 bytes)


def name_pair(v, d, a, b):
    """lspci.c's name_pair() (pciutils' format_name_pair), cut as its
    2 * NAME_MAX_LEN + 16 byte buffer cuts it."""
    if v is not None and d is not None:
        s = "%s %s [%04x:%04x]" % (v, d, a, b)
    elif v is not None:
        s = "%s Device [%04x:%04x]" % (v, a, b)
    else:
        s = "Device [%04x:%04x]" % (a, b)
    return s[:2 * NAME_MAX_LEN + 15]


def pci_devs():
    d = var("pci_devices")
    while int(d):
        yield d.dereference()
        d = d.dereference()["next"]


def static_array(func, name, index):
    """Entry @index of the static array @name inside lspci.c's function
    @func (cap_name::names...), or None past its end or for a hole."""
    arr = gdb.parse_and_eval("%s::%s" % (func, name))
    if index > arr.type.range()[1]:
        return None
    p = arr[index]
    return cstr(p) if int(p) else None


class PciConfig:
    """The configuration space of one function, read once per command, the
    way a debugger can (drivers/pci/debugger.c explains why):

    - the bus is behind ECAM and the kernel has mapped it: read the kernel's
      ioremap of the window (ecam_bus[bus] of drivers/pci/ecam.c) as memory,
      cfg_size bytes; no kernel code runs;
    - else (mechanism #1, ports 0xcf8/0xcfc, which no debugger can reach):
      `call pci_debugger_copy(bus, dev, fn)`, which runs pci_cfg_read() on
      the stopped CPU into pci_debugger_buf, and read that buffer.

    Nothing is read until a register is asked for: plain ph-lspci, -t and
    -k touch no configuration space, as the shell's do not."""

    def __init__(self, d):
        self.d = d
        self.data = None
        self.how = None

    def _fetch(self):
        d = self.d
        bus, dev, fn = int(d["bus"]), int(d["dev"]), int(d["fn"])
        inf = gdb.selected_inferior()
        if ecam_covers(bus):
            base = int(var("ecam_bus", "drivers/pci/ecam.c")[bus])
            if base:
                off = dev << const("PCI_ECAM_DEV_SHIFT") | \
                    fn << const("PCI_ECAM_FN_SHIFT")
                self.data = inf.read_memory(base + off,
                                            int(d["cfg_size"])).tobytes()
                self.how = "ECAM"
                return
        cs = int(gdb.parse_and_eval("$cs"))
        if cs & 3:
            raise gdb.GdbError(
                "ph-lspci: the CPU is in ring 3 (CS %#x): configuration space "
                "is behind ports here, and the kernel call that reads them "
                "cannot run from user mode; stop in the kernel (break "
                "syscall_entry) - plain ph-lspci, -t and -k need no registers"
                % cs)
        err = int(gdb.parse_and_eval("pci_debugger_copy(%u, %u, %u)"
                                     % (bus, dev, fn)))
        buf = var("pci_debugger_buf")
        self.data = inf.read_memory(buf.address, buf.type.sizeof).tobytes()
        self.how = "call" if not err else "call failed (%d)" % err

    def read(self, off, width):
        """cfg() of lspci.c: @width bytes at @off, little-endian; 0 where
        the C's pci_cfg_read() would fail (beyond the space)."""
        if self.data is None:
            self._fetch()
        if off + width > len(self.data):
            return 0
        return int.from_bytes(self.data[off:off + width], "little")


def ecam_covers(bus):
    """pci_ecam_covers() of drivers/pci/ecam.c."""
    ecam = var("ecam", "drivers/pci/ecam.c")
    return bool(var("ecam_ok", "drivers/pci/ecam.c")) and \
        int(ecam["start_bus"]) <= bus <= int(ecam["end_bus"])


_ids = None


def pci_ids():
    """The kernel's name tables never change while it runs: decode once."""
    global _ids
    if _ids is None:
        _ids = PciIds()
    return _ids


class Lspci:
    """drivers/pci/lspci.c, function by function, printing into @out."""

    def __init__(self, out):
        self.out = out
        self.ids = pci_ids()
        self.devs = list(pci_devs())
        self.cfgs = {}

    # -- registers
    def cfg(self, d, off, width):
        key = int(d.address)
        if key not in self.cfgs:
            self.cfgs[key] = PciConfig(d)
        return self.cfgs[key].read(off, width)

    @staticmethod
    def flag(v, bit):
        return "+" if v & const(bit) else "-"

    # -- names
    def class_name(self, d):
        c, s = int(d["class"]), int(d["subclass"])
        n = self.ids.cls(2, c, s)
        if n is None:
            n = self.ids.cls(1, c)
        return ("%s [%02x%02x]" % (n if n is not None else "Class", c, s)) \
            [:NAME_MAX_LEN + 7]

    def device_name(self, d):
        vid, did = int(d["vendor"]), int(d["device"])
        return name_pair(self.ids.vendor(vid), self.ids.device(vid, did),
                         vid, did)

    def subsystem_name(self, d):
        sv, sd = int(d["subsystem_vendor"]), int(d["subsystem_device"])
        vid, did = int(d["vendor"]), int(d["device"])
        dn = self.ids.subsys(vid, did, sv, sd)
        if dn is None and sv == vid and sd == did:
            dn = self.ids.device(sv, sd)
        return name_pair(self.ids.vendor(sv), dn, sv, sd)

    def progif_name(self, d):
        c, s, pi = int(d["class"]), int(d["subclass"]), int(d["prog_if"])
        n = self.ids.cls(3, c, s, pi)
        if n is not None or c != const("PCI_CLASS_STORAGE") or \
                s != const("PCI_SUBCLASS_STORAGE_IDE") or \
                pi & const("PCI_IDE_RESERVED"):
            return n
        buf = "".join(word for bit, word in (
            ("PCI_IDE_BUS_MASTER", " Master"),
            ("PCI_IDE_SECONDARY_PROGRAMMABLE", " SecP"),
            ("PCI_IDE_SECONDARY_NATIVE", " SecO"),
            ("PCI_IDE_PRIMARY_PROGRAMMABLE", " PriP"),
            ("PCI_IDE_PRIMARY_NATIVE", " PriO")) if pi & const(bit))
        return buf[1:] if buf else None

    # -- the first line
    def show_terse(self, d, verbose):
        out = self.out
        out("%02x:%02x.%x %s: %s" % (int(d["bus"]), int(d["dev"]),
                                     int(d["fn"]), self.class_name(d),
                                     self.device_name(d)))
        if int(d["revision"]):
            out(" (rev %02x)" % int(d["revision"]))
        if verbose:
            p = self.progif_name(d)
            if p is not None:
                out(" (prog-if %02x [%s])" % (int(d["prog_if"]), p))
            elif int(d["prog_if"]):
                out(" (prog-if %02x)" % int(d["prog_if"]))
        out("\n")

    # -- -v
    def show_control_status(self, d):
        out, f = self.out, self.flag
        cmd = self.cfg(d, const("PCI_COMMAND"), 2)
        st = self.cfg(d, const("PCI_STATUS"), 2)
        out("\tControl: I/O%s Mem%s BusMaster%s SpecCycle%s MemWINV%s "
            "VGASnoop%s ParErr%s Stepping%s SERR%s FastB2B%s DisINTx%s\n" % (
                f(cmd, "PCI_COMMAND_IO"), f(cmd, "PCI_COMMAND_MEMORY"),
                f(cmd, "PCI_COMMAND_MASTER"), f(cmd, "PCI_COMMAND_SPECIAL"),
                f(cmd, "PCI_COMMAND_INVALIDATE"),
                f(cmd, "PCI_COMMAND_VGA_PALETTE"),
                f(cmd, "PCI_COMMAND_PARITY"), f(cmd, "PCI_COMMAND_WAIT"),
                f(cmd, "PCI_COMMAND_SERR"), f(cmd, "PCI_COMMAND_FAST_BACK"),
                f(cmd, "PCI_COMMAND_INTX_DISABLE")))
        devsel = static_array("show_control_status", "devsel",
                              (st & const("PCI_STATUS_DEVSEL_MASK")) >>
                              const("PCI_STATUS_DEVSEL_SHIFT"))
        out("\tStatus: Cap%s 66MHz%s UDF%s FastB2B%s ParErr%s DEVSEL=%s "
            ">TAbort%s <TAbort%s <MAbort%s >SERR%s <PERR%s INTx%s\n" % (
                f(st, "PCI_STATUS_CAP_LIST"), f(st, "PCI_STATUS_66MHZ"),
                f(st, "PCI_STATUS_UDF"), f(st, "PCI_STATUS_FAST_BACK"),
                f(st, "PCI_STATUS_PARITY"), devsel,
                f(st, "PCI_STATUS_SIG_TARGET_ABORT"),
                f(st, "PCI_STATUS_REC_TARGET_ABORT"),
                f(st, "PCI_STATUS_REC_MASTER_ABORT"),
                f(st, "PCI_STATUS_SIG_SYSTEM_ERROR"),
                f(st, "PCI_STATUS_DETECTED_PARITY"),
                f(st, "PCI_STATUS_INTERRUPT")))
        if cmd & const("PCI_COMMAND_MASTER"):
            min_gnt = max_lat = 0
            cache = self.cfg(d, const("PCI_CACHE_LINE_SIZE"), 1)
            if int(d["header_type"]) == const("PCI_HEADER_TYPE_NORMAL"):
                min_gnt = self.cfg(d, const("PCI_MIN_GNT"), 1)
                max_lat = self.cfg(d, const("PCI_MAX_LAT"), 1)
            out("\tLatency: %u" % self.cfg(d, const("PCI_LATENCY_TIMER"), 1))
            if min_gnt or max_lat:
                out(" (")
                if min_gnt:
                    out("%dns min" % (min_gnt * 250))
                if min_gnt and max_lat:
                    out(", ")
                if max_lat:
                    out("%dns max" % (max_lat * 250))
                out(")")
            if cache:
                out(", Cache Line Size: %d bytes" % (cache * 4))
            out("\n")
        pin = int(d["irq_pin"])
        if pin:
            out("\tInterrupt: pin %s routed to IRQ %u\n" % (
                chr(ord("A") + pin - 1) if pin <= 4 else "?",
                self.msi_irq(d)))

    def msi_irq(self, d):
        """As lspci.c: the MSI line pci_enable_msi gave the function
        (drivers/pci/msi.c's msi_lines), else the firmware's line."""
        lines = var("msi_lines", "drivers/pci/msi.c")
        lo, hi = lines.type.range()
        me = int(d) if d.type.code == gdb.TYPE_CODE_PTR else int(d.address)
        for irq in range(lo, hi + 1):
            if int(lines[irq]["dev"]) == me:
                return irq
        return int(d["irq_line"])

    def show_size(self, x):
        if not x:
            return
        i = 0
        while static_array("show_size", "suffix", i + 1) is not None and \
                not x % 1024:
            x //= 1024
            i += 1
        self.out(" [size=%u%s]" % (x & 0xffffffff,
                                   static_array("show_size", "suffix", i)))

    def show_bar(self, d, i, cmd):
        out = self.out
        r = d["resource"][i]
        flg = self.cfg(d, const("PCI_BASE_ADDRESS_0") + 4 * i, 4)
        state = int(d["res_state"][i])
        size = int(d["bar_size"][i])
        out("\tRegion %d: " % i)
        if int(r["flags"]) & const("IORESOURCE_IO"):
            out("I/O ports at ")
            if state & const("PCI_RES_UNASSIGNED"):
                out("<unassigned>")
            else:
                out("%04x" % (int(r["start"]) &
                              const("PCI_BASE_ADDRESS_IO_MASK")))
            if not cmd & const("PCI_COMMAND_IO"):
                out(" [disabled]")
            if not state & const("PCI_RES_LEGACY") or size > 1:
                self.show_size(size)
            out("\n")
            return
        out("Memory at ")
        if state & const("PCI_RES_UNASSIGNED"):
            out("<unassigned>")
        else:
            out("%08x" % int(r["start"]))
        t = flg & const("PCI_BASE_ADDRESS_MEM_TYPE_MASK")
        out(" (64-bit" if t == const("PCI_BASE_ADDRESS_MEM_TYPE_64") else
            " (low-1M" if t == const("PCI_BASE_ADDRESS_MEM_TYPE_1M") else
            " (32-bit" if t == const("PCI_BASE_ADDRESS_MEM_TYPE_32") else
            " (type 3")
        out(", %sprefetchable)" % (
            "" if int(r["flags"]) & const("IORESOURCE_PREFETCH") else "non-"))
        if not cmd & const("PCI_COMMAND_MEMORY"):
            out(" [disabled]")
        self.show_size(size)
        if state & const("PCI_RES_ABOVE_4G"):
            out(" [above 4G: not mappable by this kernel]")
        out("\n")

    def show_bars(self, d, n):
        cmd = self.cfg(d, const("PCI_COMMAND"), 2)
        for i in range(n):
            if int(d["resource"][i]["flags"]):
                self.show_bar(d, i, cmd)

    def show_rom(self, d, reg):
        out = self.out
        rom = const("PCI_ROM_RESOURCE")
        r = d["resource"][rom]
        flg = self.cfg(d, reg, 4)
        cmd = self.cfg(d, const("PCI_COMMAND"), 2)
        if not int(r["flags"]):
            return
        out("\tExpansion ROM at ")
        if int(d["res_state"][rom]) & const("PCI_RES_UNASSIGNED"):
            out("<unassigned>")
        else:
            out("%08x" % int(r["start"]))
        if not flg & const("PCI_ROM_ADDRESS_ENABLE"):
            out(" [disabled]")
        elif not cmd & const("PCI_COMMAND_MEMORY"):
            out(" [disabled by cmd]")
        self.show_size(int(d["bar_size"][rom]))
        out("\n")

    def show_window(self, d, what, idx, wide):
        out = self.out
        r = d["resource"][idx]
        out("\t%s behind bridge:" % what)
        if not int(r["flags"]):
            out(" [disabled]\n")
            return
        if wide:
            out(" %016x-%016x" % (int(r["start"]), int(r["end"])))
        else:
            out(" %08x-%08x" % (int(r["start"]) & 0xffffffff,
                                int(r["end"]) & 0xffffffff))
        self.show_size(int(d["bar_size"][idx]))
        out("\n")

    def show_bridge(self, d):
        self.show_bars(d, 2)
        self.out("\tBus: primary=%02x, secondary=%02x, subordinate=%02x, "
                 "sec-latency=%u\n" % (
                     int(d["primary"]), int(d["secondary"]),
                     int(d["subordinate"]),
                     self.cfg(d, const("PCI_SEC_LATENCY_TIMER"), 1)))
        self.show_window(d, "I/O", const("PCI_BRIDGE_IO_WINDOW"), False)
        self.show_window(d, "Memory", const("PCI_BRIDGE_MEM_WINDOW"), False)
        pref = const("PCI_BRIDGE_PREF_WINDOW")
        self.show_window(d, "Prefetchable memory", pref,
                         int(d["resource"][pref]["flags"]) &
                         const("IORESOURCE_MEM_64"))
        self.show_rom(d, const("PCI_ROM_ADDRESS1"))

    def show_msi(self, d, cap):
        """pci_msi_show() of drivers/pci/msi.c."""
        out, c = self.out, const
        ctrl = self.cfg(d, cap + c("PCI_MSI_FLAGS"), 2)
        is64 = ctrl & c("PCI_MSI_FLAGS_64BIT")
        out("MSI: Enable%s Count=%u/%u Maskable%s 64bit%s\n" % (
            self.flag(ctrl, "PCI_MSI_FLAGS_ENABLE"),
            1 << ((ctrl & c("PCI_MSI_FLAGS_QSIZE")) >> 4),
            1 << ((ctrl & c("PCI_MSI_FLAGS_QMASK")) >> 1),
            self.flag(ctrl, "PCI_MSI_FLAGS_MASKBIT"), "+" if is64 else "-"))
        lo = self.cfg(d, cap + c("PCI_MSI_ADDRESS_LO"), 4)
        if is64:
            hi = self.cfg(d, cap + c("PCI_MSI_ADDRESS_HI"), 4)
            data = self.cfg(d, cap + c("PCI_MSI_DATA_64"), 2)
            out("\t\tAddress: %08x%08x  Data: %04x\n" % (hi, lo, data))
        else:
            data = self.cfg(d, cap + c("PCI_MSI_DATA_32"), 2)
            out("\t\tAddress: %08x  Data: %04x\n" % (lo, data))
        if ctrl & c("PCI_MSI_FLAGS_MASKBIT"):
            mask = self.cfg(d, cap + c("PCI_MSI_MASK_64" if is64 else
                                       "PCI_MSI_MASK_32"), 4)
            pend = self.cfg(d, cap + c("PCI_MSI_PENDING_64" if is64 else
                                       "PCI_MSI_PENDING_32"), 4)
            out("\t\tMasking: %08x  Pending: %08x\n" % (mask, pend))

    def show_caps(self, d):
        out = self.out
        for i in range(int(d["ncaps"])):
            cid, off = int(d["cap_id"][i]), int(d["cap_off"][i])
            n = static_array("cap_name", "names", cid)
            if cid == const("PCI_CAP_ID_MSI"):
                out("\tCapabilities: [%02x] " % off)
                self.show_msi(d, off)
            elif n is not None:
                out("\tCapabilities: [%02x] %s\n" % (off, n))
            else:
                out("\tCapabilities: [%02x] #%02x\n" % (off, cid))
        if bool(d["cap_loop"]):
            out("\tCapabilities: <chain looped>\n")
        for i in range(int(d["next_caps"])):
            cid = int(d["ext_cap_id"][i])
            n = static_array("ext_cap_name", "names", cid)
            out("\tCapabilities: [%03x v%u] " % (int(d["ext_cap_off"][i]),
                                                 int(d["ext_cap_ver"][i])))
            out("%s\n" % n if n is not None else
                "Extended Capability ID 0x%x\n" % cid)
        if bool(d["ext_cap_loop"]):
            out("\tCapabilities: <chain looped>\n")

    def show_subsystem(self, d):
        sv = int(d["subsystem_vendor"])
        if int(d["header_type"]) == const("PCI_HEADER_TYPE_NORMAL") and \
                sv and sv != 0xffff:
            self.out("\tSubsystem: %s\n" % self.subsystem_name(d))

    def show_kernel(self, d):
        if int(d["driver"]):
            self.out("\tKernel driver in use: %s\n"
                     % cstr(d["driver"]["name"]))

    def show_verbose(self, d):
        self.show_terse(d, True)
        self.show_subsystem(d)
        self.show_control_status(d)
        ht = int(d["header_type"])
        if ht == const("PCI_HEADER_TYPE_NORMAL"):
            self.show_bars(d, const("PCI_STD_NUM_BARS"))
            self.show_rom(d, const("PCI_ROM_ADDRESS"))
        elif ht == const("PCI_HEADER_TYPE_BRIDGE"):
            self.show_bridge(d)
        self.show_caps(d)
        self.show_kernel(d)
        self.out("\n")

    # -- -t: the line is a list of characters, as lspci.c's char array
    TREE_LINE = 256

    def tree_print(self, line, p):
        self.out("".join(line[:p]) + "\n")
        for i in range(p):
            line[i] = "|" if line[i] in "+|" else " "

    @staticmethod
    def put(line, p, end, s):
        """snprintf(p, end - p, ...): what fits, and the full length."""
        room = max(end - p - 1, 0)
        line[p:p + min(len(s), room)] = s[:room]
        return p + len(s)

    def bridge_to(self, bus, d):
        return int(d["header_type"]) == const("PCI_HEADER_TYPE_BRIDGE") \
            and int(d["secondary"]) > bus

    def tree_dev(self, d, line, p):
        end = self.TREE_LINE - 16
        if p >= end:
            self.tree_print(line, p)
            return
        p = self.put(line, p, end, "%02x.%x" % (int(d["dev"]), int(d["fn"])))
        if self.bridge_to(int(d["bus"]), d):
            sec, sub = int(d["secondary"]), int(d["subordinate"])
            p = self.put(line, p, end, "-[%02x]--" % sec if sec == sub else
                         "-[%02x-%02x]--" % (sec, sub))
            self.tree_bus(sec, line, p)
            return
        self.tree_print(line, p)

    def on_bus(self, bus):
        return [d for d in self.devs if int(d["bus"]) == bus]

    def tree_bus(self, bus, line, p):
        devs = self.on_bus(bus)
        if not devs:
            self.tree_print(line, p)
            return
        for i, d in enumerate(devs):
            line[p] = "+" if i + 1 < len(devs) else \
                "\\" if len(devs) > 1 else "-"
            line[p + 1] = "-"
            self.tree_dev(d, line, p + 2)

    def show_tree(self):
        line = [" "] * self.TREE_LINE
        head = "-[%04x:%02x]-" % (0, 0)
        line[:len(head)] = head
        self.tree_bus(0, line, len(head))

    # -- -x, -xxx, -xxxx
    def show_hex(self, d, n, blank):
        out = self.out
        n = min(n, int(d["cfg_size"]))
        for off in range(0, n, 4):
            v = self.cfg(d, off, 4)
            if off % 16 == 0:
                out("%02x:" % off)
            out(" %02x %02x %02x %02x" % (v & 0xff, (v >> 8) & 0xff,
                                          (v >> 16) & 0xff, v >> 24))
            if off % 16 == 12:
                out("\n")
        if blank:
            out("\n")

    def run(self, argv):
        """cmd_lspci()."""
        verbose = tree = kernel = False
        hexn = 0
        for a in argv:
            if a in ("-v", "-vv"):
                verbose = True
            elif a == "-t":
                tree = True
            elif a == "-k":
                kernel = True
            elif a == "-x":
                hexn = const("PCI_STD_HEADER_SIZEOF")
            elif a == "-xxx":
                hexn = const("PCI_CFG_SPACE_SIZE")
            elif a == "-xxxx":
                hexn = const("PCI_CFG_SPACE_EXP_SIZE")
            else:
                usage = var("__shell_cmd_cmd_lspci", "drivers/pci/lspci.c")
                self.out("usage: %s\n" % cstr(usage["usage"]))
                return
        if not ecam_covers(0) and \
                not bool(var("conf1_ok", "drivers/pci/conf1.c")):
            self.out("lspci: no PCI (configuration mechanism #1 not found "
                     "at boot)\n")
            return
        if tree:
            self.show_tree()
            return
        for bus in range(256):
            for d in self.on_bus(bus):
                if verbose:
                    self.show_verbose(d)
                else:
                    self.show_terse(d, False)
                    if kernel:
                        self.show_subsystem(d)
                        self.show_kernel(d)
                if hexn:
                    self.show_hex(d, hexn, not verbose)

    def mechanisms(self):
        """How each function's registers were read: {"ECAM": n, ...}."""
        seen = {}
        for c in self.cfgs.values():
            if c.how:
                seen[c.how] = seen.get(c.how, 0) + 1
        return seen


class PhLspci(gdb.Command):
    """ph-lspci [-v|-vv] [-k] [-x|-xxx|-xxxx] | ph-lspci -t: the PCI
    functions as the shell's `lspci` with the same options prints them
    (pciutils' lspci -nn), from the kernel's pci_dev list and its compiled
    pci.ids. Registers come from the ECAM window through memory where the
    kernel uses ECAM, else from `call pci_debugger_copy()`, which runs the
    kernel's own config read on the stopped CPU (drivers/pci/debugger.c:
    a debugger cannot do port I/O). `ph-lspci-how` says which was used."""

    def __init__(self):
        super().__init__("ph-lspci", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        global _last_lspci
        out = Out()
        _last_lspci = Lspci(out)
        _last_lspci.run(gdb.string_to_argv(arg))
        out.flush()


_last_lspci = None


class PhLspciHow(gdb.Command):
    """ph-lspci-how: how the last ph-lspci read configuration space - how
    many functions through the ECAM window as memory, how many by calling
    the kernel (pci_debugger_copy), none for output that needs no
    registers."""

    def __init__(self):
        super().__init__("ph-lspci-how", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        seen = _last_lspci.mechanisms() if _last_lspci else {}
        gdb.write("ph-lspci read registers: %s\n" % (
            ", ".join("%s %u" % kv for kv in sorted(seen.items()))
            or "none"))


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


def caller_name(ret):
    """"func+0xoff" of a return address, as `trace show` prints it: the
    function is the one holding ret - 1 (a call at a function's very end
    returns into the next one), the offset is ret's own."""
    sym = gdb.execute("info symbol 0x%x" % (ret - 1), to_string=True)
    m = re.match(r"(\S+)(?: \+ (\d+))? in section", sym)
    if not m:
        return "0x%08x" % ret
    return "%s+0x%x" % (m.group(1), int(m.group(2) or 0) + 1)


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
            out("%016x flags %02x addr %08x value %08x x%u  %s\n" % (
                int(e["tsc"]), int(e["flags"]), int(e["addr"]),
                int(e["value"]) & 0xffffffff, int(e["count"]),
                caller_name(int(e["caller"]))))
        out.flush()


for _cmd in (PhIoports, PhIomem, PhLspci, PhLspciHow, PhInterrupts, PhIomaps, PhVtop,
             PhDmesg, PhTrace):
    _cmd()
