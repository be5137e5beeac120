#!/usr/bin/env python3
"""scripts/qemu-trace.sh and scripts/trace-join.py on a short boot with a
disk: QEMU's own trace of device dispatch, joined with porthole's ioports
of the same boot, must put the ATA, serial and PCI conf1 ports under the
device models QEMU implements them with, and name in its PCI table only
functions porthole's lspci listed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from vm import TAP, ELF, ROOT

t = TAP()
tmp = tempfile.mkdtemp(prefix="porthole-trace-")
try:
    disk = os.path.join(tmp, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(1 << 20)
    out_dir = os.path.join(tmp, "out")
    env = dict(os.environ, QEMU_TIMEOUT="150")
    try:
        p = subprocess.run(["sh", "scripts/qemu-trace.sh", "--out", out_dir,
                            "--kernel", ELF, "--disk", disk, "--",
                            "disk read hda 0 1", "lspci"],
                           cwd=ROOT, capture_output=True, text=True,
                           timeout=200, env=env)
        out, rc = p.stdout, p.returncode
        err = p.stderr
    except subprocess.TimeoutExpired as e:
        out, rc, err = "", -1, "timed out: %s" % e
    t.ok(rc == 0 and "porthole's accesses as QEMU dispatched them" in out,
         "make trace's script boots, runs the commands and prints the join",
         out[-2000:] + err[-2000:])
    rows = {}
    for m in re.finditer(r"^(port|mem)\s+([0-9a-f]+)-([0-9a-f]+)\s+(.+?)\s{2,}(\S+)\s+"
                         r"((?:[\d-]+\s+){5}[\d-]+)$", out, re.M):
        counts = [0 if c == "-" else int(c) for c in m.group(6).split()]
        rows.setdefault((m.group(4), int(m.group(2), 16)), {})[m.group(5)] = counts

    def models(owner, start):
        return rows.get((owner, start), {})

    ata = models("ata_piix", 0x1f0)
    t.ok("ide" in ata and (ata["ide"][1] + ata["ide"][2]) >= 256,
         "ata_piix 01f0-01f7 is QEMU's 'ide', with the sector's data-port reads", out)
    t.ok(set(models("serial", 0x3f8)) == {"serial"} and models("serial", 0x3f8)["serial"][3] > 0,
         "serial 03f8-03ff is QEMU's 'serial' (the console's byte writes)", out)
    conf1 = models("PCI conf1", 0xcf8)
    t.ok(set(conf1) == {"pci-conf-idx", "pci-conf-data"} and conf1["pci-conf-idx"][5] > 0,
         "PCI conf1 0cf8-0cff is QEMU's pci-conf-idx (32-bit address writes) and pci-conf-data", out)
    m = re.search(r"\((\d+) after the firmware's (\d+);", out)
    t.ok(m and int(m.group(1)) > 0 and int(m.group(2)) > 0,
         "the firmware's accesses (before the last fw_cfg read) are counted apart", out[:300])
    serial = open(os.path.join(out_dir, "serial.log")).read() if os.path.exists(
        os.path.join(out_dir, "serial.log")) else ""
    listed = set(re.findall(r"^([0-9a-f]{2}:[0-9a-f]{2}\.\d) ", serial, re.M))
    cfg = set(re.findall(r"^([0-9a-f]{2}:[0-9a-f]{2}\.\d)\s+\S+\s+\d+\s+\d+$", out, re.M))
    t.ok(cfg and cfg == listed,
         "the PCI models that answered configuration reads are exactly the functions lspci listed",
         "trace: %s\nlspci: %s" % (sorted(cfg), sorted(listed)))
    mem = out.split("address-space: memory, beside porthole's iomem")[-1].split("address-space: I/O")[0]
    io = out.split("address-space: I/O, beside porthole's ioports")[-1]

    def qemu_range(text, region):
        m = re.search(r"([0-9a-f]{16})-([0-9a-f]{16}) \(prio -?\d+, i/o\): %s\b" % re.escape(region), text)
        return (int(m.group(1), 16), int(m.group(2), 16)) if m else None

    def ours(text, name):
        return {(int(a, 16), int(b, 16)) for a, b in
                re.findall(r"\s([0-9a-f]{4,8})-([0-9a-f]{4,8}) : %s$" % re.escape(name), text, re.M)}

    e1000 = qemu_range(mem, "e1000-mmio")
    t.ok(e1000 and e1000 in ours(mem, "0000:00:03.0"),
         "info mtree beside iomem: QEMU's e1000-mmio is porthole's BAR of 0000:00:03.0", mem[:3000])
    ser = qemu_range(io, "serial")
    t.ok(ser and ser in ours(io, "serial"),
         "info mtree beside ioports: QEMU's serial region is porthole's 'serial' claim", io[:3000])
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(t.done())
