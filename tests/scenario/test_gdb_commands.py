#!/usr/bin/env python3
"""scripts/gdb/porthole.py against the shell, on one boot: gdb stops the
kernel after the drivers' init (at resource_print_dumps) and again at the
idle prompt (the shell's first tty_getc), runs every ph-* command, and each
output must equal, character for character, what the shell prints for the
same kernel state on the serial console of that boot.

State that moves (interrupt counts) is compared by letting gdb call the
shell's own cmd_interrupts() at the stop with interrupts disabled, so both
views see the same counts; the trees, PCI, the mappings and the page tables
do not change after the boot, so the shell's commands are typed after gdb
has detached."""
import re
import subprocess
import sys
import threading

from vm import VM, TAP, ELF, ROOT, free_port

VTOP = ["0xc0100000", "0x1000", "0xff900000", "0xe0000000"]
MARK = "@@ph "


def gdb_script(port):
    ex = ["set pagination off", "set confirm off", "file %s" % ELF,
          "source scripts/gdb/porthole.py",
          "target remote 127.0.0.1:%d" % port,
          "break resource_print_dumps", "continue"]

    def run(tag, cmd):
        ex.extend(["echo %s%s\\n" % (MARK, tag), cmd, "echo %s-\\n" % MARK])

    run("boot ioports", "ph-ioports")
    run("boot iomem", "ph-iomem")
    run("boot lspci", "ph-lspci")
    run("boot iomaps", "ph-iomaps")
    for a in VTOP[:2]:
        run("boot vtop " + a, "ph-vtop " + a)
    run("boot interrupts", "ph-interrupts")
    ex += ["set $eflags = $eflags & ~0x200", "call (void)cmd_interrupts(1, 0)",
           "set $eflags = $eflags | 0x200"]
    ex += ["delete", "break tty_getc", "continue"]
    run("idle ioports", "ph-ioports")
    run("idle iomem", "ph-iomem")
    run("idle lspci", "ph-lspci")
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
    ex += ["detach"]
    args = ["gdb", "-nx", "-batch"]
    for e in ex:
        args += ["-ex", e]
    return args


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
with VM(gdb=port, timeout=240) as vm:
    proc = subprocess.Popen(gdb_script(port), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    log = []
    reader = threading.Thread(target=lambda: log.append(proc.stdout.read()), daemon=True)
    reader.start()
    boot = vm.wait_prompt(200)
    try:
        proc.wait(120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(10)
    out = "".join(log)
    g = sections(out)
    t.ok("end" in g, "gdb stopped at both points and ran every command", out[-3000:])

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
                     ("idle lspci", "lspci"), ("boot lspci", "lspci"),
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
sys.exit(t.done())
