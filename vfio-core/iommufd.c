// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: binding devices to an iommufd.
 *
 * A physical device binds as an iommufd_device (which claims its
 * group's DMA ownership for the context, P16), an emulated one as an
 * iommufd_access.  Either is then attached to one IOAS or HWPT at a
 * time, a second attach replacing the first.  All of it runs under the
 * device's dev_set->lock, the lock of its open state.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/lockdep.h>
#include <linux/vfio.h>

#include "vfio.h"

/* --- the core's side ------------------------------------------------------ */

/* First open with an iommufd: the driver binds (noiommu has nothing). */
int vfio_df_bind_ictx(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;

	lockdep_assert_held(&device->dev_set->lock);
	if (vfio_device_is_noiommu(device))
		return 0;
	return device->ops->bind_iommufd(device, df->iommufd, &df->devid);
}

void vfio_df_unbind_ictx(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;

	lockdep_assert_held(&device->dev_set->lock);
	if (!vfio_device_is_noiommu(device))
		device->ops->unbind_iommufd(device);
}

bool vfio_ictx_has_compat_ioas(struct iommufd_ctx *ictx)
{
	u32 unused;

	return iommufd_vfio_compat_ioas_get_id(ictx, &unused) == 0;
}

/* Group compat mode: the device's DMA goes to the context's compat IOAS. */
int vfio_compat_attach(struct vfio_device *device, struct iommufd_ctx *ictx)
{
	u32 ioas;
	int err;

	lockdep_assert_held(&device->dev_set->lock);
	if (vfio_device_is_noiommu(device))
		return 0;
	err = iommufd_vfio_compat_ioas_get_id(ictx, &ioas);
	return err ? err : device->ops->attach_ioas(device, &ioas);
}

/* --- helpers drivers put in their ops ------------------------------------- */

struct iommufd_ctx *vfio_iommufd_device_ictx(struct vfio_device *vdev)
{
	return vdev->iommufd_device ?
	       iommufd_device_to_ictx(vdev->iommufd_device) : NULL;
}

/* vfio_pci_dependent_device.devid values (uapi, hot-reset info) */
enum {
	VFIO_DEVID_OWNED = 0,		/* VFIO_PCI_DEVID_OWNED */
	VFIO_DEVID_NOT_OWNED = -1,	/* VFIO_PCI_DEVID_NOT_OWNED */
};

/*
 * The device's id in @ictx for hot-reset reporting: its own when bound
 * there, else whether @ictx owns the device's group at all.
 */
int vfio_iommufd_get_dev_id(struct vfio_device *vdev,
			    struct iommufd_ctx *ictx)
{
	struct iommu_group *iog;
	bool owned;

	if (vdev->iommufd_device && vfio_iommufd_device_ictx(vdev) == ictx)
		return iommufd_device_to_id(vdev->iommufd_device);

	iog = iommu_group_get(vdev->dev);
	if (!iog)
		return -ENODEV;
	owned = iommufd_ctx_has_group(ictx, iog);
	iommu_group_put(iog);
	return owned ? VFIO_DEVID_OWNED : VFIO_DEVID_NOT_OWNED;
}

int vfio_iommufd_physical_bind(struct vfio_device *vdev,
			       struct iommufd_ctx *ictx, u32 *out_device_id)
{
	struct iommufd_device *bound;

	lockdep_assert_held(&vdev->dev_set->lock);
	bound = iommufd_device_bind(ictx, vdev->dev, out_device_id);
	if (!IS_ERR(bound))
		vdev->iommufd_device = bound;
	return PTR_ERR_OR_ZERO(bound);
}

void vfio_iommufd_physical_detach_ioas(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);
	if (WARN_ON(!vdev->iommufd_device))
		return;
	/* detaching what is not attached is not an error (uAPI) */
	if (vdev->iommufd_attached) {
		iommufd_device_detach(vdev->iommufd_device);
		vdev->iommufd_attached = false;
	}
}

void vfio_iommufd_physical_unbind(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);
	vfio_iommufd_physical_detach_ioas(vdev);
	iommufd_device_unbind(vdev->iommufd_device);
	vdev->iommufd_device = NULL;
}

int vfio_iommufd_physical_attach_ioas(struct vfio_device *vdev, u32 *pt_id)
{
	struct iommufd_device *idev = vdev->iommufd_device;
	int err;

	lockdep_assert_held(&vdev->dev_set->lock);
	if (WARN_ON(!idev))
		return -EINVAL;
	err = vdev->iommufd_attached ? iommufd_device_replace(idev, pt_id) :
				       iommufd_device_attach(idev, pt_id);
	if (!err)
		vdev->iommufd_attached = true;
	return err;
}

/* An emulated device learns of unmaps to drop its pinned pages. */
static void vfio_access_unmapped(void *data, unsigned long iova,
				 unsigned long length)
{
	struct vfio_device *emulated = data;

	if (emulated->ops->dma_unmap)
		emulated->ops->dma_unmap(emulated, iova, length);
}

static const struct iommufd_access_ops vfio_emulated_access_ops = {
	.needs_pin_pages = 1,
	.unmap = vfio_access_unmapped,
};

int vfio_iommufd_emulated_bind(struct vfio_device *vdev,
			       struct iommufd_ctx *ictx, u32 *out_device_id)
{
	struct iommufd_access *access;

	lockdep_assert_held(&vdev->dev_set->lock);
	access = iommufd_access_create(ictx, &vfio_emulated_access_ops, vdev,
				       out_device_id);
	if (!IS_ERR(access))
		vdev->iommufd_access = access;
	return PTR_ERR_OR_ZERO(access);
}

void vfio_iommufd_emulated_unbind(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);
	if (!vdev->iommufd_access)
		return;
	/* destroying the access detaches it */
	iommufd_access_destroy(vdev->iommufd_access);
	vdev->iommufd_access = NULL;
	vdev->iommufd_attached = false;
}

int vfio_iommufd_emulated_attach_ioas(struct vfio_device *vdev, u32 *pt_id)
{
	struct iommufd_access *access = vdev->iommufd_access;
	int err;

	lockdep_assert_held(&vdev->dev_set->lock);
	if (WARN_ON(!access))
		return -EINVAL;
	err = vdev->iommufd_attached ? iommufd_access_replace(access, *pt_id) :
				       iommufd_access_attach(access, *pt_id);
	if (!err)
		vdev->iommufd_attached = true;
	return err;
}

void vfio_iommufd_emulated_detach_ioas(struct vfio_device *vdev)
{
	lockdep_assert_held(&vdev->dev_set->lock);
	if (WARN_ON(!vdev->iommufd_access))
		return;
	if (vdev->iommufd_attached) {
		iommufd_access_detach(vdev->iommufd_access);
		vdev->iommufd_attached = false;
	}
}
