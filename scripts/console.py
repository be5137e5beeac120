#!/usr/bin/env python3
"""scripts/console.py [SOCKET] - talk to porthole's COM1 while `make debug`
runs: connects this terminal (raw mode) to QEMU's serial socket.
Ctrl-] quits."""
import os
import select
import socket
import sys
import termios
import tty

path = sys.argv[1] if len(sys.argv) > 1 else "build/serial.sock"
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(path)
except OSError as e:
    sys.exit("console: cannot connect to %s (%s): is `make debug` running?" % (path, e))
print("console: connected to %s; Ctrl-] quits\r" % path)
fd = sys.stdin.fileno()
old = termios.tcgetattr(fd) if os.isatty(fd) else None
if old:
    tty.setraw(fd)
try:
    while True:
        r, _, _ = select.select([s, fd], [], [])
        if s in r:
            data = s.recv(4096)
            if not data:
                break
            os.write(sys.stdout.fileno(), data)
        if fd in r:
            data = os.read(fd, 1024)
            if not data or b"\x1d" in data:
                break
            s.sendall(data)
finally:
    if old:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    print("\nconsole: closed")
