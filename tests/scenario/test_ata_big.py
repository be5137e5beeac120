#!/usr/bin/env python3
"""An image larger than 128 GiB: LBA28 reaches only its first 2^28 sectors,
so reads and writes above that must use LBA48 (READ/WRITE ... EXT).

A sparse 130 GiB raw file (a few KiB on the host's disk) gets known bytes
just below and above LBA 2^28; porthole reports both capacities, reads
them back (disk crc, disk read), writes the `lba` pattern above 2^28, and
after poweroff the host finds exactly that pattern there. The default
machine puts the drive on bus-master DMA (READ/WRITE DMA EXT): the boot
line and, after the reads and the write, `disk`'s MODE column must say
MWDMA2, with no fall-back line, so the checks were made by DMA and not by
a PIO fall-back. The file is deleted afterwards.
"""
import os
import random
import re
import sys
import tempfile

from vm import VM, TAP, EXIT_POWEROFF
from ata_common import SECTOR, read_range, host_crc, hexdump_c, disk_crc, lba_pattern

LBA28 = 1 << 28
SECTORS = 130 * 1024 * 1024 * 2  # 130 GiB
t = TAP()
fd, img = tempfile.mkstemp(prefix="porthole-ata-big-", suffix=".img")
os.close(fd)
try:
    os.truncate(img, SECTORS * SECTOR)
    rng = random.Random(130)
    known = {}
    with open(img, "r+b") as f:
        for lba, count in ((LBA28 - 3, 6), (LBA28 + 12345, 4), (SECTORS - 2, 2)):
            data = rng.randbytes(count * SECTOR)
            f.seek(lba * SECTOR)
            f.write(data)
            known[lba] = count
    with VM(disk=img, timeout=180) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r'^ata0 master hda: ATA "QEMU HARDDISK" %d sectors \(133120 MiB\), LBA48' % SECTORS,
                       boot, re.M), "boot: 130 GiB disk, LBA48 capacity", boot)
        out = vm.cmd("disk")
        t.ok(re.search(r"^hda\s+ata0 master\s+ATA\s+QEMU HARDDISK\s+\S+\s+\S+\s+268435455\s+%d\s+130\.0 GiB" % SECTORS,
                       out, re.M), "disk table: LBA28 words say 268435455, LBA48 words the real size", out)
        for lba, count in known.items():
            crc, out = disk_crc(vm, "hda", lba, count)
            t.ok(crc == host_crc(img, lba, count),
                 "disk crc LBA %d+%d (%s 2^28) equals the host's" %
                 (lba, count, "across" if lba < LBA28 < lba + count else "above"), out)
        lba = LBA28 + 12346
        out = vm.cmd("disk read hda %d" % lba)
        t.ok(out == hexdump_c(read_range(img, lba, 1)), "disk read above 2^28 equals the host's bytes", out[:400])
        crc, out = disk_crc(vm, "hda", LBA28 + (1 << 21), 1)
        t.ok(crc == host_crc(img, LBA28 + (1 << 21), 1) == host_crc(img, 0, 1), "a hole far above 2^28 reads as zeros", out)
        out = vm.cmd("disk write hda %d 3 lba" % (LBA28 + 1000))
        t.ok("wrote 3 sectors" in out, "write of the lba pattern above 2^28", out)
        out = vm.cmd("disk read hda %d" % SECTORS)
        t.ok("LBA out of range: %d+1" % SECTORS in out, "one past the end of 130 GiB refused", out)
        table = vm.cmd("disk")
        t.ok(re.search(r"^ata0 master hda: .*, DMA MWDMA2, IRQ 14$", boot, re.M) and
             re.search(r"^hda\s.*\sMWDMA2$", table, re.M) and "bus-master DMA failed" not in vm.out,
             "hda on DMA (MWDMA2) from boot to the last write, no fall-back to PIO", boot[-1000:] + table)
        vm.write("poweroff\r")
        t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "poweroff")
    t.ok(read_range(img, LBA28 + 1000, 3) == lba_pattern(LBA28 + 1000, 3),
         "the host finds the pattern at LBA 2^28+1000 (the full 48-bit address was used)")
    t.ok(read_range(img, (LBA28 + 1000) & (LBA28 - 1), 3) == bytes(3 * SECTOR),
         "nothing landed at the address cut to 28 bits")
finally:
    os.unlink(img)
sys.exit(t.done())
