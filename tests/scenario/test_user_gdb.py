#!/usr/bin/env python3
"""gdb in ring 3 (docs/user.md, experiment 8): with the kernel's symbols
and a user program's (add-symbol-file build/user/hello), a breakpoint on
the program's main stops in ring 3 (CS 0x2b, the RPL-3 user code
selector) with argc and argv from the ABI stack, and a breakpoint on the
kernel's syscall_entry then stops at the program's next system call.
There ph-lspci refuses what needs a kernel call (registers through ports)
and still prints what is memory."""
import os
import re
import subprocess
import sys

from vm import VM, TAP, ELF, ROOT, BUILD, free_port

HELLO = os.path.join(BUILD, "user", "hello")

t = TAP()
port = free_port()
with VM(gdb=port, nic=None, timeout=180) as vm:
    gdb = ["gdb", "-nx", "-batch",
           "-ex", "set pagination off",
           "-ex", "set confirm off",
           "-ex", "file %s" % ELF,
           "-ex", "add-symbol-file %s" % HELLO,
           "-ex", "source scripts/gdb/porthole.py",
           "-ex", "target remote 127.0.0.1:%d" % port,
           "-ex", "break main",
           "-ex", "continue",
           "-ex", "info registers cs eip",
           "-ex", "print argc",
           "-ex", "print argv[1]",
           # configuration space needs a kernel call on pc: refused here
           "-ex", "ph-lspci -x",
           "-ex", "ph-lspci -k",
           # without main's breakpoint: a timer tick taken while gdb steps
           # over it would bring gdb back to main instead
           "-ex", "delete 1",
           "-ex", "break syscall_entry",
           "-ex", "continue",
           "-ex", "print/x tf->cs",
           "-ex", "print tf->eax",
           "-ex", "kill"]
    p = subprocess.Popen(gdb, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    try:
        vm.wait_prompt(120)
        vm.write("run hello from-gdb\r")
        out, _ = p.communicate(timeout=120)
    except Exception as e:  # noqa: BLE001 - a hang or a timeout is the failure
        p.kill()
        out = (p.communicate()[0] or "") + "\n%s: %s" % (type(e).__name__, e)
    t.ok(re.search(r"Breakpoint 1, main \(argc=2, argv=0xbfff[0-9a-f]{4}\) at user/hello\.c:\d+", out),
         "break main stops in the user program, with argc and argv from its stack", out)
    t.ok(re.search(r"^cs\s+0x2b\s+43$", out, re.M), "CS is 0x2b: ring 3", out)
    t.ok(re.search(r"^eip\s+0x804[89][0-9a-f]{3}\s+0x804[89][0-9a-f]{3} <main", out, re.M),
         "EIP is in the program's text at 0x08048000", out)
    t.ok(re.search(r'= 0x[0-9a-f]+ "from-gdb"', out), "argv[1] reads from the user stack", out)
    t.ok(re.search(r"^ph-lspci: the CPU is in ring 3 \(CS 0x2b\): configuration space", out, re.M)
         and "Kernel driver in use: ata_piix" in out,
         "in ring 3 ph-lspci -x refuses the kernel call in one line; ph-lspci -k needs none", out)
    t.ok(re.search(r"Breakpoint 2, syscall_entry \(tf=0x[0-9a-f]+\) at kernel/user/syscall\.c:\d+", out),
         "break syscall_entry stops at the program's next int 0x80", out)
    t.ok(re.search(r"= 0x2b\n.*= 20\b", out), "the frame holds ring 3's CS and the call (getpid, 20)", out)
sys.exit(t.done())
