#!/usr/bin/env python3
"""scripts/gen-pci-ids.py - turn pci.ids into the compact C table lspci reads.

Usage: gen-pci-ids.py PCI_IDS OUTPUT.c [--devices all|none|VVVV,VVVV,...]
                      [--subsystems all|none|SSSS,SSSS,...]

pci.ids (Debian package pci.ids, /usr/share/misc/pci.ids) is a text file:

    VVVV  vendor name
    <TAB>DDDD  device name
    <TAB><TAB>SSSS ssss  subsystem name     (subsystem vendor, subsystem device)
    C CC  class name
    <TAB>SS  subclass name
    <TAB><TAB>PP  programming interface name

What goes into the kernel (PCI_IDS_DEVICES and PCI_IDS_SUBSYSTEMS in the
Makefile choose; docs/pci.md has the sizes):
  - every vendor name and every class, subclass and prog-if name, always;
  - device names for all vendors (--devices all), none, or the listed ones;
  - subsystem names of those devices: all, none, or only those whose
    subsystem vendor is listed (--subsystems).

Names are compressed with a word dictionary: each name is a string of bytes
where 0x20-0x7e stand for themselves, 0x80-0xbf + 0 more bytes and 0xc0-0xff
+ 1 more byte are references to dictionary words (the 64 most frequent words
get one byte, the next 16384 two), and 0x01 quotes the byte after it (the few
non-ASCII bytes). drivers/pci/ids.c decodes one name at a time, when lspci asks.

The tables are sorted by id so the kernel can binary-search them; see
drivers/pci/ids.h for the layout.
"""
import collections
import sys

ONE_BYTE = 64          # codes 0x80..0xbf
TWO_BYTE = 64 * 256    # codes 0xc0..0xff followed by a byte
QUOTE = 0x01


def parse(path):
    vendors = []   # [id, name, [[dev, name, [[sv, sd, name]...]]...]]
    classes = []   # [(level, cls, sub, pi, name)]
    section = "vendors"
    with open(path, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\r\n")
            if not line.strip() or line.startswith(b"#"):
                continue
            if line.startswith(b"C "):
                section = "classes"
                cls = int(line[2:4], 16)
                classes.append((1, cls, 0, 0, line[6:]))
                continue
            if section == "classes":
                if line.startswith(b"\t\t"):
                    pi = int(line[2:4], 16)
                    classes.append((3, cls, sub, pi, line[6:]))
                elif line.startswith(b"\t"):
                    sub = int(line[1:3], 16)
                    classes.append((2, cls, sub, 0, line[5:]))
                else:
                    section = "other"   # a later section we do not use
                continue
            if section != "vendors":
                continue
            if line.startswith(b"\t\t"):
                sv, sd = int(line[2:6], 16), int(line[7:11], 16)
                vendors[-1][2][-1][2].append([sv, sd, line[13:]])
            elif line.startswith(b"\t"):
                vendors[-1][2].append([int(line[1:5], 16), line[7:], []])
            else:
                vendors.append([int(line[0:4], 16), line[6:], []])
    return vendors, classes


def tokens(name):
    """Words with their trailing space: b"Intel Corporation" ->
    [b"Intel ", b"Corporation"]."""
    out = []
    for i, w in enumerate(name.split(b" ")):
        out.append(w + b" " if i < name.count(b" ") else w)
    return [t for t in out if t]


def build_dictionary(names):
    count = collections.Counter()
    for n in names:
        count.update(tokens(n))
    # Saving of a word used k times as a two-byte code: k*(len-2) minus the
    # dictionary's own copy (len + 1 NUL + 4 offset bytes).
    scored = [(k * (len(w) - 2) - len(w) - 5, w) for w, k in count.items()]
    scored = sorted((s, w) for s, w in scored if s > 0)[::-1]
    words = [w for _, w in scored[:ONE_BYTE + TWO_BYTE]]
    # The most used words get the one-byte codes.
    words[:ONE_BYTE] = sorted(words[:ONE_BYTE + 256],
                              key=lambda w: -count[w] * len(w))[:ONE_BYTE]
    seen = set(words[:ONE_BYTE])
    rest = [w for _, w in scored[:ONE_BYTE + TWO_BYTE] if w not in seen]
    return words[:ONE_BYTE] + rest[:TWO_BYTE]


def encode(name, index):
    out = bytearray()
    for t in tokens(name):
        i = index.get(t)
        if i is None:
            for b in t:
                if 0x20 <= b <= 0x7e:
                    out.append(b)
                else:
                    out += bytes([QUOTE, b])
        elif i < ONE_BYTE:
            out.append(0x80 + i)
        else:
            j = i - ONE_BYTE
            out += bytes([0xc0 + (j >> 8), j & 0xff])
    return bytes(out) + b"\0"


def c_bytes(data):
    lines = []
    for i in range(0, len(data), 16):
        lines.append("\t" + ", ".join("0x%02x" % b for b in data[i:i + 16]) + ",")
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    opts = {"--devices": "all", "--subsystems": "all"}
    for o in opts:
        if o in args:
            i = args.index(o)
            opts[o] = args[i + 1]
            del args[i:i + 2]
    devices, subsystems = opts["--devices"], opts["--subsystems"]
    if len(args) != 2:
        sys.exit(__doc__)
    src, dst = args
    vendors, classes = parse(src)
    keep = (None if devices == "all" else
            {int(v, 16) for v in devices.split(",") if v != "none"})
    keep_sub = (None if subsystems == "all" else
                {int(v, 16) for v in subsystems.split(",") if v != "none"})
    vendors.sort(key=lambda v: v[0])
    for v in vendors:
        if keep is not None and v[0] not in keep:
            v[2] = []
        v[2].sort(key=lambda d: d[0])
        for d in v[2]:
            if keep_sub is not None:
                d[2] = [s for s in d[2] if s[0] in keep_sub]
            d[2].sort(key=lambda s: (s[0], s[1]))

    names = [v[1] for v in vendors]
    names += [d[1] for v in vendors for d in v[2]]
    names += [s[2] for v in vendors for d in v[2] for s in d[2]]
    names += [c[4] for c in classes]
    words = build_dictionary(names)
    index = {w: i for i, w in enumerate(words)}

    text = bytearray(b"\0")    # offset 0: the empty name
    offsets = {}

    def put(name):
        if name not in offsets:
            offsets[name] = len(text)
            text.extend(encode(name, index))
        return offsets[name]

    vrows, drows, srows, crows = [], [], [], []
    for vid, vname, devs in vendors:
        vrows.append("\t{ 0x%04x, %d, %d, %d, %d }," %
                     (vid, len(devs), put(vname), len(drows), len(srows)))
        for did, dname, subs in devs:
            drows.append("\t{ 0x%04x, %d, %d }," % (did, len(subs), put(dname)))
            for sv, sd, sname in subs:
                srows.append("\t{ 0x%04x, 0x%04x, %d }," % (sv, sd, put(sname)))
    for level, cls, sub, pi, name in classes:
        crows.append("\t{ %d, 0x%02x, 0x%02x, 0x%02x, %d }," %
                     (level, cls, sub, pi, put(name)))

    wtext = bytearray()
    woff = []
    for w in words:
        woff.append(len(wtext))
        wtext += w + b"\0"

    with open(dst, "w") as f:
        f.write("/* Generated by scripts/gen-pci-ids.py from %s\n * (devices: %s, subsystems: %s).\n"
                " * Do not edit; see drivers/pci/ids.h. */\n" % (src, devices, subsystems))
        f.write('#include "drivers/pci/ids.h"\n\n')
        f.write("const struct pci_ids_vendor pci_ids_vendors[] = {\n%s\n};\n" %
                "\n".join(vrows))
        f.write("const struct pci_ids_device pci_ids_devices[] = {\n%s\n};\n" %
                "\n".join(drows or ["\t{ 0, 0, 0 },"]))
        f.write("const struct pci_ids_subsys pci_ids_subsystems[] = {\n%s\n};\n" %
                "\n".join(srows or ["\t{ 0, 0, 0 },"]))
        f.write("const struct pci_ids_class pci_ids_classes[] = {\n%s\n};\n" %
                "\n".join(crows))
        f.write("const unsigned int pci_ids_nvendors = %d;\n" % len(vrows))
        f.write("const unsigned int pci_ids_nclasses = %d;\n" % len(crows))
        f.write("const unsigned int pci_ids_nwords = %d;\n" % len(words))
        f.write("const u32 pci_ids_word_offsets[] = {\n%s\n};\n" %
                "\n".join("\t%d," % o for o in woff))
        f.write("const unsigned char pci_ids_words[] = {\n%s\n};\n" % c_bytes(wtext))
        f.write("const unsigned char pci_ids_names[] = {\n%s\n};\n" % c_bytes(text))
        f.write("const unsigned int pci_ids_names_size = %d;\n" % len(text))
    raw = sum(len(n) + 1 for n in set(names))
    sys.stderr.write("pci.ids: %d vendors, %d devices, %d subsystems, %d classes; "
                     "names %d -> %d bytes + dictionary %d words %d bytes\n" %
                     (len(vrows), len(drows), len(srows), len(crows), raw,
                      len(text), len(words), len(wtext) + 4 * len(words)))


if __name__ == "__main__":
    main()
