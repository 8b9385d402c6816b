// SPDX-License-Identifier: GPL-2.0-only
#include <limits.h>

#include <linux/completion.h>
#include <linux/lockdep.h>
#include <linux/wait.h>
#include "sim/race.h"

/*
 * For the race detector, complete() is a release on the completion and a
 * wait that returns because of it an acquire (Documentation/
 * memory-barriers.txt, "SLEEP AND WAKE-UP FUNCTIONS").
 */

#define COMPLETE_ALL	(UINT_MAX / 2)

static void check(struct completion *x, const char *op,
		  const struct sim_loc *loc)
{
	if (x->magic == COMPLETION_MAGIC)
		return;
	if (x->magic == 0x6b6b6b6bu && (sim_checks & SIM_CHECK_POISON))
		sim_fail(SIM_FAIL_UAF, loc,
			 "BUG: %s on a completion in freed memory", op);
	sim_fail(SIM_FAIL_BUG, loc, "%s on an uninitialised completion", op);
}

void __init_completion(struct completion *x, const struct sim_loc *loc)
{
	x->done = 0;
	x->magic = COMPLETION_MAGIC;
}

void __reinit_completion(struct completion *x, const struct sim_loc *loc)
{
	check(x, "reinit_completion", loc);
	x->done = 0;
}

void __complete(struct completion *x, bool all, const struct sim_loc *loc)
{
	sim_point(SIM_OP_WAKE, x, all ? "complete_all" : "complete", loc);
	check(x, "complete", loc);
	sim_hb_release(x);
	if (all)
		x->done = COMPLETE_ALL;
	else if (x->done != COMPLETE_ALL)
		x->done++;
	if (all)
		sim_wake_all(x);
	else
		sim_wake_one(x);
}

long __wait_for_completion(struct completion *x, unsigned int flags,
			   long timeout, const char *what,
			   const struct sim_loc *loc)
{
	__might_sleep_at(loc);
	sim_point(SIM_OP_WAIT, x, what, loc);
	check(x, what, loc);
	while (!x->done) {
		switch (sim_block(x, what, flags, loc)) {
		case SIM_WAIT_SIGNAL:
			return -ERESTARTSYS;
		case SIM_WAIT_TIMEOUT:
			if (x->done)
				break;
			return 0;
		case SIM_WAIT_WOKEN:
			break;
		}
		check(x, what, loc);
	}
	if (x->done != COMPLETE_ALL)
		x->done--;
	sim_hb_acquire(x);
	if (!(flags & SIM_WAIT_TIMED))
		return 0;
	/* time did not pass: all of the timeout remains */
	return timeout > 0 ? timeout : 1;
}

bool __try_wait_for_completion(struct completion *x,
			       const struct sim_loc *loc)
{
	sim_point(SIM_OP_WAIT, x, "try_wait_for_completion", loc);
	check(x, "try_wait_for_completion", loc);
	if (!x->done)
		return false;
	if (x->done != COMPLETE_ALL)
		x->done--;
	sim_hb_acquire(x);
	return true;
}

bool __completion_done(struct completion *x, const struct sim_loc *loc)
{
	sim_point(SIM_OP_READ, x, "completion_done", loc);
	check(x, "completion_done", loc);
	if (!x->done)
		return false;
	sim_hb_acquire(x);
	return true;
}
