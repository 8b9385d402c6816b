// SPDX-License-Identifier: GPL-2.0-only
/*
 * The linux adapter: the vfio core's invariants (vfio-semantics.md section
 * 3), read from a kernel tree's own structures (drivers/vfio/vfio.h) at
 * every scheduling point.  Reads only: no lock is taken, no scheduling
 * point is made, so the check cannot change the interleaving it checks.
 * Every predicate here holds at any point, inside critical sections too,
 * because the fields it relates change together under one lock.
 */
#include <linux/vfio.h>

#include <drivers/vfio/vfio.h>

#include "sim/sched.h"
#include "mockvfio.h"

static void check_group(int index, const struct vfio_group *group)
{
	/*
	 * P2: the group's file and the devices opened through their cdev
	 * exclude each other; both are decided under group_lock.
	 */
	if (group->opened_file && group->cdev_device_open_cnt)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P2 violated: group of "
			 "mockvfio%d is open through /dev/vfio while %u "
			 "device(s) of it are open through their cdev", index,
			 group->cdev_device_open_cnt);
	/* an unsigned count that wrapped is an unbalanced unblock */
	if (group->cdev_device_open_cnt > MOCKVFIO_MAX)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P3 violated: group of "
			 "mockvfio%d counts %u cdev opens", index,
			 group->cdev_device_open_cnt);
}

void linux_adapter_check(int ndevices)
{
	for (int i = 0; i < ndevices && i < MOCKVFIO_MAX; i++) {
		const struct vfio_device *vdev = mockvfio_vdev(i);

		if (!vdev)
			continue;
		/* P5: an open_count that wrapped is an unbalanced close */
		if (vdev->open_count > MOCKVFIO_MAX)
			sim_fail(SIM_FAIL_ASSERT, NULL, "P5 violated: "
				 "mockvfio%d open_count is %u", i,
				 vdev->open_count);
		if (vdev->group)
			check_group(i, vdev->group);
	}
}
