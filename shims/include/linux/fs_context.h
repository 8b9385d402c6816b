/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The context a filesystem's init_fs_context() fills when it is mounted;
 * for the pseudo filesystems drivers keep (vfio's), init_pseudo() is all
 * that is called on it.
 */
#ifndef _LINUX_FS_CONTEXT_H
#define _LINUX_FS_CONTEXT_H

#include <linux/fs.h>
#include <linux/types.h>

struct fs_context;

struct fs_context_operations {
	void (*free)(struct fs_context *fc);
	int (*get_tree)(struct fs_context *fc);
};

struct fs_context {
	const struct fs_context_operations *ops;
	struct file_system_type *fs_type;
	void *fs_private;
	unsigned int sb_flags;
	bool global;
};

#endif /* _LINUX_FS_CONTEXT_H */
