/* kernel/user/elf.h - ELF32 executables: the headers and their checker.
 *
 * An ELF file starts with the ELF header (its e_ident magic "\x7fELF",
 * class, byte order, then type, machine, entry point) and points at a
 * table of program headers; each PT_LOAD one asks for p_memsz bytes at
 * virtual p_vaddr, of which the first p_filesz come from the file at
 * p_offset and the rest are zero (bss). Tool Interface Standard, "ELF
 * Specification 1.2", book I ch. 1-2, and the i386 supplement.
 *
 * elf_check() decides whether an image is an executable porthole can load
 * and says in one line what is wrong when it is not. It reads only the
 * bytes it was given, checks every offset and size against the image and
 * against overflow, and depends on lib/ only: tests/host/test_elf.c feeds
 * it crafted headers on the host.
 */
#ifndef KERNEL_USER_ELF_H
#define KERNEL_USER_ELF_H

#include "lib/types.h"

#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFDATA2LSB 1 /* little-endian */
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_386 3
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf32_ehdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u32 e_entry;
	u32 e_phoff;
	u32 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf32_phdr {
	u32 p_type;
	u32 p_offset;
	u32 p_vaddr;
	u32 p_paddr;
	u32 p_filesz;
	u32 p_memsz;
	u32 p_flags;
	u32 p_align;
};

#define ELF_MAX_PHNUM 16 /* more program headers than this: refused */
#define ELF_WHY_SIZE 96

/* elf_check - is @image (@size bytes) a static i386 executable whose
 * PT_LOAD segments all lie in [@user_lo, @user_hi)? Checks the magic,
 * class (32-bit), byte order, version, type (ET_EXEC), machine (EM_386),
 * the program header table inside the image, each PT_LOAD's file bytes
 * inside the image, p_filesz <= p_memsz, no address arithmetic that wraps,
 * p_vaddr and p_offset equal modulo the page size, segments that do not
 * overlap, and the entry point inside an executable segment. An empty
 * PT_LOAD (p_memsz 0) is ignored, as Linux ignores it. Returns 0,
 * or -ENOEXEC with one line of explanation in @why (ELF_WHY_SIZE bytes,
 * e.g. "wrong machine 62, want 3 (EM_386)"). Any context; prints nothing. */
int elf_check(const void *image, size_t size, u32 user_lo, u32 user_hi,
	      char *why);

/* elf_phdr - program header @i of an image elf_check accepted. */
const struct elf32_phdr *elf_phdr(const void *image, unsigned i);

#endif
