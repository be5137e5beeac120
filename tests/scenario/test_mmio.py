#!/usr/bin/env python3
"""mmio-demo and pci_iomap on real (QEMU) devices: the std VGA's Bochs
DISPI ID read through ports 0x1ce/0x1cf and through BAR2 + 0x500 gives the
same value, in 0xb0c0..0xb0c5, every way (inw, readw, readl, ioread16 on a
port cookie, ioread32 on an ioremap address); the 8-bit port read gives
0xff; the demo claims its ranges inside the VGA's BAR node and gives them
back; without a std VGA it says so in one line. On an RTL8139 machine
(one register block behind an I/O BAR and a memory BAR) ioread32 through
both cookies pci_iomap returns reaches the same register (ktest
pci_iomap)."""
import re
import sys

from vm import VM, TAP, EXIT_KTEST_PASS

t = TAP()
with VM(append="panic=exit", nic=None) as vm:
    vm.wait_prompt()
    # Mappings the drivers keep (Local APIC, I/O APIC, HPET), before the demo.
    m = re.search(r"^Ioremap:\s+\d+ kB\s+\(\d+ mappings", vm.cmd("meminfo"), re.M)
    boot_maps = m.group(0) if m else "Ioremap: ? kB (? mappings"
    vm.cmd("outw 0x1ce 0")
    m = re.search(r"inw 01cf = ([0-9a-f]{4})", vm.cmd("inw 0x1cf"))
    port_id = int(m.group(1), 16) if m else None
    out = vm.cmd("mmio-demo 1000")
    rows = {}
    for mm in re.finditer(r"^  (\S.*?)\s{2,}(port, 8 bits|port cookie|MMIO address|port|MMIO|cached)\s+([0-9a-f]+)\s*(\d*)$", out, re.M):
        rows[mm.group(1)] = (int(mm.group(3), 16), mm.group(4))
    ids = [rows.get(k, (None,))[0] for k in ("inw(0x1cf)", "readw(BAR2+0x500)", "ioread16(cookie+1)")]
    ids += [rows[k][0] & 0xffff for k in ("readl(BAR2+0x500)", "ioread32(BAR2+0x500)") if k in rows]
    t.ok(len(ids) == 5 and len(set(ids)) == 1 and ids[0] == port_id and 0xb0c0 <= ids[0] <= 0xb0c5,
         "DISPI ID the same through inw, readw, readl, ioread16 (port), ioread32 (MMIO): %s"
         % [hex(i) for i in ids if i is not None], out)
    t.ok(rows.get("inb(0x1cf)", (None,))[0] == 0xff, "an 8-bit read of the data port gives ff", out)
    t.ok(all(rows.get(k, (0, ""))[1].isdigit() for k in
             ("inw(0x1cf)", "readl(BAR2+0x500)", "ioread16(cookie+1)", "ioread32(BAR2+0x500)", "RAM read")),
         "cycles shown for every timed access", out)
    t.ok(re.search(r"claimed ioports 01ce-01cf and iomem [0-9a-f]{8}-[0-9a-f]{8} \(inside 0000:00:02\.0\) as \"bochs-dispi\"", out),
         "the demo claims the ports and the DISPI window inside the BAR's node", out)
    t.ok("port and MMIO give the same ID" in out, "the demo's own verdict agrees", out)
    after = vm.cmd("iomem") + vm.cmd("ioports")
    t.ok("bochs-dispi" not in after, "released again afterwards", after)
    out = vm.cmd("meminfo")
    t.ok(re.search("^" + re.escape(boot_maps), out, re.M), "BAR2 unmapped again", out)
    out = vm.cmd("mmio-demo 0")
    t.ok("usage:" in out, "mmio-demo 0 rounds: usage", out)

with VM(append="panic=exit", nic=None, extra=["-vga", "none"]) as vm:
    vm.wait_prompt()
    out = vm.cmd("mmio-demo")
    t.ok(out.strip().startswith("mmio-demo: no QEMU standard VGA (PCI 1234:1111)") and
         len(out.strip().split("\n")) == 1, "without a std VGA: one clear line", out)
    t.ok("Commands" in vm.cmd("help"), "and the shell answers")

with VM(append="ktest=pci_iomap panic=exit", nic="rtl8139") as vm:
    status = vm.wait_exit(120)
    vm.reader.join(5)
    out = vm.out
    t.ok(re.search(r"^  ok \d+ io_and_memory_bars_reach_one_register$", out, re.M),
         "RTL8139: ioread32 through the I/O-BAR cookie and the MMIO-BAR address agree", out[-2500:])
    t.ok(re.search(r"^  ok \d+ vga_bar2_and_unused_bars$", out, re.M),
         "pci_iomap of VGA BAR2: ioread16 gives the DISPI ID; unused BARs refused", out[-2500:])
    t.ok(status == EXIT_KTEST_PASS, "ktest=pci_iomap exit status %d (want %d)" % (status, EXIT_KTEST_PASS))
sys.exit(t.done())
