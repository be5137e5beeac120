#!/bin/sh
# scripts/debug.sh ELF DISK - `make debug`: QEMU paused with its gdb stub,
# and gdb attached, stopped at kmain with its source line shown.
#
# QEMU runs in the background with COM1 on a unix socket (and a log file),
# because gdb owns this terminal. To type into porthole's shell while you
# debug, run `make console` in a second terminal. QEMU ends with gdb.
set -eu
elf=$1 disk=$2
port=${GDB_PORT:-1234}
sock=build/serial.sock
log=build/serial.log
rm -f "$sock"

sh scripts/qemu.sh --kernel "$elf" --disk "$disk" --gdb "$port" \
	--serial "unix:$sock,server=on,wait=off,logfile=$log" \
	--monitor none >build/qemu-debug.log 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT INT TERM

# build/gdbinit: what a student would type by hand (xv6 generates one too).
cat >build/gdbinit <<GDB
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
echo "debug: and porthole's own: ph-ioports, ph-iomem, ph-lspci, ph-interrupts,"
echo "debug: ph-iomaps, ph-vtop ADDR, ph-trace (help ph-vtop; scripts/gdb/)."
# -nx: Debian's gdb refuses an unlisted .gdbinit; we pass ours explicitly.
gdb -q -nx -x build/gdbinit
