#!/usr/bin/env python3
"""Memory and MMIO as a student sees them from the shell: porthole's own
page tables (vtop of kernel text, of an ioremap address, of unmapped
addresses; a write to kernel text faults; a NULL read faults and is
caught), meminfo against the BIOS map, ioremap/iounmap (uncached PTEs,
the address faults after iounmap), peek/poke through the direct map and
through ioremap, refusals that leave the shell answering, and QEMU's std
VGA seen both ways: the Bochs DISPI ID through ports 0x1ce/0x1cf and
through BAR2 + 0x500, and a pattern written to the framebuffer BAR0 read
back. The BAR addresses come from QEMU's own `info pci`, the kernel
addresses from the ELF's symbol table."""
import re
import subprocess
import sys

from vm import VM, TAP, ELF, EXIT_PANIC

PAGE_OFFSET = 0xC0000000
DISPI_ID = range(0xB0C0, 0xB0C6)


def symbol(name):
    out = subprocess.run(["nm", ELF], capture_output=True, text=True).stdout
    m = re.search(r"^([0-9a-f]{8}) [Tt] %s$" % re.escape(name), out, re.M)
    return int(m.group(1), 16)


def vga_bars(vm):
    """BAR number -> address of the std VGA (1234:1111), from QEMU."""
    text = vm.monitor("info pci")
    bars = {}
    for block in text.split("Bus ")[1:]:
        if "1234:1111" not in block:
            continue
        for m in re.finditer(r"BAR(\d): .*?memory at (0x[0-9a-f]+)", block):
            bars[int(m.group(1))] = int(m.group(2), 16)
    return bars


t = TAP()
with VM(append="panic=exit", nic=None) as vm:
    boot = vm.wait_prompt()
    t.ok(re.search(r"paging: own page tables at [0-9a-f]{8}: direct map "
                   r"c0000000-[0-9a-f]{8}, kernel text read-only \(CR0.WP on\)", boot),
         "boot switches to porthole's own page tables", boot[-1500:])

    # meminfo: the allocator's RAM is the usable map minus partial pages.
    usable = 0
    for m in re.finditer(r"BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable", boot):
        lo, hi = int(m.group(1), 16), int(m.group(2), 16) + 1
        lo = max((lo + 4095) // 4096 * 4096, 4096)  # frame 0 never
        hi = hi // 4096 * 4096
        usable += max(0, hi - lo)
    out = vm.cmd("meminfo")
    # The drivers' own mappings (the Local APIC, the I/O APIC, the HPET)
    # stay for good; the temporary ones below must come and go.
    boot_maps = re.search(r"^Ioremap:\s+\d+ kB\s+\((\d+) mappings", out, re.M)
    boot_maps = boot_maps.group(0) if boot_maps else "Ioremap: ? kB (? mappings"
    total = re.search(r"^MemTotal:\s+(\d+) kB", out, re.M)
    free = re.search(r"^MemFree:\s+(\d+) kB", out, re.M)
    kimg = re.search(r"^  KernelImage:\s+(\d+) kB", out, re.M)
    t.ok(total and int(total.group(1)) * 1024 == usable,
         "meminfo MemTotal = whole usable pages of the BIOS map (%d kB)" % (usable // 1024), out)
    t.ok(free and kimg and 0 < int(free.group(1)) < int(total.group(1)) - int(kimg.group(1)),
         "meminfo: free is below total minus the kernel image", out)

    # vtop: kernel text is mapped read-only at physical = virtual - 3 GiB.
    kmain = symbol("kmain")
    out = vm.cmd("vtop 0x%x" % kmain)
    t.ok(re.search(r"PTE\[%d\] = [0-9a-f]{8}  P RO " % ((kmain >> 12) & 0x3ff), out) and
         "-> physical %08x" % (kmain - PAGE_OFFSET) in out,
         "vtop kmain: present, read-only, physical = virtual - PAGE_OFFSET", out)
    out = vm.cmd("vtop 0")
    t.ok(re.search(r"PDE\[0\] = 00000000 .* not present: the walk stops here", out) and
         "vtop: 00000000 is not mapped" in out, "vtop 0: the walk stops at the PDE", out)
    out = vm.cmd("vtop 0xff900000")
    t.ok("is not mapped" in out and "never mapped" in out, "vtop of the top 8 MiB: not mapped", out)

    # A NULL read faults and the fixup turns it into an error line.
    out = vm.cmd("peek -v 0")
    t.ok("peek: reading 00000000 faulted" in out, "peek -v 0: the NULL read faults, reported", out)
    out = vm.cmd("poke -v -b 0x%x 0x90" % kmain)
    t.ok("faulted" in out, "poke into kernel text faults (read-only), reported", out)
    out = vm.cmd("peek -b -v 0x%x 1" % kmain)
    first = subprocess.run(["objdump", "-d", "--start-address=0x%x" % kmain,
                            "--stop-address=0x%x" % (kmain + 1), ELF],
                           capture_output=True, text=True).stdout
    m = re.search(r"%x:\s+([0-9a-f]{2})" % kmain, first)
    t.ok(m and re.search(r"%08x: %s" % (kmain, m.group(1)), out),
         "peek -v reads kmain's first byte as in the ELF (text unchanged)", out + first)

    # poke refuses what would corrupt the kernel instead of faulting ...
    out = vm.cmd("poke -l 0x%x 0" % (kmain - PAGE_OFFSET))
    t.ok("RAM the kernel is using" in out and "refused" in out,
         "poke into a used RAM frame (the kernel's) is refused", out)
    out = vm.cmd("poke -v 0xc0004000 1")
    t.ok("writable kernel memory" in out and "refused" in out,
         "poke -v into the writable direct map is refused", out)
    # ... and writes a free RAM frame through the direct map.
    out = vm.cmd("poke -w 0x6000000 0xbeef") + vm.cmd("peek -w 0x6000000")
    t.ok("through the direct map at 0xc6000000 (cached)" in out and
         "iomem: System RAM" in out and "06000000: beef" in out,
         "poke/peek of a free RAM frame go through the direct map", out)

    # Refusals leave the shell answering.
    for line, want in (("peek 0x100000000", "reaches above 4 GiB"),
                       ("peek -l 0xfffffffffffffff0 4", "wraps|above 4 GiB"),
                       ("ioremap 0x200000 0x1000", "System RAM at 200000"),
                       ("ioremap 0xfd000000 0", "size 0"),
                       ("peek -v 0xdeadbeef", "faulted"),
                       ("iounmap 0xf0001234", "not an address ioremap returned")):
        out = vm.cmd(line)
        t.ok(re.search(want, out) and len(out.strip().split("\n")) <= 3,
             "'%s' refused in a line or two (/%s/)" % (line, want), out)
    t.ok("Commands" in vm.cmd("help"), "the shell still answers after the refusals")

    # The std VGA: DISPI ID through the ports ...
    vm.cmd("outw 0x1ce 0")
    out = vm.cmd("inw 0x1cf")
    m = re.search(r"inw 01cf = ([0-9a-f]{4})", out)
    port_id = int(m.group(1), 16) if m else None
    t.ok(port_id in DISPI_ID, "inw 0x1cf after index 0: Bochs DISPI ID (%s)"
         % (hex(port_id) if port_id else None), out)
    t.ok("ioports: nothing claims 1cf (warning" in out,
         "inw warns that no resource claims port 0x1cf", out)
    out = vm.cmd("inb 0x1cf")
    t.ok("inb 01cf = ff" in out, "an 8-bit read of the 16-bit DISPI data port gives ff", out)

    # ... and through MMIO: BAR2 + 0x500 (QEMU's "bochs dispi interface"
    # window in the std VGA's MMIO BAR).
    bars = vga_bars(vm)
    t.ok(0 in bars and 2 in bars, "QEMU lists the std VGA's BAR0 and BAR2", bars)
    bar0, bar2 = bars.get(0, 0), bars.get(2, 0)
    out = vm.cmd("peek -w 0x%x" % (bar2 + 0x500))
    t.ok("temporary ioremap" in out and re.search(r"%08x: %04x" % (bar2 + 0x500, port_id or 0), out),
         "peek -w BAR2+0x500 through ioremap = the port read", out)
    t.ok(re.search(r"iomem: (.* > )?0000:00:02\.0$", out, re.M),
         "peek names the owner from the iomem tree: the VGA's BAR node", out)

    # ioremap BAR2 from the shell: vtop shows PCD PWT and the BAR address.
    out = vm.cmd("ioremap 0x%x 0x1000" % (bar2 + 0x500))
    m = re.search(r"mapped uncached at 0x([0-9a-f]{8})", out)
    t.ok(m and int(m.group(1), 16) >= 0xF0000000 and int(m.group(1), 16) & 0xfff == 0x500,
         "ioremap BAR2+0x500: an address above 0xf0000000 with the same page offset", out)
    va = int(m.group(1), 16) if m else 0xF0000500
    out = vm.cmd("vtop 0x%x" % va)
    t.ok(re.search(r"P RW S PWT PCD", out) and "-> physical %08x" % (bar2 + 0x500) in out,
         "vtop of the ioremap address: present, PWT PCD, physical = BAR2 + 0x500", out)
    out = vm.cmd("peek -w -v 0x%x" % va)
    t.ok(re.search(r"%08x: %04x" % (va, port_id or 0), out), "peek -v through the mapping reads the ID", out)
    out = vm.cmd("iomaps")
    t.ok(re.search(r"%08x-[0-9a-f]{8} -> phys %08x" % (va & ~0xfff, bar2), out),
         "iomaps lists the mapping", out)
    out = vm.cmd("iounmap 0x%x" % va)
    t.ok("unmapped" in out, "iounmap", out)
    out = vm.cmd("peek -w -v 0x%x" % va)
    t.ok("faulted" in out, "after iounmap the address faults (caught)", out)
    out = vm.cmd("vtop 0x%x" % va)
    t.ok("is not mapped" in out, "vtop: not mapped after iounmap", out)

    # A pattern through the framebuffer BAR0 reads back. (From 1 MiB in:
    # the start of video memory holds the text screen the VGA console is
    # writing through the legacy window at 0xb8000.)
    ok = True
    outs = ""
    for off, pat in ((0x100000, 0x12345678), (0x101ffc, 0xa5a5c3c3), (0x800000, 0x0badf00d)):
        outs += vm.cmd("poke -l 0x%x 0x%x" % (bar0 + off, pat))
        o = vm.cmd("peek -l 0x%x" % (bar0 + off))
        outs += o
        ok &= bool(re.search(r"%08x: %08x" % (bar0 + off, pat), o))
    t.ok(ok, "patterns written to BAR0 (the framebuffer) read back", outs)
    out = vm.cmd("meminfo")
    t.ok(re.search("^" + re.escape(boot_maps), out, re.M),
         "every temporary ioremap was undone (back to the boot's '%s)')" % boot_maps, out)

# A write to kernel text is a page fault (protection violation, write).
with VM(append="panic=exit", nic=None) as vm:
    vm.wait_prompt()
    vm.write("fault wp\r")
    status = vm.wait_exit(60)
    vm.reader.join(5)
    out = vm.out
    t.ok(re.search(r"\*\*\* Page Fault \(#PF\), vector 14", out) and
         "error code 0x3: protection violation, write, supervisor mode" in out,
         "fault wp: page fault, protection violation on a write", out[-2000:])
    t.ok(re.search(r"EIP: 0008:[0-9a-f]{8} fault_write_text\+", out) and
         "CR2 (faulting address): 0x%08x" % symbol("fault_page") in out,
         "fault wp: in fault_write_text, CR2 = fault_page's address", out[-2000:])
    t.ok(status == EXIT_PANIC, "fault wp: QEMU exit status %d (want %d)" % (status, EXIT_PANIC))
sys.exit(t.done())
