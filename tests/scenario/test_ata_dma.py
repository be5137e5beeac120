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
    and, through the real path (a plain ata_read of 1000 sectors, the
    first command lost), the fall-back said once, the failed request's own
    bytes redone by PIO and equal to the host's, four later reads silent;
  - completion by IRQ 14: `interrupts` grows by at least one per READ DMA
    a `disk crc` issued (QEMU's trace counts them), and the in-kernel
    suite finds every command ended by the interrupt, none by the poll;
  - random write/verify: 40 writes of random LBA, length and pattern (some
    across 64 KiB buffer chunks and PRD regions), read back by `disk crc`
    in the same session, then compared with the image byte for byte after
    poweroff: zero bytes misplaced;
  - `disk bench` has dma, bare-dma and write-dma rows;
  - the buffer `disk` moves data through is 16 frames the first `disk
    read` takes from the frame allocator (meminfo's MemFree), once;
  - a sparse 200 GiB image read and written above LBA 2^28 (READ/WRITE
    DMA EXT), checked on the host, the drive on DMA (MWDMA2) throughout;
  - ata.dma=0 keeps PIO: one line says so, the table shows PIO4.
"""
import os
import re
import sys
import zlib

from vm import VM, TAP, EXIT_POWEROFF, EXIT_KTEST_PASS
from ata_common import SECTOR, make_image, disk_crc, host_crc, hexdump_c, read_range
from dma_common import host_view, random_writes, misplaced, big_image, ide_trace_args, ide_commands

SECTORS = 32768  # 16 MiB
ATA_CMD_READ_DMA = 0xc8
FELL_BACK = "PIO from now on"


DISK_BUF_FRAMES = 128 * SECTOR // 4096  # DISK_BUF_SECTORS (ata_cmd.h) in 4 KiB frames


def free_frames(out):
    m = re.search(r"^MemFree: +\d+ kB  \((\d+) frames\)$", out, re.M)
    return int(m.group(1)) if m else None


def irq14(out):
    """IRQ 14's count in `interrupts` (the primary IDE channel)."""
    m = re.search(r"^ *14: +(\d+) ", out, re.M)
    return int(m.group(1)) if m else None

t = TAP()
img = make_image(SECTORS * SECTOR, seed=14)
trace = img + ".trace"
try:
    with VM(disk=img, append="panic=exit", timeout=400, extra=ide_trace_args(trace)) as vm:
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

        # disk_buf: 16 frames from the frame allocator, taken at the first
        # `disk` command that moves data and kept (the bare table takes
        # none); BSS would cost no frame at all.
        f0 = free_frames(vm.cmd("meminfo"))
        out = vm.cmd("disk read hda 0 1")
        f1 = free_frames(vm.cmd("meminfo"))
        vm.cmd("disk crc hda 0 300")
        f2 = free_frames(vm.cmd("meminfo"))
        t.ok(out == hexdump_c(read_range(img, 0, 1)) and f0 is not None and f0 - f1 == DISK_BUF_FRAMES and f2 == f1,
             "disk_buf: the first disk read takes %d frames from the frame allocator (MemFree %s -> %s), later "
             "commands none (%s)" % (DISK_BUF_FRAMES, f0, f1, f2), out[-300:])
        # Completion by IRQ 14: QEMU's trace counts the READ DMAs this
        # crc makes the drive start; IRQ 14 must have come for each.
        n_before = len(ide_commands(trace))
        i0 = irq14(vm.cmd("interrupts"))
        crc, out = disk_crc(vm, "hda", 100, 2000)
        i1 = irq14(vm.cmd("interrupts"))
        dmas = sum(1 for _, cmd in ide_commands(trace)[n_before:] if cmd == ATA_CMD_READ_DMA)
        t.ok(crc == host_crc(img, 100, 2000) and dmas >= 2000 // 256 and i0 is not None and i1 is not None and
             i1 - i0 >= dmas and FELL_BACK not in vm.out and "did not come" not in vm.out,
             "IRQ 14: `interrupts` grew by %s for the %d READ DMAs QEMU's trace shows for disk crc hda 100 2000, "
             "no lost-interrupt line"
             % (i1 - i0 if i0 is not None and i1 is not None else "?", dmas), "%s %s\n%s" % (i0, i1, out))
        host_view(t, vm, img, "hda", SECTORS, "DMA")

        out = vm.cmd("disk bench hda 2", timeout=300)
        rows = dict(re.findall(r"^bench hda (\S+)\s+(?:\d+-bit|DMA) 2 MiB  ([\d.]+) MB/s", out, re.M))
        t.ok({"dma", "bare-dma", "multiple", "sectors"} <= set(rows) and
             float(rows["dma"]) > float(rows["multiple"]),
             "disk bench: dma and bare-dma rows beside the PIO rows; DMA is faster than READ MULTIPLE", out)
        t.ok("PIO from now on" not in vm.out, "no fall-back during the reads", vm.out[-500:])
        t.ok(re.search(r"^bench hda dma\s+DMA 2 MiB  [\d.]+ MB/s [^\n]*$", out, re.M) and
             not re.search(r"^bench hda (bare-)?dma .*interrupts lost", out, re.M),
             "disk bench: the dma row lost no interrupt", out)

        expect = random_writes(t, vm, img, "hda", SECTORS, "DMA")
        out = vm.cmd("disk bench hda 2 write-dma", timeout=200)
        t.ok(re.search(r"^bench hda write-dma\s+DMA 2 MiB  [\d.]+ MB/s", out, re.M),
             "disk bench write-dma runs (rewrites the bytes it read)", out)
        vm.write("poweroff\r")
        t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "poweroff")
    diff = misplaced(img, expect)
    t.ok(diff == 0, "host after poweroff: zero bytes misplaced over the 16 MiB image",
         "%d bytes differ" % diff)
    os.unlink(trace)

    with VM(disk=img, append="ktest=ata,bmdma panic=exit", timeout=200) as vm:
        status = vm.wait_exit(190)
        vm.reader.join(5)
        t.ok(status == EXIT_KTEST_PASS and "# SKIP" not in vm.out and
             all(re.search(r"^  ok \d+ %s$" % name, vm.out, re.M) for name in
                 ("short_prd_table_recovered", "engine_not_started_recovered", "lost_command_times_out",
                  "past_the_end_aborted_by_the_drive", "commands_complete_by_interrupt",
                  "fall_back_redoes_the_failed_request_by_pio")),
             "in-kernel suites ata and bmdma pass with the drive on DMA, the three faults among them (status %d)"
             % status, vm.out[-3000:])
        tail = r"\): engine stopped, channel reset, PIO from now on$"
        t.ok(len(re.findall(r"^hda: bus-master DMA failed \(READ DMA: engine idle, no interrupt, status 0x50, "
                            r"BMISX 0x[0-9a-f]{2}: PRD table shorter than the transfer" + tail, vm.out, re.M)) == 1,
             "the short PRD table is reported in one line (the drive gave up: status 0x50)", vm.out[-3000:])
        t.ok(len(re.findall(r"^hda: bus-master DMA failed \(READ DMA: engine idle, no interrupt, status 0x58, "
                            r"BMISX 0x[0-9a-f]{2}: the drive still waits for data" + tail, vm.out, re.M)) == 1,
             "the engine never started: one line, the drive still asking for data (DRQ, 0x58)", vm.out[-3000:])
        t.ok(len(re.findall(r"^hda: bus-master DMA failed \(timeout, READ DMA at LBA 900: status 0x[0-9a-f]{2}, "
                            r"BMISX 0x[0-9a-f]{2}" + tail, vm.out, re.M)) == 1,
             "the lost command: the driver's timeout fires, one line", vm.out[-3000:])
        t.ok(re.search(r"^hda: device error, READ DMA at LBA 32766 \(drive reports LBA \d+\): status 0x[0-9a-f]{2} "
                       r"\([A-Z ]*ERR\), error 0x04 \(ABRT\)$", vm.out, re.M),
             "READ DMA past the last sector: the drive's abort, one line, no fall-back", vm.out[-3000:])
        crcs = re.findall(r"^# crc32 (\S+) hda LBA 1900\+8 by (PIO|DMA) 0x([0-9a-f]{8})$", vm.out, re.M)
        want = host_crc(img, 1900, 8)
        t.ok(len(crcs) == 7 and all(int(c, 16) == want for _, _, c in crcs),
             "after each fault the next reads (PIO, then DMA again) equal the host's bytes: 0x%08x" % want,
             "%s" % crcs)
        t.ok(re.search(r"^# bmdma hda: (\d+) commands, \1 interrupts, 0 lost$", vm.out, re.M),
             "IRQ 14: each READ DMA of 8 reads ended by bmdma_irq, none by the lost-interrupt poll", vm.out[-3000:])
        # The real path: one command of a 1000-sector ata_read lost.
        redo = re.findall(r"^hda: bus-master DMA failed \(timeout, READ DMA at LBA 3000: .*" + tail, vm.out, re.M)
        t.ok(len(redo) == 1 and len(re.findall(FELL_BACK, vm.out.split(redo[0])[1].split("  ok ")[0])) == 0,
             "fall-back through ata_read: said exactly once (%d lines), nothing more over the later reads"
             % len(redo), vm.out[-3000:])
        m = re.search(r"^# crc32 fall-back hda LBA 3000\+1000 0x([0-9a-f]{8})$", vm.out, re.M)
        t.ok(m and int(m.group(1), 16) == host_crc(img, 3000, 1000),
             "fall-back through ata_read: the failed request's own 1000 sectors arrive, equal to the host's",
             m.group(0) if m else vm.out[-3000:])

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

    big_image(t, "DMA", "hda", {"append": "panic=exit"}, lambda p: {"disk": p},
              dma_mode="MWDMA2")
finally:
    os.unlink(img)
sys.exit(t.done())
