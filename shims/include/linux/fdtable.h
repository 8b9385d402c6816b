/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A descriptor table (the kernel's files_struct): what fget(), fdget(),
 * fd_install() and friends in <linux/file.h> work on, through the current
 * task's ->files.  A simulated process has one (shims/task.h), shared by
 * its threads.
 *
 * open_fds marks descriptors in use (reserved by get_unused_fd_flags() or
 * holding a file).  sim_users counts the live threads sharing the table
 * (the kernel's files->count, a plain count here: it changes only when
 * threads start and end), which decides whether fdget() must take a
 * reference.  The table changes only between scheduling points, as under
 * the kernel's file_lock.
 */
#ifndef __LINUX_FDTABLE_H
#define __LINUX_FDTABLE_H

#include <linux/types.h>

/* Descriptors a process may have. */
#define SIM_MAX_FDS		64

_Static_assert(SIM_MAX_FDS <= 64, "the descriptor bitmaps are 64 bits");

struct file;

struct files_struct {
	struct file *fd[SIM_MAX_FDS];
	u64 open_fds;
	u64 close_on_exec;
	int sim_users;
	/* exit_files() ran: the table is gone for every thread */
	bool sim_dead;
	/* for reports, which come after the files are freed */
	char sim_name[SIM_MAX_FDS][32];
};

#endif /* __LINUX_FDTABLE_H */
