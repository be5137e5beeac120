#!/usr/bin/env python3
"""A CPU porthole cannot run on says so, and scripts/qemu.sh (issue 11).

- isapc with -cpu 486 (no CPUID features: no CMOV, no TSC) and -cpu
  pentium (no CMOV) print one line naming what is missing, then halt,
  instead of an Invalid Opcode fault in some helper.
- isapc without a -cpu boots to the prompt: qemu.sh picks a CPU for it.
- qemu.sh: an option without its value is refused; --append with --iso is
  said to be ignored; --dry-run prints a line a shell can run again.
"""
import os
import shlex
import subprocess
import sys

from vm import VM, TAP, ROOT, ELF, ISO

t = TAP()
QEMU_SH = os.path.join(ROOT, "scripts", "qemu.sh")

for cpu, missing in (("486", "no CMOV and no TSC"), ("pentium", "no CMOV (CPUID.1:EDX bit 15)")):
    with VM(machine="isapc", nic=None, extra=["-cpu", cpu], timeout=60) as vm:
        try:
            out = vm.wait_for(r"Halted\.", 30)
        except Exception as e:  # noqa: BLE001
            out = str(e)
        t.ok("porthole: this CPU cannot run porthole (built for i686): " + missing in out
             and "Invalid Opcode" not in out and out.count("\n") <= 2,
             "-cpu %s: one line names what is missing (%s), then halt" % (cpu, missing), out)

with VM(machine="isapc", nic=None, timeout=90) as vm:
    try:
        vm.wait_prompt(80)
        t.ok(True, "isapc without -cpu boots to the prompt (qemu.sh picks a CPU)")
    except Exception as e:  # noqa: BLE001
        t.ok(False, "isapc without -cpu boots to the prompt", str(e))


def qemu_sh(*args):
    return subprocess.run(["sh", QEMU_SH] + list(args), capture_output=True, text=True,
                          timeout=30)


p = qemu_sh("--kernel", ELF, "--mem")
t.ok(p.returncode == 2 and "--mem needs a value" in p.stderr, "qemu.sh --mem without a value: "
     "refused", p.stderr)
p = qemu_sh("--kernel", ELF, "--mem", "--disk", "x", "--dry-run")
t.ok(p.returncode == 2 and "--mem needs a value" in p.stderr,
     "qemu.sh --mem --disk x: the next option is not taken as the value", p.stdout + p.stderr)
p = qemu_sh("--iso", ISO, "--append", "hz=100", "--dry-run")
t.ok(p.returncode == 0 and "--append is ignored with --iso" in p.stderr,
     "qemu.sh --iso --append: says the command line is ignored", p.stderr)
words = ["--kernel", ELF, "--append", "it's ktest=all  panic=exit", "--monitor",
         "unix:/tmp/a dir/mon.sock,server=on", "--dry-run", "--", "-name", "a \"b\" $c"]
p = qemu_sh(*words)
back = shlex.split(p.stdout)
t.ok(p.returncode == 0 and "it's ktest=all  panic=exit" in back and
     "unix:/tmp/a dir/mon.sock,server=on" in back and "a \"b\" $c" in back,
     "qemu.sh --dry-run: the printed line splits back into the same words", p.stdout)
sh = subprocess.run(["sh", "-c", "set -- " + p.stdout.strip() + "; printf '%s\\n' \"$@\""],
                    capture_output=True, text=True, timeout=10)
t.ok(sh.stdout.split("\n")[:-1] == back, "qemu.sh --dry-run: and sh reads it the same way",
     sh.stdout + sh.stderr)
sys.exit(t.done())
