// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap(2) of a file once in the kernel, and the mappings' end at process
 * exit: a shared mapping of the file at the next free address of the
 * current task's mm (a guard page between mappings), handed to the file's
 * ->mmap; the mapping holds a reference on the file until it is removed.
 * No page is ever touched.
 */
#include <sys/mman.h>

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "shims/syscalls.h"

static void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

static long do_mmap(struct mm_struct *mm, struct file *file, size_t len,
		    int prot, unsigned long pgoff)
{
	struct vm_area_struct *vma;
	vm_flags_t vm_flags;
	int error;

	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > SIM_TASK_SIZE - mm->sim_mmap_next)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (!file->f_op->mmap)
		return -ENODEV;
	/* a shared mapping of the file */
	if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
		return -EACCES;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (mm->map_count == SIM_MAX_VMAS)
		return -ENOMEM;
	vm_flags = VM_SHARED | VM_MAYSHARE | VM_MAYREAD | VM_MAYEXEC;
	if (file->f_mode & FMODE_WRITE)
		vm_flags |= VM_MAYWRITE;
	if (prot & PROT_READ)
		vm_flags |= VM_READ;
	if (prot & PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm_flags |= VM_EXEC;
	vma = kzalloc(sizeof(*vma), GFP_KERNEL);
	if (!vma)
		return -ENOMEM;
	vma->vm_mm = mm;
	vma->vm_start = mm->sim_mmap_next;
	vma->vm_end = mm->sim_mmap_next + len;
	vma->vm_pgoff = pgoff;
	vm_flags_init(vma, vm_flags);
	vma->vm_file = get_file(file);
	error = file->f_op->mmap(file, vma);
	if (error) {
		vma->vm_ops = NULL;
		remove_vma(vma);
		return error;
	}
	mm->sim_vmas[mm->map_count++] = vma;
	/* a guard page between mappings */
	mm->sim_mmap_next = vma->vm_end + PAGE_SIZE;
	return vma->vm_start;
}

long sim_ksys_mmap(unsigned int fd, size_t len, int prot,
		   unsigned long pgoff)
{
	struct file *file;
	long ret;

	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = do_mmap(current->mm, file, len, prot, pgoff);
	fput(file);
	return ret;
}

void sim_exit_mmap(struct mm_struct *mm)
{
	for (int i = 0; i < mm->map_count; i++)
		remove_vma(mm->sim_vmas[i]);
	mm->map_count = 0;
}
