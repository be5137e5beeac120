#!/usr/bin/env python3
"""The AML reader at boot, fed SSDTs with broken AML through QEMU's
-acpitable (QEMU writes the header, with a right length and checksum, so
only the body can be broken that way). Two SSDTs: one whose Device(BAD0)
holds an unknown opcode between good names, one whose Scope's PkgLength
runs past the end of its table. Each must give exactly one line naming the
table and the byte offset (computed here from the bytes built here), the
kernel must reach the prompt, what is readable must be read (TST0 with its
_CRS, TST1 after the broken device), and the DSDT's devices must be intact:
`pnp` still equals Linux's /sys/bus/pnp on this machine."""
import os
import re
import shutil
import tempfile

from vm import VM, TAP, ROOT

t = TAP()
HEADER = 36  # QEMU puts the ACPI table header in front of data=
REF = os.path.join(ROOT, "tests", "reference", "linux-pc-firmware.txt")


def pkg(body):
    """AML PkgLength (ACPI 6.5 20.2.4) in front of body; counts itself."""
    if len(body) + 1 <= 0x3f:
        return bytes([len(body) + 1]) + body
    n = len(body) + 2
    return bytes([0x40 | (n & 0x0f), n >> 4]) + body


def string(s):
    return b"\x0d" + s.encode() + b"\x00"


def name(seg, value):
    return b"\x08" + seg.encode() + value


def device(seg, body):
    return b"\x5b\x82" + pkg(seg.encode() + body)


# IO(Decode16, 0x0f00, 0x0f00, 1, 4) and the End Tag, in a Buffer.
crs = b"\x11" + pkg(b"\x0a\x0a" + bytes([0x47, 0x01, 0x00, 0x0f, 0x00, 0x0f,
                                         0x01, 0x04, 0x79, 0x00]))
bad_dev = device("BAD0", name("_HID", string("PRT0002")) + b"\xee\x01" +
                 name("_UID", b"\x0a\x05"))
inner = (b"\\_SB_" + device("TST0", name("_HID", string("PRT0001")) + name("_CRS", crs)) +
         bad_dev + device("TST1", name("_HID", string("PRT0003"))))
ssdt1 = b"\x10" + pkg(inner)
bad_at = HEADER + ssdt1.index(b"\xee\x01")
# Second table: Scope(\_SB) claiming 0x200 bytes more than the table has.
ssdt2 = b"\x10\x4f\x20" + b"\\_SB_" + device("LOST", name("_HID", string("PRT0009")))
over_at = HEADER


def reference_pnp():
    out, inside = [], False
    with open(REF) as f:
        for line in f:
            if line.startswith("==="):
                inside = "/sys/bus/pnp" in line
                continue
            if inside and line.strip():
                out.append(line[4:].rstrip() if line.startswith("--- ") else line.rstrip())
    return "\n".join(out)


tmp = tempfile.mkdtemp(prefix="porthole-aml-")
files = []
for i, body in enumerate((ssdt1, ssdt2)):
    path = os.path.join(tmp, "ssdt%d.bin" % i)
    with open(path, "wb") as f:
        f.write(body)
    files += ["-acpitable", "sig=SSDT,rev=1,oem_id=PRTHLE,oem_table_id=BADAML%d,data=%s"
              % (i, path)]

with VM(extra=files, timeout=120) as vm:
    boot = vm.wait_prompt()
    lines = [l for l in boot.splitlines() if re.match(r"ACPI: SSDT\+0x", l)]
    t.ok(len(lines) == 2, "two broken SSDTs: two lines, no more", "\n".join(lines))
    t.ok(any(l == "ACPI: SSDT+0x%04x: unknown opcode 0xee in \\_SB_.BAD0; rest of that "
             "scope skipped" % bad_at for l in lines),
         "the unknown opcode: its offset (0x%04x) and scope named" % bad_at, "\n".join(lines))
    t.ok(any(l.startswith("ACPI: SSDT+0x%04x: package length runs past the end" % over_at)
             for l in lines),
         "the overlong Scope: named at its offset (0x%04x)" % over_at, "\n".join(lines))
    t.ok(re.search(r"ACPI: namespace: \d+ devices \(6 PNP\) from the DSDT and 2 SSDTs, some "
                   r"scopes skipped", boot), "the summary says 2 SSDTs, some scopes skipped",
         boot[-3000:])
    ns = vm.cmd("acpi ns")
    t.ok(re.search(r"^\\_SB_\.TST0 PRT0001 _STA none \(0x0f\)\n  io 0x0f00-0x0f03$", ns, re.M),
         "TST0 before the damage: read with its _CRS", ns)
    t.ok(re.search(r"^\\_SB_\.BAD0 PRT0002 _STA", ns, re.M) and "_UID 5" not in ns,
         "BAD0: the _HID before the bad opcode kept, the _UID after it not", ns)
    t.ok(re.search(r"^\\_SB_\.TST1 PRT0003", ns, re.M), "TST1 after the broken device read", ns)
    t.ok("LOST" not in ns, "nothing from the Scope whose length is wrong", ns)
    t.ok(re.search(r"^\\_SB_\.PCI0 PNP0A03", ns, re.M), "the DSDT's devices still there", ns)
    out = vm.cmd("pnp").strip()
    t.ok(out == reference_pnp(), "pnp still equals Linux's", out)
    t.ok(re.match(r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$", vm.cmd("date").strip()),
         "and the shell goes on (date)")

shutil.rmtree(tmp)
t.done()
