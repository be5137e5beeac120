#!/usr/bin/env python3
"""The kernel command line never fails silently (issue 11): a line longer
than the 511 bytes kept, an unknown option, a value outside its option's
rule (ata.irq=2, ata.pio32=5, hz=5) each get one line at boot, and the
refused values are ignored (the defaults hold)."""
import re
import sys

from vm import VM, TAP

t = TAP()
pad = "x" * 520
with VM(append="panic=exit ata.irq=2 ata.pio32=5 hz=5 frobnicate=1 " + pad, nic=None) as vm:
    boot = vm.wait_prompt()
    m = re.search(r"^cmdline: (\d+) bytes long; only the first 511 are read$", boot, re.M)
    t.ok(m and int(m.group(1)) > 560, "cut short: one line at boot, with the length", boot[:1500])
    for line, what in (("cmdline: ata.irq=2: the value must be 0 or 1 (ignored)", "ata.irq=2"),
                       ("cmdline: ata.pio32=5: the value must be 0 or 1 (ignored)", "ata.pio32=5"),
                       ("cmdline: hz=5: the value must be a rate in 19..10000 (Hz) (ignored)", "hz=5"),
                       ("cmdline: unknown option 'frobnicate' (ignored)", "unknown option")):
        t.ok(line in boot.split("\n"), "%s: one line at boot" % what, boot[:1500])
    t.ok(boot.count("cmdline:") == 6, "one line per problem, nothing about panic=exit "
         "(%d cmdline lines, the 6th for the cut word)" % boot.count("cmdline:"), boot[:1500])
    t.ok("(asked 1000 Hz" in boot, "the refused hz=5 is ignored: the default rate", boot[:1500])
    t.ok("Commands" in vm.cmd("help"), "the shell runs")
sys.exit(t.done())
