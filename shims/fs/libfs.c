// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inodes and the small filesystem library drivers use: anonymous inodes on
 * a pinned pseudo filesystem (vfio keeps one for its device inodes), the
 * ->open() and ->llseek() helpers, and unmap_mapping_range().
 *
 * Inodes live in kmalloc memory with a reference count: the last iput()
 * frees them.  A pseudo filesystem is mounted by the first simple_pin_fs()
 * (its init_fs_context() runs and the mount pins the filesystem's module)
 * and unmounted by the last simple_release_fs(); an inode still alive on
 * it then is the kernel's "Busy inodes after unmount" corruption report.
 */
#include <stdio.h>
#include <string.h>

#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "shims/vfs.h"

/* --- inodes --------------------------------------------------------------- */

static unsigned long last_ino;

static void libfs_begin(void)
{
	last_ino = 0;
}

static bool libfs_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(last_ino);
	return true;
}

static struct sim_exec_hook libfs_hook = {
	.name = "libfs",
	.order = SIM_HOOK_LIBFS,
	.begin = libfs_begin,
	.snapshot = libfs_snapshot,
};

static void __attribute__((constructor)) libfs_register(void)
{
	sim_register_exec_hook(&libfs_hook);
}

struct inode *sim_new_inode(struct super_block *sb, gfp_t gfp)
{
	struct inode *inode = kzalloc(sizeof(*inode), gfp);

	if (!inode)
		return NULL;
	__sim_atomic_set(&inode->i_count, 1);
	inode->i_sb = sb;
	sim_note_access(&last_ino, true);	/* numbers depend on order */
	inode->i_ino = ++last_ino;
	inode->i_data.host = inode;
	inode->i_mapping = &inode->i_data;
	INIT_LIST_HEAD(&inode->i_devices);
	if (sb)
		sb->sim_nr_inodes++;
	return inode;
}

void __sim_ihold(struct inode *inode, const struct sim_loc *loc)
{
	int old;

	sim_point(SIM_OP_REFCOUNT, inode, "ihold", loc);
	old = __sim_atomic_fetch_add(&inode->i_count, 1);
	if (unlikely(old < 1))
		__sim_warn_printf(loc, "ihold() of an inode with i_count %d",
				  old);
}

void __sim_iput(struct inode *inode, const struct sim_loc *loc)
{
	int old;

	if (!inode)
		return;
	__might_sleep_at(loc);
	sim_point(SIM_OP_REFCOUNT, inode, "iput", loc);
	old = __sim_atomic_fetch_add(&inode->i_count, -1);
	sim_note_counter(inode, old, -1, 1);	/* frees at 1 */
	if (unlikely(old < 1))
		sim_fail(SIM_FAIL_REFCOUNT, loc,
			 "iput() of an inode with i_count %d: underflow; "
			 "use-after-free condition present!", old);
	if (old > 1)
		return;
	if (inode->i_sb)
		inode->i_sb->sim_nr_inodes--;
	kfree(inode);
}

struct inode *alloc_anon_inode(struct super_block *sb)
{
	struct inode *inode = sim_new_inode(sb, GFP_KERNEL);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = S_IRUSR | S_IWUSR;
	inode->i_flags |= S_PRIVATE;
	return inode;
}

/* --- pseudo filesystems --------------------------------------------------- */

static DEFINE_SPINLOCK(pin_fs_lock);

static void pseudo_fs_free(struct fs_context *fc)
{
	kfree(fc->fs_private);
	fc->fs_private = NULL;
}

static const struct fs_context_operations pseudo_fs_context_ops = {
	.free = pseudo_fs_free,
};

struct pseudo_fs_context *init_pseudo(struct fs_context *fc,
				      unsigned long magic)
{
	struct pseudo_fs_context *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (likely(ctx)) {
		ctx->magic = magic;
		fc->fs_private = ctx;
		fc->ops = &pseudo_fs_context_ops;
		fc->sb_flags |= SB_NOUSER;
		fc->global = true;
	}
	return ctx;
}

static void generic_shutdown_super(struct super_block *sb)
{
	CHECK_DATA_CORRUPTION(sb->sim_nr_inodes != 0,
			      "VFS: Busy inodes after unmount of %s (%s)",
			      sb->s_id, sb->s_type->name);
}

void kill_anon_super(struct super_block *sb)
{
	generic_shutdown_super(sb);
}

void kill_litter_super(struct super_block *sb)
{
	generic_shutdown_super(sb);
}

/* Mount @type for the kernel: a superblock and a mount, one reference. */
static struct vfsmount *kern_mount_type(struct file_system_type *type)
{
	struct fs_context fc = {
		.fs_type = type,
		.sb_flags = SB_KERNMOUNT,
	};
	struct super_block *sb = NULL;
	struct vfsmount *mnt = NULL;
	unsigned long magic = 0;
	int ret = 0;

	if (type->init_fs_context)
		ret = type->init_fs_context(&fc);
	if (!ret && fc.fs_private && fc.ops == &pseudo_fs_context_ops)
		magic = ((struct pseudo_fs_context *)fc.fs_private)->magic;
	if (fc.ops && fc.ops->free)
		fc.ops->free(&fc);
	if (ret)
		return ERR_PTR(ret);
	sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	if (!sb || !mnt) {
		kfree(sb);
		kfree(mnt);
		return ERR_PTR(-ENOMEM);
	}
	__module_get(type->owner);
	sb->s_magic = magic;
	sb->s_type = type;
	sb->s_flags = fc.sb_flags;
	snprintf(sb->s_id, sizeof(sb->s_id), "%s", type->name);
	mnt->mnt_sb = sb;
	mnt->sim_count = 1;
	return mnt;
}

static void mntput(struct vfsmount *mnt)
{
	struct super_block *sb;
	struct file_system_type *type;

	if (!mnt || --mnt->sim_count)
		return;
	sb = mnt->mnt_sb;
	type = sb->s_type;
	if (type->kill_sb)
		type->kill_sb(sb);
	else
		generic_shutdown_super(sb);
	module_put(type->owner);
	kfree(sb);
	kfree(mnt);
}

int simple_pin_fs(struct file_system_type *type, struct vfsmount **mount,
		  int *count)
{
	struct vfsmount *mnt = NULL;

	spin_lock(&pin_fs_lock);
	if (unlikely(!*mount)) {
		spin_unlock(&pin_fs_lock);
		mnt = kern_mount_type(type);
		if (IS_ERR(mnt))
			return PTR_ERR(mnt);
		spin_lock(&pin_fs_lock);
		if (!*mount)
			*mount = mnt;
	}
	(*mount)->sim_count++;
	++*count;
	spin_unlock(&pin_fs_lock);
	mntput(mnt);
	return 0;
}

void simple_release_fs(struct vfsmount **mount, int *count)
{
	struct vfsmount *mnt;

	spin_lock(&pin_fs_lock);
	mnt = *mount;
	if (!--*count)
		*mount = NULL;
	spin_unlock(&pin_fs_lock);
	mntput(mnt);
}

/* --- ->open, ->llseek, ioctl and mapping helpers -------------------------- */

int nonseekable_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

int stream_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE |
			  FMODE_ATOMIC_POS);
	filp->f_mode |= FMODE_STREAM;
	return 0;
}

loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos;
}

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

long compat_ptr_ioctl(struct file *file, unsigned int cmd,
		      unsigned long arg)
{
	if (!file->f_op->unlocked_ioctl)
		return -ENOIOCTLCMD;
	return file->f_op->unlocked_ioctl(file, cmd, arg);
}

void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows)
{
	mapping->sim_unmap_calls++;
	sim_trace_note("unmap_mapping_range", mapping, (long)holebegin,
		       SIM_HERE);
}
