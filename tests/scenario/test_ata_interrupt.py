#!/usr/bin/env python3
"""Ctrl-C in the middle of the long disk commands, and their progress line.

On a 128 MiB disk, `disk write`, `disk crc` and `disk bench` over the
whole disk run for seconds under TCG (PIO: `ata.dma=0`). Each one, once
its progress line has appeared (after 1 s), gets a Ctrl-C and must stop
between commands, say in one line how far it got, and give the prompt
back. For the write the host's view of the image must hold the pattern
exactly on the sectors the message says were written - and nothing after
them.

- `disk read` of the disk's last MiB (random bytes: 65,536 hexdump lines)
  is stopped too: what it printed is hexdump -C of the sectors it says it
  read, and it prints no closing offset.
- `disk crc` is stopped a second time from the PS/2 keyboard (the QEMU
  monitor's sendkey ctrl-c) instead of the serial line.
- `disk crc` of the whole disk, run to the end, shows the progress line as
  dd status=progress does: one line, rewritten in place with a carriage
  return, each report "disk crc: DONE/TOTAL sectors, R MB/s, T s left"
  (the last one without time left), DONE growing, T what R says the rest
  takes. This is read from QEMU's raw serial bytes (VM drops the CRs).
- By bus-master DMA (a second boot, 2 GiB sparse disk: about 350 MB/s
  under TCG, so 6 s), `disk bench hda 2048 dma` moves 16 MiB per command;
  it too stops on Ctrl-C after a whole number of those commands.
"""
import os
import random
import re
import sys
import tempfile
import time

from vm import VM, TAP, EXIT_POWEROFF
from ata_common import SECTOR, hexdump_c, read_range

SECTORS = 262144  # 128 MiB
PATTERN = 0x5a
TAIL = 2048  # the last MiB holds random bytes, for `disk read`
TAIL_LBA = SECTORS - TAIL
DMA_SECTORS = 4194304  # 2 GiB
DMA_CHUNK = 32768  # bench.c BENCH_DMA_CHUNK: 16 MiB per READ DMA EXT
t = TAP()
fd, img = tempfile.mkstemp(prefix="porthole-ata-intr-", suffix=".img")
os.close(fd)
os.truncate(img, SECTORS * SECTOR)  # sparse, all zeros ...
tail = random.Random(11).randbytes(TAIL * SECTOR)
with open(img, "r+b") as f:  # ... but for the last MiB
    f.seek(TAIL_LBA * SECTOR)
    f.write(tail)
fd, big = tempfile.mkstemp(prefix="porthole-ata-intr-dma-", suffix=".img")
os.close(fd)
os.truncate(big, DMA_SECTORS * SECTOR)


class RawVM(VM):
    """A VM that also keeps the serial bytes as sent, carriage returns
    included (VM.out drops them)."""
    raw = ""

    def _read(self):
        while True:
            data = self.proc.stdout.read1(65536)
            if not data:
                break
            text = data.decode("latin-1")
            with self.lock:
                self.raw += text
                self.out += text.replace("\r", "")
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()


def interrupt(vm, line, what, send=None):
    """Start line, wait for its progress line, Ctrl-C (by send, else on
    serial); return the output."""
    vm.write(line + "\r")
    head = vm.wait_for(r"%s: \d+/\d+ sectors" % what, timeout=120)
    if send:
        send()
    else:
        vm.write(b"\x03")
    return head + vm.wait_for(r"porthole> ", timeout=60)


REPORT = re.compile(r"disk crc: (\d+)/(\d+) sectors, (\d+\.\d) MB/s(?:, (\d+) s left)?   ")


def check_progress(vm):
    """disk crc of the whole disk: the progress line's format, in place."""
    line = "disk crc hda 0 %d" % SECTORS
    start = len(vm.raw)
    w0 = time.monotonic()
    out = vm.cmd(line, timeout=180)
    wall = time.monotonic() - w0
    raw = vm.raw[start:]
    raw = raw[raw.find(line) + len(line):]
    seg = raw[:raw.find("crc32 0x")] if "crc32 0x" in raw else raw
    seg = seg[2:] if seg.startswith("\r\n") else seg.lstrip("\n")  # the echo's end
    pieces = [p for p in seg.rstrip("\r\n").split("\r") if p]
    t.ok("crc32 0x" in out and len(pieces) >= 2,
         "disk crc of 128 MiB (%.1f s): a progress line, rewritten at least once"
         % wall, repr(seg[:600]))
    t.ok(seg.startswith("\r") and "\n" not in seg.rstrip("\r\n"),
         "the progress reports share one line: each starts with a carriage "
         "return, no newline until the last", repr(seg[:600]))
    reports = [REPORT.fullmatch(p) for p in pieces]
    t.ok(pieces and all(reports),
         "every report reads 'disk crc: DONE/TOTAL sectors, R MB/s, T s left' "
         "and covers the previous one's tail",
         "\n".join(repr(p) for p, m in zip(pieces, reports) if not m)[:600])
    if not (pieces and all(reports)):
        return
    done = [int(m.group(1)) for m in reports]
    last = reports[-1]
    t.ok(all(int(m.group(2)) == SECTORS for m in reports) and
         all(a < b for a, b in zip(done, done[1:])) and done[-1] == SECTORS and
         last.group(4) is None and all(m.group(4) is not None for m in reports[:-1]),
         "DONE grows to TOTAL; the last report (at the end) has no time left",
         repr(pieces[-3:]))
    bad = []
    for m in reports[:-1]:
        d, rate, left = int(m.group(1)), float(m.group(3)), int(m.group(4))
        want = (SECTORS - d) * SECTOR / (rate * 1e6) if rate else None
        if want is None or abs(left - want) > 1 + want * (0.05 + 0.1 / rate):
            bad.append("%s: rate says %s s" % (m.group(0), want))
    t.ok(not bad, "each report's time left is what its MB/s says the rest takes",
         "\n".join(bad[:5]))
    # The rate against the host's clock: loose (TCG, a shared host), so
    # only a wrong unit or scale fails it.
    final = float(last.group(3))
    host = SECTORS * SECTOR / wall / 1e6
    t.ok(host / 3 <= final <= host * 3,
         "the final MB/s (%.1f) is within 3x of the host's measure (%.1f MB/s)"
         % (final, host))


try:
    # PIO (ata.dma=0): by DMA the 128 MiB take well under the second after
    # which the progress line, and with it the chance to interrupt, comes.
    with RawVM(disk=img, append="ata.dma=0", timeout=400) as vm:
        vm.wait_prompt()
        vm.write("disk read hda %d %d\r" % (TAIL_LBA, TAIL))
        head = vm.wait_for(r"\n00000100  ", timeout=60)  # the dump is on its way
        vm.write(b"\x03")
        out = head + vm.wait_for(r"porthole> ", timeout=120)
        m = re.search(r"^disk: read stopped by Ctrl-C at LBA (\d+)$", out, re.M)
        at = int(m.group(1)) if m else None
        t.ok(m and TAIL_LBA < at < SECTORS,
             "disk read: Ctrl-C stops it with one line saying where", out[-600:])
        if m:
            dumped = out[out.find("\n") + 1:m.start()]
            want = hexdump_c(tail[:(at - TAIL_LBA) * SECTOR])
            want = want[:want.rstrip("\n").rfind("\n") + 1]  # no closing offset
            t.ok(dumped == want,
                 "disk read: what it printed is hexdump -C of the %d sectors before "
                 "LBA %d, without the closing offset" % (at - TAIL_LBA, at),
                 "got %d lines, want %d; last got %r" % (
                     dumped.count("\n"), want.count("\n"), dumped[-200:]))
        out = vm.cmd("disk read hda %d" % TAIL_LBA)
        t.ok(out == hexdump_c(tail[:SECTOR]),
             "disk read: after the stop the next read prints its sector", out[:300])

        out = interrupt(vm, "disk write hda 0 %d %d" % (SECTORS, PATTERN), "disk write")
        m = re.search(r"^hda: write stopped by Ctrl-C after (\d+) of %d sectors "
                      r"\(from LBA 0, flushed\); nothing written from LBA (\d+) on$" % SECTORS,
                      out, re.M)
        done = int(m.group(1)) if m else None
        t.ok(m and 0 < done < TAIL_LBA and int(m.group(2)) == done,
             "disk write: Ctrl-C stops it with one line saying how far it got", out[-600:])
        t.ok(out.rstrip().endswith("porthole>") and "wrote" not in out,
             "disk write: the prompt returns, no success line", out[-300:])

        out = interrupt(vm, "disk crc hda 0 %d" % SECTORS, "disk crc")
        t.ok(re.search(r"^disk: crc stopped by Ctrl-C after \d+ of %d sectors \(from LBA 0\): "
                       r"no CRC$" % SECTORS, out, re.M) and "crc32 0x" not in out,
             "disk crc: Ctrl-C stops it, says how far, prints no CRC", out[-600:])
        out = interrupt(vm, "disk crc hda 0 %d" % SECTORS, "disk crc",
                        send=lambda: vm.monitor("sendkey ctrl-c"))
        t.ok(re.search(r"^disk: crc stopped by Ctrl-C after \d+ of %d sectors \(from LBA 0\): "
                       r"no CRC$" % SECTORS, out, re.M) and "crc32 0x" not in out,
             "disk crc: Ctrl-C from the keyboard (sendkey) stops it too", out[-600:])
        out = vm.cmd("echo-len alive")
        t.ok("len=5" in out and "^C" not in out,
             "after the keyboard's Ctrl-C the shell answers, nothing left in the input", out)

        out = interrupt(vm, "disk bench hda 128 sectors", "bench sectors")
        t.ok(re.search(r"^bench hda sectors: stopped by Ctrl-C after \d+ of %d sectors$"
                       % SECTORS, out, re.M),
             "disk bench: Ctrl-C stops it and says how far", out[-600:])

        check_progress(vm)

        out = vm.cmd("disk crc hda 0 1")
        t.ok(re.search(r"^crc32 0x[0-9a-f]{8}  hda LBA 0, 1 sectors", out, re.M),
             "after the stops the next command runs normally", out)
        vm.write("poweroff\r")
        status = vm.wait_exit(30)
    t.ok(status == EXIT_POWEROFF, "poweroff after the writes (status %s)" % status)

    if done:
        with open(img, "rb") as f:
            data = f.read()
        written = data[:done * SECTOR]
        after = data[done * SECTOR:TAIL_LBA * SECTOR]
        t.ok(written == bytes([PATTERN]) * len(written),
             "host view: the %d sectors reported written hold 0x%02x" % (done, PATTERN))
        t.ok(after.count(0) == len(after) and data[TAIL_LBA * SECTOR:] == tail,
             "host view: nothing written after LBA %d" % (done - 1),
             "first nonzero sector after: %s" % (
                 next((i // SECTOR for i, b in enumerate(after) if b), None)))

    # Bus-master DMA: 16 MiB per command, Ctrl-C looked at between them.
    with VM(disk=big, timeout=300) as vm:
        vm.wait_prompt()
        out = interrupt(vm, "disk bench hda 2048 dma", "bench dma")
        m = re.search(r"^bench hda dma: stopped by Ctrl-C after (\d+) of %d sectors$" % DMA_SECTORS,
                      out, re.M)
        n = int(m.group(1)) if m else None
        t.ok(m and 0 < n < DMA_SECTORS and n % DMA_CHUNK == 0 and
             out.rstrip().endswith("porthole>") and
             not re.search(r"^bench hda dma +DMA", out, re.M),
             "disk bench hda 2048 dma: Ctrl-C stops it after whole 16 MiB commands, "
             "in one line, and the prompt returns", out[-600:])
        out = vm.cmd("disk bench hda 4 dma", timeout=60)
        t.ok(re.search(r"^bench hda dma +DMA 4 MiB +\d+\.\d MB/s", out, re.M),
             "after the stop the next DMA bench runs to its result", out[-400:])
finally:
    os.unlink(img)
    os.unlink(big)

sys.exit(t.done())
