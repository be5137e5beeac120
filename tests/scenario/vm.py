"""tests/scenario/vm.py - boot porthole in QEMU and drive it like a user.

A VM is started through scripts/qemu.sh (the one QEMU command line), with
COM1 on a pipe and the QEMU monitor on a unix socket. Every run has a
timeout and is killed, by its own pid, when the test is done.

    with VM(boot="kernel", append="panic=exit") as vm:
        vm.wait_prompt()
        out = vm.cmd("help")
        vm.monitor("sendkey a")
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
ELF = os.path.join(BUILD, "porthole.elf")
ISO = os.path.join(BUILD, "porthole.iso")
PROMPT = "porthole> "
# What Linux prints on the default machine: the project's own copies, with
# where they came from in tests/reference/README.md. No test reads anything
# outside the repository.
REFERENCE_DIR = os.path.join(ROOT, "tests", "reference")
REFERENCE = os.path.join(REFERENCE_DIR, "linux-pc.txt")
FIRMWARE_REFERENCE = os.path.join(REFERENCE_DIR, "linux-pc-firmware.txt")

# QEMU's isa-debug-exit statuses (kernel/power.h).
EXIT_POWEROFF = 1
EXIT_KTEST_PASS = 33
EXIT_KTEST_FAIL = 35
EXIT_PANIC = 65


class Timeout(Exception):
    pass


class VM:
    def __init__(self, boot="kernel", append="", machine="pc", disk=None,
                 nic="e1000", mem="128M", extra=(), timeout=120, gdb=None,
                 exit_device=True, net=None, net_udp=None):
        self.tmp = tempfile.mkdtemp(prefix="porthole-vm-")
        self.mon_path = os.path.join(self.tmp, "monitor.sock")
        args = ["sh", os.path.join(ROOT, "scripts", "qemu.sh")]
        if boot == "iso":
            args += ["--iso", ISO]
        else:
            args += ["--kernel", ELF, "--append", append]
        args += ["--machine", machine, "--mem", mem, "--nic", nic or "none",
                 "--disk", disk or "none", "--serial", "stdio",
                 "--monitor", "unix:%s,server=on,wait=off" % self.mon_path,
                 "--timeout", str(timeout)]
        if gdb:
            args += ["--gdb", str(gdb)]
        if not exit_device:
            args += ["--no-exit-device"]
        if net:
            args += ["--net", net]
        if net_udp:
            args += ["--net-udp", "%d:%d" % net_udp]
        args += ["--"] + list(extra)
        self.args = args
        self.out = ""
        self.pos = 0  # how much of self.out the waits have consumed
        self.lock = threading.Condition()
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     start_new_session=True)
        self.stderr = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.errreader = threading.Thread(target=self._read_err, daemon=True)
        self.errreader.start()

    def _read(self):
        while True:
            data = self.proc.stdout.read1(65536)
            if not data:
                break
            text = data.decode("latin-1").replace("\r", "")
            with self.lock:
                self.out += text
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()

    def _read_err(self):
        for data in iter(lambda: self.proc.stderr.read1(4096), b""):
            self.stderr += data.decode("latin-1")

    # ---- serial console ----
    def wait_for(self, pattern, timeout=30):
        """Wait until regex pattern appears in new output; return the output
        up to and including the match, and consume it."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                m = rx.search(self.out, self.pos)
                if m:
                    text = self.out[self.pos:m.end()]
                    self.pos = m.end()
                    return text
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    raise Timeout("waited %ds for %r; QEMU %s; output since last match:\n%s%s"
                                  % (timeout, pattern,
                                     "still running" if self.proc.poll() is None
                                     else "exited with %d" % self.proc.returncode,
                                     self.out[self.pos:][-2000:],
                                     "\nQEMU stderr: " + self.stderr[-1000:] if self.stderr else ""))
                self.lock.wait(min(left, 0.5))

    def wait_prompt(self, timeout=60):
        return self.wait_for(re.escape(PROMPT), timeout)

    def write(self, data):
        if isinstance(data, str):
            data = data.encode("latin-1")
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def cmd(self, line, timeout=30, end="\r"):
        """Type a command, wait for the next prompt, return what it printed
        (without the echoed command line and the prompt)."""
        self.write(line + end)
        text = self.wait_for(re.escape(PROMPT), timeout)
        text = text[:-len(PROMPT)]
        first_nl = text.find("\n")
        return text[first_nl + 1:] if first_nl >= 0 else ""

    # ---- QEMU monitor ----
    def monitor(self, command, timeout=10):
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.mon_path):
            if time.monotonic() > deadline:
                raise Timeout("no monitor socket")
            time.sleep(0.05)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.mon_path)
        buf = b""
        while not buf.endswith(b"(qemu) "):
            buf += s.recv(65536)
        s.sendall(command.encode() + b"\n")
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        s.close()
        text = buf.decode("latin-1").replace("\r", "")
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
        lines = text.split("\n")
        # The first line echoes the command; the last is the next prompt.
        return "\n".join(lines[1:-1])

    # ---- ending ----
    def wait_exit(self, timeout=30):
        """Wait for QEMU to end by itself; return its exit status."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Timeout("QEMU did not exit within %ds" % timeout)

    def close(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for f in os.listdir(self.tmp):
            os.unlink(os.path.join(self.tmp, f))
        os.rmdir(self.tmp)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class TAP:
    """TAP lines for one scenario file: ok N - description."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.skipped = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, desc), flush=True)
        if not cond:
            self.failed += 1
            if diag:
                for line in str(diag).rstrip().split("\n")[-40:]:
                    print("#   " + line, flush=True)
        return cond

    def skip(self, desc, why):
        """A check that cannot run here: "ok N - desc # SKIP why", counted
        as skipped by tests/run.py. Only for what the machine lacks, never
        for a command or a feature the kernel should have."""
        self.n += 1
        self.skipped += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, why), flush=True)

    def check(self, desc, fn):
        """Run fn(); ok unless it raises (the exception is the diagnosis)."""
        try:
            fn()
            return self.ok(True, desc)
        except Exception as e:  # noqa: BLE001 - any failure is a test failure
            return self.ok(False, desc, "%s: %s" % (type(e).__name__, e))

    def done(self):
        print("1..%d" % self.n)
        print("%d passed, %d failed, %d skipped"
              % (self.n - self.failed - self.skipped, self.failed, self.skipped))
        return 1 if self.failed else 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
