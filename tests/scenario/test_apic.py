#!/usr/bin/env python3
"""Interrupts and time through memory (issue 13): the I/O APIC and Local
APIC, the HPET and ACPI PM timer, MSI, and QEMU's edu device.

pc with -device edu (the APICs deliver):
- the boot lines Linux prints for the same machine ("Enabling APIC mode",
  the IOAPIC line, "hpet0: 3 comparators, ...") character for character;
  "..TIMER" names the pin the MADT's override gives IRQ 0;
- `apic`: every redirection entry the boot log's overrides describe is
  programmed with that trigger and polarity, the line's vector, to this
  CPU; lines nobody owns are masked; the Local APIC is enabled with its
  spurious vector, LINT0 (the 8259's virtual wire) masked, LINT1 NMI as
  the MADT's LAPIC_NMI says, the timer periodic; both 8259s' mask
  registers read ff (`inb -f 0x21`, `inb -f 0xa1`);
- `iomem`: edu's BAR0 claimed as `edu` at the address QEMU's `info pci`
  gives, nested under its PCI function;
- edu: alive (liveness inverse), factorials for several N equal Python's
  (mod 2^32) polled and by interrupt; INTx through the I/O APIC is
  level-triggered ("fasteoi" and "level" in `apic`) and counted; MSI gets
  a line numbered after the I/O APIC's GSIs, Linux's hwirq
  (bus << 8 | devfn) << 11, lspci -v shows MSI: Enable+ with the message
  address 0xfee00000 | APIC ID << 12 and the line's vector as data; the
  INTx line does not move while MSI is on; the DMA round trip is
  byte-exact; bad arguments get one line each;
- `clocksource`: the four clocks, how each is read, a cost per read, the
  HPET and the PM timer agree with each other within 500 ppm; uptime reads
  the HPET and follows the wall clock.
noapic with edu (Linux's meaning: no I/O APIC, the Local APIC stays):
virtual wire mode, the XT-PIC layout with LOC growing and IRQ 0 resting,
edu's INTx through the 8259 and its MSI counted, `apic` shows LINT0 open
(ExtINT), the 8259s' masks not all ff. nolapic with edu: the 8259s alone,
MSI refused with one line, `apic` says the APICs are not in use.
The interrupt ktests (irq, time, pit, rtc, apic, edu) pass with the APICs
and with noapic on pc (with ata and a disk: its lost-interrupt check) and
on q35 (with noapic also ahci and a disk: q35 has no IDE); irq, time,
apic, edu and trace with nolapic (the 8259's EOI by port). The checks
that skip elsewhere must run there (no SKIP); the edu DMA refusal prints
its one line.
q35 with edu: the IO-APIC layout, LOC grows, edu over INTx and MSI.
isapc (-cpu qemu32): no MADT, one line, the 8259s, the timer ticks.
"""
import math
import os
import re
import sys
import time

import ata_common
from vm import VM, TAP, FIRMWARE_REFERENCE, EXIT_KTEST_PASS

# Linux's ISA_IRQ_VECTOR(0): line n on vector 0x30 + n (kernel/trap.h)
IRQ_BASE_VECTOR = 0x30
t = TAP()
FACT_N = (0, 1, 5, 10, 12, 13, 20, 34)


def reference_dmesg():
    text = open(FIRMWARE_REFERENCE).read()
    return text.split("=== dmesg")[1].split("\n===")[0].split("\n")[1:]


def overrides(boot):
    """(bus_irq, gsi, polarity, trigger) from the boot log's INT_SRC_OVR."""
    return [(int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)) for m in re.finditer(
        r"^ACPI: INT_SRC_OVR \(bus 0 bus_irq (\d+) global_irq (\d+) (\w+) (\w+)\)$", boot, re.M)]


def redirection_table(out):
    """pin -> dict of the decoded fields of `apic`'s redirection table."""
    rows = {}
    for m in re.finditer(r"^ +(\d+) +(\d+)  ([0-9a-f]{8})_([0-9a-f]{8})  0x([0-9a-f]{2})  (\w+) +"
                         r"(log|phy) 0x([0-9a-f]{2}) (high|low) +(edge|level) +(masked|unmasked) +"
                         r"[P-][R-] (\S+)$", out, re.M):
        rows[int(m.group(1))] = dict(gsi=int(m.group(2)), vector=int(m.group(5), 16),
                                     delivery=m.group(6), destmod=m.group(7),
                                     dest=int(m.group(8), 16), polarity=m.group(9),
                                     trigger=m.group(10), masked=m.group(11) == "masked",
                                     irq=m.group(12))
    return rows


def edu_bdf(vm):
    out = vm.cmd("lspci")
    m = re.search(r"^([0-9a-f]{2}):([0-9a-f]{2})\.(\d) .*\[1234:11e8\]", out, re.M)
    return (int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))) if m else None


def interrupt_line(text, name):
    """(irq, count, chip, hwirq, flow) of the line whose handlers include name."""
    for ln in text.split("\n"):
        m = re.match(r"^ {0,2}(\d+): +(\d+) +(IO-APIC|PCI-MSI) +(\d+)-(edge|fasteoi) +(.*)$", ln)
        if m and name in [n.strip() for n in m.group(6).split(",")]:
            return int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4)), m.group(5)
        m = re.match(r"^ {0,2}(\d+): +(\d+) +XT-PIC  (.*)$", ln)
        if m and name in [n.strip() for n in m.group(3).split(",")]:
            return int(m.group(1)), int(m.group(2)), "XT-PIC", None, None
    return None


def check_boot_lines(boot):
    ref = reference_dmesg()
    for want in ("Enabling APIC mode:  Flat.  Using 1 I/O APICs",
                 "APIC: Switch to symmetric I/O mode setup"):
        t.ok(want in ref and re.search("^" + re.escape(want) + "$", boot, re.M),
             "boot: Linux's line '%s'" % want, boot)
    io = [ln for ln in ref if ln.startswith("IOAPIC[0]:")][0]
    t.ok(re.search("^" + re.escape(io) + "$", boot, re.M), "boot: Linux's line '%s'" % io, boot)
    hp = [ln for ln in ref if ln.startswith("hpet0: ") and "comparators" in ln][0]
    t.ok(re.search("^" + re.escape(hp) + "$", boot, re.M), "boot: Linux's line '%s'" % hp, boot)
    pin0 = {o[0]: o[1] for o in overrides(boot)}.get(0, 0)
    t.ok(re.search(r"^\.\.TIMER: vector=0x%02x apic1=0 pin1=%d apic2=-1 pin2=-1$"
                   % (IRQ_BASE_VECTOR, pin0), boot, re.M),
         "boot: ..TIMER names pin %d, where the override puts IRQ 0" % pin0, boot)
    tl = [ln for ln in ref if ln.startswith("..TIMER:")]
    t.ok(tl and re.search("^" + re.escape(tl[0]) + "$", boot, re.M),
         "boot: Linux's line '%s' (IRQ 0 on Linux's vector)" % (tl and tl[0]), boot)
    t.ok(re.search(r"^lapic: timer at \d+\.\d{3} MHz .* IRQ 0 masked then$", boot, re.M),
         "boot: the Local APIC timer is calibrated and takes the tick", boot)
    t.ok("clocksource: uptime shows hpet; kernel time stays on tsc" in boot,
         "boot: uptime shows the HPET, kernel time stays on the TSC", boot)


def check_apic(vm, boot):
    out = vm.cmd("apic")
    rows = redirection_table(out)
    t.ok(len(rows) == 24, "apic: 24 redirection entries decoded (IOAPICVER says 24)", out)
    ovr = overrides(boot)
    t.ok(len(ovr) >= 2, "apic: the boot log has overrides to check against", boot)
    for irq, gsi, pol, trig in ovr:
        r = rows.get(gsi, {})
        want_trig = "level" if trig == "level" else "edge"
        want_pol = "low" if pol == "low" else "high"
        t.ok(r.get("irq") == str(irq) and r.get("vector") == IRQ_BASE_VECTOR + irq and
             r.get("trigger") == want_trig and r.get("polarity") == want_pol and
             r.get("delivery") == "Fixed" and r.get("destmod") == "log" and r.get("dest") == 1,
             "apic: GSI %d carries IRQ %d, vector 0x%02x, %s, active %s, to this CPU"
             % (gsi, irq, IRQ_BASE_VECTOR + irq, want_trig, want_pol), out)
    owned = {"1", "4"}
    t.ok(all(not r["masked"] for r in rows.values() if r["irq"] in owned),
         "apic: the entries of i8042 (1) and ttyS0 (4) are unmasked", out)
    t.ok(rows.get(7, {}).get("masked") and rows.get(3, {}).get("masked"),
         "apic: lines nobody owns (3, 7) are masked", out)
    timer_pin = {o[0]: o[1] for o in ovr}.get(0, 0)
    t.ok(rows.get(timer_pin, {}).get("masked"),
         "apic: IRQ 0's entry is masked: the Local APIC timer ticks", out)
    t.ok(re.search(r"SVR +0x000001ff +spurious vector 0xff, APIC enabled", out),
         "apic: Local APIC software-enabled, spurious vector 0xff", out)
    t.ok(re.search(r"LVT LINT0 0x000107\d\d +vector 0x\w\w +ExtINT masked", out),
         "apic: LINT0, the 8259's virtual wire, masked", out)
    lint = re.search(r"LAPIC_NMI \(acpi_id\[0x\w+\] \w+ \w+ lint\[0x(\d)\]\)", boot)
    t.ok(lint and re.search(r"LVT LINT%s 0x\w+ +vector 0x00 +NMI +unmasked" % lint.group(1), out),
         "apic: the LINT the MADT's LAPIC_NMI names is NMI", out)
    t.ok(re.search(r"LVT timer 0x000200ec +vector 0xec +Fixed +unmasked", out) and
         "periodic" in out, "apic: the Local APIC timer is periodic on vector 0xec", out)
    t.ok(re.search(r"^  ISR +(00000000 ){7}00000000 ", out, re.M),
         "apic: nothing left in service (every interrupt had its EOI)", out)


def pic_masks(vm):
    """The two 8259s' interrupt mask registers (OCW1), read with `inb -f`
    (the ports are pic1's and pic2's: -f reads them anyway)."""
    masks = []
    for port in (0x21, 0xa1):
        out = vm.cmd("inb -f 0x%x" % port)
        m = re.match(r"^inb %04x = ([0-9a-f]{2})$" % port, out.split("\n")[0])
        masks.append(int(m.group(1), 16) if m else None)
    return masks, out


def check_pic_masked(vm):
    """With the I/O APIC delivering, both 8259s are masked: LINT0 is masked
    too, so an open 8259 would go unnoticed by every other check."""
    (m1, m2), out = pic_masks(vm)
    t.ok(m1 == 0xff and m2 == 0xff,
         "apic: both 8259s fully masked (IMR 0x21 = %s, 0xa1 = %s)"
         % (m1 is not None and "%02x" % m1, m2 is not None and "%02x" % m2), out)


def qemu_bar0(vm, vendor_device):
    """(start, end) of BAR0 of the function vendor_device ("1234:11e8") as
    QEMU's monitor `info pci` says."""
    info = vm.monitor("info pci")
    block = info.split("PCI device %s" % vendor_device)[1].split("  Bus ")[0]
    m = re.search(r"BAR0: 32 bit memory at 0x([0-9a-f]+) \[0x([0-9a-f]+)\]", block)
    return (int(m.group(1), 16), int(m.group(2), 16)) if m else None


def check_iomem_edu(vm):
    """`iomem`: edu's claim of BAR0, at the address QEMU gave the BAR,
    nested right under its PCI function's line (as Linux's /proc/iomem)."""
    bdf = edu_bdf(vm)
    bar = qemu_bar0(vm, "1234:11e8")
    out = vm.cmd("iomem")
    lines = out.split("\n")
    want = bar and "%08x-%08x : edu" % bar
    idx = [i for i, ln in enumerate(lines) if ln.strip() == want]
    ok = False
    if idx and bdf:
        i = idx[0]
        depth = len(lines[i]) - len(lines[i].lstrip())
        parent = [ln for ln in lines[:i] if len(ln) - len(ln.lstrip()) < depth]
        ok = depth > 0 and parent and parent[-1].strip() == "%08x-%08x : 0000:%02x:%02x.%d" % (
            bar + bdf) and len(parent[-1]) - len(parent[-1].lstrip()) == depth - 2
    t.ok(ok, "iomem: '%s' nested under its function 0000:%s (QEMU's info pci BAR0)"
         % (want, bdf and "%02x:%02x.%d" % bdf), out)


def check_edu_basics(vm):
    out = vm.cmd("edu")
    t.ok(re.search(r"liveness: wrote 0x([0-9a-f]{8}), read 0x([0-9a-f]{8}) \(its inverse: alive\)",
                   out), "edu: the liveness register reads back the inverse", out)
    m = re.search(r"liveness: wrote 0x([0-9a-f]{8}), read 0x([0-9a-f]{8})", out)
    t.ok(m and int(m.group(1), 16) ^ int(m.group(2), 16) == 0xffffffff,
         "edu: inverse checked by the host too", out)
    t.ok(re.search(r"id 0x[0-9a-f]{6}ed ", out), "edu: identification ends in 0xed", out)
    for n in FACT_N:
        out = vm.cmd("edu fact %d" % n)
        want = math.factorial(n) % 2**32
        m = re.search(r"^(\d+)! = (\d+) \(0x[0-9a-f]{8}, mod 2\^32\): polled \d+ us; with the "
                      r"interrupt-when-done bit (\d+) \(\d+ us\)$", out, re.M)
        t.ok(m and int(m.group(2)) == want and int(m.group(3)) == want,
             "edu: %d! = %d (mod 2^32), polled and by interrupt" % (n, want), out)
    for bad, msg in (("edu fact x", "edu fact: N must be a number"),
                     ("edu dma 0", "edu dma: SIZE must be"),
                     ("edu dma 5000", "edu dma: SIZE must be"),
                     ("edu irq bogus", "edu irq: mode is intx or msi"),
                     ("edu frob", "usage: edu")):
        out = vm.cmd(bad)
        t.ok(out.strip().startswith(msg) and len(out.strip().split("\n")) == 1,
             "edu: '%s' gets one line" % bad, out)
    out = vm.cmd("edu dma 4095")
    m = re.search(r"4095 bytes, crc32 ([0-9a-f]{8}) -> ([0-9a-f]{8}): byte-exact", out)
    t.ok(m and m.group(1) == m.group(2), "edu: DMA RAM -> device -> RAM is byte-exact", out)
    m = re.search(r"RAM 0x([0-9a-f]{8}) -> device 0x40000", out)
    t.ok(m and int(m.group(1), 16) + 4095 < 1 << 28,
         "edu: the DMA buffer lies below the device's 28-bit mask", out)


def check_edu_intx(vm, layout):
    out = vm.cmd("edu irq intx 10")
    t.ok(re.search(r"raise register -> handler: 10 rounds, min \d+ avg \d+ max \d+ cycles; "
                   r"interrupt status 0x00000000 after the ack", out),
         "%s: edu INTx: 10 raises, each handled and acknowledged" % layout, out)
    a = vm.cmd("interrupts")
    line = interrupt_line(a, "edu")
    t.ok(line is not None, "%s: edu's INTx line in `interrupts`" % layout, a)
    if not line:
        return None
    irq, count = line[0], line[1]
    if layout == "IO-APIC":
        t.ok(line[2] == "IO-APIC" and line[4] == "fasteoi",
             "IO-APIC: edu's INTx is level-triggered (fasteoi)", a)
        rows = redirection_table(vm.cmd("apic"))
        t.ok(rows.get(line[3], {}).get("trigger") == "level",
             "IO-APIC: its redirection entry is level-triggered", str(rows.get(line[3])))
    else:
        t.ok(line[2] == "XT-PIC", "XT-PIC: edu's INTx on the 8259", a)
    vm.cmd("edu irq intx 5")
    text = vm.cmd("interrupts")
    b = interrupt_line(text, "edu")
    t.ok(b and b[1] >= count + 5, "%s: edu's line counted 5 more (%d -> %s)"
         % (layout, count, b and b[1]))
    if layout == "IO-APIC":
        # Linux's MIS: level interrupts the Local APIC took as edge. A real
        # level INTx has its TMR bit set: none here.
        t.ok(re.search(r"^ERR: +\d+\nMIS: +0$", text, re.M),
             "IO-APIC: MIS row after ERR, 0 after 15 level interrupts", text)
    return irq


def check_edu_msi(vm, intx_irq):
    bdf = edu_bdf(vm)
    out = vm.cmd("edu irq msi 10")
    t.ok("raise register -> handler: 10 rounds" in out, "MSI: 10 raises handled", out)
    a = vm.cmd("interrupts")
    line = interrupt_line(a, "edu")
    intx = [int(m.group(2)) for m in re.finditer(r"^ {0,2}(\d+): +(\d+) ", a, re.M)
            if int(m.group(1)) == intx_irq]
    t.ok(line and line[2] == "PCI-MSI" and line[4] == "edge" and line[0] >= 24 and line[1] == 10,
         "MSI: its own line from 24 up, PCI-MSI edge, 10 interrupts", a)
    if bdf:
        hw = ((bdf[0] << 8) | (bdf[1] << 3) | bdf[2]) << 11
        t.ok(line and line[3] == hw, "MSI: Linux's hwirq (bus << 8 | devfn) << 11 = %d" % hw, a)
        t.ok(re.search(r"^ {0,2}%d: +10   PCI-MSI %d-edge      edu$" % (line[0], hw), a, re.M)
             if line else False, "MSI: the line in Linux's layout", a)
        out = vm.cmd("lspci -v")
        dev = out.split("%02x:%02x.%d" % bdf)[1].split("\n\n")[0]
        m = re.search(r"Capabilities: \[\w+\] MSI: Enable\+ Count=1/1 Maskable[+-] 64bit\+\n"
                      r"\t\tAddress: ([0-9a-f]{16})  Data: ([0-9a-f]{4})", dev)
        t.ok(m is not None, "MSI: lspci -v shows MSI: Enable+ and the message", dev)
        if m and line:
            addr, data = int(m.group(1), 16), int(m.group(2), 16)
            t.ok(addr & 0xfff00fff == 0xfee00000 and data & 0xff == IRQ_BASE_VECTOR + line[0] and
                 not data & 0x8000,
                 "MSI: address 0x%x in the Local APIC window, data 0x%04x = vector 0x%02x, edge"
                 % (addr, data, IRQ_BASE_VECTOR + line[0]), dev)
    vm.cmd("edu irq msi 3")
    b = vm.cmd("interrupts")
    intx2 = [int(m.group(2)) for m in re.finditer(r"^ {0,2}(\d+): +(\d+) ", b, re.M)
             if int(m.group(1)) == intx_irq]
    t.ok(intx == intx2, "MSI: the INTx line did not move (%s -> %s): INTx is off" % (intx, intx2))
    out = vm.cmd("edu irq intx 1")
    t.ok("edu irq intx:" in out and "1 rounds" in out, "MSI: back to INTx works", out)


def check_clocksource(vm):
    out = vm.cmd("clocksource", timeout=60)
    rows = {}
    for m in re.finditer(r"^(\w+) +(\d+\.\d{6}) MHz .*? +(\d+)  (.+)$", out, re.M):
        rows[m.group(1)] = (float(m.group(2)), int(m.group(3)), m.group(4))
    t.ok(set(rows) == {"tsc", "hpet", "acpi_pm", "pit"},
         "clocksource: tsc, hpet, acpi_pm, pit listed", out)
    t.ok("rdtsc" in rows.get("tsc", (0, 0, ""))[2] and "MMIO" in rows.get("hpet", (0, 0, ""))[2]
         and "port" in rows.get("acpi_pm", (0, 0, ""))[2]
         and "latch" in rows.get("pit", (0, 0, ""))[2],
         "clocksource: each says how it is read (instruction, MMIO, port, latch)", out)
    t.ok(all(r[1] > 0 for r in rows.values()), "clocksource: a cost per read for each", out)
    t.ok(abs(rows.get("acpi_pm", (0,))[0] - 3.579545) < 1e-6,
         "clocksource: the PM timer at 3.579545 MHz", out)
    ppm = {m.group(1): (1 if m.group(2) == "+" else -1) * int(m.group(3)) for m in re.finditer(
        r"^  (\w+) +\d+ counts = \d+\.\d{6} s, ([+-])(\d+) ppm from the TSC(?!.*unreliable)",
        out, re.M)}
    t.ok("hpet" in ppm and "acpi_pm" in ppm and abs(ppm["hpet"] - ppm["acpi_pm"]) <= 500,
         "clocksource: the HPET and the PM timer agree within 500 ppm (%s)" % ppm, out)
    t.ok("uptime shows: hpet; kernel time reads: tsc" in out,
         "clocksource: uptime shows the HPET, kernel time reads the TSC", out)
    out = vm.cmd("clocksource x")
    t.ok(out.startswith("usage: clocksource"), "clocksource: bad argument, usage", out)


def check_uptime(vm):
    def up():
        m = re.match(r"^(\d+\.\d{3}) s ", vm.cmd("uptime").strip())
        return float(m.group(1))
    w0 = time.monotonic()
    u0 = up()
    time.sleep(2)
    u1 = up()
    w1 = time.monotonic()
    t.ok(abs((u1 - u0) - (w1 - w0)) <= 0.15 * (w1 - w0) + 0.3,
         "uptime (the HPET) advanced %.3f s over %.3f s of wall time" % (u1 - u0, w1 - w0))


def default_pc():
    with VM(append="", extra=["-device", "edu"], timeout=600) as vm:
        boot = vm.wait_prompt(120)
        check_boot_lines(boot)
        t.check("apic checks ran", lambda: check_apic(vm, boot))
        t.check("8259 mask checks ran", lambda: check_pic_masked(vm))
        t.check("iomem check ran", lambda: check_iomem_edu(vm))
        t.check("edu checks ran", lambda: check_edu_basics(vm))
        irq = check_edu_intx(vm, "IO-APIC")
        t.check("edu MSI checks ran", lambda: check_edu_msi(vm, irq))
        t.check("clocksource checks ran", lambda: check_clocksource(vm))
        t.check("uptime checks ran", lambda: check_uptime(vm))


def clocksource_option():
    with VM(append="clocksource=hpet", nic=None, timeout=200) as vm:
        boot = vm.wait_prompt(120)
        t.ok("clocksource: Switched to clocksource hpet" in boot,
             "clocksource=hpet: kernel time switches to the HPET", boot)
        out = vm.cmd("clocksource")
        t.ok("uptime shows: hpet; kernel time reads: hpet" in out,
             "clocksource=hpet: both read the HPET", out)
        out = vm.cmd("sleep 200")
        t.ok(out.startswith("slept ") and "asked 200 ms" in out, "clocksource=hpet: sleep works", out)


def noapic_pc():
    """noapic as Linux means it: no I/O APIC; the Local APIC stays, with
    LINT0 open to the 8259 (virtual wire), its timer the tick, MSI."""
    with VM(append="noapic", extra=["-device", "edu"], timeout=300) as vm:
        boot = vm.wait_prompt(120)
        t.ok("APIC: Switch to virtual wire mode setup" in boot and
             "Enabling APIC mode" not in boot, "noapic: virtual wire mode, no I/O APIC setup",
             boot)
        t.ok(re.search(r"^lapic: timer at \d+\.\d{3} MHz .* IRQ 0 masked then$", boot, re.M),
             "noapic: the Local APIC timer is calibrated and takes the tick", boot)
        # Linux's acpi_parse_madt_ioapic_entries under noapic: the Local
        # APIC entries, then one line, and no I/O APIC or override lines.
        t.ok(re.search(r"^ACPI: LAPIC_NMI \(.*\)\nACPI: Skipping IOAPIC probe due to "
                       r"'noapic' option\.$", boot, re.M) and "IOAPIC[0]:" not in boot and
             "INT_SRC_OVR" not in boot,
             "noapic: the MADT's lines as Linux's: LAPIC_NMI, then 'Skipping IOAPIC probe', "
             "no IOAPIC[0] or INT_SRC_OVR", boot)
        a = vm.cmd("interrupts")
        time.sleep(0.5)
        b = vm.cmd("interrupts")
        t.ok(re.search(r"^  0: +\d+    XT-PIC  timer$", a, re.M) and "cascade" in a and
             "IO-APIC" not in a, "noapic: the XT-PIC layout, timer on IRQ 0, the cascade", a)
        la, lb = (re.search(r"^LOC: +(\d+)   Local timer interrupts$", x, re.M) for x in (a, b))
        t.ok(la and lb and int(lb.group(1)) > int(la.group(1)) + 100,
             "noapic: LOC grows (the Local APIC timer is the tick)", a + b)
        ta, tb = (interrupt_line(x, "timer") for x in (a, b))
        t.ok(ta and tb and tb[1] - ta[1] <= 2, "noapic: IRQ 0 rests (%s -> %s)" % (ta, tb), a + b)
        (m1, m2), out = pic_masks(vm)
        # The 8259s deliver: the lines with handlers are open on them
        # (timer, keyboard, cascade, serial on the master at least).
        t.ok(m1 is not None and m2 is not None and m1 != 0xff,
             "noapic: the 8259s are not all masked (IMR 0x21 = %s, 0xa1 = %s)"
             % (m1 is not None and "%02x" % m1, m2 is not None and "%02x" % m2), out)
        check_edu_intx(vm, "XT-PIC")
        out = vm.cmd("edu irq msi 10")
        m = interrupt_line(vm.cmd("interrupts"), "edu")
        t.ok("10 rounds" in out and m and m[2] == "PCI-MSI" and m[1] == 10,
             "noapic: edu over MSI, 10 interrupts counted on its PCI-MSI line", out + str(m))
        out = vm.cmd("apic")
        t.ok(re.search(r"LVT LINT0 0x00000700 +vector 0x00 +ExtINT unmasked", out) and
             "I/O APIC: not in use" in out,
             "noapic: `apic`: LINT0 ExtINT unmasked (virtual wire), no I/O APIC", out)


def nolapic_pc():
    """nolapic: the 8259s alone, as before: the PIT ticks, no MSI."""
    with VM(append="nolapic", extra=["-device", "edu"], timeout=300) as vm:
        boot = vm.wait_prompt(120)
        t.ok("APIC: Keep in PIC mode(8259)" in boot and "Enabling APIC mode" not in boot and
             not re.search(r"^lapic:", boot, re.M), "nolapic: one line, no APIC setup", boot)
        # nolapic clears the APIC from CPUID before Linux reads the MADT,
        # and acpi_parse_madt gives up: none of its lines.
        t.ok("ACPI: APIC 0x" in boot and not re.search(r"^(ACPI: (LAPIC|INT_SRC_OVR|NMI_SRC)|"
                                                         r"IOAPIC\[|ACPI: Skipping)", boot, re.M),
             "nolapic: the MADT is listed, none of its entries printed (as Linux)", boot)
        a = vm.cmd("interrupts")
        t.ok(re.search(r"^  0: +\d+    XT-PIC  timer$", a, re.M) and "LOC" not in a and
             "cascade" in a, "nolapic: the XT-PIC layout, timer on IRQ 0, the cascade", a)
        check_edu_intx(vm, "XT-PIC")
        out = vm.cmd("edu irq msi")
        lines = [ln for ln in out.replace("\r", "").split("\n") if ln.strip()]
        t.ok(len(lines) == 1 and "MSI needs the Local APIC, which is not in use" in lines[0],
             "nolapic: `edu irq msi` refused in one line", out)
        out = vm.cmd("edu irq")
        t.ok("edu irq intx:" in out, "nolapic: edu stays on INTx after the refusal", out)
        out = vm.cmd("apic")
        t.ok("not set up" in out and "not in use" in out, "nolapic: `apic` says so", out)


_disk = []


def scratch_disk():
    """One seeded scratch image for the ktest boots that run the disk
    suites (ata on pc's PIIX, ahci on q35), made on first use."""
    if not _disk:
        _disk.append(ata_common.make_image(16 << 20, seed=13))
    return _disk[0]


def ktests(append, label, machine="pc", must_run=(), disk=False, lines=()):
    """Boot with the suites in append; they pass, and the checks named in
    must_run ran there instead of skipping (they skip on the default
    machine, or need this mode, and this is where docs/testing.md says
    they run). lines: regexes of lines the tests must have printed."""
    with VM(append=append + " panic=exit", machine=machine, extra=["-device", "edu"],
            disk=scratch_disk() if disk else None, timeout=300) as vm:
        status = vm.wait_exit(280)
        fails = [ln for ln in vm.out.split("\n") if re.match(r"^\s*not ok", ln)]
        t.ok(status == EXIT_KTEST_PASS and not fails,
             "%s: ktest %s pass (status %d)" % (label, append.split()[0][6:], status),
             "\n".join(fails) + vm.out[-2000:])
        for name in must_run:
            t.ok(re.search(r"^\s*ok \d+ %s$" % name, vm.out, re.M),
                 "%s: %s runs here (no SKIP)" % (label, name),
                 "\n".join(ln for ln in vm.out.split("\n") if name in ln))
        for pat in lines:
            t.ok(re.search(pat, vm.out, re.M), "%s: the tests printed '%s'" % (label, pat),
                 vm.out[-2000:])


# The interrupt-driven ktests that every mode must pass: the PIT's (TSC
# calibration, counter-2 delays), the RTC's update interrupt on IRQ 8, the
# HPET read across its carry, and the disk's lost interrupt (the PIIX's
# IRQ 14 on pc; q35 has no IDE: its disk is AHCI's, on MSI).
IRQ_SUITES = "irq,time,pit,rtc,apic,edu"
MODE_CHECKS = ("tsc_calibration_waits_counts_and_restarts", "delays_last_as_long_as_counter_2_says",
               "update_ended_interrupt_counts_as_rtc0",
               "hpet_read_across_the_carry_into_the_high_half",
               "dma_buffer_refused_when_nothing_below_the_mask_is_free",
               "unowned_vector_by_ipi_ended_and_lines_still_deliver")
PC_DISK_CHECKS = ("lost_interrupt_recovered_by_polling", "read_modes_agree")
Q35_DISK_CHECKS = ("reads_agree_and_write_back", "stopped_port_times_out_and_recovers")
EDU_REFUSAL = (r"^edu: no free RAM frame lies at or below the DMA mask 0x[0-9a-f]+: the device "
               r"cannot reach any other",)


def q35():
    with VM(machine="q35", extra=["-device", "edu"], timeout=300) as vm:
        boot = vm.wait_prompt(120)
        t.ok("Enabling APIC mode:  Flat.  Using 1 I/O APICs" in boot, "q35: the APICs", boot)
        a = vm.cmd("interrupts")
        time.sleep(0.5)
        b = vm.cmd("interrupts")
        la = re.search(r"^LOC: +(\d+)", a, re.M)
        lb = re.search(r"^LOC: +(\d+)", b, re.M)
        t.ok(la and lb and int(lb.group(1)) > int(la.group(1)) + 100,
             "q35: LOC grows", a + b)
        irq = check_edu_intx(vm, "IO-APIC")
        out = vm.cmd("edu irq msi 5")
        t.ok("5 rounds" in out and "PCI-MSI" in out, "q35: edu over MSI", out)


def isapc():
    with VM(machine="isapc", nic=None, extra=["-cpu", "qemu32"], timeout=200) as vm:
        boot = vm.wait_prompt(120)
        t.ok("apic: no MADT (no ACPI, or acpi=off): the 8259 PICs deliver the interrupts"
             in boot, "isapc: no MADT, one line, the 8259s", boot)
        a = vm.cmd("interrupts")
        time.sleep(0.5)
        b = vm.cmd("interrupts")
        ca = re.search(r"^  0: +(\d+)    XT-PIC  timer$", a, re.M)
        cb = re.search(r"^  0: +(\d+)    XT-PIC  timer$", b, re.M)
        t.ok(ca and cb and int(cb.group(1)) > int(ca.group(1)) + 100,
             "isapc: the PIT ticks through the 8259", a + b)
        out = vm.cmd("edu")
        t.ok(out.strip().startswith("edu: no QEMU edu device"), "isapc: edu says none", out)


default_pc()
clocksource_option()
noapic_pc()
nolapic_pc()
EDU_CHECKS = ("level_intx_nobody_cares_is_masked", "msi_on_its_own_vector",
              "factorial_polled_and_by_interrupt")
# With noapic, edu's INTx goes through the 8259, edge-triggered: the level
# check skips there by design.
EDU_CHECKS_8259 = EDU_CHECKS[1:]
ktests("ktest=%s,ata" % IRQ_SUITES, "APIC", disk=True,
       must_run=EDU_CHECKS + MODE_CHECKS + PC_DISK_CHECKS, lines=EDU_REFUSAL)
ktests("ktest=%s,ata noapic" % IRQ_SUITES, "noapic", disk=True,
       must_run=EDU_CHECKS_8259 + MODE_CHECKS + PC_DISK_CHECKS)
ktests("ktest=irq,time,apic,edu,trace nolapic", "nolapic",
       must_run=("spurious_7_and_15_recognised", "ring_survives_a_flood_from_interrupt_context"))
# q35 with the APICs: test_ahci.py boots ktest=ahci there; with noapic
# nothing else does.
ktests("ktest=%s" % IRQ_SUITES, "q35 APIC", "q35", must_run=EDU_CHECKS + MODE_CHECKS)
ktests("ktest=%s,ahci noapic" % IRQ_SUITES, "q35 noapic", "q35", disk=True,
       must_run=EDU_CHECKS_8259 + MODE_CHECKS + Q35_DISK_CHECKS)
q35()
isapc()
for img in _disk:
    os.unlink(img)
sys.exit(t.done())
