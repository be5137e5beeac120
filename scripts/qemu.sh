#!/bin/sh
# scripts/qemu.sh - the ONE place that knows porthole's QEMU command line.
# `make run`, `make debug`, the tests and the benchmarks all boot through it.
#
# Usage: scripts/qemu.sh (--iso FILE | --kernel FILE) [options] [-- QEMU ARGS]
#   --iso FILE        boot the GRUB ISO (CD-ROM, the way a PC boots)
#   --kernel FILE     boot the ELF directly with QEMU's multiboot loader
#   --append "ARGS"   kernel command line words (only with --kernel; with
#                     --iso it is ignored, with a warning: GRUB's grub.cfg
#                     holds the command line there)
#   --machine M       QEMU machine type (default: pc; isapc gets -cpu qemu32
#                     unless a -cpu is given: its default 486 cannot run
#                     porthole)
#   --mem SIZE        memory (default: 128M)
#   --disk FILE|none  raw image on the primary IDE master (default: none)
#   --nic MODEL|none  a PCI network card with no backend (default: e1000)
#   --net pair        instead: an e1000 and an ne2k_pci joined by a QEMU hub
#                     (also NET=pair in the environment), so what one card
#                     sends the other receives; nothing leaves QEMU
#   --net-udp L:R     with --net pair: the host joins the hub too, as raw
#                     Ethernet frames in UDP datagrams on 127.0.0.1 (QEMU
#                     listens on port L and sends to port R)
#   --serial SPEC     where COM1 goes (default: mon:stdio, the terminal)
#   --monitor SPEC    the QEMU monitor (default: multiplexed with serial)
#   --gdb PORT        start QEMU's gdb stub on PORT, CPU paused (-S)
#   --no-exit-device  leave out isa-debug-exit (to see porthole cope)
#   --timeout SECS    kill QEMU after SECS (default: $QEMU_TIMEOUT or 3600)
#   --dry-run         print the command line, quoted so that it can be
#                     pasted back into a shell, and exit
# Environment: ACCEL=tcg|kvm (default tcg: see README), GUI=1 to show the
# VGA screen in a window, QEMU_ARGS to add arguments.
#
# The default machine is the one tests/reference/linux-pc.txt describes
# (pc, 128M, a raw IDE disk, no network backend, an e1000), plus QEMU's
# isa-debug-exit device at port 0x501 (kernel/power.h), through which
# porthole powers off and reports test results, and -no-reboot, so a triple
# fault ends QEMU instead of looping through resets.
set -eu

boot= file= append= machine=pc mem=128M disk=none nic=e1000
serial=mon:stdio monitor= gdb= dry= exitdev=1 net=${NET:-} netudp= appended=
timeout=${QEMU_TIMEOUT:-3600}
# need OPTION ARGC [VALUE]: an option that takes a value must have one
# (`--mem --disk x` would otherwise give QEMU "-m --disk").
need() {
	if [ "$2" -lt 2 ] || case $3 in --*) true ;; *) false ;; esac; then
		echo "qemu.sh: $1 needs a value (see the top of $0)" >&2
		exit 2
	fi
}
while [ $# -gt 0 ]; do
	case $1 in
	--iso|--kernel|--append|--machine|--mem|--disk|--nic|--net|\
	--net-udp|--serial|--monitor|--gdb|--timeout) need "$1" $# "${2-}" ;;
	esac
	case $1 in
	--iso) boot=iso file=$2; shift 2 ;;
	--kernel) boot=kernel file=$2; shift 2 ;;
	--append) append=$2 appended=1; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--nic) nic=$2; shift 2 ;;
	--net) net=$2; shift 2 ;;
	--net-udp) netudp=$2; shift 2 ;;
	--serial) serial=$2; shift 2 ;;
	--monitor) monitor=$2; shift 2 ;;
	--gdb) gdb=$2; shift 2 ;;
	--no-exit-device) exitdev=; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--dry-run) dry=1; shift ;;
	--) shift; break ;;
	*) echo "qemu.sh: unknown option '$1' (see the top of $0)" >&2; exit 2 ;;
	esac
done
[ -n "$boot" ] || { echo "qemu.sh: need --iso FILE or --kernel FILE" >&2; exit 2; }
[ -f "$file" ] || { echo "qemu.sh: no such file: $file (run make first)" >&2; exit 2; }
if [ "$boot" = iso ] && [ -n "$appended" ]; then
	echo "qemu.sh: --append is ignored with --iso: GRUB reads the command" \
		"line from iso/boot/grub/grub.cfg (or press 'e' in its menu)" >&2
fi

# porthole needs an i686 (CMOV, TSC: kernel/cpu_check.c). QEMU's isapc
# machine defaults to a 486: give it a 32-bit CPU that has both, unless a
# -cpu is asked for.
case " $* ${QEMU_ARGS:-} " in
*" -cpu "*) ;;
*) [ "$machine" != isapc ] || set -- -cpu qemu32 "$@" ;;
esac

accel=${ACCEL:-tcg}
case $accel in
tcg|kvm) ;;
*) echo "qemu.sh: ACCEL must be tcg or kvm, not '$accel'" >&2; exit 2 ;;
esac

set -- -machine "$machine" -accel "$accel" -m "$mem" -no-reboot \
	-serial "$serial" "$@"
[ -z "$exitdev" ] || set -- -device isa-debug-exit,iobase=0x501,iosize=2 "$@"
if [ "$boot" = iso ]; then
	set -- -cdrom "$file" -boot d "$@"
else
	set -- -kernel "$file" "$@"
	[ -z "$append" ] || set -- -append "$append" "$@"
fi
[ "$disk" = none ] || set -- -drive "file=$disk,format=raw,if=ide,index=0,media=disk" "$@"
case $net in
"") ;;
pair) ;;
*) echo "qemu.sh: --net takes 'pair', not '$net'" >&2; exit 2 ;;
esac
if [ -n "$netudp" ] && [ "$net" != pair ]; then
	echo "qemu.sh: --net-udp needs --net pair" >&2; exit 2
fi
if [ "$net" = pair ]; then
	# One hub, two ports, one card on each (e1000 first: it keeps the
	# slot it has on the reference machine).
	set -- -nic none \
		-netdev hubport,id=hp0,hubid=0 -device e1000,netdev=hp0 \
		-netdev hubport,id=hp1,hubid=0 -device ne2k_pci,netdev=hp1 "$@"
	if [ -n "$netudp" ]; then
		set -- -netdev "socket,id=host0,udp=127.0.0.1:${netudp#*:},localaddr=127.0.0.1:${netudp%%:*}" \
			-netdev hubport,id=hp2,hubid=0,netdev=host0 "$@"
	fi
elif [ "$nic" = none ]; then
	set -- -nic none "$@"
else
	set -- -nic none -device "$nic" "$@"
fi
[ -z "$monitor" ] || set -- -monitor "$monitor" "$@"
[ -z "$gdb" ] || set -- -S -gdb "tcp:127.0.0.1:$gdb" "$@"
[ "${GUI:-0}" = 1 ] || set -- -display none "$@"
# shellcheck disable=SC2086
set -- qemu-system-i386 "$@" ${QEMU_ARGS:-}

if [ -n "$dry" ]; then
	# One line a shell can run again: every word quoted where it must be.
	line= sep=
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./:=,+@%-]*|"") a="'$(printf %s "$a" | sed "s/'/'\\\\''/g")'" ;;
		esac
		line="$line$sep$a" sep=' '
	done
	printf '%s\n' "$line"
	exit 0
fi
# timeout kills QEMU (and only QEMU) when the time is up; --foreground
# keeps the terminal's Ctrl-C going to QEMU as usual.
exec timeout --foreground -k 5 "$timeout" "$@"
