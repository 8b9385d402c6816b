// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: the legacy container, /dev/vfio/vfio.
 *
 * A container is a DMA address space shared by the groups set to it.
 * It gets an IOMMU backend (type1, noiommu, ...) with VFIO_SET_IOMMU
 * once it has a group, and loses it with its last group.  Groups hold
 * the container (kref); a group holds its container users count for
 * its devices opened through it (P11), each of which also pins the
 * group file (P12).
 */
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/vfio.h>

#include "vfio.h"

struct vfio_container {
	struct kref kref;		/* the fd, and each group set to it */
	struct list_head group_list;	/* under group_lock */
	struct rw_semaphore group_lock;
	struct vfio_iommu_backend *backend;
	void *backend_data;
	bool noiommu;			/* holds fake (noiommu) groups */
};

struct vfio_iommu_backend {
	const struct vfio_iommu_driver_ops *ops;
	struct list_head next;
};

static DEFINE_MUTEX(vfio_backends_lock);
static LIST_HEAD(vfio_backends);

/* --- the noiommu backend -------------------------------------------------- */

/*
 * The backend of noiommu containers: no translation at all, so no state
 * (its data is NULL) and nothing to undo (no release, no detach_group);
 * it only takes noiommu groups, and only from a privileged user.
 */
static void *noiommu_backend_open(unsigned long type)
{
	if (type == VFIO_NOIOMMU_IOMMU)
		return capable(CAP_SYS_RAWIO) ? NULL : ERR_PTR(-EPERM);
	return ERR_PTR(-EINVAL);
}

static long noiommu_backend_ioctl(void *data, unsigned int cmd,
				  unsigned long arg)
{
	if (cmd != VFIO_CHECK_EXTENSION)
		return -ENOTTY;
	return vfio_noiommu && arg == VFIO_NOIOMMU_IOMMU;
}

static int noiommu_backend_attach(void *data, struct iommu_group *iog,
				  enum vfio_group_type type)
{
	return type == VFIO_NO_IOMMU ? 0 : -EINVAL;
}

static const struct vfio_iommu_driver_ops vfio_noiommu_ops = {
	.name		= "vfio-noiommu",
	.owner		= THIS_MODULE,
	.open		= noiommu_backend_open,
	.ioctl		= noiommu_backend_ioctl,
	.attach_group	= noiommu_backend_attach,
};

/* release and detach_group are optional (the noiommu backend has none) */
static void vfio_backend_release(const struct vfio_iommu_driver_ops *ops,
				 void *data)
{
	if (ops->release)
		ops->release(data);
}

static void vfio_backend_detach(const struct vfio_iommu_driver_ops *ops,
				void *data, struct vfio_group *group)
{
	if (ops->detach_group)
		ops->detach_group(data, group->iommu_group);
}

/* A container of noiommu groups takes the noiommu backend, only it. */
static bool vfio_backend_fits(struct vfio_container *container,
			      struct vfio_iommu_backend *backend)
{
	return container->noiommu == (backend->ops == &vfio_noiommu_ops);
}

/* --- backend registry ----------------------------------------------------- */

int vfio_register_iommu_driver(const struct vfio_iommu_driver_ops *ops)
{
	struct vfio_iommu_backend *backend, *it;

	backend = kzalloc(sizeof(*backend), GFP_KERNEL);
	if (!backend)
		return -ENOMEM;
	backend->ops = ops;

	mutex_lock(&vfio_backends_lock);
	list_for_each_entry(it, &vfio_backends, next) {
		if (it->ops == ops) {
			mutex_unlock(&vfio_backends_lock);
			kfree(backend);
			return -EINVAL;
		}
	}
	list_add(&backend->next, &vfio_backends);
	mutex_unlock(&vfio_backends_lock);
	return 0;
}

void vfio_unregister_iommu_driver(const struct vfio_iommu_driver_ops *ops)
{
	struct vfio_iommu_backend *backend;

	mutex_lock(&vfio_backends_lock);
	list_for_each_entry(backend, &vfio_backends, next) {
		if (backend->ops == ops) {
			list_del(&backend->next);
			kfree(backend);
			break;
		}
	}
	mutex_unlock(&vfio_backends_lock);
}

/* --- the container file --------------------------------------------------- */

static void vfio_container_free(struct kref *kref)
{
	kfree(container_of(kref, struct vfio_container, kref));
}

static void vfio_container_put(struct vfio_container *container)
{
	kref_put(&container->kref, vfio_container_free);
}

/*
 * Which extensions the container would have: its backend's answer once
 * set, else the first yes of a backend it could still take.
 */
static long vfio_container_check_extension(struct vfio_container *container,
					   unsigned long ext)
{
	struct vfio_iommu_backend *backend;
	long answer = 0;

	down_read(&container->group_lock);
	backend = container->backend;
	if (backend) {
		answer = backend->ops->ioctl(container->backend_data,
					     VFIO_CHECK_EXTENSION, ext);
		goto out;
	}

	mutex_lock(&vfio_backends_lock);
	list_for_each_entry(backend, &vfio_backends, next) {
		/* an empty container may still become either kind */
		if (!list_empty(&container->group_list) &&
		    !vfio_backend_fits(container, backend))
			continue;
		if (!try_module_get(backend->ops->owner))
			continue;
		answer = backend->ops->ioctl(NULL, VFIO_CHECK_EXTENSION, ext);
		module_put(backend->ops->owner);
		if (answer > 0)
			break;
	}
	mutex_unlock(&vfio_backends_lock);
out:
	up_read(&container->group_lock);
	return answer;
}

/* Offer every group of the container to a new backend; all or none. */
static int vfio_container_attach_all(struct vfio_container *container,
				     const struct vfio_iommu_driver_ops *ops,
				     void *data)
{
	struct vfio_group *group, *undo;
	int err;

	list_for_each_entry(group, &container->group_list, container_next) {
		err = ops->attach_group(data, group->iommu_group, group->type);
		if (err)
			goto out_undo;
	}
	return 0;

out_undo:
	list_for_each_entry(undo, &container->group_list, container_next) {
		if (undo == group)
			break;
		vfio_backend_detach(ops, data, undo);
	}
	return err;
}

/*
 * Try @backend for @type: 0 when it took the container, 1 when it does
 * not do @type, else the error it failed with.
 */
static int vfio_container_try_backend(struct vfio_container *container,
				      struct vfio_iommu_backend *backend,
				      unsigned long type)
{
	const struct vfio_iommu_driver_ops *ops = backend->ops;
	void *data;
	int err;

	if (!try_module_get(ops->owner))
		return 1;
	if (ops->ioctl(NULL, VFIO_CHECK_EXTENSION, type) <= 0) {
		err = 1;
		goto out_module;
	}

	data = ops->open(type);
	if (IS_ERR(data)) {
		err = PTR_ERR(data);
		goto out_module;
	}
	err = vfio_container_attach_all(container, ops, data);
	if (err) {
		vfio_backend_release(ops, data);
		goto out_module;
	}
	/* the module reference stays with the container */
	container->backend = backend;
	container->backend_data = data;
	return 0;

out_module:
	module_put(ops->owner);
	return err;
}

static long vfio_container_set_iommu(struct vfio_container *container,
				     unsigned long type)
{
	struct vfio_iommu_backend *backend;
	long err = -ENODEV;	/* nobody claims @type */
	int tried;

	down_write(&container->group_lock);
	/* a backend needs a group to serve, and is chosen once */
	if (list_empty(&container->group_list) || container->backend) {
		up_write(&container->group_lock);
		return -EINVAL;
	}

	mutex_lock(&vfio_backends_lock);
	list_for_each_entry(backend, &vfio_backends, next) {
		if (!vfio_backend_fits(container, backend))
			continue;
		tried = vfio_container_try_backend(container, backend, type);
		if (tried <= 0)
			err = tried;	/* the last failure is the answer */
		if (!tried)
			break;
	}
	mutex_unlock(&vfio_backends_lock);
	up_write(&container->group_lock);
	return err;
}

static long vfio_container_file_ioctl(struct file *filep, unsigned int cmd,
				      unsigned long arg)
{
	struct vfio_container *container = filep->private_data;
	long ret = -EINVAL;	/* no backend to pass it to */

	switch (cmd) {
	case VFIO_GET_API_VERSION:
		return VFIO_API_VERSION;
	case VFIO_CHECK_EXTENSION:
		return vfio_container_check_extension(container, arg);
	case VFIO_SET_IOMMU:
		return vfio_container_set_iommu(container, arg);
	}

	/* everything else is the backend's (map, unmap, info...) */
	down_read(&container->group_lock);
	if (container->backend)
		ret = container->backend->ops->ioctl(container->backend_data,
						     cmd, arg);
	up_read(&container->group_lock);
	return ret;
}

/* A fresh, empty container: no group, no backend yet. */
static struct vfio_container *vfio_container_alloc(void)
{
	struct vfio_container *container;

	container = kzalloc(sizeof(*container), GFP_KERNEL);
	if (!container)
		return NULL;
	kref_init(&container->kref);
	init_rwsem(&container->group_lock);
	INIT_LIST_HEAD(&container->group_list);
	return container;
}

static int vfio_container_file_open(struct inode *inode, struct file *filep)
{
	filep->private_data = vfio_container_alloc();
	return filep->private_data ? 0 : -ENOMEM;
}

static int vfio_container_file_release(struct inode *inode,
				       struct file *filep)
{
	vfio_container_put(filep->private_data);
	filep->private_data = NULL;
	return 0;
}

static const struct file_operations vfio_container_fops = {
	.owner		= THIS_MODULE,
	.open		= vfio_container_file_open,
	.unlocked_ioctl	= vfio_container_file_ioctl,
	.compat_ioctl	= vfio_container_file_ioctl,
	.release	= vfio_container_file_release,
};

struct vfio_container *vfio_container_of_file(struct file *file)
{
	return file->f_op == &vfio_container_fops ? file->private_data : NULL;
}

/* --- groups in a container ------------------------------------------------ */

/*
 * P16: a group behind a real IOMMU gives its DMA to the container; the
 * made-up iommu_groups (noiommu, emulated) have no ownership to take.
 */
static int vfio_group_claim_dma(struct vfio_group *group)
{
	if (group->type != VFIO_IOMMU)
		return 0;
	return iommu_group_claim_dma_owner(group->iommu_group, group);
}

static void vfio_group_release_dma(struct vfio_group *group)
{
	if (group->type == VFIO_IOMMU)
		iommu_group_release_dma_owner(group->iommu_group);
}

/*
 * GROUP_SET_CONTAINER with a container: the group's DMA becomes the
 * container's (P16), and the container's backend, if set, takes it.
 */
int vfio_container_join(struct vfio_container *container,
			struct vfio_group *group)
{
	bool fake = group->type == VFIO_NO_IOMMU;
	struct vfio_iommu_backend *backend;
	int err = 0;

	lockdep_assert_held(&group->group_lock);
	if (fake && !capable(CAP_SYS_RAWIO))
		return -EPERM;

	down_write(&container->group_lock);
	/* real and noiommu groups never share an address space */
	if (!list_empty(&container->group_list) && container->noiommu != fake) {
		err = -EPERM;
		goto out;
	}

	err = vfio_group_claim_dma(group);
	if (err)
		goto out;

	/* a container already working takes the group at once */
	backend = container->backend;
	if (backend) {
		err = backend->ops->attach_group(container->backend_data,
						 group->iommu_group,
						 group->type);
		if (err) {
			vfio_group_release_dma(group);
			goto out;
		}
	}

	kref_get(&container->kref);
	container->noiommu = fake;
	list_add(&group->container_next, &container->group_list);
	group->container = container;
	group->container_users = 1;
out:
	up_write(&container->group_lock);
	return err;
}

/*
 * The group leaves its container (unset, group file released, last
 * device gone).  No device may be open through it (P11); the last group
 * out takes the backend with it.
 */
void vfio_container_leave(struct vfio_group *group)
{
	struct vfio_container *container = group->container;
	struct vfio_iommu_backend *backend;

	lockdep_assert_held(&group->group_lock);
	WARN_ON(group->container_users != 1);

	down_write(&container->group_lock);
	backend = container->backend;
	if (backend)
		vfio_backend_detach(backend->ops, container->backend_data,
				    group);
	vfio_group_release_dma(group);

	list_del(&group->container_next);
	group->container = NULL;
	group->container_users = 0;

	if (backend && list_empty(&container->group_list)) {
		vfio_backend_release(backend->ops, container->backend_data);
		module_put(backend->ops->owner);
		container->backend = NULL;
		container->backend_data = NULL;
	}
	up_write(&container->group_lock);
	vfio_container_put(container);
}

/*
 * A device's first open through the container: the container must have
 * its backend; the device pins the group file until its last close.
 */
int vfio_container_use(struct vfio_group *group)
{
	struct vfio_container *container;
	bool has_backend;

	lockdep_assert_held(&group->group_lock);
	if (WARN_ON(!group->container))
		return -EINVAL;
	container = group->container;
	/*
	 * VFIO_SET_IOMMU sets the backend under the container's lock, not
	 * the group's: read it under that lock too (docs/kernel-findings.md
	 * #3 is the kernel's version of this read without it).
	 */
	down_read(&container->group_lock);
	has_backend = container->backend;
	up_read(&container->group_lock);
	if (!has_backend)
		return -EINVAL;
	if (group->type == VFIO_NO_IOMMU && !capable(CAP_SYS_RAWIO))
		return -EPERM;

	get_file(group->opened_file);
	group->container_users++;
	return 0;
}

void vfio_container_unuse(struct vfio_group *group)
{
	lockdep_assert_held(&group->group_lock);
	/* the group's own user stays until it leaves (P11) */
	if (WARN_ON(group->container_users < 2))
		return;
	group->container_users--;
	fput(group->opened_file);
}

void vfio_container_add_device(struct vfio_device *device)
{
	struct vfio_container *container = device->group->container;
	const struct vfio_iommu_driver_ops *ops = container->backend->ops;

	if (ops->register_device)
		ops->register_device(container->backend_data, device);
}

void vfio_container_remove_device(struct vfio_device *device)
{
	struct vfio_container *container = device->group->container;
	const struct vfio_iommu_driver_ops *ops = container->backend->ops;

	if (ops->unregister_device)
		ops->unregister_device(container->backend_data, device);
}

/* --- module --------------------------------------------------------------- */

static struct miscdevice vfio_container_dev = {
	.minor		= VFIO_MINOR,
	.name		= "vfio",
	.fops		= &vfio_container_fops,
	.nodename	= "vfio/vfio",
	.mode		= 0666,
};

int vfio_containers_init(void)
{
	int err;

	err = misc_register(&vfio_container_dev);
	if (err)
		return err;
	err = vfio_register_iommu_driver(&vfio_noiommu_ops);
	if (err)
		misc_deregister(&vfio_container_dev);
	return err;
}

void vfio_containers_exit(void)
{
	vfio_unregister_iommu_driver(&vfio_noiommu_ops);
	misc_deregister(&vfio_container_dev);
}
