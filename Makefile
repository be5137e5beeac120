# porthole - build, run, debug and test.
#
#   make            build/porthole.elf (the multiboot kernel)
#   make iso        build/porthole.iso (GRUB rescue image, boots the kernel)
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make run-kernel boot build/porthole.elf directly with qemu -kernel
#   make debug      QEMU paused with its gdb stub, and gdb stopped at kmain
#   make console    (second terminal) porthole's serial shell during make debug
#   make test       every test ring; ends with "N passed, N failed, N skipped"
#   make format     clang-format -i every C file (make test checks them)
#   make host-tests only the host unit tests (ASan + UBSan)
#   make fuzz       the shell fuzz at length (100,000 lines; FUZZ_SEED= replays)
#   make bench      timings (not tests): boot time, build time, sizes, ...
#   make trace      QEMU's trace of device accesses joined with porthole's owners
#   make compile_commands.json  compile lines for clangd and editors
#   make deps       install missing Debian packages (run by the above)
#
# Variables: ACCEL=kvm (default tcg), QEMU_ARGS="..." (added to QEMU's line),
# V=1 (show commands).

BUILD ?= build
ELF := $(BUILD)/porthole.elf
ISO := $(BUILD)/porthole.iso
DISK := $(BUILD)/disk.img

CC := gcc
LD := ld
NM := nm
OBJCOPY := objcopy
HOSTCC := gcc

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Kernel flags: 32-bit, freestanding, no PIE or stack protector (there is no
# runtime to support them), frame pointers for backtraces, no SSE/x87 code
# (we never set up the FPU), debug info always. -Og keeps `next` and `step`
# in gdb following the source.
KCFLAGS := -m32 -march=i686 -std=gnu11 -ffreestanding -fno-builtin \
	-fno-pie -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-mno-sse -mno-sse2 -mno-mmx -mno-80387 -mno-red-zone \
	-Og -g -Wall -Wextra -Werror=implicit-function-declaration \
	-I. -MMD -MP
KASFLAGS := -m32 -ffreestanding -g -I. -MMD -MP -Wa,--noexecstack
KLDFLAGS := -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments \
	--build-id=none

# Every .c and .S under these folders is part of the kernel.
KSRC := $(sort $(wildcard boot/*.S boot/*.c kernel/*.c kernel/*/*.c \
	drivers/*.c drivers/*/*.c lib/*.c))
KOBJ := $(patsubst %,$(BUILD)/%.o,$(KSRC))

# The PCI names lspci prints, generated from Debian's pci.ids (package
# pci.ids) into build/pci_ids.c. Every vendor and class name is kept; device
# names only for the vendors below (the chips QEMU, VirtualBox and VMware
# emulate), subsystem names only for the virtual machines' subsystem vendors.
# `make PCI_IDS_DEVICES=all PCI_IDS_SUBSYSTEMS=all` keeps the whole file.
# Sizes: docs/pci.md; what the generator does: scripts/gen-pci-ids.py.
PCI_IDS := /usr/share/misc/pci.ids
PCI_IDS_DEVICES := 8086,1022,1af4,1b36,10ec,1013,15ad,1000,1033,1274,1106,1011,80ee,1de1,1102
PCI_IDS_SUBSYSTEMS := 1af4,1b36,15ad,80ee
KOBJ += $(BUILD)/pci_ids.o
KALLSYMS_OBJ := $(BUILD)/kallsyms.o
KALLSYMS_EMPTY_OBJ := $(BUILD)/kallsyms-empty.o

.PHONY: all iso run run-kernel debug console test host-tests ktest scenario bench \
	deps clean format fuzz
all: $(ELF)

# Changing a flag here rebuilds everything.
$(KOBJ): Makefile

# The CPU check runs before anything else and must run on any x86 that
# gets there, to say what it lacks (kernel/cpu_check.c).
$(BUILD)/kernel/cpu_check.c.o: KCFLAGS := $(filter-out -march=%,$(KCFLAGS)) -march=i386

$(BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/pci_ids.c: $(PCI_IDS) scripts/gen-pci-ids.py Makefile
	@mkdir -p $(BUILD)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)python3 scripts/gen-pci-ids.py $(PCI_IDS) $@ \
		--devices $(PCI_IDS_DEVICES) --subsystems $(PCI_IDS_SUBSYSTEMS) \
		2>$(BUILD)/pci_ids.log || { cat $(BUILD)/pci_ids.log; exit 1; }

$(PCI_IDS):
	@echo "$@ is missing: run 'make deps' (Debian package pci.ids)"; exit 1

$(BUILD)/pci_ids.o: $(BUILD)/pci_ids.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/linker.ld: linker.ld boot/layout.h
	@mkdir -p $(BUILD)
	$(Q)$(CC) -E -P -x c -I. $< -o $@

# Two links, as Linux does for kallsyms: the first with an empty symbol
# table, the second with the table generated from the first. The table lies
# after all code, so no function moves; the check below proves it.
$(KALLSYMS_EMPTY_OBJ): scripts/gen-kallsyms.sh
	@mkdir -p $(BUILD)
	$(Q)printf '\t.section .kallsyms, "a"\n\t.align 4\n\t.globl kallsyms_num, kallsyms_addresses, kallsyms_name_offsets, kallsyms_names\nkallsyms_num: .long 0\nkallsyms_addresses:\nkallsyms_name_offsets:\nkallsyms_names:\n' > $(BUILD)/kallsyms-empty.S
	$(Q)$(CC) $(KASFLAGS) -c $(BUILD)/kallsyms-empty.S -o $@

$(BUILD)/porthole.pass1.elf: $(KOBJ) $(KALLSYMS_EMPTY_OBJ) $(BUILD)/linker.ld
	$(Q)$(LD) $(KLDFLAGS) -T $(BUILD)/linker.ld -o $@ $(KOBJ) $(KALLSYMS_EMPTY_OBJ)

$(KALLSYMS_OBJ): $(BUILD)/porthole.pass1.elf scripts/gen-kallsyms.sh
	$(Q)NM=$(NM) sh scripts/gen-kallsyms.sh $< > $(BUILD)/kallsyms.S
	$(Q)$(CC) $(KASFLAGS) -c $(BUILD)/kallsyms.S -o $@

$(ELF): $(KOBJ) $(KALLSYMS_OBJ) $(BUILD)/linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(KLDFLAGS) -T $(BUILD)/linker.ld -o $@ $(KOBJ) $(KALLSYMS_OBJ)
	$(Q)NM=$(NM) sh scripts/gen-kallsyms.sh $@ | cmp -s - $(BUILD)/kallsyms.S || \
		{ echo "kallsyms: text moved between links"; rm -f $@; exit 1; }
	$(Q)if command -v grub-file >/dev/null; then \
		grub-file --is-x86-multiboot $@ || \
		{ echo "$@: not a valid multiboot kernel"; rm -f $@; exit 1; }; fi

iso: $(ISO)
$(ISO): $(ELF) iso/boot/grub/grub.cfg
	@rm -rf $(BUILD)/isodir
	@mkdir -p $(BUILD)/isodir/boot/grub
	$(Q)cp $(ELF) $(BUILD)/isodir/boot/porthole.elf
	$(Q)cp iso/boot/grub/grub.cfg $(BUILD)/isodir/boot/grub/
	@$(if $(Q),echo "  ISO     $@")
	$(Q)grub-mkrescue -o $@ $(BUILD)/isodir 2>$(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

# A 16 MiB disk for the primary IDE master, made once; `make clean` resets it.
$(DISK):
	@mkdir -p $(BUILD)
	$(Q)dd if=/dev/zero of=$@ bs=1M count=16 status=none

deps:
	@sh scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory $(ISO) $(DISK)
	@sh scripts/qemu.sh --iso $(ISO) --disk $(DISK)

run-kernel: deps
	@$(MAKE) --no-print-directory $(ELF) $(DISK)
	@sh scripts/qemu.sh --kernel $(ELF) --disk $(DISK)

debug: deps
	@$(MAKE) --no-print-directory $(ELF) $(DISK)
	@sh scripts/debug.sh $(ELF) $(DISK)

console:
	@python3 scripts/console.py build/serial.sock

include tests/host/host.mk

HOST_CFLAGS := -std=gnu11 -g -O1 -I. -Wall -Wextra -U_FORTIFY_SOURCE \
	-include tests/host/host_rename.h \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
HOST_BINS := $(patsubst %,$(BUILD)/host/test_%,$(HOST_TESTS))

# One object per source under build/host/obj/, each with its .d file
# (-MMD -MP): touching any header a host test includes, in any folder,
# rebuilds the objects that include it and relinks the tests. A test's own
# flags (host_NAME_CFLAGS) apply to its test_NAME.c only.
HOST_OBJ := $(BUILD)/host/obj
host_objs = $(patsubst %.c,$(HOST_OBJ)/%.o,$(1))
.PRECIOUS: $(HOST_OBJ)/%.o

$(HOST_OBJ)/%.o: %.c Makefile tests/host/host.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(HOST_OBJ_CFLAGS) -MMD -MP -c $< -o $@

$(foreach t,$(HOST_TESTS),$(eval \
	$(HOST_OBJ)/tests/host/test_$(t).o: HOST_OBJ_CFLAGS := $(host_$(t)_CFLAGS)))

.SECONDEXPANSION:
$(BUILD)/host/test_%: $(HOST_OBJ)/tests/host/test_%.o \
		$$(call host_objs,$$(host_$$*_SRCS) $(HOST_COMMON_SRCS))
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

-include $(shell find $(HOST_OBJ) -name '*.d' 2>/dev/null)

host-tests: deps
	@$(MAKE) --no-print-directory $(HOST_BINS)
	@python3 tests/run.py --only host

test: deps
	@$(MAKE) --no-print-directory $(ELF) $(ISO) $(HOST_BINS)
	@python3 tests/run.py

# The shell fuzz at length: 100,000 generated lines (make test types 3,000).
# FUZZ_SEED=N replays a run; FUZZ_LINES=N changes its length.
FUZZ_LINES ?= 100000
fuzz: deps
	@$(MAKE) --no-print-directory $(ELF)
	@FUZZ_LINES=$(FUZZ_LINES) python3 tests/scenario/test_fuzz.py

bench: deps
	@$(MAKE) --no-print-directory $(ELF) $(ISO)
	@python3 tests/bench.py

# Every C file of the tree, in any folder: the ones git knows (tracked, or
# new and not ignored), else every one outside build/. The format ring of
# `make test` (tests/run.py) checks the same list.
FORMAT_FILES = $(wildcard $(shell git ls-files --cached --others \
	--exclude-standard -- '*.c' '*.h' 2>/dev/null || \
	find . -path ./build -prune -o -name '*.[ch]' -print))

format:
	clang-format -i $(FORMAT_FILES)

clean:
	rm -rf $(BUILD)

# ---- watching the I/O happen (docs/emulator.md, docs/debugging.md) ----
# make IO_TRACE=0   build without the I/O trace's test in every accessor
#                   (kernel/io.h); `make bench` compares the two builds.
# make trace [CMDS='"cmd 1" "cmd 2"'] [EVENTS=ide_*,pic_*]   boot with
#                   QEMU's trace events for device dispatch (and EVENTS),
#                   type CMDS at the prompt, and join what QEMU saw with
#                   porthole's ioports/iomem (build/trace/).
# make compile_commands.json   the kernel's compile lines for clangd/editors.
IO_TRACE ?= 1
ifeq ($(IO_TRACE),0)
KCFLAGS += -DNO_IO_TRACE
endif
CMDS ?=
EVENTS ?=

.PHONY: trace compile_commands.json
trace: deps
	@$(MAKE) --no-print-directory $(ELF) $(DISK)
	@sh scripts/qemu-trace.sh --kernel $(ELF) --disk $(DISK) \
		$(if $(EVENTS),--events '$(EVENTS)') -- $(CMDS)

compile_commands.json:
	$(Q)python3 -c 'import json, os, sys; d = os.getcwd(); \
		flags = sys.argv[1].split(); \
		print(json.dumps([{"directory": d, "file": f, \
		"arguments": [sys.argv[2]] + flags + ["-c", f, "-o", sys.argv[3] + "/" + f + ".o"]} \
		for f in sys.argv[4:]], indent=1))' \
		"$(KCFLAGS)" "$(CC)" "$(BUILD)" $(filter %.c,$(KSRC)) > $@
	@echo "compile_commands.json: $(words $(filter %.c,$(KSRC))) files"
# ---- end of the I/O-watching block ----

-include $(KOBJ:.o=.d)
