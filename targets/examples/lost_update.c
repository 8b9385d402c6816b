// SPDX-License-Identifier: GPL-2.0-only
/*
 * A lost update: two threads increment a shared counter with a load and a
 * store that are not one atomic step.  Without the lock, one increment can
 * be lost; the check at the end sees 1 instead of 2.
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/mutex.h>

#include "targets/examples.h"

static int counter;
static DEFINE_MUTEX(counter_lock);

static void increment(void *arg)
{
	bool locked = arg != NULL;
	int v;

	if (locked)
		mutex_lock(&counter_lock);
	v = READ_ONCE(counter);
	WRITE_ONCE(counter, v + 1);
	if (locked)
		mutex_unlock(&counter_lock);
}

static void setup(void *ctx)
{
	counter = 0;
	sim_thread_create("inc-a", increment, ctx);
	sim_thread_create("inc-b", increment, ctx);
}

static void teardown(void *ctx)
{
	WARN(counter != 2, "lost update: counter is %d, not 2", counter);
}

const struct sim_program lost_update_program = {
	.name = "lost-update",
	.setup = setup,
	.teardown = teardown,
	.ctx = NULL,
};

const struct sim_program lost_update_fixed_program = {
	.name = "lost-update-fixed",
	.setup = setup,
	.teardown = teardown,
	.ctx = (void *)1,
};
