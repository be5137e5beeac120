#!/usr/bin/env python3
"""The `make debug` workflow (scripts/debug.sh; issue 11).

- QEMU runs in a session of its own: a Ctrl-C at the terminal (SIGINT to
  the foreground process group: the script and gdb) must not end QEMU;
  gdb stops the kernel instead, and quitting gdb ends QEMU.
- A second `make debug` while one runs is refused with one line, and
  leaves the first one's console socket alone.
- A kernel that halts (here `fault ud`: the exception report ends in
  panic_stop) says on make debug's console how to leave: "make debug:
  quit gdb" (Ctrl-A X, make run's key, is two plain bytes on a socket).
- The session has porthole's gdb commands (scripts/gdb/porthole.py, which
  the generated gdbinit sources): `help ph-lspci` answers with its text.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

from vm import TAP, ROOT, ELF, free_port

t = TAP()
tmp = tempfile.mkdtemp(prefix="porthole-debug-")
port = free_port()
env = dict(os.environ, GDB_PORT=str(port), DEBUG_DIR=tmp, QEMU_TIMEOUT="120")
disk = os.path.join(tmp, "disk.img")
open(disk, "wb").truncate(1 << 20)


def alive(pid):
    """Running (a zombie waiting for its reaper counts as ended)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


# The script in a process group of its own, as a terminal's foreground job.
p = subprocess.Popen(["sh", "scripts/debug.sh", ELF, disk], cwd=ROOT, env=env,
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                     start_new_session=True)
pidfile = os.path.join(tmp, "debug.pid")
qemu = None
try:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (os.path.exists(pidfile) and
                                                os.path.exists(os.path.join(tmp, "serial.sock"))):
        time.sleep(0.1)
    qemu = int(open(pidfile).read()) if os.path.exists(pidfile) else None
    t.ok(qemu and alive(qemu) and os.getpgid(qemu) != os.getpgid(p.pid),
         "QEMU runs in a process group of its own (not the terminal's)")
    time.sleep(3)  # gdb attached, stopped at kmain
    os.killpg(p.pid, signal.SIGINT)  # what Ctrl-C at the terminal sends
    time.sleep(2)
    t.ok(qemu and alive(qemu) and p.poll() is None,
         "Ctrl-C at the terminal leaves QEMU (and the debug session) running")

    q = subprocess.run(["sh", "scripts/debug.sh", ELF, disk], cwd=ROOT, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    lines = q.stderr.strip().split("\n")
    t.ok(q.returncode != 0 and len(lines) == 1 and "another 'make debug' is running" in lines[0]
         and os.path.exists(os.path.join(tmp, "serial.sock")),
         "a second make debug is refused in one line, the first one's socket kept",
         q.stdout + q.stderr)
    env2 = dict(env, DEBUG_DIR=tempfile.mkdtemp(prefix="porthole-debug2-"))
    q = subprocess.run(["sh", "scripts/debug.sh", ELF, disk], cwd=ROOT, env=env2,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    t.ok(q.returncode != 0 and "already listens on 127.0.0.1:%d" % port in q.stderr,
         "one with its own files but the same gdb port is refused too", q.stdout + q.stderr)
    os.rmdir(env2["DEBUG_DIR"])

    # Let the kernel run to its prompt on the console socket (as `make
    # console` does), halt it, and read what the halt says.
    p.stdin.write(b"continue\n")
    p.stdin.flush()
    console = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    console.settimeout(1)
    console.connect(os.path.join(tmp, "serial.sock"))
    seen = b""

    def console_wait(pattern, timeout):
        global seen
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, seen)
            if m:
                return m
            try:
                seen += console.recv(65536)
            except socket.timeout:
                pass
        return None

    prompt = console_wait(rb"porthole> ", 60)
    console.sendall(b"fault ud\r")
    banner = prompt and console_wait(rb"System halted\.[^\n]*\n", 30)
    console.close()
    t.ok(banner and b"make debug: quit gdb" in banner.group(0),
         "a halt under make debug says on its console how to leave: quit gdb",
         seen.decode("latin-1")[-800:])
    os.killpg(p.pid, signal.SIGINT)  # gdb stops the halted kernel
    time.sleep(2)

    p.stdin.write(b"help ph-lspci\nhelp ph-ioports\nquit\ny\n")
    p.stdin.close()
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        pass
    time.sleep(1)
    said = p.stdout.read().decode(errors="replace") if p.poll() is not None else "still running"
    t.ok(p.poll() is not None and qemu and not alive(qemu),
         "quitting gdb ends the session and QEMU", said[-1500:])
    t.ok("ph-lspci [-v|-vv] [-k] [-x|-xxx|-xxxx]" in said and "ph-ioports [PORT]:" in said,
         "make debug's gdb has porthole's commands (help ph-lspci, help ph-ioports)", said[-1500:])
finally:
    for pid in (p.pid, qemu):
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    p.wait()
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
sys.exit(t.done())
