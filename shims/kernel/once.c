// SPDX-License-Identifier: GPL-2.0-only
/*
 * The epoch that re-arms DO_ONCE_LITE() and the printk rate limits: one
 * per execution, so that "once" means once per simulated boot.
 *
 * With a set-up snapshot, the set-up and the threads of the execution
 * that took it run in two epochs: the first is remembered, and every
 * execution started from the snapshot counts a flag stamped with it as
 * fired (the kernel's flags the set-up fired are in the memory put back).
 */
#include <linux/once_lite.h>

#include "sim/sched.h"

unsigned long __sim_once_epoch = 1;
unsigned long __sim_once_setup_epoch;
static unsigned long snapshot_epoch;

static void next_epoch(void)
{
	if (++__sim_once_epoch == 0)
		__sim_once_epoch = 1;
}

static void once_begin(void)
{
	next_epoch();
	__sim_once_setup_epoch = 0;
}

static bool once_snapshot(void)
{
	snapshot_epoch = __sim_once_epoch;
	__sim_once_setup_epoch = __sim_once_epoch;
	next_epoch();
	/* each snapshot its own: put back before restore() reads it */
	SIM_SNAPSHOT_KEEP(snapshot_epoch);
	return true;
}

static void once_restore(void)
{
	__sim_once_setup_epoch = snapshot_epoch;
}

static struct sim_exec_hook once_hook = {
	.name = "once",
	.order = SIM_HOOK_ONCE,
	.begin = once_begin,
	.snapshot = once_snapshot,
	.restore = once_restore,
};

static void __attribute__((constructor)) once_init(void)
{
	sim_register_exec_hook(&once_hook);
}
