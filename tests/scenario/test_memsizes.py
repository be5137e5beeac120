#!/usr/bin/env python3
"""porthole at other memory sizes than the default 128 MiB (issue 11).

- Every in-kernel test passes at -m 16M and at -m 4G (RAM above 4 GiB:
  QEMU puts what does not fit below the PCI hole there), not only at the
  default size.
- At -m 2M, 60 ioremap/iounmap cycles leak nothing: MemFree comes back
  (less at most the one page table the ioremap range needed). (That the
  heap gives pages back is ktest mm.kfree_gives_pages_back.)
"""
import re
import sys

from vm import VM, TAP, EXIT_KTEST_PASS

t = TAP()
for mem in ("16M", "4G"):
    with VM(append="ktest=all panic=exit", mem=mem, timeout=240) as vm:
        try:
            status = vm.wait_exit(230)
        except Exception as e:  # noqa: BLE001
            status = str(e)
        vm.reader.join(5)
        summary = re.search(r"# ktest: (\d+) passed, (\d+) failed, (\d+) skipped", vm.out)
        failed = re.findall(r"^\s+not ok \d+ (\S+)", vm.out, re.M)
        t.ok(status == EXIT_KTEST_PASS and summary and summary.group(2) == "0",
             "-m %s: ktest=all passes (%s)" % (mem, summary.group(0) if summary else status),
             "failed: %s\n%s" % (failed, vm.out[-2000:]))


def free_frames(vm):
    m = re.search(r"MemFree:\s+\d+ kB\s+\((\d+) frames\)", vm.cmd("meminfo"))
    return int(m.group(1)) if m else None


with VM(append="panic=exit", mem="2M", nic=None) as vm:
    vm.wait_prompt(60)
    before = free_frames(vm)
    bad = None
    for i in range(60):
        out = vm.cmd("ioremap 0xfebf0000 0x%x" % (0x1000 * (1 + i % 7)))
        m = re.search(r"iounmap (0x[0-9a-f]+)", out)
        if not m or "unmapped" not in vm.cmd("iounmap " + m.group(1)):
            bad = out
            break
    after = free_frames(vm)
    t.ok(bad is None and before is not None and after is not None and after >= before - 1,
         "-m 2M: 60 ioremap/iounmap cycles leak no memory (%s -> %s free frames)"
         % (before, after), bad or "")
sys.exit(t.done())
