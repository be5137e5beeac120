#!/usr/bin/env python3
"""Cycles per device access (issue 6's benchmark). Not a test: it reports.

Boots porthole on the default machine and runs `mmio-demo ROUNDS` several
times. The kernel times each access with RDTSC (best of 10 batches per
run, the kinds interleaved so they meet the same host load); this script
prints the median over the runs of:

  - inw from port 0x1cf (the Bochs DISPI data port of QEMU's std VGA)
  - a 32-bit MMIO read of BAR2 + 0x500 (the same register, readl)
  - the same two through ioread16 (port cookie) and ioread32 (MMIO)
  - an ordinary (cached) RAM read

Under TCG the TSC is the host's, so these are host cycles, and the
numbers move with whatever else the host is doing.
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
import vm as vmlib  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100000"))

ROWS = [
    ("inw(0x1cf)", "inw from port 0x1cf"),
    ("readl(BAR2+0x500)", "32-bit MMIO read of BAR2+0x500 (readl)"),
    ("ioread16(cookie+1)", "ioread16 on the port cookie (0x101cf)"),
    ("ioread32(BAR2+0x500)", "ioread32 on the ioremap address"),
    ("readw(BAR2+0x500)", "16-bit MMIO read (readw), for comparison"),
    ("RAM read", "ordinary RAM read (cached)"),
]


def main():
    samples = {k: [] for k, _ in ROWS}
    with vmlib.VM(append="", nic=None, timeout=600) as vm:
        vm.wait_prompt()
        for _ in range(RUNS):
            out = vm.cmd("mmio-demo %d" % ROUNDS, timeout=300)
            for key, _ in ROWS:
                m = re.search(r"^  %s\s+.*?\s(\d+)$" % re.escape(key), out, re.M)
                if m:
                    samples[key].append(int(m.group(1)))
    if not samples["inw(0x1cf)"]:
        print("mmio-demo printed no timings:\n" + out)
        return 1
    print("%d runs of mmio-demo %d (each: best of 10 interleaved batches), median cycles per access:"
          % (RUNS, ROUNDS))
    med = {k: statistics.median(v) for k, v in samples.items() if v}
    for key, label in ROWS:
        if key in med:
            print("  %-44s %6d   (runs: %s)" % (label, med[key], " ".join(map(str, samples[key]))))
    # The dispatch cost: the difference within each run (same host load),
    # then the median of those.
    for fast, slow, what in (("inw(0x1cf)", "ioread16(cookie+1)", "ioread16 over inw"),
                             ("readl(BAR2+0x500)", "ioread32(BAR2+0x500)", "ioread32 over readl")):
        diffs = [b - a for a, b in zip(samples[fast], samples[slow])]
        print("  dispatch, %-20s %+6d   (per run: %s)"
              % (what + ":", statistics.median(diffs), " ".join("%+d" % d for d in diffs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
