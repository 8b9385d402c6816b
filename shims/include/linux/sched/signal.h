/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pending signals, from the scheduler: sim_thread_kill() makes a signal
 * (fatal or not) pending on a simulated thread; interruptible waits then
 * end.  Only the current task's signals can be asked about: for another
 * task the answer is "none" (no vfio path asks about another task).
 */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

static inline int signal_pending(struct task_struct *p)
{
	return p == current && sim_signal_pending();
}

static inline int fatal_signal_pending(struct task_struct *p)
{
	return p == current && sim_fatal_signal_pending();
}

static inline int signal_pending_state(unsigned int state,
				       struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return 0;
	if (!signal_pending(p))
		return 0;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(p);
}

#endif /* _LINUX_SCHED_SIGNAL_H */
