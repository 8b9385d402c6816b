/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Completions.  A timed wait times out only when no other thread can run
 * (see sim_block()); an interruptible one ends on a pending signal.
 */
#ifndef __LINUX_COMPLETION_H
#define __LINUX_COMPLETION_H

#include <stdbool.h>

#include <linux/jiffies.h>

#include "sim/sched.h"

struct completion {
	unsigned int done;
	unsigned int magic;
};

#define COMPLETION_MAGIC	0xc0c0c0c0u
#define COMPLETION_INITIALIZER(work)	{ 0, COMPLETION_MAGIC }
#define DECLARE_COMPLETION(work)					\
	struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work)	DECLARE_COMPLETION(work)

#define init_completion(x)	__init_completion((x), SIM_AT(#x))
#define reinit_completion(x)	__reinit_completion((x), SIM_AT(#x))
#define complete(x)		__complete((x), false, SIM_AT(#x))
#define complete_all(x)		__complete((x), true, SIM_AT(#x))
#define wait_for_completion(x)						\
	((void)__wait_for_completion((x), 0, MAX_SCHEDULE_TIMEOUT,	\
				     "wait_for_completion", SIM_AT(#x)))
#define wait_for_completion_timeout(x, t)				\
	((unsigned long)__wait_for_completion((x), SIM_WAIT_TIMED, (t),	\
		"wait_for_completion_timeout", SIM_AT(#x)))
#define wait_for_completion_interruptible(x)				\
	((int)__wait_for_completion((x), SIM_WAIT_INTERRUPTIBLE,	\
		MAX_SCHEDULE_TIMEOUT, "wait_for_completion_interruptible", \
		SIM_AT(#x)))
#define wait_for_completion_interruptible_timeout(x, t)		\
	__wait_for_completion((x),					\
		SIM_WAIT_INTERRUPTIBLE | SIM_WAIT_TIMED, (t),		\
		"wait_for_completion_interruptible_timeout", SIM_AT(#x))
#define wait_for_completion_killable(x)					\
	((int)__wait_for_completion((x), SIM_WAIT_KILLABLE,		\
		MAX_SCHEDULE_TIMEOUT, "wait_for_completion_killable",	\
		SIM_AT(#x)))
#define wait_for_completion_killable_timeout(x, t)			\
	__wait_for_completion((x), SIM_WAIT_KILLABLE | SIM_WAIT_TIMED,	\
		(t), "wait_for_completion_killable_timeout", SIM_AT(#x))
#define try_wait_for_completion(x)					\
	__try_wait_for_completion((x), SIM_AT(#x))
#define completion_done(x)	__completion_done((x), SIM_AT(#x))

void __init_completion(struct completion *x, const struct sim_loc *loc);
void __reinit_completion(struct completion *x, const struct sim_loc *loc);
void __complete(struct completion *x, bool all, const struct sim_loc *loc);
/*
 * Returns, as the kernel does for each form: the remaining timeout (>= 1)
 * or 0 when done, 0 on timeout, -ERESTARTSYS on a signal.
 */
long __wait_for_completion(struct completion *x, unsigned int flags,
			   long timeout, const char *what,
			   const struct sim_loc *loc);
bool __try_wait_for_completion(struct completion *x,
			       const struct sim_loc *loc);
bool __completion_done(struct completion *x, const struct sim_loc *loc);

#endif /* __LINUX_COMPLETION_H */
