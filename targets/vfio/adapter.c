// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vfio adapter: the vfio core's invariants (docs/vfio-semantics.md section
 * 3), read from a kernel tree's own structures (drivers/vfio/vfio.h) at
 * every scheduling point.  Reads only: no lock is taken, no scheduling
 * point is made (fields are read directly, not through READ_ONCE), so the
 * check cannot change the interleaving it checks.
 *
 * Two kinds of predicates: those relating fields that change together in
 * one critical section hold at any point, inside critical sections too;
 * those that are only restored when a critical section ends are checked
 * only while the lock is free (no thread holds it).  A thread parked
 * inside a critical section leaves the lock owned, so "free" means no
 * thread is between its lock and unlock.
 *
 * Devices are reached through mockvfio_vdev(), registered ones, and
 * mockvfio_leaving_vdev(), those inside vfio_unregister_group_dev(),
 * which may still be open until unregister's wait ends: counts of open
 * devices take both.
 */
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/kvm_host.h>
#include <linux/mutex.h>
#include <linux/vfio.h>

#include "vfio.h"	/* the core's drivers/vfio/vfio.h */

#include "mocks/iommu.h"
#include "shims/locking.h"
#include "sim/sched.h"
#include "mockvfio.h"

static bool lock_free(const struct mutex *lock)
{
	return !sim_lock_held_by_any(&lock->dep_map);
}

/*
 * The registered devices and those being unregistered, by index, as
 * mockvfio_vdev() and mockvfio_leaving_vdev() give them: looked up once
 * per check.
 */
struct devices {
	int n;
	const struct vfio_device *vdev[MOCKVFIO_MAX];
	const struct vfio_device *leaving[MOCKVFIO_MAX];
};

static void check_group(int index, const struct vfio_group *group,
			const struct devices *devs)
{
	unsigned int cdev_opened = 0, open = 0, visible = 0, bound = 0;

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

	for (int i = 0; i < devs->n; i++) {
		const struct vfio_device *vdev = devs->vdev[i];
		const struct vfio_device *leaving = devs->leaving[i];

		/* a device on its way out is still open or not */
		if (leaving && leaving->group == group)
			open += leaving->open_count > 0;
		if (!vdev || vdev->group != group)
			continue;
		visible++;
		cdev_opened += vdev->cdev_opened;
		open += vdev->open_count > 0;
		bound += mockvfio_stats[i].bind_iommufd.counter !=
			 mockvfio_stats[i].unbind_iommufd.counter;
	}

	/*
	 * P3: a device is marked cdev_opened (under dev_set->lock) only
	 * between its BIND's vfio_device_block_group() and its unbind's
	 * vfio_device_unblock_group() (under group_lock): the count covers
	 * every cdev-opened device at every point.
	 */
	if (cdev_opened > group->cdev_device_open_cnt)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P3 violated: group of "
			 "mockvfio%d counts %u cdev opens, %u device(s) of it "
			 "are cdev-opened", index, group->cdev_device_open_cnt,
			 cdev_opened);

	/*
	 * P14: while a device of the group is registered the group has a
	 * driver per such device and a valid iommu_group.  drivers is
	 * taken in vfio_register_group_dev() before the device is visible
	 * and dropped in unregister after it is no longer.
	 */
	if (!group->iommu_group ||
	    (unsigned int)group->drivers.refs.counter < visible)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P14 violated: group of "
			 "mockvfio%d has %d driver(s) for %u registered "
			 "device(s), iommu_group %p", index,
			 group->drivers.refs.counter, visible,
			 (void *)group->iommu_group);

	/*
	 * P11: container and container_users change together under
	 * group_lock (attach, detach); each group-path first open adds a
	 * user and each last close drops it, under group_lock too, so the
	 * count is exact once group_lock is free.  A container implies the
	 * group file is open, so no device of the group is cdev-opened:
	 * every open device is a container user, and a device whose first
	 * open failed is none (P7).
	 */
	if (!group->container != !group->container_users)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P11 violated: group of "
			 "mockvfio%d has container %p with %u user(s)", index,
			 (void *)group->container, group->container_users);
	if (group->container && lock_free(&group->group_lock) &&
	    group->container_users != 1 + open)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P11 violated: group of "
			 "mockvfio%d has %u container user(s) for %u open "
			 "device(s)", index, group->container_users, open);

	if (!group->container || !lock_free(&group->group_lock))
		return;
	/*
	 * P12: every device open through the container holds a reference
	 * on the group's file (vfio_group_use_container(): get_file()), so
	 * the file outlives them; the fd's own reference may be gone (its
	 * release, which detaches the container, may not have run yet).
	 */
	/* f_count read directly: atomic_long_read() is a scheduling point */
	if (!group->opened_file ||
	    group->opened_file->f_count.counter <
	    (long long)group->container_users - 1)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P12 violated: group of "
			 "mockvfio%d has %u container user(s) but its file %p "
			 "has %lld reference(s)", index, group->container_users,
			 (void *)group->opened_file, group->opened_file ?
			 group->opened_file->f_count.counter : 0LL);
	/*
	 * P16: a group in a container has its DMA owned by the vfio group
	 * (vfio_container_attach_group(): iommu_group_claim_dma_owner()),
	 * and none of its devices is bound to an iommufd.
	 */
	if (group->type == VFIO_IOMMU && group->iommu_group &&
	    sim_iommu_group_owner(group->iommu_group).owner != group)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P16 violated: group of "
			 "mockvfio%d is in a container, its DMA owner is %p",
			 index,
			 sim_iommu_group_owner(group->iommu_group).owner);
	if (bound)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P16 violated: group of "
			 "mockvfio%d is in a container with %u device(s) "
			 "bound to an iommufd", index, bound);
}

static void check_device(int index, const struct vfio_device *vdev)
{
	const struct mockvfio_stats *st = &mockvfio_stats[index];
	int opened = st->open_device.counter - st->close_device.counter;

	/* P5: an open_count that wrapped is an unbalanced close */
	if (vdev->open_count > MOCKVFIO_MAX)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P5 violated: "
			 "mockvfio%d open_count is %u", index,
			 vdev->open_count);

	/* P10: the driver's ioctl is reached only through an open device */
	if (st->ioctl_unopened.counter)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P10 violated: mockvfio%d's "
			 "ioctl called %d time(s) while not open", index,
			 st->ioctl_unopened.counter);

	/*
	 * P6: open_device and close_device run with dev_set->lock held by
	 * their caller, so no two devices of a set are in them at once
	 * (recorded by the mock; the kernel also lockdep-asserts it).
	 */
	if (st->unlocked_open || st->unlocked_close)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P6 violated: mockvfio%d's "
			 "open_device called %d, close_device %d time(s) "
			 "without its dev_set->lock", index, st->unlocked_open,
			 st->unlocked_close);

	/* P13: a group-path open only with a container or an iommufd */
	if (st->open_without_iommu)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P13 violated: mockvfio%d was "
			 "opened through its group %d time(s) with neither a "
			 "container nor an iommufd", index,
			 st->open_without_iommu);

	/*
	 * P8: a registered device's registration count is its initial
	 * reference plus one per file or lookup holding the device; every
	 * opened file took its reference before open_count went up and
	 * drops it after open_count went down.
	 */
	if ((unsigned int)vdev->refcount.refs.counter < 1 + vdev->open_count)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P8 violated: registered "
			 "mockvfio%d has registration count %d with open_count "
			 "%u", index, vdev->refcount.refs.counter,
			 vdev->open_count);

	/* P4: a cdev-opened device has no other group-path file */
	if (vdev->cdev_opened && vdev->group && vdev->group->opened_file)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P4 violated: mockvfio%d is "
			 "cdev-opened while its group is open", index);

	/* open_count and the callbacks move together under dev_set->lock */
	if (!vdev->dev_set || !lock_free(&vdev->dev_set->lock))
		return;
	/* P5/P6: open_device was called once for the open device */
	if ((vdev->open_count > 0) != (opened == 1))
		sim_fail(SIM_FAIL_ASSERT, NULL, "P5 violated: mockvfio%d has "
			 "open_count %u, %d open_device call(s) not closed",
			 index, vdev->open_count, opened);
	/* P4: a device bound through its cdev has that one file open */
	if (vdev->cdev_opened && vdev->open_count != 1)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P4 violated: mockvfio%d is "
			 "cdev-opened with open_count %u", index,
			 vdev->open_count);
	/*
	 * P7/P15: the core's KVM reference (device->kvm) is taken for the
	 * first open (group) or the bind (cdev) and put when open_count
	 * returns to 0, also when that first open fails: a closed device
	 * holds none.
	 */
	if (vdev->kvm && !vdev->open_count)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P15 violated: mockvfio%d is "
			 "not open but holds a reference on kvm %d", index,
			 vdev->kvm->sim_id);
	/*
	 * P7: the iommufd bind is made by the first open and undone by the
	 * last close (or the failed first open's unwind), under
	 * dev_set->lock: a closed device is bound to no iommufd.
	 */
	if (!vdev->open_count &&
	    st->bind_iommufd.counter != st->unbind_iommufd.counter)
		sim_fail(SIM_FAIL_ASSERT, NULL, "P7 violated: mockvfio%d is "
			 "not open but bound to an iommufd (%d bind(s), %d "
			 "unbind(s))", index, st->bind_iommufd.counter,
			 st->unbind_iommufd.counter);
}

/* Whether @vdev is on @group's device list (read without device_lock). */
static bool on_device_list(const struct vfio_group *group,
			   const struct vfio_device *vdev)
{
	const struct vfio_device *it;
	unsigned int n = 0;

	list_for_each_entry(it, &group->device_list, group_next) {
		if (it == vdev)
			return true;
		if (++n > MOCKVFIO_MAX)
			break;
	}
	return false;
}

/*
 * P9: once unregister waits for the last registration reference (it has
 * asked the driver to release the device: ->request(), called only from
 * that wait), no new user can reach the device: it is off its group's
 * device list (GET_DEVICE_FD cannot find it, B8) and its node and sysfs
 * device are deleted (no open of /dev/vfio/devices/vfioX, B9).
 */
static void check_leaving(int index, const struct vfio_device *vdev)
{
	if (!mockvfio_requests(vdev))
		return;
	if (vdev->group && on_device_list(vdev->group, vdev))
		sim_fail(SIM_FAIL_ASSERT, NULL, "P9 violated: unregister of "
			 "mockvfio%d waits for its users while the device is "
			 "on its group's device list", index);
	if (device_is_registered((struct device *)&vdev->device))
		sim_fail(SIM_FAIL_ASSERT, NULL, "P9 violated: unregister of "
			 "mockvfio%d waits for its users while its node %s "
			 "is still there", index, dev_name(&vdev->device));
}

/*
 * The device set (docs/vfio-semantics.md 1.2): device_count counts its
 * members (under xa_lock; the list changes under the set's lock, in a
 * separate step at init and release), and every registered device is
 * on its set's list.
 */
static void check_dev_set(int index, const struct vfio_device *vdev,
			  const struct devices *devs)
{
	const struct vfio_device_set *set = vdev->dev_set;
	const struct vfio_device *it;
	unsigned int members = 0, listed = 0;
	bool on_list = false;

	if (!set)
		return;
	for (int i = 0; i < devs->n; i++) {
		const struct vfio_device *o = devs->vdev[i];

		members += o && o->dev_set == set;
	}
	if (set->device_count < members)
		sim_fail(SIM_FAIL_ASSERT, NULL, "dev_set violated: the set of "
			 "mockvfio%d counts %u device(s), %u registered "
			 "device(s) are in it", index, set->device_count,
			 members);
	if (!lock_free(&set->lock))
		return;
	list_for_each_entry(it, &set->device_list, dev_set_list) {
		on_list |= it == vdev;
		if (++listed > MOCKVFIO_MAX)
			break;
	}
	/* a member joins or leaves the list and the count in two steps */
	if (!on_list || listed > set->device_count)
		sim_fail(SIM_FAIL_ASSERT, NULL, "dev_set violated: the set of "
			 "mockvfio%d lists %u device(s)%s, counts %u", index,
			 listed, on_list ? "" : " but not it",
			 set->device_count);
}

/* Whether a device before @index is in @group: its check covered it. */
static bool group_checked(const struct devices *devs, int index,
			  const struct vfio_group *group)
{
	for (int i = 0; i < index; i++)
		if (devs->vdev[i] && devs->vdev[i]->group == group)
			return true;
	return false;
}

void vfio_adapter_check(int ndevices)
{
	struct devices devs;

	devs.n = ndevices < MOCKVFIO_MAX ? ndevices : MOCKVFIO_MAX;
	for (int i = 0; i < devs.n; i++) {
		devs.vdev[i] = mockvfio_vdev(i);
		devs.leaving[i] = mockvfio_leaving_vdev(i);
	}
	for (int i = 0; i < devs.n; i++) {
		const struct vfio_device *vdev = devs.vdev[i];

		if (devs.leaving[i])
			check_leaving(i, devs.leaving[i]);
		if (!vdev)
			continue;
		check_device(i, vdev);
		check_dev_set(i, vdev, &devs);
		/*
		 * A group is checked once: the check only reads, so it
		 * would pass again for a later device of the group.
		 */
		if (vdev->group && !group_checked(&devs, i, vdev->group))
			check_group(i, vdev->group, &devs);
	}
}
