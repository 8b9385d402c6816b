// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioctl(2) once in the kernel: the file held with fdget() for the call,
 * the commands the VFS answers for every file (close-on-exec,
 * non-blocking, async), then the file's ->unlocked_ioctl.
 */
#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "shims/syscalls.h"

static long vfs_ioctl(struct file *filp, unsigned int cmd,
		      unsigned long arg)
{
	long error;

	if (!filp->f_op->unlocked_ioctl)
		return -ENOTTY;
	error = filp->f_op->unlocked_ioctl(filp, cmd, arg);
	if (error == -ENOIOCTLCMD)
		error = -ENOTTY;
	return error;
}

/* The commands the VFS answers for every file. */
static long do_vfs_ioctl(struct file *filp, unsigned int fd,
			 unsigned int cmd, unsigned long arg)
{
	int __user *argp = (int __user *)arg;
	unsigned int flag;
	int on, error;

	switch (cmd) {
	case FIOCLEX:
		set_close_on_exec(fd, 1);
		return 0;
	case FIONCLEX:
		set_close_on_exec(fd, 0);
		return 0;
	case FIONBIO:
		if (get_user(on, argp))
			return -EFAULT;
		spin_lock(&filp->f_lock);
		if (on)
			filp->f_flags |= O_NONBLOCK;
		else
			filp->f_flags &= ~O_NONBLOCK;
		spin_unlock(&filp->f_lock);
		return 0;
	case FIOASYNC:
		if (get_user(on, argp))
			return -EFAULT;
		flag = on ? FASYNC : 0;
		error = 0;
		if ((flag ^ filp->f_flags) & FASYNC) {
			if (!filp->f_op->fasync)
				return -ENOTTY;
			error = filp->f_op->fasync(fd, filp, on);
		}
		if (error >= 0) {
			spin_lock(&filp->f_lock);
			filp->f_flags = (filp->f_flags & ~FASYNC) | flag;
			spin_unlock(&filp->f_lock);
			error = 0;
		}
		return error;
	}
	return -ENOIOCTLCMD;
}

long sim_ksys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct fd f;
	long error;

	f = fdget(fd);
	if (!fd_file(f))
		return -EBADF;
	error = do_vfs_ioctl(fd_file(f), fd, cmd, arg);
	if (error == -ENOIOCTLCMD)
		error = vfs_ioctl(fd_file(f), cmd, arg);
	fdput(f);
	return error;
}
