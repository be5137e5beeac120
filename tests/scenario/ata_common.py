"""tests/scenario/ata_common.py - what the ATA scenarios share: seeded
random disk images, the host's CRC-32 and hexdump -C of a range, and the
`disk crc` line parser. The host's view of the image is the reference."""
import os
import random
import re
import tempfile
import zlib

SECTOR = 512


def make_image(size, seed, directory=None):
    """A raw image of `size` seeded random bytes; returns its path."""
    fd, path = tempfile.mkstemp(prefix="porthole-ata-", suffix=".img", dir=directory)
    rng = random.Random(seed)
    with os.fdopen(fd, "wb") as f:
        left = size
        while left:
            n = min(left, 1 << 20)
            f.write(rng.randbytes(n))
            left -= n
    return path


def read_range(path, lba, count):
    with open(path, "rb") as f:
        f.seek(lba * SECTOR)
        return f.read(count * SECTOR)


def host_crc(path, lba, count):
    return zlib.crc32(read_range(path, lba, count))


def hexdump_c(data):
    """What `hexdump -C` prints for data (repeated lines squeezed to '*')."""
    out, prev, starred = [], None, False
    for off in range(0, len(data), 16):
        line = data[off:off + 16]
        if line == prev:
            if not starred:
                out.append("*")
            starred = True
            continue
        prev, starred = line, False
        hx = " ".join("%02x" % b for b in line[:8]) + "  " + \
            " ".join("%02x" % b for b in line[8:])
        asc = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in line)
        out.append("%08x  %s  |%s|" % (off, hx, asc))
    out.append("%08x" % len(data))
    return "\n".join(out) + "\n"


CRC_LINE = re.compile(r"crc32 0x([0-9a-f]{8})  (\w+) LBA (\d+), (\d+) sectors \((\d+) bytes\)")


def disk_crc(vm, drive, lba, count, timeout=120):
    """Run `disk crc` and return (crc, output); crc None if no crc line."""
    out = vm.cmd("disk crc %s %d %d" % (drive, lba, count), timeout=timeout)
    m = CRC_LINE.search(out)
    if not m or int(m.group(3)) != lba or int(m.group(4)) != count or \
            int(m.group(5)) != count * SECTOR:
        return None, out
    return int(m.group(1), 16), out


def lba_pattern(lba, count):
    """The `lba` pattern: each sector is its LBA, 8 bytes little-endian, 64 times."""
    return b"".join((l).to_bytes(8, "little") * (SECTOR // 8)
                    for l in range(lba, lba + count))
