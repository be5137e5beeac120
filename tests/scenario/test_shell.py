#!/usr/bin/env python3
"""Boot with -kernel and use the shell as a student would: help, errors,
line editing (CR, LF, CRLF, backspace, Ctrl-U, Ctrl-C), an over-long line,
the memory map, and poweroff ending QEMU."""
import re
import sys
import time

from vm import VM, TAP, EXIT_POWEROFF, PROMPT

t = TAP()
with VM(append="panic=exit") as vm:
    boot = vm.wait_prompt()
    t.ok("porthole 0.1" in boot, "banner printed", boot)
    t.ok(re.search(r"boot loader: qemu", boot), "boot loader named", boot)
    t.ok(re.search(r"command line: \S*porthole\.elf panic=exit", boot),
         "kernel command line shown", boot)
    t.ok(re.search(r"BIOS-e820: \[mem 0x0000000000100000-0x[0-9a-f]{16}\] usable", boot),
         "memory map from multiboot shown", boot)

    out = vm.cmd("help")
    for name in ("help", "mmap", "fault", "reboot", "poweroff"):
        t.ok(re.search(r"^  %s\s+\S.*\n\s+usage: %s" % (name, name), out, re.M),
             "help lists '%s' with a description and usage" % name, out)
    out = vm.cmd("help fault")
    t.ok("usage: fault pf|wp|gp|ud|de|df" in out, "help COMMAND shows its usage", out)

    out = vm.cmd("frobnicate now")
    t.ok(out.strip() == "unknown command 'frobnicate' (try help)",
         "unknown command: one clear line", out)
    out = vm.cmd("fault xyz")
    t.ok("fault: unknown kind 'xyz'" in out and "usage: fault pf|wp|gp|ud|de|df" in out,
         "bad argument: error and usage", out)
    out = vm.cmd("mmap extra")
    t.ok(out.strip() == "usage: mmap", "extra argument refused with usage", out)
    t.ok("Commands" in vm.cmd("help"), "the shell still answers after errors")

    out = vm.cmd("mmap")
    t.ok(re.search(r"^BIOS-e820: \[mem 0x0000000000000000-0x[0-9a-f]{16}\] usable$", out, re.M),
         "mmap prints the map", out)

    # Line ends: LF alone and CR LF (one line, not two).
    out = vm.cmd("help mmap", end="\n")
    t.ok("usage: mmap" in out, "LF ends a line", out)
    vm.write("help mmap\r\n")
    first = vm.wait_prompt()
    time.sleep(1)
    extra = vm.out[vm.pos:]
    t.ok("usage: mmap" in first and PROMPT not in extra,
         "CR LF counts as one line end (no second, empty command)", repr(first + extra))

    # Editing: backspace and DEL erase, Ctrl-U kills the line, Ctrl-C drops it.
    out = vm.cmd("helq\x08p mmapx\x7f")
    t.ok("usage: mmap" in out, "backspace and DEL erase", out)
    out = vm.cmd("garbage\x15help mmap")
    t.ok("usage: mmap" in out and "garbage" not in out.split("\n", 1)[-1],
         "Ctrl-U erases the line", out)
    vm.write("frobnicate\x03")
    out = vm.wait_prompt()
    t.ok("^C" in out and "unknown command" not in out, "Ctrl-C drops the line", out)
    out = vm.cmd("he\x01\x02lp mm\x1b[Dap")
    t.ok("usage: mmap" in out, "control bytes and arrow-key escapes are ignored", out)

    # An over-long line is refused as a whole, and the shell goes on.
    vm.write("x" * 9000 + "\r")
    out = vm.wait_prompt(60)
    t.ok("line too long (more than 8191 characters); ignored" in out,
         "over-long line refused with a message", out[-300:])
    t.ok("Commands" in vm.cmd("help"), "the shell answers after an over-long line")

    vm.write("poweroff\r")
    status = vm.wait_exit(30)
    t.ok(status == EXIT_POWEROFF, "poweroff ends QEMU (status %d)" % status)
sys.exit(t.done())
