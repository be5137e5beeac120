#!/usr/bin/env python3
"""The ATA driver on other drive layouts, each checked against QEMU:

  - a disk on the secondary master (hdc) and none on the primary;
  - a slave-only channel: a disk on the primary slave (hdb), no master;
  - a disk on the secondary slave (hdd) beside QEMU's default CD-ROM;
  - an ATAPI CD-ROM on the primary slave, beside the disk on hda;
  - no drive at all (-nodefaults drops the default CD-ROM too);
  - q35, whose AHCI controller does not decode the legacy ports: the bus
    floats (status 0xff) and the driver gives the ports back;
  - q35 with a PIIX3 IDE function added (-device piix3-ide): the match
    table binds it wherever QEMU puts it (lspci -k), the claims nest in
    that function's ranges, and its disk reads as the host's image.
"""
import os
import re
import sys

from vm import VM, TAP
from ata_common import SECTOR, make_image, host_crc, disk_crc

t = TAP()


def ide(path, index, media="disk"):
    spec = "if=ide,index=%d,media=%s" % (index, media)
    if path:
        spec = "file=%s,format=raw,%s" % (path, spec)
    return ["-drive", spec]


def check_disk(vm, drive, img, sectors, where):
    out = vm.cmd("disk")
    t.ok(re.search(r"^%s\s+%s\s+ATA\s+QEMU HARDDISK\s+\S+\s+\S+\s+%d\s+%d\s" % (drive, where, sectors, sectors),
                   out, re.M), "%s: disk table shows the disk at %s" % (drive, where), out)
    for lba, count in ((0, 1), (sectors - 1, 1), (3, sectors - 5)):
        crc, out = disk_crc(vm, drive, lba, count)
        want = host_crc(img, lba, count)
        t.ok(crc == want, "%s: disk crc LBA %d+%d equals the host's 0x%08x" % (drive, lba, count, want), out)
    return out


def rows(vm):
    return {m.group(1): m.group(2) for m in
            re.finditer(r"^(hd[a-d])\s+ata\d (?:master|slave)\s+(\S+)", vm.cmd("disk"), re.M)}


img = make_image(4 << 20, seed=11)  # 8192 sectors
try:
    with VM(disk=None, extra=ide(img, 2), timeout=120) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r'^ata1 master hdc: ATA "QEMU HARDDISK" 8192 sectors', boot, re.M) and
             re.search(r"^ata0 master hda: no device$", boot, re.M),
             "secondary master: found on ata1, primary empty", boot)
        check_disk(vm, "hdc", img, 8192, "ata1 master")
        t.ok(rows(vm) == {"hda": "-", "hdb": "-", "hdc": "ATA", "hdd": "-"},
             "secondary master: the other positions are empty (no default CD-ROM)")

    with VM(disk=None, extra=ide(img, 1), timeout=120) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r'^ata0 slave hdb: ATA "QEMU HARDDISK" 8192 sectors', boot, re.M) and
             re.search(r"^ata0 master hda: no device$", boot, re.M),
             "slave-only channel: the slave is found, the missing master is not invented", boot)
        check_disk(vm, "hdb", img, 8192, "ata0 slave")
        out = vm.cmd("disk read hda 0")
        t.ok(out.strip() == "disk: hda: no device at ata0 master",
             "slave-only channel: hda refused with one line", out)

    with VM(disk=None, extra=ide(img, 3), timeout=120) as vm:
        boot = vm.wait_prompt()
        check_disk(vm, "hdd", img, 8192, "ata1 slave")
        t.ok(rows(vm) == {"hda": "-", "hdb": "-", "hdc": "ATAPI", "hdd": "ATA"},
             "secondary slave beside the default CD-ROM (ATAPI on hdc)", boot)

    with VM(disk=img, extra=ide(None, 1, "cdrom"), timeout=120) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r'^ata0 slave hdb: ATAPI "QEMU DVD-ROM": packet device \(CD/DVD\), skipped$', boot, re.M),
             "ATAPI CD-ROM as primary slave: reported and skipped", boot)
        check_disk(vm, "hda", img, 8192, "ata0 master")
        out = vm.cmd("disk read hdb 0")
        t.ok(out.strip() == "disk: hdb is ATAPI (a packet device, e.g. a CD-ROM): not supported, skipped",
             "ATAPI CD-ROM: transfers refused with one line", out)

    with VM(disk=None, extra=["-nodefaults"], timeout=120) as vm:
        boot = vm.wait_prompt()
        t.ok(all(re.search(r"^ata%d %s hd%s: no device$" % (c, p, n), boot, re.M)
                 for c, p, n in ((0, "master", "a"), (0, "slave", "b"), (1, "master", "c"), (1, "slave", "d"))),
             "no drive at all: four positions, no device", boot)
        t.ok(rows(vm) == {"hda": "-", "hdb": "-", "hdc": "-", "hdd": "-"}, "no drive at all: empty table")
        out = vm.cmd("disk crc hda 0 1")
        t.ok(out.strip() == "disk: hda: no device at ata0 master", "no drive at all: disk crc refused", out)

    with VM(disk=None, machine="q35", timeout=120) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r"^ata0: floating bus at 0x1f0 \(status 0xff\): no controller, ports released$", boot, re.M) and
             re.search(r"^ata1: floating bus at 0x170 \(status 0xff\): no controller, ports released$", boot, re.M),
             "q35 (AHCI, no legacy ports): floating bus seen on both channels", boot)
        out = vm.cmd("disk read hda 0")
        t.ok(out.strip() == "disk: hda: no device at ata0 master", "q35: hda refused with one line", out)

    extra = ["-device", "piix3-ide,id=pide", "-drive", "if=none,id=d0,format=raw,file=%s" % img,
             "-device", "ide-hd,drive=d0,bus=pide.0"]
    with VM(disk=None, machine="q35", extra=extra, timeout=120) as vm:
        boot = vm.wait_prompt()
        m = re.search(r"^(\S+) IDE interface .*\[8086:7010\]\n\tSubsystem: .*\n\tKernel driver in use: ata_piix$",
                      vm.cmd("lspci -k"), re.M)
        t.ok(m, "q35 + piix3-ide: lspci -k shows it bound to ata_piix", boot[-600:])
        if m:
            io = vm.cmd("ioports")
            t.ok(re.search(r"^( *)01f0-01f7 : 0000:%s\n\1  01f0-01f7 : ata_piix$" % re.escape(m.group(1)),
                           io, re.M),
                 "q35 + piix3-ide: the claims nest in 0000:%s's legacy range" % m.group(1), io)
        t.ok("floating bus" not in boot, "q35 + piix3-ide: no floating bus now", boot[-600:])
        check_disk(vm, "hda", img, 8192, "ata0 master")
finally:
    os.unlink(img)
sys.exit(t.done())
