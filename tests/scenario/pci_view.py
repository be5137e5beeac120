"""tests/scenario/pci_view.py - porthole's view of PCI beside QEMU's own.

Parses the QEMU monitor's `info pci`, porthole's `lspci -v` and the resource
tree dumps (the `ioports`/`iomem` commands), and compares them function by
function. Used by
tests/scenario/test_pci.py and test_pci_machines.py.
"""
import re


# QEMU's names for class codes in `info pci` (hw/pci/pci.c,
# pci_class_descriptions); any other class is printed as "Class NNNN".
QEMU_CLASS_NAMES = {
    0x0100: "SCSI controller", 0x0101: "IDE controller",
    0x0102: "Floppy controller", 0x0103: "IPI controller",
    0x0104: "RAID controller", 0x0106: "SATA controller",
    0x0107: "SAS controller", 0x0180: "Storage controller",
    0x0200: "Ethernet controller", 0x0201: "Token Ring controller",
    0x0202: "FDDI controller", 0x0203: "ATM controller",
    0x0280: "Network controller", 0x0300: "VGA controller",
    0x0301: "XGA controller", 0x0302: "3D controller",
    0x0380: "Display controller", 0x0400: "Video controller",
    0x0401: "Audio controller", 0x0402: "Phone",
    0x0403: "Audio controller", 0x0480: "Multimedia controller",
    0x0500: "RAM controller", 0x0501: "Flash controller",
    0x0580: "Memory controller", 0x0600: "Host bridge",
    0x0601: "ISA bridge", 0x0602: "EISA bridge", 0x0603: "MC bridge",
    0x0604: "PCI bridge", 0x0605: "PCMCIA bridge", 0x0606: "NUBUS bridge",
    0x0607: "CARDBUS bridge", 0x0608: "RACEWAY bridge", 0x0680: "Bridge",
    0x0700: "Serial port", 0x0701: "Parallel port",
    0x0800: "Interrupt controller", 0x0801: "DMA controller",
    0x0802: "Timer", 0x0803: "RTC", 0x0900: "Keyboard", 0x0901: "Pen",
    0x0C00: "Fireware contorller", 0x0C01: "Access bus controller",
    0x0C02: "SSA controller", 0x0C03: "USB controller",
    0x0C04: "Fibre channel controller", 0x0C05: "SMBus",
}

UNMAPPED = 0xffffffffffffffff
SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def slot(bus, dev, fn):
    return "%02x:%02x.%x" % (bus, dev, fn)


def parse_info_pci(text):
    """{ "BB:DD.F": {class_desc, id, irq, pin, bars{n: (start, end)},
    secondary, subordinate, windows{io|mem|pref: (start, end)}} }"""
    devs = {}
    cur = None
    for line in text.split("\n"):
        m = re.match(r"\s*Bus\s+(\d+), device\s+(\d+), function (\d+):", line)
        if m:
            cur = {"bars": {}, "windows": {}, "irq": None, "pin": None}
            devs[slot(*map(int, m.groups()))] = cur
            continue
        if cur is None:
            continue
        m = re.match(r"\s*(.+): PCI device ([0-9a-f]{4}):([0-9a-f]{4})$", line)
        if m:
            cur["class_desc"] = m.group(1)
            cur["id"] = "%s:%s" % (m.group(2), m.group(3))
            continue
        m = re.match(r"\s*IRQ (\d+), pin ([A-D])", line)
        if m:
            cur["irq"], cur["pin"] = int(m.group(1)), m.group(2)
            continue
        m = re.match(r"\s*BAR(\d): .* at 0x([0-9a-f]+) \[0x([0-9a-f]+)\]", line)
        if m:
            cur["bars"][int(m.group(1))] = (int(m.group(2), 16), int(m.group(3), 16))
            continue
        m = re.match(r"\s*(secondary|subordinate) bus (\d+)", line)
        if m:
            cur[m.group(1)] = int(m.group(2))
            continue
        m = re.match(r"\s*(IO|memory|prefetchable memory) range \[0x([0-9a-f]+), 0x([0-9a-f]+)\]", line)
        if m:
            kind = {"IO": "io", "memory": "mem", "prefetchable memory": "pref"}[m.group(1)]
            cur["windows"][kind] = (int(m.group(2), 16), int(m.group(3), 16))
    return devs


def size_of(text):
    m = re.search(r"\[size=(\d+)([KMGT]?)\]", text)
    return int(m.group(1)) * SIZE_UNITS[m.group(2)] if m else None


def parse_lspci_v(text):
    """{ "BB:DD.F": {first, class, id, irq, pin, regions{n: (start, size,
    line)}, rom, secondary, subordinate, windows{kind: (start, end)|None}} }"""
    devs = {}
    cur = None
    for line in text.split("\n"):
        m = re.match(r"^([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) .*\[([0-9a-f]{4})\]: .*\[([0-9a-f]{4}:[0-9a-f]{4})\]", line)
        if m:
            cur = {"first": line, "class": int(m.group(2), 16), "id": m.group(3),
                   "regions": {}, "rom": None, "windows": {}, "irq": None, "pin": None}
            pi = re.search(r"\(prog-if ([0-9a-f]{2})", line)
            cur["prog_if"] = int(pi.group(1), 16) if pi else 0
            devs[m.group(1)] = cur
            continue
        if cur is None:
            continue
        m = re.match(r"\tInterrupt: pin (.) routed to IRQ (\d+)", line)
        if m:
            cur["pin"], cur["irq"] = m.group(1), int(m.group(2))
        if re.match(r"\tCapabilities: \[[0-9a-f]+\] MSI: Enable\+", line):
            cur["msi"] = True
        m = re.match(r"\tRegion (\d): (?:I/O ports|Memory) at ([0-9a-f]+|<unassigned>)", line)
        if m:
            start = None if m.group(2) == "<unassigned>" else int(m.group(2), 16)
            cur["regions"][int(m.group(1))] = (start, size_of(line), line)
        m = re.match(r"\tExpansion ROM at ([0-9a-f]+|<unassigned>)", line)
        if m:
            start = None if m.group(1) == "<unassigned>" else int(m.group(1), 16)
            cur["rom"] = (start, size_of(line), line)
        m = re.match(r"\tBus: primary=([0-9a-f]+), secondary=([0-9a-f]+), subordinate=([0-9a-f]+)", line)
        if m:
            cur["secondary"], cur["subordinate"] = int(m.group(2), 16), int(m.group(3), 16)
        m = re.match(r"\t(I/O|Memory|Prefetchable memory) behind bridge: (?:([0-9a-f]+)-([0-9a-f]+)|\[disabled\])", line)
        if m:
            kind = {"I/O": "io", "Memory": "mem", "Prefetchable memory": "pref"}[m.group(1)]
            cur["windows"][kind] = (int(m.group(2), 16), int(m.group(3), 16)) if m.group(2) else None
    return devs


# Linux's shadowed video ROM (arch/x86/pci/fixup.c, pci_fixup_video).
VIDEO_ROM_SHADOW = 0xc0000
VIDEO_ROM_SHADOW_SIZE = 0x20000


def parse_dump(lines):
    """[(depth, start, end, name)] from /proc/ioports- or iomem-style lines."""
    out = []
    for line in lines:
        m = re.match(r"^( *)([0-9a-f]+)-([0-9a-f]+) : (.*)$", line)
        if m:
            out.append((len(m.group(1)) // 2, int(m.group(2), 16),
                        int(m.group(3), 16), m.group(4)))
    return out


def trees(vm):
    """The ioports and iomem dumps of a running VM's shell, parsed.
    Returns (ioports, iomem, how). No `ioports` command is a failure of the
    caller's checks (empty dumps), never a reason to look elsewhere."""
    return (parse_dump(vm.cmd("ioports").split("\n")),
            parse_dump(vm.cmd("iomem").split("\n")), "shell")


def compare(t, label, qemu, ours, ioports, iomem):
    """One TAP check per function and aspect: porthole against QEMU."""
    t.ok(sorted(qemu) == sorted(ours),
         "%s: the same functions (%s)" % (label, " ".join(sorted(qemu))),
         "QEMU: %s\nporthole: %s" % (sorted(qemu), sorted(ours)))
    entries = set((s, e, n) for _, s, e, n in ioports + iomem)
    for name in sorted(qemu):
        q, o = qemu[name], ours.get(name)
        if o is None:
            continue
        # QEMU prints an unnamed class as "Class" and the code in decimal.
        cls = QEMU_CLASS_NAMES.get(o["class"], "Class %04d" % o["class"])
        t.ok(q.get("id") == o["id"] and q.get("class_desc") == cls,
             "%s %s: id %s, class %04x" % (label, name, o["id"], o["class"]),
             "QEMU: %s %s\nporthole: %s" % (q.get("id"), q.get("class_desc"), o["first"]))
        if o.get("msi"):
            # QEMU shows the Interrupt Line register, the firmware's INTx
            # line; lspci, as on Linux, the MSI's line while MSI is on.
            t.ok(q["pin"] == o["pin"] and o["irq"] is not None and o["irq"] >= 16 and
                 o["irq"] != q["irq"],
                 "%s %s: interrupt pin %s, on MSI: IRQ %s, not the INTx line %s" %
                 (label, name, o["pin"], o["irq"], q["irq"]),
                 "QEMU: %s %s porthole: %s %s" % (q["irq"], q["pin"], o["irq"], o["pin"]))
        else:
            t.ok((q["irq"], q["pin"]) == (o["irq"], o["pin"]),
                 "%s %s: interrupt pin %s IRQ %s" % (label, name, o["pin"], o["irq"]),
                 "QEMU: %s %s porthole: %s %s" % (q["irq"], q["pin"], o["irq"], o["pin"]))
        # An IDE channel in compatibility mode (prog-if bit 0 or 2 clear)
        # decodes the fixed ISA ports, given as Regions 0-3 as Linux does.
        legacy_ide = o["class"] == 0x0101 and (o["prog_if"] & 5) != 5
        bad = []
        for n, (start, end) in sorted(q["bars"].items()):
            mine = o["rom"] if n == 6 else o["regions"].get(n)
            if n == 6 and o["class"] == 0x0300 and mine and mine[0] == VIDEO_ROM_SHADOW:
                # The boot VGA (drivers/pci/video_rom.c): its ROM is the
                # BIOS's copy at 0xc0000 (128K, as Linux's lspci shows);
                # the BAR itself is not claimed in the tree.
                if mine[1] != VIDEO_ROM_SHADOW_SIZE or any(
                        n_ == "0000:" + name and s_ <= start <= e_ and start != UNMAPPED
                        for s_, e_, n_ in entries):
                    bad.append("BAR6 (boot VGA): want the shadow at c0000 [size=128K] "
                               "and no tree entry, porthole %s" % (mine,))
                continue
            if start == UNMAPPED:
                # Decoding off (a disabled ROM): QEMU prints the size - 2.
                if mine is None or mine[1] != end + 2:
                    bad.append("BAR%d: QEMU size %#x, porthole %s" % (n, end + 2, mine))
                continue
            if mine is None or mine[0] != start or mine[0] + mine[1] - 1 != end:
                bad.append("BAR%d: QEMU %#x-%#x, porthole %s" % (n, start, end, mine))
            elif (start, end, "0000:" + name) not in entries:
                bad.append("BAR%d %#x-%#x not in the tree as 0000:%s" % (n, start, end, name))
        for n in o["regions"]:
            if n not in q["bars"] and not (legacy_ide and n < 4):
                bad.append("porthole has Region %d, QEMU no BAR%d" % (n, n))
        t.ok(not bad, "%s %s: every BAR range as QEMU maps it, in the tree as 0000:%s"
             % (label, name, name), "\n".join(bad))
        if "secondary" in q:
            wbad = []
            if (q["secondary"], q["subordinate"]) != (o.get("secondary"), o.get("subordinate")):
                wbad.append("buses: QEMU %s-%s porthole %s-%s" % (
                    q["secondary"], q["subordinate"], o.get("secondary"), o.get("subordinate")))
            for kind, (start, end) in q["windows"].items():
                want = (start, end) if start <= end else None
                if o["windows"].get(kind) != want:
                    wbad.append("%s window: QEMU %s porthole %s" % (kind, want, o["windows"].get(kind)))
                elif want and (start, end, "PCI Bus 0000:%02x" % q["secondary"]) not in entries:
                    wbad.append("%s window %#x-%#x not in the tree" % (kind, start, end))
            t.ok(not wbad, "%s %s: bridge bus numbers and windows as QEMU has them"
                 % (label, name), "\n".join(wbad))


def expected_tree(qemu):
    """The `lspci -t` drawing pciutils makes of QEMU's functions (ls-tree.c:
    one line buffer; '+-' before all but the last device of a bus, '\\-'
    before the last, '--' before an only child, '-[SS]-' and one more '-'
    through a bridge; after each printed line every character of the buffer
    turns blank except '+' and '|', which become '|')."""
    out, buf = [], []

    def write(pos, text):
        del buf[pos:]
        buf.extend(text)
        return pos + len(text)

    def print_it(pos):
        out.append("".join(buf[:pos]))
        for i in range(pos):
            buf[i] = "|" if buf[i] in "+|" else " "

    def show_bus(bus, pos):
        devs = sorted(k for k in qemu if int(k[:2], 16) == bus)
        if not devs:
            print_it(pos)
        elif len(devs) == 1:
            show_dev(devs[0], write(pos, "--"))
        else:
            for i, d in enumerate(devs):
                show_dev(d, write(pos, "\\-" if i == len(devs) - 1 else "+-"))

    def show_dev(name, pos):
        q = qemu[name]
        pos = write(pos, name[3:])
        if "secondary" in q:
            sec, sub = q["secondary"], q["subordinate"]
            pos = write(pos, ("-[%02x]-" % sec if sec == sub else
                              "-[%02x-%02x]-" % (sec, sub)) + "-")
            show_bus(sec, pos)
        else:
            print_it(pos)

    show_bus(0, write(0, "-[0000:00]-"))
    return out
