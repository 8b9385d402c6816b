/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal mounts of pseudo filesystems (simple_pin_fs()). */
#ifndef _LINUX_MOUNT_H
#define _LINUX_MOUNT_H

#include <linux/types.h>

struct dentry;
struct super_block;

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	int mnt_flags;
	/* simulation: references (one per simple_pin_fs()) */
	int sim_count;
};

#endif /* _LINUX_MOUNT_H */
