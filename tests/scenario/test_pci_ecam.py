#!/usr/bin/env python3
"""PCI Express configuration space through memory (ECAM) on q35.

QEMU's q35 decodes config space at the window its ACPI MCFG table names;
`info mtree` shows the same window as "pcie-mmcfg-mmio". Checked here:
  - the boot line's ECAM window equals QEMU's, and the scan says it went
    through ECAM;
  - for an e1000e (a PCIe function with extended capabilities), every byte
    `lspci -xxxx` prints equals what QEMU's `xp` reads at the same ECAM
    address, and `lspci -v` lists each extended capability the bytes hold
    (walked here from 0x100, independently);
  - `pcicfg -m` (ECAM) and `pcicfg -c` (ports) dump the same 256 bytes of
    every function, and `pcicfg -m` reaches offsets up to 0xfff;
  - `pci=conf1`: no ECAM, the scan goes through mechanism #1, 256 bytes,
    no extended capabilities, and `pcicfg -m` says why it cannot;
  - on pc (no MCFG) the same refusals.
"""
import re
import sys

from vm import VM, TAP, EXIT_KTEST_PASS
import pci_view

t = TAP()
E1000E = "8086:10d3"


def mtree_ecam(vm):
    m = re.search(r"([0-9a-f]{16})-([0-9a-f]{16}) \(prio \d+, i/o\): pcie-mmcfg-mmio",
                  vm.monitor("info mtree"))
    return (int(m.group(1), 16), int(m.group(2), 16)) if m else None


def xp_words(vm, addr, n):
    """n dwords at physical addr, as QEMU's own xp reads them."""
    words = []
    while len(words) < n:
        k = min(64, n - len(words))
        out = vm.monitor("xp /%dwx 0x%x" % (k, addr + 4 * len(words)))
        words += [int(w, 16) for w in re.findall(r"0x([0-9a-f]{8})", out)]
    return words[:n]


def hexdump_bytes(text):
    """{slot: bytes} from lspci -x* output."""
    out, slot = {}, None
    for line in text.split("\n"):
        m = re.match(r"^([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ", line)
        if m:
            slot = m.group(1)
            out[slot] = bytearray()
            continue
        m = re.match(r"^([0-9a-f]{2,3}):((?: [0-9a-f]{2}){16})$", line)
        if m and slot:
            out[slot] += bytes(int(b, 16) for b in m.group(2).split())
    return out


def ext_caps(data):
    """(offset, id, version) of each extended capability in 4 KiB."""
    caps, off, seen = [], 0x100, set()
    while 0x100 <= off < len(data) and off not in seen:
        seen.add(off)
        h = int.from_bytes(data[off:off + 4], "little")
        if h in (0, 0xffffffff):
            break
        caps.append((off, h & 0xffff, (h >> 16) & 0xf))
        off = (h >> 20) & 0xffc
    return caps


with VM(machine="q35", timeout=120, extra=["-device", "e1000e"]) as vm:
    boot = vm.wait_prompt()
    win = mtree_ecam(vm)
    m = re.search(r"^pci: ECAM for domain 0000 \[bus 00-ff\] at \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]",
                  boot, re.M)
    t.ok(win and m and (int(m.group(1), 16), int(m.group(2), 16)) == win,
         "q35: the boot line's ECAM window is QEMU's pcie-mmcfg-mmio %s" %
         (win and "%x-%x" % win), boot[-1500:])
    qemu = pci_view.parse_info_pci(vm.monitor("info pci"))
    t.ok(re.search(r"^pci: %d functions found through ECAM" % len(qemu), boot, re.M),
         "q35: the scan went through ECAM and found QEMU's %d functions" % len(qemu), boot[-800:])

    verbose = vm.cmd("lspci -v")
    dumps = hexdump_bytes(vm.cmd("lspci -xxxx", timeout=60))
    slot = next((k for k, o in qemu.items() if o["id"] == E1000E), None)
    t.ok(slot in dumps and len(dumps[slot]) == 4096,
         "q35: lspci -xxxx dumps 4096 bytes of the e1000e (%s)" % slot,
         "%s %s" % (slot, {k: len(v) for k, v in dumps.items()}))
    t.ok(all(len(v) == 256 for k, v in dumps.items() if k != slot and
             "Express" not in verbose.split(k)[1].split("\n\n")[0]),
         "q35: functions without the Express capability dump 256 bytes")
    if slot in dumps:
        bus, dev, fn = int(slot[0:2], 16), int(slot[3:5], 16), int(slot[6], 16)
        base = win[0] + (bus << 20 | dev << 15 | fn << 12)
        want = b"".join(w.to_bytes(4, "little") for w in xp_words(vm, base, 1024))
        got = bytes(dumps[slot])
        diff = next((i for i in range(4096) if got[i:i + 1] != want[i:i + 1]), None)
        t.ok(got == want, "q35: every byte of the e1000e's 4 KiB equals QEMU's xp at 0x%x" % base,
             "first difference at 0x%s" % (diff is not None and "%03x" % diff))
        caps = ext_caps(want)
        block = verbose.split(slot + " ")[1].split("\n\n")[0]
        listed = re.findall(r"^\tCapabilities: \[([0-9a-f]{3}) v(\d+)\] ", block, re.M)
        t.ok(caps and [(int(o, 16), int(v)) for o, v in listed] == [(o, v) for o, _, v in caps],
             "q35: lspci -v lists the extended capabilities the bytes hold: %s" %
             ", ".join("[%03x v%d] id %#x" % (o, v, i) for o, i, v in caps), block)
        t.ok("[100 v2] Advanced Error Reporting" in block and "Device Serial Number" in block,
             "q35: ... named as pciutils names them (AER, DSN)", block)
        out = vm.cmd("pcicfg -m %d %d %d 0x100" % (bus, dev, fn))
        t.ok(out.strip() == "%s 0x100: 0x%08x" % (slot, int.from_bytes(want[0x100:0x104], "little")),
             "q35: pcicfg -m reads offset 0x100 as xp does", out)
        out = vm.cmd("pcicfg -m %d %d %d 0xffe 2" % (bus, dev, fn))
        t.ok(re.match(r"^%s 0xffe: 0x[0-9a-f]{4}$" % re.escape(slot), out.strip()),
             "q35: pcicfg -m reaches 0xffe", out)
    for k in sorted(qemu):
        b, d, f = int(k[0:2], 16), int(k[3:5], 16), int(k[6], 16)
        viam = vm.cmd("pcicfg -m %d %d %d" % (b, d, f))
        viac = vm.cmd("pcicfg -c %d %d %d" % (b, d, f))
        t.ok(viam == viac and viam.count("\n") == 16,
             "q35 %s: pcicfg -m and -c dump the same 256 bytes" % k, viam + "\n--\n" + viac)
    out = vm.cmd("pcicfg -c 0 0 0 0x100")
    t.ok(out.strip() == "pcicfg: offset 256 out of range (0-255)",
         "q35: pcicfg -c stops at 0xff (ports reach 256 bytes)", out)
    out = vm.cmd("pcicfg -m 0 0 0 0x1000")
    t.ok(out.strip() == "pcicfg: offset 4096 out of range (0-4095)",
         "q35: pcicfg -m stops at 0xfff", out)

for label, kw in (("q35 pci=conf1", dict(machine="q35", append="pci=conf1")),
                  ("pc", dict(machine="pc"))):
    with VM(timeout=120, extra=["-device", "e1000e"] if "q35" in label else [], **kw) as vm:
        boot = vm.wait_prompt()
        t.ok("pci: ECAM" not in boot and re.search(r"^pci: \d+ functions found through mechanism #1",
                                                   boot, re.M),
             "%s: no ECAM, the scan used mechanism #1" % label, boot[-800:])
        dumps = hexdump_bytes(vm.cmd("lspci -xxxx", timeout=60))
        t.ok(dumps and all(len(v) == 256 for v in dumps.values()),
             "%s: lspci -xxxx shows 256 bytes per function" % label,
             str({k: len(v) for k, v in dumps.items()}))
        t.ok(not re.search(r"Capabilities: \[[0-9a-f]{3} v", vm.cmd("lspci -v")),
             "%s: no extended capabilities" % label)
        out = vm.cmd("pcicfg -m 0 0 0 0")
        t.ok(out.strip().startswith("pcicfg: ECAM is not in use for bus 00"),
             "%s: pcicfg -m says why it cannot" % label, out)
        out = vm.cmd("lspci -x")
        t.ok(all(len(v) == 64 for v in hexdump_bytes(out).values()) and out.endswith("\n\n"),
             "%s: lspci -x dumps 64 bytes per function, a blank line after each" % label, out[-300:])

# The in-kernel ECAM suite skips on pc (no MCFG): run it where it can run.
with VM(machine="q35", append="ktest=pci panic=exit", nic=None) as vm:
    status = vm.wait_exit(120)
    vm.reader.join(5)
    out = vm.out
    for name in ("conf1_and_ecam_agree", "ecam_argument_checks_and_extended_space"):
        t.ok(re.search(r"^  ok \d+ %s$" % name, out, re.M),
             "q35: ktest pci.%s runs and passes (no SKIP)" % name, out[-2500:])
    t.ok(status == EXIT_KTEST_PASS, "q35: ktest=pci exit status %d (want %d)" % (status, EXIT_KTEST_PASS))

sys.exit(t.done())
