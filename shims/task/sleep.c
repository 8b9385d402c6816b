// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sleeping and waking a task: schedule_timeout() in the state set by
 * set_current_state(), wake_up_process().  A sleep is a block in the
 * engine (sim_block()); a finite timeout expires only when every thread
 * is blocked.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>

long __sim_schedule_timeout(long timeout, const struct sim_loc *loc)
{
	struct task_struct *t = current;
	unsigned int flags = 0, state;
	enum sim_wait_result r;

	sim_point(SIM_OP_WAIT, t, "schedule_timeout", loc);
	/* after the point: a wake_up_process() may have come first */
	state = t->__state;
	if (state == TASK_RUNNING)
		return timeout;
	if (timeout <= 0) {
		t->__state = TASK_RUNNING;
		return 0;
	}
	if (signal_pending_state(state, t)) {
		t->__state = TASK_RUNNING;
		return timeout;
	}
	if (timeout != MAX_SCHEDULE_TIMEOUT)
		flags |= SIM_WAIT_TIMED;
	if (state & TASK_INTERRUPTIBLE)
		flags |= SIM_WAIT_INTERRUPTIBLE;
	else if (state & TASK_WAKEKILL)
		flags |= SIM_WAIT_KILLABLE;
	r = sim_block(t, "schedule_timeout", flags, loc);
	t->__state = TASK_RUNNING;
	return r == SIM_WAIT_TIMEOUT ? 0 : timeout;
}

int wake_up_process(struct task_struct *tsk)
{
	sim_point(SIM_OP_WAKE, tsk, "wake_up_process", SIM_HERE);
	if (tsk->__state == TASK_RUNNING)
		return 0;
	tsk->__state = TASK_RUNNING;
	sim_wake_all(tsk);
	return 1;
}
