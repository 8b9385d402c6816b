// SPDX-License-Identifier: GPL-2.0-only
/*
 * A mock vfio driver for physical devices, as a vfio-pci-like driver is
 * written: one vfio_device per bound device, its iommufd callbacks the
 * vfio_iommufd_physical_*() helpers, counters for every callback.  It
 * binds by pointing the parent's driver at itself (binding is not
 * modelled), so that vfio's module references on the parent's driver
 * reach the mockvfio module.
 */
/* THIS_MODULE is mockvfio_module (several targets share the program) */
#define __this_module	mockvfio_module

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kvm_host.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vfio.h"	/* the core's drivers/vfio/vfio.h */

#include "mockvfio.h"

struct module mockvfio_module = {
	.name = "mockvfio",
};

struct mockvfio_stats mockvfio_stats[MOCKVFIO_MAX];

struct mockvfio_device {
	struct vfio_device vdev;
	int index;
	bool has_token;
	uuid_t token;
	/* failures still to inject (device keys open_fails, attach_fails) */
	int open_fails, attach_fails;
	bool kvm_lock;
	/* request() calls for this vfio_device (unregister's wait) */
	int requests;
};

static struct mockvfio_device *mockvfio_devices[MOCKVFIO_MAX];
/* devices inside vfio_unregister_group_dev() (mockvfio_remove()) */
static struct mockvfio_device *mockvfio_leaving[MOCKVFIO_MAX];

/* The device being allocated: ->init runs inside vfio_alloc_device() */
static int mockvfio_probing = -1;
static const struct mockvfio_config *mockvfio_probing_cfg;

static struct device_driver mockvfio_driver = {
	.name = "mockvfio",
	.owner = THIS_MODULE,
};

void mockvfio_keep(void)
{
	SIM_SNAPSHOT_KEEP(mockvfio_stats);
	SIM_SNAPSHOT_KEEP(mockvfio_devices);
	SIM_SNAPSHOT_KEEP(mockvfio_leaving);
	SIM_SNAPSHOT_KEEP(mockvfio_probing);
	SIM_SNAPSHOT_KEEP(mockvfio_probing_cfg);
	SIM_SNAPSHOT_KEEP(mockvfio_driver);
}

struct vfio_device *mockvfio_vdev(int index)
{
	if (index < 0 || index >= MOCKVFIO_MAX || !mockvfio_devices[index])
		return NULL;
	return &mockvfio_devices[index]->vdev;
}

struct vfio_device *mockvfio_leaving_vdev(int index)
{
	if (index < 0 || index >= MOCKVFIO_MAX || !mockvfio_leaving[index])
		return NULL;
	return &mockvfio_leaving[index]->vdev;
}

static struct mockvfio_device *mock_of(struct vfio_device *vdev)
{
	return container_of(vdev, struct mockvfio_device, vdev);
}

static struct mockvfio_stats *stats_of(struct vfio_device *vdev)
{
	return &mockvfio_stats[container_of(vdev, struct mockvfio_device,
					    vdev)->index];
}

static int mockvfio_init(struct vfio_device *vdev)
{
	struct mockvfio_device *mdev = container_of(vdev,
					struct mockvfio_device, vdev);

	/* vfio_alloc_device() has not returned yet: index it here */
	mdev->index = mockvfio_probing;
	atomic_inc(&stats_of(vdev)->init);
	/* as vfio-pci puts the functions of one slot or bus in one set */
	if (mockvfio_probing_cfg && mockvfio_probing_cfg->dev_set)
		return vfio_assign_device_set(vdev,
					      mockvfio_probing_cfg->dev_set);
	return 0;
}

static void mockvfio_release(struct vfio_device *vdev)
{
	atomic_inc(&stats_of(vdev)->release);
}

/* Whether the calling thread holds @lock (not a scheduling point). */
static bool locked_by_caller(const struct mutex *lock)
{
	return lockdep_is_held(lock);
}

static bool dev_set_locked_by_caller(struct vfio_device *vdev)
{
	return vdev->dev_set && locked_by_caller(&vdev->dev_set->lock);
}

/*
 * A vfio-ap-like driver: its open and close set up and tear down the
 * guest's view of the device under the VM's lock, so open_device() runs
 * group_lock -> dev_set->lock -> kvm->lock on the group path (the other
 * half of bug B6's AB-BA).
 */
static void mockvfio_kvm_lock(struct vfio_device *vdev)
{
	if (mock_of(vdev)->kvm_lock && vdev->kvm)
		mutex_lock(&vdev->kvm->lock);
}

static void mockvfio_kvm_unlock(struct vfio_device *vdev)
{
	if (mock_of(vdev)->kvm_lock && vdev->kvm)
		mutex_unlock(&vdev->kvm->lock);
}

static int mockvfio_open_device(struct vfio_device *vdev)
{
	struct mockvfio_device *mdev = mock_of(vdev);

	if (!dev_set_locked_by_caller(vdev))
		stats_of(vdev)->unlocked_open++;
	/*
	 * An open under the group's lock is a group-path open (BIND takes
	 * and drops it before the dev_set's): the group has a container or
	 * an iommufd (P13).
	 */
	if (vdev->group && locked_by_caller(&vdev->group->group_lock) &&
	    !vdev->group->container && !vdev->group->iommufd)
		stats_of(vdev)->open_without_iommu++;
	mockvfio_kvm_lock(vdev);
	mockvfio_kvm_unlock(vdev);
	/* a failed open_device() is not counted: the core does not close it */
	if (mdev->open_fails > 0) {
		mdev->open_fails--;
		stats_of(vdev)->open_failed++;
		return -EIO;
	}
	atomic_inc(&stats_of(vdev)->open_device);
	return 0;
}

static void mockvfio_close_device(struct vfio_device *vdev)
{
	if (!dev_set_locked_by_caller(vdev))
		stats_of(vdev)->unlocked_close++;
	mockvfio_kvm_lock(vdev);
	mockvfio_kvm_unlock(vdev);
	/*
	 * As vfio-pci's close_device() before a bus reset: are other
	 * devices of the set open?  It walks the set's device list, which
	 * only changes under the set's lock (held here).
	 */
	if (vdev->dev_set)
		vfio_device_set_open_count(vdev->dev_set);
	atomic_inc(&stats_of(vdev)->close_device);
}

/* attach_fails: the IOMMU refuses the first attachments (-EIO) */
static bool mockvfio_attach_fails(struct vfio_device *vdev)
{
	struct mockvfio_device *mdev = mock_of(vdev);

	if (mdev->attach_fails <= 0)
		return false;
	mdev->attach_fails--;
	stats_of(vdev)->attach_failed++;
	return true;
}

/*
 * Only a bind that succeeded counts: the core never unbinds a failed one,
 * and the target pairs binds with unbinds.
 */
static int mockvfio_bind_iommufd(struct vfio_device *vdev,
				 struct iommufd_ctx *ictx, u32 *out_device_id)
{
	int ret = vfio_iommufd_physical_bind(vdev, ictx, out_device_id);

	if (!ret)
		atomic_inc(&stats_of(vdev)->bind_iommufd);
	return ret;
}

static void mockvfio_unbind_iommufd(struct vfio_device *vdev)
{
	atomic_inc(&stats_of(vdev)->unbind_iommufd);
	vfio_iommufd_physical_unbind(vdev);
}

static int mockvfio_attach_ioas(struct vfio_device *vdev, u32 *pt_id)
{
	if (mockvfio_attach_fails(vdev))
		return -EIO;
	atomic_inc(&stats_of(vdev)->attach_ioas);
	return vfio_iommufd_physical_attach_ioas(vdev, pt_id);
}

static void mockvfio_detach_ioas(struct vfio_device *vdev)
{
	atomic_inc(&stats_of(vdev)->detach_ioas);
	vfio_iommufd_physical_detach_ioas(vdev);
}

#ifdef VFIO_SIM_OPS_PASID_ATTACH_IOAS
/* PASID attachments, as vfio-pci: the core's physical helpers. */
static int mockvfio_pasid_attach_ioas(struct vfio_device *vdev, u32 pasid,
				      u32 *pt_id)
{
	atomic_inc(&stats_of(vdev)->pasid_attach_ioas);
	return vfio_iommufd_physical_pasid_attach_ioas(vdev, pasid, pt_id);
}

static void mockvfio_pasid_detach_ioas(struct vfio_device *vdev, u32 pasid)
{
	atomic_inc(&stats_of(vdev)->pasid_detach_ioas);
	vfio_iommufd_physical_pasid_detach_ioas(vdev, pasid);
}
#endif

#ifdef VFIO_SIM_OPS_MATCH_TOKEN_UUID
/*
 * BIND_IOMMUFD's token, as vfio-pci checks a VF token: a device set up
 * with one wants exactly it (-EACCES when missing or different); a token
 * given to a device that has none is -EINVAL.
 */
static int mockvfio_match_token_uuid(struct vfio_device *vdev,
				     const uuid_t *uuid)
{
	struct mockvfio_device *mdev =
		container_of(vdev, struct mockvfio_device, vdev);

	atomic_inc(&stats_of(vdev)->match_token);
	if (!mdev->has_token)
		return uuid ? -EINVAL : 0;
	if (!uuid || !uuid_equal(uuid, &mdev->token))
		return -EACCES;
	return 0;
}
#endif

/*
 * The device's regions: index 0, 4 KiB, readable, writable and mappable,
 * without capabilities; any other index is -EINVAL (but see index 1 of
 * mockvfio_get_region_info_caps()).
 */
static int mockvfio_fill_region_info(struct vfio_device *vdev,
				     struct vfio_region_info *info)
{
	atomic_inc(&stats_of(vdev)->region_info);
	if (info->index != 0)
		return -EINVAL;
	info->flags = VFIO_REGION_INFO_FLAG_READ |
		      VFIO_REGION_INFO_FLAG_WRITE | VFIO_REGION_INFO_FLAG_MMAP;
	info->cap_offset = 0;
	info->size = 4096;
	info->offset = 0;
	return 0;
}

#ifdef VFIO_SIM_OPS_GET_REGION_INFO_CAPS
/* Cores that handle VFIO_DEVICE_GET_REGION_INFO themselves (7.x). */
static int mockvfio_get_region_info_caps(struct vfio_device *vdev,
					 struct vfio_region_info *info,
					 struct vfio_info_cap *caps)
{
	/*
	 * Index 1: a readable 4 KiB region with a type capability, so
	 * that the core builds (and must free) a capability chain.
	 */
	if (info->index == 1) {
		struct vfio_region_info_cap_type cap = {
			.header.id = VFIO_REGION_INFO_CAP_TYPE,
			.header.version = 1,
			.type = 1,
			.subtype = 1,
		};

		atomic_inc(&stats_of(vdev)->region_info);
		info->flags = VFIO_REGION_INFO_FLAG_READ;
		info->cap_offset = 0;
		info->size = 4096;
		info->offset = 4096;
		return vfio_info_add_capability(caps, &cap.header,
						sizeof(cap));
	}
	return mockvfio_fill_region_info(vdev, info);
}
#else
/* Older cores pass VFIO_DEVICE_GET_REGION_INFO to the driver's ioctl. */
static long mockvfio_region_info_ioctl(struct vfio_device *vdev,
				       unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;
	int ret;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	ret = mockvfio_fill_region_info(vdev, &info);
	if (ret)
		return ret;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}
#endif

/* The device is going away: a real driver would signal its user. */
static void mockvfio_request(struct vfio_device *vdev, unsigned int count)
{
	mock_of(vdev)->requests++;
	atomic_inc(&stats_of(vdev)->request);
}

int mockvfio_requests(const struct vfio_device *vdev)
{
	return container_of(vdev, struct mockvfio_device, vdev)->requests;
}

static long mockvfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			   unsigned long arg)
{
	atomic_inc(&stats_of(vdev)->ioctl);
	/* vfio gates ioctls on access_granted, set after open_device */
	if (!vdev->open_count)
		atomic_inc(&stats_of(vdev)->ioctl_unopened);
	/* the kvm the core gave the device for its open (read unlocked) */
	if (cmd == MOCKVFIO_GET_KVM)
		return vdev->kvm ? vdev->kvm->sim_id : 0;
#ifndef VFIO_SIM_OPS_GET_REGION_INFO_CAPS
	if (cmd == VFIO_DEVICE_GET_REGION_INFO)
		return mockvfio_region_info_ioctl(vdev, arg);
#endif
	return -ENOTTY;
}

static int mockvfio_emu_bind_iommufd(struct vfio_device *vdev,
				     struct iommufd_ctx *ictx,
				     u32 *out_device_id)
{
	int ret = vfio_iommufd_emulated_bind(vdev, ictx, out_device_id);

	if (!ret)
		atomic_inc(&stats_of(vdev)->bind_iommufd);
	return ret;
}

static void mockvfio_emu_unbind_iommufd(struct vfio_device *vdev)
{
	atomic_inc(&stats_of(vdev)->unbind_iommufd);
	vfio_iommufd_emulated_unbind(vdev);
}

static int mockvfio_emu_attach_ioas(struct vfio_device *vdev, u32 *pt_id)
{
	if (mockvfio_attach_fails(vdev))
		return -EIO;
	atomic_inc(&stats_of(vdev)->attach_ioas);
	return vfio_iommufd_emulated_attach_ioas(vdev, pt_id);
}

static void mockvfio_emu_detach_ioas(struct vfio_device *vdev)
{
	atomic_inc(&stats_of(vdev)->detach_ioas);
	vfio_iommufd_emulated_detach_ioas(vdev);
}

/* An mdev-like device: no iommu group of its own, emulated iommufd */
static const struct vfio_device_ops mockvfio_emulated_ops = {
	.name = "mockvfio-emulated",
	.init = mockvfio_init,
	.release = mockvfio_release,
	.open_device = mockvfio_open_device,
	.close_device = mockvfio_close_device,
	.bind_iommufd = mockvfio_emu_bind_iommufd,
	.unbind_iommufd = mockvfio_emu_unbind_iommufd,
	.attach_ioas = mockvfio_emu_attach_ioas,
	.detach_ioas = mockvfio_emu_detach_ioas,
	.request = mockvfio_request,
	/*
	 * No get_region_info_caps: a 7.x core answers its region info with
	 * -EINVAL; older cores pass the ioctl to this driver's.
	 */
	.ioctl = mockvfio_ioctl,
};

static const struct vfio_device_ops mockvfio_ops = {
	.name = "mockvfio",
	.init = mockvfio_init,
	.release = mockvfio_release,
	.open_device = mockvfio_open_device,
	.close_device = mockvfio_close_device,
	.bind_iommufd = mockvfio_bind_iommufd,
	.unbind_iommufd = mockvfio_unbind_iommufd,
	.attach_ioas = mockvfio_attach_ioas,
	.detach_ioas = mockvfio_detach_ioas,
#ifdef VFIO_SIM_OPS_PASID_ATTACH_IOAS
	.pasid_attach_ioas = mockvfio_pasid_attach_ioas,
	.pasid_detach_ioas = mockvfio_pasid_detach_ioas,
#endif
	.request = mockvfio_request,
	.ioctl = mockvfio_ioctl,
#ifdef VFIO_SIM_OPS_GET_REGION_INFO_CAPS
	.get_region_info_caps = mockvfio_get_region_info_caps,
#endif
#ifdef VFIO_SIM_OPS_MATCH_TOKEN_UUID
	.match_token_uuid = mockvfio_match_token_uuid,
#endif
	/* .match NULL: GET_DEVICE_FD matches the parent's name */
};

void mockvfio_reset(void)
{
	memset(mockvfio_stats, 0, sizeof(mockvfio_stats));
	memset(mockvfio_devices, 0, sizeof(mockvfio_devices));
	memset(mockvfio_leaving, 0, sizeof(mockvfio_leaving));
	mockvfio_probing = -1;
	mockvfio_probing_cfg = NULL;
}

int mockvfio_probe(int index, struct device *parent,
		   const struct mockvfio_config *cfg)
{
	struct mockvfio_device *mdev;
	int ret;

	if (index < 0 || index >= MOCKVFIO_MAX)
		return -EINVAL;
	if (mockvfio_devices[index])
		return -EBUSY;

	mockvfio_probing = index;
	mockvfio_probing_cfg = cfg;
	mdev = vfio_alloc_device(mockvfio_device, vdev, parent,
				 cfg->emulated ? &mockvfio_emulated_ops :
						 &mockvfio_ops);
	mockvfio_probing = -1;
	mockvfio_probing_cfg = NULL;
	if (IS_ERR(mdev))
		return PTR_ERR(mdev);
	mdev->index = index;
	mdev->has_token = cfg->has_token;
	mdev->token = cfg->token;
	mdev->open_fails = cfg->open_fails;
	mdev->attach_fails = cfg->attach_fails;
	mdev->kvm_lock = cfg->kvm_lock;
	mockvfio_stats[index].created++;

	parent->driver = &mockvfio_driver;
	if (cfg->emulated)
		ret = vfio_register_emulated_iommu_dev(&mdev->vdev);
	else
		ret = vfio_register_group_dev(&mdev->vdev);
	if (ret) {
		parent->driver = NULL;
		vfio_put_device(&mdev->vdev);
		return ret;
	}
	mockvfio_devices[index] = mdev;
	mockvfio_stats[index].registered = true;
	return 0;
}

int mockvfio_remove(int index)
{
	struct mockvfio_device *mdev;
	struct device *parent;

	if (index < 0 || index >= MOCKVFIO_MAX || !mockvfio_devices[index])
		return -ENODEV;
	mdev = mockvfio_devices[index];
	mockvfio_devices[index] = NULL;
	parent = mdev->vdev.dev;

	mockvfio_leaving[index] = mdev;
	vfio_unregister_group_dev(&mdev->vdev);
	mockvfio_leaving[index] = NULL;
	mockvfio_stats[index].registered = false;
	vfio_put_device(&mdev->vdev);
	parent->driver = NULL;
	return 0;
}
