// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: binding devices to an iommufd, for
 * the device cdev (VFIO_DEVICE_BIND_IOMMUFD) and for the group path in
 * iommufd compat mode (GROUP_SET_CONTAINER with an iommufd), and the
 * bind/attach helpers drivers put in their vfio_device_ops.
 *
 * Everything here that touches a device's binding runs under its
 * dev_set->lock.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/lockdep.h>
#include <linux/vfio.h>

#include "vfio.h"

bool vfio_iommufd_device_has_compat_ioas(struct vfio_device *vdev,
					 struct iommufd_ctx *ictx)
{
	u32 ioas_id;

	return !iommufd_vfio_compat_ioas_get_id(ictx, &ioas_id);
}

int vfio_df_iommufd_bind(struct vfio_device_file *df)
{
	struct vfio_device *vdev = df->device;

	lockdep_assert_held(&vdev->dev_set->lock);

	/* a noiommu device has nothing to bind: no DMA ownership to take */
	if (vfio_device_is_noiommu(vdev))
		return 0;
	return vdev->ops->bind_iommufd(vdev, df->iommufd, &df->devid);
}

void vfio_df_iommufd_unbind(struct vfio_device_file *df)
{
	struct vfio_device *vdev = df->device;

	lockdep_assert_held(&vdev->dev_set->lock);

	if (vfio_device_is_noiommu(vdev))
		return;
	if (vdev->ops->unbind_iommufd)
		vdev->ops->unbind_iommufd(vdev);
}

/* The group path's first open attaches to the ctx's compat IOAS. */
int vfio_iommufd_compat_attach_ioas(struct vfio_device *vdev,
				    struct iommufd_ctx *ictx)
{
	u32 ioas_id;
	int ret;

	lockdep_assert_held(&vdev->dev_set->lock);

	if (vfio_device_is_noiommu(vdev))
		return 0;
	ret = iommufd_vfio_compat_ioas_get_id(ictx, &ioas_id);
	if (ret)
		return ret;
	return vdev->ops->attach_ioas(vdev, &ioas_id);
}

struct iommufd_ctx *vfio_iommufd_device_ictx(struct vfio_device *vdev)
{
	if (!vdev->iommufd_device)
		return NULL;
	return iommufd_device_to_ictx(vdev->iommufd_device);
}
EXPORT_SYMBOL_GPL(vfio_iommufd_device_ictx);

int vfio_iommufd_get_dev_id(struct vfio_device *vdev,
			    struct iommufd_ctx *ictx)
{
	struct iommu_group *group;
	int devid;

	if (vdev->iommufd_device && vfio_iommufd_device_ictx(vdev) == ictx)
		return iommufd_device_to_id(vdev->iommufd_device);

	group = iommu_group_get(vdev->dev);
	if (!group)
		return -ENODEV;
	/* bound by another device of its group: owned, id not known */
	devid = iommufd_ctx_has_group(ictx, group) ? -ENOENT : -ENODEV;
	iommu_group_put(group);
	return devid;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_get_dev_id);

/* Physical devices: an iommufd_device, which claims DMA ownership. */
int vfio_iommufd_physical_bind(struct vfio_device *vdev,
			       struct iommufd_ctx *ictx, u32 *out_device_id)
{
	struct iommufd_device *idev;

	idev = iommufd_device_bind(ictx, vdev->dev, out_device_id);
	if (IS_ERR(idev))
		return PTR_ERR(idev);
	vdev->iommufd_device = idev;
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_physical_bind);

void vfio_iommufd_physical_unbind(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);

	if (vdev->iommufd_attached) {
		iommufd_device_detach(vdev->iommufd_device);
		vdev->iommufd_attached = false;
	}
	iommufd_device_unbind(vdev->iommufd_device);
	vdev->iommufd_device = NULL;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_physical_unbind);

int vfio_iommufd_physical_attach_ioas(struct vfio_device *vdev, u32 *pt_id)
{
	int ret;

	lockdep_assert_held(&vdev->dev_set->lock);

	if (WARN_ON(!vdev->iommufd_device))
		return -EINVAL;
	/* attaching again moves the device to the new page table */
	if (vdev->iommufd_attached)
		ret = iommufd_device_replace(vdev->iommufd_device, pt_id);
	else
		ret = iommufd_device_attach(vdev->iommufd_device, pt_id);
	if (ret)
		return ret;
	vdev->iommufd_attached = true;
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_physical_attach_ioas);

void vfio_iommufd_physical_detach_ioas(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);

	if (WARN_ON(!vdev->iommufd_device) || !vdev->iommufd_attached)
		return;
	iommufd_device_detach(vdev->iommufd_device);
	vdev->iommufd_attached = false;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_physical_detach_ioas);

/* Emulated devices: an iommufd_access, through which they pin pages. */
static void vfio_emulated_unmap(void *data, unsigned long iova,
				unsigned long length)
{
	struct vfio_device *vdev = data;

	if (vdev->ops->dma_unmap)
		vdev->ops->dma_unmap(vdev, iova, length);
}

static const struct iommufd_access_ops vfio_user_ops = {
	.needs_pin_pages = 1,
	.unmap = vfio_emulated_unmap,
};

int vfio_iommufd_emulated_bind(struct vfio_device *vdev,
			       struct iommufd_ctx *ictx, u32 *out_device_id)
{
	struct iommufd_access *access;

	lockdep_assert_held(&vdev->dev_set->lock);

	access = iommufd_access_create(ictx, &vfio_user_ops, vdev,
				       out_device_id);
	if (IS_ERR(access))
		return PTR_ERR(access);
	vdev->iommufd_access = access;
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_emulated_bind);

void vfio_iommufd_emulated_unbind(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);

	if (!vdev->iommufd_access)
		return;
	iommufd_access_destroy(vdev->iommufd_access);
	vdev->iommufd_attached = false;
	vdev->iommufd_access = NULL;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_emulated_unbind);

int vfio_iommufd_emulated_attach_ioas(struct vfio_device *vdev, u32 *pt_id)
{
	int ret;

	lockdep_assert_held(&vdev->dev_set->lock);

	if (vdev->iommufd_attached)
		ret = iommufd_access_replace(vdev->iommufd_access, *pt_id);
	else
		ret = iommufd_access_attach(vdev->iommufd_access, *pt_id);
	if (ret)
		return ret;
	vdev->iommufd_attached = true;
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_emulated_attach_ioas);

void vfio_iommufd_emulated_detach_ioas(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);

	if (WARN_ON(!vdev->iommufd_access) || !vdev->iommufd_attached)
		return;
	iommufd_access_detach(vdev->iommufd_access);
	vdev->iommufd_attached = false;
}
EXPORT_SYMBOL_GPL(vfio_iommufd_emulated_detach_ioas);
