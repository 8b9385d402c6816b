// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd devices: bind (claiming DMA ownership of the device's
 * group), attach to / replace / detach from an IOAS, unbind.
 */
#include "internal.h"

/* --- devices ------------------------------------------------------------- */

struct iommufd_device *iommufd_device_bind(struct iommufd_ctx *ictx,
					   struct device *dev, u32 *id)
{
	/* no IOMMU probed it: no group, nothing to own (7.x, noiommu) */
	bool noiommu = iommufd_noiommu && !dev->iommu;
	struct iommu_group *group = NULL;
	struct iommufd_device *idev;
	int rc;

	if (!noiommu) {
		/* iommufd always maps with IOMMU_CACHE */
		if (!device_iommu_capable(dev, IOMMU_CAP_CACHE_COHERENCY))
			return ERR_PTR(-EINVAL);
		group = iommu_group_get(dev);
		if (!group)
			return ERR_PTR(-ENODEV);
		rc = iommu_device_claim_dma_owner(dev, ictx);
		if (rc)
			goto out_group_put;
	}

	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev) {
		rc = -ENOMEM;
		goto out_release_owner;
	}
	idev->ictx = ictx;
	idev->dev = dev;
	idev->group = group;

	mutex_lock(&ictx->lock);
	rc = iommufd_obj_add(ictx, &idev->obj, IOMMUFD_OBJ_DEVICE);
	if (rc) {
		mutex_unlock(&ictx->lock);
		kfree(idev);
		goto out_release_owner;
	}
	iommufd_ctx_get(ictx);
	ictx->nr_devices++;
	list_add_tail(&idev->sim_node, &iommufd_live_devices);
	*id = idev->obj.id;
	mutex_unlock(&ictx->lock);
	return idev;

out_release_owner:
	if (group)
		iommu_device_release_dma_owner(dev);
out_group_put:
	iommu_group_put(group);
	return ERR_PTR(rc);
}

/* Takes @idev off the list of bound devices; false if it was not there. */
static bool sim_idev_claim(struct iommufd_device *idev)
{
	struct iommufd_device *it;

	list_for_each_entry(it, &iommufd_live_devices, sim_node) {
		if (it == idev) {
			list_del_init(&idev->sim_node);
			return true;
		}
	}
	return false;
}

void iommufd_device_unbind(struct iommufd_device *idev)
{
	struct iommufd_ctx *ictx;

	if (WARN(!sim_idev_claim(idev),
		 "iommufd: unbind of a device that is not bound\n"))
		return;
	ictx = idev->ictx;
	mutex_lock(&ictx->lock);
	if (WARN(idev->ioas || idev->nr_pasid_attach,
		 "iommufd: unbind of an attached device\n")) {
		/* left for good, as the kernel leaves it until close */
		list_add_tail(&idev->sim_node, &iommufd_live_devices);
		mutex_unlock(&ictx->lock);
		return;
	}
	iommufd_obj_del(ictx, &idev->obj);
	ictx->nr_devices--;
	mutex_unlock(&ictx->lock);

	if (idev->group)
		iommu_device_release_dma_owner(idev->dev);
	iommu_group_put(idev->group);
	iommufd_ctx_put(ictx);
	kfree(idev);
}

/*
 * Whether a device of @idev's group, other than @idev, is attached in
 * this context to an IOAS other than @ioas (a group shares one page table).
 */
static bool group_attached_elsewhere(struct iommufd_device *idev,
				     struct iommufd_ioas *ioas)
{
	struct iommufd_object *obj;
	unsigned long index;

	xa_for_each(&idev->ictx->objects, index, obj) {
		struct iommufd_device *other;

		if (obj->type != IOMMUFD_OBJ_DEVICE)
			continue;
		other = container_of(obj, struct iommufd_device, obj);
		if (other != idev && idev->group &&
		    other->group == idev->group &&
		    other->ioas && other->ioas != ioas)
			return true;
	}
	return false;
}

static int attach_no_pasid(struct iommufd_device *idev, u32 *pt_id)
{
	struct iommufd_ctx *ictx = idev->ictx;
	struct iommufd_ioas *ioas;
	int rc = 0;

	mutex_lock(&ictx->lock);
	ioas = iommufd_ioas_lookup(ictx, *pt_id);
	if (IS_ERR(ioas))
		rc = PTR_ERR(ioas);
	else if (idev->ioas || group_attached_elsewhere(idev, ioas))
		rc = -EINVAL;
	else {
		idev->ioas = ioas;
		ioas->users++;
	}
	mutex_unlock(&ictx->lock);
	return rc;
}

/* Moves every device of the group attached in this context, as the kernel. */
static int replace_no_pasid(struct iommufd_device *idev, u32 *pt_id)
{
	struct iommufd_ctx *ictx = idev->ictx;
	struct iommufd_ioas *ioas, *old;
	struct iommufd_object *obj;
	unsigned long index;
	int rc = 0;

	mutex_lock(&ictx->lock);
	ioas = iommufd_ioas_lookup(ictx, *pt_id);
	old = idev->ioas;
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
	} else if (!old) {
		rc = -EINVAL;
	} else if (ioas != old) {
		xa_for_each(&ictx->objects, index, obj) {
			struct iommufd_device *d;

			if (obj->type != IOMMUFD_OBJ_DEVICE)
				continue;
			d = container_of(obj, struct iommufd_device, obj);
			if (d->group != idev->group || d->ioas != old)
				continue;
			old->users--;
			d->ioas = ioas;
			ioas->users++;
		}
	}
	mutex_unlock(&ictx->lock);
	return rc;
}

static void detach_no_pasid(struct iommufd_device *idev)
{
	struct iommufd_ctx *ictx = idev->ictx;

	mutex_lock(&ictx->lock);
	if (!WARN(!idev->ioas, "iommufd: detach of a device not attached\n")) {
		idev->ioas->users--;
		idev->ioas = NULL;
	}
	mutex_unlock(&ictx->lock);
}

/* --- attachments at a PASID (7.x) ---------------------------------------- */

/* The slot of @pasid in @idev's attachments, or -1. */
static int pasid_slot(struct iommufd_device *idev, ioasid_t pasid)
{
	for (unsigned int i = 0; i < idev->nr_pasid_attach; i++)
		if (idev->pasid_attach[i].pasid == pasid)
			return i;
	return -1;
}

/* Whether the device can use @pasid: 0, -EOPNOTSUPP or -EINVAL. */
static int pasid_supported(struct iommufd_device *idev, ioasid_t pasid)
{
	const struct dev_iommu *param = idev->dev->iommu;

	if (!param || !param->max_pasids)
		return -EOPNOTSUPP;
	return pasid < param->max_pasids ? 0 : -EINVAL;
}

static int attach_pasid(struct iommufd_device *idev, ioasid_t pasid,
			u32 *pt_id, bool replace)
{
	struct iommufd_ctx *ictx = idev->ictx;
	struct iommufd_ioas *ioas;
	int slot, rc;

	rc = pasid_supported(idev, pasid);
	if (rc)
		return rc;
	mutex_lock(&ictx->lock);
	ioas = iommufd_ioas_lookup(ictx, *pt_id);
	slot = pasid_slot(idev, pasid);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
	} else if (replace) {
		if (slot < 0) {
			rc = -EINVAL;
		} else if (idev->pasid_attach[slot].ioas != ioas) {
			idev->pasid_attach[slot].ioas->users--;
			idev->pasid_attach[slot].ioas = ioas;
			ioas->users++;
		}
	} else if (slot >= 0) {
		rc = idev->pasid_attach[slot].ioas == ioas ? -EBUSY : -EINVAL;
	} else if (idev->nr_pasid_attach == SIM_IOMMUFD_MAX_PASID_ATTACH) {
		rc = -ENOSPC;
	} else {
		slot = idev->nr_pasid_attach++;
		idev->pasid_attach[slot].pasid = pasid;
		idev->pasid_attach[slot].ioas = ioas;
		ioas->users++;
	}
	mutex_unlock(&ictx->lock);
	return rc;
}

static void detach_pasid(struct iommufd_device *idev, ioasid_t pasid)
{
	struct iommufd_ctx *ictx = idev->ictx;
	int slot;

	mutex_lock(&ictx->lock);
	slot = pasid_slot(idev, pasid);
	if (slot >= 0) {
		idev->pasid_attach[slot].ioas->users--;
		idev->pasid_attach[slot] =
			idev->pasid_attach[--idev->nr_pasid_attach];
	}
	mutex_unlock(&ictx->lock);
}

int sim_iommufd_device_attach(struct iommufd_device *idev, ioasid_t pasid,
			      u32 *pt_id)
{
	if (pasid == IOMMU_NO_PASID)
		return attach_no_pasid(idev, pt_id);
	return attach_pasid(idev, pasid, pt_id, false);
}

int sim_iommufd_device_replace(struct iommufd_device *idev, ioasid_t pasid,
			       u32 *pt_id)
{
	if (pasid == IOMMU_NO_PASID)
		return replace_no_pasid(idev, pt_id);
	return attach_pasid(idev, pasid, pt_id, true);
}

void sim_iommufd_device_detach(struct iommufd_device *idev, ioasid_t pasid)
{
	if (pasid == IOMMU_NO_PASID)
		detach_no_pasid(idev);
	else
		detach_pasid(idev, pasid);
}

struct iommufd_ctx *iommufd_device_to_ictx(struct iommufd_device *idev)
{
	return idev->ictx;
}

u32 iommufd_device_to_id(struct iommufd_device *idev)
{
	return idev->obj.id;
}
