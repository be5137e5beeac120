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
    heap buffer, and three faults made on purpose, each reported in one
    line, the engine stopped, the channel reset, PIO from then on, and the
    next reads (PIO, then DMA again) equal to the host's bytes: a PRD
    table shorter than the transfer (the drive gives up), READ DMA with
    the engine never started (the drive waits with DRQ until the reset),
    and a lost command with the engine running (only the timeout ends it);
  - random write/verify: 40 writes of random LBA, length and pattern (some
    across 64 KiB buffer chunks and PRD regions), read back by `disk crc`
    in the same session, then compared with the image byte for byte after
    poweroff: zero bytes misplaced;
  - `disk bench` has dma, bare-dma and write-dma rows;
  - a sparse 200 GiB image read and written above LBA 2^28 (READ/WRITE
    DMA EXT), checked on the host;
  - ata.dma=0 keeps PIO: one line says so, the table shows PIO4.
"""
import os
import re
import sys
import zlib

from vm import VM, TAP, EXIT_POWEROFF, EXIT_KTEST_PASS
from ata_common import SECTOR, make_image, disk_crc, host_crc
from dma_common import host_view, random_writes, misplaced, big_image

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
        bm = [m for m in re.finditer(r"^( *)([0-9a-f]{4})-([0-9a-f]{4}) : 0000:00:01\.1\n\1  \2-\3 : ata_piix$",
                                     out, re.M) if int(m.group(3), 16) - int(m.group(2), 16) == 15]
        t.ok(len(bm) == 1,
             "the bus-master block (BAR 4) is claimed as Linux claims it", out)

        host_view(t, vm, img, "hda", SECTORS, "DMA")

        out = vm.cmd("disk bench hda 2", timeout=300)
        rows = dict(re.findall(r"^bench hda (\S+)\s+(?:\d+-bit|DMA) 2 MiB  ([\d.]+) MB/s", out, re.M))
        t.ok({"dma", "bare-dma", "multiple", "sectors"} <= set(rows) and
             float(rows["dma"]) > float(rows["multiple"]),
             "disk bench: dma and bare-dma rows beside the PIO rows; DMA is faster than READ MULTIPLE", out)
        t.ok("PIO from now on" not in vm.out, "no fall-back during the reads", vm.out[-500:])

        expect = random_writes(t, vm, img, "hda", SECTORS, "DMA")
        out = vm.cmd("disk bench hda 2 write-dma", timeout=200)
        t.ok(re.search(r"^bench hda write-dma\s+DMA 2 MiB  [\d.]+ MB/s", out, re.M),
             "disk bench write-dma runs (rewrites the bytes it read)", out)
        vm.write("poweroff\r")
        t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "poweroff")
    diff = misplaced(img, expect)
    t.ok(diff == 0, "host after poweroff: zero bytes misplaced over the 16 MiB image",
         "%d bytes differ" % diff)

    with VM(disk=img, append="ktest=ata,bmdma panic=exit", timeout=200) as vm:
        status = vm.wait_exit(190)
        vm.reader.join(5)
        t.ok(status == EXIT_KTEST_PASS and "# SKIP" not in vm.out and
             all(re.search(r"^  ok \d+ %s$" % name, vm.out, re.M) for name in
                 ("short_prd_table_recovered", "engine_not_started_recovered", "lost_command_times_out",
                  "past_the_end_aborted_by_the_drive")),
             "in-kernel suites ata and bmdma pass with the drive on DMA, the three faults among them (status %d)"
             % status, vm.out[-3000:])
        tail = r"\): engine stopped, channel reset, PIO from now on$"
        t.ok(re.search(r"^hda: bus-master DMA failed \(READ DMA: engine idle, no interrupt, status 0x50, "
                       r"BMISX 0x[0-9a-f]{2}: PRD table shorter than the transfer" + tail, vm.out, re.M),
             "the short PRD table is reported in one line (the drive gave up: status 0x50)", vm.out[-3000:])
        t.ok(re.search(r"^hda: bus-master DMA failed \(READ DMA: engine idle, no interrupt, status 0x58, "
                       r"BMISX 0x[0-9a-f]{2}: the drive still waits for data" + tail, vm.out, re.M),
             "the engine never started: one line, the drive still asking for data (DRQ, 0x58)", vm.out[-3000:])
        t.ok(re.search(r"^hda: bus-master DMA failed \(timeout, READ DMA at LBA 900: status 0x[0-9a-f]{2}, "
                       r"BMISX 0x[0-9a-f]{2}" + tail, vm.out, re.M),
             "the lost command: the driver's timeout fires, one line", vm.out[-3000:])
        t.ok(re.search(r"^hda: device error, READ DMA at LBA 32766 \(drive reports LBA \d+\): status 0x[0-9a-f]{2} "
                       r"\([A-Z ]*ERR\), error 0x04 \(ABRT\)$", vm.out, re.M),
             "READ DMA past the last sector: the drive's abort, one line, no fall-back", vm.out[-3000:])
        crcs = re.findall(r"^# crc32 (\S+) hda LBA 1900\+8 by (PIO|DMA) 0x([0-9a-f]{8})$", vm.out, re.M)
        want = host_crc(img, 1900, 8)
        t.ok(len(crcs) == 7 and all(int(c, 16) == want for _, _, c in crcs),
             "after each fault the next reads (PIO, then DMA again) equal the host's bytes: 0x%08x" % want,
             "%s" % crcs)

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

    big_image(t, "DMA", "hda", {"append": "panic=exit"}, lambda p: {"disk": p})
finally:
    os.unlink(img)
sys.exit(t.done())
