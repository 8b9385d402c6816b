/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Files without a path of their own (vfio device fds, eventfds ...): all
 * share one anonymous inode.  The file holds a reference on the module
 * that owns @fops until its final fput; -ENOENT when that module is going
 * away, -ENOMEM when the file cannot be allocated.
 */
#ifndef _LINUX_ANON_INODES_H
#define _LINUX_ANON_INODES_H

#include <linux/types.h>

struct file_operations;
struct inode;

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags);
struct file *anon_inode_getfile_fmode(const char *name,
				      const struct file_operations *fops,
				      void *priv, int flags, fmode_t f_mode);
/* A new descriptor in the current process, or -errno. */
int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags);

#endif /* _LINUX_ANON_INODES_H */
