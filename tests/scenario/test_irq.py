#!/usr/bin/env python3
"""Interrupts and the classic PC devices (issue 4), on the reference machine
and on machines with a device missing.

Default machine, one boot (the I/O APIC and Local APIC deliver):
- `interrupts`: Linux's /proc/interrupts in the IO-APIC layout, each line
  character for character as Linux's reference has it (counts aside); the
  Local timer count (LOC) grows between two calls while IRQ 0 rests; the
  keyboard's grows with keys.
- timer: over >= 2 s of wall time `uptime` advances as much, within 10 %;
  `sleep MS` takes MS of wall time.
- keyboard through the QEMU monitor's sendkey: a typed help runs, shift
  and caps lock give upper case, Ctrl-U clears the line; the results are
  read back through `echo-len` (length and CRC-32 of the line).
- VGA: a screendump shows exactly the text the console printed, in every
  cell (the font is learned from the screen itself: same character, same
  glyph; see vgatext.py); the cursor sits after the prompt. `vga` reads
  the CRTC start address and cursor back: where the scroll count puts
  them; again just after the window went back to the top of the 32 KiB of
  text memory, and the screendump then too.
- serial: a 4 KiB line written at once arrives intact (echo-len's length
  and CRC-32 against Python's zlib); a 9000-byte line is refused and the
  shell still answers; `serial` shows no overrun and no drop.
- ioports: every legacy line of the reference that porthole owns or
  reserves, character for character (when the `ioports` command exists).
The same interrupt, timer, keyboard and serial checks with `noapic` (as
Linux means it: the 8259s deliver through the Local APIC's LINT0, in the
XT-PIC layout with the cascade, and the Local APIC timer is the tick: LOC
grows, IRQ 0 rests), and with `nolapic` (the 8259s alone: no LOC, the PIT's
IRQ 0 grows).
NMI (QEMU's monitor `nmi`), with the APICs, with noapic and with nolapic:
Linux's "Uhhuh. NMI received for unknown reason", counted on the NMI row,
and the shell goes on.
q35, with the APICs and with noapic: the same interrupt (against the pc
reference where q35 has the line too), timer, keyboard, serial and NMI
checks.
No i8042 (-machine pc,i8042=off): one line, the boot goes on, no IRQ 1.
No PIT (-machine pc,pit=off: the counter reads back 0xffff): one line, no
clock, the shell still runs.
No UART (-serial none): read off the screen: one line about COM1, and the
shell, driven by the keyboard alone, runs `interrupts` and `poweroff`.
"""
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import types
import zlib

import vgatext
from vm import VM, TAP, ELF, ROOT, REFERENCE, FIRMWARE_REFERENCE, EXIT_POWEROFF, Timeout

t = TAP()
font = {}  # glyph -> character, learned from the default machine's screen

KEYS = {" ": "spc", "-": "minus", "\r": "ret", "!": "shift-1", "=": "equal"}


def key_names(text):
    for ch in text:
        if ch in KEYS:
            yield KEYS[ch]
        elif ch.isupper():
            yield "shift-" + ch.lower()
        else:
            yield ch


def type_keys(vm, text):
    for k in key_names(text):
        vm.monitor("sendkey " + k)


def crc_line(s):
    return "len=%d crc32=%08x" % (len(s), zlib.crc32(s.encode("latin-1")))


LINE = re.compile(r"^ {0,2}(\d+): +(\d+) +(?:XT-PIC  |(?:IO-APIC|PCI-MSI) +\d+-(?:edge|fasteoi) +)"
                  r"(\S.*)$")


def interrupt_counts(text):
    """name -> (line, count), in either layout (XT-PIC or IO-APIC)."""
    counts = {}
    for line in text.split("\n"):
        m = LINE.match(line)
        if m:
            counts[m.group(3).split()[0].rstrip(",")] = (int(m.group(1)), int(m.group(2)))
    m = re.search(r"^LOC: +(\d+) ", text, re.M)
    if m:
        counts["LOC"] = (-1, int(m.group(1)))
    return counts


def reference_interrupts():
    """Linux's /proc/interrupts lines (IO-APIC layout) from the reference."""
    text = open(FIRMWARE_REFERENCE).read()
    part = text.split("=== /proc/interrupts ===\n")[1].split("\n===")[0]
    return [ln for ln in part.split("\n") if re.match(r"^ {0,2}\d+: ", ln)]


def check_local_timer(a, b, ca, cb, label):
    """The Local APIC's rows as Linux prints them, LOC growing, IRQ 0 resting."""
    t.ok(re.search(r"^LOC: +\d+   Local timer interrupts$", a, re.M) and
         re.search(r"^SPU: +\d+   Spurious interrupts$", a, re.M) and
         re.search(r"^ERR: +\d+$", a, re.M),
         "%sinterrupts: LOC, SPU, ERR rows as Linux prints them" % label, a)
    ok = "LOC" in ca and "LOC" in cb and cb["LOC"][1] > ca["LOC"][1] + 100
    t.ok(ok, "%sinterrupts: the Local timer count grows between two calls (%s -> %s)"
         % (label, ca.get("LOC"), cb.get("LOC")), a + b)
    t.ok("timer" in cb and cb["timer"][1] - ca["timer"][1] <= 2,
         "%sinterrupts: IRQ 0 (the PIT) rests while the Local APIC ticks (%s -> %s)"
         % (label, ca.get("timer"), cb.get("timer")), a + b)


def check_xt_pic_lines(a, label):
    t.ok(re.search(r"^  0: +\d+    XT-PIC  timer$", a, re.M) and
         re.search(r"^  4: +\d+    XT-PIC  ttyS0$", a, re.M) and
         re.search(r"^  1: +\d+    XT-PIC  i8042$", a, re.M) and
         re.search(r"^  2: +\d+    XT-PIC  cascade$", a, re.M),
         "%sinterrupts: timer 0, i8042 1, cascade 2, ttyS0 4 as Linux lays them out" % label, a)


def nmi_count(text):
    m = re.search(r"^NMI: +(\d+)   Non-maskable interrupts$", text, re.M)
    return int(m.group(1)) if m else None


def check_nmi(vm, label=""):
    """QEMU's monitor `nmi`: counted on Linux's NMI row, reported in
    Linux's words, and the kernel goes on."""
    n0 = nmi_count(vm.cmd("interrupts"))
    vm.monitor("nmi")
    out = vm.wait_for(r"Dazed and confused, but trying to continue\n", 30)
    t.ok(re.search(r"Uhhuh\. NMI received for unknown reason [0-9a-f]{2} on CPU 0\.", out),
         "%snmi: reported in Linux's words" % label, out)
    n1 = nmi_count(vm.cmd("interrupts"))
    t.ok(n0 is not None and n1 == n0 + 1,
         "%snmi: the NMI row counts it (%s -> %s)" % (label, n0, n1))


def check_interrupts(vm, apic=True, mode="apic", machine=""):
    """mode: "apic" (the I/O APIC), "noapic" (the 8259s through the Local
    APIC's LINT0, the Local APIC timer the tick), "nolapic" (the 8259s
    alone, the PIT the tick). machine: a prefix for the check names
    ("q35: ")."""
    def ok(cond, desc, diag=None):
        return t.ok(cond, machine + desc, diag)

    if not apic and mode == "apic":
        mode = "nolapic"
    a = vm.cmd("interrupts")
    time.sleep(0.5)
    b = vm.cmd("interrupts")
    ca, cb = interrupt_counts(a), interrupt_counts(b)
    ok(a.startswith("           CPU0\n"), "interrupts: /proc/interrupts header", a)
    if mode == "apic":
        # Linux's line, with our count in its 10 columns: the layout must be
        # the same character for character.
        ours = a.split("\n")
        compared = 0
        for ref in reference_interrupts():
            name = ref.split()[-1]
            if not any(ln.startswith(ref[:5]) and ln.endswith("  " + name) for ln in ours):
                continue
            pat = "^" + re.escape(ref[:5]) + r"[ \d]{10}" + re.escape(ref[15:]) + "$"
            compared += 1
            ok(re.search(pat, a, re.M), "interrupts: Linux's line '%s' (counts aside)"
               % re.sub(r"\s+", " ", ref.strip()), a)
        ok(compared >= 4, "interrupts: %d of Linux's lines compared (timer, i8042, "
           "ttyS0, rtc0, ata_piix...)" % compared, a)
        ok("cascade" not in a, "interrupts: no cascade with the I/O APIC", a)
        check_local_timer(a, b, ca, cb, machine)
    elif mode == "noapic":
        check_xt_pic_lines(a, machine + "noapic: ")
        ok("IO-APIC" not in a, "noapic: interrupts: no IO-APIC line", a)
        check_local_timer(a, b, ca, cb, machine + "noapic: ")
    else:
        check_xt_pic_lines(a, machine + "nolapic: ")
        ok(re.search(r"^SPU: +\d+ ", a, re.M) and re.search(r"^ERR: +\d+ ", a, re.M) and
           "LOC" not in a, "nolapic: interrupts: spurious and unexpected rows, no LOC", a)
        grew = "timer" in ca and "timer" in cb and cb["timer"][1] > ca["timer"][1] + 100
        ok(grew, "nolapic: interrupts: the timer's count grows between two calls (%s -> %s)"
           % (ca.get("timer"), cb.get("timer")), a + b)
    ok(cb.get("ttyS0", (0, 0))[1] > ca.get("ttyS0", (0, 0))[1],
       "interrupts: the ttyS0 count grows as the command is typed")


def uptime_both(vm):
    """(uptime by the clock, uptime by the ticks alone), in seconds."""
    out = vm.cmd("uptime")
    m = re.match(r"^(\d+\.\d{3}) s \(\d+ ticks; the ticks alone say (\d+\.\d{3}) s\)$",
                 out.strip())
    if not m:
        raise AssertionError("uptime printed %r" % out)
    return float(m.group(1)), float(m.group(2))


def uptime_sampled(vm):
    """uptime_both(), with the wall-clock window the guest's sample lies in:
    the host cannot know when, between sending the command and seeing the
    prompt, the guest read its clock."""
    before = time.monotonic()
    both = uptime_both(vm)
    after = time.monotonic()
    return both, (before + after) / 2, (after - before) / 2


def check_timer(vm):
    (u0, k0), w0, e0 = uptime_sampled(vm)
    time.sleep(2.5)
    (u1, k1), w1, e1 = uptime_sampled(vm)
    ratio = (u1 - u0) / (w1 - w0)
    # Within 10 %, plus what the two sampling windows leave uncertain (a
    # few ms normally; more when the host is busy with other QEMUs).
    slack = 0.1 * (w1 - w0) + e0 + e1
    t.ok(abs((u1 - u0) - (w1 - w0)) <= slack,
         "timer: uptime advanced %.3f s over %.3f s of wall time "
         "(ratio %.3f; allowed 10 %% + %.3f s sampling window)"
         % (u1 - u0, w1 - w0, ratio, e0 + e1))
    # Ticks can be lost (one request bit per PIC line), never gained.
    kratio = (k1 - k0) / (w1 - w0)
    t.ok(0.5 <= kratio <= 1.1, "timer: the tick count advanced %.3f s worth (ratio %.3f)"
         % (k1 - k0, kratio))
    w0 = time.monotonic()
    out = vm.cmd("sleep 1000")
    dt = time.monotonic() - w0
    # Never shorter than asked; the upper bound only catches a sleep that
    # does not end, since a busy host can delay the prompt's round trip.
    t.ok(re.match(r"slept 1\d\d\d\.\d\d\d ms \(\d+ ticks; asked 1000 ms\)", out) and 0.99 <= dt <= 3.0,
         "timer: `sleep 1000` took %.2f s of wall time (1 s to 3 s)" % dt, out)
    out = vm.cmd("sleep x")
    t.ok(out.startswith("usage: sleep MS"), "timer: `sleep x` gives the usage", out)


def check_keyboard(vm):
    before = interrupt_counts(vm.cmd("interrupts")).get("i8042", (1, 0))[1]
    type_keys(vm, "help\r")
    out = vm.wait_prompt(30)
    t.ok("Commands (help COMMAND shows one)" in out and "interrupts" in out,
         "keyboard: typed help + Enter runs help", out[-1500:])
    type_keys(vm, "echo-len Hi! x\r")
    out = vm.wait_prompt(30)
    t.ok(crc_line("Hi! x") in out, "keyboard: shift gives upper case and '!'", out)
    vm.monitor("sendkey caps_lock")
    type_keys(vm, "ab")
    vm.monitor("sendkey caps_lock")
    type_keys(vm, "c\r")
    # the line typed was "ABc": only that, as a command, must fail
    out = vm.wait_prompt(30)
    t.ok("unknown command 'ABc'" in out, "keyboard: caps lock on for 'ab', off for 'c'", out)
    type_keys(vm, "xyz")
    vm.monitor("sendkey ctrl-u")
    type_keys(vm, "echo-len ok\r")
    out = vm.wait_prompt(30)
    t.ok(crc_line("ok") in out and "xyz" not in out.split("\n")[-2],
         "keyboard: Ctrl-U clears the line", out)
    type_keys(vm, "echo-len abx")
    vm.monitor("sendkey backspace")
    type_keys(vm, "c\r")
    out = vm.wait_prompt(30)
    t.ok(crc_line("abc") in out, "keyboard: backspace erases a character", out)
    type_keys(vm, "help")
    vm.monitor("sendkey ctrl-c")
    out = vm.wait_prompt(30)
    t.ok(out.endswith("help^C\nporthole> ") and "Commands" not in out,
         "keyboard: Ctrl-C drops the line", out)
    for k in ("left", "down", "right"):
        vm.monitor("sendkey " + k)
    type_keys(vm, "echo-len z\r")
    out = vm.wait_prompt(30)
    t.ok(crc_line("z") in out, "keyboard: left, down, right are ignored by the shell", out)
    vm.monitor("sendkey up")
    type_keys(vm, "\r")
    out = vm.wait_prompt(30)
    t.ok(crc_line("z") in out, "keyboard: up recalls the previous line", out)
    after = interrupt_counts(vm.cmd("interrupts")).get("i8042", (1, 0))[1]
    t.ok(after >= before + 2 * 30, "keyboard: IRQ 1 count grew %d -> %d" % (before, after))


VGA_MEM_LINES = 204  # 32 KiB of text memory, in lines of 80 cells


def check_vga_window(vm, label):
    """`vga` reads the CRTC's start address and cursor back: the window must
    be where the console's scroll count puts it (180 scrolls per trip back
    to line 0 of text memory), the cursor where the text left it."""
    mark = len(vm.out)
    out = vm.cmd("vga")
    start = vm.out.index("vga: 80x25")
    _, cursor, scrolls = vgatext.predict(vm.out[start:vm.out.index("text memory 0x", mark)])
    span = VGA_MEM_LINES - vgatext.ROWS + 1
    top = scrolls % span
    want = ("text memory 0xb8000-0xbff7f: 204 lines of 80 cells, 25 on screen\n"
            "start address %d: the screen shows lines %d-%d; back to line 0 %d times\n"
            "cursor location %d: screen row %d, column %d\n"
            % (top * 80, top, top + 24, scrolls // span,
               (top + cursor[0]) * 80 + cursor[1], cursor[0], cursor[1]))
    t.ok(out.replace("\r", "") == want, "vga: %s: start address and cursor as predicted "
         "after %d scrolls" % (label, scrolls), "want:\n" + want + "got:\n" + out)
    return scrolls


def check_vga(vm):
    check_screendump(vm, "")
    # On past the end of the 32 KiB: the window goes back to the top, and
    # the screendump soon after shows the lines copied there.
    span = VGA_MEM_LINES - vgatext.ROWS + 1
    before = check_vga_window(vm, "before the wrap")
    start = vm.out.index("vga: 80x25")
    for _ in range(400):
        left = (before // span + 1) * span - vgatext.predict(vm.out[start:])[2]
        if left <= 0:
            break
        # help: ~120 screen lines now (102 lines, some wider than 80
        # columns), and more as commands come: only far from the wrap
        vm.cmd("help" if left > 200 else "echo-len x")
    after = check_vga_window(vm, "after the wrap")
    t.ok(after // span == before // span + 1 and after % span < 10,
         "vga: the window went back to the top %d scrolls ago (%d scrolls, then %d)"
         % (after % span, before, after))
    check_screendump(vm, " after the wrap")


def check_screendump(vm, label):
    global font
    printable = "".join(chr(c) for c in range(0x21, 0x7f))
    vm.cmd("echo-len " + printable)
    vm.cmd("echo-len VGA-unique-7f3a")
    path = os.path.join(vm.tmp, "screen.ppm")
    vm.monitor("screendump " + path)
    glyphs = vgatext.cells(path)
    start = vm.out.index("vga: 80x25")
    rows, cursor = vgatext.predict_screen(vm.out[start:])
    font, errors = vgatext.learn_font(glyphs, rows, cursor)
    t.ok(not errors, "vga: every cell of the screendump shows the predicted text" + label,
         "\n".join(errors[:20] + rows))
    chars = set(font.values())
    t.ok(set(printable) <= chars,
         "vga: all 94 printable characters drawn, each its own glyph" + label,
         "missing: %r" % sorted(set(printable) - chars))
    t.ok(rows[cursor[0]].rstrip() == "porthole>" and cursor[1] == len("porthole> ")
         and "porthole> echo-len VGA-unique-7f3a" in [r.rstrip() for r in rows],
         "vga: the prompt and the typed line are on screen, cursor after the prompt" + label,
         "\n".join(rows))
    os.unlink(path)


def check_serial(vm):
    rnd = random.Random(4)
    payload = "".join(chr(rnd.randrange(0x21, 0x7f)) for _ in range(4096))
    vm.write("echo-len " + payload + "\r")
    out = vm.wait_prompt(120)
    t.ok(crc_line(payload) in out, "serial: a 4096-byte line written at once "
         "arrives intact (%s)" % crc_line(payload), out[-300:])
    vm.write("echo-len " + "x" * 9000 + "\r")
    out = vm.wait_prompt(120)
    t.ok("line too long (more than 8191 characters); ignored" in out,
         "serial: a 9000-byte line is refused with a message", out[-300:])
    out = vm.cmd("echo-len still here")
    t.ok(crc_line("still here") in out, "serial: the shell answers after it", out)
    out = vm.cmd("serial")
    m = re.search(r"rx (\d+) bytes; overrun (\d+), parity (\d+), framing (\d+), "
                  r"break (\d+), dropped \(buffer full\) (\d+)", out)
    t.ok(m and int(m.group(1)) > 13000 and m.group(2) == m.group(6) == "0",
         "serial: `serial` counts %s bytes received, no overrun, none dropped"
         % (m.group(1) if m else "?"), out)
    t.ok("receive on IRQ 4" in out, "serial: receive is interrupt driven", out)
    t.ok("tx polled, 16 bytes per LSR.THRE" in out,
         "serial: QEMU's 16550A FIFO is found and transmit fills it", out)


LEGACY = ("dma1", "pic1", "timer0", "timer1", "keyboard", "dma page reg",
          "pic2", "dma2", "fpu", "vga+", "serial")


def reference_ioports():
    text = open(REFERENCE).read()
    body = re.search(r"=== /proc/ioports ===\n(.*?)\n===", text, re.S).group(1)
    return body.split("\n")


def check_ioports(vm):
    ours = vm.cmd("ioports").split("\n")
    stripped = set(l.strip() for l in ours)
    stack, compared = [], 0
    for line in reference_ioports():
        depth = (len(line) - len(line.lstrip())) // 2
        stack = stack[:depth] + [line.strip()]
        if line.split(" : ", 1)[1] not in LEGACY:
            continue
        # indented by the ancestors porthole prints too ("PCI Bus 0000:00"
        # comes from ACPI in Linux)
        want = "  " * sum(1 for a in stack[:-1] if a in stripped) + line.strip()
        compared += 1
        t.ok(want in ours, "ioports: reference line '%s'" % want, "\n".join(ours))
    t.ok(compared == 12, "ioports: %d legacy reference lines compared" % compared)


def default_machine():
    with VM(nic=None, timeout=600) as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r"pit: channel 0 at 1000\.152 Hz \(asked 1000 Hz: 1193182 Hz / "
                       r"divisor 1193\)", boot), "pit: real rate printed", boot)
        m = re.search(r"tsc: (\d+)\.\d{3} MHz \(calibrated over \d+ ms of PIT counter 2\)",
                      boot)
        t.ok(m and int(m.group(1)) > 0, "tsc: calibrated against the PIT", boot)
        for name, fn in (("interrupts", check_interrupts), ("timer", check_timer),
                         ("keyboard", check_keyboard), ("vga", check_vga),
                         ("serial", check_serial), ("ioports", check_ioports),
                         ("nmi", check_nmi)):
            t.check("%s checks ran to the end" % name, lambda: fn(vm))


def noapic_machine():
    """noapic as Linux means it: the I/O APIC alone is left out."""
    with VM(nic=None, append="noapic", timeout=600) as vm:
        boot = vm.wait_prompt()
        t.ok("ACPI: Skipping IOAPIC probe due to 'noapic' option." in boot and
             "APIC: Switch to virtual wire mode setup" in boot and
             "apic: noapic: the 8259 PICs deliver the interrupts, through the Local "
             "APIC's LINT0" in boot and "Enabling APIC mode" not in boot,
             "noapic: Linux's lines, the 8259s through the Local APIC's LINT0", boot)
        t.ok(re.search(r"^lapic: .*LINT0 \(the 8259's virtual wire\) open: ExtINT", boot, re.M),
             "noapic: LINT0 open in ExtINT mode (virtual wire)", boot)
        for name, fn in (("interrupts", lambda v: check_interrupts(v, mode="noapic")),
                         ("timer", check_timer), ("keyboard", check_keyboard),
                         ("serial", check_serial),
                         ("nmi", lambda v: check_nmi(v, "noapic: "))):
            t.check("noapic: %s checks ran to the end" % name, lambda: fn(vm))


def q35_machine(append, label):
    """q35 (ICH9: its own LPC bridge, the same 8259s, I/O APIC, HPET and
    i8042 behind it) in one mode: the interrupt, timer, keyboard, serial
    and NMI checks of the pc boots. Linux's reference is pc's: on q35 its
    ata_piix line has no counterpart (q35's disk controller is AHCI, on
    MSI), and check_interrupts compares only the lines both have."""
    with VM(nic=None, machine="q35", append=append, timeout=600) as vm:
        boot = vm.wait_prompt()
        mode = append or "apic"
        want = {"apic": "Enabling APIC mode:  Flat.  Using 1 I/O APICs",
                "noapic": "APIC: Switch to virtual wire mode setup"}[mode]
        t.ok(want in boot, "%s: boot says '%s'" % (label, want), boot)
        for name, fn in (("interrupts", lambda v: check_interrupts(v, mode=mode, machine="q35: ")),
                         ("timer", check_timer), ("keyboard", check_keyboard),
                         ("serial", check_serial), ("nmi", lambda v: check_nmi(v, label + ": "))):
            t.check("%s: %s checks ran to the end" % (label, name), lambda: fn(vm))


def nolapic_machine():
    """nolapic: the old all-8259 mode, the PIT the tick."""
    with VM(nic=None, append="nolapic", timeout=600) as vm:
        boot = vm.wait_prompt()
        t.ok("APIC: Keep in PIC mode(8259)" in boot and
             "apic: nolapic: the 8259 PICs deliver the interrupts" in boot and
             "Enabling APIC mode" not in boot and not re.search(r"^lapic:", boot, re.M),
             "nolapic: Linux's line, the 8259s alone, no Local APIC setup", boot)
        for name, fn in (("interrupts", lambda v: check_interrupts(v, mode="nolapic")),
                         ("timer", check_timer), ("serial", check_serial),
                         ("nmi", lambda v: check_nmi(v, "nolapic: "))):
            t.check("nolapic: %s checks ran to the end" % name, lambda: fn(vm))


def hz_option():
    with VM(nic=None, append="hz=100") as vm:
        boot = vm.wait_prompt()
        # 1193182 / 11932 = 99.998 Hz: the divisor rounds
        t.ok("pit: channel 0 at 99.998 Hz (asked 100 Hz: 1193182 Hz / divisor 11932)"
             in boot, "pit: hz=100 gives divisor 11932, 99.998 Hz", boot)
        (u0, _), w0, e0 = uptime_sampled(vm)
        time.sleep(1)
        (u1, _), w1, e1 = uptime_sampled(vm)
        t.ok(abs((u1 - u0) - (w1 - w0)) <= 0.1 * (w1 - w0) + e0 + e1,
             "pit: at 100 Hz uptime still follows the wall clock (%.3f s over %.3f s)"
             % (u1 - u0, w1 - w0))
    with VM(nic=None, append="hz=5") as vm:
        boot = vm.wait_prompt()
        t.ok("cmdline: hz=5: the value must be a rate in 19..10000 (Hz) (ignored)" in boot
             and "(asked 1000 Hz" in boot,
             "pit: hz=5 refused with one line, default used", boot)


def no_i8042():
    with VM(nic=None, machine="pc,i8042=off") as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r"^i8042: no controller \(status port 0x64 reads 0xff\); no keyboard$",
                       boot, re.M), "no i8042: one line at boot", boot)
        out = vm.cmd("interrupts")
        t.ok("timer" in out and "i8042" not in out,
             "no i8042: boot went on, no IRQ 1 handler", out)
        out = vm.cmd("ioports")
        t.ok("serial" in out and "keyboard" not in out,
             "no i8042: its ports are not claimed", out)
        vm.write("reboot\r")
        status = vm.wait_exit(60)
        vm.reader.join(5)
        t.ok("no 8042 to pulse the reset line; forcing a triple fault" in vm.out and
             status == 0, "no i8042: reboot says so and resets by triple fault "
             "(QEMU -no-reboot status %d)" % status, vm.out[-500:])


def no_pit():
    with VM(nic=None, machine="pc,pit=off") as vm:
        boot = vm.wait_prompt()
        t.ok(re.search(r"^pit: counter 0 reads back 0x[0-9a-f]{4} then 0x[0-9a-f]{4} after "
                       r"loading divisor 1193 \(want a changing count in 1\.\.1193\); "
                       r"no timer$", boot, re.M),
             "no PIT (pit=off): one line about the nonsense read back", boot)
        out = vm.cmd("uptime")
        t.ok(out.strip() == "uptime: no timer is ticking", "no PIT: uptime says so", out)
        out = vm.cmd("sleep 20")
        t.ok(out.startswith("slept 20.000 ms (0 ticks; asked 20 ms; no clock: not measured)"), "no PIT: sleep still returns", out)
        out = vm.cmd("interrupts")
        t.ok(not re.search(r"^ {0,2}0: ", out, re.M) and "i8042" in out,
             "no PIT: no IRQ 0 handler; "
             "keyboard and serial still on", out)


def read_screen(mon, path):
    mon.monitor("screendump " + path)
    return vgatext.decode(vgatext.cells(path), font)


def no_uart():
    if not font:
        t.ok(False, "no UART: needs the font learned from the default machine's screen")
        return
    tmp = tempfile.mkdtemp(prefix="porthole-irq-")
    mon = types.SimpleNamespace(mon_path=os.path.join(tmp, "monitor.sock"))
    shot = os.path.join(tmp, "screen.ppm")
    proc = subprocess.Popen(
        ["sh", os.path.join(ROOT, "scripts", "qemu.sh"), "--kernel", ELF,
         "--nic", "none", "--serial", "none", "--timeout", "120",
         "--monitor", "unix:%s,server=on,wait=off" % mon.mon_path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        rows = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                rows = read_screen(types.SimpleNamespace(monitor=lambda c: VM.monitor(mon, c)), shot)
            except (Timeout, OSError, ValueError):
                time.sleep(0.5)
                continue
            if any(r.startswith("porthole> ") for r in rows):
                break
            time.sleep(0.5)
        screen = "\n".join(r.rstrip() for r in rows)
        t.ok("\nserial: no UART at 0x3f8 (scratch/loopback test failed); screen only\n"
             in screen, "no UART: one line on the screen", screen)
        # (no space after the prompt: the rows are stripped, and the
        # blinking cursor's cell is '?' or blank by the moment of the dump)
        t.ok("\ntype 'help' for the commands\nporthole>" in screen,
             "no UART: the boot went on to the shell", screen)
        for k in key_names("interrupts\r"):
            VM.monitor(mon, "sendkey " + k)
        time.sleep(1)
        screen = "\n".join(r.rstrip() for r in read_screen(
            types.SimpleNamespace(monitor=lambda c: VM.monitor(mon, c)), shot))
        t.ok(re.search(r"  0: +\d+ +(XT-PIC  |IO-APIC +\d+-edge +)timer", screen) and
             "ttyS0" not in screen.split("porthole> interrupts")[-1],
             "no UART: `interrupts` typed on the keyboard runs; no serial IRQ", screen)
        for k in key_names("poweroff\r"):
            VM.monitor(mon, "sendkey " + k)
        status = proc.wait(30)
        t.ok(status == EXIT_POWEROFF, "no UART: `poweroff` typed on the keyboard "
             "ends QEMU (status %d)" % status)
    except Exception as e:  # noqa: BLE001
        t.ok(False, "no UART: scenario ran to the end", "%s: %s" % (type(e).__name__, e))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)


default_machine()
noapic_machine()
nolapic_machine()
q35_machine("", "q35")
q35_machine("noapic", "q35 noapic")
hz_option()
no_i8042()
no_pit()
no_uart()
sys.exit(t.done())
