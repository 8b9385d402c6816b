/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated userspace's own state, shared by the files of world/proc:
 * processes.  What the kernel keeps of a process (credentials, address
 * space, descriptor table, tasks) is the shims' (<linux/cred.h>,
 * <linux/mm_types.h>, <linux/fdtable.h>, shims/task.h); a process here
 * owns them and its user memory.
 */
#ifndef _WORLD_PROC_INTERNAL_H
#define _WORLD_PROC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/mm_types.h>
#include <linux/sched.h>

#include "shims/user.h"
#include "world/world.h"

#define SIM_PROC_NAME_MAX	32

struct sim_proc {
	char name[SIM_PROC_NAME_MAX];
	pid_t pid;
	bool dead;			/* exited: no more system calls */
	struct cred cred;
	struct files_struct files;
	struct task_struct *leader;
	int nr_threads;
	size_t brk;			/* sim_user_alloc() */
	/* last: not cleared when a process is created (see below) */
	struct mm_struct mm;
	unsigned char mem[SIM_USER_MEM];
};

/* proc.c */
/* Process exit: mappings unmapped, every descriptor closed. */
void world_proc_exit_files(struct sim_proc *p);

#endif /* _WORLD_PROC_INTERNAL_H */
