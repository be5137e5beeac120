#!/usr/bin/env python3
"""Boot the GRUB ISO, as `make run` does: GRUB loads porthole with its
multiboot command and the shell answers."""
import re
import sys

from vm import VM, TAP, EXIT_POWEROFF

t = TAP()
with VM(boot="iso", timeout=120) as vm:
    boot = vm.wait_prompt(90)
    t.ok(re.search(r"boot loader: GRUB", boot), "GRUB is the boot loader", boot[-2000:])
    t.ok(re.search(r"^command line: ", boot, re.M), "the command line is shown", boot[-2000:])
    t.ok("BIOS-e820" in boot, "memory map from GRUB", boot[-2000:])
    out = vm.cmd("help")
    t.ok("poweroff" in out, "the shell answers under GRUB", out)
    vm.write("poweroff\r")
    t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "poweroff ends QEMU")
sys.exit(t.done())
