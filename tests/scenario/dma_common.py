"""tests/scenario/dma_common.py - what the DMA scenarios (test_ata_dma.py,
test_ahci.py) share: the host-view checks of a drive, random write/verify
cycles against a model of the image, and the 200 GiB sparse image read and
written above LBA 2^28. The host's view of the image is the reference."""
import os
import random
import re
import tempfile
import zlib

from vm import VM, EXIT_POWEROFF
from ata_common import (SECTOR, read_range, host_crc, hexdump_c, disk_crc,
                        lba_pattern)

LBA28 = 1 << 28


def host_view(t, vm, img, drive, sectors, label):
    """CRCs of several ranges and the whole disk, hexdumps, a refused
    past-end request: all against the image as the host sees it."""
    for desc, lba, count in (("first sector", 0, 1),
                             ("last sector", sectors - 1, 1),
                             ("unaligned middle range", 4097, 1001),
                             ("over 256 sectors from an odd LBA", 12345, 3333),
                             ("whole disk", 0, sectors)):
        crc, out = disk_crc(vm, drive, lba, count, timeout=200)
        want = host_crc(img, lba, count)
        t.ok(crc == want, "%s: disk crc %s (LBA %d+%d): 0x%08x" % (label, desc, lba, count, want),
             "want 0x%08x\n%s" % (want, out))
    for lba, count in ((0, 1), (sectors - 3, 3), (9999, 2)):
        out = vm.cmd("disk read %s %d %d" % (drive, lba, count))
        t.ok(out == hexdump_c(read_range(img, lba, count)),
             "%s: disk read %s %d %d equals hexdump -C of the image" % (label, drive, lba, count), out[-300:])
    out = vm.cmd("disk crc %s %d 2" % (drive, sectors - 1))
    t.ok(re.search(r"past the end|out of range", out) and "crc32" not in out,
         "%s: a range past the end is refused" % label, out)


def random_writes(t, vm, img, drive, sectors, label, n=40, seed=1414):
    """n writes of random LBA, length (some over 128-sector buffer chunks
    and several PRD regions) and pattern, each read back by crc; returns
    the model of the image (bytearray) for the host check after poweroff."""
    rng = random.Random(seed)
    expect = bytearray(open(img, "rb").read())
    bad = []
    for _ in range(n):
        count = rng.choice([1, 2, 127, 128, 129, 255, 256, 257, rng.randint(1, 700)])
        lba = rng.randrange(0, sectors - count + 1)
        kind = rng.choice(["zero", "lba", "byte"])
        if kind == "zero":
            arg, data = "zero", bytes(count * SECTOR)
        elif kind == "lba":
            arg, data = "lba", lba_pattern(lba, count)
        else:
            b = rng.randrange(1, 256)
            arg, data = "0x%02x" % b, bytes([b]) * (count * SECTOR)
        out = vm.cmd("disk write %s %d %d %s" % (drive, lba, count, arg), timeout=120)
        ok = re.search(r"^%s: wrote %d sectors at LBA %d with pattern \S+, flushed$" % (drive, count, lba), out, re.M)
        expect[lba * SECTOR:(lba + count) * SECTOR] = data
        crc, _ = disk_crc(vm, drive, lba, count)
        if not ok or crc != zlib.crc32(data):
            bad.append((lba, count, out[-200:]))
    t.ok(not bad, "%s: %d random writes each reported and read back by crc" % (label, n), "bad: %s" % bad[:3])
    crc, out = disk_crc(vm, drive, 0, sectors, timeout=200)
    t.ok(crc == zlib.crc32(bytes(expect)), "%s: whole disk after the writes equals the model" % label, out)
    return expect


# QEMU's own record of every ATA command a drive model starts (AHCI's and
# the PIIX's alike: both end in hw/ide/core.c's ide_exec_cmd), written by
# `-trace enable=ide_exec_cmd,file=PATH` (Debian's "log" trace backend).
TRACE_CMD = re.compile(r"ide_exec_cmd IDE exec cmd: bus (0x[0-9a-f]+); state 0x[0-9a-f]+; cmd (0x[0-9a-f]{2})$")


def ide_trace_args(path):
    return ["-trace", "enable=ide_exec_cmd,file=%s" % path]


def ide_commands(path):
    """[(bus, command byte)] in the order QEMU's drives started them."""
    with open(path) as f:
        return [(m.group(1), int(m.group(2), 16)) for m in map(TRACE_CMD.search, f) if m]


def misplaced(img, expect):
    got = open(img, "rb").read()
    return sum(1 for a, b in zip(got, expect) if a != b) + abs(len(got) - len(expect))


def big_image(t, label, drive, vm_kw, attach, dma_mode=None):
    """A sparse 200 GiB image: known bytes below, across and above 2^28,
    read back; the lba pattern written above 2^28 lands there on the host
    and nowhere at the 28-bit alias. attach(img) gives VM() arguments.
    dma_mode (a PIIX drive): the boot line and, after the reads and the
    write, `disk`'s MODE column must name it, with no fall-back line, so
    the 2^28 checks were made by DMA and not by a PIO fall-back."""
    sectors = 200 * 1024 * 1024 * 2
    fd, img = tempfile.mkstemp(prefix="porthole-dma-big-", suffix=".img")
    os.close(fd)
    try:
        os.truncate(img, sectors * SECTOR)
        rng = random.Random(200)
        known = []
        with open(img, "r+b") as f:
            for lba, count in ((LBA28 - 3, 6), (LBA28 + 12345, 300), (sectors - 2, 2)):
                f.seek(lba * SECTOR)
                f.write(rng.randbytes(count * SECTOR))
                known.append((lba, count))
        with VM(timeout=200, **vm_kw, **attach(img)) as vm:
            boot = vm.wait_prompt()
            t.ok(re.search(r" %s: S?ATA \"QEMU HARDDISK\" %d sectors \(204800 MiB\), LBA48" % (drive, sectors),
                           boot, re.M), "%s: 200 GiB disk seen with its LBA48 capacity" % label, boot[-1500:])
            for lba, count in known:
                crc, out = disk_crc(vm, drive, lba, count)
                t.ok(crc == host_crc(img, lba, count), "%s: 200 GiB: disk crc LBA %d+%d equals the host's"
                     % (label, lba, count), out)
            out = vm.cmd("disk read %s %d" % (drive, LBA28 + 12346))
            t.ok(out == hexdump_c(read_range(img, LBA28 + 12346, 1)),
                 "%s: 200 GiB: disk read above 2^28 equals the host's bytes" % label, out[:300])
            out = vm.cmd("disk write %s %d 130 lba" % (drive, LBA28 + 1000))
            t.ok("wrote 130 sectors" in out, "%s: 200 GiB: write above 2^28" % label, out)
            if dma_mode:
                table = vm.cmd("disk")
                t.ok(re.search(r" %s: .*, DMA %s, IRQ \d+$" % (drive, dma_mode), boot, re.M) and
                     re.search(r"^%s\s.*\s%s$" % (drive, dma_mode), table, re.M) and
                     "bus-master DMA failed" not in vm.out,
                     "%s: 200 GiB: %s on %s from boot to the last write, no fall-back" % (label, drive, dma_mode),
                     boot[-1000:] + table)
            vm.write("poweroff\r")
            t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "%s: 200 GiB: poweroff" % label)
        t.ok(read_range(img, LBA28 + 1000, 130) == lba_pattern(LBA28 + 1000, 130) and
             read_range(img, 1000, 130) == bytes(130 * SECTOR),
             "%s: 200 GiB: the host finds the pattern at 2^28+1000 and nothing at the 28-bit alias" % label)
    finally:
        os.unlink(img)
