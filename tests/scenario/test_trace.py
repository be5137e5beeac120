#!/usr/bin/env python3
"""The I/O trace and boottime from the shell (kernel/trace.c,
kernel/boottime.c): the example of docs/emulator.md, refusals, and the
boot's steps as kernel/main.c lists them."""
import os
import re
import sys

from vm import VM, TAP, ROOT
from ata_common import make_image

ENTRY = re.compile(r"^\s*(\d+)\.(\d{3}) (in|out|read|write)\s+(\d) +(0x[0-9a-f]+) "
                   r"(0x[0-9a-f]+)(?: x(\d+))?\s+(.*?)\s+(\S+)\+0x[0-9a-f]+$", re.M)


def main_steps():
    """The statements kernel/main.c wraps in BOOT_STEP, as boottime names
    them (an assignment's left side dropped)."""
    src = open(os.path.join(ROOT, "kernel", "main.c")).read()
    steps = re.findall(r"^\s*BOOT_STEP\((.*)\);", src, re.M)
    return [s.split(" = ", 1)[-1] for s in steps]


t = TAP()
with VM(timeout=120) as vm:
    vm.wait_prompt(90)
    out = vm.cmd("trace on ports 0xcf8-0xcff")
    t.ok(re.search(r"^trace: ports 0xcf8-0xcff, 0 entries of \d+, 0 lost", out, re.M),
         "trace on ports 0xcf8-0xcff: the status line names kind and range", out)
    cfg = vm.cmd("pcicfg 0 3 0 0 4")
    m = re.search(r"0x00: (0x[0-9a-f]{8})", cfg)
    show = vm.cmd("trace show")
    entries = ENTRY.findall(show)
    t.ok(len(entries) == 2, "pcicfg 0 3 0 0 4 made two accesses in the range", show)
    if len(entries) == 2:
        w, r = entries
        t.ok(w[2] == "out" and w[3] == "4" and int(w[4], 16) == 0xcf8
             and int(w[5], 16) == 0x80001800,
             "first: the conf1 address write (bus 0 dev 3 fn 0 reg 0, enable bit) to 0xcf8", show)
        t.ok(r[2] == "in" and r[3] == "4" and int(r[4], 16) == 0xcfc
             and m and int(r[5], 16) == int(m.group(1), 16),
             "then: the data read from 0xcfc, the value pcicfg printed", show + cfg)
        t.ok(w[7] == "PCI conf1" and r[7] == "PCI conf1",
             "both owned by 'PCI conf1' (the ioports tree)", show)
        t.ok(w[8] == "pci_conf1_read" and r[8] == "pci_conf1_read",
             "both called from pci_conf1_read (kallsyms)", show)
        t.ok(int(w[0]) * 1000 + int(w[1]) <= int(r[0]) * 1000 + int(r[1]),
             "time runs forward", show)
    vm.cmd("trace off")
    vm.cmd("pcicfg 0 3 0 0 4")
    show = vm.cmd("trace show")
    t.ok(len(ENTRY.findall(show)) == 2, "trace off: nothing more is recorded", show)
    out = vm.cmd("trace clear")
    t.ok(re.search(r"^trace: off, 0 entries", out, re.M), "trace clear empties the ring", out)
    out = vm.cmd("trace on mmio 9-3")
    t.ok(re.search(r"^trace: '9-3' is not a range", out, re.M), "a backwards range is refused in one line", out)
    out = vm.cmd("trace on sideways")
    t.ok(re.search(r"^trace: 'sideways' is not a range", out, re.M), "an unknown word is refused", out)
    out = vm.cmd("trace show many")
    t.ok(out.startswith("usage: trace"), "trace show N wants a number", out)
    out = vm.cmd("trace")
    t.ok(re.search(r"^trace: off,", out, re.M), "the refusals left tracing off", out)

    # A full ring: the console's own output, traced, overflows it.
    vm.cmd("trace clear")
    out = vm.cmd("trace on ports 0x3f8-0x3ff")
    t.ok(re.search(r"^trace: ports 0x3f8-0x3ff, \d+ entries of 2048, 0 lost", out, re.M),
         "tracing the serial port: the status line's own output is counted, nothing lost yet", out)
    for _ in range(3):
        vm.cmd("help")
    out = vm.cmd("trace off")
    m = re.search(r"^trace: off, (\d+) entries of 2048, (\d+) lost", out, re.M)
    t.ok(m and int(m.group(1)) == 2048 and int(m.group(2)) > 0,
         "a full ring keeps 2048 entries and says how many older ones it lost", out)
    show = vm.cmd("trace show 2048")
    ents = ENTRY.findall(show)
    t.ok(len(ents) == 2048 and all(e[7] == "serial" and e[8].startswith("serial")
                                   for e in ents),
         "trace show lists all 2048, each owned by 'serial' and made by the serial driver",
         show[-2000:])
    vm.cmd("trace clear")

    # The MMIO side: mmio-demo's loads through BAR2, named by iomem.
    vm.cmd("trace clear")
    vm.cmd("trace on mmio")
    demo = vm.cmd("mmio-demo 1")
    show = vm.cmd("trace show")
    vm.cmd("trace off")
    bar = re.search(r"BAR2 ([0-9a-f]+)-([0-9a-f]+) mapped", demo)
    lo, hi = (int(bar.group(1), 16), int(bar.group(2), 16)) if bar else (1, 0)
    ents = [e for e in ENTRY.findall(show) if lo <= int(e[4], 16) <= hi]
    t.ok(len(ents) >= 4 and all(e[2] == "read" and e[7] == "0000:00:02.0" for e in ents),
         "trace on mmio: mmio-demo's reads of BAR2, at physical addresses, owned by the VGA function",
         demo + show)

    out = vm.cmd("boottime")
    rows = re.findall(r"^\s*(\d+)  (.*)$", out, re.M)
    names = [n for _, n in rows]
    want = main_steps()
    t.ok(names[:len(want)] == want,
         "boottime lists every BOOT_STEP of kernel/main.c, in order", out)
    steps = sum(int(v) for v, _ in rows[:len(want)])
    between = [int(v) for v, n in rows if n.startswith("between the steps")]
    total = [int(v) for v, n in rows if n.startswith("total:")]
    before = [int(v) for v, n in rows if n.startswith("before kmain:")]
    t.ok(total and between and abs(steps + between[0] - total[0]) <= len(want) + 1,
         "the steps and the time between them add up to the total", out)
    t.ok(total and 0 < total[0] < 60_000_000, "the total is some microseconds, under a minute", out)
    t.ok(before and before[0] > 0, "the firmware's time before kmain is known (TSC from reset)", out)

# A bus-master DMA read as the trace sees it (drivers/ata/bmdma.c): the
# command is started by setting SSBM in BMICX; at its interrupt the driver
# reads BMISX (was it this channel, any error?), stops the engine (SSBM = 0),
# reads the ATA status (the drive drops INTRQ) and only then clears BMISX's
# write-1-to-clear bits -- Linux's order (ata_bmdma_port_intr): clearing
# IDEINTS before the drive's INTRQ drops could latch the same interrupt again.
BMICX, BMISX, SSBM, IDEINTS = 0, 2, 0x01, 0x04
with VM(disk=make_image(1 << 20, seed=5), timeout=120) as vm:
    vm.wait_prompt(90)
    # The bus-master block is ata_piix's 16-port claim (BAR 4), from ioports.
    bm = [int(lo, 16) for lo, hi in re.findall(r"^\s+([0-9a-f]{4})-([0-9a-f]{4}) : ata_piix$",
                                                vm.cmd("ioports"), re.M)
          if int(hi, 16) - int(lo, 16) == 15][:1]
    STATUS = 0x1f7  # the primary channel's ATA status register
    vm.cmd("trace clear")
    vm.cmd("trace on ports")
    crc = vm.cmd("disk crc hda 0 8")
    vm.cmd("trace off")
    seq = []  # (dir, BMICX/BMISX offset or "STATUS", value) of the channel's accesses
    for e in ENTRY.findall(vm.cmd("trace show 2048")):
        port, value = int(e[4], 16), int(e[5], 16)
        if port == STATUS:
            seq.append((e[2], "STATUS", value))
        elif bm and bm[0] <= port < bm[0] + 8:
            seq.append((e[2], port - bm[0], value))
    start = next((i for i, x in enumerate(seq) if x[0] == "out" and x[1] == BMICX and x[2] & SSBM), None)
    stop = next((i for i, x in enumerate(seq) if start is not None and i > start and x[0] == "out"
                 and x[1] == BMICX and not x[2] & SSBM), None)
    t.ok("crc32" in crc and start is not None and stop is not None,
         "trace: disk crc hda starts the engine (BMICX.SSBM = 1) and stops it (SSBM = 0)",
         crc + repr(seq))
    if stop is not None:
        before = seq[stop - 1] if stop else None
        after = seq[stop + 1:stop + 3]
        t.ok(before and before[0] == "in" and before[1] == BMISX and before[2] & IDEINTS,
             "the completion reads BMISX (IDEINTS set) before it stops the engine", repr(seq[start:]))
        t.ok(len(after) == 2 and after[0][:2] == ("in", "STATUS") and after[1][0] == "out"
             and after[1][1] == BMISX and after[1][2] & IDEINTS,
             "then the ATA status (INTRQ drops), then BMISX's IDEINTS cleared: Linux's order",
             repr(seq[start:]))
sys.exit(t.done())
