#!/usr/bin/env python3
"""The resource tree's cost as a parent gets wide (issue 3's benchmark).

Builds and runs tests/host/bench_resource.c on the host: ns per
request_region + release_region pair with 1k, 10k and 100k siblings under
one parent, the new range placed before, among and after them, and how the
cost grows per 10x siblings. Not a test: it only reports.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "build", "host", "bench_resource")


def main():
    b = subprocess.run(["make", "--no-print-directory", "-s", "build/host/bench_resource"],
                       cwd=ROOT)
    if b.returncode:
        print("bench_resource: build failed")
        return 0
    subprocess.run([BIN], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
