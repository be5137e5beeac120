/* kernel/tests/core.c - in-kernel tests of the core: the formatter as the
 * 32-bit kernel runs it (64-bit division through lib/div64.c), the symbol
 * table, exception fixups and the shell's parsing. */
#include "kernel/bootinfo.h"
#include "kernel/page.h"
#include "kernel/cmdline.h"
#include "kernel/multiboot.h"
#include "kernel/extable.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/shell.h"
#include "lib/parse.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

KTEST(core, format_64bit_numbers)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%llu", 18446744073709551615ULL);
	KT_EXPECT(kt, !strcmp(buf, "18446744073709551615"));
	snprintf(buf, sizeof(buf), "%llx|%08x|%-4s|", 0xfedcba9876543210ULL,
		 0x1f0, "io");
	KT_EXPECT(kt, !strcmp(buf, "fedcba9876543210|000001f0|io  |"));
	snprintf(buf, sizeof(buf), "%lld", -1234567890123LL);
	KT_EXPECT(kt, !strcmp(buf, "-1234567890123"));
}

KTEST(core, div64)
{
	volatile u64 n = 0x123456789abcdef0ULL, d = 0x12345ULL;

	KT_EXPECT_EQ(kt, n / d, 0x100005b00205ULL);
	KT_EXPECT_EQ(kt, n % d, 0xa497ULL);
	volatile s64 sn = -1000000000000LL, sd = 7;
	KT_EXPECT(kt, sn / sd == -142857142857LL);
	KT_EXPECT(kt, sn % sd == -1);
}

KTEST(core, kallsyms_names_functions)
{
	u32 off, size;
	u32 addr = (u32)&shell_run_line;
	const char *name = kallsyms_lookup(addr + 3, &off, &size);

	KT_EXPECT(kt, name && !strcmp(name, "shell_run_line"));
	KT_EXPECT_EQ(kt, off, 3);
	KT_EXPECT(kt, size > 3);
	KT_EXPECT_EQ(kt, kallsyms_addr("shell_run_line"), addr);
	KT_EXPECT(kt, kallsyms_lookup(0x1000, &off, &size) == NULL);
}

KTEST(core, fixup_catches_a_faulting_read)
{
	u32 v = 0x5a5a5a5a;
	static const u32 here = 0x12345678;

	KT_EXPECT_EQ(kt, safe_read32((void *)0, &v), -EFAULT);
	KT_EXPECT_EQ(kt, v, 0x5a5a5a5a);
	KT_EXPECT_EQ(kt, safe_read32(&here, &v), 0);
	KT_EXPECT_EQ(kt, v, 0x12345678);
}

KTEST(core, parse_numbers)
{
	u32 v;
	u64 w;

	KT_EXPECT(kt, parse_u32("0x1f0", &v) == 0 && v == 0x1f0);
	KT_EXPECT(kt, parse_u32("4294967295", &v) == 0 && v == 0xffffffff);
	KT_EXPECT_EQ(kt, parse_u32("4294967296", &v), -EINVAL);
	KT_EXPECT_EQ(kt, parse_u32("12z", &v), -EINVAL);
	KT_EXPECT_EQ(kt, parse_u32("0x", &v), -EINVAL);
	KT_EXPECT_EQ(kt, parse_u32("", &v), -EINVAL);
	KT_EXPECT(kt, parse_u64("0xffffffffffffffff", &w) == 0 && w == ~0ULL);
	KT_EXPECT_EQ(kt, parse_u64("0x10000000000000000", &w), -EINVAL);
}

KTEST(core, shell_unknown_command)
{
	char line[] = "no-such-command arg";

	KT_EXPECT_EQ(kt, shell_run_line(line), -ENOENT);
	KT_EXPECT(kt, shell_find("help") != NULL);
}

/* A memory map whose second entry claims a size too small for base, len
 * and type: one line, and only the good entry is kept. */
KTEST(core, malformed_memory_map_entry_stops_the_map)
{
	static struct multiboot_info mbi;
	static struct multiboot_mmap_entry map[3] __aligned(4);
	static char line[512];
	struct bootinfo saved = bootinfo;

	strlcpy(line, cmdline_raw(), sizeof(line)); /* keep the options */
	map[0] = (struct multiboot_mmap_entry){
		.size = 20, .base = 0, .len = 0x9f000, .type = 1};
	map[1] = (struct multiboot_mmap_entry){
		.size = 4, .base = 0x100000, .len = 0x100000, .type = 1};
	map[2] = map[0];
	mbi.flags = MBI_MMAP | MBI_CMDLINE;
	mbi.mmap_addr = (u32)__pa(map);
	mbi.mmap_length = sizeof(map);
	mbi.cmdline = (u32)__pa(line);
	bootinfo.nmmap = 0;
	KT_EXPECT_EQ(kt, bootinfo_init(MULTIBOOT_BOOTLOADER_MAGIC, __pa(&mbi)),
		     0);
	KT_EXPECT_EQ(kt, bootinfo.nmmap, 1);
	KT_EXPECT_EQ(kt, bootinfo.mmap[0].len, 0x9f000);
	bootinfo = saved;
}

KTEST(core, refuses_a_non_multiboot_start)
{
	struct bootinfo saved = bootinfo;

	/* What kmain does first when EAX does not hold the loader's magic. */
	KT_EXPECT_EQ(kt, bootinfo_init(0x12345678, 0), -EINVAL);
	bootinfo = saved;
}
