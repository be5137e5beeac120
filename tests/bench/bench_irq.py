#!/usr/bin/env python3
"""Interrupt-driven input and the clock, timed (not pass/fail): boot to
prompt, a 4 KiB paste through the serial IRQ path, one key from QEMU's
sendkey to its echo, `sleep 100` against the wall clock, timer drift."""
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scenario"))
from vm import VM  # noqa: E402


def uptime(vm):
    m = re.match(r"(\d+)\.(\d{3}) s", vm.cmd("uptime").strip())
    return int(m.group(1)) + int(m.group(2)) / 1000.0


def main():
    w0 = time.monotonic()
    with VM(nic=None) as vm:
        boot = vm.wait_prompt()
        print("boot to prompt: %.2f s" % (time.monotonic() - w0))
        m = re.search(r"tsc: ([\d.]+) MHz", boot)
        print("TSC calibrated against the PIT: %s MHz" % (m.group(1) if m else "?"))
        rnd = random.Random(1)
        line = "".join(chr(rnd.randrange(0x21, 0x7f)) for _ in range(4096))
        times = []
        for _ in range(3):
            t0 = time.monotonic()
            vm.write("echo-len " + line + "\r")
            vm.wait_for(r"len=4096 crc32=")
            vm.wait_prompt()
            times.append(time.monotonic() - t0)
        best = min(times)
        print("4 KiB paste to its checksum: best of 3 %.3f s (%.0f KiB/s incl. echo)"
              % (best, 4 / best))
        lat = []
        for ch in "abcdefghij":
            t0 = time.monotonic()
            vm.monitor("sendkey " + ch)
            vm.wait_for(re.escape(ch))
            lat.append(time.monotonic() - t0)
        vm.write("\x15")  # Ctrl-U drops what the keys typed
        lat.sort()
        print("sendkey to echo on serial: median %.1f ms, max %.1f ms (10 keys)"
              % (lat[5] * 1000, lat[-1] * 1000))
        s = []
        for _ in range(5):
            t0 = time.monotonic()
            vm.cmd("sleep 100")
            s.append(time.monotonic() - t0)
        print("`sleep 100` round trip: median %.1f ms" % (sorted(s)[2] * 1000))
        u0, t0 = uptime(vm), time.monotonic()
        time.sleep(5)
        u1, t1 = uptime(vm), time.monotonic()
        print("uptime over %.2f s of wall time: %.3f s (%.2f %%)"
              % (t1 - t0, u1 - u0, 100.0 * (u1 - u0) / (t1 - t0)))


main()
