/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tasks, as the simulated userspace creates and ends them (what fork,
 * exit and the return to userspace do in the kernel).  Kernel code never
 * calls these: it sees tasks through current and <linux/sched.h>.
 *
 * A simulated thread that is not made a user task becomes a kernel thread
 * the first time it asks for current; code outside simulated threads runs
 * as the idle task.  Tasks are reset at the start of every execution.
 */
#ifndef _SHIMS_TASK_H
#define _SHIMS_TASK_H

#include <linux/sched.h>
#include <linux/types.h>

#include "sim/sched.h"

struct cred;
struct files_struct;
struct mm_struct;

/*
 * Make simulated thread @tid (not started yet) a user task: pid @pid in
 * the thread group of @leader (NULL: it leads its own, tgid @pid), named
 * @comm, with the credentials, address space and descriptor table of its
 * process; the table counts one more user.  Fails the execution (a bug of
 * the caller) when @tid already has a task.
 */
struct task_struct *sim_task_create_user(int tid, pid_t pid,
					 struct task_struct *leader,
					 const char *comm,
					 const struct cred *cred,
					 struct mm_struct *mm,
					 struct files_struct *files);

/*
 * The task exits (exit_task_work()): its pending work runs, then no more
 * can be added; it no longer shares its descriptor table.  Also done when
 * a simulated thread ends.
 */
void sim_task_exit(struct task_struct *task);

/*
 * The way back to userspace: when the current task has work pending, a
 * scheduling point (@loc), then the work (deferred fputs).  Every
 * simulated system call ends with it; sim_task_work_run() is the same for
 * code that calls kernel functions directly.
 */
void sim_exit_to_user(const struct sim_loc *loc);
void sim_task_work_run(void);

#endif /* _SHIMS_TASK_H */
