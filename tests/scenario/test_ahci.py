#!/usr/bin/env python3
"""AHCI (drivers/ata/ahci.c) against the host's view of the same image: on
q35 (the ICH9's AHCI function 00:1f.2, the only way q35 reaches its
disks) and on pc with `-device ahci` beside the PIIX's IDE.

  - the function is bound as `ahci`, its ABAR and I/O BAR claimed nested
    in the function's ranges as Linux shows them; one line per port;
  - its interrupt is an MSI (q35 and pc): `interrupts` shows Linux's
    `24: N PCI-MSI 512000-edge ahci[0000:00:1f.2]`, counting the reads,
    `lspci -v` MSI Enable+ with address and data, DisINTx+; with
    pci=nomsi (I/O APIC) or nolapic (8259) it stays on INTx;
  - the disk is sda (port 0), the default CD-ROM (port 2) an ATAPI device
    named sr0 as Linux's sr driver names it, listed and skipped; `disk`
    shows both with the port; on pc, a CD on port 0 and disks on ports 1
    and 2 are sr0, sda and sdb (disks are numbered apart from CDs);
  - `interrupts` grows by at least one per command a `disk crc` issued, on
    the MSI and on INTx, and the in-kernel suite, with MSI and with
    pci=nomsi, finds every command ended by the interrupt, none by the
    lost-interrupt poll;
  - `disk crc` of first/last/unaligned/long ranges and the whole disk,
    `disk read` against `hexdump -C`, a past-end request refused (q35 and
    pc with -device ahci);
  - 40 random write/verify cycles (12 on pc), then after poweroff zero
    bytes misplaced on the image; on pc QEMU's trace of the commands its
    drives ran shows one FLUSH CACHE EXT per `disk write`, on sda's drive;
  - `disk bench` has ahci and bare-ahci rows, the PIO rows skipped;
  - a device error injected by blkdebug is decoded from PxTFD in one
    line, the port recovers and the next read is right;
  - the in-kernel suite (ktest=ahci): refusals issue no command; reads in
    one and two pieces, the bare loop and a write-back agree; a command
    issued to a stopped port times out (one line), the port is recovered
    and the next reads equal the host's bytes, the abandoned buffer never
    written; a PRDT shorter than the command is reported from PRDBC;
  - a sparse 200 GiB image read and written above LBA 2^28.
"""
import os
import re
import sys

from vm import VM, TAP, EXIT_POWEROFF, EXIT_KTEST_PASS
from ata_common import SECTOR, make_image, host_crc, disk_crc
from dma_common import host_view, random_writes, misplaced, big_image, ide_trace_args, ide_commands

SECTORS = 32768  # 16 MiB
CHUNK = 128  # sectors per command `disk crc` issues (DISK_BUF_SECTORS, ata_cmd.h)
ATA_CMD_WRITE_DMA_EXT, ATA_CMD_FLUSH_CACHE_EXT = 0x35, 0xea
t = TAP()
img = make_image(SECTORS * SECTOR, seed=31)


def ahci_drive(path, bus="ahci.0"):
    return ["-device", "ahci,id=ahci", "-drive", "file=%s,format=raw,if=none,id=d1" % path,
            "-device", "ide-hd,drive=d1,bus=%s" % bus]


def ahci_bdf_line(out, devfn):
    return [l for l in out.splitlines() if re.search(r"ahci\[0000:00:%02x\.%d\]$" % (devfn >> 3, devfn & 7), l)]


def irq_count(lines):
    return int(lines[0].split()[1]) if lines else 0


def msi_checks(t, vm, boot, label, devfn):
    """The controller on its MSI: said at boot, its own line after the I/O
    APIC's in Linux's layout (hwirq (bus << 8 | devfn) << 11), counting the
    reads; lspci -v shows MSI Enable+ with the address and data, INTx off."""
    bdf = "00:%02x.%d" % (devfn >> 3, devfn & 7)
    m = re.search(r"^ahci 0000:%s: MSI on IRQ (\d+) \(INTx pin off\)$" % re.escape(bdf), boot, re.M)
    t.ok(m and re.search(r"^ahci0 port 0 sda: .* AHCI DMA, IRQ %s \(MSI\)$" % (m.group(1) if m else "x"), boot, re.M),
         "%s: the AHCI function's interrupt is an MSI, said at boot" % label, boot[-2000:])
    before = ahci_bdf_line(vm.cmd("interrupts"), devfn)
    crc, out = disk_crc(vm, "sda", 0, 2000)
    after = vm.cmd("interrupts")
    lines = ahci_bdf_line(after, devfn)
    hw = devfn << 11
    ok = len(lines) == 1 and m and re.fullmatch(r" {0,2}%s: +(\d+)   PCI-MSI %d-edge      ahci\[0000:%s\]"
                                                 % (m.group(1), hw, re.escape(bdf)), lines[0])
    n0, want = irq_count(before), -(-2000 // CHUNK)
    t.ok(ok and int(ok.group(1)) - n0 >= want and int(m.group(1)) >= 24,
         "%s: `interrupts`: %s, Linux's PCI-MSI %d-edge line from 24 up, one or more a command (%d for 2000 "
         "sectors)" % (label, lines, hw, want), "before %s\n%s" % (before, after))
    out = vm.cmd("lspci -v")
    dev = out.split(bdf)[1].split("\n\n")[0] if bdf in out else ""
    mm = re.search(r"Capabilities: \[\w+\] MSI: Enable\+ Count=1/1 Maskable[+-] 64bit\+\n"
                   r"\t\tAddress: 00000000fee([0-9a-f]{5})  Data: ([0-9a-f]{4})", dev)
    t.ok(mm and "DisINTx+" in dev and int(mm.group(2), 16) & 0xff >= 0x20,
         "%s: lspci -v: MSI Enable+, the Local APIC's address and a vector, INTx disabled" % label, dev)
    # pciutils prints Linux's dev->irq, which is the MSI's line while MSI
    # is on, not the INTx line the firmware wrote.
    t.ok(m and re.search(r"^\tInterrupt: pin [A-D] routed to IRQ %s$" % m.group(1), dev, re.M),
         "%s: lspci -v: 'Interrupt: ... routed to IRQ %s', the MSI's line, as Linux's lspci shows it"
         % (label, m.group(1) if m else "?"), dev)


def intx_checks(t, vm, boot, label, devfn, why, layout):
    """MSI not used (why): the function stays on its INTx pin, as before."""
    bdf = "00:%02x.%d" % (devfn >> 3, devfn & 7)
    t.ok(why in boot and "MSI on IRQ" not in boot and
         re.search(r"^ahci0 port 0 sda: .* AHCI DMA, IRQ \d+$", boot, re.M),
         "%s: MSI not used, said once; sda on the INTx line" % label, boot[-2000:])
    before = ahci_bdf_line(vm.cmd("interrupts"), devfn)
    crc, out = disk_crc(vm, "sda", 0, 2000)
    t.ok(crc == host_crc(img, 0, 2000), "%s: reads right on INTx" % label, out)
    lines = ahci_bdf_line(vm.cmd("interrupts"), devfn)
    want = -(-2000 // CHUNK)
    t.ok(len(lines) == 1 and re.search(layout, lines[0]) and irq_count(lines) - irq_count(before) >= want,
         "%s: `interrupts`: %s, one or more a command (%d for 2000 sectors)" % (label, lines, want),
         "before %s after %s" % (before, lines))
    out = vm.cmd("lspci -v")
    dev = out.split(bdf)[1].split("\n\n")[0] if bdf in out else ""
    t.ok("MSI: Enable-" in dev and "DisINTx-" in dev, "%s: lspci -v: MSI Enable-, INTx on" % label, dev)


try:
    with VM(disk=img, machine="q35", append="panic=exit", timeout=400) as vm:
        boot = vm.wait_prompt()
        m = re.search(r"^ahci 0000:00:1f\.2: AHCI [\d.]+, (\d+) ports \(PI 0x([0-9a-f]{8})\), \d+ slots, "
                      r"memory ([0-9a-f]{8})-([0-9a-f]{8}), IRQ \d+", boot, re.M)
        t.ok(m, "q35: the ICH9 AHCI function is brought up (version, ports, PI, ABAR)", boot[-2000:])
        t.ok(re.search(r'^ahci0 port 0 sda: SATA "QEMU HARDDISK" 32768 sectors \(16 MiB\), LBA48, AHCI DMA, IRQ \d+ \(MSI\)$',
                       boot, re.M), "q35: sda on port 0 identified", boot[-2000:])
        t.ok(re.search(r'^ahci0 port 2 sr0: SATAPI "QEMU DVD-ROM": packet device \(CD/DVD\), skipped$', boot, re.M),
             "q35: the default CD-ROM (port 2) is SATAPI, named sr0 as Linux names it, listed and skipped", boot[-2000:])
        t.ok(re.search(r"^ahci0 port 1: no device \(PxSSTS 0x0\)$", boot, re.M),
             "q35: an empty port says so (SSTS.DET)", boot[-2000:])
        msi_checks(t, vm, boot, "q35", 0x1f << 3 | 2)
        out = vm.cmd("iomem")
        if m:
            abar = "%s-%s" % (m.group(3), m.group(4))
            t.ok(re.search(r"^( *)%s : 0000:00:1f\.2\n\1  %s : ahci$" % (abar, abar), out, re.M),
                 "q35: ABAR claimed as ahci, nested in the function's BAR 5", out)
        out = vm.cmd("ioports")
        t.ok(re.search(r"^( *)([0-9a-f]{4}-[0-9a-f]{4}) : 0000:00:1f\.2\n\1  \2 : ahci$", out, re.M),
             "q35: the I/O BAR claimed as ahci too, as Linux's pci_request_regions", out)
        out = vm.cmd("disk")
        t.ok(re.search(r"^sda\s+ahci0 port 0\s+SATA\s+QEMU HARDDISK\s+\S+\s+\S+\s+32768\s+32768\s+16\.0 MiB", out, re.M) and
             re.search(r"^sr0\s+ahci0 port 2\s+SATAPI\s+QEMU DVD-ROM\s+.*SATAPI, skipped$", out, re.M) and
             not re.search(r"^sdb ", out, re.M),
             "q35: disk lists sda and sr0 with their ports, no sdb", out)
        out = vm.cmd("disk crc sr0 0 1")
        t.ok("packet device" in out and "crc32" not in out, "q35: the CD-ROM is refused by disk", out)
        host_view(t, vm, img, "sda", SECTORS, "q35 AHCI")
        out = vm.cmd("disk bench sda 2", timeout=300)
        t.ok(re.search(r"^bench sda ahci\s+DMA 2 MiB  [\d.]+ MB/s .*halted \d+%", out, re.M) and
             re.search(r"^bench sda bare-ahci\s+DMA 2 MiB  [\d.]+ MB/s", out, re.M) and
             re.search(r"^bench sda sectors\s+skipped: no PIO on ahci0 port 0 \(AHCI\)$", out, re.M),
             "q35: disk bench has the ahci and bare-ahci rows, PIO rows skipped", out)
        expect = random_writes(t, vm, img, "sda", SECTORS, "q35 AHCI", n=40, seed=3131)
        out = vm.cmd("disk bench sda 2 write-ahci", timeout=200)
        t.ok(re.search(r"^bench sda write-ahci\s+DMA 2 MiB  [\d.]+ MB/s", out, re.M),
             "q35: the write-ahci bench runs (rewrites what it read)", out)
        vm.write("poweroff\r")
        t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "q35: poweroff")
    diff = misplaced(img, expect)
    t.ok(diff == 0, "q35 AHCI: host after poweroff: zero bytes misplaced", "%d bytes differ" % diff)

    # pc with -device ahci: sda beside the IDE disk (hda, on DMA). QEMU
    # traces every command its drive models start, so the flushes can be
    # counted where they arrive.
    img2 = make_image(SECTORS * SECTOR, seed=32)
    trace = img + ".trace"
    writes = 12
    try:
        with VM(disk=img2, extra=ahci_drive(img) + ide_trace_args(trace), append="panic=exit", timeout=400) as vm:
            boot = vm.wait_prompt()
            t.ok(re.search(r"^ahci 0000:00:0\d\.0: AHCI ", boot, re.M) and
                 re.search(r'^ahci0 port 0 sda: SATA "QEMU HARDDISK" 32768 sectors', boot, re.M) and
                 re.search(r'^ata0 master hda: ATA "QEMU HARDDISK"', boot, re.M),
                 "pc -device ahci: sda on the AHCI function, hda on the PIIX", boot[-2000:])
            devfn = int(re.search(r"^ahci 0000:00:(\w\w)\.0: AHCI ", boot, re.M).group(1), 16) << 3
            msi_checks(t, vm, boot, "pc -device ahci", devfn)
            host_view(t, vm, img, "sda", SECTORS, "pc -device ahci")
            for lba, count in ((0, 1), (SECTORS - 1, 1), (4097, 1001), (0, SECTORS)):
                crc, out = disk_crc(vm, "hda", lba, count, timeout=200)
                t.ok(crc == host_crc(img2, lba, count),
                     "pc -device ahci: hda crc LBA %d+%d equals the host's" % (lba, count), out)
            expect = random_writes(t, vm, img, "sda", SECTORS, "pc -device ahci", n=writes, seed=3232)
            vm.write("poweroff\r")
            t.ok(vm.wait_exit(30) == EXIT_POWEROFF, "pc -device ahci: poweroff")
        diff = misplaced(img, expect)
        t.ok(diff == 0, "pc -device ahci: host after poweroff: zero bytes misplaced", "%d bytes differ" % diff)
        cmds = ide_commands(trace)
        sda = {bus for bus, cmd in cmds if cmd == ATA_CMD_WRITE_DMA_EXT}
        flushes = [bus for bus, cmd in cmds if cmd == ATA_CMD_FLUSH_CACHE_EXT]
        t.ok(len(sda) == 1 and flushes == list(sda) * writes,
             "pc -device ahci: QEMU's trace: one FLUSH CACHE EXT per `disk write` (%d), all to the drive that got "
             "the WRITE DMA EXTs" % writes, "write buses %s, flushes %s" % (sda, flushes))
    finally:
        os.unlink(img2)
        if os.path.exists(trace):
            os.unlink(trace)

    # Names by kind, as Linux's SCSI layer gives them (sd numbers disks, sr
    # CD/DVDs, each in port order): a CD on port 0 is sr0, the disks on
    # ports 1 and 2 sda and sdb. Each disk its own image, so a crc tells
    # which port a name reached.
    small = [make_image(2048 * SECTOR, seed=s) for s in (33, 34)]
    extra = ["-device", "ahci,id=ahci", "-drive", "if=none,id=cd,media=cdrom", "-device", "ide-cd,drive=cd,bus=ahci.0"]
    for i, path in enumerate(small):
        extra += ["-drive", "file=%s,format=raw,if=none,id=d%d" % (path, i),
                  "-device", "ide-hd,drive=d%d,bus=ahci.%d" % (i, i + 1)]
    try:
        with VM(disk=None, extra=extra, append="panic=exit", timeout=120) as vm:
            boot = vm.wait_prompt()
            t.ok(re.search(r'^ahci0 port 0 sr0: SATAPI "QEMU DVD-ROM": packet device \(CD/DVD\), skipped$', boot, re.M) and
                 re.search(r'^ahci0 port 1 sda: SATA "QEMU HARDDISK" 2048 sectors', boot, re.M) and
                 re.search(r'^ahci0 port 2 sdb: SATA "QEMU HARDDISK" 2048 sectors', boot, re.M),
                 "pc -device ahci, CD on port 0, disks on 1 and 2: sr0, sda, sdb at boot", boot[-2000:])
            out = vm.cmd("disk")
            t.ok(re.search(r"^sr0\s+ahci0 port 0\s+SATAPI\s+QEMU DVD-ROM\s+.*SATAPI, skipped$", out, re.M) and
                 re.search(r"^sda\s+ahci0 port 1\s+SATA\s+QEMU HARDDISK\s+.*\s2048\s+2048\s", out, re.M) and
                 re.search(r"^sdb\s+ahci0 port 2\s+SATA\s+QEMU HARDDISK\s+.*\s2048\s+2048\s", out, re.M) and
                 not re.search(r"^sdc ", out, re.M),
                 "pc CD + two disks: `disk` lists sr0 (port 0), sda (port 1), sdb (port 2), no sdc", out)
            for name, path, port in (("sda", small[0], 1), ("sdb", small[1], 2)):
                crc, out = disk_crc(vm, name, 0, 2048)
                t.ok(crc == host_crc(path, 0, 2048), "pc CD + two disks: %s reads port %d's image" % (name, port), out)
            out = vm.cmd("disk crc sr0 0 1")
            t.ok("packet device" in out and "crc32" not in out, "pc CD + two disks: sr0 is refused by disk", out)
    finally:
        for path in small:
            os.unlink(path)

    # MSI off: pci=nomsi (Linux's option) keeps INTx through the I/O APIC;
    # nolapic (no Local APIC to receive the message) the 8259's.
    for append, why, layout in (("pci=nomsi", "0000:00:1f.2: MSI off (pci=nomsi): INTx", r"IO-APIC +\d+-fasteoi "),
                                ("pci=conf1,nomsi", "0000:00:1f.2: MSI off (pci=nomsi): INTx", r"IO-APIC +\d+-fasteoi "),
                                ("nolapic", "0000:00:1f.2: MSI needs the Local APIC", r"XT-PIC  ahci")):
        with VM(disk=img, machine="q35", append="panic=exit " + append, timeout=200) as vm:
            boot = vm.wait_prompt()
            t.ok("cmdline:" not in boot, "q35 %s: the option is accepted" % append, boot[:1500])
            intx_checks(t, vm, boot, "q35 " + append, 0x1f << 3 | 2, why, layout)
    with VM(disk=img, machine="q35", append="panic=exit pci=nomsi,bogus", timeout=200) as vm:
        boot = vm.wait_prompt()
        t.ok("cmdline: pci=nomsi,bogus: the value must be conf1, nomsi or both, comma-separated (ignored)" in boot,
             "q35 pci=nomsi,bogus: refused in one line, ignored", boot[:1500])
        msi_checks(t, vm, boot, "q35 pci=nomsi,bogus (ignored)", 0x1f << 3 | 2)

    # A device error: blkdebug fails reads of sector 1000 with EIO, which
    # QEMU's AHCI reports as ERR + ABRT in the D2H FIS (PxTFD, PxIS.TFES).
    conf = img + ".blkdebug"
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "1000"\n')
    drive = "file=blkdebug:%s:%s,format=raw,if=ide,index=0,media=disk" % (conf, img)
    with VM(disk=None, machine="q35", extra=["-drive", drive], append="panic=exit", timeout=120) as vm:
        vm.wait_prompt()
        out = vm.cmd("disk crc sda 1000 1")
        t.ok(re.fullmatch(r"sda: device error, READ DMA EXT at LBA 1000: status 0x41 \(DRDY ERR\), "
                          r"error 0x04 \(ABRT\)\n", out),
             "AHCI device error: one line from PxTFD, command, LBA, bits named", out)
        crc, out = disk_crc(vm, "sda", 0, 999)
        t.ok(crc == host_crc(img, 0, 999), "AHCI: the port recovered; the next read is right", out)
    os.unlink(conf)

    with VM(disk=img, machine="q35", append="ktest=ahci panic=exit", timeout=200) as vm:
        status = vm.wait_exit(190)
        vm.reader.join(5)
        t.ok(status == EXIT_KTEST_PASS and "# SKIP" not in vm.out and
             all(re.search(r"^  ok \d+ %s$" % name, vm.out, re.M) for name in
                 ("reads_agree_and_write_back", "stopped_port_times_out_and_recovers", "short_prdt_reported",
                  "past_the_end_aborted_by_the_device", "commands_complete_by_interrupt")),
             "in-kernel suite ahci passes on q35, the two faults among them (status %d)" % status, vm.out[-3000:])
        t.ok(re.search(r"^sda: timeout, READ DMA EXT at LBA 900: PxCI 0x1 PxIS 0x[0-9a-f]{8} PxTFD 0x[0-9a-f]{4} "
                       r"\([A-Z ]+\), PxCMD 0x[0-9a-f]{8}: port stopped, cleared, started$", vm.out, re.M),
             "AHCI timeout (a command issued to a stopped port): one line", vm.out[-3000:])
        t.ok(re.search(r"^sda: READ DMA EXT at LBA 900 moved \d+ of 4096 bytes: PRDT shorter than the transfer$",
                       vm.out, re.M), "AHCI short PRDT: PRDBC says so, one line", vm.out[-3000:])
        t.ok(re.search(r"^sda: device error, READ DMA EXT at LBA 32766: status 0x[0-9a-f]{2} \([A-Z ]*ERR\), "
                       r"error 0x04 \(ABRT\)$", vm.out, re.M),
             "AHCI READ DMA EXT past the last sector: the device's abort decoded, one line", vm.out[-3000:])
        crcs = re.findall(r"^# crc32 (\S+) sda LBA 1900\+8 0x([0-9a-f]{8})$", vm.out, re.M)
        want = host_crc(img, 1900, 8)
        t.ok(len(crcs) == 3 and all(int(c, 16) == want for _, c in crcs),
             "AHCI: after each fault the next read equals the host's bytes: 0x%08x" % want, "%s" % crcs)
        t.ok(re.search(r"^# ahci sda: \d+ commands, \d+ interrupts, 0 lost$", vm.out, re.M),
             "AHCI on its MSI: each command of 8 reads ended by the interrupt, none by the lost-interrupt poll",
             vm.out[-3000:])

    # The same on INTx (pci=nomsi): the interrupt, not the grace poll.
    with VM(disk=img, machine="q35", append="ktest=ahci pci=nomsi panic=exit", timeout=200) as vm:
        status = vm.wait_exit(190)
        vm.reader.join(5)
        t.ok(status == EXIT_KTEST_PASS and "MSI off (pci=nomsi): INTx" in vm.out and
             re.search(r"^  ok \d+ commands_complete_by_interrupt$", vm.out, re.M) and
             re.search(r"^# ahci sda: \d+ commands, \d+ interrupts, 0 lost$", vm.out, re.M),
             "AHCI on INTx (pci=nomsi): in-kernel suite passes, every command ended by the interrupt (status %d)"
             % status, vm.out[-3000:])

    big_image(t, "q35 AHCI", "sda", {"machine": "q35", "append": "panic=exit"}, lambda p: {"disk": p})
finally:
    os.unlink(img)
sys.exit(t.done())
