// SPDX-License-Identifier: GPL-2.0-only
/*
 * read(2), write(2) and fstat(2) once in the kernel: the file held with
 * fdget() for the call, the checks vfs_read() and vfs_write() make before
 * they call the file's ->read and ->write, and the file position (none
 * for a stream).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "shims/syscalls.h"

/* The largest read or write, as the kernel's MAX_RW_COUNT. */
#define MAX_RW_COUNT		(INT_MAX & PAGE_MASK)

/* Where a read or write starts: none for a stream. */
static loff_t *file_ppos(struct file *file)
{
	return file->f_mode & FMODE_STREAM ? NULL : &file->f_pos;
}

static long vfs_read(struct file *file, char __user *buf, size_t count,
		     loff_t *pos)
{
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!(file->f_mode & FMODE_CAN_READ))
		return -EINVAL;
	if (unlikely(!access_ok(buf, count)))
		return -EFAULT;
	if (pos && *pos < 0)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!file->f_op->read)
		return -EINVAL;
	return file->f_op->read(file, buf, count, pos);
}

static long vfs_write(struct file *file, const char __user *buf,
		      size_t count, loff_t *pos)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!(file->f_mode & FMODE_CAN_WRITE))
		return -EINVAL;
	if (unlikely(!access_ok(buf, count)))
		return -EFAULT;
	if (pos && *pos < 0)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!file->f_op->write)
		return -EINVAL;
	return file->f_op->write(file, buf, count, pos);
}

long sim_ksys_read(unsigned int fd, unsigned long ubuf, size_t len)
{
	loff_t pos, *ppos;
	struct fd f;
	long ret;

	f = fdget_pos(fd);
	if (!fd_file(f))
		return -EBADF;
	ppos = file_ppos(fd_file(f));
	if (ppos) {
		pos = *ppos;
		ppos = &pos;
	}
	ret = vfs_read(fd_file(f), (char __user *)ubuf, len, ppos);
	if (ret >= 0 && ppos)
		fd_file(f)->f_pos = pos;
	fdput_pos(f);
	return ret;
}

long sim_ksys_write(unsigned int fd, unsigned long ubuf, size_t len)
{
	loff_t pos, *ppos;
	struct fd f;
	long ret;

	f = fdget_pos(fd);
	if (!fd_file(f))
		return -EBADF;
	ppos = file_ppos(fd_file(f));
	if (ppos) {
		pos = *ppos;
		ppos = &pos;
	}
	ret = vfs_write(fd_file(f), (const char __user *)ubuf, len, ppos);
	if (ret >= 0 && ppos)
		fd_file(f)->f_pos = pos;
	fdput_pos(f);
	return ret;
}

int sim_ksys_fstat_rdev(unsigned int fd, unsigned int *major,
			unsigned int *minor)
{
	struct fd f;
	dev_t rdev;

	f = fdget(fd);
	if (!fd_file(f))
		return -EBADF;
	rdev = file_inode(fd_file(f))->i_rdev;
	fdput(f);
	if (major)
		*major = MAJOR(rdev);
	if (minor)
		*minor = MINOR(rdev);
	return 0;
}
