// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: the device node,
 * /dev/vfio/devices/vfioX (or as the "naming" parameter says).
 *
 * v6.12: opening the node is cheap and grants nothing; BIND_IOMMUFD is
 * where the device is opened, exclusively (P4), after the group agreed
 * (P2), and only then does the file work (P10).  Release undoes a bind.
 *
 * VFIO_MODEL_RFC2021: RFC 02/20 as posted.  Opening the node opens the
 * device (one opener, device->opened), the group counting its node
 * openers instead of a group file; BIND only binds the opened device;
 * release tells a group-path file from a node by the group's container.
 */
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/iommufd.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vfio.h"

static dev_t vfio_cdev_devt;

/* --- nodes ---------------------------------------------------------------- */

/* The /dev name of a vfio_device's node under the naming policy. */
static char *vfio_device_devnode(const struct device *dev, umode_t *mode)
{
	const struct device *parent = dev->parent;

	switch (vfio_naming_policy()) {
	case VFIO_NAMING_DEVNAME:
		return kasprintf(GFP_KERNEL, "vfio/devices/%s",
				 dev_name(parent));
	case VFIO_NAMING_SUBDIR:
		return kasprintf(GFP_KERNEL, "vfio/%s/%s",
				 parent->bus ? parent->bus->name : "devices",
				 dev_name(parent));
	default:
		return kasprintf(GFP_KERNEL, "vfio/devices/%s", dev_name(dev));
	}
}

/* noiommu devices get no node: no iommufd can isolate them */
int vfio_device_node_add(struct vfio_device *device)
{
	if (vfio_device_is_noiommu(device))
		return device_add(&device->device);

	device->device.devt = MKDEV(MAJOR(vfio_cdev_devt), device->index);
	cdev_init(&device->cdev, &vfio_device_fops);
	device->cdev.owner = THIS_MODULE;
	return cdev_device_add(&device->cdev, &device->device);
}

void vfio_device_node_del(struct vfio_device *device)
{
	if (vfio_device_is_noiommu(device))
		device_del(&device->device);
	else
		cdev_device_del(&device->cdev, &device->device);
}

int vfio_device_nodes_init(struct class *device_class)
{
	device_class->devnode = vfio_device_devnode;
	return alloc_chrdev_region(&vfio_cdev_devt, 0, MINORMASK + 1,
				   "vfio-dev");
}

void vfio_device_nodes_exit(void)
{
	unregister_chrdev_region(vfio_cdev_devt, MINORMASK + 1);
}

/* --- BIND's argument ------------------------------------------------------ */

static struct vfio_device *vfio_device_of_node(struct inode *inode)
{
	return container_of(inode->i_cdev, struct vfio_device, cdev);
}

/* BIND's structure, read once; the iommufd is looked up later. */
static int vfio_bind_arg(struct vfio_device_bind_iommufd __user *arg,
			 struct vfio_device_bind_iommufd *bind)
{
	size_t len = offsetofend(struct vfio_device_bind_iommufd, out_devid);

	if (copy_from_user(bind, arg, len))
		return -EFAULT;
	if (bind->argsz < len || bind->flags || bind->iommufd < 0)
		return -EINVAL;
	return 0;
}

#ifndef VFIO_MODEL_RFC2021
/* --- v6.12 ---------------------------------------------------------------- */

int vfio_device_node_open(struct inode *inode, struct file *filep)
{
	struct vfio_device *device = vfio_device_of_node(inode);
	struct vfio_device_file *df;

	/* not registered yet, or being unregistered (P9) */
	if (!vfio_registration_tryget(device))
		return -ENODEV;

	df = vfio_df_alloc(device);
	if (IS_ERR(df)) {
		vfio_registration_put(device);
		return PTR_ERR(df);
	}
	filep->private_data = df;
	filep->f_mapping = device->inode->i_mapping;
	return 0;
}

long vfio_df_bind(struct vfio_device_file *df, void __user *arg)
{
	struct vfio_device_bind_iommufd __user *uarg = arg;
	struct vfio_device *device = df->device;
	struct vfio_device_bind_iommufd bind;
	struct iommufd_ctx *ictx;
	struct kvm *kvm = NULL;
	bool first;
	int err;

	err = vfio_bind_arg(uarg, &bind);
	if (err)
		return err;
	/* a group-path file was opened by GET_DEVICE_FD already */
	if (df->group)
		return -EINVAL;

	err = vfio_group_enter_bind(device->group);
	if (err)
		return err;

	mutex_lock(&device->dev_set->lock);
	if (df->access_granted) {
		err = -EINVAL;		/* bound once per file */
		goto out_unlock;
	}
	ictx = iommufd_ctx_from_fd(bind.iommufd);
	if (IS_ERR(ictx)) {
		err = PTR_ERR(ictx);
		goto out_unlock;
	}
	df->iommufd = ictx;

	/* P15: only a bind that opens the device brings its VM */
	first = device->open_count == 0;
	if (first) {
		spin_lock(&df->kvm_ref_lock);
		vfio_device_take_kvm(device, df->kvm);
		spin_unlock(&df->kvm_ref_lock);
	}

	err = vfio_device_use(df);
	if (err)
		goto out_undo;

	if (put_user(df->devid, &uarg->out_devid)) {
		err = -EFAULT;
		vfio_device_unuse(df);
		goto out_undo;
	}

	device->cdev_opened = 1;
	/* P10: the file works from here; pairs with vfio_df_granted() */
	smp_store_release(&df->access_granted, true);
	mutex_unlock(&device->dev_set->lock);
	return 0;

out_undo:
	if (first)
		kvm = vfio_device_untie_kvm(device);
	iommufd_ctx_put(df->iommufd);
	df->iommufd = NULL;
out_unlock:
	mutex_unlock(&device->dev_set->lock);
	vfio_group_leave_bind(device->group);	/* P18 */
	vfio_kvm_put(kvm);
	return err;
}

/* Release of a node file: a bound one closes the device. */
void vfio_df_unbind(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct kvm *kvm;

	/* unbound: nothing was opened or counted */
	if (!df->access_granted)
		return;

	mutex_lock(&device->dev_set->lock);
	vfio_device_unuse(df);
	kvm = vfio_device_untie_kvm(device);
	iommufd_ctx_put(df->iommufd);
	df->iommufd = NULL;
	device->cdev_opened = 0;
	mutex_unlock(&device->dev_set->lock);

	vfio_group_leave_bind(device->group);
	vfio_kvm_put(kvm);	/* no vfio lock held (bug B5) */
}

#else /* VFIO_MODEL_RFC2021 */
/* --- RFC 02/20 ------------------------------------------------------------ */

/*
 * The node's open is the device's open: the group takes the node as an
 * opener (no group file then), the device takes its one opener, the
 * driver opens it.  No DMA backend yet; BIND brings it.
 * cdev_device_open_cnt and cdev_opened mirror the node openers for the
 * v6.12 invariant checks.
 */
int vfio_device_node_open(struct inode *inode, struct file *filep)
{
	struct vfio_device *device = vfio_device_of_node(inode);
	struct module *driver;
	struct vfio_device_file *df;
	int err;

	if (!vfio_registration_tryget(device))
		return -ENODEV;

	err = vfio_group_try_open(device->group, true);
	if (err)
		goto out_registration;
	if (atomic_cmpxchg(&device->opened, 0, 1) != 0) {
		err = -EBUSY;		/* one opener per device node */
		goto out_group;
	}

	driver = device->dev->driver->owner;
	if (!try_module_get(driver)) {
		err = -ENODEV;
		goto out_opened;
	}
	df = vfio_df_alloc(device);
	if (IS_ERR(df)) {
		err = PTR_ERR(df);
		goto out_module;
	}
	/* cannot fail: the group file is excluded by try_open */
	err = vfio_group_enter_bind(device->group);
	if (err)
		goto out_df;

	mutex_lock(&device->dev_set->lock);
	if (device->open_count++ == 0 && device->ops->open_device) {
		err = device->ops->open_device(device);
		if (err)
			device->open_count = 0;
	}
	if (!err)
		device->cdev_opened = 1;
	mutex_unlock(&device->dev_set->lock);
	if (err)
		goto out_mirror;

	filep->private_data = df;
	filep->f_mapping = device->inode->i_mapping;
	return 0;

out_mirror:
	vfio_group_leave_bind(device->group);
out_df:
	kfree(df);
out_module:
	module_put(driver);
out_opened:
	atomic_dec(&device->opened);
out_group:
	vfio_group_close_opened(device->group);
out_registration:
	vfio_registration_put(device);
	return err;
}

/*
 * BIND of an opened node: the RFC's driver refused a device whose group
 * is in a container, tested without any lock, then bound it.
 */
long vfio_df_bind(struct vfio_device_file *df, void __user *arg)
{
	struct vfio_device_bind_iommufd __user *uarg = arg;
	struct vfio_device *device = df->device;
	struct vfio_device_bind_iommufd bind;
	struct iommufd_ctx *ictx;
	int err;

	err = vfio_bind_arg(uarg, &bind);
	if (err)
		return err;
	if (df->group)
		return -EINVAL;
	if (vfio_device_in_container(device))
		return -EBUSY;

	mutex_lock(&device->dev_set->lock);
	if (df->access_granted) {
		err = -EINVAL;
		goto out_unlock;
	}
	ictx = iommufd_ctx_from_fd(bind.iommufd);
	if (IS_ERR(ictx)) {
		err = PTR_ERR(ictx);
		goto out_unlock;
	}
	df->iommufd = ictx;

	err = vfio_df_bind_ictx(df);
	if (err)
		goto out_ictx;
	if (put_user(df->devid, &uarg->out_devid)) {
		err = -EFAULT;
		vfio_df_unbind_ictx(df);
		goto out_ictx;
	}
	spin_lock(&df->kvm_ref_lock);
	vfio_device_take_kvm(device, df->kvm);
	spin_unlock(&df->kvm_ref_lock);
	smp_store_release(&df->access_granted, true);
	mutex_unlock(&device->dev_set->lock);
	return 0;

out_ictx:
	iommufd_ctx_put(df->iommufd);
	df->iommufd = NULL;
out_unlock:
	mutex_unlock(&device->dev_set->lock);
	return err;
}

/* A node file goes: close the device, drop the bind, the openers. */
static void vfio_df_node_release(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct kvm *kvm;

	mutex_lock(&device->dev_set->lock);
	if (!WARN_ON_ONCE(device->open_count == 0) &&
	    --device->open_count == 0) {
		if (device->ops->close_device)
			device->ops->close_device(device);
		device->cdev_opened = 0;
	}
	if (df->iommufd) {
		vfio_df_unbind_ictx(df);
		iommufd_ctx_put(df->iommufd);
		df->iommufd = NULL;
	}
	kvm = vfio_device_untie_kvm(device);
	mutex_unlock(&device->dev_set->lock);

	vfio_kvm_put(kvm);
	module_put(device->dev->driver->owner);
	atomic_dec(&device->opened);
	vfio_group_node_closed(device->group);
	vfio_group_close_opened(device->group);
}

/*
 * The RFC's release: "how was this file opened" is inferred from the
 * group's container at close time, not from the file.
 */
void vfio_df_unbind(struct vfio_device_file *df)
{
	if (vfio_device_in_container(df->device))
		vfio_group_df_close(df);
	else
		vfio_df_node_release(df);
}
#endif /* VFIO_MODEL_RFC2021 */

/* --- IOAS attachment (cdev files) ----------------------------------------- */

long vfio_df_attach_pt(struct vfio_device_file *df, void __user *arg)
{
	size_t len = offsetofend(struct vfio_device_attach_iommufd_pt, pt_id);
	struct vfio_device_attach_iommufd_pt __user *uarg = arg;
	struct vfio_device_attach_iommufd_pt attach;
	struct vfio_device *device = df->device;
	int err;

	if (copy_from_user(&attach, uarg, len))
		return -EFAULT;
	if (attach.argsz < len || attach.flags)
		return -EINVAL;

	mutex_lock(&device->dev_set->lock);
	err = device->ops->attach_ioas(device, &attach.pt_id);
	/* the object actually attached (an IOAS may pick a HWPT) */
	if (!err && put_user(attach.pt_id, &uarg->pt_id)) {
		device->ops->detach_ioas(device);
		err = -EFAULT;
	}
	mutex_unlock(&device->dev_set->lock);
	return err;
}

long vfio_df_detach_pt(struct vfio_device_file *df, void __user *arg)
{
	size_t len = offsetofend(struct vfio_device_detach_iommufd_pt, flags);
	struct vfio_device_detach_iommufd_pt detach;
	struct vfio_device *device = df->device;

	if (copy_from_user(&detach, arg, len))
		return -EFAULT;
	if (detach.argsz < len || detach.flags)
		return -EINVAL;

	mutex_lock(&device->dev_set->lock);
	device->ops->detach_ioas(device);
	mutex_unlock(&device->dev_set->lock);
	return 0;
}
