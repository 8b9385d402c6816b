/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the VFS shims offer the layers above (the kernel half of the
 * system calls, shims/syscalls.h, and tests): empty files, opening a char
 * device node as open(2) does, and the inode and superblock helpers behind
 * them.  Kernel code never calls these.
 */
#ifndef _SHIMS_VFS_H
#define _SHIMS_VFS_H

#include <linux/fs.h>
#include <linux/types.h>

#include "sim/sched.h"

/*
 * A new file with one reference, f_flags @flags, f_mode from the access
 * mode, the current task's credentials; ERR_PTR(-ENOMEM).  Not yet opened:
 * an fput() frees it without ->release.
 */
struct file *sim_alloc_empty_file(unsigned int flags, const char *name);
/* The name given at allocation (for reports). */
const char *sim_file_name(const struct file *file);

/*
 * open(2) of the char device node @devt (inode mode @mode) found at
 * @path: an inode of its own, then what chrdev_open() does (the cdev and
 * its owner pinned, the cdev's file_operations in place of the default
 * ones, their ->open called), then FMODE_OPENED.  Returns the file or an
 * ERR_PTR: -ENXIO when no cdev is mapped at @devt, ->open's error.  On
 * failure nothing is left behind (no file, no reference).
 */
struct file *sim_vfs_open_chrdev(const char *path, dev_t devt, umode_t mode,
				 int flags);

/* An inode with one reference on @sb (which may be NULL). */
struct inode *sim_new_inode(struct super_block *sb, gfp_t gfp);

#endif /* _SHIMS_VFS_H */
