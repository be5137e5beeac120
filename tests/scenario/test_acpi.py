#!/usr/bin/env python3
"""ACPI tables and the dump lines they explain (kernel/acpi/, docs/acpi.md).

Checked against ground truth, not numbers typed here:
- pc: the boot's table list and MADT/HPET lines are Linux's block from
  tests/reference/linux-pc-firmware.txt, line for line and in order;
  `acpi` prints the same list; `acpi SIG` hexdumps exactly the bytes QEMU's
  memory holds at that table's address (monitor `xp`);
- pc: `ioports` and `iomem` equal Linux's /proc/ioports and /proc/iomem
  (tests/reference/linux-pc.txt) line for line, depth included, apart from
  porthole's own lines (kernel image, isa-debug-exit) and the option ROMs
  (compared with QEMU's memory by test_resource); the drivers' claims
  (ata_piix, e1000, rtc0) are compared too;
- q35: each ACPI line (FADT blocks, IOAPIC, HPET, Local APIC, MMCONFIG)
  starts where QEMU's own memory map (`info mtree -f`) puts that device;
- acpi=off and isapc: no ACPI line anywhere, one line saying why, the
  same PCI view; an SSDT added with -acpitable is listed and changes
  nothing else; bad arguments to `acpi` give one line.
"""
import re
import sys

from vm import VM, TAP, ROOT
import os

t = TAP()
REF_DIR = os.path.join(ROOT, "tests", "reference")
# Claims of drivers porthole does not have (yet): name -> why.
OWN = re.compile(r"^(Kernel (code|rodata|data|bss)|isa-debug-exit|Adapter ROM)$")
LINE = re.compile(r"^( *)([0-9a-f]+)-([0-9a-f]+) : (.+)$")


def ref_section(name):
    text = open(os.path.join(REF_DIR, "linux-pc.txt")).read()
    return re.search(r"=== %s ===\n(.*?)\n===" % re.escape(name), text, re.S).group(1).split("\n")


def ref_firmware_block():
    text = open(os.path.join(REF_DIR, "linux-pc-firmware.txt")).read()
    lines = text.split("\n")
    first = next(i for i, l in enumerate(lines) if l.startswith("ACPI: RSDP"))
    last = next(i for i, l in enumerate(lines) if l.startswith("ACPI: HPET id:"))
    return lines[first:last + 1]


def comparable(lines):
    """Drop porthole's own lines (its image, its exit port); a dropped
    line's children move up one level, as they would in a tree without
    it. Every driver Linux's dump names (ata_piix, e1000, rtc0, ...) has
    its porthole counterpart now, so nothing else is left out."""
    out, dropped = [], []  # dropped: depths of dropped ancestors
    for l in lines:
        m = LINE.match(l)
        if not m:
            continue
        depth = len(m.group(1)) // 2
        while dropped and dropped[-1] >= depth:
            dropped.pop()
        name = m.group(4)
        drop = OWN.match(name)
        if drop:
            dropped.append(depth)
            continue
        shift = len(dropped)
        out.append("  " * (depth - shift) + l.strip())
    return out


def diff(ours, want):
    import difflib
    return "\n".join(difflib.unified_diff(want, ours, "linux", "porthole", lineterm=""))


# ---- pc: the boot lines, the list, the hexdump, the dumps ----
with VM(machine="pc") as vm:
    boot = vm.wait_prompt()
    block = ref_firmware_block()
    blines = boot.replace("\r", "").split("\n")
    starts = [i for i, l in enumerate(blines) if l == block[0]]
    got = blines[starts[0]:starts[0] + len(block)] if starts else []
    t.ok(got == block, "pc: the boot's ACPI lines are Linux's block (%d lines)" % len(block),
         diff(got, block))
    listing = vm.cmd("acpi").rstrip("\n").split("\n")
    tables = [l for l in block if re.match(r"ACPI: [A-Z0-9_]{4} 0x", l)]
    t.ok(listing == tables, "pc: `acpi` lists the tables as Linux's boot log", diff(listing, tables))

    for sig in ("APIC", "FACP", "RSDP", "FACS"):
        line = next(l for l in tables if l.startswith("ACPI: %s " % sig))
        addr, length = int(line.split()[2], 16), int(line.split()[3], 16)
        dump = vm.cmd("acpi %s" % sig)
        body = bytes(int(b, 16) for l in dump.split("\n")
                     if re.match(r"^    [0-9A-F]{4}: ", l)
                     for b in l[10:10 + 48].split())
        xp = vm.monitor("xp /%dxb 0x%x" % (length, addr))
        mem = bytes(int(b, 16) for l in xp.split("\n") if ":" in l
                    for b in l.split(":", 1)[1].split())
        t.ok(dump.startswith("%s @ 0x%016X\n" % (sig, addr)) and body == mem and len(body) == length,
             "pc: `acpi %s` hexdumps the %d bytes QEMU holds at 0x%x" % (sig, length, addr),
             dump[:400] + "\nxp:\n" + xp[:400])

    # The host bridge's windows above 4 GiB (from its _CRS, as `acpi ns`
    # decodes it) are each named in one boot line and left out.
    ns = vm.cmd("acpi ns", timeout=60)
    high = re.findall(r"^  mem 0x([0-9a-f]{9,})-0x([0-9a-f]+) window$", ns, re.M)
    said = re.findall(r"^ACPI: PCI Bus 0000:00: window \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] lies above 4 GiB",
                      boot, re.M)
    t.ok(high and said == high and not any(l.startswith("%s-" % h[0]) for h in high
                                           for l in vm.cmd("iomem").split("\n")),
         "pc: each host bridge window above 4 GiB (%s) is one boot line and not in iomem" % high,
         "ns: %s\nboot said: %s" % (high, said))

    verbose = vm.cmd("acpi -v")
    t.ok("PM1a_CNT_BLK    io 0x604-0x605 (2 bytes)" in verbose and "RESET_REG       none" in verbose
         and "ACPI: LAPIC (acpi_id[0x00] lapic_id[0x00] enabled)" in verbose,
         "pc: `acpi -v` decodes the FADT blocks, no reset register (rev 1), every MADT entry",
         verbose[:1500])

    # Ctrl-C stops a long hexdump (the DSDT) between lines, in one line.
    # Ctrl-C goes once the dump has begun. On a loaded host the whole dump
    # (some 30 KB) can be out before the byte arrives; the Ctrl-C then
    # lands at the prompt, so resynchronise on a marker and try again.
    tries = []
    for attempt in range(5):
        vm.write("acpi DSDT\r")
        vm.wait_for(r"DSDT @ 0x", 30)
        vm.write("\x03")
        out = vm.wait_for(r"porthole> ", 30)
        m = re.search(r"^acpi: interrupted after (\d+) of (\d+) bytes$", out, re.M)
        tries.append(out[-300:])
        if m:
            break
        # Past the Ctrl-C's own prompt: the marker's echo, then its prompt.
        vm.write("echo-len resync %d\r" % attempt)
        vm.wait_for(r"echo-len resync %d\r?\n" % attempt, 10)
        vm.wait_for(r"porthole> ", 10)
    t.ok(m is not None and int(m.group(1)) < int(m.group(2)),
         "pc: Ctrl-C stops `acpi DSDT` and says how far it got",
         "%d tries:\n%s" % (len(tries), "\n----\n".join(tries)))

    for bad, want in (("acpi NOPE", "acpi: no table NOPE"), ("acpi TOOLONG", "usage: acpi"),
                      ("acpi APIC x", "usage: acpi"), ("acpi APIC 1", "acpi: no table APIC (instance 1)")):
        out = vm.cmd(bad).rstrip("\n")
        t.ok(out.count("\n") == 0 and out.startswith(want), "%s: one line" % bad, out)

    io = vm.cmd("ioports").rstrip("\n").split("\n")
    mem = vm.cmd("iomem").rstrip("\n").split("\n")
    for kind, ours, ref in (("ioports", io, ref_section("/proc/ioports")),
                            ("iomem", mem, ref_section("/proc/iomem"))):
        a, b = comparable(ours), comparable(ref)
        t.ok(a == b and len(b) > 10,
             "pc: %s equals Linux's line for line (%d lines, porthole's own left out)"
             % (kind, len(b)),
             diff(a, b))
    pc_lspci = vm.cmd("lspci")
    lspci_v = vm.cmd("lspci -v")
    vga = lspci_v.split("00:02.0 ")[1].split("\n\n")[0]
    ref_vga = open(os.path.join(REF_DIR, "linux-pc.txt")).read().split("00:02.0 ")[1].split("\n\n")[0]
    want_rom = [l for l in ref_vga.split("\n") if "Expansion ROM" in l]
    t.ok(want_rom and want_rom[0] in vga,
         "pc: the boot VGA's ROM is the copy at 0xc0000, as Linux's lspci shows", vga)
    qpci = vm.monitor("info pci")
    m = re.search(r"VGA controller.*?ROM at 0x([0-9a-f]+) \[", qpci, re.S)
    t.ok(m is None or not any(l.startswith("  %08x-" % int(m.group(1), 16)) or
                              l.startswith("%08x-" % int(m.group(1), 16)) for l in mem),
         "pc: the VGA's ROM BAR address is not claimed in iomem", qpci[-800:])
    plain_io, plain_mem = io, mem

# ---- q35: each ACPI line where QEMU's memory map has the device ----
with VM(machine="q35") as vm:
    vm.wait_prompt()
    io = vm.cmd("ioports")
    mem = vm.cmd("iomem")
    mtree = vm.monitor("info mtree -f")

    def qemu_range(name):
        m = re.search(r"^\s*([0-9a-f]{16})-([0-9a-f]{16}) \(prio [-0-9]+, i/o\): %s$" % re.escape(name),
                      mtree, re.M)
        return (int(m.group(1), 16), int(m.group(2), 16)) if m else None

    def ours(text, name):
        for l in text.split("\n"):
            m = LINE.match(l)
            if m and m.group(4) == name:
                return int(m.group(2), 16), int(m.group(3), 16)
        return None

    for our_name, qname, text, same_end in (
            ("ACPI PM1a_EVT_BLK", "acpi-evt", io, True), ("ACPI PM1a_CNT_BLK", "acpi-cnt", io, True),
            ("ACPI PM_TMR", "acpi-tmr", io, True), ("ACPI GPE0_BLK", "acpi-gpe0", io, True),
            ("PCI MMCONFIG 0000 [bus 00-ff]", "pcie-mmcfg-mmio", mem, True),
            ("IOAPIC 0", "ioapic", mem, False), ("HPET 0", "hpet", mem, True),
            ("Local APIC", "apic-msi", mem, False)):
        o, q = ours(text, our_name), qemu_range(qname)
        t.ok(o and q and o[0] == q[0] and (o[1] == q[1] or not same_end),
             "q35: '%s' %s QEMU's %s %s" % (our_name, o and "%x-%x" % o, qname, q and "%x-%x" % q))
    t.ok(re.search(r"^b0000000-bfffffff : PCI MMCONFIG 0000 \[bus 00-ff\]\n  b0000000-bfffffff : Reserved$",
                   mem, re.M) is not None,
         "q35: MMCONFIG wraps the E820 Reserved range it came in", mem)
    t.ok(re.search(r"^  0600-067f : 0000:00:1f.0\n    0600-0603 : ACPI PM1a_EVT_BLK$", io, re.M) is not None,
         "q35: the FADT blocks nest in the ICH9 LPC's ACPI range, under the bus window", io)

# ---- without ACPI: acpi=off, isapc ----
for machine, append, extra in (("pc", "acpi=off", []), ("isapc", "", ["-cpu", "qemu32"])):
    with VM(machine=machine, append=append, nic=None if machine == "isapc" else "e1000",
            extra=extra) as vm:
        boot = vm.wait_prompt()
        io, mem = vm.cmd("ioports"), vm.cmd("iomem")
        acpi_lines = [l for l in boot.split("\n") if l.startswith("ACPI:")]
        t.ok(len(acpi_lines) == 1, "%s %s: one ACPI line at boot: %s" % (machine, append, acpi_lines))
        t.ok(not re.search(r": (ACPI |PCI Bus |IOAPIC|HPET|Local APIC|QEMU0002|PNP0)", io + mem),
             "%s %s: no line from the tables in the dumps" % (machine, append), io + mem)
        out = vm.cmd("acpi").rstrip("\n")
        t.ok(out.count("\n") == 0 and "no ACPI tables" in out, "%s %s: `acpi` says so in one line"
             % (machine, append), out)
        if append:
            t.ok(vm.cmd("lspci") == pc_lspci, "acpi=off: lspci unchanged")
            # rtc0 is the one line that changes meaning, not presence: its
            # range is the _CRS's with ACPI, the chip's two ports without.
            strip = lambda lines: [l.strip() for l in lines if not re.search(
                r": (ACPI |PCI Bus |IOAPIC|HPET|Local APIC|QEMU0002|PNP0|rtc0$)", l)]
            t.ok(strip(io.rstrip("\n").split("\n")) == strip(plain_io),
                 "acpi=off: every other ioports line as with ACPI (rtc0 aside)", io)

# ---- an SSDT with broken AML, through QEMU's -acpitable ----
import tempfile
tmp = tempfile.mkdtemp(prefix="porthole-acpi-")
body = os.path.join(tmp, "bad.aml")
with open(body, "wb") as f:
    # ScopeOp with a package length far past the table, then garbage.
    f.write(bytes([0x10, 0x8f, 0xff, 0x5c, 0x5f, 0x53, 0x42, 0x5f, 0xff, 0xff]))
with VM(machine="pc", extra=["-acpitable", "sig=SSDT,oem_id=PORTHL,data=%s" % body]) as vm:
    boot = vm.wait_prompt()
    listing = vm.cmd("acpi")
    io = vm.cmd("ioports").rstrip("\n").split("\n")
    mem = vm.cmd("iomem").rstrip("\n").split("\n")
    t.ok(re.search(r"^ACPI: SSDT 0x[0-9A-F]{16} 00002E \(v01 PORTHL ", listing, re.M) is not None,
         "-acpitable: the SSDT is listed in Linux's format", listing)
    t.ok(io == plain_io and mem == plain_mem,
         "-acpitable: a broken SSDT changes no dump line", diff(io + mem, plain_io + plain_mem))
os.unlink(body)
os.rmdir(tmp)
sys.exit(t.done())
