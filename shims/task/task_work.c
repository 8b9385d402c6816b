// SPDX-License-Identifier: GPL-2.0-only
/*
 * Task work (<linux/task_work.h>), and the way back to userspace that runs
 * it: the end of every simulated system call, and the task's exit
 * (sim_task_exit()).
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/task_work.h>

#include "shims/task.h"

int task_work_add(struct task_struct *task, struct callback_head *work,
		  enum task_work_notify_mode notify)
{
	notify &= ~TWA_FLAGS;
	if (notify == TWA_NMI_CURRENT && WARN_ON_ONCE(task != current))
		return -EINVAL;
	if (task->sim_exited)
		return -ESRCH;
	work->next = task->task_works;
	task->task_works = work;
	return 0;
}

bool task_work_cancel(struct task_struct *task, struct callback_head *cb)
{
	for (struct callback_head **pp = &task->task_works; *pp;
	     pp = &(*pp)->next) {
		if (*pp == cb) {
			*pp = cb->next;
			return true;
		}
	}
	return false;
}

struct callback_head *task_work_cancel_func(struct task_struct *task,
					    task_work_func_t func)
{
	for (struct callback_head **pp = &task->task_works; *pp;
	     pp = &(*pp)->next) {
		struct callback_head *work = *pp;

		if (work->func == func) {
			*pp = work->next;
			return work;
		}
	}
	return NULL;
}

void task_work_run(void)
{
	struct task_struct *task = current;
	struct callback_head *work, *next;

	/* work may add work: run until the list stays empty */
	while ((work = task->task_works)) {
		task->task_works = NULL;
		for (; work; work = next) {
			next = work->next;
			work->func(work);
		}
	}
}

void sim_exit_to_user(const struct sim_loc *loc)
{
	struct task_struct *task = current;

	if (!task->task_works)
		return;
	sim_point(SIM_OP_USER, task, "task_work_run", loc);
	task_work_run();
}

void sim_task_work_run(void)
{
	sim_exit_to_user(SIM_AT("sim_task_work_run"));
}
