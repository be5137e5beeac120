#!/bin/sh
# scripts/qemu-trace.sh [--events EV,...] [--out DIR] [COMMAND...] - `make
# trace`: boot porthole with QEMU's trace events on, type COMMANDs at its
# prompt, then join what QEMU saw with porthole's own view of the machine.
#
# QEMU (the "log" trace backend of Debian's qemu-system-x86) writes one line
# per event to DIR/qemu-trace.log: memory_region_ops_read/_write for every
# access that reached a device model (port or MMIO: the access left the
# translated code, docs/emulator.md), pci_cfg_read/_write for every
# configuration access a PCI device model answered, and any events named
# with --events (`qemu-system-i386 -trace help` lists them all; globs such
# as 'ide_*' work). scripts/trace-join.py then drives the serial shell,
# asks the monitor for `info mtree`, and prints DIR/join.txt: for each
# porthole owner (from the ioports/iomem dumps of this same boot) the QEMU
# device model that handled its accesses and their count by width.
#
# Example:  sh scripts/qemu-trace.sh "disk read hda 0 1" "lspci"
#           make trace CMDS='"pcicfg 0 3 0 0 4"'
# Files in DIR (default build/trace): events, qemu-trace.log, serial.log,
# mtree.txt, join.txt.
set -eu
events='' out=build/trace elf=build/porthole.elf disk=build/disk.img
timeout=${QEMU_TIMEOUT:-300}
while [ $# -gt 0 ]; do
	case $1 in
	--events) events=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--kernel) elf=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "qemu-trace.sh: unknown option '$1' (see the top of $0)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ -f "$elf" ] || { echo "qemu-trace.sh: no $elf (run make first)" >&2; exit 2; }
mkdir -p "$out"
rm -f "$out/serial.sock" "$out/monitor.sock" "$out/qemu-trace.log"

# The events: QEMU's memory dispatch and PCI configuration, plus the user's.
{
	echo 'memory_region_ops_read'
	echo 'memory_region_ops_write'
	echo 'pci_cfg_read'
	echo 'pci_cfg_write'
	[ -z "$events" ] || echo "$events" | tr ',' '\n'
} >"$out/events"

diskarg=none
[ ! -f "$disk" ] || diskarg=$disk
sh scripts/qemu.sh --kernel "$elf" --disk "$diskarg" --timeout "$timeout" \
	--serial "unix:$out/serial.sock,server=on,wait=off" \
	--monitor "unix:$out/monitor.sock,server=on,wait=off" \
	-- -trace "events=$out/events" -D "$out/qemu-trace.log" \
	</dev/null >"$out/qemu.stderr" 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT INT TERM

status=0
python3 scripts/trace-join.py session --dir "$out" -- "$@" || status=$?
# The session ended QEMU through its monitor; give it 5 s to write its log.
i=0
while kill -0 $qemu 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill $qemu 2>/dev/null || true
wait $qemu 2>/dev/null || true
trap - EXIT INT TERM
[ $status -eq 0 ] || exit $status
python3 scripts/trace-join.py join --dir "$out" | tee "$out/join.txt"
