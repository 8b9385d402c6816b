// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: groups, /dev/vfio/<id> and
 * /dev/vfio/noiommu-<id>.
 *
 * A vfio_group stands for an iommu_group with at least one registered
 * vfio device ("drivers").  Its file can be open once, system wide; the
 * group file and the devices of the group bound through their cdev
 * exclude each other (opened_file vs cdev_device_open_cnt, both decided
 * under group_lock).  Device files of the group path are opened by
 * VFIO_GROUP_GET_DEVICE_FD once the group has a container with a backend
 * or an iommufd (compat mode).  When the last device goes, the group is
 * revoked: its node disappears, its container is detached and its
 * iommu_group cleared, though an open group file keeps the structure.
 *
 * Locks: vfio.group_lock (the group list, the drivers 1->0 transition)
 * -> group->group_lock -> dev_set->lock; group->device_lock is a leaf.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vfio.h"

static struct {
	struct class		*class;
	struct list_head	group_list;
	struct mutex		group_lock;	/* group_list */
	struct ida		group_ida;
	dev_t			group_devt;
} vfio;

/* A registered device of @group by name; takes a registration ref. */
static struct vfio_device *vfio_device_get_from_name(struct vfio_group *group,
						     char *buf)
{
	struct vfio_device *it, *device = ERR_PTR(-ENODEV);

	mutex_lock(&group->device_lock);
	list_for_each_entry(it, &group->device_list, group_next) {
		int match;

		if (it->ops->match) {
			match = it->ops->match(it, buf);
			if (match < 0) {
				device = ERR_PTR(match);
				break;
			}
		} else {
			match = !strcmp(dev_name(it->dev), buf);
		}
		/* a device on its way out keeps the scan going */
		if (match && vfio_device_try_get_registration(it)) {
			device = it;
			break;
		}
	}
	mutex_unlock(&group->device_lock);
	return device;
}

static bool vfio_group_has_iommu(struct vfio_group *group)
{
	lockdep_assert_held(&group->group_lock);
	WARN_ON(!group->container != !group->container_users);

	return group->container || group->iommufd;
}

static int vfio_group_ioctl_unset_container(struct vfio_group *group)
{
	int ret = 0;

	mutex_lock(&group->group_lock);
	if (!vfio_group_has_iommu(group)) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (group->container) {
		/* an open device of the group still uses it */
		if (group->container_users != 1) {
			ret = -EBUSY;
			goto out_unlock;
		}
		vfio_group_detach_container(group);
	}
	/* compat mode counts no users: open devices keep their binding */
	if (group->iommufd) {
		iommufd_ctx_put(group->iommufd);
		group->iommufd = NULL;
	}
out_unlock:
	mutex_unlock(&group->group_lock);
	return ret;
}

static int vfio_group_ioctl_set_container(struct vfio_group *group,
					  int __user *arg)
{
	struct vfio_container *container;
	struct iommufd_ctx *iommufd;
	struct fd f;
	int ret;
	int fd;

	if (get_user(fd, arg))
		return -EFAULT;

	f = fdget(fd);
	if (!fd_file(f))
		return -EBADF;

	mutex_lock(&group->group_lock);
	if (vfio_group_has_iommu(group)) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (!group->iommu_group) {
		ret = -ENODEV;
		goto out_unlock;
	}

	container = vfio_container_from_file(fd_file(f));
	if (container) {
		ret = vfio_container_attach_group(container, group);
		goto out_unlock;
	}

	iommufd = iommufd_ctx_from_file(fd_file(f));
	if (!IS_ERR(iommufd)) {
		if (IS_ENABLED(CONFIG_VFIO_NOIOMMU) &&
		    group->type == VFIO_NO_IOMMU)
			ret = iommufd_vfio_compat_set_no_iommu(iommufd);
		else
			ret = iommufd_vfio_compat_ioas_create(iommufd);
		if (ret) {
			/* our reference, not group->iommufd (still NULL) */
			iommufd_ctx_put(iommufd);
			goto out_unlock;
		}
		/* DMA ownership is claimed by the devices' first open */
		group->iommufd = iommufd;
		goto out_unlock;
	}

	ret = -EBADFD;
out_unlock:
	mutex_unlock(&group->group_lock);
	fdput(f);
	return ret;
}

static void vfio_device_group_get_kvm_safe(struct vfio_device *device)
{
	spin_lock(&device->group->kvm_ref_lock);
	vfio_device_get_kvm_safe(device, device->group->kvm);
	spin_unlock(&device->group->kvm_ref_lock);
}

static int vfio_df_group_open(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct vfio_kvm_ref kvm_ref = {};
	int ret;

	mutex_lock(&device->group->group_lock);
	if (!vfio_group_has_iommu(device->group)) {
		ret = -EINVAL;
		goto out_unlock;
	}

	mutex_lock(&device->dev_set->lock);

	/* the device's kvm reference lives from first open to last close */
	if (device->open_count == 0)
		vfio_device_group_get_kvm_safe(device);

	df->iommufd = device->group->iommufd;
	if (df->iommufd && vfio_device_is_noiommu(device) &&
	    device->open_count == 0) {
		/*
		 * A compat IOAS means the user expects translation, which a
		 * noiommu device cannot give.
		 */
		if (!capable(CAP_SYS_RAWIO) ||
		    vfio_iommufd_device_has_compat_ioas(device, df->iommufd)) {
			ret = -EPERM;
			goto out_put_kvm;
		}
	}

	ret = vfio_df_open(df);
	if (ret)
		goto out_put_kvm;

	if (df->iommufd && device->open_count == 1) {
		ret = vfio_iommufd_compat_attach_ioas(device, df->iommufd);
		if (ret)
			goto out_close;
	}

	smp_store_release(&df->access_granted, true);
	mutex_unlock(&device->dev_set->lock);
	mutex_unlock(&device->group->group_lock);
	return 0;

out_close:
	vfio_df_close(df);
out_put_kvm:
	df->iommufd = NULL;
	if (device->open_count == 0)
		vfio_device_take_kvm(device, &kvm_ref);
	mutex_unlock(&device->dev_set->lock);
out_unlock:
	mutex_unlock(&device->group->group_lock);
	vfio_kvm_ref_put(&kvm_ref);
	return ret;
}

void vfio_df_group_close(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct vfio_kvm_ref kvm_ref = {};

	mutex_lock(&device->group->group_lock);
	mutex_lock(&device->dev_set->lock);

	vfio_df_close(df);
	df->iommufd = NULL;
	if (device->open_count == 0)
		vfio_device_take_kvm(device, &kvm_ref);

	mutex_unlock(&device->dev_set->lock);
	mutex_unlock(&device->group->group_lock);
	/* never the last VM reference under group_lock (bug B5) */
	vfio_kvm_ref_put(&kvm_ref);
}

static struct file *vfio_device_open_file(struct vfio_device *device)
{
	struct vfio_device_file *df;
	struct file *filep;
	int ret;

	df = vfio_allocate_device_file(device);
	if (IS_ERR(df))
		return ERR_CAST(df);
	df->group = device->group;

	ret = vfio_df_group_open(df);
	if (ret)
		goto err_free;

	filep = anon_inode_getfile("[vfio-device]", &vfio_device_fops, df,
				   O_RDWR);
	if (IS_ERR(filep)) {
		ret = PTR_ERR(filep);
		goto err_close;
	}
	filep->f_mode |= FMODE_PREAD | FMODE_PWRITE;
	/* all the device's files map through its inode */
	filep->f_mapping = device->inode->i_mapping;

	if (device->group->type == VFIO_NO_IOMMU)
		dev_warn(device->dev, "vfio-noiommu device opened by user\n");
	return filep;

err_close:
	vfio_df_group_close(df);
err_free:
	kfree(df);
	return ERR_PTR(ret);
}

static int vfio_group_ioctl_get_device_fd(struct vfio_group *group,
					  char __user *arg)
{
	struct vfio_device *device;
	struct file *filep;
	char *buf;
	int fdno;
	int ret;

	buf = strndup_user(arg, PAGE_SIZE);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	device = vfio_device_get_from_name(group, buf);
	kfree(buf);
	if (IS_ERR(device))
		return PTR_ERR(device);

	fdno = get_unused_fd_flags(O_CLOEXEC);
	if (fdno < 0) {
		ret = fdno;
		goto err_put_registration;
	}

	filep = vfio_device_open_file(device);
	if (IS_ERR(filep)) {
		ret = PTR_ERR(filep);
		goto err_put_fdno;
	}

	/* the registration reference now belongs to the file */
	fd_install(fdno, filep);
	return fdno;

err_put_fdno:
	put_unused_fd(fdno);
err_put_registration:
	vfio_device_put_registration(device);
	return ret;
}

static int vfio_group_ioctl_get_status(struct vfio_group *group,
				       struct vfio_group_status __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_group_status, flags);
	struct vfio_group_status status;

	if (copy_from_user(&status, arg, minsz))
		return -EFAULT;
	if (status.argsz < minsz)
		return -EINVAL;

	status.flags = 0;

	mutex_lock(&group->group_lock);
	if (!group->iommu_group) {
		mutex_unlock(&group->group_lock);
		return -ENODEV;
	}
	/*
	 * Viable: nobody else owns the group's DMA (a container or iommufd
	 * of ours does not count, a driver or iommufd bind elsewhere does).
	 */
	if (vfio_group_has_iommu(group))
		status.flags |= VFIO_GROUP_FLAGS_CONTAINER_SET |
				VFIO_GROUP_FLAGS_VIABLE;
	else if (!iommu_group_dma_owner_claimed(group->iommu_group))
		status.flags |= VFIO_GROUP_FLAGS_VIABLE;
	mutex_unlock(&group->group_lock);

	if (copy_to_user(arg, &status, minsz))
		return -EFAULT;
	return 0;
}

static long vfio_group_fops_unl_ioctl(struct file *filep, unsigned int cmd,
				      unsigned long arg)
{
	struct vfio_group *group = filep->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_GROUP_GET_DEVICE_FD:
		return vfio_group_ioctl_get_device_fd(group, uarg);
	case VFIO_GROUP_GET_STATUS:
		return vfio_group_ioctl_get_status(group, uarg);
	case VFIO_GROUP_SET_CONTAINER:
		return vfio_group_ioctl_set_container(group, uarg);
	case VFIO_GROUP_UNSET_CONTAINER:
		return vfio_group_ioctl_unset_container(group);
	default:
		return -ENOTTY;
	}
}

/*
 * A device of the group is being bound through its cdev: the group file
 * must not be open, and cannot be opened until the device is unbound.
 */
int vfio_device_block_group(struct vfio_device *device)
{
	struct vfio_group *group = device->group;
	int ret = 0;

	mutex_lock(&group->group_lock);
	if (group->opened_file)
		ret = -EBUSY;
	else
		group->cdev_device_open_cnt++;
	mutex_unlock(&group->group_lock);
	return ret;
}

void vfio_device_unblock_group(struct vfio_device *device)
{
	struct vfio_group *group = device->group;

	mutex_lock(&group->group_lock);
	group->cdev_device_open_cnt--;
	mutex_unlock(&group->group_lock);
}

#ifndef VFIO_MODEL_RFC2021
static int vfio_group_fops_open(struct inode *inode, struct file *filep)
{
	struct vfio_group *group =
		container_of(inode->i_cdev, struct vfio_group, cdev);
	int ret;

	mutex_lock(&group->group_lock);

	/* the last device is being removed */
	if (refcount_read(&group->drivers) == 0) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (group->type == VFIO_NO_IOMMU && !capable(CAP_SYS_RAWIO)) {
		ret = -EPERM;
		goto out_unlock;
	}
	if (group->cdev_device_open_cnt) {
		ret = -EBUSY;
		goto out_unlock;
	}
	/* one group file at a time, system wide */
	if (group->opened_file) {
		ret = -EBUSY;
		goto out_unlock;
	}
	group->opened_file = filep;
	filep->private_data = group;
	ret = 0;
out_unlock:
	mutex_unlock(&group->group_lock);
	return ret;
}

static int vfio_group_fops_release(struct inode *inode, struct file *filep)
{
	struct vfio_group *group = filep->private_data;

	filep->private_data = NULL;

	mutex_lock(&group->group_lock);
	WARN_ON(group->notifier.head);
	/*
	 * Container mode: open devices hold the file, so none is open here.
	 * Compat mode holds nothing: devices may outlive the group file.
	 */
	if (group->container)
		vfio_group_detach_container(group);
	if (group->iommufd) {
		iommufd_ctx_put(group->iommufd);
		group->iommufd = NULL;
	}
	group->opened_file = NULL;
	mutex_unlock(&group->group_lock);
	return 0;
}
#else /* VFIO_MODEL_RFC2021 */
/*
 * The 2021 RFC's exclusion (RFC 02/20 "vfio: Add device class for
 * /dev/vfio/devices"), as posted: a group is "opened" either by its one
 * group file or by any number of device nodes of its devices, counted in
 * group->opened under opened_lock, which is not group_lock.
 *
 * cdev_device_open_cnt is kept equal to the number of device-node
 * openers, so that the checks written for v6.12 (P2, P3) judge the
 * RFC's exclusion by the same fields.
 */
static void vfio_group_mirror_opened(struct vfio_group *group)
{
	lockdep_assert_held(&group->opened_lock);
	group->cdev_device_open_cnt =
		group->opened_by_nongroup_dev ? group->opened : 0;
}

int vfio_group_try_open(struct vfio_group *group, bool nongroup_dev)
{
	int ret = 0;

	mutex_lock(&group->opened_lock);
	if (group->opened) {
		/* device nodes share the group among themselves only */
		if (nongroup_dev && group->opened_by_nongroup_dev)
			group->opened++;
		else
			ret = -EBUSY;
	} else if (group->container) {
		/* as posted: read without group_lock */
		ret = -EBUSY;
	} else {
		group->opened = 1;
		group->opened_by_nongroup_dev = nongroup_dev;
	}
	vfio_group_mirror_opened(group);
	mutex_unlock(&group->opened_lock);
	return ret;
}

void vfio_group_close_opened(struct vfio_group *group)
{
	mutex_lock(&group->opened_lock);
	group->opened--;
	vfio_group_mirror_opened(group);
	mutex_unlock(&group->opened_lock);
}

/* The RFC's test of how a device file was opened, at close time. */
bool vfio_device_in_container(struct vfio_device *device)
{
	return device->group && device->group->container;
}

static int vfio_group_fops_open(struct inode *inode, struct file *filep)
{
	struct vfio_group *group =
		container_of(inode->i_cdev, struct vfio_group, cdev);
	int ret;

	mutex_lock(&group->group_lock);
	if (refcount_read(&group->drivers) == 0) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (group->type == VFIO_NO_IOMMU && !capable(CAP_SYS_RAWIO)) {
		ret = -EPERM;
		goto out_unlock;
	}
	ret = vfio_group_try_open(group, false);
	if (ret)
		goto out_unlock;
	group->opened_file = filep;
	filep->private_data = group;
out_unlock:
	mutex_unlock(&group->group_lock);
	return ret;
}

static int vfio_group_fops_release(struct inode *inode, struct file *filep)
{
	struct vfio_group *group = filep->private_data;

	filep->private_data = NULL;

	mutex_lock(&group->group_lock);
	WARN_ON(group->notifier.head);
	if (group->container)
		vfio_group_detach_container(group);
	if (group->iommufd) {
		iommufd_ctx_put(group->iommufd);
		group->iommufd = NULL;
	}
	group->opened_file = NULL;
	mutex_unlock(&group->group_lock);

	vfio_group_close_opened(group);
	return 0;
}
#endif /* VFIO_MODEL_RFC2021 */

static const struct file_operations vfio_group_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= vfio_group_fops_unl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.open		= vfio_group_fops_open,
	.release	= vfio_group_fops_release,
};

static struct vfio_group *
vfio_group_find_from_iommu(struct iommu_group *iommu_group)
{
	struct vfio_group *group;

	lockdep_assert_held(&vfio.group_lock);

	list_for_each_entry(group, &vfio.group_list, vfio_next)
		if (group->iommu_group == iommu_group)
			return group;
	return NULL;
}

static void vfio_group_release(struct device *dev)
{
	struct vfio_group *group = container_of(dev, struct vfio_group, dev);

	mutex_destroy(&group->device_lock);
	mutex_destroy(&group->group_lock);
#ifdef VFIO_MODEL_RFC2021
	mutex_destroy(&group->opened_lock);
#endif
	WARN_ON(group->iommu_group);
	WARN_ON(group->cdev_device_open_cnt);
	ida_free(&vfio.group_ida, MINOR(group->dev.devt));
	kfree(group);
}

static struct vfio_group *vfio_group_alloc(struct iommu_group *iommu_group,
					   enum vfio_group_type type)
{
	struct vfio_group *group;
	int minor;

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return ERR_PTR(-ENOMEM);

	minor = ida_alloc_max(&vfio.group_ida, MINORMASK, GFP_KERNEL);
	if (minor < 0) {
		kfree(group);
		return ERR_PTR(minor);
	}

	/* from here on the struct device's release frees the group */
	device_initialize(&group->dev);
	group->dev.devt = MKDEV(MAJOR(vfio.group_devt), minor);
	group->dev.class = vfio.class;
	group->dev.release = vfio_group_release;
	cdev_init(&group->cdev, &vfio_group_fops);
	group->cdev.owner = THIS_MODULE;

	refcount_set(&group->drivers, 1);
	mutex_init(&group->group_lock);
	spin_lock_init(&group->kvm_ref_lock);
	INIT_LIST_HEAD(&group->device_list);
	mutex_init(&group->device_lock);
#ifdef VFIO_MODEL_RFC2021
	mutex_init(&group->opened_lock);
#endif
	group->iommu_group = iommu_group;
	iommu_group_ref_get(iommu_group);
	group->type = type;
	BLOCKING_INIT_NOTIFIER_HEAD(&group->notifier);
	return group;
}

static struct vfio_group *vfio_create_group(struct iommu_group *iommu_group,
					    enum vfio_group_type type)
{
	struct vfio_group *group;
	int ret;

	lockdep_assert_held(&vfio.group_lock);

	group = vfio_group_alloc(iommu_group, type);
	if (IS_ERR(group))
		return group;

	ret = dev_set_name(&group->dev, "%s%d",
			   type == VFIO_NO_IOMMU ? "noiommu-" : "",
			   iommu_group_id(iommu_group));
	if (ret)
		goto err_put;

	ret = cdev_device_add(&group->cdev, &group->dev);
	if (ret)
		goto err_put;

	list_add(&group->vfio_next, &vfio.group_list);
	return group;

err_put:
	/*
	 * Give back vfio_group_alloc()'s iommu_group reference first: the
	 * release expects a revoked group.  (The kernel puts the device
	 * with iommu_group set: a WARN and a leaked reference.)
	 */
	iommu_group_put(group->iommu_group);
	group->iommu_group = NULL;
	put_device(&group->dev);
	return ERR_PTR(ret);
}

/* A made-up iommu_group of its own for @dev (noiommu and emulated). */
static struct vfio_group *vfio_noiommu_group_alloc(struct device *dev,
						   enum vfio_group_type type)
{
	struct iommu_group *iommu_group;
	struct vfio_group *group;
	int ret;

	iommu_group = iommu_group_alloc();
	if (IS_ERR(iommu_group))
		return ERR_CAST(iommu_group);

	ret = iommu_group_set_name(iommu_group, "vfio-noiommu");
	if (ret)
		goto out_put;
	ret = iommu_group_add_device(iommu_group, dev);
	if (ret)
		goto out_put;

	mutex_lock(&vfio.group_lock);
	group = vfio_create_group(iommu_group, type);
	mutex_unlock(&vfio.group_lock);
	if (IS_ERR(group)) {
		ret = PTR_ERR(group);
		goto out_remove;
	}
	iommu_group_put(iommu_group);
	return group;

out_remove:
	iommu_group_remove_device(dev);
out_put:
	iommu_group_put(iommu_group);
	return ERR_PTR(ret);
}

static bool vfio_group_has_device(struct vfio_group *group,
				  struct device *dev)
{
	struct vfio_device *device;
	bool found = false;

	mutex_lock(&group->device_lock);
	list_for_each_entry(device, &group->device_list, group_next) {
		if (device->dev == dev) {
			found = true;
			break;
		}
	}
	mutex_unlock(&group->device_lock);
	return found;
}

static struct vfio_group *vfio_group_find_or_alloc(struct device *dev)
{
	struct iommu_group *iommu_group;
	struct vfio_group *group;

	iommu_group = iommu_group_get(dev);
	if (!iommu_group && vfio_noiommu) {
		group = vfio_noiommu_group_alloc(dev, VFIO_NO_IOMMU);
		if (!IS_ERR(group)) {
			add_taint(TAINT_USER, LOCKDEP_STILL_OK);
			dev_warn(dev, "Adding kernel taint for vfio-noiommu group on device\n");
		}
		return group;
	}
	if (!iommu_group)
		return ERR_PTR(-EINVAL);

	mutex_lock(&vfio.group_lock);
	group = vfio_group_find_from_iommu(iommu_group);
	if (group) {
		/* the same struct device registered twice */
		if (WARN_ON(vfio_group_has_device(group, dev)))
			group = ERR_PTR(-EINVAL);
		else
			refcount_inc(&group->drivers);
	} else {
		group = vfio_create_group(iommu_group, VFIO_IOMMU);
	}
	mutex_unlock(&vfio.group_lock);

	/* the group holds its own reference */
	iommu_group_put(iommu_group);
	return group;
}

int vfio_device_set_group(struct vfio_device *device,
			  enum vfio_group_type type)
{
	struct vfio_group *group;

	if (type == VFIO_IOMMU)
		group = vfio_group_find_or_alloc(device->dev);
	else
		group = vfio_noiommu_group_alloc(device->dev, type);
	if (IS_ERR(group))
		return PTR_ERR(group);

	device->group = group;
	return 0;
}

void vfio_device_remove_group(struct vfio_device *device)
{
	struct vfio_group *group = device->group;
	struct iommu_group *iommu_group;

	if (group->type == VFIO_NO_IOMMU || group->type == VFIO_EMULATED_IOMMU)
		iommu_group_remove_device(device->dev);

	/* only the last device tears the group down */
	if (!refcount_dec_and_mutex_lock(&group->drivers, &vfio.group_lock))
		return;
	list_del(&group->vfio_next);

	/*
	 * No new opens of the node; under vfio.group_lock so that a probe
	 * racing with us creates its new group after the old name is gone.
	 */
	cdev_device_del(&group->cdev, &group->dev);

	/*
	 * Revoke: a group file that stays open keeps the structure but
	 * loses its container and its iommu_group (ioctls fail -ENODEV).
	 */
	mutex_lock(&group->group_lock);
	WARN_ON(!list_empty(&group->device_list));
	WARN_ON(group->notifier.head);
	if (group->container)
		vfio_group_detach_container(group);
	iommu_group = group->iommu_group;
	group->iommu_group = NULL;
	mutex_unlock(&group->group_lock);
	mutex_unlock(&vfio.group_lock);

	iommu_group_put(iommu_group);
	put_device(&group->dev);
}

void vfio_device_group_register(struct vfio_device *device)
{
	mutex_lock(&device->group->device_lock);
	list_add(&device->group_next, &device->group->device_list);
	mutex_unlock(&device->group->device_lock);
}

void vfio_device_group_unregister(struct vfio_device *device)
{
	mutex_lock(&device->group->device_lock);
	list_del(&device->group_next);
	mutex_unlock(&device->group->device_lock);
}

int vfio_device_group_use_iommu(struct vfio_device *device)
{
	struct vfio_group *group = device->group;
	int ret;

	lockdep_assert_held(&group->group_lock);

	if (WARN_ON(!group->container))
		return -EINVAL;
	ret = vfio_group_use_container(group);
	if (ret)
		return ret;
	vfio_device_container_register(device);
	return 0;
}

void vfio_device_group_unuse_iommu(struct vfio_device *device)
{
	struct vfio_group *group = device->group;

	lockdep_assert_held(&group->group_lock);

	if (WARN_ON(!group->container))
		return;
	vfio_device_container_unregister(device);
	vfio_group_unuse_container(group);
}

bool vfio_device_has_container(struct vfio_device *device)
{
	return device->group->container;
}

struct vfio_group *vfio_group_from_file(struct file *file)
{
	if (file->f_op != &vfio_group_fops)
		return NULL;
	return file->private_data;
}

struct iommu_group *vfio_file_iommu_group(struct file *file)
{
	/* only spapr (not modelled) asks the group file for its group */
	return NULL;
}
EXPORT_SYMBOL_GPL(vfio_file_iommu_group);

bool vfio_file_is_group(struct file *file)
{
	return vfio_group_from_file(file);
}
EXPORT_SYMBOL_GPL(vfio_file_is_group);

bool vfio_group_enforced_coherent(struct vfio_group *group)
{
	struct vfio_device *device;
	bool ret = true;

	mutex_lock(&group->device_lock);
	list_for_each_entry(device, &group->device_list, group_next) {
		if (!device_iommu_capable(device->dev,
					  IOMMU_CAP_ENFORCE_CACHE_COHERENCY)) {
			ret = false;
			break;
		}
	}
	mutex_unlock(&group->device_lock);
	return ret;
}

/* Called by kvm-vfio under kvm->lock: never take group_lock here. */
void vfio_group_set_kvm(struct vfio_group *group, struct kvm *kvm)
{
	spin_lock(&group->kvm_ref_lock);
	group->kvm = kvm;
	spin_unlock(&group->kvm_ref_lock);
}

bool vfio_file_has_dev(struct file *file, struct vfio_device *device)
{
	struct vfio_group *group = vfio_group_from_file(file);

	return group && group == device->group;
}
EXPORT_SYMBOL_GPL(vfio_file_has_dev);

static char *vfio_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "vfio/%s", dev_name(dev));
}

int vfio_group_init(void)
{
	int ret;

	ida_init(&vfio.group_ida);
	mutex_init(&vfio.group_lock);
	INIT_LIST_HEAD(&vfio.group_list);

	ret = vfio_container_init();
	if (ret)
		return ret;

	vfio.class = class_create("vfio");
	if (IS_ERR(vfio.class)) {
		ret = PTR_ERR(vfio.class);
		goto err_container;
	}
	vfio.class->devnode = vfio_devnode;

	ret = alloc_chrdev_region(&vfio.group_devt, 0, MINORMASK + 1, "vfio");
	if (ret)
		goto err_class;
	return 0;

err_class:
	class_destroy(vfio.class);
	vfio.class = NULL;
err_container:
	vfio_container_cleanup();
	return ret;
}

void vfio_group_cleanup(void)
{
	WARN_ON(!list_empty(&vfio.group_list));
	ida_destroy(&vfio.group_ida);
	unregister_chrdev_region(vfio.group_devt, MINORMASK + 1);
	class_destroy(vfio.class);
	vfio.class = NULL;
	vfio_container_cleanup();
}
