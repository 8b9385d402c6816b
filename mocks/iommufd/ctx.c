// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd contexts: /dev/iommu, its ioctls (IOMMU_IOAS_ALLOC,
 * IOMMU_DESTROY), the objects of a context and its references.
 */
#include "internal.h"

/* --- objects (under ictx->lock) ------------------------------------------ */

int iommufd_obj_add(struct iommufd_ctx *ictx, struct iommufd_object *obj,
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

void iommufd_obj_del(struct iommufd_ctx *ictx, struct iommufd_object *obj)
{
	lockdep_assert_held(&ictx->lock);
	WARN_ON(xa_erase(&ictx->objects, obj->id) != obj);
	ida_free(&ictx->ids, obj->id);
}

struct iommufd_ioas *iommufd_ioas_lookup(struct iommufd_ctx *ictx, u32 id)
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

struct iommufd_ioas *iommufd_ioas_new(struct iommufd_ctx *ictx)
{
	struct iommufd_ioas *ioas;
	int err;

	lockdep_assert_held(&ictx->lock);
	ioas = kzalloc(sizeof(*ioas), GFP_KERNEL);
	if (!ioas)
		return ERR_PTR(-ENOMEM);
	err = iommufd_obj_add(ictx, &ioas->obj, IOMMUFD_OBJ_IOAS);
	if (err) {
		kfree(ioas);
		return ERR_PTR(err);
	}
	ictx->nr_ioas++;
	return ioas;
}

void iommufd_ioas_free(struct iommufd_ctx *ictx, struct iommufd_ioas *ioas)
{
	iommufd_obj_del(ictx, &ioas->obj);
	if (ictx->vfio_ioas == ioas)
		ictx->vfio_ioas = NULL;
	ictx->nr_ioas--;
	kfree(ioas);
}

/* --- contexts and /dev/iommu --------------------------------------------- */

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
	list_add_tail(&ictx->sim_node, &iommufd_live_ctxs);
	iommufd_nr_live_ctxs++;
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
	iommufd_nr_live_ctxs--;
	mutex_lock(&ictx->lock);
	xa_for_each(&ictx->objects, index, obj) {
		struct iommufd_ioas *ioas;

		if (WARN_ON(obj->type != IOMMUFD_OBJ_IOAS))
			continue;
		ioas = container_of(obj, struct iommufd_ioas, obj);
		WARN_ON(ioas->users);
		iommufd_ioas_free(ictx, ioas);
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
	ioas = iommufd_ioas_new(ictx);
	if (IS_ERR(ioas)) {
		mutex_unlock(&ictx->lock);
		return PTR_ERR(ioas);
	}
	cmd.out_ioas_id = ioas->obj.id;
	if (copy_to_user(uarg, &cmd, sizeof(cmd))) {
		iommufd_ioas_free(ictx, ioas);
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
			iommufd_ioas_free(ictx, ioas);
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

const struct file_operations iommufd_fops = {
	.owner = NULL,			/* built in */
	.open = iommufd_fops_open,
	.release = iommufd_fops_release,
	.unlocked_ioctl = iommufd_fops_ioctl,
	.llseek = noop_llseek,
};

struct miscdevice iommu_misc_dev = {
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
