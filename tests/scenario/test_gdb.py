#!/usr/bin/env python3
"""gdb against the live kernel, as `make debug` sets it up: break at kmain,
continue, and check the stop names kmain and its source; then next, step,
bt and info registers work.

QEMU's gdb stub (TCG) now and then answers the first single step off a
breakpoint without executing anything: gdb then reports "Breakpoint 1, kmain"
a second time, still at kmain+0 (seen once in CI, never reproduced here). So
the test steps twice; it still fails if `next` never leaves the line."""
import os
import re
import subprocess
import sys

from vm import VM, TAP, ELF, ROOT, free_port

t = TAP()
port = free_port()
with VM(gdb=port, nic=None, timeout=120) as vm:
    gdb = ["gdb", "-nx", "-batch",
           "-ex", "set pagination off",
           "-ex", "set confirm off",
           "-ex", "file %s" % ELF,
           "-ex", "target remote 127.0.0.1:%d" % port,
           "-ex", "break kmain",
           "-ex", "continue",
           "-ex", "next",
           "-ex", "next",
           "-ex", "bt",
           "-ex", "info registers eip",
           "-ex", "kill"]
    try:
        p = subprocess.run(gdb, cwd=ROOT, capture_output=True, text=True, timeout=90)
        out = p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        out = "gdb timed out: %s" % e
    t.ok(re.search(r"Breakpoint 1 at 0x[0-9a-f]+: file kernel/main\.c, line \d+", out),
         "gdb finds kmain in kernel/main.c from the ELF's symbols", out)
    t.ok(re.search(r"Breakpoint 1, kmain \(magic=[0-9]+, mbi_phys=[0-9]+\) at kernel/main\.c:\d+", out),
         "the stop line names kmain, its arguments and its source file", out)
    t.ok(re.search(r"^\d+\s+\S", out, re.M), "gdb shows the source line", out)
    t.ok(re.search(r"#0\s+kmain \(.*\) at kernel/main\.c:\d+", out), "bt shows kmain", out)
    lines = [int(n) for n in re.findall(r"^(\d+)\t", out, re.M)]
    t.ok(len(lines) >= 2 and max(lines) > lines[0],
         "next moves on from kmain's first line (%s)" % lines, out)
    t.ok(re.search(r"eip\s+0xc01[0-9a-f]+\s+0xc01[0-9a-f]+ <kmain\+\d+>", out),
         "info registers shows EIP in kmain, in the higher half", out)
sys.exit(t.done())
