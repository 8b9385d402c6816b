// SPDX-License-Identifier: GPL-2.0-only
/*
 * The targets this program has (the simulator's and each vfio core built
 * in), and lookups in their tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/race.h"
#include "targets/target.h"

/* The kernel trees' known races: targets/race-suppressions.conf. */
#include "race_suppressions.h"

static void __attribute__((constructor)) load_race_suppressions(void)
{
	char err[512];

	if (sim_race_suppressions_load(vfio_sim_race_suppressions,
				       "targets/race-suppressions.conf", err,
				       sizeof(err))) {
		fprintf(stderr, "vfio-sim: %s\n", err);
		exit(2);
	}
}

extern const struct sim_target sim_target_simdev;
/* the vfio targets (targets/vfio), one per core the build has (CMake) */
#define VFIO_SIM_TARGET(id)	extern const struct sim_target sim_target_##id;
#include "vfiosim_targets.h"
#undef VFIO_SIM_TARGET

const struct sim_target *const sim_targets[] = {
	&sim_target_simdev,
#define VFIO_SIM_TARGET(id)	&sim_target_##id,
#include "vfiosim_targets.h"
#undef VFIO_SIM_TARGET
};
const int sim_nr_targets = sizeof(sim_targets) / sizeof(sim_targets[0]);

const struct sim_target *sim_target_find(const char *name)
{
	for (int i = 0; i < sim_nr_targets; i++)
		if (!strcmp(sim_targets[i]->name, name))
			return sim_targets[i];
	return NULL;
}

const struct sim_ioctl *sim_target_find_ioctl(const struct sim_target *t,
					      const char *name)
{
	size_t plen = t->ioctl_prefix ? strlen(t->ioctl_prefix) : 0;

	if (plen && !strncmp(name, t->ioctl_prefix, plen) && name[plen])
		name += plen;
	/* the first character first: a scenario line looks one up */
	for (int i = 0; i < t->nr_ioctls; i++)
		if (t->ioctls[i].name[0] == name[0] &&
		    !strcmp(t->ioctls[i].name, name))
			return &t->ioctls[i];
	return NULL;
}

const struct sim_driver_op *sim_target_find_driver_op(
	const struct sim_target *t, const char *name)
{
	for (int i = 0; i < t->nr_driver_ops; i++)
		if (!strcmp(t->driver_ops[i].name, name))
			return &t->driver_ops[i];
	return NULL;
}

const char *sim_target_device_key(const struct sim_target_device *d,
				  const char *key)
{
	for (int i = 0; i < d->nkeys; i++)
		if (!strcmp(d->keys[i], key))
			return d->values[i];
	return NULL;
}
