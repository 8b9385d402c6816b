// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd accesses: how emulated devices reach an IOAS (create,
 * attach, replace, detach, destroy; pinning and copying only check that
 * the access is attached).
 */
#include "internal.h"

/* --- accesses (emulated devices) ----------------------------------------- */

struct iommufd_access *
iommufd_access_create(struct iommufd_ctx *ictx,
		      const struct iommufd_access_ops *ops, void *data, u32 *id)
{
	struct iommufd_access *access;
	int rc;

	access = kzalloc(sizeof(*access), GFP_KERNEL);
	if (!access)
		return ERR_PTR(-ENOMEM);
	access->ictx = ictx;
	access->ops = ops;
	access->data = data;

	mutex_lock(&ictx->lock);
	rc = iommufd_obj_add(ictx, &access->obj, IOMMUFD_OBJ_ACCESS);
	if (rc) {
		mutex_unlock(&ictx->lock);
		kfree(access);
		return ERR_PTR(rc);
	}
	iommufd_ctx_get(ictx);
	ictx->nr_accesses++;
	list_add_tail(&access->sim_node, &iommufd_live_accesses);
	*id = access->obj.id;
	mutex_unlock(&ictx->lock);
	return access;
}

static bool sim_access_claim(struct iommufd_access *access)
{
	struct iommufd_access *it;

	list_for_each_entry(it, &iommufd_live_accesses, sim_node) {
		if (it == access) {
			list_del_init(&access->sim_node);
			return true;
		}
	}
	return false;
}

/* The access left its IOAS: the driver drops whatever it had pinned. */
static void access_unmap_all(struct iommufd_access *access)
{
	if (access->ops && access->ops->unmap)
		access->ops->unmap(access->data, 0, ULONG_MAX);
}

void iommufd_access_destroy(struct iommufd_access *access)
{
	struct iommufd_ctx *ictx;
	bool was_attached;

	if (WARN(!sim_access_claim(access),
		 "iommufd: destroy of an access that does not exist\n"))
		return;
	ictx = access->ictx;
	mutex_lock(&ictx->lock);
	was_attached = access->ioas;
	if (was_attached) {
		access->ioas->users--;
		access->ioas = NULL;
	}
	iommufd_obj_del(ictx, &access->obj);
	ictx->nr_accesses--;
	mutex_unlock(&ictx->lock);
	if (was_attached)
		access_unmap_all(access);
	iommufd_ctx_put(ictx);
	kfree(access);
}

int iommufd_access_attach(struct iommufd_access *access, u32 ioas_id)
{
	struct iommufd_ctx *ictx = access->ictx;
	struct iommufd_ioas *ioas;
	int rc = 0;

	mutex_lock(&ictx->lock);
	if (WARN_ON(access->ioas)) {
		rc = -EINVAL;
		goto out;
	}
	ioas = iommufd_ioas_lookup(ictx, ioas_id);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
		goto out;
	}
	access->ioas = ioas;
	ioas->users++;
out:
	mutex_unlock(&ictx->lock);
	return rc;
}

int iommufd_access_replace(struct iommufd_access *access, u32 ioas_id)
{
	struct iommufd_ctx *ictx = access->ictx;
	struct iommufd_ioas *ioas;
	bool moved = false;
	int rc = 0;

	mutex_lock(&ictx->lock);
	if (!access->ioas) {
		rc = -ENOENT;
		goto out;
	}
	ioas = iommufd_ioas_lookup(ictx, ioas_id);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
		goto out;
	}
	if (ioas != access->ioas) {
		access->ioas->users--;
		access->ioas = ioas;
		ioas->users++;
		moved = true;
	}
out:
	mutex_unlock(&ictx->lock);
	if (moved)
		access_unmap_all(access);
	return rc;
}

void iommufd_access_detach(struct iommufd_access *access)
{
	struct iommufd_ctx *ictx = access->ictx;
	bool detached = false;

	mutex_lock(&ictx->lock);
	if (!WARN_ON(!access->ioas)) {
		access->ioas->users--;
		access->ioas = NULL;
		detached = true;
	}
	mutex_unlock(&ictx->lock);
	if (detached)
		access_unmap_all(access);
}

static int access_check_attached(struct iommufd_access *access)
{
	struct iommufd_ctx *ictx = access->ictx;
	int rc;

	mutex_lock(&ictx->lock);
	rc = access->ioas ? -EOPNOTSUPP : -ENOENT;
	mutex_unlock(&ictx->lock);
	return rc;
}

int iommufd_access_pin_pages(struct iommufd_access *access, unsigned long iova,
			     unsigned long length, struct page **out_pages,
			     unsigned int flags)
{
	if (WARN_ON(!access->ops || !access->ops->unmap))
		return -EINVAL;
	if (!length)
		return -EINVAL;
	return access_check_attached(access);
}

void iommufd_access_unpin_pages(struct iommufd_access *access,
				unsigned long iova, unsigned long length)
{
	/* nothing is ever pinned */
}

int iommufd_access_rw(struct iommufd_access *access, unsigned long iova,
		      void *data, size_t len, unsigned int flags)
{
	if (!len)
		return -EINVAL;
	return access_check_attached(access);
}
