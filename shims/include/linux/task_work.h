/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Task work: callbacks a task runs on its way back to userspace (the end
 * of every simulated system call, sim_task_work_run()) and when it exits
 * (the end of its simulated thread).  The deferred final fput() is one.
 * The most recently added work runs first, as in the kernel; adding work
 * to a task that has exited fails with -ESRCH.
 */
#ifndef _LINUX_TASK_WORK_H
#define _LINUX_TASK_WORK_H

#include <linux/sched.h>
#include <linux/types.h>

typedef void (*task_work_func_t)(struct callback_head *head);

static inline void init_task_work(struct callback_head *twork,
				  task_work_func_t func)
{
	twork->func = func;
}

enum task_work_notify_mode {
	TWA_NONE = 0,
	TWA_RESUME,
	TWA_SIGNAL,
	TWA_SIGNAL_NO_IPI,
	TWA_NMI_CURRENT,
	TWA_FLAGS = 0xff00,
	TWAF_NO_ALLOC = 0x0100,
};

static inline bool task_work_pending(struct task_struct *task)
{
	return task->task_works != NULL;
}

int task_work_add(struct task_struct *task, struct callback_head *twork,
		  enum task_work_notify_mode mode);
/* Remove @cb if still pending; true when it was. */
bool task_work_cancel(struct task_struct *task, struct callback_head *cb);
struct callback_head *task_work_cancel_func(struct task_struct *task,
					    task_work_func_t func);
/* Run the current task's pending work, including work added meanwhile. */
void task_work_run(void);

#endif /* _LINUX_TASK_WORK_H */
