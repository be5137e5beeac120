#!/usr/bin/env python3
"""User space (docs/user.md): the programs in user/ run in ring 3 with
Linux's system calls. Each program's output and exit status; the CMOS time
read through ioperm and iopl against the host's clock; denied killed with
the Linux-shaped #GP line, at an `out` instruction of the ELF file; devmem's
line in VGA text memory (read back with the QEMU monitor's xp) and the
DISPI ID through a PCI BAR equal to the kernel's own peek; bad system call
arguments answered with the right -errno; a malformed ELF refused; Ctrl-C
ends a spinning program; meminfo the same before and after a thousand runs
of each faulting program; hello behaves the same on the host's Linux when
the host can run i386 programs."""
import datetime
import os
import re
import struct
import subprocess
import sys
import time

from vm import VM, TAP, BUILD

TEXT_BASE = 0x08048000
GP_LINE = (r"traps: denied\[(\d+)\] general protection fault ip:([0-9a-f]{8}) "
           r"sp:([0-9a-f]{8}) error:0 in denied\[([0-9a-f]+)\+([0-9a-f]+)\]")

t = TAP()


def rtc_close_to_host(out, what):
    m = re.search(r"CMOS clock: (\d\d):(\d\d):(\d\d)$", out, re.M)
    if not t.ok(m, "%s: prints the CMOS time as HH:MM:SS" % what, out):
        return
    now = datetime.datetime.now(datetime.timezone.utc)
    got = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    want = now.hour * 3600 + now.minute * 60 + now.second
    diff = min(abs(got - want), 86400 - abs(got - want))
    t.ok(diff <= 120, "%s: the time is the host's UTC time (%ds apart)" % (what, diff), out)


with VM(append="panic=exit", nic=None, timeout=240) as vm:
    vm.wait_prompt()

    out = vm.cmd("progs")
    for prog in ("hello", "ioperm", "iopl", "denied", "devmem", "portbench"):
        t.ok(re.search(r"^%s\s+\d+ bytes  entry 0804[89][0-9a-f]{3}  08048000\+[0-9a-f]+ r-x" % prog, out, re.M),
             "progs lists %s with its entry point and text segment" % prog, out)
    t.ok(re.search(r"^badelf .*not loadable: wrong machine 62, want 3 \(EM_386\)$", out, re.M),
         "progs shows the malformed badelf and what is wrong with it", out)

    out = vm.cmd("run hello a b")
    m = re.search(r"^hello from ring 3: pid (\d+), 3 arguments: hello a b$", out, re.M)
    t.ok(m, "hello: argc and argv from the ABI stack, written with write(1)", out)
    t.ok(not re.search(r"exit|fault", out), "hello: exit 0 prints no status", out)
    pid = int(m.group(1)) if m else 0
    out = vm.cmd("run hello 3")
    t.ok(re.search(r"pid %d, 2 arguments: hello 3\nexit 3$" % (pid + 1), out, re.M),
         "hello 3: the next pid, and the shell prints 'exit 3'", out)

    out = vm.cmd("run ioperm")
    t.ok("ioperm(0x70, 2, 1) = 0" in out, "ioperm: ioperm(0x70, 2, 1) succeeds", out)
    rtc_close_to_host(out, "ioperm")
    out = vm.cmd("run iopl")
    t.ok("iopl(3) = 0: EFLAGS.IOPL 0 -> 3" in out, "iopl: EFLAGS.IOPL goes from 0 to 3", out)
    rtc_close_to_host(out, "iopl")

    out = vm.cmd("run denied")
    m = re.search(GP_LINE, out)
    t.ok(m, "denied: killed with Linux's general protection fault line", out)
    t.ok(out.rstrip().endswith("Segmentation fault") and "CMOS clock:" not in out,
         "denied: never reads the clock; the shell says Segmentation fault", out)
    if m:
        ip = int(m.group(2), 16)
        code = open(os.path.join(BUILD, "user", "denied"), "rb").read()
        op = code[ip - TEXT_BASE]
        t.ok(op in (0xe6, 0xee), "denied: ip %08x is an OUT instruction in the ELF file (opcode %02x)" % (ip, op))
        t.ok(0xbfff0000 <= int(m.group(3), 16) < 0xc0000000, "denied: sp is on the stack below 0xc0000000", out)
        # the text segment, as the ELF file's first PT_LOAD has it, in pages
        phoff, = struct.unpack_from("<I", code, 28)
        vaddr, memsz = struct.unpack_from("<I", code, phoff + 8)[0], struct.unpack_from("<I", code, phoff + 20)[0]
        want = (vaddr & ~0xfff, ((vaddr + memsz + 0xfff) & ~0xfff) - (vaddr & ~0xfff))
        got = (int(m.group(4), 16), int(m.group(5), 16))
        t.ok(got == want, "denied: 'in denied[%x+%x]' is the ELF's text segment %x+%x" % (got + want), out)

    out = vm.cmd("run devmem")
    m = re.search(r'writing "(.*)" at physical ([0-9a-f]+)', out)
    t.ok(m, "devmem: maps VGA text memory and says where it writes", out)
    if m:
        text, phys = m.group(1), int(m.group(2), 16)
        mon = vm.monitor("xp /%dhx 0x%x" % (len(text), phys))
        cells = [int(x, 16) for x in re.findall(r"\b0x([0-9a-f]{4})\b", "\n".join(l.split(":", 1)[1] for l in mon.split("\n") if ":" in l))]
        want = [0x1e00 | ord(c) for c in text]
        t.ok(cells == want, "devmem: QEMU's xp reads the line in VGA memory at %x, yellow on blue" % phys, mon)
    m = re.search(r"BAR2 ([0-9a-f]{8}) mapped at [0-9a-f]{8}: DISPI ID at BAR2\+0x500 = 0x([0-9a-f]{4})", out)
    t.ok(m, "devmem: maps the std VGA's BAR2 and reads the DISPI ID", out)
    if m:
        peek = vm.cmd("peek -w 0x%x" % (int(m.group(1), 16) + 0x500))
        t.ok(re.search(r"\b%s\b" % m.group(2), peek), "devmem: the same ID as the kernel's peek of BAR2+0x500", peek)
    t.ok("mmap2 of the kernel's RAM at 00100000: EPERM" in out, "devmem: the kernel's RAM is refused with EPERM", out)

    out = vm.cmd("run portbench 200")
    for what in ("inb from ring 3", "getpid\\(\\) round trip", "lseek \\+ read of /dev/port",
                 "inw 0x1cf from ring 3"):
        t.ok(re.search(r"portbench: %s.*\s(\d+) cycles$" % what, out, re.M), "portbench: a cycle count for %s" % what, out)

    out = vm.cmd("run badargs")
    results = re.findall(r"^(ok|not ok) - (.*)$", out, re.M)
    t.ok(len(results) >= 25, "badargs: %d system calls with bad arguments tried" % len(results), out)
    for verdict, what in results:
        t.ok(verdict == "ok", "badargs: %s" % what)
    t.ok("0 not ok" in out and "exit" not in out, "badargs: exit status 0", out)
    t.ok(re.search(r"^ab$", out, re.M), "badargs: write(1) of 'a\\0b\\n' shows a and b, the NUL skipped", out)

    out = vm.cmd("run badelf")
    t.ok(out.strip() == "run: badelf: not a valid executable: wrong machine 62, want 3 (EM_386)",
         "a malformed ELF is refused in one line", out)

    vm.write("run crash spin\r")
    vm.wait_for(r"run crash spin\n", 10)
    time.sleep(1.5)
    vm.write("\x03")
    out = vm.wait_prompt(30)
    t.ok("Interrupt" in out, "Ctrl-C ends a spinning program; the shell says Interrupt", out)

    crashes = {
        "pf": (r"crash\[\d+\]: segfault at 0 ip [0-9a-f]{8} sp [0-9a-f]{8} error 6 in crash\[8048000\+[0-9a-f]+\]", "Segmentation fault"),
        "kernel": (r"crash\[\d+\]: segfault at c0100000 ip [0-9a-f]{8} sp [0-9a-f]{8} error 5 ", "Segmentation fault"),
        "gp": (r"traps: crash\[\d+\] general protection fault ip:[0-9a-f]{8} sp:[0-9a-f]{8} error:0 in crash", "Segmentation fault"),
        "ud": (r"traps: crash\[\d+\] trap invalid opcode ip:[0-9a-f]{8} sp:[0-9a-f]{8} error:0 in crash", "Illegal instruction"),
        "de": (r"traps: crash\[\d+\] trap divide error ip:[0-9a-f]{8} sp:[0-9a-f]{8} error:0 in crash", "Floating point exception"),
        "revoke": (r"crash: inb\(0x80\) with the port granted: [0-9a-f]{2}\ncrash: port 0x80 taken back\n"
                   r"traps: crash\[\d+\] general protection fault ip:[0-9a-f]{8} sp:[0-9a-f]{8} error:0 ", "Segmentation fault"),
        "stack": (r"crash\[\d+\]: segfault at bfeff[0-9a-f]{3} ip [0-9a-f]{8} sp bf[ef][0-9a-f]{5} error 6 ", "Segmentation fault"),
    }
    for kind, (line, status) in crashes.items():
        out = vm.cmd("run crash " + kind)
        t.ok(re.search(line, out) and out.rstrip().endswith(status),
             "crash %s: one line like Linux's, then '%s'" % (kind, status), out)
    out = vm.cmd("run crash exit 7")
    t.ok(out.strip() == "exit 7", "crash exit 7: exit 7", out)

    before = vm.cmd("meminfo")
    loops = ["denied", "crash pf", "crash kernel", "crash gp", "crash ud", "crash de", "crash stack"]
    for prog in loops:
        out = vm.cmd("run -n 1000 " + prog, timeout=120)
        t.ok(re.search(r"run: 1000 runs of \S+; they ended:\n +1000 x \S", out),
             "run -n 1000 %s: a thousand runs, each killed the same way" % prog, out[-1500:])
    out = vm.cmd("run -n 100 ioperm", timeout=60) + vm.cmd("run -n 100 devmem", timeout=60)
    t.ok(out.count("1" "00 x exit 0") == 2, "run -n 100 ioperm and devmem: all exit 0", out[-1500:])
    after = vm.cmd("meminfo")
    t.ok(before == after, "meminfo is the same before and after the runs (frames, page tables, heap)",
         "before:\n%s\nafter:\n%s" % (before, after))
    t.ok("***" not in vm.out, "no kernel exception report in the whole session", vm.out[-2000:])

# The same file on the host's Linux, if it can run i386 programs.
hello = os.path.join(BUILD, "user", "hello")
try:
    r = subprocess.run([hello, "a", "b"], capture_output=True, timeout=10)
    ran = r.returncode == 0
except OSError:
    ran = False
if ran:
    out = r.stdout.decode("latin-1")
    t.ok(re.match(r"^hello from ring 3: pid \d+, 3 arguments: \S*hello a b\n$", out),
         "hello runs unchanged on the host's Linux, same output", out)
    r = subprocess.run([hello, "3"], capture_output=True, timeout=10)
    t.ok(r.returncode == 3, "hello 3 exits 3 on the host's Linux too")
else:
    t.skip("hello on the host's Linux", "the host cannot run i386 programs")
sys.exit(t.done())
