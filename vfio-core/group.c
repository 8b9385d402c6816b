// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: the group, /dev/vfio/$GROUP.
 *
 * A vfio_group stands for an iommu_group that has vfio devices.  Its
 * node is opened by one file at a time (P1); that file picks the DMA
 * backend of the group's devices (a container or an iommufd) and hands
 * out device files with GROUP_GET_DEVICE_FD.  The group file and cdev
 * binds of the group's devices exclude each other (P2), which is what
 * keeps a device from being reached through both paths at once.
 *
 * The group outlives its last device only as a revoked shell kept by
 * an open group file: iommu_group NULL, container gone (P14, bug B4).
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

/* All groups; list_lock also orders each group's drivers reaching 0. */
static struct {
	struct class *class;		/* "vfio", nodes vfio/<name> */
	dev_t devt;
	struct ida minors;
	struct mutex list_lock;
	struct list_head list;
} vfio_groups = {
	.minors = IDA_INIT(vfio_groups.minors),
	.list_lock = __MUTEX_INITIALIZER(vfio_groups.list_lock),
	.list = LIST_HEAD_INIT(vfio_groups.list),
};

static const struct file_operations vfio_group_fops;

/* --- exclusion ------------------------------------------------------------ */

/* P13: group-path devices need a backend chosen by the group file */
static bool vfio_group_has_backend(struct vfio_group *group)
{
	lockdep_assert_held(&group->group_lock);
	return group->container || group->iommufd;
}

/*
 * P1, P2: may a group file open?  Not for a revoked group, not without
 * privilege for a noiommu one; then one group file at a time, and none
 * while a device is cdev-bound (RFC 02/20: nor while node files are).
 */
static int vfio_group_file_admissible(struct vfio_group *group)
{
	lockdep_assert_held(&group->group_lock);
	if (!group->iommu_group)
		return -ENODEV;		/* its last device is leaving */
	if (group->type == VFIO_NO_IOMMU && !capable(CAP_SYS_RAWIO))
		return -EPERM;
#ifdef VFIO_MODEL_RFC2021
	return vfio_group_try_open(group, false);
#else
	if (group->cdev_device_open_cnt || group->opened_file)
		return -EBUSY;
	return 0;
#endif
}

/*
 * P2, P3: a cdev bind counts itself in the group, unless the group file
 * is open; counted until the bound file is released.
 */
int vfio_group_enter_bind(struct vfio_group *group)
{
	int err = 0;

	mutex_lock(&group->group_lock);
	if (group->opened_file)
		err = -EBUSY;
	else
		group->cdev_device_open_cnt++;
	mutex_unlock(&group->group_lock);
	return err;
}

void vfio_group_leave_bind(struct vfio_group *group)
{
	mutex_lock(&group->group_lock);
	WARN_ON(!group->cdev_device_open_cnt);
	group->cdev_device_open_cnt--;
	mutex_unlock(&group->group_lock);
}

#ifdef VFIO_MODEL_RFC2021
/*
 * RFC 02/20's group exclusion: the group is opened either by its one
 * group file or by any number of device nodes of its devices, and not
 * while a container is still attached from an earlier user.
 */
int vfio_group_try_open(struct vfio_group *group, bool nongroup_dev)
{
	int err = 0;

	mutex_lock(&group->opened_lock);
	if (group->opened) {
		if (nongroup_dev && group->opened_by_nongroup_dev)
			group->opened++;
		else
			err = -EBUSY;
	} else if (group->container) {
		err = -EBUSY;
	} else {
		group->opened = 1;
		group->opened_by_nongroup_dev = nongroup_dev;
	}
	mutex_unlock(&group->opened_lock);
	return err;
}

void vfio_group_close_opened(struct vfio_group *group)
{
	mutex_lock(&group->opened_lock);
	group->opened--;
	mutex_unlock(&group->opened_lock);
}

/*
 * The v6.12 count mirrors the node openers (vfio_group_enter_bind() at
 * node open).  The RFC's release cannot tell a group-path file from a
 * node one, so the mirror only follows it down to 0.
 */
void vfio_group_node_closed(struct vfio_group *group)
{
	mutex_lock(&group->group_lock);
	if (group->cdev_device_open_cnt)
		group->cdev_device_open_cnt--;
	mutex_unlock(&group->group_lock);
}

/* The RFC asks the group's current state, not how the file was opened. */
bool vfio_device_in_container(struct vfio_device *device)
{
	return device->group->container != NULL;
}
#endif

/* --- the group file ------------------------------------------------------- */

static int vfio_group_file_open(struct inode *inode, struct file *filep)
{
	struct vfio_group *group = container_of(inode->i_cdev,
						struct vfio_group, cdev);
	int err;

	mutex_lock(&group->group_lock);
	err = vfio_group_file_admissible(group);
	if (!err)
		group->opened_file = filep;
	mutex_unlock(&group->group_lock);

	/* meaningless unless the open succeeded */
	filep->private_data = group;
	return err;
}

/* Compat mode ends: devices already open keep their own binds (O2). */
static void vfio_group_drop_iommufd(struct vfio_group *group)
{
	lockdep_assert_held(&group->group_lock);
	iommufd_ctx_put(group->iommufd);
	group->iommufd = NULL;
}

/*
 * Container-path device files pin this file (P12), so when it goes no
 * device is open through the container and it can simply be left.
 */
static int vfio_group_file_release(struct inode *inode, struct file *filep)
{
	struct vfio_group *group = filep->private_data;

	mutex_lock(&group->group_lock);
	group->opened_file = NULL;
	if (group->container)
		vfio_container_leave(group);
	else if (group->iommufd)
		vfio_group_drop_iommufd(group);
	mutex_unlock(&group->group_lock);
#ifdef VFIO_MODEL_RFC2021
	vfio_group_close_opened(group);
#endif
	return 0;
}

static int vfio_group_get_status(struct vfio_group *group,
				 struct vfio_group_status __user *arg)
{
	size_t len = offsetofend(struct vfio_group_status, flags);
	struct vfio_group_status status;
	int err = 0;

	if (copy_from_user(&status, arg, len))
		return -EFAULT;
	if (status.argsz < len)
		return -EINVAL;

	status.flags = 0;
	mutex_lock(&group->group_lock);
	if (!group->iommu_group)
		err = -ENODEV;
	else if (vfio_group_has_backend(group))
		status.flags = VFIO_GROUP_FLAGS_VIABLE |
			       VFIO_GROUP_FLAGS_CONTAINER_SET;
	/* viable: nobody else (another driver, an iommufd) owns its DMA */
	else if (!iommu_group_dma_owner_claimed(group->iommu_group))
		status.flags = VFIO_GROUP_FLAGS_VIABLE;
	mutex_unlock(&group->group_lock);
	if (err)
		return err;

	return copy_to_user(arg, &status, len) ? -EFAULT : 0;
}

/*
 * An iommufd as the group's backend (compat mode): it needs a compat
 * IOAS, or for a noiommu group must have none.  DMA ownership is taken
 * later, by each device's first open.
 */
static int vfio_group_use_iommufd(struct vfio_group *group,
				  struct iommufd_ctx *ictx)
{
	int err;

	if (group->type == VFIO_NO_IOMMU)
		err = iommufd_vfio_compat_set_no_iommu(ictx);
	else
		err = iommufd_vfio_compat_ioas_create(ictx);
	if (err) {
		iommufd_ctx_put(ictx);
		return err;
	}
	group->iommufd = ictx;
	return 0;
}

static int vfio_group_set_container(struct vfio_group *group,
				    int __user *arg)
{
	struct vfio_container *container;
	struct iommufd_ctx *ictx;
	struct file *backend;
	struct fd f;
	int fd, err;

	if (get_user(fd, arg))
		return -EFAULT;
	f = fdget(fd);
	backend = fd_file(f);
	if (!backend)
		return -EBADF;

	mutex_lock(&group->group_lock);
	if (vfio_group_has_backend(group)) {
		err = -EINVAL;
		goto out;
	}
	if (!group->iommu_group) {
		err = -ENODEV;
		goto out;
	}

	container = vfio_container_of_file(backend);
	if (container) {
		err = vfio_container_join(container, group);
		goto out;
	}
	ictx = iommufd_ctx_from_file(backend);
	if (IS_ERR(ictx))
		err = -EBADFD;	/* neither kind of backend */
	else
		err = vfio_group_use_iommufd(group, ictx);
out:
	mutex_unlock(&group->group_lock);
	fdput(f);
	return err;
}

/* P11: a container is let go only when no device uses it */
static int vfio_group_unset_container(struct vfio_group *group)
{
	int err = 0;

	mutex_lock(&group->group_lock);
	if (!vfio_group_has_backend(group)) {
		err = -EINVAL;
	} else if (group->container) {
		if (group->container_users > 1)
			err = -EBUSY;
		else
			vfio_container_leave(group);
	} else {
		/* compat mode counts no users */
		vfio_group_drop_iommufd(group);
	}
	mutex_unlock(&group->group_lock);
	return err;
}

/*
 * The registered device called @name, with a registration reference;
 * a driver's match() may claim or refuse names itself.
 */
static struct vfio_device *vfio_group_find_device(struct vfio_group *group,
						  char *name)
{
	struct vfio_device *found = ERR_PTR(-ENODEV);
	struct vfio_device *it;
	int match;

	mutex_lock(&group->device_lock);
	list_for_each_entry(it, &group->device_list, group_next) {
		if (it->ops->match)
			match = it->ops->match(it, name);
		else
			match = strcmp(dev_name(it->dev), name) == 0;
		if (match < 0) {
			found = ERR_PTR(match);
			break;
		}
		/* a device whose registration is dropping is skipped */
		if (match && vfio_registration_tryget(it)) {
			found = it;
			break;
		}
	}
	mutex_unlock(&group->device_lock);
	return found;
}

/* P15: the first opener brings the group's VM to the device */
static void vfio_group_give_kvm(struct vfio_group *group,
				struct vfio_device *device)
{
	spin_lock(&group->kvm_ref_lock);
	vfio_device_take_kvm(device, group->kvm);
	spin_unlock(&group->kvm_ref_lock);
}

/*
 * noiommu in compat mode: the user must be privileged and must not have
 * asked for translation (a compat IOAS) it will not get.
 */
static bool vfio_group_noiommu_compat_ok(struct vfio_device_file *df)
{
	return capable(CAP_SYS_RAWIO) &&
	       !vfio_ictx_has_compat_ioas(df->iommufd);
}

/*
 * Open @df's device through the group; gL then SL (section 4).  The
 * device may already be open through other group files.
 */
static int vfio_group_df_open(struct vfio_device_file *df)
{
	struct vfio_group *group = df->group;
	struct vfio_device *device = df->device;
	struct kvm *kvm = NULL;
	bool first;
	int err;

	mutex_lock(&group->group_lock);
	if (!vfio_group_has_backend(group)) {
		err = -EINVAL;
		goto out_group;
	}

	mutex_lock(&device->dev_set->lock);
	first = device->open_count == 0;
	if (first)
		vfio_group_give_kvm(group, device);
	df->iommufd = group->iommufd;

	if (first && df->iommufd && vfio_device_is_noiommu(device) &&
	    !vfio_group_noiommu_compat_ok(df)) {
		err = -EPERM;
		goto out_undo;
	}

	err = vfio_device_use(df);
	if (err)
		goto out_undo;

	/* compat mode: a fresh bind starts on the compat IOAS */
	if (first && df->iommufd) {
		err = vfio_compat_attach(device, df->iommufd);
		if (err) {
			vfio_device_unuse(df);
			goto out_undo;
		}
	}

	/* P10: the file works from here; pairs with vfio_df_granted() */
	smp_store_release(&df->access_granted, true);
	mutex_unlock(&device->dev_set->lock);
	mutex_unlock(&group->group_lock);
	return 0;

out_undo:
	df->iommufd = NULL;
	if (!device->open_count)
		kvm = vfio_device_untie_kvm(device);
	mutex_unlock(&device->dev_set->lock);
out_group:
	mutex_unlock(&group->group_lock);
	vfio_kvm_put(kvm);
	return err;
}

void vfio_group_df_close(struct vfio_device_file *df)
{
	struct vfio_group *group = df->group;
	struct vfio_device *device = df->device;
	struct kvm *kvm = NULL;

	mutex_lock(&group->group_lock);
	mutex_lock(&device->dev_set->lock);
	vfio_device_unuse(df);
	df->iommufd = NULL;
	if (!device->open_count)
		kvm = vfio_device_untie_kvm(device);
	mutex_unlock(&device->dev_set->lock);
	mutex_unlock(&group->group_lock);
	vfio_kvm_put(kvm);	/* no vfio lock held (bug B5) */
}

/* A new open file of @device, its own open done. */
static struct file *vfio_group_device_file(struct vfio_group *group,
					   struct vfio_device *device)
{
	struct vfio_device_file *df;
	struct file *filep;
	int err;

	df = vfio_df_alloc(device);
	if (IS_ERR(df))
		return ERR_CAST(df);
	df->group = group;

	err = vfio_group_df_open(df);
	if (err)
		goto out_free;

	filep = anon_inode_getfile("[vfio-device]", &vfio_device_fops, df,
				   O_RDWR);
	if (IS_ERR(filep)) {
		err = PTR_ERR(filep);
		vfio_group_df_close(df);
		goto out_free;
	}
	filep->f_mode |= FMODE_PREAD | FMODE_PWRITE;
	filep->f_mapping = device->inode->i_mapping;
	if (vfio_device_is_noiommu(device))
		dev_warn(device->dev, "vfio-noiommu device opened by user\n");
	return filep;

out_free:
	kfree(df);
	return ERR_PTR(err);
}

static int vfio_group_get_device_fd(struct vfio_group *group,
				    char __user *arg)
{
	struct vfio_device *device;
	struct file *filep;
	char *name;
	int fd;

	name = strndup_user(arg, PAGE_SIZE);
	if (IS_ERR(name))
		return PTR_ERR(name);
	/* the name decides before anything about the group (-ENODEV) */
	device = vfio_group_find_device(group, name);
	kfree(name);
	if (IS_ERR(device))
		return PTR_ERR(device);

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		goto out_put;

	filep = vfio_group_device_file(group, device);
	if (IS_ERR(filep)) {
		put_unused_fd(fd);
		fd = PTR_ERR(filep);
		goto out_put;
	}
	/* the registration reference now belongs to the file */
	fd_install(fd, filep);
	return fd;

out_put:
	vfio_registration_put(device);
	return fd;
}

static long vfio_group_file_ioctl(struct file *filep, unsigned int cmd,
				  unsigned long arg)
{
	struct vfio_group *group = filep->private_data;

	switch (cmd) {
	case VFIO_GROUP_GET_STATUS:
		return vfio_group_get_status(group, (void __user *)arg);
	case VFIO_GROUP_SET_CONTAINER:
		return vfio_group_set_container(group, (int __user *)arg);
	case VFIO_GROUP_UNSET_CONTAINER:
		return vfio_group_unset_container(group);
	case VFIO_GROUP_GET_DEVICE_FD:
		return vfio_group_get_device_fd(group, (char __user *)arg);
	}
	return -ENOTTY;
}

static const struct file_operations vfio_group_fops = {
	.owner		= THIS_MODULE,
	.open		= vfio_group_file_open,
	.unlocked_ioctl	= vfio_group_file_ioctl,
	.compat_ioctl	= vfio_group_file_ioctl,
	.release	= vfio_group_file_release,
};

struct vfio_group *vfio_group_of_file(struct file *file)
{
	return file->f_op == &vfio_group_fops ? file->private_data : NULL;
}

/* Only the spinlock: KVM calls in holding its own locks (bug B6). */
void vfio_group_store_kvm(struct vfio_group *group, struct kvm *kvm)
{
	spin_lock(&group->kvm_ref_lock);
	group->kvm = kvm;
	spin_unlock(&group->kvm_ref_lock);
}

/* Whether every device of the group enforces cache coherency. */
bool vfio_group_coherent(struct vfio_group *group)
{
	struct vfio_device *device;
	bool coherent = true;

	mutex_lock(&group->device_lock);
	list_for_each_entry(device, &group->device_list, group_next)
		coherent &= device_iommu_capable(device->dev,
					IOMMU_CAP_ENFORCE_CACHE_COHERENCY);
	mutex_unlock(&group->device_lock);
	return coherent;
}

/* --- groups coming and going ---------------------------------------------- */

/*
 * The last reference to the group's struct device (the last device gone
 * and no group file open).  A group that failed to come up still holds
 * its iommu_group reference: it is put here (kernel finding 1).
 */
static void vfio_group_free(struct device *dev)
{
	struct vfio_group *group = container_of(dev, struct vfio_group, dev);

	if (group->iommu_group)
		iommu_group_put(group->iommu_group);
	mutex_destroy(&group->device_lock);
	mutex_destroy(&group->group_lock);
#ifdef VFIO_MODEL_RFC2021
	mutex_destroy(&group->opened_lock);
#endif
	ida_free(&vfio_groups.minors, MINOR(group->dev.devt));
	kfree(group);
}

/* A new group for @iommu_group, on the list, its node present. */
static struct vfio_group *vfio_group_create(struct iommu_group *iommu_group,
					    enum vfio_group_type type)
{
	struct vfio_group *group;
	int minor, err;

	lockdep_assert_held(&vfio_groups.list_lock);

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return ERR_PTR(-ENOMEM);
	minor = ida_alloc_max(&vfio_groups.minors, MINORMASK, GFP_KERNEL);
	if (minor < 0) {
		kfree(group);
		return ERR_PTR(minor);
	}

	refcount_set(&group->drivers, 1);
	INIT_LIST_HEAD(&group->device_list);
	mutex_init(&group->device_lock);
	mutex_init(&group->group_lock);
	spin_lock_init(&group->kvm_ref_lock);
#ifdef VFIO_MODEL_RFC2021
	mutex_init(&group->opened_lock);
#endif
	group->type = type;
	group->iommu_group = iommu_group_ref_get(iommu_group);

	/* from here on put_device() frees, through vfio_group_free() */
	device_initialize(&group->dev);
	group->dev.devt = MKDEV(MAJOR(vfio_groups.devt), minor);
	group->dev.class = vfio_groups.class;
	group->dev.release = vfio_group_free;
	cdev_init(&group->cdev, &vfio_group_fops);
	group->cdev.owner = THIS_MODULE;

	err = dev_set_name(&group->dev, "%s%d",
			   type == VFIO_NO_IOMMU ? "noiommu-" : "",
			   iommu_group_id(iommu_group));
	if (!err)
		err = cdev_device_add(&group->cdev, &group->dev);
	if (err) {
		put_device(&group->dev);
		return ERR_PTR(err);
	}

	list_add(&group->vfio_next, &vfio_groups.list);
	return group;
}

static struct vfio_group *vfio_group_lookup(struct iommu_group *iommu_group)
{
	struct vfio_group *group;

	lockdep_assert_held(&vfio_groups.list_lock);
	list_for_each_entry(group, &vfio_groups.list, vfio_next)
		if (group->iommu_group == iommu_group)
			return group;
	return NULL;
}

static bool vfio_group_lists(struct vfio_group *group, struct device *dev)
{
	struct vfio_device *it;
	bool listed = false;

	mutex_lock(&group->device_lock);
	list_for_each_entry(it, &group->device_list, group_next)
		listed |= it->dev == dev;
	mutex_unlock(&group->device_lock);
	return listed;
}

/* The group of a device behind a real IOMMU, shared by its siblings. */
static struct vfio_group *vfio_group_of_iommu_group(struct device *dev,
						    struct iommu_group *iog)
{
	struct vfio_group *group;

	mutex_lock(&vfio_groups.list_lock);
	group = vfio_group_lookup(iog);
	if (!group) {
		group = vfio_group_create(iog, VFIO_IOMMU);
	} else if (WARN_ON(vfio_group_lists(group, dev))) {
		group = ERR_PTR(-EINVAL);	/* registered twice */
	} else {
		refcount_inc(&group->drivers);
	}
	mutex_unlock(&vfio_groups.list_lock);
	return group;
}

/*
 * A device without an IOMMU of its own (noiommu, emulated) gets a
 * made-up iommu_group, and so a group, to itself: the sysfs layout and
 * the group node are uAPI.
 */
static struct vfio_group *vfio_group_made_up(struct device *dev,
					     enum vfio_group_type type)
{
	struct iommu_group *iog;
	struct vfio_group *group;
	int err;

	iog = iommu_group_alloc();
	if (IS_ERR(iog))
		return ERR_CAST(iog);

	err = iommu_group_set_name(iog, "vfio-noiommu");
	if (!err)
		err = iommu_group_add_device(iog, dev);
	if (err) {
		iommu_group_put(iog);
		return ERR_PTR(err);
	}

	mutex_lock(&vfio_groups.list_lock);
	group = vfio_group_create(iog, type);
	mutex_unlock(&vfio_groups.list_lock);
	if (IS_ERR(group))
		iommu_group_remove_device(dev);
	iommu_group_put(iog);	/* the group, if any, has its own */
	return group;
}

/* Registration: @device joins (or founds) the group of its iommu_group. */
int vfio_group_attach_device(struct vfio_device *device,
			     enum vfio_group_type type)
{
	struct iommu_group *iog;
	struct vfio_group *group;

	if (type == VFIO_EMULATED_IOMMU) {
		group = vfio_group_made_up(device->dev, type);
	} else {
		iog = iommu_group_get(device->dev);
		if (iog) {
			group = vfio_group_of_iommu_group(device->dev, iog);
			iommu_group_put(iog);
		} else if (vfio_noiommu) {
			group = vfio_group_made_up(device->dev, VFIO_NO_IOMMU);
			if (!IS_ERR(group)) {
				add_taint(TAINT_USER, LOCKDEP_STILL_OK);
				dev_warn(device->dev,
					 "unsafe noiommu mode device\n");
			}
		} else {
			return -EINVAL;	/* no isolation, not allowed */
		}
	}
	if (IS_ERR(group))
		return PTR_ERR(group);
	device->group = group;
	return 0;
}

/*
 * P14: the group's last device is gone; an open group file keeps a
 * shell without iommu_group or container.  Returns the iommu_group
 * whose reference the group held.
 */
static struct iommu_group *vfio_group_revoke(struct vfio_group *group)
{
	struct iommu_group *iog;

	mutex_lock(&group->group_lock);
	if (group->container)
		vfio_container_leave(group);
	WARN_ON(!list_empty(&group->device_list));
	iog = group->iommu_group;
	group->iommu_group = NULL;
	mutex_unlock(&group->group_lock);
	return iog;
}

/*
 * Unregistration (or a failed registration): the device leaves its
 * group; the last one takes the group down, revoking it under an open
 * group file rather than waiting for it (P14, bug B4).
 */
void vfio_group_detach_device(struct vfio_device *device)
{
	struct vfio_group *group = device->group;
	struct iommu_group *iog;

	if (group->type != VFIO_IOMMU)
		iommu_group_remove_device(device->dev);

	if (!refcount_dec_and_mutex_lock(&group->drivers,
					 &vfio_groups.list_lock))
		return;

	/*
	 * No new group file from here: the node goes under the list lock,
	 * so a re-probe of the same iommu_group makes a fresh group.
	 */
	list_del(&group->vfio_next);
	cdev_device_del(&group->cdev, &group->dev);
	iog = vfio_group_revoke(group);
	mutex_unlock(&vfio_groups.list_lock);

	iommu_group_put(iog);
	put_device(&group->dev);
}

/* GROUP_GET_DEVICE_FD finds the device from now on (P9) */
void vfio_group_list_device(struct vfio_device *device)
{
	struct vfio_group *group = device->group;

	mutex_lock(&group->device_lock);
	list_add(&device->group_next, &group->device_list);
	mutex_unlock(&group->device_lock);
}

void vfio_group_unlist_device(struct vfio_device *device)
{
	struct vfio_group *group = device->group;

	mutex_lock(&group->device_lock);
	list_del(&device->group_next);
	mutex_unlock(&group->device_lock);
}

/* --- module --------------------------------------------------------------- */

static char *vfio_group_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "vfio/%s", dev_name(dev));
}

int vfio_groups_init(void)
{
	int err;

	vfio_groups.class = class_create("vfio");
	if (IS_ERR(vfio_groups.class)) {
		err = PTR_ERR(vfio_groups.class);
		vfio_groups.class = NULL;
		return err;
	}
	vfio_groups.class->devnode = vfio_group_devnode;

	err = alloc_chrdev_region(&vfio_groups.devt, 0, MINORMASK + 1, "vfio");
	if (err) {
		class_destroy(vfio_groups.class);
		vfio_groups.class = NULL;
	}
	return err;
}

void vfio_groups_exit(void)
{
	WARN_ON(!list_empty(&vfio_groups.list));
	unregister_chrdev_region(vfio_groups.devt, MINORMASK + 1);
	class_destroy(vfio_groups.class);
	vfio_groups.class = NULL;
	ida_destroy(&vfio_groups.minors);
}
