#!/usr/bin/env python3
"""tests/bench.py - `make bench`: timings, never pass/fail.

Runs every tests/bench/bench_*.py (each prints its own report) and says
which machine and accelerator the numbers come from. Benchmarks are not
tests: nothing here fails because a number is slow.
"""
import glob
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, %s; accelerator %s" % (
        cpu, os.cpu_count() or 0, platform.platform(), os.environ.get("ACCEL", "tcg"))


def main():
    print("# porthole benchmarks on: %s" % machine(), flush=True)
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "bench", "bench_*.py"))):
        if only and only not in os.path.basename(path):
            continue
        print("\n== %s" % os.path.basename(path), flush=True)
        subprocess.run([sys.executable, path], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
