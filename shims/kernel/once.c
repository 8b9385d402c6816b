// SPDX-License-Identifier: GPL-2.0-only
/*
 * The epoch that re-arms DO_ONCE_LITE() and the printk rate limits: one
 * per execution, so that "once" means once per simulated boot.
 */
#include <linux/once_lite.h>

#include "sim/sched.h"

unsigned long __sim_once_epoch = 1;

static void once_begin(void)
{
	if (++__sim_once_epoch == 0)
		__sim_once_epoch = 1;
}

static struct sim_exec_hook once_hook = {
	.name = "once",
	.order = SIM_HOOK_ONCE,
	.begin = once_begin,
};

static void __attribute__((constructor)) once_init(void)
{
	sim_register_exec_hook(&once_hook);
}
