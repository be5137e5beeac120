#!/usr/bin/env python3
"""Serial output when nobody reads it (issue 11): COM1 on a unix socket
that the test stops reading for a while, as a terminal that sent XOFF or a
stuck program would.

- The kernel goes on: the commands typed before the stall all run (their
  output is mostly lost, by design), and afterwards the shell answers at
  once.
- Its interrupts stay on: over the stall the tick count keeps up with the
  TSC clock (a transmit wait with interrupts off would lose seconds of
  ticks).
- What could not be sent is dropped and counted: `serial` shows
  "tx dropped N bytes" with N > 0, instead of losing it silently.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

from vm import TAP, ROOT, ELF, PROMPT

t = TAP()
tmp = tempfile.mkdtemp(prefix="porthole-stall-")
sock_path = os.path.join(tmp, "serial.sock")
proc = subprocess.Popen(
    ["sh", os.path.join(ROOT, "scripts", "qemu.sh"), "--kernel", ELF, "--append", "panic=exit",
     "--nic", "none", "--serial", "unix:%s,server=on,wait=on" % sock_path, "--monitor", "none",
     "--timeout", "200"],
    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    start_new_session=True)
buf = b""


def read_until(s, pattern, timeout):
    global buf
    rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
    deadline = time.monotonic() + timeout
    while True:
        m = rx.search(buf)
        if m:
            text, buf = buf[:m.end()], buf[m.end():]
            return text.decode("latin-1").replace("\r", "")
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no %r in %d s; got %r" % (pattern, timeout, buf[-500:]))
        s.settimeout(min(left, 1.0))
        try:
            data = s.recv(65536)
        except socket.timeout:
            continue
        if not data:
            raise EOFError("serial closed; got %r" % buf[-500:])
        buf += data


def cmd(s, line, timeout=30):
    s.sendall(line.encode() + b"\r")
    out = read_until(s, re.escape(PROMPT), timeout)
    return out[out.find("\n") + 1:-len(PROMPT)]


def uptime(s):
    m = re.search(r"([\d.]+) s \((\d+) ticks; the ticks alone say ([\d.]+) s\)", cmd(s, "uptime"))
    return (float(m.group(1)), float(m.group(3))) if m else None


try:
    deadline = time.monotonic() + 30
    while not os.path.exists(sock_path):
        if time.monotonic() > deadline:
            raise TimeoutError("QEMU made no serial socket")
        time.sleep(0.05)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    read_until(s, re.escape(PROMPT), 90)
    before = cmd(s, "serial")
    u0 = uptime(s)
    # ~550 KB of output, more than the socket buffers hold, then a marker.
    s.sendall(b"help\r" * 150 + b"echo-len after-stall\r")
    time.sleep(12)  # not reading
    # Take whatever got through (the start of the first help, say), until
    # the line has been quiet for a second.
    s.settimeout(1.0)
    got = len(buf)
    while True:
        try:
            data = s.recv(65536)
        except socket.timeout:
            break
        if not data:
            raise EOFError("serial closed")
        got += len(data)
    buf = b""
    w0 = time.monotonic()
    out = cmd(s, "echo-len alive")
    t.ok("len=5 crc32=" in out and time.monotonic() - w0 < 5,
         "after the stall the shell answers at once (%.2f s): the 151 lines typed "
         "before it ran, %d bytes of their output got through" % (time.monotonic() - w0, got),
         out)
    u1 = uptime(s)
    lag = (u1[0] - u0[0]) - (u1[1] - u0[1]) if u0 and u1 else None
    t.ok(lag is not None and u1[0] - u0[0] > 10 and lag < 0.2 * (u1[0] - u0[0]),
         "interrupts stayed on: over %.1f s the ticks fell behind the TSC by %.2f s (under 20 %%)"
         % ((u1[0] - u0[0]) if u0 and u1 else -1, lag if lag is not None else -1))
    after = cmd(s, "serial")
    m0 = re.search(r"tx dropped (\d+) bytes", before)
    m1 = re.search(r"tx dropped (\d+) bytes", after)
    t.ok(m0 and m1 and int(m0.group(1)) == 0 and int(m1.group(1)) > 0,
         "`serial` counts the bytes it dropped while the line was blocked (%s -> %s)"
         % (m0.group(1) if m0 else "?", m1.group(1) if m1 else "?"), before + after)
    t.ok(m1 and "blocked now" not in after, "the line is no longer blocked once read", after)
    s.close()
except Exception as e:  # noqa: BLE001
    t.ok(False, "stalled reader scenario ran to the end", "%s: %s" % (type(e).__name__, e))
finally:
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
sys.exit(t.done())
