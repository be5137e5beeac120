#!/usr/bin/env python3
"""tests/run.py - run every test ring and print one TAP stream.

Rings (see docs/testing.md):
  format    every C file of the tree against the checked-in .clang-format
  host      build/host/test_* : lib/ and kernel/resource.c on the host, ASan+UBSan
  ktest     the kernel booted with ktest=all: KTAP on serial, exit via isa-debug-exit
  scenario  tests/scenario/test_*.py : QEMU driven over serial, monitor and gdb

Each check becomes one line "ok N - ring: name" or "not ok N - ...", with
diagnostics as "#" lines after a failure. A check reported as
"ok N - name # SKIP reason" (TAP) or "  ok N name # SKIP reason" (KTAP) did
not run: it is counted as skipped, not as passed. The last line is
"N passed, N failed, N skipped". The exit status is 0 only when nothing
failed.

Usage: tests/run.py [--only RING[,RING]] [--scenario PATTERN] [-j N]
"""
import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "scenario"))
import vm as vmlib  # noqa: E402
import ata_common  # noqa: E402

TAP_LINE = re.compile(r"^(not )?ok \d+ - (.*)$")
# The TAP directive: "ok 3 - name # SKIP why" (any case, as TAP 13 has it).
SKIP = re.compile(r"#\s*skip\b", re.I)


class Results:
    def __init__(self):
        self.n = 0
        self.failed = 0
        self.skipped = 0

    def add(self, ok, name, diag=""):
        """One result line. A passing line whose name carries a SKIP
        directive is counted as skipped; a failing one is a failure."""
        self.n += 1
        print("%sok %d - %s" % ("" if ok else "not ", self.n, name), flush=True)
        if ok and SKIP.search(name):
            self.skipped += 1
        if not ok:
            self.failed += 1
            for line in diag.rstrip().split("\n")[-60:]:
                if line.strip():
                    print("#   " + line, flush=True)


def parse_tap(text, prefix, res):
    """Add every 'ok N - name' line of text; a failure carries the '#'
    lines that follow it as diagnostics. Returns how many were found."""
    lines = text.split("\n")
    count = 0
    for i, line in enumerate(lines):
        m = TAP_LINE.match(line)
        if not m:
            continue
        diag = []
        for follow in lines[i + 1:]:
            if not follow.startswith("#"):
                break
            diag.append(follow)
        res.add(m.group(1) is None, prefix + m.group(2), "\n".join(diag))
        count += 1
    return count


def c_files():
    """Every .c and .h file of the tree: the ones git knows (tracked, or new
    and not ignored) in a clone, else every one outside build/."""
    try:
        p = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard", "--", "*.c", "*.h"],
                           cwd=ROOT, capture_output=True, timeout=60)
        if p.returncode == 0:
            return sorted(set(f for f in p.stdout.decode().split("\0")
                              if f and os.path.exists(os.path.join(ROOT, f))))
    except (OSError, subprocess.TimeoutExpired):
        pass
    found = []
    for top, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in ("build", ".git")]
        found += [os.path.relpath(os.path.join(top, n), ROOT)
                  for n in names if n.endswith((".c", ".h"))]
    return sorted(found)


def ring_format(res):
    """clang-format --dry-run -Werror on every C file: one line when all
    match .clang-format, else one failing line per file with the first
    places clang-format would change. `make format` fixes them."""
    files = c_files()
    try:
        version = subprocess.run(["clang-format", "--version"], capture_output=True,
                                 text=True, timeout=60).stdout.strip()
    except OSError:
        res.add(False, "format: clang-format is not installed (make deps)")
        return
    bad = []
    for i in range(0, len(files), 50):
        chunk = files[i:i + 50]
        p = subprocess.run(["clang-format", "--dry-run", "-Werror"] + chunk, cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
        if p.returncode == 0:
            continue
        for f in chunk:
            errs = [l for l in p.stderr.split("\n") if l.startswith(f + ":")]
            if errs:
                bad.append((f, errs))
        if not any(f in chunk for f, _ in bad):  # failed, but named no file
            res.add(False, "format: clang-format failed", p.stderr[-2000:])
            return
    for f, errs in bad:
        res.add(False, "format: %s differs from .clang-format (make format)" % f,
                "%s\n%d place(s), the first: %s\n%s" % (version, len(errs), errs[0],
                                                       "\n".join(errs[1:5])))
    if not bad:
        res.add(len(files) > 0, "format: all %d C files match .clang-format (%s)"
                % (len(files), version))


def ring_host(res):
    bins = sorted(glob.glob(os.path.join(ROOT, "build", "host", "test_*")))
    if not bins:
        res.add(False, "host: no host test binaries (run make host-tests)")
    for b in bins:
        name = os.path.basename(b)[len("test_"):]
        try:
            p = subprocess.run([b], cwd=ROOT, capture_output=True, text=True,
                               timeout=600)
        except subprocess.TimeoutExpired:
            res.add(False, "host: %s timed out" % name)
            continue
        found = parse_tap(p.stdout, "host: %s: " % name, res)
        if p.returncode != 0 and not re.search(r"^not ok", p.stdout, re.M):
            res.add(False, "host: %s exited with %d" % (name, p.returncode),
                    p.stdout[-3000:] + p.stderr[-3000:])
        elif found == 0:
            res.add(False, "host: %s reported no tests" % name, p.stderr[-2000:])


def parse_ktap(text, res):
    """Nested KTAP: '  ok N name' inside '# Subtest: SUITE' blocks."""
    suite = None
    count = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^  # Subtest: (\S+)", line)
        if m:
            suite = m.group(1)
            continue
        m = re.match(r"^  (not )?ok \d+ (\S+)(.*)$", line)
        if m and suite:
            diag = []
            for back in reversed(lines[:i]):
                if not back.startswith("    #"):
                    break
                diag.insert(0, back.strip())
            res.add(m.group(1) is None, "ktest: %s.%s%s" % (suite, m.group(2), m.group(3)),
                    "\n".join(diag))
            count += 1
    return count


def ring_ktest(res):
    # The default machine has a disk on the primary IDE master (what
    # scripts/qemu.sh and `make run` give it): a scratch one here, so the ata
    # suite runs instead of skipping. Seeded bytes, thrown away afterwards.
    img = ata_common.make_image(16 << 20, seed=10)
    try:
        ring_ktest_boot(res, img)
    finally:
        os.unlink(img)


def ring_ktest_boot(res, img):
    with vmlib.VM(boot="kernel", append="ktest=all panic=exit", disk=img,
                  timeout=180) as vm:
        try:
            status = vm.wait_exit(170)
        except vmlib.Timeout as e:
            res.add(False, "ktest: the kernel did not exit", str(e) + vm.out[-3000:])
            return
        vm.reader.join(5)
        count = parse_ktap(vm.out, res)
        if count == 0:
            res.add(False, "ktest: no KTAP results on serial", vm.out[-3000:])
        res.add(status == vmlib.EXIT_KTEST_PASS,
                "ktest: QEMU exit status %d (want %d: all passed)" % (status, vmlib.EXIT_KTEST_PASS),
                vm.out[-3000:])


def run_scenario(path):
    t0 = time.monotonic()
    try:
        p = subprocess.run([sys.executable, path], cwd=ROOT, capture_output=True,
                           text=True, timeout=900)
        return path, p.stdout, p.stderr, p.returncode, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return path, out, "timed out after 900 s", -1, time.monotonic() - t0


def ring_scenario(res, pattern, jobs):
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "scenario", "test_*.py")))
    if pattern:
        files = [f for f in files if re.search(pattern, os.path.basename(f))]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for path, out, err, rc, secs in ex.map(run_scenario, files):
            name = os.path.basename(path)[len("test_"):-3]
            print("# scenario %s: %.1f s" % (name, secs), flush=True)
            found = parse_tap(out, "scenario: %s: " % name, res)
            if rc != 0 and not re.search(r"^not ok", out, re.M):
                res.add(False, "scenario: %s exited with %d" % (name, rc), out[-2000:] + err[-3000:])
            elif found == 0:
                res.add(False, "scenario: %s reported no tests" % name, err[-3000:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="format,host,ktest,scenario")
    ap.add_argument("--scenario", default="", help="regex on scenario file names")
    ap.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("TEST_JOBS", "2")))
    args = ap.parse_args()
    rings = args.only.split(",")
    res = Results()
    print("TAP version 13", flush=True)
    t0 = time.monotonic()
    if "format" in rings:
        ring_format(res)
    if "host" in rings:
        ring_host(res)
    if "ktest" in rings:
        ring_ktest(res)
    if "scenario" in rings:
        ring_scenario(res, args.scenario, args.jobs)
    print("1..%d" % res.n)
    print("# total time %.1f s" % (time.monotonic() - t0))
    print("%d passed, %d failed, %d skipped"
          % (res.n - res.failed - res.skipped, res.failed, res.skipped))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
