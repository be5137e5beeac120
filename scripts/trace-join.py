#!/usr/bin/env python3
"""scripts/trace-join.py - porthole's view of its devices beside QEMU's.

    trace-join.py session --dir DIR [-- COMMAND...]
        drive a porthole booted by scripts/qemu-trace.sh: wait for the
        prompt on DIR/serial.sock, type each COMMAND, save everything the
        serial port said to DIR/serial.log, save the monitor's `info mtree`
        to DIR/mtree.txt, and end QEMU.
    trace-join.py join --dir DIR
        read DIR/qemu-trace.log (QEMU's trace events), DIR/serial.log and
        DIR/mtree.txt and print the join.

QEMU's memory_region_ops_read/_write events name the MemoryRegion (the
device model's own name for its registers: 'serial', 'ide', 'pci-conf-idx')
that handled each access, with its absolute address and size. porthole's
ioports and iomem dumps of the same boot say whose each address is in the
kernel's resource tree. The join counts, for every porthole owner and QEMU
region, the reads and writes of each width. Addresses up to 0xffff are
ports (a PC has no device memory below 64 KiB: that is RAM, which never
reaches a device model); pci_cfg_read/_write name the PCI device model that
answered a configuration access through 0xcf8/0xcfc.

The firmware (SeaBIOS) and QEMU's multiboot loader run first; their last
act is to read the kernel through QEMU's fw_cfg device, so everything
before the last fw_cfg access is counted as the firmware's, apart.
"""
import argparse
import collections
import os
import re
import socket
import sys
import time

PROMPT = b"porthole> "
OPS = re.compile(r"memory_region_ops_(read|write) cpu (-?\d+) mr 0x[0-9a-f]+ "
                 r"addr (0x[0-9a-f]+) value (0x[0-9a-f]+) size (\d+) name '([^']*)'")
PCICFG = re.compile(r"pci_cfg_(read|write) (\S+) ([0-9a-f]{2}:[0-9a-f]{2}\.\d) "
                    r"@(0x[0-9a-f]+) (?:->|<-) (0x[0-9a-f]+)")
FWCFG = ("fwcfg", "fwcfg.dma")
DUMP_LINE = re.compile(r"^( *)([0-9a-f]+)-([0-9a-f]+) : (.*)$")


# ---- session ----

def connect(path, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise SystemExit("trace-join: no socket %s (did QEMU start? "
                                 "see qemu.stderr beside it)" % path)
            time.sleep(0.1)


def read_until(s, buf, token, timeout):
    deadline = time.monotonic() + timeout
    while token not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit("trace-join: waited %ds for %r; the console said:\n%s"
                             % (timeout, token, buf[-1500:].decode("latin-1")))
        s.settimeout(left)
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            raise SystemExit("trace-join: the console closed; it said:\n%s"
                             % buf[-1500:].decode("latin-1"))
        buf += chunk
    i = buf.index(token) + len(token)
    return buf[:i], buf[i:]


def monitor(s, command, timeout=20):
    s.sendall(command.encode() + b"\n")
    text, _ = read_until(s, b"", b"(qemu) ", timeout)
    text = re.sub(rb"\x1b\[[0-9;]*[A-Za-z]", b"", text.replace(b"\r", b""))
    lines = text.decode("latin-1").split("\n")
    return "\n".join(lines[1:-1]) + "\n"


def session(d, commands, timeout):
    ser = connect(os.path.join(d, "serial.sock"), 30)
    mon = connect(os.path.join(d, "monitor.sock"), 30)
    read_until(mon, b"", b"(qemu) ", 30)
    log, rest = read_until(ser, b"", PROMPT, timeout)
    for c in commands:
        ser.sendall(c.encode() + b"\r")
        text, rest = read_until(ser, rest, PROMPT, timeout)
        log += text
    with open(os.path.join(d, "serial.log"), "w") as f:
        f.write(log.replace(b"\r", b"").decode("latin-1"))
    with open(os.path.join(d, "mtree.txt"), "w") as f:
        f.write(monitor(mon, "info mtree"))
    try:
        mon.sendall(b"quit\n")
        mon.recv(4096)
    except OSError:
        pass


# ---- join ----

class Node:
    def __init__(self, start, end, name, parent):
        self.start, self.end, self.name, self.parent = start, end, name, parent
        self.children = []


def parse_dump(lines):
    """A /proc/ioports or /proc/iomem text into a tree (root: everything)."""
    root = Node(0, 2**64 - 1, "(nobody)", None)
    stack = [(-1, root)]
    for line in lines:
        m = DUMP_LINE.match(line)
        if not m:
            break
        depth = len(m.group(1)) // 2
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        n = Node(int(m.group(2), 16), int(m.group(3), 16), m.group(4), parent)
        parent.children.append(n)
        stack.append((depth, n))
    return root


def owner(root, addr):
    node = root
    while True:
        for c in node.children:
            if c.start <= addr <= c.end:
                node = c
                break
        else:
            return node


def dumps(serial):
    """porthole's boot dumps (resource_print_dumps) from the serial log."""
    lines = serial.split("\n")
    try:
        i = lines.index("I/O ports (as /proc/ioports):")
        j = lines.index("physical memory (as /proc/iomem):")
    except ValueError:
        raise SystemExit("trace-join: serial.log has no ioports/iomem dumps "
                         "(did the boot finish?)")
    return (parse_dump(lines[i + 1:j]), parse_dump(lines[j + 1:]),
            lines[i + 1:j], lines[j + 1:])


def read_trace(path):
    ops, cfg = [], []
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = OPS.search(line)
            if m:
                ops.append((m.group(1), int(m.group(3), 16), int(m.group(5)),
                            m.group(6), int(m.group(2))))
                continue
            m = PCICFG.search(line)
            if m:
                cfg.append((len(ops), m.group(1), m.group(2), m.group(3)))
    return ops, cfg


def join(d, out=sys.stdout):
    serial = open(os.path.join(d, "serial.log"), encoding="latin-1").read()
    io_root, mem_root, ioport_lines, iomem_lines = dumps(serial)
    ops, cfg = read_trace(os.path.join(d, "qemu-trace.log"))
    last_fw = max([i for i, o in enumerate(ops) if o[3] in FWCFG], default=-1)
    firmware, kernel = ops[:last_fw + 1], ops[last_fw + 1:]

    rows = collections.OrderedDict()
    for rw, addr, size, name, cpu in kernel:
        port = addr <= 0xffff
        node = owner(io_root if port else mem_root, addr)
        key = (port, node.start if node.parent else addr, node.end if node.parent else addr,
               node.name, name)
        c = rows.setdefault(key, collections.Counter())
        c[(rw, size)] += 1
    out.write("porthole's accesses as QEMU dispatched them (%d after the "
              "firmware's %d; %s)\n\n" % (len(kernel), len(firmware),
                                          "kernel starts after the last fw_cfg access"
                                          if last_fw >= 0 else "no fw_cfg access seen"))
    hdr = "%-5s %-21s %-22s %-16s %7s %7s %7s %7s %7s %7s\n"
    out.write(hdr % ("space", "range", "porthole owner", "QEMU region",
                     "in/rd1", "rd2", "rd4", "out/wr1", "wr2", "wr4"))
    for key in sorted(rows, key=lambda k: (not k[0], k[1], k[4])):
        port, start, end, who, name = key
        c = rows[key]
        w = 4 if port else 8
        rng = "%0*x-%0*x" % (w, start, w, end)
        out.write(hdr % ("port" if port else "mem", rng, who[:22], name[:16],
                         *(c[(rw, s)] or "-" for rw in ("read", "write")
                           for s in (1, 2, 4))))
    if cfg:
        per = collections.Counter((model, bdf, rw) for i, rw, model, bdf in cfg
                                  if i > last_fw)
        out.write("\nPCI configuration accesses, by the device model that "
                  "answered (pci_cfg_*)\n")
        out.write("%-8s %-14s %7s %7s\n" % ("function", "QEMU model", "reads", "writes"))
        for model, bdf in sorted({(m, b) for m, b, _ in per}, key=lambda x: x[1]):
            out.write("%-8s %-14s %7d %7d\n" % (bdf, model, per[(model, bdf, "read")],
                                              per[(model, bdf, "write")]))
    mtree = os.path.join(d, "mtree.txt")
    if os.path.exists(mtree):
        text = open(mtree, encoding="latin-1").read()
        beside(out, "memory", "iomem", address_space(text, "memory"), iomem_lines)
        beside(out, "I/O", "ioports", address_space(text, "I/O"), ioport_lines)


def beside(out, space, ours_name, qemu, ours):
    """QEMU's tree of one address space in a column beside porthole's dump."""
    ours = [l for l in ours if DUMP_LINE.match(l)]
    out.write("\nQEMU's info mtree, address-space: %s, beside porthole's %s\n\n"
              % (space, ours_name))
    width = min(max([len(l) for l in qemu] + [10]) + 2, 70)
    out.write("%-*s%s\n" % (width, "QEMU", "porthole"))
    for i in range(max(len(qemu), len(ours))):
        a = qemu[i] if i < len(qemu) else ""
        b = ours[i] if i < len(ours) else ""
        out.write(("%-*s%s" % (width, a[:width - 2], b)).rstrip() + "\n")


def address_space(text, name):
    """The tree `info mtree` prints for 'address-space: NAME'."""
    lines, on = [], False
    for line in text.split("\n"):
        if line.startswith("address-space: "):
            if lines:
                break
            on = line.strip() == "address-space: " + name
            continue
        if on and line.strip():
            lines.append(line.rstrip())
        elif on and lines:
            break
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=("session", "join"))
    ap.add_argument("--dir", default="build/trace")
    ap.add_argument("--timeout", type=int, default=120)
    argv = sys.argv[1:]
    commands = []
    if "--" in argv:
        i = argv.index("--")
        argv, commands = argv[:i], argv[i + 1:]
    a = ap.parse_args(argv)
    a.commands = commands
    if a.mode == "session":
        session(a.dir, a.commands, a.timeout)
    else:
        join(a.dir)


if __name__ == "__main__":
    main()
