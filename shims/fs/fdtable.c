// SPDX-License-Identifier: GPL-2.0-only
/*
 * The descriptor table of the current task (its process's): the kernel's
 * fd_install(), get_unused_fd_flags(), fget() and fdget() on it, dup(),
 * and the table's end at process exit.
 *
 * The table changes only between scheduling points, as it would under the
 * kernel's file_lock; looking a descriptor up and taking a reference on its
 * file is one scheduling point, so a concurrent close() either comes before
 * (the lookup fails) or after (the reference keeps the file alive).
 */
#include <stdio.h>

#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "internal.h"
#include "shims/syscalls.h"
#include "shims/vfs.h"
#include "sim/race.h"

static inline uint64_t fd_bit(unsigned int fd)
{
	return 1ull << fd;
}

/* The current task's table; kernel threads have none here. */
static struct files_struct *cur_files(const char *what,
				      const struct sim_loc *loc)
{
	struct task_struct *t = current;

	if (!loc)
		loc = SIM_HERE;
	if (unlikely(!t->files || t->files->sim_dead))
		__sim_warn_printf(loc, "%s() in %s (pid %d), which has no "
				  "descriptor table", what, t->comm, t->pid);
	return t->files;
}

int get_unused_fd_flags(unsigned int flags)
{
	struct files_struct *files = cur_files("get_unused_fd_flags",
					      SIM_HERE);
	unsigned int fd;

	if (files->open_fds == ~0ull >> (64 - SIM_MAX_FDS))
		return -EMFILE;
	fd = __builtin_ctzll(~files->open_fds);
	if (fd >= SIM_MAX_FDS)
		return -EMFILE;
	files->open_fds |= fd_bit(fd);
	files->sim_name[fd][0] = 0;
	if (flags & O_CLOEXEC)
		files->close_on_exec |= fd_bit(fd);
	else
		files->close_on_exec &= ~fd_bit(fd);
	if (files->fd[fd]) {
		pr_warn("alloc_fd: slot %u not NULL!\n", fd);
		files->fd[fd] = NULL;
	}
	return fd;
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = cur_files("put_unused_fd", SIM_HERE);

	if (WARN_ON(fd >= SIM_MAX_FDS || files->fd[fd]))
		return;
	files->open_fds &= ~fd_bit(fd);
	files->close_on_exec &= ~fd_bit(fd);
}

void fd_install(unsigned int fd, struct file *file)
{
	struct files_struct *files = cur_files("fd_install", SIM_HERE);

	if (WARN_ON_ONCE(file->f_mode & FMODE_BACKING))
		return;
	BUG_ON(fd >= SIM_MAX_FDS);
	BUG_ON(files->fd[fd] != NULL);
	if (!(files->open_fds & fd_bit(fd)))
		__sim_warn_printf(SIM_HERE, "fd_install(%u): descriptor not "
				  "reserved by get_unused_fd_flags()", fd);
	/* published as rcu_assign_pointer() does: a release */
	sim_hb_release(&files->fd[fd]);
	files->fd[fd] = file;
	snprintf(files->sim_name[fd], sizeof(files->sim_name[fd]), "%s",
		 sim_file_name(file));
}

void set_close_on_exec(unsigned int fd, int flag)
{
	struct files_struct *files = cur_files("set_close_on_exec", SIM_HERE);

	if (fd >= SIM_MAX_FDS)
		return;
	if (flag)
		files->close_on_exec |= fd_bit(fd);
	else
		files->close_on_exec &= ~fd_bit(fd);
}

bool get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = cur_files("get_close_on_exec", SIM_HERE);

	return fd < SIM_MAX_FDS && (files->close_on_exec & fd_bit(fd));
}

struct file *sim_files_close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *file;

	if (fd >= SIM_MAX_FDS)
		return NULL;
	file = files->fd[fd];
	if (!file)
		return NULL;
	sim_hb_acquire(&files->fd[fd]);
	files->fd[fd] = NULL;
	files->open_fds &= ~fd_bit(fd);
	files->close_on_exec &= ~fd_bit(fd);
	return file;
}

/* Look @fd up and take a reference on its file: one scheduling point. */
static struct file *fget_files(struct files_struct *files, unsigned int fd,
			       const char *what, const struct sim_loc *loc)
{
	struct file *file;

	sim_point(SIM_OP_REFCOUNT, files, what, loc);
	if (fd >= SIM_MAX_FDS || !(file = files->fd[fd]))
		return NULL;
	sim_hb_acquire(&files->fd[fd]);
	/* the table's reference keeps the count above zero */
	__sim_atomic64_fetch_add(&file->f_count, 1);
	return file;
}

struct file *__sim_fget(unsigned int fd, const struct sim_loc *loc)
{
	return fget_files(cur_files("fget", loc), fd, "fget", loc);
}

struct fd __sim_fdget(unsigned int fd, const struct sim_loc *loc)
{
	struct files_struct *files = cur_files("fdget", loc);
	struct file *file;

	/* an unshared table cannot lose the file under this task */
	if (files->sim_users <= 1) {
		if (fd >= SIM_MAX_FDS || !(file = files->fd[fd]))
			return EMPTY_FD;
		sim_hb_acquire(&files->fd[fd]);
		return BORROWED_FD(file);
	}
	file = fget_files(files, fd, "fdget", loc);
	return file ? CLONED_FD(file) : EMPTY_FD;
}

struct file *(fget)(unsigned int fd)
{
	return __sim_fget(fd, NULL);
}

struct file *(fget_raw)(unsigned int fd)
{
	return __sim_fget(fd, NULL);
}

struct fd (fdget)(unsigned int fd)
{
	return __sim_fdget(fd, NULL);
}

struct fd (fdget_raw)(unsigned int fd)
{
	return __sim_fdget(fd, NULL);
}

int sim_ksys_dup(unsigned int fd)
{
	struct file *file;
	int ret = -EBADF;

	file = fget_raw(fd);
	if (file) {
		ret = get_unused_fd_flags(0);
		if (ret >= 0)
			fd_install(ret, file);
		else
			fput(file);
	}
	return ret;
}

void sim_exit_files(struct files_struct *files)
{
	/* every descriptor, in order */
	for (unsigned int fd = 0; fd < SIM_MAX_FDS; fd++) {
		struct file *file = sim_files_close_fd(files, fd);

		if (file) {
			filp_flush(file, files);
			fput(file);
		}
	}
	files->open_fds = 0;
	files->close_on_exec = 0;
	files->sim_dead = true;
}
