#!/usr/bin/env python3
"""Bus-master IDE DMA (drivers/ata/bmdma.c) against the host's view of the
same disk image, on the pc machine (PIIX3, 00:01.1).

A seeded 16 MiB image of random bytes on the primary master (hda):
  - the boot line and the `disk` table show the mode IDENTIFY reports
    selected after SET FEATURES (MWDMA2: the PIIX3 has no Ultra DMA);
  - `disk crc` of the first and last sectors, an unaligned middle range, a
    range over 256 sectors from an odd LBA, and the whole disk, all by
    DMA, equal zlib.crc32 of the same bytes; `disk read` equals
    `hexdump -C`; past-end requests are refused before any command;
  - the in-kernel suite (ktest=bmdma): DMA equals PIO into a scattered
    heap buffer, and the error path (a PRD table shorter than the
    transfer: reported, channel reset, PIO fall-back, the next read right);
  - random write/verify: 40 writes of random LBA, length and pattern (some
    across 64 KiB buffer chunks and PRD regions), read back by `disk crc`
    in the same session, then compared with the image byte for byte after
    poweroff: zero bytes misplaced;
  - `disk bench` has dma, bare-dma and write-dma rows;
  - ata.dma=0 keeps PIO: one line says so, the table shows PIO4.
"""
import os
import random
import re
import sys
import zlib

from vm import VM, TAP, EXIT_POWEROFF, EXIT_KTEST_PASS
from ata_common import (SECTOR, make_image, read_range, host_crc, hexdump_c,
                        disk_crc, lba_pattern)

SECTORS = 32768  # 16 MiB
t = TAP()
img = make_image(SECTORS * SECTOR, seed=14)
try:
    with VM(disk=img, append="panic=exit", timeout=400) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r'^ata0 master hda: ATA "QEMU HARDDISK" 32768 sectors \(16 MiB\), LBA48, multiple 16, '
                       r'32-bit PIO, DMA MWDMA2, IRQ 14$', boot, re.M),
             "boot: hda on bus-master DMA, MWDMA2 (PIIX3: multiword DMA only)", boot)
        t.ok("PIO from now on" not in boot and "bus-master DMA failed" not in boot,
             "boot: nothing fell back to PIO", boot)
        out = vm.cmd("disk")
        t.ok(re.search(r"^hda\s+ata0 master\s+ATA\s+QEMU HARDDISK\s+.*16 \(max 16\) MWDMA2$", out, re.M),
             "disk table: MODE column says MWDMA2", out)
        out = vm.cmd("ioports")
        t.ok(re.search(r"^    c040-c04f : ata_piix$", out, re.M),
             "the bus-master block (BAR 4) is claimed as Linux claims it", out)

        for desc, lba, count in (("first sector", 0, 1),
                                 ("last sector", SECTORS - 1, 1),
                                 ("unaligned middle range", 4097, 1001),
                                 ("over 256 sectors from an odd LBA", 12345, 3333),
                                 ("whole disk", 0, SECTORS)):
            crc, out = disk_crc(vm, "hda", lba, count, timeout=200)
            want = host_crc(img, lba, count)
            t.ok(crc == want, "DMA: disk crc %s (LBA %d+%d): 0x%08x" % (desc, lba, count, want),
                 "want 0x%08x\n%s" % (want, out))
        for lba, count in ((0, 1), (SECTORS - 3, 3), (9999, 2)):
            out = vm.cmd("disk read hda %d %d" % (lba, count))
            t.ok(out == hexdump_c(read_range(img, lba, count)),
                 "DMA: disk read hda %d %d equals hexdump -C of the image" % (lba, count), out[-300:])
        out = vm.cmd("disk crc hda %d 2" % (SECTORS - 1))
        t.ok(re.search(r"past the end", out) and "crc32" not in out,
             "a range past the end is refused", out)

        out = vm.cmd("disk bench hda 2", timeout=300)
        rows = dict(re.findall(r"^bench hda (\S+)\s+\d+-bit 2 MiB  ([\d.]+) MB/s", out, re.M))
        t.ok({"dma", "bare-dma", "multiple", "sectors"} <= set(rows) and
             float(rows["dma"]) > float(rows["multiple"]),
             "disk bench: dma and bare-dma rows beside the PIO rows; DMA is faster than READ MULTIPLE", out)
        t.ok("PIO from now on" not in vm.out, "no fall-back during the reads", vm.out[-500:])

        # Random writes, each checked by crc at once and on the image later.
        rng = random.Random(1414)
        expect = bytearray(open(img, "rb").read())
        writes = []
        for i in range(40):
            count = rng.choice([1, 2, 127, 128, 129, 255, 256, 257, rng.randint(1, 700)])
            lba = rng.randrange(0, SECTORS - count + 1)
            kind = rng.choice(["zero", "lba", "byte"])
            if kind == "zero":
                arg, data = "zero", bytes(count * SECTOR)
            elif kind == "lba":
                arg, data = "lba", lba_pattern(lba, count)
            else:
                b = rng.randrange(1, 256)
                arg, data = "0x%02x" % b, bytes([b]) * (count * SECTOR)
            out = vm.cmd("disk write hda %d %d %s" % (lba, count, arg), timeout=120)
            ok = re.search(r"^hda: wrote %d sectors at LBA %d with pattern \S+, flushed$" % (count, lba), out, re.M)
            expect[lba * SECTOR:(lba + count) * SECTOR] = data
            crc, cout = disk_crc(vm, "hda", lba, count)
            writes.append((lba, count, bool(ok) and crc == zlib.crc32(data)))
        bad = [(l, c) for l, c, ok in writes if not ok]
        t.ok(not bad, "40 random DMA writes each reported and read back by crc", "bad: %s" % bad)
        out = vm.cmd("disk bench hda 2 write-dma", timeout=200)
        t.ok(re.search(r"^bench hda write-dma\s+32-bit 2 MiB  [\d.]+ MB/s", out, re.M),
             "disk bench write-dma runs (rewrites the bytes it read)", out)
        crc, out = disk_crc(vm, "hda", 0, SECTORS, timeout=200)
        t.ok(crc == zlib.crc32(bytes(expect)), "whole disk after the writes equals the model", out)
        vm.write("poweroff\r")
        t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "poweroff")
    got = open(img, "rb").read()
    diff = sum(1 for a, b in zip(got, expect) if a != b) + abs(len(got) - len(expect))
    t.ok(diff == 0, "host after poweroff: zero bytes misplaced over the 16 MiB image",
         "%d bytes differ" % diff)

    with VM(disk=img, append="ktest=bmdma panic=exit", timeout=200) as vm:
        status = vm.wait_exit(190)
        vm.reader.join(5)
        t.ok(status == EXIT_KTEST_PASS and re.search(r"^  ok \d+ short_prd_table_recovered$", vm.out, re.M) and
             "# SKIP" not in vm.out, "in-kernel suite bmdma passes (status %d)" % status, vm.out[-2000:])
        t.ok(re.search(r"^hda: bus-master DMA failed \(READ DMA: engine idle, no interrupt, BMISX 0x[0-9a-f]{2}: "
                       r"PRD table shorter than the transfer\): PIO from now on$", vm.out, re.M),
             "the short PRD table is reported in one line", vm.out[-2000:])

    with VM(disk=img, append="panic=exit ata.dma=0", timeout=200) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r"^ata_piix 0000:00:01\.1: bus-master DMA off \(ata\.dma=0\): PIO$", boot, re.M) and
             re.search(r"^ata0 master hda: .*, multiple 16, 32-bit PIO, IRQ 14$", boot, re.M),
             "ata.dma=0: said once, hda stays on PIO", boot)
        out = vm.cmd("disk")
        t.ok(re.search(r"^hda\s+.*16 \(max 16\) PIO4$", out, re.M), "ata.dma=0: disk shows PIO4", out)
        crc, out = disk_crc(vm, "hda", 4097, 1001)
        t.ok(crc == zlib.crc32(expect[4097 * SECTOR:5098 * SECTOR]), "ata.dma=0: PIO reads the same bytes", out)
        out = vm.cmd("disk bench hda 1 dma")
        t.ok(re.search(r"^bench hda dma\s+skipped: the drive is not on DMA$", out, re.M),
             "ata.dma=0: the dma bench row is skipped, saying why", out)
finally:
    os.unlink(img)
sys.exit(t.done())
