// SPDX-License-Identifier: GPL-2.0-only
/*
 * The helpers iommufd offers the vfio container compatibility
 * (the compat IOAS, no-iommu mode).
 */
#include "internal.h"

/* --- the vfio compatibility helpers -------------------------------------- */

int iommufd_vfio_compat_ioas_get_id(struct iommufd_ctx *ictx, u32 *out_ioas_id)
{
	int rc = 0;

	mutex_lock(&ictx->lock);
	if (ictx->vfio_ioas)
		*out_ioas_id = ictx->vfio_ioas->obj.id;
	else
		rc = -ENODEV;
	mutex_unlock(&ictx->lock);
	return rc;
}

int iommufd_vfio_compat_set_no_iommu(struct iommufd_ctx *ictx)
{
	int rc = 0;

	mutex_lock(&ictx->lock);
	if (ictx->vfio_ioas)
		rc = -EINVAL;
	else
		ictx->no_iommu_mode = true;
	mutex_unlock(&ictx->lock);
	return rc;
}

int iommufd_vfio_compat_ioas_create(struct iommufd_ctx *ictx)
{
	struct iommufd_ioas *ioas;
	int rc = 0;

	mutex_lock(&ictx->lock);
	/* allocated first, as the kernel does: it can fail even if unneeded */
	ioas = iommufd_ioas_new(ictx);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
	} else if (ictx->no_iommu_mode) {
		iommufd_ioas_free(ictx, ioas);
		rc = -EINVAL;
	} else if (ictx->vfio_ioas) {
		iommufd_ioas_free(ictx, ioas);
	} else {
		ictx->vfio_ioas = ioas;
	}
	mutex_unlock(&ictx->lock);
	return rc;
}
