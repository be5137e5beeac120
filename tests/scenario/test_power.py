#!/usr/bin/env python3
"""reboot and poweroff, with and without QEMU's isa-debug-exit device.

`reboot` has three ways to reset the CPU (kernel/power.c): the FADT reset
register where the firmware gives one (q35; kernel/acpi/sleep.c), the 8042's
"pulse output port bit 0" command (drivers/i8042.c), and, when there is no
8042 or the pulse did not act, a triple fault. All end QEMU the same way
(-no-reboot: status 0), so the exit status cannot tell them apart. Two
witnesses do:

- the kernel's own line before each path ("rebooting: pulsing ...", then
  "8042 reset did not happen; forcing a triple fault" only if it returns);
- QEMU's reset log (-d cpu_reset), which says "Triple fault" when the CPU
  reset itself that way, and nothing of the kind after the 8042's pulse.

The 8042 check fails when the pulse is broken (the fallback then resets the
machine, and both witnesses say so); the fallback is checked on a machine
without an 8042 (-machine pc,i8042=off).

`poweroff` leaves through isa-debug-exit when it is there (the tests' exit
status), else through ACPI S5 (PM1a_CNT, kernel/acpi/sleep.c): QEMU then
switches itself off; with acpi=off as well, porthole halts and says so.

The power button (kernel/acpi/sci.c): QEMU's monitor `system_powerdown`
sets PWRBTN_STS, which raises the SCI; on pc (I/O APIC), q35 and pc with
noapic (the 8259) porthole prints the press with the SCI's count, then
Linux's "reboot: Power down", and switches off through S5 (QEMU status 0,
although the exit device is there: S5, not `poweroff`'s exit port). The
SCI's line is in `interrupts` as Linux shows it ("IO-APIC 9-fasteoi acpi",
"XT-PIC acpi"). With acpi=off nothing of this is installed: no line, and
the button does nothing.
"""
import os
import re
import sys
import tempfile
import time

from vm import VM, TAP, EXIT_POWEROFF, Timeout

t = TAP()


def reboot(machine):
    """Boot, type reboot, wait for QEMU to end; returns (status, serial
    output, QEMU's cpu_reset log)."""
    tmp = tempfile.mkdtemp(prefix="porthole-power-")
    log = os.path.join(tmp, "cpu_reset.log")
    try:
        return reboot_logged(machine, log)
    finally:
        if os.path.exists(log):
            os.unlink(log)
        os.rmdir(tmp)


def reboot_logged(machine, log):
    with VM(append="panic=exit", nic=None, machine=machine,
            extra=["-d", "cpu_reset", "-D", log]) as vm:
        vm.wait_prompt()
        vm.write("reboot\r")
        # -no-reboot (scripts/qemu.sh) turns the CPU reset into QEMU's exit.
        status = vm.wait_exit(60)
        vm.reader.join(5)
        try:
            with open(log) as f:
                qlog = f.read()
        except OSError as e:
            qlog = "(no QEMU log: %s)" % e
        return status, vm.out, qlog


status, out, qlog = reboot("pc")
t.ok("rebooting: pulsing the CPU reset line through the 8042" in out,
     "reboot says it resets through the 8042", out[-500:])
t.ok(status == 0, "the reset happened: QEMU (-no-reboot) exited with status %d" % status)
t.ok("did not happen" not in out and "Triple fault" not in qlog and "CPU Reset" in qlog,
     "the 8042's pulse reset the CPU: no fallback line, no triple fault in QEMU's reset log",
     out[-300:] + "\nQEMU -d cpu_reset:\n" + qlog[-1500:])

status, out, qlog = reboot("pc,i8042=off")
t.ok("rebooting: no 8042 to pulse the reset line; forcing a triple fault" in out,
     "no 8042: reboot says it falls back to a triple fault", out[-500:])
t.ok(status == 0 and "Triple fault" in qlog,
     "no 8042: the triple fault reset the CPU (QEMU's reset log says so; status %d)" % status,
     qlog[-1500:])

# q35's FADT (revision 3) has a reset register: reboot writes it first.
status, out, qlog = reboot("q35")
t.ok("rebooting: writing 0x0f to the FADT's reset register (port 0xcf9)" in out
     and "8042" not in out.split("porthole> reboot")[-1],
     "q35: reboot through the FADT's reset register, not the 8042", out[-500:])
t.ok(status == 0 and "CPU Reset" in qlog and "Triple fault" not in qlog,
     "q35: the reset register reset the CPU (QEMU's reset log; status %d)" % status,
     qlog[-1500:])

# Without isa-debug-exit, poweroff is ACPI S5, as on a real PC: \_S5's
# SLP_TYPa | SLP_EN into PM1a_CNT, and QEMU powers the machine off itself.
for machine in ("pc", "q35"):
    with VM(append="panic=exit", nic=None, machine=machine, exit_device=False) as vm:
        vm.wait_prompt()
        vm.write("poweroff\r")
        status = vm.wait_exit(30)
        t.ok("acpi: entering S5: SLP_TYPa" in vm.out and status == 0,
             "%s: poweroff without the exit device is ACPI S5 (QEMU status %d)"
             % (machine, status), vm.out[-400:])

# With neither (acpi=off, no exit device): porthole halts and says so.
with VM(append="panic=exit acpi=off", nic=None, exit_device=False) as vm:
    vm.wait_prompt()
    vm.write("poweroff\r")
    out = vm.wait_for(r"halting.*\n", 30)
    t.ok("no isa-debug-exit device at port 0x501" in out and "S5" not in out,
         "poweroff with neither the exit device nor ACPI explains itself", out)
    t.ok(vm.proc.poll() is None, "and the machine halts instead of vanishing")


def power_button(machine, append, chip):
    label = "%s%s" % (machine, " " + append if append else "")
    with VM(append="panic=exit " + append, nic=None, machine=machine) as vm:
        boot = vm.wait_prompt()
        m = re.search(r"^ACPI: button: Power Button \[PWRF\] \(fixed feature, PWRBTN_EN in "
                      r"PM1a_EN 0x[0-9a-f]+\); SCI on IRQ (\d+)$", boot, re.M)
        t.ok(m, "%s: the power button's event is enabled, the SCI installed" % label, boot)
        irq = int(m.group(1)) if m else 9
        a = vm.cmd("interrupts")
        if chip == "IO-APIC":
            pat = r"^ {0,2}%d: +(\d+)   IO-APIC +%d-fasteoi   acpi$" % (irq, irq)
        else:
            pat = r"^ {0,2}%d: +(\d+)    XT-PIC  acpi$" % irq
        line = re.search(pat, a, re.M)
        t.ok(line, "%s: `interrupts` shows the SCI as Linux does (%s)" % (label, chip), a)
        before = int(line.group(1)) if line else 0
        vm.monitor("system_powerdown")
        try:
            status = vm.wait_exit(30)
        except Timeout:
            status = None  # the button did nothing
        pressed = re.search(r"ACPI: button: Power Button pressed \(PWRBTN_STS in PM1a_STS "
                            r"0x[0-9a-f]+; `interrupts` counts (\d+) on IRQ (\d+), acpi\)", vm.out)
        t.ok(pressed and int(pressed.group(2)) == irq and int(pressed.group(1)) == before + 1,
             "%s: the press is one line, and the SCI's line counted its interrupt (%d -> %s)"
             % (label, before, pressed and pressed.group(1)), vm.out[-600:])
        t.ok("reboot: Power down" in vm.out and "acpi: entering S5: SLP_TYPa" in vm.out and
             status == 0, "%s: the button powers off through S5 (QEMU status %s)"
             % (label, status), vm.out[-400:])


power_button("pc", "", "IO-APIC")
power_button("q35", "", "IO-APIC")
power_button("pc", "noapic", "XT-PIC")

with VM(append="panic=exit acpi=off", nic=None) as vm:
    vm.wait_prompt()
    a = vm.cmd("interrupts")
    out = vm.cmd("sci")
    t.ok("acpi" not in a and out.startswith("sci: not installed"),
         "acpi=off: no SCI (no `interrupts` line; `sci` says so)", a + out)
    vm.monitor("system_powerdown")
    time.sleep(2)
    out = vm.cmd("echo-len abc")
    t.ok(vm.proc.poll() is None and "len=3" in out and "Power Button" not in vm.out,
         "acpi=off: the power button does nothing; the shell still answers", out)

with VM(append="panic=exit", nic=None) as vm:
    vm.wait_prompt()
    out = vm.cmd("poweroff now")
    t.ok(out.strip() == "usage: poweroff", "poweroff refuses arguments", out)
    vm.write("poweroff\r")
    status = vm.wait_exit(30)
    t.ok(status == EXIT_POWEROFF, "poweroff ends QEMU through isa-debug-exit (status %d, want %d)"
         % (status, EXIT_POWEROFF))
sys.exit(t.done())
