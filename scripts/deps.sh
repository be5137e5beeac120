#!/bin/sh
# scripts/deps.sh - install the Debian packages porthole needs, if missing.
#
# Run by `make run`, `make test`, `make debug` and `make bench` before they
# start. Quiet and quick when everything is there; otherwise it says what it
# installs and runs apt-get (through sudo when not root).
#
#   gcc, binutils, make     compiler, assembler, linker (i386 output)
#   libc6-dev               C library headers, for the host unit tests only
#                           (gcc merely recommends it, and we skip recommends)
#   grub-pc-bin grub-common grub-mkrescue and the BIOS GRUB it puts on the ISO
#   xorriso, mtools         what grub-mkrescue writes the ISO with
#   qemu-system-x86         qemu-system-i386, the PC porthole runs on
#   gdb                     `make debug` and the gdb test
#   pci.ids                 the PCI names lspci prints (compiled into the kernel)
#   python3                 the test harness
#   bsdextrautils           hexdump, which the ATA test compares `disk read` with
#   clang-format            `make format`, and the format check of `make test`
set -eu

PACKAGES="gcc binutils make libc6-dev grub-pc-bin grub-common xorriso mtools \
qemu-system-x86 gdb pci.ids python3 bsdextrautils clang-format"

missing=
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case $status in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -n "$missing" ] || exit 0

echo "deps: installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null; then
	SUDO=sudo
else
	echo "deps: need root (or sudo) to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "deps: done"
