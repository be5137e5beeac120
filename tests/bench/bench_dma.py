#!/usr/bin/env python3
"""tests/bench/bench_dma.py - PIO against DMA, in one run (a benchmark, not
a test).

One boot of the pc machine with two 17 MiB images: hda on the PIIX's IDE
(bus-master DMA, the default) and sda on an `-device ahci` function. For
each way of moving data, `disk bench DRIVE 16 MODE` reads (and, for the
write modes, rewrites what it read) 16 MiB from LBA 0:

  READ SECTORS, READ MULTIPLE  PIO through the data port (hda)
  bus-master DMA               READ/WRITE DMA with a PRD table (hda)
  AHCI                         READ/WRITE DMA EXT by command list (sda)

each beside its bare loop (the same commands, no checks). The kernel times
each mode with the TSC and reports the share of that time it spent halted
in HLT waiting for an interrupt; the rest is the CPU busy (polling the
status, copying words through the port, building commands). For the DMA
rows it also reports the share spent inside the one register write that
starts each command (BMICX.SSBM, PxCI): there QEMU's device model maps the
PRD table and hands the read to its I/O thread, inside the vCPU's own
thread, and on a loaded host the copy itself may run while the vCPU waits.
Busy time, but the emulator's, not the driver's: both are shown.

A DMA read of 16 MiB is one command and takes a millisecond or two, so
one descheduling of the QEMU process swings a row by half, and the bare
DMA loop's polling swings it more (each read of BMISX or PxCI is an exit
into QEMU that takes its big lock, which the I/O thread finishing the
transfer needs too: polling slows the very DMA it waits for). So the PIO
rows run ROUNDS times, the DMA rows DMA_ROUNDS times, interleaved with
their bare loops, and every figure is the median over the rounds: a
fastest-of-N ratio compares two outliers and moved by 20 % between runs. MB =
10^6 bytes. The write modes get the same busy columns; they have no bare
loop (`disk bench` has bare read modes only). The table ends with issue
14's targets (each read path within 10 % of its bare loop, DMA's CPU
busy share under 10 %) and whether this run met each: a benchmark
reports, it never fails.
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scenario"))
from vm import VM  # noqa: E402
from ata_common import make_image  # noqa: E402

MIB = 16
ROUNDS = 6
DMA_ROUNDS = 24
# (row, drive, read mode, its bare loop, write mode)
ROWS = [("READ SECTORS (PIO)", "hda", "sectors", "bare-sectors", "write-sectors"),
        ("READ MULTIPLE (PIO)", "hda", "multiple", "bare-multiple", "write-multiple"),
        ("bus-master DMA", "hda", "dma", "bare-dma", "write-dma"),
        ("AHCI", "sda", "ahci", "bare-ahci", "write-ahci")]
LINE = re.compile(r"bench (\w+) (\S+)\s+\S+ (\d+) MiB\s+(\S+) MB/s\s+(\d+) cycles\s+polling (\d+)%\s+halted (\d+)%"
                  r"(?:.*, (\d+)% in the writes that start them)?")


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def shares(rs):
    """The median CPU busy share and the median share in the start write,
    over one mode's runs (None where the kernel printed none)."""
    if not rs:
        return None, None
    starts = [x["start"] for x in rs if x["start"] is not None]
    return median([100 - x["halt"] for x in rs]), median(starts) if starts else None


def pct(x):
    return "-" if x is None else "%d%%" % x


def main():
    a = make_image((MIB + 1) << 20, seed=16)
    b = make_image((MIB + 1) << 20, seed=17)
    typical = {}
    runs = {}
    try:
        extra = ["-device", "ahci,id=ahci", "-drive", "file=%s,format=raw,if=none,id=d1" % b,
                 "-device", "ide-hd,drive=d1,bus=ahci.0"]
        with VM(disk=a, extra=extra, append="", timeout=1800) as vm:
            vm.wait_prompt()
            for rnd in range(DMA_ROUNDS):
                for row, drive, *modes in ROWS:
                    if rnd >= ROUNDS and "PIO" in row:
                        continue
                    for mode in modes:
                        out = vm.cmd("disk bench %s %d %s" % (drive, MIB, mode), timeout=600)
                        m = LINE.search(out)
                        if not m:
                            print("# %s %s: no result: %s" % (drive, mode, out.strip()[-200:]))
                            continue
                        r = dict(mbs=float(m.group(4)), halt=int(m.group(7)), poll=int(m.group(6)),
                                 start=int(m.group(8)) if m.group(8) else None)
                        runs.setdefault(mode, []).append(r)
    finally:
        os.unlink(a)
        os.unlink(b)
    for mode, rs in runs.items():  # the round with the median MB/s
        typical[mode] = sorted(rs, key=lambda r: r["mbs"])[len(rs) // 2]
    print("%d MiB sequential from LBA 0, QEMU pc, TCG; each figure the median of %d rounds (PIO), %d (DMA)"
          % (MIB, ROUNDS, DMA_ROUNDS))
    print("%-20s %9s %9s %8s %9s %13s %10s %9s %13s" % ("path", "read MB/s", "bare MB/s", "of bare", "CPU busy",
                                                        "in start OUT", "write MB/s", "CPU busy", "in start OUT"))
    met = []  # (target, row, measured, whether met)
    for row, _, rd, bare, wr in ROWS:
        r, bb, w = typical.get(rd), typical.get(bare), typical.get(wr)
        if not r:
            continue
        busy, start = shares(runs[rd])
        wbusy, wstart = shares(runs.get(wr, []))
        print("%-20s %9.1f %9s %7s %8s %13s %10s %9s %13s" % (
            row, r["mbs"], "%.1f" % bb["mbs"] if bb else "-",
            "%.0f%%" % (100 * r["mbs"] / bb["mbs"]) if bb else "-",
            pct(busy), pct(start), "%.1f" % w["mbs"] if w else "-", pct(wbusy), pct(wstart)))
        if bb:
            of = 100 * r["mbs"] / bb["mbs"]
            met.append(("read within 10 % of its bare loop", row, "%.0f %%" % of, of >= 90))
        if "PIO" not in row:
            met.append(("DMA's CPU busy share under 10 %", row + " read", "%d %%" % busy, busy < 10))
            if wbusy is not None:
                met.append(("DMA's CPU busy share under 10 %", row + " write", "%d %%" % wbusy, wbusy < 10))
    print("targets (issue 14), this run:")
    for target, row, got, ok in sorted(met, key=lambda x: x[0] != met[0][0]):  # grouped by target
        print("  %-36s %-26s %6s  %s" % (target, row, got, "met" if ok else "NOT met"))
    print("  (the writes have no bare loop: `disk bench` has bare read modes only, so write MB/s stands alone)")
    if "dma" in typical and "multiple" in typical:
        print("bus-master DMA reads %.0fx as fast as READ MULTIPLE: under TCG every IN of the data port is a"
              " call into the emulator, while a DMA command is one preadv by QEMU's I/O thread into guest"
              " memory; the CPU halts meanwhile."
              % (typical["dma"]["mbs"] / typical["multiple"]["mbs"]))
    if "ahci" in typical and "multiple" in typical:
        print("AHCI reads %.0fx as fast as READ MULTIPLE." % (typical["ahci"]["mbs"] / typical["multiple"]["mbs"]))
    print("CPU busy = 100% - the share halted waiting for the interrupt (the bare loops poll: always busy; the")
    print("driver's short spin before it halts, ATA_IRQ_SPIN_US in taskfile.c, counts as busy);")
    print("in start OUT = the part of it inside the register write that starts each command, where QEMU's")
    print("device model works in the vCPU's thread (on hardware that write takes well under a microsecond)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
