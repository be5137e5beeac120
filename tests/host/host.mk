# tests/host/host.mk - host unit tests, built with AddressSanitizer and UBSan.
#
# Each test is tests/host/test_NAME.c plus the porthole sources it exercises,
# listed as host_NAME_SRCS; lib/string.c, lib/vsprintf.c and lib/errno.c are
# always linked, under the names tests/host/host_rename.h gives them.
# Add a test: write tests/host/test_NAME.c, add NAME to HOST_TESTS and a
# host_NAME_SRCS line below (and host_NAME_CFLAGS if it needs flags).

HOST_COMMON_SRCS := lib/string.c lib/vsprintf.c lib/errno.c

HOST_TESTS += vsprintf
host_vsprintf_SRCS :=
# Some checks pass odd formats on purpose.
host_vsprintf_CFLAGS := -Wno-format -Wno-format-overflow

HOST_TESTS += string
host_string_SRCS :=

# lib/div64.c: the kernel's 64-bit division against the host's.
HOST_TESTS += div64
host_div64_SRCS := lib/div64.c

HOST_TESTS += cmdline
host_cmdline_SRCS := kernel/cmdline.c

# kernel/resource.c: every API function and edge, then a randomized
# differential run against a list-of-intervals model (seed printed; pass
# SEED [OPS] to the binary to replay).
HOST_TESTS += resource resource_fuzz
host_resource_SRCS := kernel/resource.c
host_resource_fuzz_SRCS := kernel/resource.c

# lib/crc32.c: check values, the bitwise definition, piecewise use.
HOST_TESTS += crc32
host_crc32_SRCS := lib/crc32.c

# drivers/ata/ata_proto.c: IDENTIFY decoding, signatures, register names and
# the splitting of a range into LBA28/LBA48 commands (only lib/ needed).
HOST_TESTS += ata_proto
host_ata_proto_SRCS := drivers/ata/ata_proto.c

# drivers/ata/sg.c and xfer_mode.c: DMA region tables under the PIIX's and
# AHCI's rules against a scattering fake MMU; IDENTIFY's DMA mode words.
HOST_TESTS += ata_dma
host_ata_dma_SRCS := drivers/ata/sg.c drivers/ata/xfer_mode.c

# lib/ring.h, the interrupt-to-process byte queue (header only).
HOST_TESTS += ring
host_ring_SRCS :=

# drivers/kbd_keymap.c: scancode set 1 to characters.
HOST_TESTS += kbd
host_kbd_SRCS := drivers/kbd_keymap.c

# `make bench` part (run by tests/bench/bench_resource.py): ns per
# request_region + release_region with 1k, 10k and 100k siblings under one
# parent. A timing, not a test; built optimized and without sanitizers, so it
# measures the code itself.
$(BUILD)/host/bench_resource: tests/host/bench_resource.c kernel/resource.c \
		kernel/resource.h $(HOST_COMMON_SRCS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -O2 -I. -include tests/host/host_rename.h \
		-o $@ $< kernel/resource.c $(HOST_COMMON_SRCS)

# drivers/pci: BAR and bridge-window decoding; the bounded capability walk;
# the compiled pci.ids table (the Makefile's build/pci_ids.c rule makes it),
# checked against the text file itself.
HOST_TESTS += pci_bar pci_caps pci_ids
host_pci_bar_SRCS := drivers/pci/bar.c
host_pci_caps_SRCS := drivers/pci/caps.c
host_pci_ids_SRCS := drivers/pci/ids.c $(BUILD)/pci_ids.c

# kernel/mm: the frame allocator's bitmaps and the kmalloc heap, without the
# kernel around them.
HOST_TESTS += frame_map heap
host_frame_map_SRCS := kernel/mm/frame_map.c
host_heap_SRCS := kernel/mm/heap.c

# drivers/pic.c's probe over a fake port layer (tests/host/fake_ports.h,
# force-included in place of kernel/io.h) and the real resource tree: no
# 8259 (reads float), ports taken, a working pair; what stays claimed.
HOST_TESTS += pic
host_pic_SRCS := drivers/pic.c kernel/resource.c
# (kernel/trap.h, for IRQ_BASE_VECTOR, has an inline that casts a pointer to
# the 32-bit u32 the kernel's are: harmless on a 64-bit host, never called.)
$(BUILD)/host/obj/drivers/pic.o: HOST_OBJ_CFLAGS := \
	-include tests/host/fake_ports.h -Wno-pointer-to-int-cast

# lib/parse.c: the numbers shell commands and options take.
HOST_TESTS += parse
host_parse_SRCS := lib/parse.c

# kernel/user/elf.c: the ELF32 checker, on crafted and truncated images.
HOST_TESTS += elf
host_elf_SRCS := kernel/user/elf.c

# drivers/net/inet.c: checksums, ARP, ICMP echo and malformed frames, with
# a fake card (the test file provides net_xmit and uptime_ns).
HOST_TESTS += inet
host_inet_SRCS := drivers/net/inet.c lib/inet_addr.c

# drivers/pci/driver.c: the match table (each field, class masks,
# PCI_ANY_ID vs 0xffff, the table's end) and binding (only unbound
# functions, a failing probe, remove).
HOST_TESTS += pci_driver
host_pci_driver_SRCS := drivers/pci/driver.c

# kernel/acpi: the AML declaration walker, the _CRS decoder and the PNP
# numbering, fed QEMU's captured DSDTs (tests/data/acpi) and broken copies;
# `pnp` compared with Linux's /sys/bus/pnp (tests/reference).
HOST_TESTS += aml
host_aml_SRCS := kernel/acpi/aml.c kernel/acpi/rsrc.c kernel/acpi/pnp.c
host_aml_CFLAGS := -DACPI_DATA='"$(CURDIR)/tests/data/acpi"' \
	-DREFERENCE='"$(CURDIR)/tests/reference/linux-pc-firmware.txt"'

# drivers/rtc_time.c: BCD/12-hour decoding and date -u's format, against
# the host C library's calendar.
HOST_TESTS += rtc_time
host_rtc_time_SRCS := drivers/rtc_time.c

# The include rules (README.md, "Where things go"): only the shell and kmain
# include kernel/shell.h, lib/ stands alone, kernel/ does not reach into
# drivers/, no include circle. Reads the sources; links nothing of them.
HOST_TESTS += layering
host_layering_SRCS :=

# kernel/acpi: the RSDP search, RSDT/XSDT walk, checksums, the table list in
# Linux's format and the FADT/MADT/HPET/MCFG parsers, fed QEMU's captured
# tables (tests/data/acpi) at their addresses, and broken copies of them.
HOST_TESTS += acpi_tables
host_acpi_tables_SRCS := kernel/acpi/tables.c kernel/acpi/fadt.c \
	kernel/acpi/madt.c kernel/acpi/hpet.c kernel/acpi/mcfg.c
host_acpi_tables_CFLAGS := -Wno-format -DACPI_DATA='"$(CURDIR)/tests/data/acpi"' \
	-DREFERENCE_FW='"$(CURDIR)/tests/reference/linux-pc-firmware.txt"' \
	-DREFERENCE_PC='"$(CURDIR)/tests/reference/linux-pc.txt"'

# drivers/pci/probe.c: pci_init over a fake configuration space (the test
# file provides pci_cfg_read/write, kzalloc) and the real resource tree: a
# bridge whose I/O and prefetchable window registers are read-only zero
# (no window at 0, the legacy ranges stay put), overlapping BARs and a BAR
# over a claimed port (one conflict line, the tree consistent).
HOST_TESTS += pci_probe
host_pci_probe_SRCS := drivers/pci/probe.c drivers/pci/bar.c \
	drivers/pci/caps.c kernel/resource.c
$(BUILD)/host/obj/drivers/pci/probe.o: HOST_OBJ_CFLAGS := \
	-include tests/host/fake_x86.h
