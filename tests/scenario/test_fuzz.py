#!/usr/bin/env python3
"""Fuzz the serial shell: seeded generated lines, checked against a model.

Each generated line is typed on COM1 and the test waits for the next
prompt before it types another (so no byte is ever dropped: the tty ring
never fills). The lines are built from the safe commands below with random
arguments, random words, random bytes (control characters, Backspace, DEL,
Ctrl-U, escape sequences, bytes above 0x7e), lines of exactly the longest
allowed length and one byte more, and lines of many words; each ends
with CR, LF, CR LF or Ctrl-C.

A model of kernel/shell.c's read_line() and split() says what the shell will
do with the bytes. It is used twice:

- to keep the fuzz harmless: a line the shell would run is typed only if its
  command is one of SAFE (with bounded arguments). Nothing destructive
  (disk write, poke, out*, fault, poweroff, reboot, ioremap/iounmap, port
  reads that would take bytes from a device) can run, and any command added
  later that is not in SAFE is never run either;
- to check the shell: an unknown command must be reported by name, a line of
  more than SHELL_LINE_MAX - 1 characters refused, Ctrl-C echoed as ^C, and `echo-len` must report the length
  and CRC-32 the model computes.

After every batch the shell must answer `help` and a seeded `echo-len`
(liveness). The seed is printed first; replay a run with

    python3 tests/scenario/test_fuzz.py --seed SEED [--lines N] [--batch B]

`make test` runs 3,000 lines with a fresh seed; `make fuzz` runs 100,000
(FUZZ_SEED=... and FUZZ_LINES=... choose).
"""
import argparse
import os
import random
import re
import sys
import zlib

import ata_common
from vm import VM, TAP, PROMPT, Timeout

SHELL_LINE_MAX = 8192  # kernel/shell.h
SHELL_MAX_ARGS = SHELL_LINE_MAX // 2  # kernel/shell.h: as many words as a line holds
CH_CTRL_C, CH_BS, CH_TAB, CH_LF, CH_CR, CH_CTRL_U, CH_ESC, CH_DEL = \
    0x03, 0x08, 0x09, 0x0a, 0x0d, 0x15, 0x1b, 0x7f

# Commands a generated line may run, each with a check of its arguments
# (words after the command). Any other command the kernel has is never run.
# Left out on purpose: disk write/bench, poke, outb/outw/outl, fault,
# poweroff, reboot (destructive); ioremap/iounmap (iounmap can remove the
# kernel's own mappings); inb/inw/inl (a read of 0x3f8 or 0x60 takes a byte
# from the device, which would desynchronise this very test).


def _num(word):
    """What parse_u64 would make of word (decimal or 0x hex), or None."""
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", word):
            return int(word, 16)
        if re.fullmatch(r"[0-9]+", word):
            return int(word)
    except ValueError:
        pass
    return None


def _at_most(index, limit):
    """Arguments ok if args[index] is absent, not a number, or <= limit."""
    def check(args):
        n = _num(args[index]) if len(args) > index else None
        return n is None or n <= limit
    return check


def _any(args):
    return True


SAFE = {
    "help": _any, "echo-len": _any, "uptime": _any, "interrupts": _any,
    "ioports": _any, "iomem": _any, "iomaps": _any, "meminfo": _any,
    "mmap": _any, "serial": _any, "vga": _any, "vtop": _any, "lspci": _any,
    "pcicfg": _any,  # configuration reads only (0xcf8/0xcfc)
    "peek": lambda a: all(n <= 256 for n in [_num(w) for w in a if _num(w) is not None][1:]),
    "sleep": _at_most(0, 100),
    "mmio-demo": _at_most(0, 100),
    # disk: the list, read and crc (COUNT <= 64); never write or bench
    "disk": lambda a: not a or (a[0] not in ("write", "bench") and _at_most(3, 64)(a)),
}
DENY_WORDS = ("reboot", "poweroff", "poke", "outb", "outw", "outl", "fault",
              "ioremap", "iounmap", "write", "bench")

# What the generator puts in arguments.
WORDS = ["hda", "hdb", "hdc", "hdd", "-v", "-t", "-b", "-w", "-l", "0", "1", "7", "15",
         "0x1f0", "0x3f8", "0x60", "0xb8000", "0xc0000000", "0xffffffff", "4294967296",
         "0xffffffffffffffff", "18446744073709551616", "-1", "0x", "", "x", "ktest",
         "read", "crc", "help", "%s", "%n", "\\", "'", '"', "0x100000", "65535", "65536",
         "0xfebc0000", "0xfd000000", "123456789012345678901234567890"]


class Model:
    """kernel/shell.c's read_line(): which lines, in which state."""

    def __init__(self):
        self.last_was_cr = False  # static in read_line(): survives lines
        self.prev_line = ""       # what cursor up recalls (the last line run)

    def feed(self, data, commit=True):
        """Events for data: ("line", text), ("too_long",), ("intr",), each
        with the index of the byte that ended it."""
        last_was_cr, prev_line, events = self.last_was_cr, self.prev_line, []
        text, too_long, esc = [], False, None  # esc: None, "start", "csi", "ss3"
        for i, c in enumerate(data):
            if c == CH_LF and last_was_cr:
                last_was_cr = False
                continue
            last_was_cr = c == CH_CR
            if esc is not None:  # ECMA-48: a control byte ends a sequence, then counts
                final = None
                if c < 0x20:
                    esc = "start" if c == CH_ESC else None
                    if c == CH_ESC:
                        continue
                elif esc == "start":
                    esc = "csi" if c == ord("[") else "ss3" if c == ord("O") else \
                        (None if c >= 0x30 else "start")
                    continue
                elif esc == "csi":
                    if c >= 0x40:
                        esc, final = None, c
                else:
                    esc, final = None, c
                if c >= 0x20:
                    if final == ord("A"):  # cursor up: recall the previous line
                        text, too_long = list(prev_line), False
                    continue
            if c in (CH_CR, CH_LF):
                events.append(((("too_long",) if too_long else ("line", "".join(text))), i))
                if text and not too_long:
                    prev_line = "".join(text)
                text, too_long, esc = [], False, None
                continue
            if c == CH_TAB:
                c = ord(" ")
            if c in (CH_BS, CH_DEL):
                if text and not too_long:
                    text.pop()
            elif c == CH_CTRL_U:
                text, too_long = [], False
            elif c == CH_CTRL_C:
                events.append((("intr",), i))
                text, too_long, esc = [], False, None
            elif c == CH_ESC:
                esc = "start"
            elif 0x20 <= c <= 0x7e:
                if len(text) == SHELL_LINE_MAX - 1:
                    too_long = True
                elif not too_long:
                    text.append(chr(c))
        if commit:
            self.last_was_cr, self.prev_line = last_was_cr, prev_line
        return events


def expectation(event, commands):
    """(is it safe to type, what the output must contain or None)."""
    if event[0] == "intr":
        return True, "^C\n"
    if event[0] == "too_long":
        return True, "line too long (more than %d characters); ignored\n" % (SHELL_LINE_MAX - 1)
    text = event[1]
    if "porthole" in text or any(w in text for w in DENY_WORDS):
        return False, None  # never even as an argument
    words = [w for w in text.split(" ") if w]  # the model turned Tab into a space
    if len(words) > SHELL_MAX_ARGS:
        return True, "too many words (at most %d)\n" % SHELL_MAX_ARGS
    if not words:
        return True, ""
    if words[0] not in commands:
        return True, "unknown command '%s' (try help)\n" % words[0]
    check = SAFE.get(words[0])
    if not check or not check(words[1:]):
        return False, None
    if words[0] == "echo-len":
        joined = " ".join(words[1:]).encode("latin-1")
        return True, "len=%d crc32=%08x\n" % (len(joined), zlib.crc32(joined))
    return True, None


class Generator:
    def __init__(self, rng, commands):
        self.rng = rng
        self.commands = sorted(commands)
        self.safe = sorted(c for c in commands if c in SAFE)

    def word(self):
        r = self.rng
        k = r.random()
        if k < 0.5:
            return r.choice(WORDS)
        if k < 0.7:
            return str(r.randrange(0, 1 << r.choice((4, 8, 16, 32, 64))))
        if k < 0.8:
            return hex(r.randrange(0, 1 << r.choice((8, 16, 32, 64))))
        return "".join(chr(r.randrange(0x21, 0x7f)) for _ in range(r.randrange(1, 12)))

    def shaped(self, cmd):
        """Arguments of the shape cmd takes, with values near its limits."""
        r = self.rng
        small = lambda: str(r.choice((0, 1, 2, 3, 7, 8, 255, 256, 4095, 4096, 4097)))
        if cmd == "disk":
            return [r.choice(("read", "crc")), r.choice(("hda", "hdb", "hdc", "hdd")),
                    small(), str(r.randrange(0, 65))]
        if cmd == "peek":
            return [r.choice(("-b", "-w", "-l", "")), r.choice(("-v", "")),
                    hex(r.choice((0, 0x400, 0xb8000, 0xc0000, 0x100000, 0xfebc0000,
                                  0xc0000000, 0xfffffffc, r.randrange(1 << 32)))),
                    str(r.randrange(0, 257))]
        if cmd == "pcicfg":
            return [small(), str(r.randrange(0, 33)), str(r.randrange(0, 9)),
                    small(), r.choice(("1", "2", "4", "3"))]
        return [self.word() for _ in range(r.randrange(0, 3))]

    def command_text(self):
        r = self.rng
        cmd = r.choice(self.safe)
        if r.random() < 0.5:
            words = [cmd] + self.shaped(cmd)
        else:
            words = [cmd] + [self.word() for _ in range(r.randrange(0, 5))]
        return " " * r.randrange(0, 2) + (" " * r.choice((1, 1, 1, 2))).join(words)

    def content(self):
        r = self.rng
        k = r.random()
        if k < 0.40:
            return self.command_text().encode("latin-1")
        if k < 0.55:
            return ("echo-len " + " ".join(self.word() for _ in range(r.randrange(0, 10)))
                    ).encode("latin-1")
        if k < 0.68:  # words, the first one no command
            return " ".join(self.word() for _ in range(r.randrange(1, 6))).encode("latin-1")
        if k < 0.83:  # raw bytes, CR/LF/Ctrl-C kept for the end
            return bytes(r.choice([b for b in range(256) if b not in (CH_CR, CH_LF, CH_CTRL_C)])
                         for _ in range(r.randrange(0, 80)))
        if k < 0.95:  # a command with typos fixed, escape sequences, a Ctrl-U
            out = bytearray()
            for ch in self.command_text().encode("latin-1"):
                e = r.random()
                if e < 0.08:
                    out += bytes([r.randrange(0x21, 0x7f), r.choice((CH_BS, CH_DEL))])
                elif e < 0.12:
                    out += r.choice((b"\x1b[A", b"\x1b[B", b"\x1b[1;5C", b"\x1bOH", b"\x1bx"))
                elif e < 0.13:
                    out += bytes(r.randrange(0x21, 0x7f) for _ in range(5)) + bytes([CH_CTRL_U])
                out.append(ch)
            return bytes(out)
        if k < 0.975:  # too many words
            return " ".join(self.word() or "w" for _ in range(r.randrange(30, 40))).encode("latin-1")
        # the longest line allowed, or one character more
        n = SHELL_LINE_MAX - 1 + r.choice((-1, 0, 1, 50))
        return ("echo-len " + "a" * (n - 9)).encode("latin-1")

    def line(self, model, commands):
        """Bytes that make exactly one event, at their last byte, that is
        safe to type; and the output expected."""
        while True:
            data = self.content() + self.rng.choices(
                (b"\r", b"\n", b"\r\n", b"\x03"), weights=(60, 15, 20, 5))[0]
            if b"porthole" in data:
                continue  # its echo would look like the prompt
            events = model.feed(data, commit=False)
            end = len(data) - (2 if data.endswith(b"\r\n") else 1)
            if len(events) != 1 or events[0][1] != end:
                continue  # the end was eaten by an escape, or was an LF of CR LF
            safe, want = expectation(events[0][0], commands)
            if safe:
                model.feed(data)
                return data, events[0][0], want


def forget_consumed(vm):
    """Drop the serial output the waits have already consumed: a long run
    would otherwise keep (and copy, on every append) all of it."""
    with vm.lock:
        vm.out = vm.out[vm.pos:]
        vm.pos = 0


def help_commands(text):
    return set(re.findall(r"^  (\S+)\s", text, re.M))


def main():
    ap = argparse.ArgumentParser()
    env_seed = os.environ.get("FUZZ_SEED", "")
    ap.add_argument("--seed", type=int, default=int(env_seed) if env_seed else None)
    ap.add_argument("--lines", type=int, default=int(os.environ.get("FUZZ_LINES", "3000")))
    ap.add_argument("--batch", type=int, default=0, help="lines between liveness checks (250)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    batch = args.batch or 250
    replay = "python3 tests/scenario/test_fuzz.py --seed %d --lines %d --batch %d" % (
        seed, args.lines, batch)
    print("# fuzz: seed %d, %d lines, liveness every %d (replay: %s)"
          % (seed, args.lines, batch, replay), flush=True)
    # A small scratch disk, so `disk read` and `disk crc` reach the driver.
    img = ata_common.make_image(2 << 20, seed=seed)
    try:
        return fuzz(args, seed, batch, replay, img)
    finally:
        os.unlink(img)


def fuzz(args, seed, batch, replay, img):
    rng = random.Random(seed)
    t = TAP()
    with VM(append="panic=exit", disk=img, timeout=300 + args.lines // 10) as vm:
        vm.wait_prompt()
        commands = help_commands(vm.cmd("help"))
        t.ok(set(SAFE) <= commands,
             "seed %d (replay: --seed %d); the shell's help lists the commands (%d)"
             % (seed, seed, len(commands)), sorted(commands))
        gen, model = Generator(rng, commands), Model()
        model.prev_line = "help"
        sent, recent = 0, []
        while sent < args.lines:
            n = min(batch, args.lines - sent)
            wrong = []
            try:
                for _ in range(n):
                    data, event, want = gen.line(model, commands)
                    recent = (recent + [data])[-10:]
                    vm.write(data)
                    out = vm.wait_for(re.escape(PROMPT), 60)[:-len(PROMPT)]
                    sent += 1
                    if sent % 50 == 0:
                        forget_consumed(vm)
                    if want is not None and not (out.endswith(want) if want else
                                                 out.count("\n") <= 1):
                        wrong.append("line %d %r: want %r, got %r"
                                     % (sent, data[:200], want, out[-300:]))
                word = "".join(rng.choice("abcdefghij") for _ in range(rng.randrange(1, 40)))
                alive = vm.cmd("echo-len live " + word)
                want_live = "len=%d crc32=%08x" % (len(word) + 5, zlib.crc32(b"live " + word.encode()))
                helped = "Commands (help COMMAND shows one):" in vm.cmd("help")
                model.last_was_cr = True  # vm.cmd ends its lines with CR
                model.prev_line = "help"  # and cursor up would recall the last
            except Timeout as e:
                t.ok(False, "lines %d-%d: the shell answered every line" % (sent + 1, sent + n),
                     "%s\nthe last lines typed:\n%s\nreplay: %s"
                     % (str(e)[-1500:], "\n".join(repr(d[:200]) for d in recent), replay))
                return t.done()
            t.ok(not wrong and alive.strip() == want_live and helped,
                 "lines %d-%d as the model says (%d), then help and echo-len answer"
                 % (sent - n + 1, sent, n),
                 "\n".join(wrong[:10]) + "\necho-len: %r (want %r); help ok: %s\nreplay: %s"
                 % (alive, want_live, helped, replay))
        out = vm.cmd("serial")
        m = re.search(r"dropped \(buffer full\) (\d+).*tty ring dropped (\d+)", out, re.S)
        t.ok(m and m.group(1) == "0" and m.group(2) == "0",
             "no input byte was dropped (%d lines typed, seed %d)" % (sent, seed), out)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
