#!/usr/bin/env python3
"""A machine without a VGA adapter (QEMU -nodefaults; issue 11): 0xb8000
is then plain RAM that keeps what is written, so the text memory proves
nothing. The boot must find no adapter (its registers do not answer),
claim no "vga+", and `vga` must say there is no screen -- instead of
describing one."""
import re
import sys

from vm import VM, TAP

t = TAP()
with VM(append="panic=exit", nic=None, extra=["-nodefaults"]) as vm:
    boot = vm.wait_prompt()
    t.ok(re.search(r"^vga: no colour VGA adapter \(misc output reads 0xff, the CRTC keeps no "
                   r"value\); no screen$", boot, re.M) and "colour text console" not in boot,
         "-nodefaults: the boot says there is no VGA adapter, in one line", boot[-1500:])
    t.ok("vga+" not in boot, "-nodefaults: the boot's ioports dump has no vga+", boot[-1500:])
    out = vm.cmd("vga")
    t.ok(out.strip() == "vga: no VGA adapter: no text console", "-nodefaults: `vga` says so", out)
    t.ok("vga+" not in vm.cmd("ioports"), "-nodefaults: ioports has no vga+")
with VM(append="panic=exit", nic=None) as vm:
    boot = vm.wait_prompt()
    t.ok("vga: 80x25 colour text console at 0xb8000" in boot and
         re.search(r"^ *03c0-03df : vga\+$", vm.cmd("ioports"), re.M),
         "with the default VGA: the console and its vga+ claim are there", boot[-800:])
sys.exit(t.done())
