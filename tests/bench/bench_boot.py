#!/usr/bin/env python3
"""Boot time and size (issue 2's benchmark). Not a test: it only reports.

  - wall time from starting QEMU to the shell prompt on serial, with
    -kernel and through the GRUB ISO, median of RUNS boots each, beside a
    minimal multiboot kernel that prints one line (the yardstick), booted
    by the same scripts/qemu.sh on the same run;
  - build time from clean (make -j2 into a scratch build folder);
  - the kernel's size (text, data, bss) and the ISO's size;
  - where porthole's own boot goes: `boottime` (kernel/boottime.c) on RUNS
    boots, the median total from kmain to the prompt, the firmware's time
    before kmain, and the three costliest steps of kmain;
  - the blocks QEMU translated by the time each kernel reached its prompt
    (`info jit` in the monitor, TB count): under TCG code that runs once
    is translated once, and unlike the times this count does not move
    with the host's load (docs/emulator.md, section 4).
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
import vm as vmlib  # noqa: E402

ROOT = vmlib.ROOT
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def boot_time(args, marker, timeout=60):
    """Seconds from QEMU's start until marker appears on COM1."""
    t0 = time.monotonic()
    p = subprocess.Popen(["sh", os.path.join(ROOT, "scripts", "qemu.sh")] + args +
                         ["--serial", "stdio", "--monitor", "none", "--timeout", str(timeout)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    buf = b""
    elapsed = None
    try:
        while True:
            chunk = p.stdout.read1(4096)
            if not chunk:
                break
            buf += chunk
            if marker in buf:
                elapsed = time.monotonic() - t0
                break
    finally:
        os.killpg(p.pid, 15)
        p.wait()
    return elapsed


def median_boot(label, args, marker):
    times = [boot_time(args, marker) for _ in range(RUNS)]
    ok = [t for t in times if t is not None]
    if not ok:
        print("%-34s did not reach %r" % (label, marker.decode()))
        return None
    m = statistics.median(ok)
    print("%-34s median %.3f s  (runs: %s)" % (label, m, " ".join("%.3f" % t for t in ok)))
    return m


def tb_count(vm):
    """QEMU's count of translated blocks (`info jit`), or None."""
    m = re.search(r"TB count\s+(\d+)", vm.monitor("info jit"))
    return int(m.group(1)) if m else None


def minimal_tb_count(elf):
    """The minimal kernel's translated blocks at its prompt."""
    saved, vmlib.ELF = vmlib.ELF, elf
    try:
        with vmlib.VM(append="", nic=None, timeout=60) as vm:
            vm.wait_for("minimal> ", 30)
            return tb_count(vm)
    finally:
        vmlib.ELF = saved


def boot_steps():
    """Median boottime figures over RUNS boots: (total, before, steps, tbs)."""
    totals, before, steps, tbs = [], [], {}, []
    for _ in range(RUNS):
        with vmlib.VM(append="", nic=None, timeout=120) as vm:
            vm.wait_prompt(90)
            tbs.append(tb_count(vm))  # before `boottime` adds its own
            out = vm.cmd("boottime")
        for us, name in re.findall(r"^\s*(\d+)  (.*)$", out, re.M):
            if name.startswith("total:"):
                totals.append(int(us))
            elif name.startswith("before kmain:"):
                before.append(int(us))
            elif not name.startswith("between the steps"):
                steps.setdefault(name, []).append(int(us))
    if not totals:
        return None
    med = {n: statistics.median(v) for n, v in steps.items()}
    tbs = [n for n in tbs if n is not None]
    return statistics.median(totals), statistics.median(before), \
        sorted(med.items(), key=lambda kv: -kv[1]), \
        statistics.median(tbs) if tbs else None


def build_minimal(tmp):
    obj = os.path.join(tmp, "minimal.o")
    elf = os.path.join(tmp, "minimal.elf")
    src = os.path.join(ROOT, "tests", "bench", "minimal")
    subprocess.run(["gcc", "-m32", "-c", os.path.join(src, "minimal.S"), "-o", obj], check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-T", os.path.join(src, "linker.ld"), "-o", elf, obj],
                   check=True)
    iso_dir = os.path.join(tmp, "iso", "boot", "grub")
    os.makedirs(iso_dir)
    shutil.copy(elf, os.path.join(tmp, "iso", "boot", "porthole.elf"))
    shutil.copy(os.path.join(ROOT, "iso", "boot", "grub", "grub.cfg"), iso_dir)
    iso = os.path.join(tmp, "minimal.iso")
    subprocess.run(["grub-mkrescue", "-o", iso, os.path.join(tmp, "iso")], check=True,
                   capture_output=True)
    return elf, iso


def main():
    with tempfile.TemporaryDirectory(prefix="porthole-bench-") as tmp:
        min_elf, min_iso = build_minimal(tmp)
        common = ["--nic", "none"]
        print("boot to prompt (%d boots each, QEMU %s):" % (RUNS, os.environ.get("ACCEL", "tcg")))
        mk = median_boot("minimal kernel, -kernel", ["--kernel", min_elf] + common, b"minimal> ")
        pk = median_boot("porthole, -kernel", ["--kernel", vmlib.ELF] + common, b"porthole> ")
        mi = median_boot("minimal kernel, GRUB ISO", ["--iso", min_iso] + common, b"minimal> ")
        pi = median_boot("porthole, GRUB ISO", ["--iso", vmlib.ISO] + common, b"porthole> ")
        if mk and pk:
            print("porthole / minimal with -kernel:   %.2fx (goal: at most 1.2x, issue 12; "
                  "1.1x for the wave, issue 17)" % (pk / mk))
        if mi and pi:
            print("porthole / minimal through GRUB:   %.2fx" % (pi / mi))
        bt = boot_steps()
        if bt:
            total, before, steps, tbs = bt
            print("porthole's own boot (boottime, median of %d): %d us from kmain to the "
                  "prompt; %d us of firmware and loader before kmain" % (RUNS, total, before))
            print("  costliest steps: " + ", ".join("%s %d us" % (n, us) for n, us in steps[:3]))
            mtb = minimal_tb_count(min_elf)
            if tbs and mtb:
                print("translated blocks at the prompt (info jit): porthole %d, minimal "
                      "kernel %d (firmware and loader); porthole's own %d" %
                      (tbs, mtb, tbs - mtb))

        scratch = os.path.join(tmp, "build")
        t0 = time.monotonic()
        r = subprocess.run(["make", "-j2", "BUILD=" + scratch, scratch + "/porthole.elf"],
                           cwd=ROOT, capture_output=True, text=True)
        if r.returncode == 0:
            print("build from clean (make -j2):       %.1f s" % (time.monotonic() - t0))
        else:
            print("build from clean failed:\n" + r.stdout[-1000:] + r.stderr[-1000:])

    size = subprocess.run(["size", vmlib.ELF], capture_output=True, text=True).stdout
    print("kernel size (size build/porthole.elf):")
    for line in size.strip().split("\n"):
        print("  " + line)
    print("ELF file %d bytes (with debug info); ISO %d bytes" %
          (os.path.getsize(vmlib.ELF), os.path.getsize(vmlib.ISO)))


if __name__ == "__main__":
    main()
