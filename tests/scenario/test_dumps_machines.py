#!/usr/bin/env python3
"""Every line of `ioports` and `iomem`, on every machine the tests boot,
explained and checked against QEMU's own view (issue 12's acceptance).

On pc the dumps equal Linux's reference line for line (test_resource,
test_acpi). Elsewhere there is no Linux capture to compare with, so each
line must be explained the way Linux would make it - by a firmware table
(E820, the ACPI FADT/MADT/HPET/MCFG/DSDT), a PCI BAR or bridge window, a
driver's claim, or Linux's own fixed list of legacy ranges - and the range
must agree with what QEMU itself reports through its monitor:

  - `info mtree` (not flattened): the regions of the I/O and memory
    address spaces, each with its device model's name (serial, pic, pit,
    i8042-data, rtc, acpi-evt, ioapic, hpet, pcie-mmcfg-mmio, pc.rom...);
  - `info pci`: every BAR and bridge window;
  - the E820 map the firmware handed over (the boot's BIOS-e820 lines),
    for System RAM and Reserved, with RAM inside QEMU's ram-below-4g.

A line that matches no rule is a failure (nothing is skipped silently).
The tree's shape is checked too: each line lies inside its parent,
siblings are sorted and disjoint (so each line's depth is the one Linux's
resource tree would give it), and where two lines have the same range the
outer one must be the one Linux puts outside (a bus window around a BAR, a
BAR around its driver's claim, MMCONFIG around its E820 Reserved, HPET 0
around PNP0103:00). And the other way round: each QEMU device that Linux
claims (serial, 8259s, 8254, i8042, RTC, DMA, PCI conf1, the ACPI blocks,
the I/O APIC, HPET, MMCONFIG, fw_cfg, every BAR) must have its line.

Machines, as issue 12 lists them: pc, q35, a PCI-to-PCI bridge with a card
behind it, two disks and a CD, many PCI devices (88 functions, 16 behind a
bridge), isapc, -nodefaults; and pc with acpi=off (the tables ignored, as
on isapc, but a PCI bus). porthole's own lines (Kernel code/rodata/
data/bss, isa-debug-exit) are allowed, and checked to be where they say.
"""
import os
import re
import sys
import tempfile

from vm import VM, TAP
import pci_view

t = TAP()

# ---- QEMU's view ----

MTREE_LINE = re.compile(r"^(\s*)([0-9a-f]{16})-([0-9a-f]{16}) \(prio -?\d+, [\w/-]+\): (.*)$")


def parse_mtree(text):
    """{"io": [(start, end, name)], "mem": [...]} from `info mtree`: every
    region of the first I/O and the first memory address space, at any
    depth; an alias is named by its own name ("ram-below-4g")."""
    spaces, cur = {"io": [], "mem": []}, None
    for line in text.split("\n"):
        if line.startswith("address-space: "):
            name = line[len("address-space: "):].strip()
            cur = {"I/O": "io", "memory": "mem"}.get(name)
            if cur and spaces[cur]:
                cur = None  # a second copy (cpu-memory-0): skip
            continue
        if not line.strip():
            cur = None
            continue
        m = MTREE_LINE.match(line)
        if cur and m:
            desc = m.group(4)
            if desc.startswith("alias "):
                desc = desc[len("alias "):].split(" @", 1)[0]
            spaces[cur].append((int(m.group(2), 16), int(m.group(3), 16), desc))
    return spaces


def e820(boot):
    """[(start, end, type)] from the boot's BIOS-e820 lines."""
    return [(int(a, 16), int(b, 16), kind) for a, b, kind in re.findall(
        r"^BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (\w+)", boot, re.M)]


# ---- porthole's view, as a tree ----

def parse_tree(text):
    """[{depth, start, end, name, parent (index or None)}] of a dump."""
    nodes, stack = [], []
    for depth, s, e, name in pci_view.parse_dump(text.split("\n")):
        while stack and nodes[stack[-1]]["depth"] >= depth:
            stack.pop()
        nodes.append(dict(depth=depth, start=s, end=e, name=name,
                          parent=stack[-1] if stack else None))
        stack.append(len(nodes) - 1)
    return nodes


def shape_problems(nodes, limit):
    """Lines outside their parent, or overlapping / unsorted siblings."""
    bad = []
    last_child = {}
    for i, n in enumerate(nodes):
        p = n["parent"]
        lo, hi = (nodes[p]["start"], nodes[p]["end"]) if p is not None else (0, limit)
        if not lo <= n["start"] <= n["end"] <= hi:
            bad.append("%x-%x %s lies outside its parent %x-%x" % (n["start"], n["end"], n["name"], lo, hi))
        prev = last_child.get(p)
        if prev is not None and nodes[prev]["end"] >= n["start"]:
            bad.append("%x-%x %s overlaps or precedes its sibling %x-%x %s" % (
                n["start"], n["end"], n["name"], nodes[prev]["start"], nodes[prev]["end"],
                nodes[prev]["name"]))
        last_child[p] = i
    return bad


DRIVERS = {"ata_piix", "e1000", "ahci", "ne2k", "ata", "edu"}
# Equal ranges nested: (outer, inner) as Linux orders them.
EQUAL_NESTING = [
    (r"PCI Bus 0000:[0-9a-f]{2}", r"0000:.*|Video RAM area"),
    (r"0000:.*", "|".join(sorted(DRIVERS))),
    (r"PCI MMCONFIG .*", r"Reserved"),
    (r"Reserved", r"System ROM|pnp 00:[0-9a-f]{2}"),
    (r"HPET \d+", r"PNP0103:00"),
]


def equal_nesting_problems(nodes):
    bad = []
    for n in nodes:
        p = n["parent"]
        if p is None or (nodes[p]["start"], nodes[p]["end"]) != (n["start"], n["end"]):
            continue
        outer = nodes[p]["name"]
        if not any(re.fullmatch(o, outer) and re.fullmatch(i, n["name"]) for o, i in EQUAL_NESTING):
            bad.append("%x-%x: '%s' inside '%s' with the same range, which Linux does not do"
                       % (n["start"], n["end"], n["name"], outer))
    return bad


# ---- the rules: why each line exists, checked against QEMU ----

class Machine:
    def __init__(self, label, boot, io, mem, mtree, pci):
        self.label, self.boot = label, boot
        self.io, self.mem = parse_tree(io), parse_tree(mem)
        q = parse_mtree(mtree)
        self.qio, self.qmem = q["io"], q["mem"]
        self.pci = pci_view.parse_info_pci(pci)
        self.e820 = e820(boot)
        self.acpi = re.search(r"^ACPI: RSDP 0x", boot, re.M) is not None

    # QEMU regions by name
    def regions(self, space, name):
        return [(s, e) for s, e, n in (self.qio if space == "io" else self.qmem) if n == name]

    def equals(self, space, name, s, e):
        return (s, e) in self.regions(space, name)

    def holds(self, space, name, s, e):
        """A QEMU region @name lies inside porthole's s-e."""
        return any(s <= a and b <= e for a, b in self.regions(space, name))

    def inside(self, space, name, s, e):
        """porthole's s-e lies inside a QEMU region @name."""
        return any(a <= s and e <= b for a, b in self.regions(space, name))

    def one(self, space, name):
        r = self.regions(space, name)
        return r[0] if r else None

    def bars(self, name):
        """info pci's BAR ranges of function "BB:DD.F" (decoding ones)."""
        d = self.pci.get(name)
        if not d:
            return []
        return [r for r in d["bars"].values() if r[0] != pci_view.UNMAPPED]

    def rom_bar(self, fn, s, e):
        """A ROM BAR the firmware placed but left disabled: QEMU's info pci
        shows no address then, only the size (printed as size - 2). Linux
        still claims the address the BAR holds; it must be aligned to that
        size."""
        d = self.pci.get(fn)
        r = d and d["bars"].get(6)
        if not r or r[0] != pci_view.UNMAPPED:
            return False
        size = r[1] + 2
        return e - s + 1 == size and s % size == 0

    def bridge_windows(self, bus):
        for d in self.pci.values():
            if d.get("secondary") == bus:
                return [r for r in d["windows"].values() if r[0] <= r[1]]
        return []

    def parent_name(self, nodes, n):
        return nodes[n["parent"]]["name"] if n["parent"] is not None else None

    # -- I/O space
    def explain_io(self, n):
        s, e, name = n["start"], n["end"], n["name"]
        parent = self.parent_name(self.io, n)
        fixed = {  # Linux's standard_io_resources (arch/x86/kernel/setup.c)
            "dma1": ((0x00, 0x1f), "dma-chan"), "pic1": ((0x20, 0x21), "pic"),
            "timer0": ((0x40, 0x43), "pit"), "timer1": ((0x50, 0x53), None),
            "dma page reg": ((0x80, 0x8f), "dma-page"), "pic2": ((0xa0, 0xa1), "pic"),
            "dma2": ((0xc0, 0xdf), "dma-cont"), "fpu": ((0xf0, 0xff), "ioportF0"),
        }
        if name in fixed:
            rng, model = fixed[name]
            ok = (s, e) == rng and (model is None or self.holds("io", model, s, e))
            return ok, "Linux's fixed legacy range%s" % (
                ", holding QEMU's %s" % model if model else " (no device: Linux reserves it anyway)")
        if name == "keyboard":
            return (self.equals("io", "i8042-data", s, e) or self.equals("io", "i8042-cmd", s, e),
                    "i8042 (Linux's fixed list), QEMU's i8042-data/i8042-cmd")
        if name == "rtc0":
            rtc = self.one("io", "rtc")
            want_end = 0x77 if self.acpi else 0x71  # the _CRS's 8 ports, else the chip's 2
            return (rtc and s == rtc[0] and e == want_end and rtc[1] <= e,
                    "RTC driver over %s, QEMU's rtc %s" % ("its _CRS" if self.acpi else "0070-0071", rtc))
        if name == "vga+":
            return ((s, e) == (0x3c0, 0x3df) and any(
                a <= e and s <= b for a, b, q in self.qio if q in ("vga", "cirrus-io")),
                "Linux's VGA range (video_rom/vgacon), where QEMU's vga/cirrus-io decodes")
        if name in ("serial", "isa-debug-exit"):
            return self.equals("io", name, s, e), "driver claim, QEMU's %s" % name
        if name == "QEMU0002:00":
            fw, dma = self.one("io", "fwcfg"), self.one("io", "fwcfg.dma")
            return (self.acpi and fw and s == fw[0] and e == (dma or fw)[1],
                    "ACPI fw_cfg device's _CRS, QEMU's fwcfg%s" % (" + fwcfg.dma" if dma else ""))
        acpi_blocks = {"ACPI PM1a_EVT_BLK": "acpi-evt", "ACPI PM1a_CNT_BLK": "acpi-cnt",
                       "ACPI PM_TMR": "acpi-tmr", "ACPI GPE0_BLK": "acpi-gpe0"}
        if name in acpi_blocks:
            return (self.acpi and self.equals("io", acpi_blocks[name], s, e),
                    "FADT block, QEMU's %s" % acpi_blocks[name])
        if name == "PCI conf1":
            idx, data = self.one("io", "pci-conf-idx"), self.one("io", "pci-conf-data")
            return (idx and data and (s, e) == (idx[0], data[1]),
                    "mechanism #1, QEMU's pci-conf-idx + pci-conf-data")
        if name == "PCI Bus 0000:00":
            idx, data = self.one("io", "pci-conf-idx"), self.one("io", "pci-conf-data")
            return (self.acpi and idx and data and n["depth"] == 0 and
                    ((s, e) == (0, idx[0] - 1) or (s, e) == (data[1] + 1, 0xffff)),
                    "host bridge _CRS: all ports but QEMU's pci-conf-idx/data")
        m = re.fullmatch(r"PCI Bus 0000:([0-9a-f]{2})", name)
        if m:
            return ((s, e) in self.bridge_windows(int(m.group(1), 16)),
                    "bridge window from info pci")
        m = re.fullmatch(r"0000:(.*)", name)
        if m:
            fn = m.group(1)
            bus = fn[:2]
            under = parent == "PCI Bus 0000:%s" % bus or (
                parent is None and not any(x["name"] == "PCI Bus 0000:%s" % bus
                                           and x["start"] <= s and e <= x["end"] for x in self.io))
            if (s, e) in self.bars(fn):
                return under, "BAR from info pci, under its bus's window"
            if self.equals("io", "ide", s, e):
                return under, "IDE compatibility range, QEMU's ide"
            for model in ("piix4-pm", "ich9-pm", "pm-smbus"):
                # the chipset's PM/SMBus base registers (Linux's PIIX4/ICH
                # quirks): the range starts where QEMU's model does
                r = self.one("io", model)
                if r and s == r[0] and e <= r[1]:
                    return under, "chipset quirk range, QEMU's %s %x-%x" % (model, r[0], r[1])
            return False, "no BAR, IDE range or chipset range of %s in QEMU's view" % fn
        if name in DRIVERS:
            p = self.io[n["parent"]] if n["parent"] is not None else None
            if name == "ata" and p is None:
                return self.equals("io", "ide", s, e), "ISA IDE driver claim, QEMU's ide"
            return (p is not None and p["name"].startswith("0000:") and (p["start"], p["end"]) == (s, e),
                    "driver claim of its function's range")
        return False, "no rule explains this line"

    # -- memory
    def explain_mem(self, n):
        s, e, name = n["start"], n["end"], n["name"]
        parent = self.parent_name(self.mem, n)
        ram = self.one("mem", "ram-below-4g")
        if name == "Reserved":
            if (s, e) == (0, 0xfff):
                return parent is None, "page 0 (Linux keeps the BIOS's first page)"
            return (any((s, e) == (a, b) and k == "reserved" for a, b, k in self.e820),
                    "E820 reserved")
        if name == "System RAM":
            ok = any(k == "usable" and (a, b) in ((s, e), (0, e) if s == 0x1000 else (None, None))
                     for a, b, k in self.e820)
            return ok and ram and ram[0] <= s and e <= ram[1], "E820 usable, in QEMU's ram-below-4g"
        if name.startswith("Kernel "):
            return parent == "System RAM", "porthole's own image, in System RAM"
        if name == "Video RAM area":
            # Linux's video_ram_resource, requested whether or not a VGA
            # is there; where one is, QEMU's VGA model decodes the window
            vga = self.regions("mem", "vga-lowmem") + self.regions("mem", "cirrus-low-memory")
            return ((s, e) == (0xa0000, 0xbffff) and (not vga or (s, e) in vga),
                    "Linux's fixed legacy VGA window%s" % (", QEMU's VGA low memory" if vga else
                                                           " (no VGA here: Linux claims it anyway)"))
        if name == "Video ROM":
            return s == 0xc0000 and self.inside("mem", "pc.rom", s, e), "ROM at c0000, QEMU's pc.rom"
        if name == "Adapter ROM":
            # Linux's probe_roms looks on 2 KiB steps up to the System
            # ROM at f0000; SeaBIOS sometimes leaves a ROM image in the
            # e-segment, which QEMU maps from the BIOS file (isa-bios)
            return (e < 0xf0000 and (self.inside("mem", "pc.rom", s, e) or self.inside("mem", "isa-bios", s, e)),
                    "ROM scan of c0000-effff, QEMU's pc.rom or isa-bios")
        if name == "System ROM":
            return (s, e) == (0xf0000, 0xfffff) and self.inside("mem", "isa-bios", s, e), \
                "BIOS, QEMU's isa-bios"
        if name == "PCI Bus 0000:00":
            mmcfg = self.one("mem", "pcie-mmcfg-mmio")
            ioapic = self.one("mem", "ioapic")
            lows = [ram[1] if ram else None] + ([mmcfg[1]] if mmcfg else [])
            highs = ([mmcfg[0]] if mmcfg else []) + ([ioapic[0]] if ioapic else [])
            ok = self.acpi and n["depth"] == 0 and (
                (s, e) == (0xa0000, 0xbffff) or (s - 1 in lows and e + 1 in highs))
            return ok, "host bridge _CRS: VGA window, or from the end of RAM/MMCONFIG to MMCONFIG/IOAPIC"
        m = re.fullmatch(r"PCI Bus 0000:([0-9a-f]{2})", name)
        if m:
            return (s, e) in self.bridge_windows(int(m.group(1), 16)), "bridge window from info pci"
        m = re.fullmatch(r"0000:(.*)", name)
        if m:
            bus = m.group(1)[:2]
            under = parent == "PCI Bus 0000:%s" % bus or (
                parent is None and not any(x["name"] == "PCI Bus 0000:%s" % bus
                                           and x["start"] <= s and e <= x["end"] for x in self.mem))
            return ((s, e) in self.bars(m.group(1)) or self.rom_bar(m.group(1), s, e)) and under, \
                "BAR from info pci, under its bus's window"
        if re.fullmatch(r"IOAPIC \d+", name):
            # Linux claims IO_APIC_SLOT_SIZE (1 KiB) at the MADT's address
            r = self.one("mem", "ioapic")
            return (self.acpi and r and s == r[0] and e - s + 1 == 0x400 and e <= r[1],
                    "MADT I/O APIC, QEMU's ioapic %s" % (r,))
        if re.fullmatch(r"HPET \d+|PNP0103:00", name):
            return self.acpi and self.equals("mem", "hpet", s, e), "HPET table / DSDT, QEMU's hpet"
        if name == "Local APIC":
            r = self.one("mem", "apic-msi")
            return r and s == r[0] and e == s + 0xfff, "MADT Local APIC page, QEMU's apic-msi"
        if name.startswith("PCI MMCONFIG "):
            return self.acpi and self.equals("mem", "pcie-mmcfg-mmio", s, e), "MCFG, QEMU's pcie-mmcfg-mmio"
        if re.fullmatch(r"pnp 00:[0-9a-f]{2}", name):
            return (self.acpi and any(a <= s and e <= b for a, b, _ in self.qmem if _ != "system" and _ != "pci"),
                    "DSDT motherboard resource, inside a QEMU region")
        if name in DRIVERS:
            p = self.mem[n["parent"]] if n["parent"] is not None else None
            return (p is not None and p["name"].startswith("0000:") and (p["start"], p["end"]) == (s, e),
                    "driver claim of its function's BAR")
        return False, "no rule explains this line"

    # -- QEMU devices Linux claims: their lines must be there
    def required(self):
        want = []  # (what, present?)
        names_io = [(n["start"], n["end"], n["name"]) for n in self.io]
        names_mem = [(n["start"], n["end"], n["name"]) for n in self.mem]

        def has(lst, name, pred=lambda s, e: True):
            return any(nm == name and pred(s, e) for s, e, nm in lst)
        for model, lines in (("serial", ["serial"]), ("pit", ["timer0"]),
                             ("i8042-data", ["keyboard"]), ("i8042-cmd", ["keyboard"]),
                             ("rtc", ["rtc0"]), ("dma-chan", ["dma1", "dma2"]),
                             ("dma-cont", ["dma1", "dma2"])):
            for a, b in self.regions("io", model):
                want.append(("QEMU's %s %x-%x has its '%s'" % (model, a, b, "' or '".join(lines)),
                             any(has(names_io, line, lambda s, e: s <= a and b <= e)
                                 for line in lines)))
        pics = self.regions("io", "pic")
        want.append(("QEMU's two 8259s have pic1 and pic2",
                     len(pics) == 2 and has(names_io, "pic1") and has(names_io, "pic2")))
        if self.pci:
            want.append(("QEMU's pci-conf-idx has PCI conf1", has(names_io, "PCI conf1")))
            for fn, d in sorted(self.pci.items()):
                for bar, (a, b) in sorted(d["bars"].items()):
                    if a == pci_view.UNMAPPED or bar == 6:
                        continue  # off, or a ROM (Linux does not claim those here)
                    want.append(("info pci's %s BAR%d %x-%x is a line" % (fn, bar, a, b),
                                 has(names_io + names_mem, "0000:" + fn, lambda s, e: (s, e) == (a, b))))
        if self.acpi:
            for model, line, lst in (("acpi-evt", "ACPI PM1a_EVT_BLK", names_io),
                                     ("acpi-cnt", "ACPI PM1a_CNT_BLK", names_io),
                                     ("acpi-tmr", "ACPI PM_TMR", names_io),
                                     ("acpi-gpe0", "ACPI GPE0_BLK", names_io),
                                     ("fwcfg", "QEMU0002:00", names_io),
                                     ("ioapic", "IOAPIC 0", names_mem), ("hpet", "HPET 0", names_mem),
                                     ("pcie-mmcfg-mmio", "PCI MMCONFIG 0000 [bus 00-ff]", names_mem)):
                if self.regions("io" if lst is names_io else "mem", model):
                    want.append(("QEMU's %s has '%s'" % (model, line), has(lst, line)))
        for model in ("vga-lowmem", "cirrus-low-memory"):
            if self.regions("mem", model):
                want.append(("QEMU's %s has 'Video RAM area'" % model, has(names_mem, "Video RAM area")))
        return want


def check(m):
    for space, nodes, explain, limit in (("ioports", m.io, m.explain_io, 0xffff),
                                         ("iomem", m.mem, m.explain_mem, 0xffffffffffffffff)):
        bad = []
        for n in nodes:
            ok, why = explain(n)
            if not ok:
                bad.append("%s%x-%x : %s  -- %s" % ("  " * n["depth"], n["start"], n["end"], n["name"], why))
        t.ok(nodes and not bad, "%s: every %s line (%d) is explained and agrees with QEMU's view"
             % (m.label, space, len(nodes)), "\n".join(bad))
        shape = shape_problems(nodes, limit) + equal_nesting_problems(nodes)
        t.ok(not shape, "%s: %s nests as Linux's tree would (inside parents, disjoint siblings, "
             "equal ranges in Linux's order)" % (m.label, space), "\n".join(shape))
    missing = [what for what, present in m.required() if not present]
    t.ok(not missing, "%s: every QEMU device Linux claims has its line" % m.label, "\n".join(missing))


def blank_image(d, name, size=4 << 20):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.truncate(size)
    return path


tmp = tempfile.mkdtemp(prefix="porthole-dumps-")
many = ["-device", "pci-bridge,id=br1,chassis_nr=1,addr=0x1f"]
for dev in range(4, 13):
    for fn in range(8):
        many += ["-device", "pci-testdev,addr=%x.%d%s" % (dev, fn, ",multifunction=on" if fn == 0 else "")]
for dev in range(1, 3):
    for fn in range(8):
        many += ["-device", "pci-testdev,bus=br1,addr=%x.%d%s" % (dev, fn, ",multifunction=on" if fn == 0 else "")]
MACHINES = [
    ("pc", dict()),
    ("q35", dict(machine="q35")),
    ("bridge", dict(extra=["-device", "pci-bridge,id=br1,chassis_nr=1",
                           "-device", "e1000,bus=br1,addr=1"])),
    ("two disks and a CD", dict(disk=None, extra=[
        "-drive", "file=%s,format=raw,if=ide,index=0,media=disk" % blank_image(tmp, "a.img"),
        "-drive", "file=%s,format=raw,if=ide,index=1,media=disk" % blank_image(tmp, "b.img"),
        "-drive", "if=ide,index=2,media=cdrom"])),
    ("many PCI devices", dict(extra=many, timeout=120)),
    ("isapc", dict(machine="isapc", nic=None, extra=["-cpu", "qemu32"])),
    ("pc acpi=off", dict(append="acpi=off")),
    ("nodefaults", dict(extra=["-nodefaults"], nic=None)),
]

try:
    for label, kw in MACHINES:
        kw.setdefault("timeout", 60)
        with VM(**kw) as vm:
            boot = vm.wait_prompt(kw["timeout"])
            m = Machine(label, boot, vm.cmd("ioports"), vm.cmd("iomem"),
                        vm.monitor("info mtree"), vm.monitor("info pci"))
            check(m)
finally:
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
sys.exit(t.done())
