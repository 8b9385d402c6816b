/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel half of the system calls the simulated userspace makes: what
 * runs once the call is in the kernel, on the current task's descriptor
 * table and address space.  The userspace half (world/proc/syscalls.c)
 * makes the entry a scheduling point and runs the task's pending work on
 * the way out (sim_exit_to_user()).
 *
 * The paths follow the kernel's: open reserves a descriptor, opens the
 * char device node (sim_vfs_open_chrdev()), then installs it; close takes
 * the descriptor out of the table, calls ->flush and drops the table's
 * reference with __fput_sync() as 6.12's close(2) does; ioctl, read,
 * write and fstat hold the file with fdget() for their duration; mmap
 * holds it with fget() and the mapping keeps a reference until the
 * process exits.  Each returns what the system call returns: a
 * non-negative result or -errno.
 */
#ifndef _SHIMS_SYSCALLS_H
#define _SHIMS_SYSCALLS_H

#include <stddef.h>

struct files_struct;
struct mm_struct;

int sim_ksys_open(const char *path, int flags);
int sim_ksys_close(unsigned int fd);
int sim_ksys_dup(unsigned int fd);
long sim_ksys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sim_ksys_read(unsigned int fd, unsigned long ubuf, size_t len);
long sim_ksys_write(unsigned int fd, unsigned long ubuf, size_t len);
long sim_ksys_mmap(unsigned int fd, size_t len, int prot,
		   unsigned long pgoff);
/* fstat's st_rdev of @fd. */
int sim_ksys_fstat_rdev(unsigned int fd, unsigned int *major,
			unsigned int *minor);

/*
 * Process exit, in the kernel's order: exit_mm() (every mapping removed:
 * ->close, the file's reference dropped), then exit_files() (every
 * descriptor flushed and its reference dropped, in order; the table is
 * dead for every thread), then the address space is gone (user memory
 * faults from then on).
 */
void sim_exit_mmap(struct mm_struct *mm);
void sim_exit_files(struct files_struct *files);
void sim_exit_mm(struct mm_struct *mm);

#endif /* _SHIMS_SYSCALLS_H */
