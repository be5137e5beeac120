#!/usr/bin/env python3
"""porthole at other memory sizes than the default 128 MiB (issue 11).

- Every in-kernel test passes at -m 4M (the README's minimum), -m 16M and
  -m 4G (RAM above 4 GiB: QEMU puts what does not fit below the PCI hole
  there), not only at the default size.
- At -m 2M the image does not fit: one line, and the kernel stops.
- At -m 4M, 60 ioremap/iounmap cycles leak nothing: MemFree comes back
  (less at most the one page table the ioremap range needed). (That the
  heap gives pages back is ktest mm.kfree_gives_pages_back.)
"""
import re
import time
import sys

from vm import VM, TAP, PROMPT, EXIT_KTEST_PASS

t = TAP()
for mem in ("4M", "16M", "4G"):
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


# With this wave's drivers the image (about 1.1 MiB with its BSS, from
# 1 MiB) no longer fits below QEMU's -m 2M (usable RAM to 0x1dffff): the
# kernel must say so in one line instead of running with its BSS past RAM.
with VM(append="panic=exit", mem="2M", nic=None) as vm:
    out = vm.wait_for(r"porthole needs more memory: .*\n", 60)
    m = re.search(r"its image runs from 0x([0-9a-f]+) to 0x([0-9a-f]+), past the end of the usable "
                  r"RAM the BIOS reports \(boot with at least (\d+) MiB", out)
    t.ok(m and int(m.group(1), 16) == 0x100000 and int(m.group(2), 16) > 0x1e0000,
         "-m 2M: the kernel says its image does not fit, and the size that would", out[-1500:])
    time.sleep(1)
    t.ok(PROMPT not in vm.out, "-m 2M: and stops there, before anything uses the missing RAM")

with VM(append="panic=exit", mem="4M", nic=None) as vm:
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
         "-m 4M: 60 ioremap/iounmap cycles leak no memory (%s -> %s free frames)"
         % (before, after), bad or "")
sys.exit(t.done())
