#!/usr/bin/env python3
"""scripts/capture-acpi.py - save a QEMU machine's ACPI tables as files.

Boots porthole (build/porthole.elf, through tests/scenario/vm.py and so
scripts/qemu.sh) on MACHINE, waits for the prompt (SeaBIOS has built the
tables by then), and copies guest memory out with the QEMU monitor's
`pmemsave ADDR LEN FILE`:

  1. 0xe0000-0xfffff (and the EBDA's first KiB) to find "RSD PTR " on a
     16-byte boundary, as the ACPI spec's 5.2.5.1 says an OS does;
  2. the RSDT (or XSDT) it points at, then every table the RSDT lists,
     then the DSDT and FACS the FADT points at.

Each table goes to OUTDIR/SIG.bin (a second table of the same signature
to SIG2.bin, ...), the RSDP to RSDP.bin, and OUTDIR/ADDRESSES lists where
each was (the parsers' host tests rebuild the guest's memory from it).

    python3 scripts/capture-acpi.py pc tests/data/acpi/pc
    python3 scripts/capture-acpi.py q35 tests/data/acpi/q35
"""
import os
import struct
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "scenario"))
from vm import VM  # noqa: E402


def save(vm, tmp, addr, length):
    path = os.path.join(tmp, "chunk.bin")
    out = vm.monitor("pmemsave 0x%x %d \"%s\"" % (addr, length, path))
    if out.strip():
        raise SystemExit("pmemsave: " + out)
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != length:
        raise SystemExit("pmemsave at 0x%x gave %d bytes, not %d" % (addr, len(data), length))
    return data


def find_rsdp(vm, tmp):
    low = save(vm, tmp, 0x400, 0x100)
    ebda = struct.unpack_from("<H", low, 0x0e)[0] << 4
    areas = []
    if ebda:
        areas.append((ebda, 1024))
    areas.append((0xe0000, 0x20000))
    for base, length in areas:
        data = save(vm, tmp, base, length)
        for off in range(0, length - 20, 16):
            if data[off:off + 8] == b"RSD PTR ":
                return base + off
    raise SystemExit("no RSDP on this machine")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    machine, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="capture-acpi-")
    names = {}
    addresses = []

    def keep(sig, addr, data):
        n = names.get(sig, 0) + 1
        names[sig] = n
        fname = sig + (str(n) if n > 1 else "") + ".bin"
        with open(os.path.join(outdir, fname), "wb") as f:
            f.write(data)
        addresses.append("%s 0x%016x %d" % (fname, addr, len(data)))

    def table(addr):
        hdr = save(vm, tmp, addr, 8)
        sig = hdr[:4].decode("latin-1")
        length = struct.unpack_from("<I", hdr, 4)[0]
        data = save(vm, tmp, addr, length)
        keep(sig, addr, data)
        return sig, data

    with VM(machine=machine, timeout=180) as vm:
        vm.wait_prompt(timeout=150)
        version = vm.monitor("info version").strip()
        rsdp_addr = find_rsdp(vm, tmp)
        rsdp = save(vm, tmp, rsdp_addr, 20)
        rev = rsdp[15]
        if rev >= 2:
            rsdp = save(vm, tmp, rsdp_addr, struct.unpack_from("<I", rsdp + save(vm, tmp, rsdp_addr + 20, 16), 20)[0])
        keep("RSDP", rsdp_addr, rsdp)
        rsdt_addr = struct.unpack_from("<I", rsdp, 16)[0]
        entry, fmt = 4, "<I"
        if rev >= 2 and struct.unpack_from("<Q", rsdp, 24)[0]:
            rsdt_addr, entry, fmt = struct.unpack_from("<Q", rsdp, 24)[0], 8, "<Q"
        _, root = table(rsdt_addr)
        for off in range(36, len(root), entry):
            sig, data = table(struct.unpack_from(fmt, root, off)[0])
            if sig == "FACP":
                facs, dsdt = struct.unpack_from("<II", data, 36)
                if len(data) >= 148:
                    xfacs, xdsdt = struct.unpack_from("<QQ", data, 132)
                    facs, dsdt = xfacs or facs, xdsdt or dsdt
                table(dsdt)
                if facs:
                    table(facs)
        vm.monitor("quit")
    with open(os.path.join(outdir, "ADDRESSES"), "w") as f:
        f.write("# %s machine, %s\n" % (machine, version))
        f.write("\n".join(addresses) + "\n")
    print("\n".join(addresses))


if __name__ == "__main__":
    main()
