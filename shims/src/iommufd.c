// SPDX-License-Identifier: GPL-2.0-only
/*
 * A model of drivers/iommu/iommufd (the part the vfio core reaches).
 *
 * A context is created by opening /dev/iommu and freed by the release of
 * that file.  Its references are the file's references: whoever keeps a
 * context (a vfio group set to it, a bound device, an access) keeps the
 * file, so the context outlives the close() until the last of them puts it.
 * Objects (IOASes, devices, accesses) get ids from a per-context IDA and
 * live in a per-context xarray; everything about them is under the
 * context's mutex (the kernel uses the xarray's spinlock and per-object
 * counts; one sleeping lock gives the same exclusion, with scheduling
 * points where the kernel has them).
 *
 * Not modelled: IO page tables, hw_pagetables (attaching to an IOAS
 * records the IOAS, and the id is not rewritten to a hw_pagetable's),
 * page pinning and copying, MSI isolation (every group is isolated), the
 * shortterm users that make a destroy wait for ioctls in flight, and the
 * ioctls other than IOMMU_IOAS_ALLOC and IOMMU_DESTROY.
 *
 * The simulation keeps its own lists of live contexts, devices and
 * accesses, without locks (they change atomically between scheduling
 * points), for <sim/iommufd.h> and to recognise an unbind of a device
 * that is not bound without touching freed memory.
 */
#include <stdio.h>

#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "sim/iommufd.h"
#include "sim/sched.h"

enum iommufd_object_type {
	IOMMUFD_OBJ_IOAS,
	IOMMUFD_OBJ_DEVICE,
	IOMMUFD_OBJ_ACCESS,
};

struct iommufd_object {
	enum iommufd_object_type type;
	u32 id;
};

struct iommufd_ioas {
	struct iommufd_object obj;
	unsigned int users;		/* devices and accesses attached */
};

struct iommufd_ctx {
	struct file *file;
	struct mutex lock;		/* everything below */
	struct xarray objects;		/* id -> struct iommufd_object */
	struct ida ids;			/* from 1 */
	struct iommufd_ioas *vfio_ioas;
	bool no_iommu_mode;
	unsigned int nr_devices, nr_accesses, nr_ioas;
	struct list_head sim_node;	/* in sim_ctxs */
};

struct iommufd_device {
	struct iommufd_object obj;
	struct iommufd_ctx *ictx;
	struct device *dev;
	struct iommu_group *group;	/* a reference, until unbind */
	struct iommufd_ioas *ioas;	/* attached to; under ictx->lock */
	struct list_head sim_node;	/* in sim_idevs */
};

struct iommufd_access {
	struct iommufd_object obj;
	struct iommufd_ctx *ictx;
	const struct iommufd_access_ops *ops;
	void *data;
	struct iommufd_ioas *ioas;	/* under ictx->lock */
	struct list_head sim_node;	/* in sim_accesses */
};

static LIST_HEAD(sim_ctxs);
static LIST_HEAD(sim_idevs);
static LIST_HEAD(sim_accesses);
static unsigned int sim_nr_ctxs;
static bool iommufd_registered;

/* --- objects (under ictx->lock) ------------------------------------------ */

static int object_add(struct iommufd_ctx *ictx, struct iommufd_object *obj,
		      enum iommufd_object_type type)
{
	int id, err;

	lockdep_assert_held(&ictx->lock);
	id = ida_alloc_min(&ictx->ids, 1, GFP_KERNEL);
	if (id < 0)
		return id;
	obj->type = type;
	obj->id = id;
	err = xa_err(xa_store(&ictx->objects, id, obj, GFP_KERNEL));
	if (err) {
		ida_free(&ictx->ids, id);
		return err;
	}
	return 0;
}

static void object_del(struct iommufd_ctx *ictx, struct iommufd_object *obj)
{
	lockdep_assert_held(&ictx->lock);
	WARN_ON(xa_erase(&ictx->objects, obj->id) != obj);
	ida_free(&ictx->ids, obj->id);
}

static struct iommufd_ioas *ioas_lookup(struct iommufd_ctx *ictx, u32 id)
{
	struct iommufd_object *obj;

	lockdep_assert_held(&ictx->lock);
	obj = xa_load(&ictx->objects, id);
	if (!obj)
		return ERR_PTR(-ENOENT);
	if (obj->type != IOMMUFD_OBJ_IOAS)
		return ERR_PTR(-EINVAL);
	return container_of(obj, struct iommufd_ioas, obj);
}

static struct iommufd_ioas *ioas_alloc(struct iommufd_ctx *ictx)
{
	struct iommufd_ioas *ioas;
	int err;

	lockdep_assert_held(&ictx->lock);
	ioas = kzalloc(sizeof(*ioas), GFP_KERNEL);
	if (!ioas)
		return ERR_PTR(-ENOMEM);
	err = object_add(ictx, &ioas->obj, IOMMUFD_OBJ_IOAS);
	if (err) {
		kfree(ioas);
		return ERR_PTR(err);
	}
	ictx->nr_ioas++;
	return ioas;
}

static void ioas_destroy(struct iommufd_ctx *ictx, struct iommufd_ioas *ioas)
{
	object_del(ictx, &ioas->obj);
	if (ictx->vfio_ioas == ioas)
		ictx->vfio_ioas = NULL;
	ictx->nr_ioas--;
	kfree(ioas);
}

/* --- contexts and /dev/iommu --------------------------------------------- */

static const struct file_operations iommufd_fops;

static int iommufd_fops_open(struct inode *inode, struct file *filp)
{
	struct iommufd_ctx *ictx;

	ictx = kzalloc(sizeof(*ictx), GFP_KERNEL);
	if (!ictx)
		return -ENOMEM;
	mutex_init(&ictx->lock);
	xa_init(&ictx->objects);
	ida_init(&ictx->ids);
	ictx->file = filp;
	filp->private_data = ictx;
	list_add_tail(&ictx->sim_node, &sim_ctxs);
	sim_nr_ctxs++;
	return 0;
}

/*
 * The last reference is gone: every device and access put theirs, so only
 * IOASes can be left.
 */
static int iommufd_fops_release(struct inode *inode, struct file *filp)
{
	struct iommufd_ctx *ictx = filp->private_data;
	struct iommufd_object *obj;
	unsigned long index;

	list_del(&ictx->sim_node);
	sim_nr_ctxs--;
	mutex_lock(&ictx->lock);
	xa_for_each(&ictx->objects, index, obj) {
		struct iommufd_ioas *ioas;

		if (WARN_ON(obj->type != IOMMUFD_OBJ_IOAS))
			continue;
		ioas = container_of(obj, struct iommufd_ioas, obj);
		WARN_ON(ioas->users);
		ioas_destroy(ictx, ioas);
	}
	WARN_ON(ictx->nr_devices || ictx->nr_accesses);
	mutex_unlock(&ictx->lock);
	xa_destroy(&ictx->objects);
	ida_destroy(&ictx->ids);
	mutex_destroy(&ictx->lock);
	kfree(ictx);
	return 0;
}

static long iommufd_ioas_alloc_ioctl(struct iommufd_ctx *ictx,
				     void __user *uarg)
{
	struct iommu_ioas_alloc cmd;
	struct iommufd_ioas *ioas;
	u32 size;

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size < offsetofend(struct iommu_ioas_alloc, out_ioas_id))
		return -EINVAL;
	if (copy_from_user(&cmd, uarg, sizeof(cmd)))
		return -EFAULT;
	if (cmd.flags)
		return -EOPNOTSUPP;

	mutex_lock(&ictx->lock);
	ioas = ioas_alloc(ictx);
	if (IS_ERR(ioas)) {
		mutex_unlock(&ictx->lock);
		return PTR_ERR(ioas);
	}
	cmd.out_ioas_id = ioas->obj.id;
	if (copy_to_user(uarg, &cmd, sizeof(cmd))) {
		ioas_destroy(ictx, ioas);
		mutex_unlock(&ictx->lock);
		return -EFAULT;
	}
	mutex_unlock(&ictx->lock);
	return 0;
}

static long iommufd_destroy_ioctl(struct iommufd_ctx *ictx, void __user *uarg)
{
	struct iommu_destroy cmd;
	struct iommufd_object *obj;
	u32 size;
	long ret = 0;

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size < offsetofend(struct iommu_destroy, id))
		return -EINVAL;
	if (copy_from_user(&cmd, uarg, sizeof(cmd)))
		return -EFAULT;

	mutex_lock(&ictx->lock);
	obj = xa_load(&ictx->objects, cmd.id);
	if (!obj) {
		ret = -ENOENT;
	} else if (obj->type != IOMMUFD_OBJ_IOAS) {
		/* a driver holds it until it unbinds or destroys it */
		ret = -EBUSY;
	} else {
		struct iommufd_ioas *ioas =
			container_of(obj, struct iommufd_ioas, obj);

		if (ioas->users)
			ret = -EBUSY;
		else
			ioas_destroy(ictx, ioas);
	}
	mutex_unlock(&ictx->lock);
	return ret;
}

static long iommufd_fops_ioctl(struct file *filp, unsigned int cmd,
			       unsigned long arg)
{
	struct iommufd_ctx *ictx = filp->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IOMMU_IOAS_ALLOC:
		return iommufd_ioas_alloc_ioctl(ictx, uarg);
	case IOMMU_DESTROY:
		return iommufd_destroy_ioctl(ictx, uarg);
	}
	return -ENOIOCTLCMD;
}

static const struct file_operations iommufd_fops = {
	.owner = NULL,			/* built in */
	.open = iommufd_fops_open,
	.release = iommufd_fops_release,
	.unlocked_ioctl = iommufd_fops_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice iommu_misc_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "iommu",
	.fops = &iommufd_fops,
	.nodename = "iommu",
	.mode = 0660,
};

void iommufd_ctx_get(struct iommufd_ctx *ictx)
{
	get_file(ictx->file);
}

struct iommufd_ctx *iommufd_ctx_from_file(struct file *file)
{
	struct iommufd_ctx *ictx;

	if (file->f_op != &iommufd_fops)
		return ERR_PTR(-EBADFD);
	ictx = file->private_data;
	iommufd_ctx_get(ictx);
	return ictx;
}

struct iommufd_ctx *iommufd_ctx_from_fd(int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &iommufd_fops) {
		fput(file);
		return ERR_PTR(-EBADFD);
	}
	/* the reference fget() took is the context's */
	return file->private_data;
}

void iommufd_ctx_put(struct iommufd_ctx *ictx)
{
	fput(ictx->file);
}

bool iommufd_ctx_has_group(struct iommufd_ctx *ictx, struct iommu_group *group)
{
	struct iommufd_object *obj;
	unsigned long index;
	bool found = false;

	if (!ictx || !group)
		return false;
	mutex_lock(&ictx->lock);
	xa_for_each(&ictx->objects, index, obj) {
		if (obj->type == IOMMUFD_OBJ_DEVICE &&
		    container_of(obj, struct iommufd_device, obj)->group ==
			    group) {
			found = true;
			break;
		}
	}
	mutex_unlock(&ictx->lock);
	return found;
}

/* --- devices ------------------------------------------------------------- */

struct iommufd_device *iommufd_device_bind(struct iommufd_ctx *ictx,
					   struct device *dev, u32 *id)
{
	struct iommufd_device *idev;
	struct iommu_group *group;
	int rc;

	/* iommufd always maps with IOMMU_CACHE */
	if (!device_iommu_capable(dev, IOMMU_CAP_CACHE_COHERENCY))
		return ERR_PTR(-EINVAL);
	group = iommu_group_get(dev);
	if (!group)
		return ERR_PTR(-ENODEV);

	rc = iommu_device_claim_dma_owner(dev, ictx);
	if (rc)
		goto out_group_put;

	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev) {
		rc = -ENOMEM;
		goto out_release_owner;
	}
	idev->ictx = ictx;
	idev->dev = dev;
	idev->group = group;

	mutex_lock(&ictx->lock);
	rc = object_add(ictx, &idev->obj, IOMMUFD_OBJ_DEVICE);
	if (rc) {
		mutex_unlock(&ictx->lock);
		kfree(idev);
		goto out_release_owner;
	}
	iommufd_ctx_get(ictx);
	ictx->nr_devices++;
	list_add_tail(&idev->sim_node, &sim_idevs);
	*id = idev->obj.id;
	mutex_unlock(&ictx->lock);
	return idev;

out_release_owner:
	iommu_device_release_dma_owner(dev);
out_group_put:
	iommu_group_put(group);
	return ERR_PTR(rc);
}

/* Takes @idev off the list of bound devices; false if it was not there. */
static bool sim_idev_claim(struct iommufd_device *idev)
{
	struct iommufd_device *it;

	list_for_each_entry(it, &sim_idevs, sim_node) {
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
	if (WARN(idev->ioas, "iommufd: unbind of an attached device\n")) {
		/* left for good, as the kernel leaves it until close */
		list_add_tail(&idev->sim_node, &sim_idevs);
		mutex_unlock(&ictx->lock);
		return;
	}
	object_del(ictx, &idev->obj);
	ictx->nr_devices--;
	mutex_unlock(&ictx->lock);

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
		if (other != idev && other->group == idev->group &&
		    other->ioas && other->ioas != ioas)
			return true;
	}
	return false;
}

int iommufd_device_attach(struct iommufd_device *idev, u32 *pt_id)
{
	struct iommufd_ctx *ictx = idev->ictx;
	struct iommufd_ioas *ioas;
	int rc = 0;

	mutex_lock(&ictx->lock);
	ioas = ioas_lookup(ictx, *pt_id);
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
int iommufd_device_replace(struct iommufd_device *idev, u32 *pt_id)
{
	struct iommufd_ctx *ictx = idev->ictx;
	struct iommufd_ioas *ioas, *old;
	struct iommufd_object *obj;
	unsigned long index;
	int rc = 0;

	mutex_lock(&ictx->lock);
	ioas = ioas_lookup(ictx, *pt_id);
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

void iommufd_device_detach(struct iommufd_device *idev)
{
	struct iommufd_ctx *ictx = idev->ictx;

	mutex_lock(&ictx->lock);
	if (!WARN(!idev->ioas, "iommufd: detach of a device not attached\n")) {
		idev->ioas->users--;
		idev->ioas = NULL;
	}
	mutex_unlock(&ictx->lock);
}

struct iommufd_ctx *iommufd_device_to_ictx(struct iommufd_device *idev)
{
	return idev->ictx;
}

u32 iommufd_device_to_id(struct iommufd_device *idev)
{
	return idev->obj.id;
}

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
	rc = object_add(ictx, &access->obj, IOMMUFD_OBJ_ACCESS);
	if (rc) {
		mutex_unlock(&ictx->lock);
		kfree(access);
		return ERR_PTR(rc);
	}
	iommufd_ctx_get(ictx);
	ictx->nr_accesses++;
	list_add_tail(&access->sim_node, &sim_accesses);
	*id = access->obj.id;
	mutex_unlock(&ictx->lock);
	return access;
}

static bool sim_access_claim(struct iommufd_access *access)
{
	struct iommufd_access *it;

	list_for_each_entry(it, &sim_accesses, sim_node) {
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
	object_del(ictx, &access->obj);
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
	ioas = ioas_lookup(ictx, ioas_id);
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
	ioas = ioas_lookup(ictx, ioas_id);
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
	ioas = ioas_alloc(ictx);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
	} else if (ictx->no_iommu_mode) {
		ioas_destroy(ictx, ioas);
		rc = -EINVAL;
	} else if (ictx->vfio_ioas) {
		ioas_destroy(ictx, ioas);
	} else {
		ictx->vfio_ioas = ioas;
	}
	mutex_unlock(&ictx->lock);
	return rc;
}

/* --- the simulation's side ------------------------------------------------ */

int sim_iommufd_init(void)
{
	int err;

	if (iommufd_registered)
		return 0;
	iommufd_registered = true;
	err = misc_register(&iommu_misc_dev);
	if (err)
		iommufd_registered = false;
	return err;
}

void sim_iommufd_exit(void)
{
	if (!iommufd_registered)
		return;
	iommufd_registered = false;
	misc_deregister(&iommu_misc_dev);
}

bool sim_iommufd_registered(void)
{
	return iommufd_registered;
}

unsigned int sim_iommufd_nr_ctxs(void)
{
	return sim_nr_ctxs;
}

unsigned int sim_iommufd_ctx_nr_devices(struct iommufd_ctx *ictx)
{
	return ictx->nr_devices;
}

unsigned int sim_iommufd_ctx_nr_accesses(struct iommufd_ctx *ictx)
{
	return ictx->nr_accesses;
}

unsigned int sim_iommufd_ctx_nr_ioas(struct iommufd_ctx *ictx)
{
	return ictx->nr_ioas;
}

long sim_iommufd_ctx_refs(struct iommufd_ctx *ictx)
{
	return ictx->file->f_count.counter;
}

struct iommufd_ctx *sim_iommufd_ctx_of_file(struct file *file)
{
	if (!file || file->f_op != &iommufd_fops)
		return NULL;
	return file->private_data;
}

bool sim_iommufd_ctx_live(const struct iommufd_ctx *ictx)
{
	const struct iommufd_ctx *it;

	list_for_each_entry(it, &sim_ctxs, sim_node)
		if (it == ictx)
			return true;
	return false;
}

struct iommufd_ctx *sim_iommufd_device_owner(struct device *dev)
{
	struct iommufd_device *idev;

	list_for_each_entry(idev, &sim_idevs, sim_node)
		if (idev->dev == dev)
			return idev->ictx;
	return NULL;
}

unsigned int sim_iommufd_device_nr_binds(struct device *dev)
{
	struct iommufd_device *idev;
	unsigned int n = 0;

	list_for_each_entry(idev, &sim_idevs, sim_node)
		n += idev->dev == dev;
	return n;
}

unsigned int sim_iommufd_nr_bound(void)
{
	return list_count_nodes(&sim_idevs);
}

u32 sim_iommufd_device_ioas(struct iommufd_device *idev)
{
	return idev->ioas ? idev->ioas->obj.id : 0;
}

u32 sim_iommufd_access_ioas(struct iommufd_access *access)
{
	return access->ioas ? access->ioas->obj.id : 0;
}

/* --- per execution -------------------------------------------------------- */

/* The slab hook frees what is left; only forget it here. */
static void iommufd_reset(void)
{
	INIT_LIST_HEAD(&sim_ctxs);
	INIT_LIST_HEAD(&sim_idevs);
	INIT_LIST_HEAD(&sim_accesses);
	sim_nr_ctxs = 0;
	iommufd_registered = false;
	iommu_misc_dev.minor = MISC_DYNAMIC_MINOR;
	iommu_misc_dev.this_device = NULL;
	INIT_LIST_HEAD(&iommu_misc_dev.list);
}

/* After the world closed every file: the module goes away. */
static void iommufd_check(void)
{
	sim_iommufd_exit();
}

static void iommufd_state_print(FILE *out)
{
	struct iommufd_ctx *ictx;
	struct iommufd_device *idev;

	list_for_each_entry(ictx, &sim_ctxs, sim_node)
		fprintf(out, "iommufd ctx %p: %ld refs, %u devices, %u "
			"accesses, %u ioas%s\n", (void *)ictx,
			sim_iommufd_ctx_refs(ictx), ictx->nr_devices,
			ictx->nr_accesses, ictx->nr_ioas,
			ictx->no_iommu_mode ? ", no-iommu" : "");
	list_for_each_entry(idev, &sim_idevs, sim_node)
		fprintf(out, "iommufd device %p: ctx %p id %u ioas %u\n",
			(void *)idev->dev, (void *)idev->ictx, idev->obj.id,
			sim_iommufd_device_ioas(idev));
}

/*
 * A failure report is printed after the execution ended and the heap is
 * gone: what it shows was written down at the end.
 */
static char iommufd_last_state[4096];

static void iommufd_begin(void)
{
	iommufd_last_state[0] = 0;
	iommufd_reset();
}

static void iommufd_end(void)
{
	FILE *f = fmemopen(iommufd_last_state, sizeof(iommufd_last_state),
			   "w");

	if (f) {
		iommufd_state_print(f);
		fclose(f);
	}
	iommufd_reset();
}

static void iommufd_dump(FILE *out)
{
	fputs(iommufd_last_state, out);
}

static struct sim_exec_hook iommufd_hook = {
	.name = "iommufd",
	.order = 60,	/* after the world's, before iommu's and devices' */
	.begin = iommufd_begin,
	.check = iommufd_check,
	.end = iommufd_end,
	.dump = iommufd_dump,
};

static void __attribute__((constructor)) iommufd_register(void)
{
	sim_register_exec_hook(&iommufd_hook);
}
