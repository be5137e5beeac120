/* kernel/user/uvm.h - a process's address space: its own page directory.
 *
 * Each process has a page directory of its own. Its upper quarter (PDEs
 * 768-1023, 0xc0000000 up) is a copy of the kernel's, so the kernel is
 * mapped in every process, as in 32-bit Linux; the PTEs there have no
 * U/S bit, so ring 3 cannot touch them (SDM vol. 3, 4.6.1). The lower
 * three quarters are the process's own: its program, stack and mmap2
 * areas, in page tables that are the process's too. Every page there
 * that was allocated for the process is marked PTE_OWNED (an "available"
 * bit the CPU ignores), so freeing the process frees exactly those frames
 * and never device memory that /dev/mem mapped.
 */
#ifndef KERNEL_USER_UVM_H
#define KERNEL_USER_UVM_H

#include "kernel/mm/paging.h"
#include "lib/types.h"

#define USER_LO 0x00010000u  /* lowest user address: Linux's mmap_min_addr */
#define USER_TOP PAGE_OFFSET /* user space ends where the kernel begins */
#define USER_MMAP_BASE 0x40000000u /* Linux i386's TASK_UNMAPPED_BASE */
#define PTE_OWNED 0x200		   /* AVL bit 9: the frame is the process's */
#define USER_PDES (USER_TOP >> 22) /* PDEs 0-767 are the process's */

/* uvm_create - a page directory with the kernel half copied from the
 * current one (the kernel's, when the shell calls it) and nothing below.
 * Returns its direct-map address, or NULL (out of frames). */
u32 *uvm_create(void);

/* uvm_destroy - free every PTE_OWNED frame, every user page table and the
 * directory. The directory must not be in CR3. */
void uvm_destroy(u32 *pgdir);

/* uvm_map - map user page @va to physical @pa with @flags (PTE_US and
 * PTE_P are added), making the page table if needed. Returns 0, -EINVAL
 * (unaligned, or outside user space), -EEXIST or -ENOMEM. */
int uvm_map(u32 *pgdir, u32 va, u32 pa, u32 flags);

/* uvm_alloc - a zeroed frame of the process's own at @va (PTE_OWNED).
 * Returns the frame's physical address in *@pa, 0; or -ENOMEM, -EEXIST. */
int uvm_alloc(u32 *pgdir, u32 va, u32 flags, u32 *pa);

/* uvm_unmap - remove the mapping of user page @va (flushing the TLB when
 * @pgdir is loaded); its frame is freed when PTE_OWNED. Returns the old
 * PTE, 0 when nothing was mapped. */
u32 uvm_unmap(u32 *pgdir, u32 va);

/* uvm_pte - the PTE for @va in @pgdir, 0 when there is none. */
u32 uvm_pte(const u32 *pgdir, u32 va);

/* uvm_check - may ring 3 read (or, with @write, write) all of [@va,
 * @va + @len) in @pgdir? Inside user space, without wrapping, every page
 * present and user-accessible (and writable). Returns 0, or -EFAULT with
 * the first bad address in *@bad. Any context (it only reads). */
int uvm_check(const u32 *pgdir, u32 va, u32 len, bool write, u32 *bad);

/* uvm_sync_kernel_pde - a kernel-mode page fault at kernel address @addr
 * while a process's directory is loaded: if the kernel's own directory
 * has a page table there that was made after the process's copy (the
 * heap or ioremap grew), copy the PDE and return true (retry the access).
 * Linux's 32-bit vmalloc_fault() does the same. Interrupt context. */
bool uvm_sync_kernel_pde(u32 addr);

#endif
