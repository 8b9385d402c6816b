// SPDX-License-Identifier: GPL-2.0-only
/*
 * Peterson's lock with the two stores of lock() swapped (turn before
 * flag): mutual exclusion breaks, but only when the scheduler preempts
 * twice at the right places.  Not found with one preemption, found with
 * two.  The fixed version stores flag, then turn.
 */
#include <linux/atomic.h>
#include <linux/bug.h>

#include "targets/examples.h"

static atomic_t flag[2];
static atomic_t turn;
static atomic_t in_critical;

static void peterson_lock(int me, bool fixed)
{
	int other = !me;

	if (fixed) {
		atomic_set(&flag[me], 1);
		atomic_set(&turn, other);
	} else {
		atomic_set(&turn, other);
		atomic_set(&flag[me], 1);
	}
	while (atomic_read(&flag[other]) && atomic_read(&turn) == other)
		sim_yield(SIM_HERE);	/* cpu_relax() */
}

static void peterson_unlock(int me)
{
	atomic_set(&flag[me], 0);
}

static void worker(void *arg)
{
	int me = (long)arg & 1;
	bool fixed = (long)arg & 2;

	peterson_lock(me, fixed);
	WARN(atomic_inc_return(&in_critical) != 1,
	     "mutual exclusion violated: two threads in the critical "
	     "section");
	atomic_dec(&in_critical);
	peterson_unlock(me);
}

static void setup(void *ctx)
{
	long fixed = ctx ? 2 : 0;

	atomic_set(&flag[0], 0);
	atomic_set(&flag[1], 0);
	atomic_set(&turn, 0);
	atomic_set(&in_critical, 0);
	sim_thread_create("peterson-0", worker, (void *)(fixed | 0));
	sim_thread_create("peterson-1", worker, (void *)(fixed | 1));
}

const struct sim_program peterson_program = {
	.name = "peterson",
	.setup = setup,
};

const struct sim_program peterson_fixed_program = {
	.name = "peterson-fixed",
	.setup = setup,
	.ctx = (void *)1,
};
