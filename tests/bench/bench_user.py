#!/usr/bin/env python3
"""Cycles per port access from ring 3 against a system call (issue 16's
benchmark). Not a test: it reports.

Boots porthole on the default machine and runs `run portbench ROUNDS`
several times, then `mmio-demo` once for the kernel's own figure. Prints
the median over the runs of:

  - inb of port 0x80 from ring 3, the port granted by ioperm (no trap:
    the CPU checks the TSS bitmap inside the instruction)
  - a getpid() round trip through int 0x80 and iret
  - lseek + read of one byte of /dev/port (two round trips and the inb,
    done by the kernel)
  - inw of port 0x1cf from ring 3, beside mmio-demo's inw(0x1cf) in ring 0:
    a granted port costs the same in both rings

Under TCG the TSC is the host's, so these are host cycles, and the numbers
move with whatever else the host is doing.
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
import vm as vmlib  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20000"))

ROWS = [
    ("inb from ring 3", "inb 0x80 from ring 3 (TSS bitmap)"),
    ("getpid() round trip", "getpid() round trip (int 0x80 + iret)"),
    ("lseek + read of /dev/port", "lseek + read of 1 byte of /dev/port"),
    ("inw 0x1cf from ring 3", "inw 0x1cf from ring 3"),
]


def main():
    samples = {k: [] for k, _ in ROWS}
    with vmlib.VM(append="", nic=None, timeout=600) as vm:
        vm.wait_prompt()
        for _ in range(RUNS):
            out = vm.cmd("run portbench %d" % ROUNDS, timeout=300)
            for key, _ in ROWS:
                m = re.search(r"^portbench: %s.*?\s(\d+) cycles$" % re.escape(key), out, re.M)
                if m:
                    samples[key].append(int(m.group(1)))
        demo = vm.cmd("mmio-demo %d" % ROUNDS, timeout=300)
    if not samples[ROWS[0][0]]:
        print("portbench printed no timings:\n" + out)
        return 1
    print("median of %d runs of %d rounds, host cycles (RDTSC) per access:" % (RUNS, ROUNDS))
    for key, label in ROWS:
        if samples[key]:
            print("  %-44s %8d" % (label, statistics.median(samples[key])))
    m = re.search(r"^  inw\(0x1cf\)\s+.*?\s(\d+)$", demo, re.M)
    if m:
        print("  %-44s %8d" % ("inw 0x1cf in ring 0 (mmio-demo)", int(m.group(1))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
