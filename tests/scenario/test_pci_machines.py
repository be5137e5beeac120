#!/usr/bin/env python3
"""PCI on other machines, each checked against QEMU's own `info pci`:
q35 (ICH9, PCIe root complex, still mechanism #1), a PCI-to-PCI bridge with
a card behind it (windows "PCI Bus 0000:01" and the card's BARs nested in
them), a multi-function device (functions 1-7 found only through the
header type's multi-function bit), -nodefaults (nothing but the
chipset's own functions), and a 64-bit BAR placed above 4 GiB. Every
function, id, class, IRQ, BAR range, bridge window and the lspci -t
drawing must agree."""
import sys

from vm import VM, TAP
import pci_view

t = TAP()

MACHINES = [
    ("q35", dict(machine="q35")),
    ("bridge", dict(extra=["-device", "pci-bridge,id=br1,chassis_nr=1",
                           "-device", "e1000,bus=br1,addr=1"])),
    ("multifunction", dict(extra=["-device", "e1000,addr=5.0,multifunction=on",
                                  "-device", "e1000,addr=5.1"])),
    ("nodefaults", dict(extra=["-nodefaults"], nic=None)),
    # QEMU's test device with an 8 GiB 64-bit BAR: SeaBIOS must put it
    # above 4 GiB, where this 32-bit kernel cannot map it.
    ("above4g", dict(extra=["-device", "pci-testdev,membar=8G"])),
]


def nested_under(dump, window_name, bar_name):
    """Does some entry named bar_name sit directly inside a window entry
    named window_name in this pre-order dump?"""
    for i, (depth, s, e, n) in enumerate(dump):
        if n != window_name:
            continue
        for d2, s2, e2, n2 in dump[i + 1:]:
            if d2 <= depth:
                break
            if d2 == depth + 1 and n2 == bar_name and s <= s2 and e2 <= e:
                return True
    return False


for label, kw in MACHINES:
    with VM(timeout=60, **kw) as vm:
        boot = vm.wait_prompt()
        verbose = vm.cmd("lspci -v")
        tree = vm.cmd("lspci -t").rstrip("\n").split("\n")
        qemu = pci_view.parse_info_pci(vm.monitor("info pci"))
        ours = pci_view.parse_lspci_v(verbose)
        t.ok("pci: %d functions found" % len(qemu) in boot,
             "%s: boot counts %d functions" % (label, len(qemu)), boot[-500:])
        io, mem, how = pci_view.trees(vm)
        pci_view.compare(t, label, qemu, ours, io, mem)
        want = pci_view.expected_tree(qemu)
        t.ok(tree == want, "%s: lspci -t draws the buses as pciutils would" % label,
             "got:\n%s\nwant:\n%s" % ("\n".join(tree), "\n".join(want)))
        t.ok(any(n == "PCI conf1" and s == 0xcf8 and e == 0xcff for _, s, e, n in io),
             "%s: PCI conf1 0cf8-0cff claimed" % label)

        if label == "bridge":
            behind = [k for k in qemu if k.startswith("01:")]
            t.ok(len(behind) == 1, "bridge: one function found behind the bridge",
                 str(sorted(qemu)))
            for name in behind:
                t.ok(nested_under(io, "PCI Bus 0000:01", "0000:" + name) and
                     nested_under(mem, "PCI Bus 0000:01", "0000:" + name),
                     "bridge: %s's I/O and memory BARs nest in PCI Bus 0000:01 (%s)"
                     % (name, how), "ioports %s\niomem %s" % (io, mem))
        if label == "multifunction":
            t.ok("00:05.0" in ours and "00:05.1" in ours,
                 "multifunction: functions 0 and 1 of device 5 listed",
                 verbose[-1500:])
            single = [k for k in ours if not k.startswith("00:05.") and k.endswith(".0")]
            t.ok(all(k[:-1] + "1" not in ours or k.startswith("00:01") for k in single),
                 "multifunction: no phantom functions on single-function devices",
                 str(sorted(ours)))
        if label == "above4g":
            big = [(n, o) for n, o in ours.items() if o["id"] == "1b36:0005"]
            t.ok(len(big) == 1 and any(r[0] and r[0] >= 1 << 32 and "above 4G" in r[2]
                                       for r in big[0][1]["regions"].values()),
                 "above4g: lspci -v marks the 64-bit BAR above 4 GiB", verbose[-800:])
            t.ok("lies above 4 GiB: this 32-bit kernel (no PAE) cannot map it" in boot,
                 "above4g: boot reports the BAR it cannot map", boot[-800:])
        if label == "nodefaults":
            t.ok(len(ours) == len(qemu) and not any(o["class"] == 0x0200 for o in ours.values()),
                 "nodefaults: only the chipset's functions (%d)" % len(ours), verbose)

# Many functions (more than the 64 an old static pool held): every one is
# kept, listed, and agrees with QEMU's view. 72 test devices as 9 x 8
# functions on bus 0, and a bridge with 16 more (2 x 8) behind it.
extra = ["-device", "pci-bridge,id=br1,chassis_nr=1,addr=0x1f"]
for dev in range(4, 13):
    for fn in range(8):
        extra += ["-device", "pci-testdev,addr=%x.%d%s"
                  % (dev, fn, ",multifunction=on" if fn == 0 else "")]
for dev in range(1, 3):
    for fn in range(8):
        extra += ["-device", "pci-testdev,bus=br1,addr=%x.%d%s"
                  % (dev, fn, ",multifunction=on" if fn == 0 else "")]
with VM(timeout=120, extra=extra) as vm:
    boot = vm.wait_prompt()
    qemu = pci_view.parse_info_pci(vm.monitor("info pci"))
    ours = pci_view.parse_lspci_v(vm.cmd("lspci -v"))
    t.ok(len(qemu) > 64 + 16 and "pci: %d functions found" % len(qemu) in boot,
         "many functions: boot counts all %d" % len(qemu), boot[-600:])
    t.ok("not kept" not in boot and "out of memory" not in boot,
         "many functions: nothing dropped", boot[-600:])
    listed = vm.cmd("lspci").strip().split("\n")
    t.ok(len(listed) == len(qemu), "many functions: lspci lists all %d" % len(qemu),
         "%d lines" % len(listed))
    t.ok(sorted(ours) == sorted(qemu),
         "many functions: the same functions as QEMU's info pci, behind the bridge too",
         "ours-qemu %s qemu-ours %s" % (sorted(set(ours) - set(qemu)),
                                         sorted(set(qemu) - set(ours))))

sys.exit(t.done())
