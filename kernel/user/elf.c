/* kernel/user/elf.c - checking an ELF32 executable before loading it.
 *
 * The loader (kernel/user/process.c) copies segments where the file says
 * and jumps to where the file says, so every number in the file is
 * checked first, against the image's size and against the user half of
 * the address space: a program is data from outside the kernel. The
 * format: "ELF Specification 1.2" (TIS), book I, "ELF Header" and
 * "Program Header"; book III (i386) for EM_386 and the page size.
 */
#include "kernel/user/elf.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define ELF_PAGE 4096u

static const u8 elf_magic[4] = {0x7f, 'E', 'L', 'F'};

static int
refuse(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, ELF_WHY_SIZE, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

const struct elf32_phdr *
elf_phdr(const void *image, unsigned i)
{
	const struct elf32_ehdr *eh = image;

	return (const struct elf32_phdr *)((const u8 *)image + eh->e_phoff +
					   i * eh->e_phentsize);
}

static int
check_header(const struct elf32_ehdr *eh, size_t size, char *why)
{
	if (size < sizeof(*eh))
		return refuse(why, "too short for an ELF header: %u bytes",
			      (unsigned)size);
	if (memcmp(eh->e_ident, elf_magic, sizeof(elf_magic)))
		return refuse(why,
			      "bad magic %02x %02x %02x %02x, want 7f 45 "
			      "4c 46 (\\x7fELF)",
			      eh->e_ident[0], eh->e_ident[1], eh->e_ident[2],
			      eh->e_ident[3]);
	if (eh->e_ident[EI_CLASS] != ELFCLASS32)
		return refuse(why, "wrong class %u, want 1 (ELFCLASS32)",
			      eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(why,
			      "wrong byte order %u, want 1 (little-endian)",
			      eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT)
		return refuse(why, "wrong ELF version %u, want 1",
			      eh->e_version);
	if (eh->e_type != ET_EXEC)
		return refuse(why,
			      "wrong type %u, want 2 (ET_EXEC, a static "
			      "executable)",
			      eh->e_type);
	if (eh->e_machine != EM_386)
		return refuse(why, "wrong machine %u, want 3 (EM_386)",
			      eh->e_machine);
	if (eh->e_phentsize != sizeof(struct elf32_phdr))
		return refuse(why, "program header size %u, want %u",
			      eh->e_phentsize,
			      (unsigned)sizeof(struct elf32_phdr));
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return refuse(why, "%u program headers, want 1-%u", eh->e_phnum,
			      ELF_MAX_PHNUM);
	/* u64: e_phoff near 4 GiB must not wrap to a small number */
	if ((u64)eh->e_phoff + (u64)eh->e_phnum * eh->e_phentsize > size)
		return refuse(why,
			      "program headers at %u+%u outside the %u-byte "
			      "file",
			      eh->e_phoff, eh->e_phnum * eh->e_phentsize,
			      (unsigned)size);
	if (eh->e_phoff % 4)
		return refuse(why, "program headers at unaligned offset %u",
			      eh->e_phoff);
	return 0;
}

static int
check_segment(const struct elf32_phdr *ph, unsigned i, size_t size, u32 user_lo,
	      u32 user_hi, char *why)
{
	u64 file_end = (u64)ph->p_offset + ph->p_filesz;
	u64 mem_end = (u64)ph->p_vaddr + ph->p_memsz;

	if (file_end > size)
		return refuse(why,
			      "segment %u: file bytes %x+%x outside the "
			      "%x-byte file",
			      i, ph->p_offset, ph->p_filesz, (unsigned)size);
	if (ph->p_filesz > ph->p_memsz)
		return refuse(why,
			      "segment %u: file size %x larger than memory "
			      "size %x",
			      i, ph->p_filesz, ph->p_memsz);
	if (ph->p_vaddr < user_lo || mem_end > user_hi)
		return refuse(why,
			      "segment %u at %08x+%x is outside user space "
			      "%08x-%08x",
			      i, ph->p_vaddr, ph->p_memsz, user_lo,
			      user_hi - 1);
	if ((ph->p_vaddr - ph->p_offset) % ELF_PAGE)
		return refuse(why,
			      "segment %u: address %08x and offset %x "
			      "differ within a page",
			      i, ph->p_vaddr, ph->p_offset);
	return 0;
}

/* Two PT_LOADs that share a page would need one page with two sets of
 * permissions and contents: refused. */
static bool
pages_overlap(const struct elf32_phdr *a, const struct elf32_phdr *b)
{
	u32 a0 = a->p_vaddr & ~(ELF_PAGE - 1),
	    b0 = b->p_vaddr & ~(ELF_PAGE - 1);
	u64 a1 = ((u64)a->p_vaddr + a->p_memsz + ELF_PAGE - 1) &
		 ~(u64)(ELF_PAGE - 1);
	u64 b1 = ((u64)b->p_vaddr + b->p_memsz + ELF_PAGE - 1) &
		 ~(u64)(ELF_PAGE - 1);

	return a0 < b1 && b0 < a1;
}

int
elf_check(const void *image, size_t size, u32 user_lo, u32 user_hi, char *why)
{
	const struct elf32_ehdr *eh = image;
	bool entry_ok = false;
	unsigned nload = 0;
	int err = check_header(eh, size, why);

	if (err)
		return err;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf32_phdr *ph = elf_phdr(image, i);

		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue; /* an empty PT_LOAD asks for nothing (Linux)
				   */
		nload++;
		err = check_segment(ph, i, size, user_lo, user_hi, why);
		if (err)
			return err;
		for (unsigned j = 0; j < i; j++) {
			const struct elf32_phdr *o = elf_phdr(image, j);

			if (o->p_type == PT_LOAD && o->p_memsz &&
			    pages_overlap(ph, o))
				return refuse(why,
					      "segments %u and %u share "
					      "a page",
					      j, i);
		}
		if ((ph->p_flags & PF_X) && eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry - ph->p_vaddr < ph->p_memsz)
			entry_ok = true;
	}
	if (nload == 0)
		return refuse(why, "no PT_LOAD segment");
	if (!entry_ok)
		return refuse(why,
			      "entry point %08x is in no executable "
			      "segment",
			      eh->e_entry);
	return 0;
}
