// SPDX-License-Identifier: GPL-2.0-only
/*
 * open(2) of a char device node, the way the VFS does it: a file, the
 * node's inode, the default char device operations, whose ->open (what
 * chrdev_open() does) finds the cdev mapped at the inode's device number,
 * pins it and its owner, switches the file to the cdev's operations and
 * calls their ->open; the file is then FMODE_OPENED.  When anything fails
 * the references taken so far are dropped and the file is freed without
 * ->release.
 *
 * Unlike the kernel, every open gets an inode of its own (devtmpfs keeps
 * one per node, and caches its cdev in i_cdev); the inode is not put on
 * the cdev's list of inodes, so cdev_del() never reaches it.  Whether a
 * cdev is still there is decided by sim_cdev_get() at every open, as it is
 * by kobj_lookup() for an inode that has no cdev cached.
 *
 * Also the kernel half of open(2) and close(2) (shims/syscalls.h): a path
 * under /dev is looked up in devtmpfs; close() drops the descriptor's
 * reference with __fput_sync(), as 6.12 does, so a close() that drops the
 * last reference releases the file before it returns.
 */
#include <string.h>

#include <linux/cdev.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"
#include "shims/devices.h"
#include "shims/syscalls.h"
#include "shims/vfs.h"

static struct super_block devtmpfs_sb = {
	.s_magic = 0x01021994,		/* TMPFS_MAGIC */
	.s_id = "devtmpfs",
};

static int chrdev_open(struct inode *inode, struct file *filp)
{
	const struct file_operations *fops;
	struct cdev *p;
	int ret;

	p = sim_cdev_get(inode->i_rdev);
	if (!p)
		return -ENXIO;
	inode->i_cdev = p;
	ret = -ENXIO;
	fops = fops_get(p->ops);
	if (!fops)
		goto out_cdev_put;
	replace_fops(filp, fops);
	if (filp->f_op->open) {
		ret = filp->f_op->open(inode, filp);
		if (ret)
			goto out_cdev_put;
	}
	return 0;

out_cdev_put:
	sim_cdev_put(p);
	return ret;
}

static const struct file_operations def_chr_fops = {
	.open = chrdev_open,
	.llseek = noop_llseek,
};

static int do_dentry_open(struct file *f, struct inode *inode)
{
	int error;

	f->f_inode = inode;
	f->f_mapping = inode->i_mapping;
	f->f_op = fops_get(inode->i_fop);
	if (WARN_ON(!f->f_op)) {
		error = -ENODEV;
		goto cleanup_all;
	}
	/* normally all three; ->open may clear them */
	f->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if (f->f_op->open) {
		error = f->f_op->open(inode, f);
		if (error)
			goto cleanup_all;
	}
	f->f_mode |= FMODE_OPENED;
	if ((f->f_mode & FMODE_READ) && f->f_op->read)
		f->f_mode |= FMODE_CAN_READ;
	if ((f->f_mode & FMODE_WRITE) && f->f_op->write)
		f->f_mode |= FMODE_CAN_WRITE;
	if ((f->f_mode & FMODE_LSEEK) && !f->f_op->llseek)
		f->f_mode &= ~FMODE_LSEEK;
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	return 0;

cleanup_all:
	if (WARN_ON_ONCE(error > 0))
		error = -EINVAL;
	fops_put(f->f_op);
	f->f_op = NULL;
	f->f_inode = NULL;
	return error;
}

struct file *sim_vfs_open_chrdev(const char *path, dev_t devt, umode_t mode,
				 int flags)
{
	struct inode *inode;
	struct file *f;
	int error;

	f = sim_alloc_empty_file(flags & ~O_CLOEXEC, path);
	if (IS_ERR(f))
		return f;
	/*
	 * The node's inode exists before open(2) in the kernel: making it
	 * here is not an allocation the kernel could fail.
	 */
	inode = sim_new_inode(&devtmpfs_sb, GFP_KERNEL | __GFP_NOFAIL);
	inode->i_mode = mode;
	inode->i_rdev = devt;
	inode->i_fop = &def_chr_fops;
	error = do_dentry_open(f, inode);
	if (error) {
		iput(inode);
		fput(f);
		return ERR_PTR(error);
	}
	return f;
}

/* --- open(2) and close(2) ------------------------------------------------- */

static struct file *do_open(const char *path, int flags)
{
	umode_t mode;
	dev_t devt;
	int err;

	if (!path || strncmp(path, "/dev/", 5))
		return ERR_PTR(-ENOENT);
	err = sim_devtmpfs_lookup(path, &devt, &mode);
	if (err)
		return ERR_PTR(err);
	if (!S_ISCHR(mode))
		return ERR_PTR(-ENXIO);
	return sim_vfs_open_chrdev(path, devt, mode, flags);
}

int sim_ksys_open(const char *path, int flags)
{
	struct file *f;
	int fd;

	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		f = do_open(path, flags);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	return fd;
}

int filp_flush(struct file *filp, fl_owner_t id)
{
	if (CHECK_DATA_CORRUPTION(file_count(filp) == 0,
				  "VFS: Close: file count is 0 (f_op=%p)",
				  filp->f_op))
		return 0;
	if (filp->f_op->flush)
		return filp->f_op->flush(filp, id);
	return 0;
}

int sim_ksys_close(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *file;
	int ret;

	file = sim_files_close_fd(files, fd);
	if (!file)
		return -EBADF;
	ret = filp_flush(file, files);
	__fput_sync(file);
	/* the descriptor is gone: the call cannot be restarted */
	if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	    ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK)
		ret = -EINTR;
	return ret;
}
