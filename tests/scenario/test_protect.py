#!/usr/bin/env python3
"""The kernel protects itself from the shell, and says why (issue 11).

- inw 0x3ff / inl 0x3fe (misaligned in "serial": QEMU's 16550 model
  aborts on them) and inl 0x60 (past the end of "keyboard" 0060-0060) are
  refused, one line each; -f does them anyway (QEMU survives the
  aligned-past-end one). An unclaimed odd port (0x1cf) takes inw.
- outb to a port one of porthole's drivers claimed (pic1's mask, the
  UART's line control, the PIT's control word) is refused naming the owner,
  and the shell keeps hearing the serial line and the timer; a port the
  boot only reserved (dma page reg) is not refused.
- a self-IPI (poke -f into the ICR) on a vector nobody owns, 0x90 and
  0x32 (IRQ 2, no I/O APIC input), is counted and ended with an EOI:
  nothing stays in service and ttyS0 still interrupts.
- poke into the interrupt-delivery window 0xfee00000 is refused; forced,
  it raises vector 14 and the report says "external interrupt", not page
  fault.
"""
import re
import sys

from vm import VM, TAP, EXIT_PANIC

t = TAP()


def refused(out, what):
    return re.search(r"refused \(%s -f to do it anyway\)" % what, out) is not None


def ttys0_count(vm):
    out = vm.cmd("interrupts")
    m = re.search(r"^ +4: +(\d+) +IO-APIC +4-edge +ttyS0$", out, re.M)
    return int(m.group(1)) if m else None


def nothing_in_service(vm):
    """`apic`: no ISR bit set and the processor priority back at 0."""
    out = vm.cmd("apic")
    return (re.search(r"^  ISR +(00000000 ){8} ", out, re.M) is not None and
            re.search(r"PPR 0x00000000", out) is not None), out


def check_unowned_vector(vm):
    """A self-IPI (the ICR: shorthand self, fixed) on a vector nobody owns:
    0x90 (above every device line) and 0x32 (IRQ 2: no I/O APIC input).
    Without its EOI the vector stays in service and every device line
    below it is dead: ttyS0's count would stop."""
    for vec in (0x90, 0x32):
        out = vm.cmd("poke -f -l 0xfee00300 0x%08x" % (0x40000 | vec))
        t.ok("unexpected interrupt on vector %d (0x%02x)" % (vec, vec) in out and
             "in service at the Local APIC: EOI sent" in out,
             "self-IPI on unowned vector 0x%02x: counted, and its EOI sent" % vec, out)
        done, out = nothing_in_service(vm)
        t.ok(done, "after it `apic` shows nothing in service, PPR 0", out)
    a = ttys0_count(vm)
    b = ttys0_count(vm)
    t.ok(a is not None and b is not None and b > a,
         "ttyS0 (IRQ 4, vector 0x34) still interrupts: %s -> %s" % (a, b))


with VM(append="panic=exit") as vm:
    vm.wait_prompt()
    for c, why in (("inw 0x3ff", 'not 2-byte aligned, and "serial" 03f8-03ff'),
                   ("inl 0x3fe", "not 4-byte aligned"),
                   ("outw 0x3f9 0", "not 2-byte aligned"),
                   ("inl 0x60", 'runs past the end of "keyboard" 0060-0060')):
        out = vm.cmd(c)
        t.ok(why in out and refused(out, c.split()[0]) and len(out.strip().split("\n")) == 1,
             "%s: refused in one line (%s)" % (c, why), out)
    out = vm.cmd("inw 0x1cf")
    t.ok(re.search(r"^inw 01cf = [0-9a-f]{4}$", out, re.M),
         "inw 0x1cf (unclaimed; the DISPI data port takes 16 bits at an odd port) is done",
         out)
    out = vm.cmd("inl -f 0x60")
    t.ok(re.search(r"^inl 0060 = [0-9a-f]{8}$", out, re.M), "inl -f 0x60 does it anyway", out)

    for c, owner in (("outb 0x21 0xff", '"pic1" 0020-0021'), ("outb 0x3fb 0x80", '"serial" 03f8-03ff'),
                     ("outb 0x43 0x30", '"timer0" 0040-0043'), ("outb 0xa1 0xff", '"pic2" 00a0-00a1'),
                     ("outw 0x1f0 0", '"ata_piix" 01f0-01f7')):
        out = vm.cmd(c)
        t.ok(owner in out and "porthole driver" in out and refused(out, c.split()[0]),
             "%s: refused, naming the owner %s" % (c, owner), out)
    out = vm.cmd("sleep 200")
    t.ok(re.match(r"slept \d+\.\d+ ms \((\d+) ticks", out) and
         int(re.match(r"slept \d+\.\d+ ms \((\d+) ticks", out).group(1)) > 50,
         "after the refusals the timer still ticks and the shell still hears", out)
    out = vm.cmd("outb 0x80 0")
    t.ok(out.startswith("outb 0080 <- 00") and "dma page reg" in out,
         "a port the boot only reserved (dma page reg) is written", out)

    out = vm.cmd("poke 0xfee00000 14")
    t.ok("interrupt-delivery window" in out and refused(out, "poke"),
         "poke 0xfee00000: refused (the interrupt window)", out)
    out = vm.cmd("poke -b 0xfeefffff 1")
    t.ok("interrupt-delivery window" in out, "poke at the window's last byte: refused", out)
    out = vm.cmd("ioremap 0xfee00000 0x1000")
    m = re.search(r"mapped uncached at (0x[0-9a-f]+)", out)
    out = vm.cmd("poke -v %s 14" % (m.group(1) if m else "0"))
    t.ok(m and "interrupt-delivery window" in out and refused(out, "poke"),
         "poke -v through an ioremap of the window: refused too", out)
    check_unowned_vector(vm)
    vm.write("poke -f -l 0xfee00000 14\r")
    out = vm.wait_for(r"Backtrace:", 20)
    t.ok("external interrupt on vector 14" in out and "not a CPU exception" in out
         and "error code" in out and "CR2 (faulting address)" not in out,
         "poke -f 0xfee00000 14: the report says external interrupt, not page fault", out)
    t.ok(re.search(r"EIP: 0008:c0[0-9a-f]{6} cmd_poke", out),
         "the report shows the interrupted EIP and CS, not the shifted frame", out)
    t.ok(vm.wait_exit(20) == EXIT_PANIC, "then halts (panic=exit)")
sys.exit(t.done())
