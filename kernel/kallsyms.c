/* kernel/kallsyms.c - the kernel's own symbol table, for backtraces.
 *
 * Like Linux's kallsyms, the table is generated from the linked kernel: the
 * build links once, lists the text symbols with `nm -n`, turns them into
 * build/kallsyms.S (scripts/gen-kallsyms.sh) and links again with it. The
 * table sits at the end of .rodata, after all code, so adding it moves no
 * function (the Makefile checks that the second link's text symbols equal
 * the first's).
 *
 * A backtrace follows frame pointers (the kernel is built with
 * -fno-omit-frame-pointer): each function's prologue pushes the caller's
 * EBP, so [ebp] is the previous frame and [ebp + 4] the return address.
 */
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "lib/string.h"

/* From build/kallsyms.S: sorted addresses, and for each the offset of its
 * NUL-terminated name in kallsyms_names. The last address is _etext. */
extern const u32 kallsyms_num;
extern const u32 kallsyms_addresses[];
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];

extern const u8 _text[], _etext[], _end[];
extern u8 boot_stack_guard[], boot_stack_bottom[];

#define BACKTRACE_MAX_FRAMES 24

const char *
kallsyms_lookup(u32 addr, u32 *offset, u32 *size)
{
	u32 lo = 0, hi = kallsyms_num;

	if (kallsyms_num == 0 || addr < kallsyms_addresses[0] ||
	    addr >= (u32)_etext)
		return NULL;
	/* Find the last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;
		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	u32 next = lo + 1 < kallsyms_num ? kallsyms_addresses[lo + 1]
					 : (u32)_etext;
	*offset = addr - kallsyms_addresses[lo];
	*size = next - kallsyms_addresses[lo];
	return kallsyms_names + kallsyms_name_offsets[lo];
}

u32
kallsyms_addr(const char *name)
{
	for (u32 i = 0; i < kallsyms_num; i++)
		if (!strcmp(kallsyms_names + kallsyms_name_offsets[i], name))
			return kallsyms_addresses[i];
	return 0;
}

void
print_symbol(u32 addr)
{
	u32 off, size;
	const char *name = kallsyms_lookup(addr, &off, &size);

	if (name)
		printk("%s+0x%x/0x%x", name, off, size);
	else
		printk("?");
}

/* A frame pointer we may dereference: inside the kernel image (stacks live
 * in .bss), 4-byte aligned, and not in the unmapped guard page. */
static bool
frame_readable(u32 ebp)
{
	if (ebp & 3 || ebp < (u32)_text || ebp + 8 > (u32)_end)
		return false;
	return !(ebp + 8 > (u32)boot_stack_guard &&
		 ebp < (u32)boot_stack_bottom);
}

/* Could ret be a return address: in kernel text, right after a CALL?
 * (E8 rel32 is 5 bytes; FF /2 indirect calls are 2, 3 or 6 bytes.) */
static bool
after_call(u32 ret)
{
	const u8 *p = (const u8 *)ret;

	if (ret < (u32)_text + 6 || ret >= (u32)_etext)
		return false;
	return p[-5] == 0xe8 || p[-2] == 0xff || p[-3] == 0xff || p[-6] == 0xff;
}

/* A function that calls nothing may not set up a frame of its own, and
 * then the EBP chain skips its caller. The words between ESP and EBP hold
 * that caller's return address: list the ones that look like return
 * addresses, marked "?" as Linux marks guesses. */
static void
scan_frameless(u32 esp, u32 ebp)
{
	for (u32 a = esp; a < ebp && a < esp + 64 * 4; a += 4) {
		if (!frame_readable(a))
			return;
		u32 v = *(const u32 *)a;
		if (after_call(v)) {
			printk("  [<%08x>] ? ", v);
			print_symbol(v);
			printk("\n");
		}
	}
}

void
backtrace_print(u32 eip, u32 ebp)
{
	backtrace_print_esp(eip, ebp, 0);
}

void
backtrace_print_esp(u32 eip, u32 ebp, u32 esp)
{
	printk("Backtrace:\n  [<%08x>] ", eip);
	print_symbol(eip);
	printk("\n");
	if (esp && ebp > esp)
		scan_frameless(esp, ebp);
	u32 last = eip, repeats = 0;

	for (int n = 0; ebp; n++) {
		if (n == BACKTRACE_MAX_FRAMES) {
			printk("  ... (more frames not shown)\n");
			break;
		}
		if (!frame_readable(ebp)) {
			printk("  (frame pointer %08x is not on a kernel "
			       "stack; "
			       "stopping)\n",
			       ebp);
			break;
		}
		const u32 *frame = (const u32 *)ebp;
		u32 ret = frame[1];
		if (ret == 0)
			break;
		if (ret == last) { /* deep recursion: say it once */
			repeats++;
			n--;
		} else {
			if (repeats)
				printk("  ... the line above %u more times\n",
				       repeats);
			repeats = 0;
			printk("  [<%08x>] ", ret);
			print_symbol(ret);
			printk("\n");
		}
		last = ret;
		if (frame[0] != 0 && frame[0] <= ebp)
			break; /* frames must go up the stack */
		ebp = frame[0];
	}
	if (repeats)
		printk("  ... the line above %u more times\n", repeats);
}
