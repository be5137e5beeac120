#!/usr/bin/env python3
"""The ioports view of the ATA claims on the default machine, against the
legacy IDE lines of tests/reference/linux-pc.txt:

      01f0-01f7 : 0000:00:01.1
        01f0-01f7 : ata_piix
      (the same for 0170-0177, 03f6-03f6, 0376-0376, and c040-c04f: BAR 4)

porthole's driver claims exactly those ports (one control port, not two),
nested under the PCI IDE function's nodes. Indentation is compared
relative to the PCI function's line: Linux's dump has the ACPI-described
"PCI Bus 0000:00" window above them, which porthole does not create.
A missing `ioports` command or a missing 0000:00:01.1 node is a failure.
"""
import re
import sys

from vm import VM, TAP, REFERENCE

t = TAP()
with open(REFERENCE) as f:
    ref = f.read().split("=== /proc/ioports ===")[1].split("===")[0]
want = []
lines = ref.split("\n")
for i, line in enumerate(lines):
    if line.strip().endswith(": ata_piix") and i > 0 and lines[i - 1].strip().endswith(": 0000:00:01.1"):
        want.append((lines[i - 1], line))
legacy = [w for w in want if int(w[1].split("-")[0], 16) < 0x1000]  # not BAR 4 (c040)
t.ok(len(legacy) == 4 and len(want) == 5, "the reference has four legacy IDE claims and BAR 4", ref)

with VM(timeout=120) as vm:
    vm.wait_prompt()
    t.ok(re.search(r"^  ioports\s", vm.cmd("help"), re.M), "help lists ioports")
    out = vm.cmd("ioports")
    t.ok("0000:00:01.1" in out, "ioports has the PCI IDE function's nodes", out)
    for parent, child in want:
        # The same two lines, the claim one level below the PCI function.
        # (Linux's dump has one level more above them: the "PCI Bus
        # 0000:00" window it reads from ACPI.)
        rx = r"^( *)%s\n\1  %s$" % (re.escape(parent.strip()), re.escape(child.strip()))
        t.ok(re.search(rx, out, re.M),
             "ioports shows '%s' / '  %s' as the reference does" % (parent.strip(), child.strip()), out)
sys.exit(t.done())
