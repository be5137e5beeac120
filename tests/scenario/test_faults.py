#!/usr/bin/env python3
"""`fault KIND` raises each CPU exception; the report must name it, decode
it, show registers and a backtrace with function names, and (panic=exit)
end QEMU with the panic status instead of a silent reset."""
import re
import sys

from vm import VM, TAP, EXIT_PANIC

CASES = {
    "pf": [r"\*\*\* Page Fault \(#PF\), vector 14",
           r"error code 0x2: page not present, write, supervisor mode",
           r"CR2 \(faulting address\): 0x00000000",
           r"EIP: 0008:[0-9a-f]{8} fault_page\+0x[0-9a-f]+/0x[0-9a-f]+",
           r"\[<[0-9a-f]{8}>\] (\? )?cmd_fault\+",
           r"\[<[0-9a-f]{8}>\] kmain\+"],
    "gp": [r"\*\*\* General Protection \(#GP\), vector 13",
           r"selector 0x1230, GDT index 582",
           r"fault_general_protection\+"],
    "ud": [r"\*\*\* Invalid Opcode \(#UD\), vector 6", r"fault_invalid_opcode\+"],
    "de": [r"\*\*\* Divide Error \(#DE\), vector 0", r"fault_divide\+"],
    "df": [r"\*\*\* Double Fault \(#DF\), vector 8",
           r"double-fault task's own stack",
           r"kernel stack overflow",
           r"\[<[0-9a-f]{8}>\] fault_recurse\+",
           r"the line above \d+ more times",
           r"cmd_fault\+"],
}

t = TAP()
for kind, patterns in CASES.items():
    with VM(append="panic=exit", nic=None) as vm:
        vm.wait_prompt()
        vm.write("fault %s\r" % kind)
        try:
            status = vm.wait_exit(60)
        except Exception as e:  # noqa: BLE001
            t.ok(False, "fault %s: QEMU exits" % kind, str(e))
            continue
        vm.reader.join(5)
        out = vm.out
        for p in patterns:
            t.ok(re.search(p, out), "fault %s: report has /%s/" % (kind, p), out[-2500:])
        t.ok(re.search(r"EAX: [0-9a-f]{8} EBX: [0-9a-f]{8}", out) and
             re.search(r"CR0: [0-9a-f]{8} CR2: [0-9a-f]{8} CR3: [0-9a-f]{8}", out),
             "fault %s: general and control registers shown" % kind, out[-2500:])
        t.ok(status == EXIT_PANIC, "fault %s: QEMU exit status %d (want %d)" % (kind, status, EXIT_PANIC))
sys.exit(t.done())
