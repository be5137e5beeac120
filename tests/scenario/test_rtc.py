#!/usr/bin/env python3
"""The CMOS RTC and `date`, against QEMU's -rtc base=...: the clock starts at
the given instant when QEMU starts, so `date` must print a second between
that instant and it plus the host time gone by since QEMU was launched, in
`date -u`'s format (strftime "%a %b %e %H:%M:%S UTC %Y", made here by
Python, not copied). Dates: the issue's 2026-12-01 17:00, a rollover into
2000, 1969 (which only the century byte the FADT names tells from 2069), a leap day on q35, and 2037 into
2038 on isapc (no ACPI: no century byte, ports 0070-0071). Also the rtc0
claim in ioports, IRQ 8 counting in `interrupts`, and on pc `pnp` against
Linux's /sys/bus/pnp (tests/reference/linux-pc-firmware.txt, a copy)."""
import datetime
import re
import time

from vm import VM, TAP, reference_pnp

t = TAP()


def expected(base, t_launch, t_done):
    """Every `date -u` line the clock may show: base .. base + elapsed + 2.
    QEMU counts the -rtc base from the host's clock in whole seconds, and
    the MC146818 model starts its own second at a fraction of the host's:
    each can put the clock up to a second ahead of the time gone by (one
    boot read base + 2 s under a second after launch)."""
    start = datetime.datetime.fromisoformat(base)
    span = int(t_done - t_launch) + 3
    return {(start + datetime.timedelta(seconds=s)).strftime("%a %b %e %H:%M:%S UTC %Y")
            for s in range(span)}


def date_check(vm, base, t_launch, what):
    out = vm.cmd("date").strip()
    ok = out in expected(base, t_launch, time.time())
    t.ok(ok, "%s: date is -rtc base=%s plus the time gone by" % (what, base),
         "got %r, window from %s" % (out, base))
    return out


def rtc_irq_count(vm):
    m = re.search(r"^\s*8:\s+(\d+)\s+.*\s+rtc0$", vm.cmd("interrupts"), re.M)
    return int(m.group(1)) if m else None


def irq8_check(vm, label):
    """rtc0's update-ended interrupt, once a second, counted on line 8
    through whichever controller the boot chose (I/O APIC or 8259)."""
    n0 = rtc_irq_count(vm)
    vm.cmd("sleep 2200")
    n1 = rtc_irq_count(vm)
    t.ok(n0 is not None and n1 is not None and 2 <= n1 - n0 <= 4,
         "%s: IRQ 8 counts rtc0's update-ended interrupts, one a second" % label,
         "before %r after %r" % (n0, n1))


# pc: the date, the claim, the IRQ, the PNP devices.
base = "2026-12-01T17:00:00"
t_launch = time.time()
with VM(extra=["-rtc", "base=" + base], timeout=120) as vm:
    boot = vm.wait_prompt()
    t.ok(re.search(r"^rtc0: MC146818 at 0070-0077 \(_CRS of \\_SB_\.\S+RTC_\), irq 8, BCD "
                   r"24-hour, century CMOS 0x[0-9a-f]{2} \(FADT\): ", boot, re.M),
         "pc: boot line names the _CRS range, IRQ 8, the FADT's century byte", boot[-3000:])
    date_check(vm, base, t_launch, "pc")
    io = vm.cmd("ioports")
    t.ok(re.search(r"^\s*0070-0077 : rtc0$", io, re.M), "pc: ioports has 0070-0077 : rtc0", io)
    irq8_check(vm, "pc")
    out = vm.cmd("pnp").strip()
    t.ok(out == reference_pnp(), "pc: pnp equals Linux's /sys/bus/pnp/devices",
         "porthole:\n%s\nLinux:\n%s" % (out, reference_pnp()))
    ns = vm.cmd("acpi ns")
    t.ok(re.search(r"^    \\_SB_\.\S+\.RTC_ PNP0B00 .*\n      io 0x0070-0x0077\n"
                   r"      irq 8 edge high$", ns, re.M),
         "pc: acpi ns shows the RTC with its _CRS, inside the ISA bridge", ns)
    t.ok(re.search(r"^\\_SB_\.LNKA PNP0C0F .*_STA computed by AML\n  _CRS computed by AML$",
                   ns, re.M), "pc: a Method _CRS is reported as computed by AML", ns)

# Into the year 2000: the century comes from the CMOS byte the FADT names.
# (QEMU 7.2 keeps -rtc base in 32 bits of seconds: a base past 2038 wraps
# to 1963, so a rollover into 2100 cannot be asked of it.)
base = "1999-12-31T23:59:58"
t_launch = time.time()
with VM(extra=["-rtc", "base=" + base], timeout=120) as vm:
    vm.wait_prompt()
    vm.cmd("sleep 2500")
    out = date_check(vm, base, t_launch, "pc, 1999")
    t.ok(out.endswith("UTC 2000") and out.startswith("Sat Jan  1"),
         "pc: after the rollover it is Saturday, 1 January 2000", out)

# 1969: two digits "69" would be 2069 by the no-century rule; the CMOS
# century byte says 19.
base = "1969-07-20T20:17:40"
t_launch = time.time()
# This boot uses the 8259s (noapic), so IRQ 8 is counted through both
# controllers on pc.
with VM(append="noapic", extra=["-rtc", "base=" + base], timeout=120) as vm:
    vm.wait_prompt()
    out = date_check(vm, base, t_launch, "pc, 1969")
    t.ok(out.endswith("UTC 1969"), "pc: 1969 from the century byte, not 2069", out)
    t.ok(re.search(r"^\s*8:\s+\d+\s+XT-PIC\s+rtc0$", vm.cmd("interrupts"), re.M),
         "pc noapic: rtc0 is on the 8259 (XT-PIC)")
    irq8_check(vm, "pc noapic")

# q35: ICH9's RTC, a leap day.
base = "2024-02-29T12:34:56"
t_launch = time.time()
with VM(machine="q35", extra=["-rtc", "base=" + base], timeout=120) as vm:
    boot = vm.wait_prompt()
    t.ok("rtc0: MC146818 at 0070-0077" in boot, "q35: claimed from its _CRS", boot[-3000:])
    out = date_check(vm, base, t_launch, "q35")
    t.ok(out.startswith("Thu Feb 29 12:3"), "q35: a leap day, Thursday", out)
    irq8_check(vm, "q35")
    pnp = vm.cmd("pnp")
    t.ok(re.search(r"^00:05 PNP0c01\nstate = active\nmem 0x[0-9a-f]+-0x[0-9a-f]+ window$",
                   pnp, re.M) and "00:04 PNP0b00" in pnp,
         "q35: RTC is 00:04, the MMCONFIG reservation PNP0C01 is 00:05", pnp)

# isapc: no ACPI, so 0070-0071, and no century byte: 37 is 2037, 38 2038.
base = "2037-12-31T23:59:59"
t_launch = time.time()
with VM(machine="isapc", nic=None, extra=["-cpu", "qemu32", "-rtc", "base=" + base],
        timeout=120) as vm:
    boot = vm.wait_prompt()
    t.ok(re.search(r"^rtc0: MC146818 at 0070-0071 \(PC/AT default\), irq 8, .*century "
                   r"byte: none", boot, re.M), "isapc: the PC/AT ports, no century byte",
         boot[-3000:])
    vm.cmd("sleep 1500")
    out = date_check(vm, base, t_launch, "isapc")
    t.ok(out.startswith("Fri Jan  1 00:00") and out.endswith("UTC 2038"),
         "isapc: into 2038 without a century byte", out)
    io = vm.cmd("ioports")
    t.ok(re.search(r"^0070-0071 : rtc0$", io, re.M), "isapc: ioports has 0070-0071 : rtc0", io)
    t.ok("no ACPI" in vm.cmd("pnp"), "isapc: pnp says there is no ACPI")

t.done()
