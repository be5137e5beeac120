#!/bin/sh
# scripts/debug.sh ELF DISK - `make debug`: QEMU paused with its gdb stub,
# and gdb attached, stopped at kmain with its source line shown.
#
# QEMU runs in the background with COM1 on a unix socket (and a log file),
# because gdb owns this terminal. To type into porthole's shell while you
# debug, run `make console` in a second terminal. QEMU ends with gdb.
#
# QEMU runs in a session of its own (setsid): Ctrl-C in gdb stops the
# kernel (gdb asks the stub to), and must not also reach QEMU as SIGINT,
# which would end it. A second `make debug` while one runs would attach to
# the first one's stub and delete its console socket: it is refused.
# Environment: GDB_PORT (1234), DEBUG_DIR (build: where the socket, the
# log and the pid file go).
set -eu
elf=$1 disk=$2
port=${GDB_PORT:-1234}
dir=${DEBUG_DIR:-build}
sock=$dir/serial.sock
log=$dir/serial.log
pidfile=$dir/debug.pid

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
	echo "debug: another 'make debug' is running (QEMU pid $(cat "$pidfile")," \
		"console $sock); quit its gdb first" >&2
	exit 1
fi
if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
	"$port" 2>/dev/null; then
	echo "debug: something already listens on 127.0.0.1:$port (another" \
		"'make debug'?); quit it or set GDB_PORT" >&2
	exit 1
fi
rm -f "$sock"

setsid sh scripts/qemu.sh --kernel "$elf" --disk "$disk" --gdb "$port" \
	--serial "unix:$sock,server=on,wait=off,logfile=$log" \
	--monitor none >"$dir/qemu-debug.log" 2>&1 </dev/null &
qemu=$!
echo "$qemu" >"$pidfile"
# setsid made QEMU's script the leader of a new process group: end it all.
trap 'kill -- -$qemu 2>/dev/null || true; rm -f "$pidfile"' EXIT
# Ctrl-C goes to gdb (it stops the kernel); this script lets it pass.
trap : INT
trap 'exit 143' TERM

# build/gdbinit: what a student would type by hand (xv6 generates one too).
cat >"$dir/gdbinit" <<GDB
set pagination off
file $elf
source scripts/gdb/porthole.py
target remote 127.0.0.1:$port
break kmain
continue
GDB
echo "debug: QEMU is paused with its gdb stub on port $port (pid $qemu)."
echo "debug: serial output goes to $log; 'make console' in another terminal"
echo "debug: gives you porthole's shell. Try: next, step, bt, info registers,"
echo "debug: and porthole's own: ph-ioports, ph-iomem, ph-lspci [-v], ph-interrupts,"
echo "debug: ph-iomaps, ph-vtop ADDR, ph-dmesg, ph-trace (help ph-vtop; scripts/gdb/)."
echo "debug: Ctrl-C in gdb stops the kernel; 'quit' ends gdb and QEMU."
# -nx: Debian's gdb refuses an unlisted .gdbinit; we pass ours explicitly.
gdb -q -nx -x "$dir/gdbinit" || true
