#!/usr/bin/env python3
"""reboot and poweroff, with and without QEMU's isa-debug-exit device."""
import sys

from vm import VM, TAP

t = TAP()
with VM(append="panic=exit", nic=None) as vm:
    vm.wait_prompt()
    vm.write("reboot\r")
    # -no-reboot (scripts/qemu.sh) turns the CPU reset into QEMU's exit.
    status = vm.wait_exit(30)
    vm.reader.join(5)
    t.ok("rebooting: pulsing the CPU reset line through the 8042" in vm.out,
         "reboot says how it resets", vm.out[-500:])
    t.ok(status == 0, "the reset happened: QEMU (-no-reboot) exited with status %d" % status)

with VM(append="panic=exit", nic=None, exit_device=False) as vm:
    vm.wait_prompt()
    vm.write("poweroff\r")
    out = vm.wait_for(r"halting.*\n", 30)
    t.ok("no isa-debug-exit device at port 0x501" in out,
         "poweroff without the exit device explains itself", out)
    t.ok(vm.proc.poll() is None, "and the machine halts instead of vanishing")

with VM(append="panic=exit", nic=None) as vm:
    vm.wait_prompt()
    out = vm.cmd("poweroff now")
    t.ok(out.strip() == "usage: poweroff", "poweroff refuses arguments", out)
sys.exit(t.done())
