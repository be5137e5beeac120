#!/usr/bin/env python3
"""Interrupts and time through memory, timed side by side (issue 13). Not a
test: it only reports.

  - cycles from a write to edu's interrupt raise register to the first
    instruction of its handler: through the 8259 (noapic), through the
    I/O APIC (INTx), as an MSI; min and average of ROUNDS raises;
  - what an EOI costs: an OUT to the 8259, a store to the Local APIC;
  - what one read of each clock costs (`clocksource`: TSC, HPET, ACPI PM
    timer, PIT), and how far each drifts from the TSC over a second;
  - boot to prompt with the APICs and with noapic (median of RUNS).
Both machines are QEMU's pc with -device edu, booted in this one run.
"""
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scenario"))
from vm import VM  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_IRQ_ROUNDS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def raise_cycles(vm, mode):
    out = vm.cmd("edu irq %s %d" % (mode, ROUNDS), timeout=300)
    m = re.search(r"(\d+) rounds, min (\d+) avg (\d+) max (\d+) cycles", out)
    return (int(m.group(2)), int(m.group(3))) if m else None


def boot_seconds(append):
    times = []
    for _ in range(RUNS):
        t0 = time.monotonic()
        with VM(append=append, extra=["-device", "edu"], timeout=120) as vm:
            vm.wait_prompt(110)
            times.append(time.monotonic() - t0)
    return statistics.median(times)


def main():
    res = {}
    with VM(append="noapic", extra=["-device", "edu"], timeout=600) as vm:
        vm.wait_prompt(120)
        res["8259 (INTx, noapic)"] = raise_cycles(vm, "intx")
        pic_eoi = vm.cmd("apic eoi")
    with VM(append="", extra=["-device", "edu"], timeout=600) as vm:
        vm.wait_prompt(120)
        res["I/O APIC (INTx)"] = raise_cycles(vm, "intx")
        res["MSI"] = raise_cycles(vm, "msi")
        eoi = vm.cmd("apic eoi")
        clocks = vm.cmd("clocksource", timeout=60)
    print("edu raise register -> handler, %d raises each (TSC cycles):" % ROUNDS)
    print("  %-22s %10s %10s" % ("path", "min", "avg"))
    for k, v in res.items():
        print("  %-22s %10s %10s" % (k, v[0] if v else "?", v[1] if v else "?"))
    print("end of interrupt:")
    for line in eoi.strip().split("\n"):
        print("  " + line)
    m = re.search(r"EOI by port .*: (\d+) cycles", pic_eoi)
    print("  (with noapic: EOI by port %s cycles)" % (m.group(1) if m else "?"))
    print("clock reads (`clocksource`):")
    for line in clocks.strip().split("\n"):
        print("  " + line)
    print("boot to prompt, median of %d: APICs %.2f s, noapic %.2f s"
          % (RUNS, boot_seconds(""), boot_seconds("noapic")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
