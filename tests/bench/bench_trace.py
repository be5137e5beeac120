#!/usr/bin/env python3
"""What the I/O trace costs while it is off (issue 17). Not a test.

Builds a second kernel with `make IO_TRACE=0` (the test in every accessor
compiled out) into a scratch folder and boots it and the normal build in
turn, RUNS times each, running `mmio-demo ROUNDS`; prints the median cycles
per access of both and their difference, run by run. Then the same with
tracing on for a range nothing in mmio-demo touches (the accessor calls
io_trace_record, which compares and returns) and for the demo's own port
(every access goes into the ring). Under TCG these are host cycles and
move with the host's load; the "off" difference is within that noise when
the cost is one predicted branch.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
import vm as vmlib  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20000"))
ROWS = ["inw(0x1cf)", "readl(BAR2+0x500)", "ioread16(cookie+1)", "ioread32(BAR2+0x500)",
        "RAM read"]


def demo(elf, before=()):
    """{row: cycles} of one mmio-demo run on a fresh boot of elf."""
    vmlib.ELF = elf
    with vmlib.VM(append="", nic=None, timeout=600) as vm:
        vm.wait_prompt(120)
        for c in before:
            vm.cmd(c)
        out = vm.cmd("mmio-demo %d" % ROUNDS, timeout=400)
    got = {}
    for key in ROWS:
        m = re.search(r"^  %s\s+.*?\s(\d+)$" % re.escape(key), out, re.M)
        if m:
            got[key] = int(m.group(1))
    return got


def text_size(elf):
    out = subprocess.run(["size", elf], capture_output=True, text=True).stdout.split("\n")
    return int(out[1].split()[0]) if len(out) > 1 else 0


def main():
    normal = vmlib.ELF
    with tempfile.TemporaryDirectory(prefix="porthole-notrace-") as tmp:
        r = subprocess.run(["make", "-j2", "BUILD=" + tmp, "IO_TRACE=0", tmp + "/porthole.elf"],
                           cwd=vmlib.ROOT, capture_output=True, text=True)
        if r.returncode:
            print("make IO_TRACE=0 failed:\n" + r.stdout[-1500:] + r.stderr[-1500:])
            return 1
        bare = os.path.join(tmp, "porthole.elf")
        print("kernel text: %d bytes with the tracer, %d without (%+d)"
              % (text_size(normal), text_size(bare), text_size(normal) - text_size(bare)))
        configs = [("compiled out (IO_TRACE=0)", bare, ()),
                   ("compiled in, off", normal, ()),
                   ("on, range elsewhere", normal, ("trace on all 0x80-0x80",)),
                   ("on, recording the demo", normal, ("trace on all",))]
        samples = {name: {k: [] for k in ROWS} for name, _, _ in configs}
        for _ in range(RUNS):
            for name, elf, before in configs:
                for k, v in demo(elf, before).items():
                    samples[name][k].append(v)
    vmlib.ELF = normal
    print("mmio-demo %d, %d boots each, median cycles per access (RDTSC, best of 10 batches):"
          % (ROUNDS, RUNS))
    print("  %-22s" % "" + "".join("%22s" % k for k in ROWS))
    for name, _, _ in configs:
        print("  %-22s" % name + "".join(
            "%22s" % (statistics.median(samples[name][k]) if samples[name][k] else "-")
            for k in ROWS))
    base = samples[configs[0][0]]
    off = samples[configs[1][0]]
    for k in ("inw(0x1cf)", "readl(BAR2+0x500)"):
        diffs = [b - a for a, b in zip(base[k], off[k])]
        if diffs:
            print("  tracer off minus compiled out, %-18s %+d cycles (per boot: %s)"
                  % (k + ":", statistics.median(diffs), " ".join("%+d" % d for d in diffs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
