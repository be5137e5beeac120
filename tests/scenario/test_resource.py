#!/usr/bin/env python3
"""The resource trees on the default machine: `ioports` and `iomem`.

Checks, against ground truth rather than against numbers typed here:
- every line has Linux's /proc format, and the lines form a valid tree
  (children inside parents, sorted, disjoint);
- the lines porthole owns or reserves match Linux's lines for the same
  machine (tests/reference/linux-pc.txt) character for character, with
  Linux's indentation: the ACPI lines (PCI Bus windows, ACPI blocks, IOAPIC,
  HPET, Local APIC, QEMU0002) are porthole's too (docs/acpi.md), and so is
  page 0 "Reserved";
- the option ROM lines match what QEMU's own memory holds (monitor `xp`),
  and the kernel's lines match the ELF's section symbols (nm);
- the dumps printed at boot equal the `ioports`/`iomem` output;
- `ioports ADDR` / `iomem ADDR` print the chain the dump implies, and a bad
  argument gives one line.
"""
import os
import re
import subprocess
import sys

from vm import VM, TAP, ELF, REFERENCE

# Names porthole claims or reserves itself: every reference line with one of
# these names must be there. Drivers from other work streams add theirs to the
# dump, and any name porthole prints that the reference has is compared too.
OWNED = {
    "ioports": ("dma1", "timer1", "dma page reg", "dma2", "fpu", "serial",
                "pic1", "pic2", "timer0", "keyboard", "vga+"),
    "iomem": ("Reserved", "Video RAM area", "System ROM", "System RAM"),
}
# Lines whose numbers differ for reasons the docs explain; checked otherwise.
KERNEL_NAMES = ("Kernel code", "Kernel rodata", "Kernel data", "Kernel bss")
ROM_NAMES = ("Video ROM", "Adapter ROM")

LINE_RX = {
    "io": re.compile(r"^((?:  )*)([0-9a-f]{4,})-([0-9a-f]{4,}) : (.+)$"),
    "mem": re.compile(r"^((?:  )*)([0-9a-f]{8,})-([0-9a-f]{8,}) : (.+)$"),
}
WIDTH = {"io": 4, "mem": 8, "ioports": 4, "iomem": 8}
PAGE_OFFSET = 0xC0000000

t = TAP()


def parse(text, kind):
    """Lines of a dump -> list of dicts (depth, start, end, name, line);
    None for a line that is not in the /proc format."""
    nodes = []
    for line in text.rstrip("\n").split("\n"):
        m = LINE_RX[kind].match(line)
        if not m:
            nodes.append(None)
            continue
        nodes.append({"depth": len(m.group(1)) // 2, "start": int(m.group(2), 16),
                      "end": int(m.group(3), 16), "name": m.group(4), "line": line,
                      "sstart": m.group(2), "send": m.group(3)})
    return nodes


def check_format(nodes, text, kind):
    bad = [l for l, n in zip(text.rstrip("\n").split("\n"), nodes) if n is None]
    t.ok(nodes and not bad, "%s: every line has the /proc format" % kind, "\n".join(bad))
    w = WIDTH[kind]
    widths_ok = all(len(n["sstart"]) == max(w, len("%x" % n["start"])) and
                    len(n["send"]) == max(w, len("%x" % n["end"]))
                    for n in nodes if n)
    t.ok(widths_ok, "%s: %d hex digits, wider numbers whole" % (kind, w), text)
    # a tree: indentation grows one level at a time, each line inside its
    # parent, and the children of a parent sorted and disjoint
    errs, prev_child = [], {}
    depth = -1
    for n in (x for x in nodes if x):
        if n["depth"] > depth + 1:
            errs.append("indent jumps: " + n["line"])
        depth = n["depth"]
    link_parents(nodes)
    for n in (x for x in nodes if x):
        p = n["parent"]
        if n["end"] < n["start"]:
            errs.append("end < start: " + n["line"])
        if p and not (p["start"] <= n["start"] and n["end"] <= p["end"]):
            errs.append("outside its parent: " + n["line"])
        prev = prev_child.get(id(p))
        if prev and prev["end"] >= n["start"]:
            errs.append("overlaps or unsorted: " + n["line"])
        prev_child[id(p)] = n
    t.ok(not errs, "%s: lines form a valid tree" % kind, "\n".join(errs))


def reference_sections():
    text = open(REFERENCE).read()
    io = re.search(r"=== /proc/ioports ===\n(.*?)\n===", text, re.S).group(1)
    mem = re.search(r"=== /proc/iomem ===\n(.*?)\n===", text, re.S).group(1)
    return parse(io + "\n", "io"), parse(mem + "\n", "mem")


def expected_line(ref, ours_stripped):
    """The reference line as porthole should print it: indented by the
    number of its ancestors that porthole prints too."""
    depth, p = 0, ref_parent(ref)
    while p is not None:
        if p["line"].strip() in ours_stripped:
            depth += 1
        p = ref_parent(p)
    return "  " * depth + ref["line"].strip()


def ref_parent(n):
    return n.get("parent")


def link_parents(nodes):
    stack = []
    for n in (x for x in nodes if x):
        while len(stack) > n["depth"]:
            stack.pop()
        n["parent"] = stack[-1] if stack else None
        stack.append(n)


def compare_with_reference(ours, refs, kind):
    ours = [n for n in ours if n]
    link_parents(refs)
    refs = [n for n in refs if n]
    ours_lines = set(n["line"] for n in ours)
    ours_stripped = set(n["line"].strip() for n in ours)
    our_names = set(n["name"] for n in ours) | set(OWNED[kind])
    compared = 0
    for r in refs:
        s = r["line"].strip()
        if r["name"] not in our_names or r["name"] in KERNEL_NAMES + ROM_NAMES:
            continue
        want = expected_line(r, ours_stripped)
        compared += 1
        t.ok(want in ours_lines, "%s: reference line '%s'" % (kind, want),
             "porthole printed:\n" + "\n".join(n["line"] for n in ours))
    t.ok(compared >= len(OWNED[kind]),
         "%s: %d reference lines compared" % (kind, compared))


def check_low_ram(ours, refs):
    """Linux keeps page 0 (the BIOS's vectors and data area) out of System
    RAM: its first two lines, which porthole prints too, in that order."""
    want = [n["line"] for n in refs if n][:2]
    got = [n["line"] for n in ours if n][:2]
    t.ok(len(want) == 2 and got == want and want[0].endswith(": Reserved"),
         "iomem: page 0 Reserved, then System RAM, as Linux", "%r vs %r" % (got, want))


def nm_symbols():
    out = subprocess.run(["nm", ELF], capture_output=True, text=True).stdout
    syms = {}
    for line in out.split("\n"):
        f = line.split()
        if len(f) == 3:
            syms[f[2]] = int(f[0], 16)
    return syms


def check_kernel_lines(ours):
    syms = nm_symbols()
    want = [
        ("Kernel code", syms["_kernel_start_phys"], syms["_etext"] - PAGE_OFFSET - 1),
        ("Kernel rodata", syms["_rodata"] - PAGE_OFFSET, syms["_erodata"] - PAGE_OFFSET - 1),
        ("Kernel data", syms["_data"] - PAGE_OFFSET, syms["_edata"] - PAGE_OFFSET - 1),
        ("Kernel bss", syms["__bss_start"] - PAGE_OFFSET, syms["__bss_end"] - PAGE_OFFSET - 1),
    ]
    for name, start, end in want:
        line = "  %08x-%08x : %s" % (start, end, name)
        n = [x for x in ours if x and x["line"] == line]
        t.ok(n and n[0]["parent"] and n[0]["parent"]["name"] == "System RAM",
             "iomem: '%s' from the ELF's symbols, under System RAM" % line.strip(),
             "\n".join(x["line"] for x in ours if x))


def qemu_bytes(vm, start, length):
    """Physical memory as QEMU sees it, through the monitor."""
    out = vm.monitor("xp /%dxb 0x%x" % (length, start), timeout=60)
    data = bytearray()
    for line in out.split("\n"):
        if ":" in line:
            data += bytes(int(x, 16) for x in line.split(":", 1)[1].split())
    return bytes(data)


def check_roms(vm, ours):
    area = qemu_bytes(vm, 0xC0000, 0x30000)
    t.ok(len(area) == 0x30000, "monitor: read C0000-EFFFF (%d bytes)" % len(area))
    found, off = [], 0
    while off < len(area):
        if area[off] == 0x55 and area[off + 1] == 0xAA:
            length = area[off + 2] * 512
            if length and off + length <= len(area) and sum(area[off:off + length]) % 256 == 0:
                found.append((0xC0000 + off, 0xC0000 + off + length - 1))
                off = (off + length + 2047) & ~2047
                continue
        off += 2048
    want = ["%08x-%08x : %s" % (s, e, "Video ROM" if s == 0xC0000 else "Adapter ROM")
            for s, e in found]
    got = [n["line"] for n in ours if n and n["name"] in ROM_NAMES]
    t.ok(want and got == want,
         "iomem: ROM lines are the valid option ROMs in QEMU's memory",
         "want:\n%s\ngot:\n%s" % ("\n".join(want), "\n".join(got)))


def deepest_chain(nodes, addr):
    chain = []
    for n in (x for x in nodes if x):
        if n["depth"] == len(chain) and n["start"] <= addr <= n["end"]:
            chain.append(n)
    return chain


def check_lookup(vm, nodes, kind, cmd, addr, root_line):
    out = vm.cmd("%s 0x%x" % (cmd, addr)).rstrip("\n")
    chain = deepest_chain(nodes, addr)
    w = WIDTH[kind]
    if chain:
        want = [root_line] + ["  " * (i + 1) + n["line"].strip()
                              for i, n in enumerate(chain)]
        got = [re.sub(r" \(not busy\)$", "", l) for l in out.split("\n")]
        t.ok(got == want, "%s 0x%x prints the chain from the root down" % (cmd, addr),
             "want:\n%s\ngot:\n%s" % ("\n".join(want), out))
    else:
        t.ok(re.fullmatch(r"%0*x: not claimed by anyone \(only the root '.+' .+ holds it\)"
                          % (w, addr), out) is not None,
             "%s 0x%x: one line saying nobody claims it" % (cmd, addr), out)


with VM(append="panic=exit") as vm:
    boot = vm.wait_prompt()
    io_text = vm.cmd("ioports")
    mem_text = vm.cmd("iomem")
    io, mem = parse(io_text, "io"), parse(mem_text, "mem")
    check_format(io, io_text, "ioports")
    check_format(mem, mem_text, "iomem")

    t.ok("I/O ports (as /proc/ioports):\n" + io_text +
         "physical memory (as /proc/iomem):\n" + mem_text in boot,
         "boot printed both dumps, equal to ioports and iomem", boot[-3000:])
    t.ok(boot.count("(as /proc/ioports)") == 1, "boot dump printed once")

    ref_io, ref_mem = reference_sections()
    compare_with_reference(io, ref_io, "ioports")
    compare_with_reference(mem, ref_mem, "iomem")
    check_low_ram(mem, ref_mem)
    check_kernel_lines(mem)
    check_roms(vm, mem)

    for port in (0x0, 0x60, 0x80, 0x3f0, 0x3f8, 0x3ff, 0x501, 0xffff):
        check_lookup(vm, io, "io", "ioports", port, "0000-ffff : PCI IO (root)")
    for addr in (0x0, 0xb8000, 0xc0000, 0xf0000, 0xffff0, 0x100000, 0x7fe0000,
                 0xfffffff0, 0x100000000):
        check_lookup(vm, mem, "mem", "iomem", addr,
                     "00000000-ffffffffffffffff : PCI mem (root)")

    for cmd, arg in (("ioports", "0x10000"), ("ioports", "zz"), ("iomem", "-1"),
                     ("iomem", "0x1ffffffffffffffff")):
        out = vm.cmd("%s %s" % (cmd, arg)).rstrip("\n")
        t.ok(out.count("\n") == 0 and out.startswith("%s: '%s' is not an address" % (cmd, arg)),
             "%s %s: one-line error" % (cmd, arg), out)
    out = vm.cmd("ioports 1 2").rstrip("\n")
    t.ok(out.startswith("usage: ioports"), "ioports with two arguments: usage", out)
    t.ok(vm.cmd("ioports") == io_text, "ioports unchanged after the lookups")
sys.exit(t.done())
