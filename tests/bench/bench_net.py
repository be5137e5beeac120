#!/usr/bin/env python3
"""Frames through a port against frames by DMA (issue 15's benchmark). Not a
test: it reports.

Boots porthole with an e1000 and an NE2000 on one QEMU hub (--net pair) and
runs `net-bench COUNT`: each card sends COUNT frames of 64 and 1514 bytes to
the other, one at a time, and the kernel reports TSC cycles per frame in the
sending driver's xmit and in the receiving driver's receive path, and frames
per second. The lesson is in the receive column: the NE2000 moves every byte
through its data port (757 `inw` for 1514 bytes, each an exit into QEMU's
device model), the e1000 finds the frame already in RAM.

Under TCG the TSC is the host's, so these are host cycles; the e1000's
transmit column includes QEMU delivering the frame to the other card inside
the same register write.
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
import vm as vmlib  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
COUNT = int(os.environ.get("BENCH_FRAMES", "300"))
ROW = re.compile(r"^  (eth\d)\s+(\S+)\s+-> (eth\d)\s+(\d+) bytes  tx\s+(\d+) cycles/frame  "
                 r"rx\s+(\d+) cycles/frame\s+(\d+) frames/s$", re.M)


def main():
    rows = {}
    with vmlib.VM(nic=None, net="pair", timeout=900) as vm:
        vm.wait_prompt()
        drivers = dict(re.findall(r"^(eth\d): (\S+),", vm.cmd("net"), re.M))
        for _ in range(RUNS):
            out = vm.cmd("net-bench %d" % COUNT, timeout=600)
            for m in ROW.finditer(out):
                key = (m.group(2), drivers.get(m.group(3), m.group(3)), int(m.group(4)))
                rows.setdefault(key, []).append(tuple(int(m.group(i)) for i in (5, 6, 7)))
    if not rows:
        print("net-bench printed no rows:\n" + out)
        return 1
    print("%d runs of net-bench %d (frames one at a time across a QEMU hub), medians:" % (RUNS, COUNT))
    print("  %-9s %-9s %5s  %14s  %20s  %9s" % ("sender", "receiver", "bytes", "tx cycles/frame",
                                               "receiver's cycles/frame", "frames/s"))
    for (tx, rx, size), vals in sorted(rows.items()):
        med = [statistics.median(v[i] for v in vals) for i in range(3)]
        print("  %-9s %-9s %5d  %14d  %20d  %9d" % (tx, rx, size, med[0], med[1], med[2]))
    big = {k[1]: statistics.median(v[1] for v in vals) for k, vals in rows.items() if k[2] == 1514}
    if "ne2k-pci" in big and "e1000" in big and big["e1000"]:
        print("  receiving 1514 bytes costs the NE2000's driver %.1fx what it costs the e1000's"
              % (big["ne2k-pci"] / big["e1000"]))
    return 0


sys.exit(main())
