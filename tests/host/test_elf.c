/* tests/host/test_elf.c - kernel/user/elf.c: the ELF32 checker the loader
 * trusts. A valid static i386 executable is made by hand, then broken one
 * field at a time; each must be refused with -ENOEXEC and a line naming
 * what is wrong. Every image sits in a buffer of exactly its size, so
 * AddressSanitizer catches any read past the end, and every truncation
 * of the valid image is tried. */
#include <stdlib.h>
#include <string.h>
#include "tests/host/tap.h"
#include "kernel/user/elf.h"
#include "lib/errno.h"

#define LO 0x00010000u
#define HI 0xbff00000u
#define BASE 0x08048000u

struct image {
	struct elf32_ehdr eh;
	struct elf32_phdr ph[2];
	unsigned char code[64];
};

static struct image
valid(void)
{
	struct image im;

	memset(&im, 0, sizeof(im));
	memcpy(im.eh.e_ident,
	       "\x7f"
	       "ELF",
	       4);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im.eh.e_ident[EI_VERSION] = EV_CURRENT;
	im.eh.e_type = ET_EXEC;
	im.eh.e_machine = EM_386;
	im.eh.e_version = EV_CURRENT;
	im.eh.e_phoff = sizeof(im.eh);
	im.eh.e_ehsize = sizeof(im.eh);
	im.eh.e_phentsize = sizeof(struct elf32_phdr);
	im.eh.e_phnum = 2;
	/* text: the headers and the code, r-x */
	im.ph[0].p_type = PT_LOAD;
	im.ph[0].p_offset = 0;
	im.ph[0].p_vaddr = BASE;
	im.ph[0].p_filesz = im.ph[0].p_memsz = sizeof(im);
	im.ph[0].p_flags = PF_R | PF_X;
	im.eh.e_entry = BASE + offsetof(struct image, code);
	/* bss: one page of zeros, rw- */
	im.ph[1].p_type = PT_LOAD;
	im.ph[1].p_offset = sizeof(im);
	im.ph[1].p_vaddr = BASE + 0x1000 + sizeof(im);
	im.ph[1].p_filesz = 0;
	im.ph[1].p_memsz = 0x1000;
	im.ph[1].p_flags = PF_R | PF_W;
	return im;
}

/* Check @len bytes of @im from an exact-size heap copy. */
static int
check(const struct image *im, size_t len, char *why)
{
	void *buf = malloc(len ? len : 1);
	int ret;

	memcpy(buf, im, len);
	why[0] = 0;
	ret = elf_check(buf, len, LO, HI, why);
	free(buf);
	return ret;
}

static void
refused(struct image im, const char *word, const char *what)
{
	char why[ELF_WHY_SIZE];
	int ret = check(&im, sizeof(im), why);

	tap_ok(ret == -ENOEXEC && strstr(why, word), "%s: refused, '%s'", what,
	       why);
	if (ret != -ENOEXEC || !strstr(why, word))
		printf("#   ret %d, want -ENOEXEC and '%s' in the line\n", ret,
		       word);
}

int
main(void)
{
	char why[ELF_WHY_SIZE];
	struct image im = valid();

	tap_ok(check(&im, sizeof(im), why) == 0, "a valid image is accepted");
	tap_ok(elf_phdr(&im, 1)->p_memsz == 0x1000, "elf_phdr finds header 1");

	im = valid();
	im.eh.e_ident[0] = 0x7e;
	refused(im, "bad magic", "magic 7e");
	im = valid();
	memcpy(im.eh.e_ident, "#!/b", 4);
	refused(im, "bad magic", "a script");
	im = valid();
	im.eh.e_ident[EI_CLASS] = 2;
	refused(im, "wrong class 2", "ELFCLASS64");
	im = valid();
	im.eh.e_ident[EI_DATA] = 2;
	refused(im, "byte order", "big-endian");
	im = valid();
	im.eh.e_version = 0;
	refused(im, "version", "version 0");
	im = valid();
	im.eh.e_type = 3;
	refused(im, "wrong type 3", "ET_DYN (a PIE or shared object)");
	im = valid();
	im.eh.e_machine = 62;
	refused(im, "wrong machine 62", "x86-64");
	im = valid();
	im.eh.e_phentsize = 56;
	refused(im, "program header size 56", "64-bit program headers");
	im = valid();
	im.eh.e_phnum = 0;
	refused(im, "0 program headers", "no program headers");
	im = valid();
	im.eh.e_phnum = 1000;
	refused(im, "1000 program headers", "too many program headers");
	im = valid();
	im.eh.e_phoff = 0xfffffff0u;
	refused(im, "outside the", "e_phoff near 4 GiB (wraps in 32 bits)");
	im = valid();
	im.eh.e_phoff = sizeof(im) - 8;
	refused(im, "outside the", "program headers cut off by the file end");
	im = valid();
	im.ph[0].p_filesz = sizeof(im) + 1;
	im.ph[0].p_memsz = sizeof(im) + 1;
	refused(im, "outside the", "segment bytes past the file end");
	im = valid();
	im.ph[0].p_offset = 0xfffff000u;
	refused(im, "outside the", "p_offset + p_filesz wraps");
	im = valid();
	im.ph[0].p_memsz = 8;
	refused(im, "larger than memory size", "filesz > memsz");
	im = valid();
	im.ph[1].p_vaddr = 0xc0000000u;
	refused(im, "outside user space", "a segment in kernel space");
	im = valid();
	im.ph[1].p_vaddr = 0xbffff000u;
	refused(im, "outside user space", "a segment over the stack area");
	im = valid();
	im.ph[1].p_vaddr = 0xfffff000u;
	im.ph[1].p_memsz = 0x2000;
	refused(im, "outside user space", "vaddr + memsz wraps past 4 GiB");
	im = valid();
	im.ph[0].p_vaddr = 0x1000;
	im.eh.e_entry = 0x1040;
	refused(im, "outside user space", "a segment below mmap_min_addr");
	im = valid();
	im.ph[1].p_vaddr = BASE + 0x1234;
	refused(im, "differ within a page", "vaddr and offset misaligned");
	im = valid();
	im.ph[1].p_vaddr = BASE + sizeof(im);
	refused(im, "share a page", "two segments in one page");
	im = valid();
	im.eh.e_entry = BASE + 0x1000 + sizeof(im);
	refused(im, "entry point", "entry in the non-executable bss");
	im = valid();
	im.eh.e_entry = 0x12345678;
	refused(im, "entry point", "entry outside every segment");
	im = valid();
	im.ph[0].p_type = 4;
	im.ph[1].p_type = 4;
	refused(im, "no PT_LOAD", "no PT_LOAD at all");

	im = valid();
	im.ph[1].p_memsz = 0;
	im.ph[1].p_vaddr = 0;
	tap_ok(check(&im, sizeof(im), why) == 0,
	       "an empty PT_LOAD at 0 is ignored, as Linux ignores it");

	/* Every truncation: refused (never a read past the end) until the
	 * image is whole. */
	im = valid();
	int bad = 0;
	for (size_t len = 0; len < sizeof(im); len++)
		if (check(&im, len, why) != -ENOEXEC)
			bad++;
	tap_ok(bad == 0, "each of %zu truncations refused", sizeof(im));
	return tap_done();
}
