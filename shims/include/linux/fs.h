/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inodes, open files and file operations: the part of the VFS a char
 * device driver and the vfio core see.
 *
 * A struct file counts its references in f_count.  ->release runs exactly
 * once, from the final fput(), and only for a file whose open completed
 * (FMODE_OPENED); a file whose ->open failed is freed without it.  The
 * final fput() from a task of a simulated process is deferred to that
 * task's return to userspace (task_work), as in the kernel; from a kernel
 * thread or outside any simulated thread it runs at once (the kernel hands
 * it to a workqueue; see shims/fs/file_table.c).  Every change of f_count
 * or i_count is a scheduling point.
 *
 * Opening a char device (sim_sys_open() of a /dev path) builds an inode
 * with i_rdev and i_cdev, takes the cdev's reference and the fops owner's
 * module reference as chrdev_open() does, and the file holds both until
 * its final fput.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stat.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "sim/sched.h"

struct cdev;
struct cred;
struct dentry;
struct fs_context;
struct fs_parameter_spec;
struct module;
struct poll_table_struct;
struct seq_file;
struct vfsmount;
struct vm_area_struct;

typedef void *fl_owner_t;

/* f_mode bits. */
#define FMODE_READ		((__force fmode_t)(1 << 0))
#define FMODE_WRITE		((__force fmode_t)(1 << 1))
#define FMODE_LSEEK		((__force fmode_t)(1 << 2))
#define FMODE_PREAD		((__force fmode_t)(1 << 3))
#define FMODE_PWRITE		((__force fmode_t)(1 << 4))
#define FMODE_EXEC		((__force fmode_t)(1 << 5))
#define FMODE_WRITE_RESTRICTED	((__force fmode_t)(1 << 6))
#define FMODE_CAN_ATOMIC_WRITE	((__force fmode_t)(1 << 7))
#define FMODE_32BITHASH		((__force fmode_t)(1 << 9))
#define FMODE_64BITHASH		((__force fmode_t)(1 << 10))
#define FMODE_NOCMTIME		((__force fmode_t)(1 << 11))
#define FMODE_RANDOM		((__force fmode_t)(1 << 12))
#define FMODE_PATH		((__force fmode_t)(1 << 14))
#define FMODE_ATOMIC_POS	((__force fmode_t)(1 << 15))
#define FMODE_WRITER		((__force fmode_t)(1 << 16))
#define FMODE_CAN_READ		((__force fmode_t)(1 << 17))
#define FMODE_CAN_WRITE		((__force fmode_t)(1 << 18))
#define FMODE_OPENED		((__force fmode_t)(1 << 19))
#define FMODE_CREATED		((__force fmode_t)(1 << 20))
#define FMODE_STREAM		((__force fmode_t)(1 << 21))
#define FMODE_CAN_ODIRECT	((__force fmode_t)(1 << 22))
#define FMODE_NOREUSE		((__force fmode_t)(1 << 23))
#define FMODE_BACKING		((__force fmode_t)(1 << 24))
#define FMODE_NONOTIFY		((__force fmode_t)(1 << 25))
#define FMODE_NOWAIT		((__force fmode_t)(1 << 27))
#define FMODE_NEED_UNMOUNT	((__force fmode_t)(1 << 28))
#define FMODE_NOACCOUNT		((__force fmode_t)(1 << 29))

/* O_RDONLY / O_WRONLY / O_RDWR to FMODE_READ | FMODE_WRITE. */
#define OPEN_FMODE(flag)						\
	((__force fmode_t)((((flag) + 1) & O_ACCMODE)))

/* Superblock flags a pseudo filesystem sets. */
#define SB_NOUSER		(1U << 31)
#define SB_KERNMOUNT		(1U << 22)

/* Inode flags. */
#define S_PRIVATE		(1 << 9)

struct address_space_operations;

/*
 * The pages of an inode (or, for vfio, of every mmap of a device: the
 * device files point their f_mapping at one inode's).  Nothing is cached;
 * unmap_mapping_range() is only counted.
 */
struct address_space {
	struct inode *host;
	const struct address_space_operations *a_ops;
	unsigned long nrpages;
	/* simulation: unmap_mapping_range() calls on this mapping */
	unsigned long sim_unmap_calls;
};

struct super_block {
	unsigned long s_magic;
	struct file_system_type *s_type;
	unsigned long s_flags;
	char s_id[32];
	/* simulation: inodes alive on this superblock */
	long sim_nr_inodes;
};

struct inode {
	umode_t i_mode;
	unsigned int i_flags;
	unsigned long i_ino;
	dev_t i_rdev;
	atomic_t i_count;
	struct super_block *i_sb;
	struct address_space *i_mapping;
	struct address_space i_data;
	const struct file_operations *i_fop;
	struct cdev *i_cdev;
	struct list_head i_devices;
	void *i_private;
};

struct file {
	atomic_long_t f_count;
	spinlock_t f_lock;
	fmode_t f_mode;
	const struct file_operations *f_op;
	struct address_space *f_mapping;
	void *private_data;
	struct inode *f_inode;
	unsigned int f_flags;
	const struct cred *f_cred;
	loff_t f_pos;
	/* the deferred final fput */
	struct callback_head f_task_work;
	/* simulation: "/dev/vfio/7", "[vfio-device]" (reports) */
	char sim_name[48];
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	ssize_t (*read)(struct file *file, char __user *buf, size_t count,
			loff_t *ppos);
	ssize_t (*write)(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos);
	__poll_t (*poll)(struct file *file, struct poll_table_struct *pt);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd,
			       unsigned long arg);
	long (*compat_ioctl)(struct file *file, unsigned int cmd,
			     unsigned long arg);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	int (*open)(struct inode *inode, struct file *file);
	int (*flush)(struct file *file, fl_owner_t id);
	int (*release)(struct inode *inode, struct file *file);
	int (*fsync)(struct file *file, loff_t start, loff_t end,
		     int datasync);
	int (*fasync)(int fd, struct file *file, int on);
	void (*show_fdinfo)(struct seq_file *m, struct file *f);
};

struct file_system_type {
	const char *name;
	int fs_flags;
	int (*init_fs_context)(struct fs_context *fc);
	const struct fs_parameter_spec *parameters;
	void (*kill_sb)(struct super_block *sb);
	struct module *owner;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

#define iminor(inode)	((unsigned int)MINOR((inode)->i_rdev))
#define imajor(inode)	((unsigned int)MAJOR((inode)->i_rdev))

/*
 * References on files.  get_file() of a file whose count already dropped
 * to zero is the kernel's use-after-free warning; an fput() that takes the
 * count below zero fails the execution as a refcount underflow.
 */
struct file *__sim_get_file(struct file *f, const struct sim_loc *loc);
#define get_file(f)		__sim_get_file((f), SIM_AT(#f))
#define file_count(f)		atomic_long_read(&(f)->f_count)

/* Module references held by a file on its file_operations' owner. */
#define fops_get(fops)							\
	({								\
		const struct file_operations *__fops = (fops);		\
		((__fops && try_module_get(__fops->owner)) ? __fops : NULL); \
	})
#define fops_put(fops)							\
	do {								\
		const struct file_operations *__fops = (fops);		\
		if (__fops)						\
			module_put(__fops->owner);			\
	} while (0)
/* For ->open(): switch @f to @fops (already pinned by fops_get()). */
#define replace_fops(f, fops)						\
	do {								\
		struct file *__file = (f);				\
		fops_put(__file->f_op);					\
		BUG_ON(!(__file->f_op = (fops)));			\
	} while (0)

/* Inode references. */
void __sim_ihold(struct inode *inode, const struct sim_loc *loc);
void __sim_iput(struct inode *inode, const struct sim_loc *loc);
#define ihold(inode)		__sim_ihold((inode), SIM_AT(#inode))
#define iput(inode)		__sim_iput((inode), SIM_AT(#inode))

/* An inode of its own on a pseudo filesystem (vfio's device inode). */
struct inode *alloc_anon_inode(struct super_block *sb);

/*
 * Pinning an internal mount: the first simple_pin_fs() mounts @type (its
 * init_fs_context() runs), the last simple_release_fs() unmounts it; an
 * inode still alive then is reported as the kernel's "Busy inodes after
 * unmount".
 */
int simple_pin_fs(struct file_system_type *type, struct vfsmount **mount,
		  int *count);
void simple_release_fs(struct vfsmount **mount, int *count);
void kill_anon_super(struct super_block *sb);
void kill_litter_super(struct super_block *sb);

/* ->open() helpers and the llseek choices. */
int nonseekable_open(struct inode *inode, struct file *filp);
int stream_open(struct inode *inode, struct file *filp);
loff_t noop_llseek(struct file *file, loff_t offset, int whence);
/* Gone from 6.12 (a NULL ->llseek means the same); kept for older code. */
loff_t no_llseek(struct file *file, loff_t offset, int whence);

/* compat ioctls whose argument is a pointer: the native handler. */
long compat_ptr_ioctl(struct file *file, unsigned int cmd,
		      unsigned long arg);

/*
 * Zap the user mappings of @mapping's pages in a range.  There are no
 * page tables in the simulation: the call is counted in
 * mapping->sim_unmap_calls and noted in the trace, so a test can check
 * that a driver revoked its mappings.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows);

#endif /* _LINUX_FS_H */
