/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address spaces and mappings, as far as an mmap handler sees them.  A
 * simulated process has one mm_struct: its user memory (shims/user.h,
 * what copy_from_user() and friends reach) and its mappings, which
 * sim_ksys_mmap() builds and hands to the file's ->mmap.  There are no
 * page tables: the pages of a mapping are never touched.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/completion.h>
#include <linux/rbtree_types.h>
#include <linux/types.h>

struct file;
/* Pages are never touched: their descriptors exist only as pointers. */
struct page;
struct vm_operations_struct;

typedef unsigned long vm_flags_t;

typedef struct {
	unsigned long pgprot;
} pgprot_t;

#define pgprot_val(x)		((x).pgprot)
#define __pgprot(x)		((pgprot_t){ (x) })

/* Mappings a process may have. */
#define SIM_MAX_VMAS		16
/* Read-only ranges of a process's user memory (sim_user_protect()). */
#define SIM_MAX_RO		8

struct mm_struct {
	unsigned long task_size;
	int map_count;
	/* simulation: the mappings, and where the next one goes */
	struct vm_area_struct *sim_vmas[SIM_MAX_VMAS];
	unsigned long sim_mmap_next;
	/*
	 * simulation: the user memory (sim_mm_init()), bytes [0, sim_dirty)
	 * of it may be non-zero; sim_dead: exit_mm() ran, nothing is mapped
	 */
	unsigned char *sim_mem;
	size_t sim_dirty;
	bool sim_dead;
	/*
	 * simulation: ranges of the user memory mapped read-only
	 * (sim_user_protect(): offsets from its start, [start, end))
	 */
	unsigned int sim_nr_ro;
	struct {
		size_t start, end;
	} sim_ro[SIM_MAX_RO];
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	/* change through vm_flags_set() and friends */
	union {
		const vm_flags_t vm_flags;
		vm_flags_t __private __vm_flags;
	};
	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
	const struct vm_operations_struct *vm_ops;
};

typedef unsigned int __bitwise vm_fault_t;

enum vm_fault_reason {
	VM_FAULT_OOM		= (__force vm_fault_t)0x000001,
	VM_FAULT_SIGBUS		= (__force vm_fault_t)0x000002,
	VM_FAULT_MAJOR		= (__force vm_fault_t)0x000004,
	VM_FAULT_HWPOISON	= (__force vm_fault_t)0x000010,
	VM_FAULT_SIGSEGV	= (__force vm_fault_t)0x000040,
	VM_FAULT_NOPAGE		= (__force vm_fault_t)0x000100,
	VM_FAULT_LOCKED		= (__force vm_fault_t)0x000200,
	VM_FAULT_RETRY		= (__force vm_fault_t)0x000400,
	VM_FAULT_FALLBACK	= (__force vm_fault_t)0x000800,
	VM_FAULT_DONE_COW	= (__force vm_fault_t)0x001000,
	VM_FAULT_NEEDDSYNC	= (__force vm_fault_t)0x002000,
	VM_FAULT_COMPLETED	= (__force vm_fault_t)0x004000,
};

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned int flags;
	pgoff_t pgoff;
	unsigned long address;
};

#endif /* _LINUX_MM_TYPES_H */
