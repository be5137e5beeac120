# user/user.mk - the user programs, and the one kernel object that carries
# them. Included by the Makefile; everything about user space is here.
#
# Each program is user/NAME.c linked over user/lib (crt0, system call
# wrappers, printf) and the kernel's own lib/ formatting and string code
# and drivers/rtc_time.c (the RTC's BCD and 12-hour decoding), built a
# second time for ring 3: the same gcc and ld, -m32, freestanding,
# static, no libc, at 0x08048000 (user/user.ld). The ELF files are in
# build/user/ and can be run under Linux too. kernel/user/programs.S
# carries them in the kernel image (.incbin), so `run NAME` always has them.
# badelf is hello with its e_machine changed to x86-64's (62): a malformed
# image for the loader to refuse.

USER_PROGS := hello ioperm iopl denied devmem portbench badargs crash
USER_BUILD := $(BUILD)/user
USER_CFLAGS := -m32 -march=i686 -std=gnu11 -ffreestanding -fno-builtin \
	-fno-pie -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-mno-sse -mno-sse2 -mno-mmx -Os -g -Wall -Wextra \
	-Werror=implicit-function-declaration -I. -MMD -MP
USER_LDFLAGS := -m elf_i386 -static -nostdlib -z noexecstack \
	--build-id=none -T user/user.ld
USER_LIB_OBJ := $(patsubst %,$(USER_BUILD)/%.o,user/lib/crt0.S \
	user/lib/ulib.c user/lib/rtc.c drivers/rtc_time.c lib/vsprintf.c \
	lib/string.c lib/div64.c lib/errno.c)
USER_ELFS := $(patsubst %,$(USER_BUILD)/%,$(USER_PROGS)) $(USER_BUILD)/badelf
# What the kernel carries: the same files without their debug information
# (gdb wants build/user/NAME: `add-symbol-file build/user/hello`).
USER_CARRIED := $(patsubst $(USER_BUILD)/%,$(USER_BUILD)/carried/%,$(USER_ELFS))

$(USER_BUILD)/%.c.o: %.c Makefile user/user.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  UCC     $<")
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(USER_BUILD)/%.S.o: %.S Makefile user/user.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  UAS     $<")
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(patsubst %,$(USER_BUILD)/%,$(USER_PROGS)): $(USER_BUILD)/%: \
		$(USER_BUILD)/user/%.c.o $(USER_LIB_OBJ) user/user.ld
	@$(if $(Q),echo "  ULD     $@")
	$(Q)$(LD) $(USER_LDFLAGS) -o $@ $< $(USER_LIB_OBJ)

$(USER_BUILD)/badelf: $(USER_BUILD)/hello
	$(Q)cp $< $@
	$(Q)printf '\076' | dd of=$@ bs=1 seek=18 conv=notrunc status=none

# The kernel object that carries the programs (kernel/user/programs.S).
USER_PROGRAMS_OBJ := $(BUILD)/kernel/user/programs.S.o
KOBJ += $(USER_PROGRAMS_OBJ)
$(USER_BUILD)/carried/%: $(USER_BUILD)/%
	@mkdir -p $(dir $@)
	$(Q)$(OBJCOPY) --strip-debug $< $@
# The list programs.S includes: one "program NAME" line each.
$(USER_BUILD)/carried/programs.inc: user/user.mk
	@mkdir -p $(dir $@)
	$(Q)printf '\tprogram %s\n' $(USER_PROGS) badelf > $@
$(USER_PROGRAMS_OBJ): $(USER_CARRIED) $(USER_BUILD)/carried/programs.inc
$(USER_PROGRAMS_OBJ): KASFLAGS += -Wa,-I$(USER_BUILD)/carried

.PHONY: user
user: $(USER_ELFS)

-include $(patsubst %,$(USER_BUILD)/user/%.c.d,$(USER_PROGS)) \
	$(USER_LIB_OBJ:.o=.d)
