// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simdev target: what the scenario language knows of the simdev
 * driver.  Module init binds the driver to every declared device (a
 * failed bind is what a failed probe is in the kernel: logged, and the
 * device stays without a driver; except for -ENOMEM, which fails the
 * setup so that a fail-nth run skips the scenario instead of failing all
 * its opens); `unregister DEVICE` unbinds it.
 *
 * Device keys: `node NAME` names the /dev node simdev/NAME instead of
 * simdev/simdevN (two devices with the same node collide in devtmpfs).
 *
 * Invariant: no device's count of open files is ever negative.  End
 * checks, after module exit: every open was released exactly once, no
 * file is left open, and every device created was freed.
 */
#include <stdio.h>
#include <string.h>

#include <linux/errname.h>
#include <linux/errno.h>
#include <linux/printk.h>

#include "shims/module.h"

#include "simdev.h"
#include "targets/target.h"

static const char *const simdev_keys[] = { "node", NULL };

static int simdev_key(const struct sim_target_device *d, const char *key,
		      const char *value, char *err, size_t errlen)
{
	size_t len = strlen(value);

	if (len >= SIMDEV_NODE_MAX) {
		snprintf(err, errlen, "node name too long (at most %d "
			 "characters)", SIMDEV_NODE_MAX - 1);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		char c = value[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.') || (i == 0 && c == '.')) {
			snprintf(err, errlen, "invalid node name '%s' "
				 "(letters, digits, '_', '-' and '.')", value);
			return -1;
		}
	}
	return 0;
}

static int simdev_target_init(struct sim_target_env *env)
{
	int ret = sim_module_load(&simdev_module);

	if (ret)
		return ret;
	for (int i = 0; i < env->ndevices; i++) {
		struct sim_target_device *d = &env->devices[i];

		ret = simdev_probe(d->dev, sim_target_device_key(d, "node"));
		if (ret == -ENOMEM) {
			/* out of memory while setting up: undo, skip the run */
			sim_module_unload(&simdev_module);
			return ret;
		}
		if (ret < 0)
			pr_warn("simdev: probe of %s failed: %s\n", d->name,
				errname(ret) ?: "?");
	}
	return 0;
}

static void simdev_target_exit(struct sim_target_env *env)
{
	int ret = sim_module_unload(&simdev_module);

	if (ret)
		sim_fail(SIM_FAIL_ASSERT, NULL, "%s: rmmod simdev failed: %s",
			 env->file, errname(ret) ?: "?");
}

static long simdev_unregister(struct sim_target_env *env,
			      const struct sim_driver_value *v)
{
	return simdev_remove(env->devices[v->device].dev);
}

static void simdev_invariant(struct sim_target_env *env)
{
	for (int i = 0; i < SIMDEV_MAX; i++)
		if (simdev_stats[i].open_files.counter < 0)
			sim_fail(SIM_FAIL_ASSERT, NULL, "simdev%d: %d open "
				 "files", i,
				 simdev_stats[i].open_files.counter);
}

static void simdev_end_check(struct sim_target_env *env)
{
	for (int i = 0; i < SIMDEV_MAX; i++) {
		const struct simdev_stats *st = &simdev_stats[i];

		if (st->open_files.counter)
			sim_fail(SIM_FAIL_ASSERT, NULL, "simdev%d: %d files "
				 "still open at the end", i,
				 st->open_files.counter);
		if (st->opens.counter != st->releases.counter)
			sim_fail(SIM_FAIL_ASSERT, NULL, "simdev%d: %d opens "
				 "but %d releases", i, st->opens.counter,
				 st->releases.counter);
		if (st->created && !st->freed)
			sim_fail(SIM_FAIL_ASSERT, NULL, "simdev%d: device not "
				 "released after module exit", i);
	}
}

static const struct sim_ioctl simdev_ioctls[] = {
	{ "GET_ID", SIMDEV_GET_ID, SIM_IOCTL_NONE },
	{ "SET_INT", SIMDEV_SET_INT, SIM_IOCTL_INT_PTR },
	{ "ECHO", SIMDEV_ECHO, SIM_IOCTL_STRING },
	{ "RAWIO", SIMDEV_RAWIO, SIM_IOCTL_NONE },
	{ "WAIT", SIMDEV_WAIT, SIM_IOCTL_NONE },
	{ "WAKE", SIMDEV_WAKE, SIM_IOCTL_NONE },
	{ "OPEN_FILES", SIMDEV_OPEN_FILES, SIM_IOCTL_NONE },
};

static const struct sim_driver_op simdev_driver_ops[] = {
	{ "unregister", SIM_DRIVER_DEVICE, simdev_unregister },
};

const struct sim_target sim_target_simdev = {
	.name = "simdev",
	.summary = "a small char driver: the scenario language's test target",
	.device_keys = simdev_keys,
	.device_key = simdev_key,
	.init = simdev_target_init,
	.exit = simdev_target_exit,
	.ioctl_prefix = "SIMDEV_",
	.ioctls = simdev_ioctls,
	.nr_ioctls = sizeof(simdev_ioctls) / sizeof(simdev_ioctls[0]),
	.driver_ops = simdev_driver_ops,
	.nr_driver_ops = sizeof(simdev_driver_ops) /
			 sizeof(simdev_driver_ops[0]),
	.invariant = simdev_invariant,
	.end_check = simdev_end_check,
};
