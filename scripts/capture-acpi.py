#!/usr/bin/env python3
"""scripts/capture-acpi.py - save the ACPI tables QEMU's firmware built.

Boots porthole (build/porthole.elf) on a QEMU machine through
tests/scenario/vm.py, waits for the prompt (SeaBIOS has written its tables
by then), and reads guest physical memory with the monitor's `pmemsave`:
the BIOS area 0xe0000-0xfffff to find "RSD PTR ", then the RSDP, the RSDT
(or XSDT), every table it lists, and the DSDT and FACS the FADT points to.
Each table is written whole (its header's length) as OUT/SIG.bin; a second
table with the same signature becomes SIG2.bin (SSDT, SSDT2, ...).

    python3 scripts/capture-acpi.py pc tests/data/acpi/pc
    python3 scripts/capture-acpi.py q35 tests/data/acpi/q35

Nothing is computed here: the files are the firmware's bytes.
"""
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "scenario"))
from vm import VM  # noqa: E402


def pmem(vm, tmp, addr, length):
    path = os.path.join(tmp, "mem-%x.bin" % addr)
    vm.monitor("pmemsave 0x%x 0x%x \"%s\"" % (addr, length, path))
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != length:
        raise SystemExit("pmemsave 0x%x: got %d bytes of %d" % (addr, len(data), length))
    return data


def table(vm, tmp, addr):
    head = pmem(vm, tmp, addr, 36)
    sig = head[:4].decode("ascii", "replace")
    length = struct.unpack_from("<I", head, 4)[0]
    if sig == "FACS":  # no checksum, no revision: 64 bytes by its length
        length = max(length, 64)
    return sig, pmem(vm, tmp, addr, length)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: capture-acpi.py MACHINE OUTDIR")
    machine, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="acpi-capture-")
    saved = {}

    def save(sig, data, addr):
        name = sig
        n = 2
        while name in saved:
            name = "%s%d" % (sig, n)
            n += 1
        saved[name] = addr
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)
        print("%-6s 0x%08x %6d bytes" % (name, addr, len(data)))

    with VM(machine=machine, timeout=120) as vm:
        vm.wait_prompt(timeout=90)
        bios = pmem(vm, tmp, 0xe0000, 0x20000)
        off = next((o for o in range(0, len(bios), 16)
                    if bios[o:o + 8] == b"RSD PTR "), None)
        if off is None:
            raise SystemExit("no RSDP in 0xe0000-0xfffff")
        rsdp_addr = 0xe0000 + off
        rev = bios[off + 15]
        rsdp = bios[off:off + (36 if rev >= 2 else 20)]
        save("RSDP", rsdp, rsdp_addr)
        rsdt_addr = struct.unpack_from("<I", rsdp, 16)[0]
        xsdt_addr = struct.unpack_from("<Q", rsdp, 24)[0] if rev >= 2 else 0
        if xsdt_addr:
            sig, root = table(vm, tmp, xsdt_addr)
            save(sig, root, xsdt_addr)
            entries = [struct.unpack_from("<Q", root, o)[0]
                       for o in range(36, len(root), 8)]
        if rsdt_addr:
            sig, root = table(vm, tmp, rsdt_addr)
            save(sig, root, rsdt_addr)
            if not xsdt_addr:
                entries = [struct.unpack_from("<I", root, o)[0]
                           for o in range(36, len(root), 4)]
        for addr in entries:
            sig, data = table(vm, tmp, addr)
            save(sig, data, addr)
            if sig == "FACP":
                facs, dsdt = struct.unpack_from("<II", data, 36)
                for a in (dsdt, facs):
                    if a:
                        s, d = table(vm, tmp, a)
                        save(s, d, a)
        version = vm.monitor("info version").strip().splitlines()
    with open(os.path.join(out, "ADDRESSES"), "w") as f:
        f.write("# captured by scripts/capture-acpi.py %s, QEMU %s\n"
                % (machine, version[-1] if version else "?"))
        for name, addr in saved.items():
            f.write("%s 0x%08x\n" % (name, addr))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
