/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tasks.  Every simulated thread is one task: a thread made a user task
 * (sim_task_create_user(), shims/task.h) has the mm, credentials and
 * descriptor table of its process; any other simulated thread
 * is a kernel thread (PF_KTHREAD, no mm, every capability).  Code outside
 * simulated threads (setup, teardown, end-of-execution hooks) runs as the
 * idle task, "swapper/0", pid 0, a kernel thread too.
 *
 * current is the calling thread's task.  Pids are given when processes and
 * threads are created, in order, from 100 in every execution (a kernel
 * thread's is 2 + its thread number), so they are the same in every run
 * of a schedule.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/compiler.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/types.h>

#include "sim/sched.h"

struct cred;
struct files_struct;
struct mm_struct;

#define TASK_COMM_LEN		16

/* Task states, for set_current_state() before schedule_timeout(). */
#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001
#define TASK_UNINTERRUPTIBLE	0x00000002
#define TASK_WAKEKILL		0x00000100
#define TASK_NOLOAD		0x00000400
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Task flags. */
#define PF_EXITING		0x00000004
#define PF_SUPERPRIV		0x00000100
#define PF_KTHREAD		0x00200000

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	pid_t pid;
	pid_t tgid;
	struct task_struct *group_leader;
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	const struct cred *real_cred;
	const struct cred *cred;
	char comm[TASK_COMM_LEN];
	/* pending task work, most recently added first */
	struct callback_head *task_works;
	/* the descriptor table (NULL for a kernel thread) */
	struct files_struct *files;
	/* simulation: the simulated thread this task is */
	int sim_tid;
	/* simulation: task work can no longer be added (exit_task_work) */
	bool sim_exited;
};

extern struct task_struct init_task;

struct task_struct *get_current(void);
#define current			get_current()

static inline pid_t task_pid_nr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_tgid_nr(struct task_struct *tsk)
{
	return tsk->tgid;
}

static inline pid_t task_pid_vnr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline bool is_global_init(struct task_struct *tsk)
{
	return false;
}

#define __set_current_state(state_value)				\
	((void)(current->__state = (state_value)))
#define set_current_state(state_value)	__set_current_state(state_value)
#define get_current_state()		(current->__state)

/*
 * Sleep in the state set by set_current_state() until woken by
 * wake_up_process() or, for a finite @timeout, until time passes (when
 * every thread is blocked, see sim_block()).  Returns 0 on timeout, else
 * the (opaque) time left.  A task still TASK_RUNNING does not sleep.
 */
long __sim_schedule_timeout(long timeout, const struct sim_loc *loc);
#define schedule_timeout(t)	__sim_schedule_timeout((t), SIM_HERE)
#define schedule()							\
	((void)__sim_schedule_timeout(MAX_SCHEDULE_TIMEOUT, SIM_HERE))
#define schedule_timeout_interruptible(t)				\
	({ __set_current_state(TASK_INTERRUPTIBLE);			\
	   __sim_schedule_timeout((t), SIM_HERE); })
#define schedule_timeout_killable(t)					\
	({ __set_current_state(TASK_KILLABLE);				\
	   __sim_schedule_timeout((t), SIM_HERE); })
#define schedule_timeout_uninterruptible(t)				\
	({ __set_current_state(TASK_UNINTERRUPTIBLE);			\
	   __sim_schedule_timeout((t), SIM_HERE); })
#define schedule_timeout_idle(t)					\
	({ __set_current_state(TASK_IDLE);				\
	   __sim_schedule_timeout((t), SIM_HERE); })
/* Returns 1 when @tsk was asleep (and now runs), 0 when it was running. */
int wake_up_process(struct task_struct *tsk);

/* A voluntary preemption point: the other threads run first. */
#define cond_resched()							\
	({								\
		__might_sleep_at(SIM_HERE);				\
		sim_yield(SIM_HERE);					\
		0;							\
	})

#define get_task_comm(buf, tsk)						\
	({								\
		_Static_assert(sizeof(buf) >= TASK_COMM_LEN, "buf");	\
		__builtin_memcpy((buf), (tsk)->comm, TASK_COMM_LEN);	\
		(buf)[TASK_COMM_LEN - 1] = 0;				\
		(buf);							\
	})

#endif /* _LINUX_SCHED_H */
