// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: the device cdev, one node per
 * registered (non-noiommu) device, class "vfio-dev".
 *
 * Opening the node only pins the device's registration: an unbound file
 * can do nothing but VFIO_DEVICE_BIND_IOMMUFD.  BIND is where exclusion
 * happens: the device's group must not be open (and is kept from being
 * opened), the device must not be open by anyone else (single open),
 * and binding claims DMA ownership through iommufd.
 *
 * The node's name follows the "naming" module parameter (vfio_main.c):
 * vfio/devices/vfioX upstream, vfio/devices/<dev_name> as the 2021 RFC
 * had it, or vfio/<bus>/<dev_name> as proposed in its review.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/iommufd.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vfio.h"

static dev_t device_devt;

void vfio_init_device_cdev(struct vfio_device *device)
{
	device->device.devt = MKDEV(MAJOR(device_devt), device->index);
	cdev_init(&device->cdev, &vfio_device_fops);
	device->cdev.owner = THIS_MODULE;
}

#ifndef VFIO_MODEL_RFC2021
int vfio_device_fops_cdev_open(struct inode *inode, struct file *filep)
{
	struct vfio_device *device = container_of(inode->i_cdev,
						  struct vfio_device, cdev);
	struct vfio_device_file *df;
	int ret;

	/* not registered yet, or being unregistered */
	if (!vfio_device_try_get_registration(device))
		return -ENODEV;

	df = vfio_allocate_device_file(device);
	if (IS_ERR(df)) {
		ret = PTR_ERR(df);
		goto err_put_registration;
	}
	/* no access until bound: access_granted stays clear */
	filep->private_data = df;
	filep->f_mapping = device->inode->i_mapping;
	return 0;

err_put_registration:
	vfio_device_put_registration(device);
	return ret;
}

static void vfio_df_get_kvm_safe(struct vfio_device_file *df)
{
	spin_lock(&df->kvm_ref_lock);
	vfio_device_get_kvm_safe(df->device, df->kvm);
	spin_unlock(&df->kvm_ref_lock);
}

long vfio_df_ioctl_bind_iommufd(struct vfio_device_file *df,
				struct vfio_device_bind_iommufd __user *arg)
{
	struct vfio_device *device = df->device;
	struct vfio_device_bind_iommufd bind;
	struct vfio_kvm_ref kvm_ref = {};
	unsigned long minsz;
	int ret;

	minsz = offsetofend(struct vfio_device_bind_iommufd, out_devid);
	if (copy_from_user(&bind, arg, minsz))
		return -EFAULT;
	if (bind.argsz < minsz || bind.flags || bind.iommufd < 0)
		return -EINVAL;

	/* a file of the group path is already open */
	if (df->group)
		return -EINVAL;

	ret = vfio_device_block_group(device);
	if (ret)
		return ret;

	mutex_lock(&device->dev_set->lock);
	/* one bind per file */
	if (df->access_granted) {
		ret = -EINVAL;
		goto out_unlock;
	}

	df->iommufd = iommufd_ctx_from_fd(bind.iommufd);
	if (IS_ERR(df->iommufd)) {
		ret = PTR_ERR(df->iommufd);
		df->iommufd = NULL;
		goto out_unlock;
	}

	vfio_df_get_kvm_safe(df);

	/* -EINVAL if the device is open through any other file */
	ret = vfio_df_open(df);
	if (ret)
		goto out_put_kvm;

	if (copy_to_user(&arg->out_devid, &df->devid, sizeof(df->devid))) {
		ret = -EFAULT;
		goto out_close;
	}

	device->cdev_opened = true;
	smp_store_release(&df->access_granted, true);
	mutex_unlock(&device->dev_set->lock);
	return 0;

out_close:
	vfio_df_close(df);
out_put_kvm:
	vfio_device_take_kvm(device, &kvm_ref);
	iommufd_ctx_put(df->iommufd);
	df->iommufd = NULL;
out_unlock:
	mutex_unlock(&device->dev_set->lock);
	vfio_device_unblock_group(device);
	vfio_kvm_ref_put(&kvm_ref);
	return ret;
}

/* Release of a cdev file: undo its bind, if it ever was bound. */
void vfio_df_unbind_iommufd(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct vfio_kvm_ref kvm_ref = {};

	if (!df->access_granted)
		return;

	mutex_lock(&device->dev_set->lock);
	vfio_df_close(df);
	vfio_device_take_kvm(device, &kvm_ref);
	iommufd_ctx_put(df->iommufd);
	device->cdev_opened = false;
	mutex_unlock(&device->dev_set->lock);
	vfio_device_unblock_group(device);
	vfio_kvm_ref_put(&kvm_ref);
}
#else /* VFIO_MODEL_RFC2021 */
/*
 * The 2021 RFC: opening the node opens the device.  The group counts the
 * node as an opener (no group file meanwhile), the device takes its one
 * opener with a cmpxchg of device->opened, and open_device() runs now;
 * access waits for BIND (the RFC's vfio-pci gated it with block_access).
 */
int vfio_device_fops_cdev_open(struct inode *inode, struct file *filep)
{
	struct vfio_device *device = container_of(inode->i_cdev,
						  struct vfio_device, cdev);
	struct vfio_device_file *df;
	int ret;

	if (!vfio_device_try_get_registration(device))
		return -ENODEV;

	ret = vfio_group_try_open(device->group, true);
	if (ret)
		goto err_put_registration;

	if (atomic_cmpxchg(&device->opened, 0, 1)) {
		ret = -EBUSY;
		goto err_close_group;
	}

	if (!try_module_get(device->dev->driver->owner)) {
		ret = -ENODEV;
		goto err_opened;
	}

	df = vfio_allocate_device_file(device);
	if (IS_ERR(df)) {
		ret = PTR_ERR(df);
		goto err_module_put;
	}

	mutex_lock(&device->dev_set->lock);
	device->open_count++;
	if (device->open_count == 1 && device->ops->open_device) {
		ret = device->ops->open_device(device);
		if (ret) {
			device->open_count--;
			mutex_unlock(&device->dev_set->lock);
			goto err_free;
		}
	}
	device->cdev_opened = true;
	mutex_unlock(&device->dev_set->lock);

	filep->private_data = df;
	filep->f_mapping = device->inode->i_mapping;
	return 0;

err_free:
	kfree(df);
err_module_put:
	module_put(device->dev->driver->owner);
err_opened:
	atomic_dec(&device->opened);
err_close_group:
	vfio_group_close_opened(device->group);
err_put_registration:
	vfio_device_put_registration(device);
	return ret;
}

static void vfio_df_get_kvm_safe(struct vfio_device_file *df)
{
	spin_lock(&df->kvm_ref_lock);
	vfio_device_get_kvm_safe(df->device, df->kvm);
	spin_unlock(&df->kvm_ref_lock);
}

/*
 * BIND of the RFC series: the device is already open; bind it to the
 * iommufd and let the file in.  The container test is vfio-pci's, made
 * without a lock (review: "wrongly locked").
 */
long vfio_df_ioctl_bind_iommufd(struct vfio_device_file *df,
				struct vfio_device_bind_iommufd __user *arg)
{
	struct vfio_device *device = df->device;
	struct vfio_device_bind_iommufd bind;
	struct vfio_kvm_ref kvm_ref = {};
	unsigned long minsz;
	int ret;

	minsz = offsetofend(struct vfio_device_bind_iommufd, out_devid);
	if (copy_from_user(&bind, arg, minsz))
		return -EFAULT;
	if (bind.argsz < minsz || bind.flags || bind.iommufd < 0)
		return -EINVAL;

	if (df->group)
		return -EINVAL;
	if (vfio_device_in_container(device))
		return -EBUSY;

	mutex_lock(&device->dev_set->lock);
	if (df->access_granted) {
		ret = -EINVAL;
		goto out_unlock;
	}

	df->iommufd = iommufd_ctx_from_fd(bind.iommufd);
	if (IS_ERR(df->iommufd)) {
		ret = PTR_ERR(df->iommufd);
		df->iommufd = NULL;
		goto out_unlock;
	}

	vfio_df_get_kvm_safe(df);

	ret = vfio_df_iommufd_bind(df);
	if (ret)
		goto out_put_kvm;

	if (copy_to_user(&arg->out_devid, &df->devid, sizeof(df->devid))) {
		ret = -EFAULT;
		goto out_unbind;
	}

	smp_store_release(&df->access_granted, true);
	mutex_unlock(&device->dev_set->lock);
	return 0;

out_unbind:
	vfio_df_iommufd_unbind(df);
out_put_kvm:
	vfio_device_take_kvm(device, &kvm_ref);
	iommufd_ctx_put(df->iommufd);
	df->iommufd = NULL;
out_unlock:
	mutex_unlock(&device->dev_set->lock);
	vfio_kvm_ref_put(&kvm_ref);
	return ret;
}

/*
 * The close of a file the RFC's release judged "not in a container",
 * i.e. opened through the device node: close the device, undo the bind.
 * The rest (module, device->opened, group->opened) is the release's.
 */
void vfio_df_unbind_iommufd(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct vfio_kvm_ref kvm_ref = {};

	mutex_lock(&device->dev_set->lock);
	if (!--device->open_count && device->ops->close_device)
		device->ops->close_device(device);
	if (df->access_granted && df->iommufd) {
		if (!device->open_count)
			vfio_df_iommufd_unbind(df);
		vfio_device_take_kvm(device, &kvm_ref);
		iommufd_ctx_put(df->iommufd);
	}
	device->cdev_opened = false;
	mutex_unlock(&device->dev_set->lock);
	vfio_kvm_ref_put(&kvm_ref);
}
#endif /* VFIO_MODEL_RFC2021 */

int vfio_df_ioctl_attach_pt(struct vfio_device_file *df,
			    struct vfio_device_attach_iommufd_pt __user *arg)
{
	struct vfio_device *device = df->device;
	struct vfio_device_attach_iommufd_pt attach;
	unsigned long minsz;
	int ret;

	minsz = offsetofend(struct vfio_device_attach_iommufd_pt, pt_id);
	if (copy_from_user(&attach, arg, minsz))
		return -EFAULT;
	if (attach.argsz < minsz || attach.flags)
		return -EINVAL;

	mutex_lock(&device->dev_set->lock);
	ret = device->ops->attach_ioas(device, &attach.pt_id);
	if (ret)
		goto out_unlock;

	/* the id of the hwpt actually attached goes back to the user */
	if (copy_to_user(&arg->pt_id, &attach.pt_id, sizeof(attach.pt_id))) {
		ret = -EFAULT;
		goto out_detach;
	}
	mutex_unlock(&device->dev_set->lock);
	return 0;

out_detach:
	device->ops->detach_ioas(device);
out_unlock:
	mutex_unlock(&device->dev_set->lock);
	return ret;
}

int vfio_df_ioctl_detach_pt(struct vfio_device_file *df,
			    struct vfio_device_detach_iommufd_pt __user *arg)
{
	struct vfio_device *device = df->device;
	struct vfio_device_detach_iommufd_pt detach;
	unsigned long minsz;

	minsz = offsetofend(struct vfio_device_detach_iommufd_pt, flags);
	if (copy_from_user(&detach, arg, minsz))
		return -EFAULT;
	if (detach.argsz < minsz || detach.flags)
		return -EINVAL;

	mutex_lock(&device->dev_set->lock);
	device->ops->detach_ioas(device);
	mutex_unlock(&device->dev_set->lock);
	return 0;
}

/*
 * @dev is the class device (vfioX); its parent the bus device the vfio
 * driver is bound to.
 */
static char *vfio_device_devnode(const struct device *dev, umode_t *mode)
{
	const struct device *parent = dev->parent;

	switch (vfio_device_naming()) {
	case VFIO_NAMING_DEVNAME:
		return kasprintf(GFP_KERNEL, "vfio/devices/%s",
				 dev_name(parent));
	case VFIO_NAMING_SUBDIR:
		return kasprintf(GFP_KERNEL, "vfio/%s/%s",
				 parent->bus ? parent->bus->name : "virtual",
				 dev_name(parent));
	case VFIO_NAMING_VFIOX:
	default:
		return kasprintf(GFP_KERNEL, "vfio/devices/%s", dev_name(dev));
	}
}

int vfio_cdev_init(struct class *device_class)
{
	device_class->devnode = vfio_device_devnode;
	return alloc_chrdev_region(&device_devt, 0, MINORMASK + 1,
				   "vfio-dev");
}

void vfio_cdev_cleanup(void)
{
	unregister_chrdev_region(device_devt, MINORMASK + 1);
}
