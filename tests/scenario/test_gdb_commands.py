#!/usr/bin/env python3
"""scripts/gdb/porthole.py against the shell, on one boot: gdb stops the
kernel after the drivers' init (at resource_print_dumps) and again at the
idle prompt (the shell's first tty_getc), runs every ph-* command, and each
output must equal, character for character, what the shell prints for the
same kernel state on the serial console of that boot.

ph-lspci is compared with every option the shell's lspci takes, on two
machines, because it reads configuration space two ways: on pc (with a
PCI-to-PCI bridge and a card behind it) only the ports reach it, so gdb
calls the kernel's pci_debugger_copy(); on q35 (with a PCI Express e1000e:
MSI, extended capabilities, 4 KiB of config space) gdb reads the ECAM
window through the kernel's mapping. ph-lspci-how must name the way used.

State that moves (interrupt counts) is compared by letting gdb call the
shell's own cmd_interrupts() at the stop with interrupts disabled, so both
views see the same counts; the trees, PCI, the mappings and the page tables
do not change after the boot, so the shell's commands are typed after gdb
has detached."""
import os
import re
import subprocess
import sys
import threading

from vm import VM, TAP, ELF, ROOT, free_port

VTOP = ["0xc0100000", "0x1000", "0xff900000", "0xe0000000"]
MARK = "@@ph "
# Every option of the shell's lspci (drivers/pci/lspci.c), a combination,
# and one it refuses (the usage line).
LSPCI_OPTS = ["", "-v", "-vv", "-t", "-k", "-x", "-xxx", "-xxxx", "-v -k -x",
              "-k -xxx", "-q"]
PC_EXTRA = ["-device", "pci-bridge,id=br1,chassis_nr=1",
            "-device", "e1000,bus=br1,addr=1"]
Q35_EXTRA = ["-device", "e1000e", "-device", "edu"]


def gdb_args(port, ex):
    args = ["gdb", "-nx", "-batch"]
    for e in ["set pagination off", "set confirm off", "file %s" % ELF,
              "source scripts/gdb/porthole.py",
              "target remote 127.0.0.1:%d" % port] + ex + ["detach"]:
        args += ["-ex", e]
    return args


def lspci_runs(run, stop):
    for o in LSPCI_OPTS:
        run("%s lspci %s" % (stop, o), ("ph-lspci " + o).strip())
    run("%s lspci-how" % stop, "ph-lspci-how")  # after -q: none
    run("%s lspci-how-v" % stop, "ph-lspci -v\nph-lspci-how")


def conf1_data_line():
    """The line of pci_conf1_read() that reads CONFIG_DATA: there the
    kernel has selected a register in CONFIG_ADDRESS and not yet used it."""
    with open(os.path.join(ROOT, "drivers/pci/conf1.c")) as f:
        src = f.read().split("\n")
    start = src.index("pci_conf1_read(unsigned int bus, unsigned int dev, unsigned int fn,")
    return next(i + 1 for i in range(start, len(src)) if "if (width == 1)" in src[i])


def gdb_script(port):
    ex = []

    def run(tag, cmd):
        ex.append("echo %s%s\\n" % (MARK, tag))
        ex.extend(cmd.split("\n"))
        ex.append("echo %s-\\n" % MARK)

    # Stop the kernel between its write of 0xcf8 and its read of 0xcfc
    # (reading 00:03.0's command register), let gdb read another function
    # through the helper, and the kernel's read must still get its own
    # register: pci_debugger_copy() puts CONFIG_ADDRESS back.
    ex += ["break drivers/pci/conf1.c:%d if dev == 3 && off == 4" % conf1_data_line(),
           "continue", "set $valp = val", "call (int)pci_debugger_copy(0, 1, 0)",
           "delete", "finish"]
    run("latch got", "output/x *$valp & 0xffff\necho \\n")
    ex += ["call (int)pci_debugger_copy(0, 3, 0)"]
    run("latch want", "output/x pci_debugger_buf[1] & 0xffff\necho \\n")
    ex += ["break resource_print_dumps", "continue"]

    run("boot ioports", "ph-ioports")
    run("boot iomem", "ph-iomem")
    run("boot lspci", "ph-lspci")
    run("boot lspci -t", "ph-lspci -t")
    run("boot lspci -v", "ph-lspci -v")
    run("boot lspci -xxx", "ph-lspci -xxx")
    run("boot iomaps", "ph-iomaps")
    for a in VTOP[:2]:
        run("boot vtop " + a, "ph-vtop " + a)
    run("boot interrupts", "ph-interrupts")
    ex += ["set $eflags = $eflags & ~0x200", "call (void)cmd_interrupts(1, 0)",
           "set $eflags = $eflags | 0x200"]
    ex += ["delete", "break tty_getc", "continue"]
    run("idle ioports", "ph-ioports")
    run("idle iomem", "ph-iomem")
    lspci_runs(run, "idle")
    run("idle iomaps", "ph-iomaps")
    run("idle ioports 0x60", "ph-ioports 0x60")
    run("idle iomem 0xb8000", "ph-iomem 0xb8000")
    run("idle ioports 0xfffe", "ph-ioports 0xfffe")
    for a in VTOP:
        run("idle vtop " + a, "ph-vtop " + a)
    run("idle dmesg", "ph-dmesg")
    run("idle interrupts", "ph-interrupts")
    ex += ["set $eflags = $eflags & ~0x200", "call (void)cmd_interrupts(1, 0)",
           "set $eflags = $eflags | 0x200"]
    run("end", "delete")
    return gdb_args(port, ex)


# The state-free commands compared again on the other boots.
TREES = [("ioports", "ioports"), ("iomem", "iomem"), ("iomaps", "iomaps"),
         ("ioports 0xcf8", "ioports 0xcf8"), ("iomem 0xfec00000", "iomem 0xfec00000")]


def idle_script(port, stop, lspci, first=()):
    """At the idle prompt: gdb's commands @first, then the trees,
    ph-interrupts beside the shell's own cmd_interrupts() called there, and
    (when @lspci) every ph-lspci."""
    ex = ["break tty_getc", "continue"] + list(first)

    def run(tag, cmd):
        ex.append("echo %s%s\\n" % (MARK, tag))
        ex.extend(cmd.split("\n"))
        ex.append("echo %s-\\n" % MARK)

    for tag, cmd in TREES:
        run("%s %s" % (stop, tag), "ph-" + cmd)
    run("%s interrupts" % stop, "ph-interrupts")
    ex += ["set $eflags = $eflags & ~0x200", "call (void)cmd_interrupts(1, 0)",
           "set $eflags = $eflags | 0x200"]
    if lspci:
        lspci_runs(run, stop)
    run("end", "delete")
    return gdb_args(port, ex)


def compare_idle(t, vm, g, stop, label):
    # the table ends with ERR, or with MIS after it where the I/O APIC is
    last = r"MIS: .*\n" if "\nMIS:" in g.get("%s interrupts" % stop, "") else r"ERR: .*\n"
    called = interrupts_block(vm.wait_for(last, 30))
    t.ok(called and g.get("%s interrupts" % stop) == called,
         "%s: ph-interrupts equals cmd_interrupts() run at the same stop" % label,
         "gdb:\n%s\nserial:\n%s" % (g.get("%s interrupts" % stop), called))
    for tag, cmd in TREES:
        shell = vm.cmd(cmd)
        t.ok(g.get("%s %s" % (stop, tag)) == shell and shell.strip(),
             "%s: ph-%s equals the shell's '%s'" % (label, tag, cmd),
             "gdb:\n%s\nshell:\n%s" % (g.get("%s %s" % (stop, tag)), shell))


def gdb_session(vm, args, timeout=120):
    """Run gdb against vm while its serial output is read; (gdb's
    sections, the boot's serial output)."""
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    log = []
    reader = threading.Thread(target=lambda: log.append(proc.stdout.read()), daemon=True)
    reader.start()
    boot = vm.wait_prompt(200)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(10)
    return "".join(log), boot


def compare_lspci(t, vm, g, stop, machine, how):
    """Each ph-lspci option at @stop against the shell's lspci typed now."""
    for o in LSPCI_OPTS:
        shell = vm.cmd(("lspci " + o).strip())
        t.ok(g.get("%s lspci %s" % (stop, o)) == shell and shell.strip(),
             "%s: ph-lspci %s equals the shell's 'lspci %s'" % (machine, o, o),
             "gdb:\n%s\nshell:\n%s" % (g.get("%s lspci %s" % (stop, o)), shell))
    t.ok(g.get("%s lspci-how" % stop) == "ph-lspci read registers: none\n",
         "%s: a refused option reads no registers" % machine,
         g.get("%s lspci-how" % stop))
    got = g.get("%s lspci-how-v" % stop, "").rsplit("ph-lspci read registers: ", 1)
    t.ok(len(got) == 2 and re.fullmatch(r"%s \d+\n" % how, got[1]),
         "%s: ph-lspci -v read every function's registers by %s" % (machine, how),
         got[-1])


def sections(out):
    """{tag: text} from the gdb log, split at the MARK echoes (which may
    follow output that has no newline at its end)."""
    parts = {}
    pieces = re.split(re.escape(MARK) + r"([^\n]*)\n", out)
    for tag, text in zip(pieces[1::2], pieces[2::2]):
        if tag != "-":
            parts[tag] = text
    return parts


def interrupts_block(text):
    """The first `interrupts` table in text: header line to the ERR line
    (and the MIS line after it, with the I/O APIC)."""
    m = re.search(r"^ {5}\s+CPU0\n(?:.*\n)*?ERR: .*\n(?:MIS: .*\n)?", text, re.M)
    return m.group(0) if m else ""


t = TAP()
port = free_port()
with VM(gdb=port, timeout=240, extra=PC_EXTRA) as vm:
    out, boot = gdb_session(vm, gdb_script(port))
    g = sections(out)
    t.ok("end" in g, "gdb stopped at both points and ran every command", out[-3000:])
    t.ok(g.get("latch got") and g.get("latch got") == g.get("latch want"),
         "a kernel stopped between writing 0xcf8 and reading 0xcfc still reads its "
         "own register after gdb's pci_debugger_copy() of another function",
         "read %r, register %r" % (g.get("latch got"), g.get("latch want")))

    # The boot's own dumps, printed right after the first stop.
    m = re.search(r"I/O ports \(as /proc/ioports\):\n(.*?)physical memory \(as /proc/iomem\):\n(.*?)"
                  r"(?=type 'help')", boot, re.S)
    t.ok(m and g.get("boot ioports") == m.group(1),
         "ph-ioports after the drivers' init equals the boot's I/O port dump",
         "gdb:\n%s\nserial:\n%s" % (g.get("boot ioports"), m and m.group(1)))
    t.ok(m and g.get("boot iomem") == m.group(2),
         "ph-iomem after the drivers' init equals the boot's memory dump",
         "gdb:\n%s\nserial:\n%s" % (g.get("boot iomem"), m and m.group(2)))
    # The two cmd_interrupts() calls gdb made print first, in order.
    called = re.findall(r"^ {5}\s+CPU0\n(?:.*\n)*?ERR: .*\n(?:MIS: .*\n)?", boot, re.M)
    t.ok(len(called) >= 1 and g.get("boot interrupts") == called[0],
         "ph-interrupts at the boot stop equals cmd_interrupts() run there",
         "gdb:\n%s\nserial:\n%s" % (g.get("boot interrupts"), called))
    rest = vm.wait_for(r"ERR: .*\nMIS: .*\n", 30)  # the I/O APIC: MIS last if len(called) < 2 else ""
    idle_called = interrupts_block(rest) if rest else called[1]
    t.ok(g.get("idle interrupts") == idle_called,
         "ph-interrupts at the idle prompt equals cmd_interrupts() run there",
         "gdb:\n%s\nserial:\n%s" % (g.get("idle interrupts"), idle_called))
    # the tick: IRQ 0 with the 8259s, the Local APIC timer (LOC) with the APICs
    t.ok(re.search(r"^\s+0:\s+[1-9]\d*\s+XT-PIC\s+timer", g.get("idle interrupts", ""), re.M) or
         re.search(r"^LOC:\s+[1-9]\d*\s+Local timer interrupts$", g.get("idle interrupts", ""), re.M),
         "and the timer has ticked by then", g.get("idle interrupts"))

    # The shell, typed now that gdb has let go.
    for tag, cmd in [("idle ioports", "ioports"), ("idle iomem", "iomem"),
                     ("boot lspci", "lspci"), ("boot lspci -t", "lspci -t"),
                     ("boot lspci -v", "lspci -v"), ("boot lspci -xxx", "lspci -xxx"),
                     ("idle iomaps", "iomaps"), ("boot iomaps", "iomaps"),
                     ("idle ioports 0x60", "ioports 0x60"),
                     ("idle iomem 0xb8000", "iomem 0xb8000"),
                     ("idle ioports 0xfffe", "ioports 0xfffe")] + \
            [("idle vtop " + a, "vtop " + a) for a in VTOP] + \
            [("boot vtop " + a, "vtop " + a) for a in VTOP[:2]]:
        shell = vm.cmd(cmd)
        t.ok(g.get(tag) == shell and shell.strip(),
             "ph-%s (%s) equals the shell's '%s'" % (tag.split(" ", 1)[1], tag.split()[0], cmd),
             "gdb:\n%s\nshell:\n%s" % (g.get(tag), shell))
    t.ok(g.get("idle dmesg") == boot,
         "ph-dmesg at the idle prompt equals everything the serial port showed",
         "gdb:\n%s\nserial:\n%s" % (g.get("idle dmesg", "")[-1500:], boot[-1500:]))
    # dmesg's output holds prompts itself: end it with a command of its own.
    vm.write("dmesg\r")
    vm.write("echo-len end-of-dmesg\r")
    shell = vm.wait_for(r"porthole> echo-len end-of-dmesg\n.*\n", 30)
    shell = shell.split("\n", 1)[1] if shell.startswith("dmesg\n") else shell
    t.ok(shell.startswith(boot) and "porthole> vtop %s\n" % VTOP[-1] in shell,
         "the shell's dmesg starts with the same boot log and holds the commands since",
         shell[:1000])
    # (after dmesg: lspci -xxx's output would push the boot out of its log)
    vm.wait_for(re.escape("porthole> "), 30)
    compare_lspci(t, vm, g, "idle", "pc", "call")

    # ph-trace: the ring the shell's `trace show` decodes, read raw by a
    # second gdb attached after the shell filled it (docs/emulator.md's
    # example: the conf1 address write and data read).
    vm.cmd("trace on ports 0xcf8-0xcff")
    vm.cmd("pcicfg 0 3 0 0 4")
    vm.cmd("trace off")
    show = vm.cmd("trace show")
    again = subprocess.run(gdb_args(port, ["echo %strace\\n" % MARK, "ph-trace",
                                           "echo %s-\\n" % MARK]),
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    raw = sections(again.stdout).get("trace", "")
    shell = [(int(a, 16), int(v, 16), f, int(o, 16)) for a, v, f, o in re.findall(
        r" (0x[0-9a-f]+) (0x[0-9a-f]+)(?: x\d+)?\s+.*?\s(\w+)\+(0x[0-9a-f]+)$", show, re.M)]
    gdb = [(int(a, 16), int(v, 16), f, int(o, 16)) for a, v, f, o in re.findall(
        r" addr ([0-9a-f]{8}) value ([0-9a-f]{8}) x\d+  (\w+)\+(0x[0-9a-f]+)$", raw, re.M)]
    t.ok(len(shell) == 2 and gdb == shell,
         "ph-trace holds the entries `trace show` prints (address, value, caller)",
         "gdb:\n%s\nshell:\n%s" % (raw + again.stderr[-500:], show))

# q35: the same commands, registers through the ECAM window; the trees
# with MMCONFIG, and interrupts with the I/O APIC and MSI.
port = free_port()
with VM(gdb=port, timeout=240, machine="q35", extra=Q35_EXTRA) as vm:
    # gdb itself switches edu to MSI first (as `edu irq msi` would), so
    # both views see an enabled MSI: a PCI-MSI line, a message in lspci -v.
    msi = ["call (int)edu_set_irq_mode(EDU_IRQ_MSI)"]
    out, boot = gdb_session(vm, idle_script(port, "q35", True, msi))
    g = sections(out)
    t.ok("end" in g, "q35: gdb stopped at the prompt and ran every command", out[-3000:])
    compare_idle(t, vm, g, "q35", "q35")
    t.ok(re.search(r"PCI-MSI \d+-edge +edu$", g.get("q35 interrupts", ""), re.M),
         "q35: and that table holds edu's PCI-MSI line", g.get("q35 interrupts"))
    t.ok(re.search(r"MSI: Enable\+ .*\n\t\tAddress: 0*fee", g.get("q35 lspci -v", "")),
         "q35: and ph-lspci -v shows edu's enabled MSI with its message address",
         g.get("q35 lspci -v", "")[-2500:])
    compare_lspci(t, vm, g, "q35", "q35", "ECAM")
    # so the comparison covered the extended space only ECAM reaches
    t.ok(re.search(r"^ff0: ", g.get("q35 lspci -xxxx", ""), re.M) and
         re.search(r"\tCapabilities: \[1[0-9a-f]{2} v\d\] ", g.get("q35 lspci -v", "")),
         "q35: -xxxx dumped a function's 4096 bytes and -v listed extended capabilities",
         g.get("q35 lspci -v", "")[-1500:])

# pc with noapic: ph-interrupts in the 8259's XT-PIC layout.
port = free_port()
with VM(gdb=port, timeout=240, append="noapic") as vm:
    out, boot = gdb_session(vm, idle_script(port, "pic", False))
    g = sections(out)
    t.ok("end" in g, "noapic: gdb stopped at the prompt and ran every command", out[-3000:])
    compare_idle(t, vm, g, "pic", "noapic")
    t.ok(re.search(r"^\s+0:\s+[1-9]\d*\s+XT-PIC\s+timer", g.get("pic interrupts", ""), re.M),
         "noapic: that table is the XT-PIC one, the timer ticking on IRQ 0",
         g.get("pic interrupts"))
sys.exit(t.done())
