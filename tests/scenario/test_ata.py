#!/usr/bin/env python3
"""The ATA driver against the host's view of the same disk image.

A seeded 16 MiB image of random bytes on the primary master (hda):
  - boot lines and the `disk` table (QEMU's default empty CD-ROM on the
    secondary master is reported as ATAPI and skipped);
  - `disk crc` of the first sector, the last sector, an unaligned middle
    range and the whole disk equal zlib.crc32 of the same bytes;
  - `disk read` prints what `hexdump -C` prints for the same sectors;
  - every bad input gives its one line, and the shell goes on;
  - the in-kernel suite (ktest=ata) with the disk present;
  - writes, once with 16-bit and once with 32-bit data port accesses:
    patterns written by porthole are on the image after poweroff, and
    every other byte is unchanged (the write bench, which rewrites a range
    with what it read there, changes nothing);
  - a device error (injected by QEMU's blkdebug) is decoded with its LBA.
"""
import os
import re
import shutil
import subprocess
import sys
import time
import zlib

from vm import VM, TAP, EXIT_POWEROFF, EXIT_KTEST_PASS
from ata_common import (SECTOR, make_image, read_range, host_crc, hexdump_c,
                        disk_crc, lba_pattern)

SECTORS = 32768  # 16 MiB
# This file is about PIO (the data port, a DRQ block per interrupt, its
# errors); DMA, the default on a bus-master controller, has
# test_ata_dma.py.
PIO = "ata.dma=0 "


def guest_uptime(vm):
    """Seconds since boot by the guest's own (TSC) clock."""
    return float(re.match(r"([0-9.]+) s", vm.cmd("uptime")).group(1))


t = TAP()
img = make_image(SECTORS * SECTOR, seed=7)
try:
    with VM(disk=img, append=PIO + "panic=exit", timeout=300) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r'^ata0 master hda: ATA "QEMU HARDDISK" 32768 sectors \(16 MiB\), LBA48, multiple 16, (16|32)-bit PIO, (IRQ 14|polled)$',
                       boot, re.M), "boot: hda identified (model, capacity, LBA48, multiple)", boot)
        t.ok(re.search(r'^ata1 master hdc: ATAPI "QEMU DVD-ROM": packet device \(CD/DVD\), skipped$',
                       boot, re.M), "boot: the default CD-ROM is ATAPI and skipped", boot)
        t.ok(re.search(r"^ata0 slave hdb: no device$", boot, re.M) and
             re.search(r"^ata1 slave hdd: no device$", boot, re.M),
             "boot: empty slave positions say no device", boot)

        out = vm.cmd("disk")
        t.ok(re.search(r"^hda\s+ata0 master\s+ATA\s+QEMU HARDDISK\s+QM00001\s+\S+\s+32768\s+32768\s+16\.0 MiB\s+16 \(max 16\) PIO4$",
                       out, re.M), "disk table: hda row (serial, sectors LBA28/48, size, multiple)", out)
        t.ok(re.search(r"^hdc\s+ata1 master\s+ATAPI\s+QEMU DVD-ROM\s+.*ATAPI, skipped$", out, re.M),
             "disk table: hdc ATAPI, skipped", out)
        t.ok(re.search(r"^hdb\s+ata0 slave\s+-\s+no device$", out, re.M), "disk table: hdb empty", out)

        for desc, lba, count in (("first sector", 0, 1),
                                 ("last sector", SECTORS - 1, 1),
                                 ("unaligned middle range", 4097, 1001),
                                 ("over 256 sectors from an odd LBA", 12345, 3333),
                                 ("whole disk", 0, SECTORS)):
            crc, out = disk_crc(vm, "hda", lba, count, timeout=200)
            want = host_crc(img, lba, count)
            t.ok(crc == want, "disk crc %s (LBA %d+%d): 0x%08x" % (desc, lba, count, want),
                 "want 0x%08x\n%s" % (want, out))

        # Completion by interrupt: one IRQ 14 per DRQ block. disk crc reads
        # 128 sectors per command, READ MULTIPLE moves 16 per block.
        def irq14():
            m = re.search(r"^ *14: +(\d+) +.* (\S+)$", vm.cmd("interrupts"), re.M)
            return (int(m.group(1)), m.group(2)) if m else (None, None)
        before, owner = irq14()
        disk_crc(vm, "hda", 4097, 1001)
        after, _ = irq14()
        chunks = [128] * 7 + [1001 - 7 * 128]
        want = sum((n + 15) // 16 for n in chunks)
        t.ok(before is not None and after - before == want and owner in ("ata", "ata_piix"),
             "interrupts: IRQ 14 owned by the driver, one per data block (%d for 1001 sectors)" % want,
             "before %s after %s owner %s" % (before, after, owner))

        # Hybrid polling (taskfile.c, ATA_IRQ_SPIN_US): before it halts, the
        # wait spins a while with interrupts open. QEMU's drive readies a
        # sector far sooner than the bound, so most waits end in the spin
        # (halting for each cost a third of READ SECTORS' speed), and the
        # interrupt still completes each block: 2048 of them for 1 MiB.
        out = vm.cmd("disk bench hda 1 sectors", timeout=120)
        m = re.search(r"^bench hda sectors .* halted (\d+)%", out, re.M)
        irqs = irq14()[0] - after
        t.ok(m and int(m.group(1)) < 50 and irqs == 2048,
             "disk bench hda 1 sectors: the waits end mostly in the spin before HLT (halted < 50 %), "
             "one IRQ 14 per sector", "IRQ 14 +%d\n%s" % (irqs, out))

        for lba, count in ((7, 1), (SECTORS - 2, 2)):
            out = vm.cmd("disk read hda %d %d" % (lba, count))
            want = hexdump_c(read_range(img, lba, count))
            t.ok(out == want, "disk read hda %d %d equals hexdump -C of the host's bytes" % (lba, count),
                 "got:\n%s\nwant:\n%s" % (out[:600], want[:600]))
        # hexdump comes with bsdextrautils (scripts/deps.sh): not having it
        # is a failure, not a reason to trust the model unchecked.
        real = subprocess.run(["hexdump", "-C"], input=read_range(img, 7, 1),
                              capture_output=True).stdout.decode() \
            if shutil.which("hexdump") else "(no hexdump: make deps)"
        t.ok(real == hexdump_c(read_range(img, 7, 1)),
             "the host's hexdump -C agrees with the test's model of it", real[:300])
        out = vm.cmd("disk read hda 5")
        t.ok(out == hexdump_c(read_range(img, 5, 1)), "disk read DRIVE LBA: COUNT defaults to 1", out[:300])

        errors = [
            ("disk read hdx 0", r"^disk: no such drive 'hdx' \(drives: hda hdb hdc hdd\)$"),
            ("disk read hdb 0", r"^disk: hdb: no device at ata0 slave$"),
            ("disk crc hdc 0 1", r"^disk: hdc is ATAPI \(a packet device, e\.g\. a CD-ROM\): not supported, skipped$"),
            ("disk read hda 32768", r"^disk: hda: LBA out of range: 32768\+1 goes past the end \(32768 sectors, last LBA 32767\)$"),
            ("disk crc hda 32000 769", r"^disk: hda: LBA out of range: 32000\+769 goes past the end"),
            ("disk crc hda 18446744073709551615 2", r"^disk: hda: LBA out of range: 18446744073709551615\+2"),
            ("disk crc hda 0 0", r"^disk: COUNT must be at least 1$"),
            ("disk read hda abc", r"^disk: LBA 'abc' is not a number$"),
            ("disk read hda 0 3000", r"^disk: read shows at most 2048 sectors \(use disk crc for more\)$"),
            ("disk write hda 0 1 0x100", r"^disk: pattern '0x100' is not zero, lba or a byte value 0\.\.255$"),
            ("disk write hda 32767 2 zero", r"^disk: hda: LBA out of range: 32767\+2"),
            ("disk bench hda 17", r"^disk: hda: LBA out of range: 0\+34816"),
            # 9007199254740993 * 2048 wraps to 2048 in 64 bits: refused, not 1 MiB.
            ("disk bench hda 9007199254740993",
             r"^disk: hda: bench of 9007199254740993 MiB goes past the end \(32768 sectors\)$"),
            ("disk bench hda 0", r"^disk: bench MiB must be at least 1$"),
            ("disk bench hda 1 fast", r"^disk: bench mode 'fast' is not read, write or one of: "
                                      r"sectors multiple bare-sectors bare-multiple dma bare-dma write-sectors write-multiple write-dma"
                                      r" ahci bare-ahci write-ahci$"),
            ("disk frobnicate", r"^usage: disk "),
            ("disk crc hda 0", r"^usage: disk "),
        ]
        for line, rx in errors:
            out = vm.cmd(line)
            t.ok(re.search(rx, out, re.M) and (out.count("\n") == 1 or out.startswith("usage")),
                 "error: '%s' -> one line" % line, out)
        t.ok("QEMU HARDDISK" in vm.cmd("disk"), "the shell and the driver go on after the errors")
        # Nothing above was written: the image is untouched so far.
        crc, out = disk_crc(vm, "hda", 0, SECTORS, timeout=200)
        t.ok(crc == host_crc(img, 0, SECTORS), "refused writes changed nothing", out)

    with VM(disk=img, append=PIO + "ktest=ata panic=exit", timeout=120) as vm:
        status = vm.wait_exit(110)
        vm.reader.join(5)
        t.ok(status == EXIT_KTEST_PASS and re.search(r"^  ok \d+ read_modes_agree$", vm.out, re.M) and
             "# SKIP" not in vm.out, "in-kernel suite ata passes with a disk (status %d)" % status,
             vm.out[-1500:])

    # Writes, then QEMU exits and the host compares every byte.
    with open(img, "rb") as f:
        expect = bytearray(f.read())

    def patch(lba, data):
        expect[lba * SECTOR:lba * SECTOR + len(data)] = data

    # Two sessions: 16-bit data port accesses (REP OUTSW) with polling,
    # 32-bit (REP OUTSL) with completion by IRQ 14; each writes its own
    # ranges.
    sessions = {
        "ata.pio32=0 ata.irq=0": [("disk write hda 0 1 lba", 0, lba_pattern(0, 1)),
                        ("disk write hda 1000 300 0x5a", 1000, b"\x5a" * 300 * SECTOR),
                        ("disk write hda 5001 129 lba", 5001, lba_pattern(5001, 129)),
                        ("disk write hda 32767 1 255", 32767, b"\xff" * SECTOR)],
        "ata.pio32=1 ata.irq=1": [("disk write hda 20000 17 zero", 20000, bytes(17 * SECTOR)),
                        ("disk write hda 7001 300 lba", 7001, lba_pattern(7001, 300)),
                        ("disk write hda 2 1 0xc3", 2, b"\xc3" * SECTOR)],
    }
    for append, writes in sessions.items():
        width = 32 if "pio32=1" in append else 16
        done = "IRQ 14" if "irq=1" in append else "polled"
        with VM(disk=img, append=PIO + "panic=exit " + append, timeout=300) as vm:
            boot = vm.wait_prompt()
            t.ok(re.search(r"^ata0 master hda: .*, %d-bit PIO, %s$" % (width, done), boot, re.M),
                 "%s: the driver moves data %d bits at a time, %s" % (append, width, done), boot)
            crc, out = disk_crc(vm, "hda", 0, SECTORS, timeout=200)
            t.ok(crc == zlib.crc32(bytes(expect)), "%s: whole-disk crc before writing" % append, out)
            for line, lba, data in writes:
                out = vm.cmd(line, timeout=60)
                n = len(data) // SECTOR
                t.ok(re.search(r"^hda: wrote %d sectors at LBA %d with pattern \S+, flushed$" % (n, lba), out, re.M),
                     "%s: '%s' reports the write" % (append, line), out)
                patch(lba, data)
            out = vm.cmd("disk read hda %d 1" % writes[1][1])
            t.ok(out == hexdump_c(writes[1][2][:SECTOR]), "%s: disk read sees the written pattern" % append, out)
            out = vm.cmd("disk bench hda 2 write", timeout=120)
            # (a progress line may come between them when a mode takes over 1 s)
            t.ok(re.search(r"^bench hda write-sectors .*\n(?:.*\n)*?bench hda write-multiple ", out, re.M),
                 "%s: the write bench runs both write modes" % append, out)
            vm.write("poweroff\r")
            status = vm.wait_exit(30)
            t.ok(status == EXIT_POWEROFF, "poweroff after the writes (status %d)" % status)
        with open(img, "rb") as f:
            got = f.read()
        t.ok(len(got) == len(expect), "image size unchanged")
        for line, lba, data in writes:
            t.ok(got[lba * SECTOR:lba * SECTOR + len(data)] == data,
                 "%s: host sees exactly the pattern of '%s'" % (append, line))
        diff = [i for i in range(0, len(got), SECTOR) if got[i:i + SECTOR] != expect[i:i + SECTOR]]
        t.ok(not diff, "%s: every other byte of the image is unchanged (the write bench kept the contents)"
             % append, "sectors that differ: %s" % [i // SECTOR for i in diff[:20]])

    # A device error: QEMU's blkdebug fails reads of sector 1000 with EIO,
    # which the IDE model reports as ERR + ABRT.
    conf = img + ".blkdebug"
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "1000"\n')
    drive = "file=blkdebug:%s:%s,format=raw,if=ide,index=0,media=disk" % (conf, img)
    with VM(disk=None, extra=["-drive", drive], append=PIO + "panic=exit", timeout=120) as vm:
        vm.wait_prompt()
        out = vm.cmd("disk crc hda 1000 1")
        t.ok(re.fullmatch(r"hda: device error, READ MULTIPLE at LBA 1000 \(drive reports LBA 1000\): "
                          r"status 0x41 \(DRDY ERR\), error 0x04 \(ABRT\)\n", out),
             "device error: one line, command, LBA, status and error bits named", out)
        crc, out = disk_crc(vm, "hda", 0, 999)
        t.ok(crc == host_crc(img, 0, 999), "the drive works on after the error", out)
    os.unlink(conf)

    # A timeout: blkdebug holds the next read forever, so BSY never
    # clears. The driver gives up after its poll limit, says so in one
    # line, resets the channel, and the drive works again.
    drive = "file=blkdebug::%s,format=raw,if=ide,index=0,media=disk,id=d0" % img
    for mode in ("ata.irq=1", "ata.irq=0"):  # halted on IRQ 14, then polled
        with VM(disk=None, extra=["-drive", drive], append=PIO + "panic=exit " + mode, timeout=180) as vm:
            vm.wait_prompt()
            vm.monitor('qemu-io d0 "break read_aio hold"')
            # The 10 s are the guest's (its TSC, as calibrated at boot):
            # measure them with its own clock, `uptime`; the host's clock
            # only bounds them loosely (a calibration on a loaded host
            # can be off by a fifth).
            g0 = guest_uptime(vm)
            t0 = time.monotonic()
            out = vm.cmd("disk read hda 5", timeout=120)
            secs = time.monotonic() - t0
            guest = guest_uptime(vm) - g0
            t.ok(re.fullmatch(r"(blkdebug: Suspended request 'hold'\n)?hda: timeout waiting for DRQ, READ MULTIPLE "
                              r"at LBA 5: status 0x[0-9a-f]{2} \(BSY[A-Z ]*\)\n", out) and
                 10 <= guest < 12 and 5 < secs < 60,
                 "%s: timeout after %.1f s by the guest's clock (%.0f s by the host's; 10 s limit): "
                 "one line naming the wait, command, LBA, status" % (mode, guest, secs), out)
            vm.monitor('qemu-io d0 "resume hold"')
            crc, out = disk_crc(vm, "hda", 0, 100)
            t.ok(crc == host_crc(img, 0, 100), "%s: after the timeout the channel was reset and works" % mode, out)
finally:
    os.unlink(img)
sys.exit(t.done())
