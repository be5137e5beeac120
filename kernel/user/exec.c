/* kernel/user/exec.c - loading an ELF program into a fresh address space.
 *
 * What Linux's execve() does for a static i386 executable (fs/binfmt_elf.c,
 * load_elf_binary): check the file (kernel/user/elf.c), copy each PT_LOAD
 * segment to its address with its permissions (text read-only, data and bss
 * writable, bss zero), lay out the initial stack as the System V i386 ABI
 * says ("Process Stack and Registers"), and make the register frame that
 * IRET will enter ring 3 with: EIP at e_entry, ESP at argc, the ring-3
 * segments, interrupts on, IOPL 0. The programs come from the kernel image
 * (kernel/user/programs.S), but nothing in them is trusted.
 */
#include "kernel/gdt.h"
#include "kernel/printk.h"
#include "kernel/user/elf.h"
#include "kernel/user/exec.h"
#include "kernel/user/uvm.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"

#define EFLAGS_RESERVED1 0x2 /* bit 1 of EFLAGS is always 1 */

/* Auxiliary vector entry types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_RANDOM 25
#define AT_EXECFN 31
#define AUXV_PAIRS 11

const struct user_program *
user_program_find(const char *name)
{
	for (const struct user_program *pr = user_programs; pr->name; pr++)
		if (!strcmp(pr->name, name))
			return pr;
	return NULL;
}

int
exec_check_program(const struct user_program *prog, char *why)
{
	return elf_check(prog->start, prog->end - prog->start, USER_LO,
			 USER_TOP - USER_STACK_MAX, why);
}

int
vma_add(struct process *p, u32 start, u32 end, bool from_file)
{
	for (int i = 0; i < PROC_MAX_VMAS; i++) {
		struct vma *v = &p->vmas[i];

		if (v->start == v->end) {
			v->start = start;
			v->end = end;
			v->from_file = from_file;
			return 0;
		}
	}
	return -ENOMEM;
}

void
vma_remove(struct process *p, u32 start, u32 end)
{
	for (int i = 0; i < PROC_MAX_VMAS; i++) {
		struct vma *v = &p->vmas[i];

		if (v->start < end && start < v->end)
			v->start = v->end = 0; /* munmap of part: all of it */
	}
}

/* Copy one PT_LOAD segment in, page by page, through the direct map of
 * each new frame (the process's directory is not loaded yet). */
static int
load_segment(struct process *p, const u8 *image, const struct elf32_phdr *ph)
{
	u32 first = ph->p_vaddr & PAGE_MASK;
	u32 end = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	u32 flags = ph->p_flags & PF_W ? PTE_RW : 0;

	for (u32 va = first; va < end; va += PAGE_SIZE) {
		u32 pa, lo = MAX(va, ph->p_vaddr);
		u32 hi = MIN(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		int err = uvm_alloc(p->pgdir, va, flags, &pa);

		if (err)
			return err;
		if (lo < hi) /* the file's bytes; the rest stays zero (bss) */
			memcpy((u8 *)__va(pa) + (lo - va),
			       image + ph->p_offset + (lo - ph->p_vaddr),
			       hi - lo);
	}
	return vma_add(p, first, end, true);
}

/* Where the program headers are in the process's memory (AT_PHDR): in
 * the segment that loads the file's start, if one does. */
static u32
phdr_address(const u8 *image)
{
	const struct elf32_ehdr *eh = (const void *)image;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf32_phdr *ph = elf_phdr(image, i);

		if (ph->p_type == PT_LOAD && ph->p_offset == 0 &&
		    eh->e_phoff < ph->p_filesz)
			return ph->p_vaddr + eh->e_phoff;
	}
	return 0;
}

/* The initial stack (System V i386 ABI, "Process Stack"; Linux's
 * create_elf_tables()): strings at the top, then 16 random bytes, then
 * argc, argv[], NULL, envp[] (empty), NULL, the auxv pairs, AT_NULL.
 * All of it fits the top page; *@sp becomes the process's ESP. */
static int
setup_stack(struct process *p, const u8 *image, int argc, char **argv, u32 *sp)
{
	const struct elf32_ehdr *eh = (const void *)image;
	u32 base = USER_TOP - PAGE_SIZE, pa, uargv[PROC_MAX_ARGS];
	u32 pos = USER_TOP - 4, execfn, at_random; /* a zero word on top */
	int err = uvm_alloc(p->pgdir, base, PTE_RW, &pa);
	u8 *page = __va(pa);

	if (err)
		return err;
	p->stack_low = base;
	p->stack_limit = USER_TOP - USER_STACK_MAX;
	for (int i = argc - 1; i >= -1; i--) { /* -1: the program's name */
		const char *s = i < 0 ? p->name : argv[i];
		u32 n = strlen(s) + 1;

		pos -= n;
		memcpy(page + (pos - base), s, n);
		if (i >= 0)
			uargv[i] = pos;
	}
	execfn = pos;
	pos = (pos & ~15u) - 16;
	at_random = pos;
	for (int i = 0; i < 16; i += 8) {
		u64 r = rdtsc() * 0x9e3779b97f4a7c15ull; /* not secret */
		memcpy(page + (pos - base) + i, &r, 8);
	}
	u32 auxv[AUXV_PAIRS * 2] = {
		AT_PHDR,   phdr_address(image),
		AT_PHENT,  sizeof(struct elf32_phdr),
		AT_PHNUM,  eh->e_phnum,
		AT_PAGESZ, PAGE_SIZE,
		AT_ENTRY,  eh->e_entry,
		AT_UID,	   0,
		AT_EUID,   0,
		AT_GID,	   0,
		AT_EGID,   0,
		AT_RANDOM, at_random,
		AT_EXECFN, execfn,
	};
	u32 words = 1 + (argc + 1) + 1 + ARRAY_SIZE(auxv) + 2;
	pos = (pos - words * 4) & ~15u;
	*sp = pos;
	u32 *w = (u32 *)(page + (pos - base));
	*w++ = argc;
	for (int i = 0; i < argc; i++)
		*w++ = uargv[i];
	*w++ = 0; /* end of argv */
	*w++ = 0; /* envp: empty */
	memcpy(w, auxv, sizeof(auxv));
	w += ARRAY_SIZE(auxv);
	w[0] = AT_NULL;
	w[1] = 0;
	return 0;
}

int
exec_grow_stack(struct process *p, u32 va)
{
	va &= PAGE_MASK;
	if (va < p->stack_limit || va >= p->stack_low)
		return -EFAULT;
	while (p->stack_low > va) {
		int err = uvm_alloc(p->pgdir, p->stack_low - PAGE_SIZE, PTE_RW,
				    NULL);
		if (err)
			return err;
		p->stack_low -= PAGE_SIZE;
	}
	return 0;
}

int
exec_check_args(int argc, char **argv)
{
	u32 bytes = 0;

	if (argc > PROC_MAX_ARGS) {
		printk("run: %d arguments; at most %d\n", argc, PROC_MAX_ARGS);
		return -E2BIG;
	}
	for (int i = 0; i < argc; i++)
		bytes += strlen(argv[i]) + 1;
	if (bytes > PROC_ARG_BYTES) {
		printk("run: %u bytes of arguments; at most %u\n", bytes,
		       PROC_ARG_BYTES);
		return -E2BIG;
	}
	return 0;
}

int
exec_load(struct process *p, const struct user_program *prog, int argc,
	  char **argv, struct trapframe *tf)
{
	const u8 *image = prog->start;
	char why[ELF_WHY_SIZE];
	int err = exec_check_program(prog, why);

	if (err) {
		printk("run: %s: not a valid executable: %s\n", prog->name,
		       why);
		return err;
	}
	const struct elf32_ehdr *eh = (const void *)image;
	for (unsigned i = 0; i < eh->e_phnum && !err; i++)
		if (elf_phdr(image, i)->p_type == PT_LOAD &&
		    elf_phdr(image, i)->p_memsz)
			err = load_segment(p, image, elf_phdr(image, i));
	if (!err)
		err = setup_stack(p, image, argc, argv, &tf->esp);
	if (err) {
		printk("run: %s: cannot load: %s\n", prog->name, errname(err));
		return err;
	}
	memset(tf, 0, offsetof(struct trapframe, esp));
	tf->eip = eh->e_entry;
	tf->cs = USER_CS;
	tf->eflags = EFLAGS_IF | EFLAGS_RESERVED1; /* IOPL 0 */
	tf->ss = USER_DS;
	tf->ds = tf->es = tf->fs = tf->gs = USER_DS;
	return 0;
}
