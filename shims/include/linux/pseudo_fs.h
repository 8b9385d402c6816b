/* SPDX-License-Identifier: GPL-2.0-only */
/* Pseudo filesystems: a magic number and nothing a user can mount. */
#ifndef __LINUX_PSEUDO_FS__
#define __LINUX_PSEUDO_FS__

#include <linux/fs_context.h>

struct dentry_operations;
struct super_operations;
struct xattr_handler;

struct pseudo_fs_context {
	const struct super_operations *ops;
	const struct xattr_handler * const *xattr;
	const struct dentry_operations *dops;
	unsigned long magic;
};

/* NULL when the context cannot be allocated. */
struct pseudo_fs_context *init_pseudo(struct fs_context *fc,
				      unsigned long magic);

#endif /* __LINUX_PSEUDO_FS__ */
