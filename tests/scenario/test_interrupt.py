#!/usr/bin/env python3
"""Long commands stop on Ctrl-C and show their progress (issue 11).

- `sleep 60000`: a progress line after a second, Ctrl-C (from the serial
  line, then from the PS/2 keyboard through the QEMU monitor's sendkey)
  stops it, and it prints the time that really passed -- measured, less
  than asked, at least the time before the Ctrl-C.
- `mmio-demo 10000000` (a minute or more under TCG): progress, Ctrl-C
  stops it, and its claims are released (ioports shows no bochs-dispi).
- After each, the shell answers and the Ctrl-C is not left in the input.
"""
import re
import sys
import time

from vm import VM, TAP

t = TAP()

SLEPT = re.compile(r"slept (\d+)\.(\d{3}) ms \((\d+) ticks; asked (\d+) ms\); "
                   r"interrupted by Ctrl-C")


def stop_sleep(vm, how, send):
    vm.write("sleep 60000\r")
    vm.wait_for(r"sleep 60000\n", 10)
    w0 = time.monotonic()
    prog = vm.wait_for(r"sleep: \d+/60000 ms", 20)
    time.sleep(0.5)
    send()
    try:
        out = vm.wait_prompt(20)
    except Exception as e:  # noqa: BLE001
        t.ok(False, "%s: Ctrl-C stops sleep 60000" % how, str(e))
        return
    wall = time.monotonic() - w0
    m = SLEPT.search(out)
    ms = int(m.group(1)) + int(m.group(2)) / 1000 if m else -1
    t.ok(m and 1000 <= ms <= wall * 1000 + 500 and ms < 30000,
         "%s: Ctrl-C stops sleep 60000 after %.0f ms measured (%.1f s of wall time), "
         "saying so" % (how, ms, wall), prog + out)
    t.ok(prog.strip().startswith("sleep:"),
         "%s: sleep shows a progress line after a second" % how, prog)
    out = vm.cmd("echo-len alive")
    t.ok("len=5" in out and "^C" not in out,
         "%s: the shell answers, no Ctrl-C left in the input" % how, out)


with VM(append="panic=exit") as vm:
    vm.wait_prompt()
    stop_sleep(vm, "serial", lambda: vm.write("\x03"))
    stop_sleep(vm, "keyboard", lambda: vm.monitor("sendkey ctrl-c"))

    vm.write("mmio-demo 10000000\r")
    vm.wait_for(r"mmio-demo 10000000\n", 10)
    prog = vm.wait_for(r"mmio-demo: \d+/60000000 accesses", 60)
    vm.write("\x03")
    try:
        out = vm.wait_prompt(30)
        m = re.search(r"mmio-demo: interrupted after (\d+) of 60000000 accesses", out)
        t.ok(m and 0 < int(m.group(1)) < 60000000,
             "mmio-demo 10000000: Ctrl-C stops it, saying how far it got", prog + out)
    except Exception as e:  # noqa: BLE001
        t.ok(False, "mmio-demo 10000000: Ctrl-C stops it", str(e))
    out = vm.cmd("ioports")
    t.ok("bochs-dispi" not in out and "0000:00:02.0" not in vm.cmd("iomaps"),
         "mmio-demo: the ports and the mapping are released after Ctrl-C", out)
    out = vm.cmd("mmio-demo 100")
    t.ok("same ID" in out, "mmio-demo runs again after Ctrl-C", out)
sys.exit(t.done())
