// SPDX-License-Identifier: GPL-2.0-only
/*
 * ABBA: one thread takes lock_a then lock_b, the other lock_b then lock_a.
 * One preemption deadlocks them; lockdep sees the inverted order in any
 * schedule at all, since the graph outlives executions.
 */
#include <linux/mutex.h>

#include "targets/examples.h"

static DEFINE_MUTEX(lock_a);
static DEFINE_MUTEX(lock_b);
static int shared;

static void take_a_then_b(void *arg)
{
	mutex_lock(&lock_a);
	mutex_lock(&lock_b);
	shared++;
	mutex_unlock(&lock_b);
	mutex_unlock(&lock_a);
}

static void take_b_then_a(void *arg)
{
	mutex_lock(&lock_b);
	mutex_lock(&lock_a);
	shared++;
	mutex_unlock(&lock_a);
	mutex_unlock(&lock_b);
}

static void setup(void *ctx)
{
	shared = 0;
	sim_thread_create("a-then-b", take_a_then_b, NULL);
	/* the fixed version takes the locks in the same order */
	sim_thread_create("b-then-a", ctx ? take_a_then_b : take_b_then_a,
			  NULL);
}

const struct sim_program abba_program = {
	.name = "abba",
	.setup = setup,
};

const struct sim_program abba_fixed_program = {
	.name = "abba-fixed",
	.setup = setup,
	.ctx = (void *)1,
};
