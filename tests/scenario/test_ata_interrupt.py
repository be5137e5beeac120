#!/usr/bin/env python3
"""Ctrl-C (byte 0x03 on serial) in the middle of the long disk commands.

On a 128 MiB disk, `disk write`, `disk crc` and `disk bench` over the
whole disk run for seconds under TCG. Each one, once its progress line
has appeared (after 1 s), gets a Ctrl-C and must stop between commands,
say in one line how far it got, and give the prompt back. For the write
the host's view of the image must hold the pattern exactly on the
sectors the message says were written - and nothing after them."""
import os
import re
import sys
import tempfile

from vm import VM, TAP, EXIT_POWEROFF
from ata_common import SECTOR

SECTORS = 262144  # 128 MiB
PATTERN = 0x5a
t = TAP()
fd, img = tempfile.mkstemp(prefix="porthole-ata-intr-", suffix=".img")
os.close(fd)
os.truncate(img, SECTORS * SECTOR)  # sparse, all zeros


def interrupt(vm, line, what):
    """Start line, wait for its progress line, Ctrl-C; return the output."""
    vm.write(line + "\r")
    head = vm.wait_for(r"%s: \d+/\d+ sectors" % what, timeout=120)
    vm.write(b"\x03")
    return head + vm.wait_for(r"porthole> ", timeout=60)


try:
    # PIO (ata.dma=0): by DMA the 128 MiB take well under the second after
    # which the progress line, and with it the chance to interrupt, comes.
    with VM(disk=img, append="ata.dma=0", timeout=300) as vm:
        vm.wait_prompt()
        out = interrupt(vm, "disk write hda 0 %d %d" % (SECTORS, PATTERN), "disk write")
        m = re.search(r"^hda: write stopped by Ctrl-C after (\d+) of %d sectors "
                      r"\(from LBA 0, flushed\); nothing written from LBA (\d+) on$" % SECTORS,
                      out, re.M)
        done = int(m.group(1)) if m else None
        t.ok(m and 0 < done < SECTORS and int(m.group(2)) == done,
             "disk write: Ctrl-C stops it with one line saying how far it got", out[-600:])
        t.ok(out.rstrip().endswith("porthole>") and "wrote" not in out,
             "disk write: the prompt returns, no success line", out[-300:])

        out = interrupt(vm, "disk crc hda 0 %d" % SECTORS, "disk crc")
        t.ok(re.search(r"^disk: crc stopped by Ctrl-C after \d+ of %d sectors \(from LBA 0\): "
                       r"no CRC$" % SECTORS, out, re.M) and "crc32 0x" not in out,
             "disk crc: Ctrl-C stops it, says how far, prints no CRC", out[-600:])

        out = interrupt(vm, "disk bench hda 128 sectors", "bench sectors")
        t.ok(re.search(r"^bench hda sectors: stopped by Ctrl-C after \d+ of %d sectors$"
                       % SECTORS, out, re.M),
             "disk bench: Ctrl-C stops it and says how far", out[-600:])

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
        after = data[done * SECTOR:]
        t.ok(written == bytes([PATTERN]) * len(written),
             "host view: the %d sectors reported written hold 0x%02x" % (done, PATTERN))
        t.ok(after.count(0) == len(after),
             "host view: nothing written after LBA %d" % (done - 1),
             "first nonzero sector after: %s" % (
                 next((i // SECTOR for i, b in enumerate(after) if b), None)))
finally:
    os.unlink(img)

sys.exit(t.done())
