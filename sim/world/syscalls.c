// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system calls of the simulated userspace.  Each one is a scheduling
 * point when it enters the kernel (so that the explorer interleaves system
 * calls), runs in the calling thread as that thread's task, and ends with
 * the way back to userspace: pending task work (deferred fputs) runs
 * there, in the calling task.
 *
 * The paths follow the kernel's: open reserves a descriptor, then opens
 * (see sim_vfs_open_chrdev()), then installs; close takes the descriptor
 * out of the table, calls ->flush and drops the table's reference with
 * __fput_sync() as 6.12's close(2) does; ioctl, read, write and fstat hold
 * the file with fdget() for their duration; mmap holds it with fget() and
 * the mapping keeps a reference until the process exits.
 */
#include <string.h>
#include <sys/mman.h>

#include <asm/ioctls.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "internal.h"
#include "sim/devices.h"
#include "sim/vfs.h"

/* sys_*: the largest read or write, as the kernel's MAX_RW_COUNT. */
#define MAX_RW_COUNT		(INT_MAX & PAGE_MASK)

/*
 * Entering the kernel: who calls, and the scheduling point @what; the
 * trace notes the argument as "@what @argname = @arg".
 */
static struct sim_proc *sys_enter(const char *what, const char *note,
				  long arg, const struct sim_loc *loc)
{
	struct task_struct *t = current;
	struct sim_proc *p = t->sim_proc;

	if (!p)
		sim_fail(SIM_FAIL_ASSERT, loc, "%s: %s is not a thread of a "
			 "simulated process (sim_world_attach())", what,
			 sim_current ? sim_thread_name(sim_current_tid()) :
			 "code outside simulated threads");
	if (p->dead)
		sim_fail(SIM_FAIL_ASSERT, loc, "%s: process %s (pid %d) has "
			 "exited", what, p->name, p->pid);
	sim_point(SIM_OP_USER, p, what, loc);
	if (note)
		sim_trace_note(note, NULL, arg, loc);
	return p;
}

/* Back to userspace with @ret, noted as "@note = @ret". */
static long sys_exit(long ret, const char *note, const struct sim_loc *loc)
{
	world_exit_to_user(loc);
	sim_trace_note(note, NULL, ret, loc);
	return ret;
}

/* --- open, close, dup ---------------------------------------------------- */

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

int sim_sys_open(const char *path, int flags)
{
	const struct sim_loc *loc = SIM_HERE;
	struct file *f;
	int fd;

	sys_enter("sys_open", "sys_open flags", flags, loc);
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
	return sys_exit(fd, "sys_open returns", loc);
}

/* ->flush, as at every close of a descriptor. */
static int filp_flush(struct file *filp, fl_owner_t id)
{
	if (CHECK_DATA_CORRUPTION(file_count(filp) == 0,
				  "VFS: Close: file count is 0 (f_op=%p)",
				  filp->f_op))
		return 0;
	if (filp->f_op->flush)
		return filp->f_op->flush(filp, id);
	return 0;
}

int sim_sys_close(int fd)
{
	const struct sim_loc *loc = SIM_HERE;
	struct sim_proc *p = sys_enter("sys_close", "sys_close fd", fd, loc);
	struct file *file;
	int ret;

	file = world_file_close_fd(&p->files, fd);
	if (!file)
		return sys_exit(-EBADF, "sys_close returns", loc);
	ret = filp_flush(file, &p->files);
	__fput_sync(file);
	/* the descriptor is gone: the call cannot be restarted */
	if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	    ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK)
		ret = -EINTR;
	return sys_exit(ret, "sys_close returns", loc);
}

int sim_sys_dup(int fd)
{
	const struct sim_loc *loc = SIM_HERE;
	struct file *file;
	int ret = -EBADF;

	sys_enter("sys_dup", "sys_dup fd", fd, loc);
	file = fget_raw(fd);
	if (file) {
		ret = get_unused_fd_flags(0);
		if (ret >= 0)
			fd_install(ret, file);
		else
			fput(file);
	}
	return sys_exit(ret, "sys_dup returns", loc);
}

/* --- ioctl, read, write, fstat ------------------------------------------- */

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

long sim_sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	const struct sim_loc *loc = SIM_HERE;
	struct fd f;
	long error;

	sys_enter("sys_ioctl", "sys_ioctl fd", fd, loc);
	f = fdget(fd);
	if (!fd_file(f))
		return sys_exit(-EBADF, "sys_ioctl returns", loc);
	error = do_vfs_ioctl(fd_file(f), fd, cmd, arg);
	if (error == -ENOIOCTLCMD)
		error = vfs_ioctl(fd_file(f), cmd, arg);
	fdput(f);
	return sys_exit(error, "sys_ioctl returns", loc);
}

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

long sim_sys_read(int fd, unsigned long ubuf, size_t len)
{
	const struct sim_loc *loc = SIM_HERE;
	loff_t pos, *ppos;
	struct fd f;
	long ret;

	sys_enter("sys_read", "sys_read fd", fd, loc);
	f = fdget_pos(fd);
	if (!fd_file(f))
		return sys_exit(-EBADF, "sys_read returns", loc);
	ppos = file_ppos(fd_file(f));
	if (ppos) {
		pos = *ppos;
		ppos = &pos;
	}
	ret = vfs_read(fd_file(f), (char __user *)ubuf, len, ppos);
	if (ret >= 0 && ppos)
		fd_file(f)->f_pos = pos;
	fdput_pos(f);
	return sys_exit(ret, "sys_read returns", loc);
}

long sim_sys_write(int fd, unsigned long ubuf, size_t len)
{
	const struct sim_loc *loc = SIM_HERE;
	loff_t pos, *ppos;
	struct fd f;
	long ret;

	sys_enter("sys_write", "sys_write fd", fd, loc);
	f = fdget_pos(fd);
	if (!fd_file(f))
		return sys_exit(-EBADF, "sys_write returns", loc);
	ppos = file_ppos(fd_file(f));
	if (ppos) {
		pos = *ppos;
		ppos = &pos;
	}
	ret = vfs_write(fd_file(f), (const char __user *)ubuf, len, ppos);
	if (ret >= 0 && ppos)
		fd_file(f)->f_pos = pos;
	fdput_pos(f);
	return sys_exit(ret, "sys_write returns", loc);
}

int sim_sys_fstat_rdev(int fd, unsigned int *major, unsigned int *minor)
{
	const struct sim_loc *loc = SIM_HERE;
	struct fd f;
	dev_t rdev;

	sys_enter("sys_fstat", "sys_fstat fd", fd, loc);
	f = fdget(fd);
	if (!fd_file(f))
		return sys_exit(-EBADF, "sys_fstat returns", loc);
	rdev = file_inode(fd_file(f))->i_rdev;
	fdput(f);
	if (major)
		*major = MAJOR(rdev);
	if (minor)
		*minor = MINOR(rdev);
	return sys_exit(0, "sys_fstat returns", loc);
}

/* --- mmap ---------------------------------------------------------------- */

static void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kfree(vma);
}

static long do_mmap(struct sim_proc *p, struct file *file, size_t len,
		    int prot, unsigned long pgoff)
{
	struct vm_area_struct *vma;
	vm_flags_t vm_flags;
	int error;

	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > SIM_TASK_SIZE - p->mmap_next)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (!file->f_op->mmap)
		return -ENODEV;
	/* a shared mapping of the file */
	if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
		return -EACCES;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (p->nr_vmas == SIM_MAX_VMAS)
		return -ENOMEM;
	vm_flags = VM_SHARED | VM_MAYSHARE | VM_MAYREAD | VM_MAYEXEC;
	if (file->f_mode & FMODE_WRITE)
		vm_flags |= VM_MAYWRITE;
	if (prot & PROT_READ)
		vm_flags |= VM_READ;
	if (prot & PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm_flags |= VM_EXEC;
	vma = kzalloc(sizeof(*vma), GFP_KERNEL);
	if (!vma)
		return -ENOMEM;
	vma->vm_mm = &p->mm;
	vma->vm_start = p->mmap_next;
	vma->vm_end = p->mmap_next + len;
	vma->vm_pgoff = pgoff;
	vm_flags_init(vma, vm_flags);
	vma->vm_file = get_file(file);
	error = file->f_op->mmap(file, vma);
	if (error) {
		vma->vm_ops = NULL;
		remove_vma(vma);
		return error;
	}
	p->vmas[p->nr_vmas++] = vma;
	p->mm.map_count++;
	/* a guard page between mappings */
	p->mmap_next = vma->vm_end + PAGE_SIZE;
	return vma->vm_start;
}

long sim_sys_mmap(int fd, size_t len, int prot, unsigned long pgoff)
{
	const struct sim_loc *loc = SIM_HERE;
	struct sim_proc *p = sys_enter("sys_mmap", "sys_mmap fd", fd, loc);
	struct file *file;
	long ret;

	file = fget(fd);
	if (!file)
		return sys_exit(-EBADF, "sys_mmap returns", loc);
	ret = do_mmap(p, file, len, prot, pgoff);
	fput(file);
	return sys_exit(ret, "sys_mmap returns", loc);
}

/* --- sysfs --------------------------------------------------------------- */

/* A sysfs read, listing or readlink as one system call. */
static long sysfs_call(const char *name, const char *returns,
		       long (*op)(const char *, char *, size_t),
		       const char *path, char *buf, size_t len,
		       const struct sim_loc *loc)
{
	sys_enter(name, NULL, 0, loc);
	return sys_exit(op(path, buf, len), returns, loc);
}

long sim_sys_read_path(const char *path, char *buf, size_t len)
{
	return sysfs_call("sys_read_path", "sys_read_path returns",
			  sim_sysfs_read, path, buf, len, SIM_HERE);
}

long sim_sys_list_path(const char *path, char *buf, size_t len)
{
	return sysfs_call("sys_list_path", "sys_list_path returns",
			  sim_sysfs_list, path, buf, len, SIM_HERE);
}

long sim_sys_readlink(const char *path, char *buf, size_t len)
{
	return sysfs_call("sys_readlink", "sys_readlink returns",
			  sim_sysfs_readlink, path, buf, len, SIM_HERE);
}

/* --- exit ---------------------------------------------------------------- */

void world_proc_exit_files(struct sim_proc *p)
{
	/* exit_mm(): the mappings go first */
	for (int i = 0; i < p->nr_vmas; i++)
		remove_vma(p->vmas[i]);
	p->nr_vmas = 0;
	p->mm.map_count = 0;
	/* exit_files(): then every descriptor, in order */
	for (unsigned int fd = 0; fd < SIM_MAX_FDS; fd++) {
		struct file *file = world_file_close_fd(&p->files, fd);

		if (file) {
			filp_flush(file, &p->files);
			fput(file);
		}
	}
	p->files.open_fds = 0;
	p->files.close_on_exec = 0;
	p->dead = true;
}

void sim_sys_exit(void)
{
	const struct sim_loc *loc = SIM_HERE;
	struct sim_proc *p = sys_enter("sys_exit", NULL, 0, loc);

	world_proc_exit_files(p);
	/* exit_task_work(): the deferred fputs run in the exiting task */
	sim_point(SIM_OP_USER, p, "exit_task_work", loc);
	world_task_exit(current);
}
