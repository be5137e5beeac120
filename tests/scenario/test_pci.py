#!/usr/bin/env python3
"""PCI on the default machine (the one tests/reference/linux-pc.txt
describes): lspci line for line against Linux's lspci, the -v lines Linux
also prints, every function/id/class/IRQ/BAR against QEMU's `info pci`,
every 0000: line of Linux's /proc/ioports and /proc/iomem in porthole's
trees, the -t drawing, and the config-space argument errors of pcicfg.
A machine without PCI (isapc) says so."""
import re
import sys

from vm import VM, TAP, REFERENCE
import pci_view

t = TAP()


def reference():
    text = open(REFERENCE).read()
    lspci = text.split("=== lspci -nn -vv ===")[1]
    blocks = [b for b in lspci.strip("\n").split("\n\n") if b.strip()]
    ioports = text.split("=== /proc/ioports ===")[1].split("===")[0]
    iomem = text.split("=== /proc/iomem ===")[1].split("===")[0]
    return blocks, pci_view.parse_dump(ioports.split("\n")), \
        pci_view.parse_dump(iomem.split("\n"))


ref_blocks, ref_io, ref_mem = reference()
ref_first = [b.split("\n")[0] for b in ref_blocks]

with VM() as vm:
    boot = vm.wait_prompt()
    m = re.search(r"pci: (\d+) functions found through mechanism #1", boot)
    t.ok(m and int(m.group(1)) == len(ref_first),
         "boot says how many functions the scan found", boot[-600:])

    out = vm.cmd("lspci")
    want = [re.sub(r" \(prog-if [^)]*\]\)$", "", l) for l in ref_first]
    got = out.rstrip("\n").split("\n")
    t.ok(got == want, "lspci equals Linux's lspci -nn, line for line",
         "got:\n%s\nwant:\n%s" % ("\n".join(got), "\n".join(want)))

    verbose = vm.cmd("lspci -v")
    blocks = [b for b in verbose.strip("\n").split("\n\n") if b.strip()]
    got = [b.split("\n")[0] for b in blocks]
    t.ok(got == ref_first,
         "lspci -v first lines (with prog-if) equal Linux's lspci -nn -vv",
         "got:\n%s\nwant:\n%s" % ("\n".join(got), "\n".join(ref_first)))

    # The -v lines that depend only on the hardware as the firmware left
    # it must be Linux's exactly. (Control differs: Linux's drivers turned
    # bus mastering on.) The VGA ROM is Linux's shadow copy at c0000 in
    # both (drivers/pci/video_rom.c).
    for ref, mine in zip(ref_blocks, blocks):
        name = ref.split(" ")[0]
        mylines = mine.split("\n")
        missing = []
        for line in ref.split("\n")[1:]:
            kind = line.strip().split(":")[0]
            if kind.startswith("Region") or kind in ("Subsystem", "Status", "Interrupt") \
                    or kind.startswith("Expansion ROM"):
                if line not in mylines:
                    missing.append(line)
        t.ok(not missing, "lspci -v %s: Subsystem, Status, Interrupt, Region and ROM lines as Linux prints them" % name,
             "missing:\n%s\nporthole printed:\n%s" % ("\n".join(missing), mine))

    qemu = pci_view.parse_info_pci(vm.monitor("info pci"))
    ours = pci_view.parse_lspci_v(verbose)
    io, mem, how = pci_view.trees(vm)
    pci_view.compare(t, "pc", qemu, ours, io, mem)

    # Linux's 0000: lines, and PCI conf1, with the same range and name.
    mine = set((s, e, n) for _, s, e, n in io) | set((s, e, n) for _, s, e, n in mem)
    for _, s, e, n in ref_io + ref_mem:
        if n.startswith("0000:") or n == "PCI conf1":
            width = 4 if (_, s, e, n) in ref_io else 8
            line = "%0*x-%0*x : %s" % (width, s, width, e, n)
            t.ok((s, e, n) in mine, "tree (%s) has Linux's '%s'" % (how, line),
                 "porthole's ioports:\n%s\niomem:\n%s" % (io, mem))
    # The IDE legacy ranges are not busy: the ATA driver can claim inside.
    legacy = [(d, s, e) for d, s, e, n in io if n == "0000:00:01.1" and s < 0x400]
    t.ok(len(legacy) == 4, "four IDE legacy ranges named 0000:00:01.1", str(legacy))

    tree = vm.cmd("lspci -t").rstrip("\n").split("\n")
    want = pci_view.expected_tree(qemu)
    t.ok(tree == want, "lspci -t draws the bus as pciutils would",
         "got:\n%s\nwant:\n%s" % ("\n".join(tree), "\n".join(want)))

    # pcicfg: a good read agrees with QEMU, bad arguments get one clear line.
    out = vm.cmd("pcicfg 0 3 0 0")
    dev = qemu.get("00:03.0", {}).get("id", "?:?").split(":")
    t.ok(out.strip() == "00:03.0 0x00: 0x%s%s" % (dev[1], dev[0]),
         "pcicfg 0 3 0 0 reads the vendor/device dword", out)
    out = vm.cmd("pcicfg 0 3 0 0x2 2")
    t.ok(out.strip() == "00:03.0 0x02: 0x%s" % dev[1], "pcicfg reads a 16-bit word", out)
    dump = vm.cmd("pcicfg 0 0 0")
    rows = [l for l in dump.split("\n") if re.match(r"^[0-9a-f]{2}:( [0-9a-f]{2}){16}$", l)]
    t.ok(len(rows) == 16, "pcicfg BUS DEV FN dumps 256 bytes in 16 rows", dump)
    for line, msg in [
            ("pcicfg 0 0 9 0", "pcicfg: function 9 out of range (0-7)"),
            ("pcicfg 0 32 0", "pcicfg: device 32 out of range (0-31)"),
            ("pcicfg 256 0 0", "pcicfg: bus 256 out of range (0-255)"),
            ("pcicfg 0 0 0 0x100", "pcicfg: offset 256 out of range (0-255)"),
            ("pcicfg 0 0 0 3 2", "pcicfg: offset 0x03 is not a multiple of the width 2"),
            ("pcicfg 0 0 0 0 3", "pcicfg: width 3 must be 1, 2 or 4 (bytes)"),
            ("pcicfg zero 0 0", "pcicfg: bus 'zero' is not a number")]:
        out = vm.cmd(line)
        t.ok(out.strip() == msg, "'%s' -> '%s'" % (line, msg), out)
    out = vm.cmd("pcicfg 0 0")
    t.ok(out.startswith("usage: pcicfg"), "pcicfg with too few arguments prints its usage", out)
    out = vm.cmd("lspci -q")
    t.ok(out.startswith("usage: lspci [-v] [-k] [-x|-xxx|-xxxx] | lspci -t"),
         "lspci with an unknown option prints its usage", out)

    # -k: the driver the match table bound, under its function only, in
    # pciutils' words - as the reference shows for the IDE function.
    want_k = re.findall(r"^(\S+) [^\n]*\n(?:\t[^\n]*\n)*?\tKernel driver in use: (\S+)",
                        open(REFERENCE).read().split("=== lspci -nn -vv ===")[1], re.M)
    out = vm.cmd("lspci -k")
    blocks = re.findall(r"^(\S+) .*\n((?:\t.*\n)*)", out, re.M)
    drivers = {slot: re.findall(r"^\tKernel driver in use: (\S+)$", body, re.M)
               for slot, body in blocks}
    t.ok(("00:01.1", "ata_piix") in want_k and drivers.get("00:01.1") == ["ata_piix"],
         "lspci -k: 00:01.1 'Kernel driver in use: ata_piix', as Linux's reference", out)
    bound = {k: v[0] for k, v in drivers.items() if v}
    t.ok(bound == dict(want_k) and len(drivers) > 3,
         "lspci -k: the same functions bound to the same drivers as Linux's reference "
         "(%s), nothing else" % ", ".join("%s %s" % kv for kv in sorted(dict(want_k).items())),
         out)
    t.ok("\tKernel driver in use: ata_piix\n" in vm.cmd("lspci -v"),
         "lspci -v shows the bound driver too")
    t.ok("00:00.0" in vm.cmd("lspci"), "the shell still answers after the errors")

# No mechanism #1 at all: the ISA-only PC (its default 486 CPU lacks the
# i686 instructions the kernel is built for, hence -cpu).
with VM(machine="isapc", nic=None, extra=["-cpu", "qemu32"], timeout=60) as vm:
    boot = vm.wait_prompt()
    t.ok("pci: no configuration mechanism #1" in boot,
         "isapc: boot says there is no mechanism #1", boot[-400:])
    out = vm.cmd("lspci")
    t.ok(out.strip() == "lspci: no PCI (configuration mechanism #1 not found at boot)",
         "isapc: lspci says there is no PCI", out)
    out = vm.cmd("pcicfg 0 0 0 0")
    t.ok("no PCI configuration mechanism #1" in out, "isapc: pcicfg says so too", out)

sys.exit(t.done())
