// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: devices.
 *
 * A vfio_device is allocated by its driver (vfio_alloc_device()), its
 * memory owned by the embedded struct device.  Registration makes it
 * reachable (its group, its cdev node, the group's device list) and
 * starts the registration refcount at 1; every file of the device and
 * every lookup in flight holds one more.  Unregistration first makes the
 * device unreachable, then drops the initial reference and waits for the
 * others, asking the driver (->request) to get its users to let go.
 *
 * open_device() runs on the 0->1 transition of open_count and
 * close_device() on 1->0, both under the device set's lock; the group
 * path may open a device many times, the cdev path once.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/xarray.h>

#include "vfio.h"

/* the magic of the pseudo filesystem of the devices' inodes: "VFIO" */
#define VFIO_MAGIC	0x5646494f

static struct {
	struct ida	device_ida;
	struct class	*device_class;
	struct vfsmount	*vfs_mount;
	int		fs_count;
} vfio;

#ifdef CONFIG_VFIO_NOIOMMU
bool vfio_noiommu;
module_param_named(enable_unsafe_noiommu_mode, vfio_noiommu, bool, 0644);
MODULE_PARM_DESC(enable_unsafe_noiommu_mode,
		 "Enable UNSAFE, no-IOMMU mode: no isolation, no translation, requires CAP_SYS_RAWIO, taints the kernel. (default: false)");
#endif

static char *vfio_naming_param = "vfiox";
module_param_named(naming, vfio_naming_param, charp, 0444);
MODULE_PARM_DESC(naming,
		 "Device node names: vfiox (vfio/devices/vfioX), devname (vfio/devices/<dev_name>) or subdir (vfio/<bus>/<dev_name>). (default: vfiox)");

static int vfio_parse_naming(const char *name)
{
	if (!name || !strcmp(name, "vfiox"))
		return VFIO_NAMING_VFIOX;
	if (!strcmp(name, "devname"))
		return VFIO_NAMING_DEVNAME;
	if (!strcmp(name, "subdir"))
		return VFIO_NAMING_SUBDIR;
	return -EINVAL;
}

/* Read-only once loaded (0444): the value init accepted. */
enum vfio_naming vfio_device_naming(void)
{
	int naming = vfio_parse_naming(vfio_naming_param);

	return naming < 0 ? VFIO_NAMING_VFIOX : naming;
}

static DEFINE_XARRAY(vfio_device_set_xa);

int vfio_assign_device_set(struct vfio_device *device, void *set_id)
{
	unsigned long idx = (unsigned long)set_id;
	struct vfio_device_set *new_dev_set;
	struct vfio_device_set *dev_set;

	if (WARN_ON(!set_id))
		return -EINVAL;

	xa_lock(&vfio_device_set_xa);
	dev_set = xa_load(&vfio_device_set_xa, idx);
	if (dev_set)
		goto found;
	xa_unlock(&vfio_device_set_xa);

	new_dev_set = kzalloc(sizeof(*new_dev_set), GFP_KERNEL);
	if (!new_dev_set)
		return -ENOMEM;
	mutex_init(&new_dev_set->lock);
	INIT_LIST_HEAD(&new_dev_set->device_list);
	new_dev_set->set_id = set_id;

	/* someone may have inserted the set while we allocated */
	xa_lock(&vfio_device_set_xa);
	dev_set = __xa_cmpxchg(&vfio_device_set_xa, idx, NULL, new_dev_set,
			       GFP_KERNEL);
	if (!dev_set) {
		dev_set = new_dev_set;
		goto found;
	}
	mutex_destroy(&new_dev_set->lock);
	kfree(new_dev_set);
	if (xa_is_err(dev_set)) {
		xa_unlock(&vfio_device_set_xa);
		return xa_err(dev_set);
	}

found:
	dev_set->device_count++;
	xa_unlock(&vfio_device_set_xa);

	mutex_lock(&dev_set->lock);
	device->dev_set = dev_set;
	list_add_tail(&device->dev_set_list, &dev_set->device_list);
	mutex_unlock(&dev_set->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_assign_device_set);

static void vfio_release_device_set(struct vfio_device *device)
{
	struct vfio_device_set *dev_set = device->dev_set;

	if (!dev_set)
		return;

	mutex_lock(&dev_set->lock);
	list_del(&device->dev_set_list);
	mutex_unlock(&dev_set->lock);

	xa_lock(&vfio_device_set_xa);
	if (!--dev_set->device_count) {
		__xa_erase(&vfio_device_set_xa, (unsigned long)dev_set->set_id);
		mutex_destroy(&dev_set->lock);
		kfree(dev_set);
	}
	xa_unlock(&vfio_device_set_xa);
}

unsigned int vfio_device_set_open_count(struct vfio_device_set *dev_set)
{
	struct vfio_device *cur;
	unsigned int open_count = 0;

	lockdep_assert_held(&dev_set->lock);

	list_for_each_entry(cur, &dev_set->device_list, dev_set_list)
		open_count += cur->open_count;
	return open_count;
}
EXPORT_SYMBOL_GPL(vfio_device_set_open_count);

struct vfio_device *
vfio_find_device_in_devset(struct vfio_device_set *dev_set,
			   struct device *dev)
{
	struct vfio_device *cur;

	lockdep_assert_held(&dev_set->lock);

	list_for_each_entry(cur, &dev_set->device_list, dev_set_list)
		if (cur->dev == dev)
			return cur;
	return NULL;
}
EXPORT_SYMBOL_GPL(vfio_find_device_in_devset);

void vfio_device_put_registration(struct vfio_device *device)
{
	if (refcount_dec_and_test(&device->refcount))
		complete(&device->comp);
}

/* Fails before registration completes and once unregister dropped it. */
bool vfio_device_try_get_registration(struct vfio_device *device)
{
	return refcount_inc_not_zero(&device->refcount);
}

/* The last put_device() of the class device: the memory goes. */
static void vfio_device_release(struct device *dev)
{
	struct vfio_device *device =
		container_of(dev, struct vfio_device, device);

	vfio_release_device_set(device);
	ida_free(&vfio.device_ida, device->index);
	if (device->ops->release)
		device->ops->release(device);
	iput(device->inode);
	simple_release_fs(&vfio.vfs_mount, &vfio.fs_count);
	kvfree(device);
}

static int vfio_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, VFIO_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type vfio_fs_type = {
	.name = "vfio",
	.owner = THIS_MODULE,
	.init_fs_context = vfio_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

/*
 * One inode per device, whose mapping every file of the device shares,
 * so that the device's mmaps can be zapped all at once.
 */
static struct inode *vfio_fs_inode_new(void)
{
	struct inode *inode;
	int ret;

	ret = simple_pin_fs(&vfio_fs_type, &vfio.vfs_mount, &vfio.fs_count);
	if (ret)
		return ERR_PTR(ret);

	inode = alloc_anon_inode(vfio.vfs_mount->mnt_sb);
	if (IS_ERR(inode))
		simple_release_fs(&vfio.vfs_mount, &vfio.fs_count);
	return inode;
}

static int vfio_init_device(struct vfio_device *device, struct device *dev,
			    const struct vfio_device_ops *ops)
{
	int ret;

	ret = ida_alloc_max(&vfio.device_ida, MINORMASK, GFP_KERNEL);
	if (ret < 0)
		return ret;

	device->index = ret;
	init_completion(&device->comp);
	device->dev = dev;
	device->ops = ops;
	device->inode = vfio_fs_inode_new();
	if (IS_ERR(device->inode)) {
		ret = PTR_ERR(device->inode);
		goto out_inode;
	}

	if (ops->init) {
		ret = ops->init(device);
		if (ret)
			goto out_uninit;
	}

	/* registration refcount stays 0 until register is done */
	device_initialize(&device->device);
	device->device.release = vfio_device_release;
	device->device.class = vfio.device_class;
	device->device.parent = device->dev;
	return 0;

out_uninit:
	iput(device->inode);
	simple_release_fs(&vfio.vfs_mount, &vfio.fs_count);
out_inode:
	/* init may have put the device in a set */
	vfio_release_device_set(device);
	ida_free(&vfio.device_ida, device->index);
	return ret;
}

struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops)
{
	struct vfio_device *device;
	int ret;

	if (WARN_ON(size < sizeof(struct vfio_device)))
		return ERR_PTR(-EINVAL);

	device = kvzalloc(size, GFP_KERNEL);
	if (!device)
		return ERR_PTR(-ENOMEM);

	ret = vfio_init_device(device, dev, ops);
	if (ret) {
		kvfree(device);
		return ERR_PTR(ret);
	}
	return device;
}
EXPORT_SYMBOL_GPL(_vfio_alloc_device);

static int __vfio_register_dev(struct vfio_device *device,
			       enum vfio_group_type type)
{
	int ret;

	if (WARN_ON(IS_ENABLED(CONFIG_IOMMUFD) &&
		    (!device->ops->bind_iommufd ||
		     !device->ops->unbind_iommufd ||
		     !device->ops->attach_ioas ||
		     !device->ops->detach_ioas)))
		return -EINVAL;

	/* no set given by the driver: a set of its own */
	if (!device->dev_set) {
		ret = vfio_assign_device_set(device, device);
		if (ret)
			return ret;
	}

	ret = dev_set_name(&device->device, "vfio%d", device->index);
	if (ret)
		return ret;

	ret = vfio_device_set_group(device, type);
	if (ret)
		return ret;

	if (type == VFIO_IOMMU && !vfio_device_is_noiommu(device) &&
	    !device_iommu_capable(device->dev, IOMMU_CAP_CACHE_COHERENCY)) {
		ret = -EINVAL;
		goto err_remove_group;
	}

	/* the node exists from here, but opens fail until refcount is set */
	ret = vfio_device_add(device);
	if (ret)
		goto err_remove_group;

	refcount_set(&device->refcount, 1);

	/* only now can GET_DEVICE_FD find it */
	vfio_device_group_register(device);
	return 0;

err_remove_group:
	vfio_device_remove_group(device);
	return ret;
}

int vfio_register_group_dev(struct vfio_device *device)
{
	return __vfio_register_dev(device, VFIO_IOMMU);
}
EXPORT_SYMBOL_GPL(vfio_register_group_dev);

int vfio_register_emulated_iommu_dev(struct vfio_device *device)
{
	return __vfio_register_dev(device, VFIO_EMULATED_IOMMU);
}
EXPORT_SYMBOL_GPL(vfio_register_emulated_iommu_dev);

/* The wait between two ->request() calls (10 s in the kernel). */
#define VFIO_UNREGISTER_WAIT	(HZ * 10)

void vfio_unregister_group_dev(struct vfio_device *device)
{
	unsigned int i = 0;
	bool interrupted = false;
	long rc;

	/*
	 * Unreachable first, so that no new lookup (GET_DEVICE_FD) or open
	 * of the node can take a registration reference while we wait:
	 * else a busy user could keep us waiting forever.
	 */
	vfio_device_group_unregister(device);
	vfio_device_del(device);

	vfio_device_put_registration(device);
	rc = try_wait_for_completion(&device->comp);
	while (rc <= 0) {
		if (device->ops->request)
			device->ops->request(device, i++);

		/*
		 * Timed waits: the simulation ends one only when nothing else
		 * can run, the point where the kernel would ask again.
		 */
		if (interrupted) {
			rc = wait_for_completion_timeout(&device->comp,
							 VFIO_UNREGISTER_WAIT);
		} else {
			rc = wait_for_completion_interruptible_timeout(
				&device->comp, VFIO_UNREGISTER_WAIT);
			if (rc < 0) {
				interrupted = true;
				dev_warn(device->dev,
					 "Device is currently in use, task blocked until device is released\n");
			}
		}
	}

	vfio_device_remove_group(device);
}
EXPORT_SYMBOL_GPL(vfio_unregister_group_dev);

void vfio_device_get_kvm_safe(struct vfio_device *device, struct kvm *kvm)
{
	void (*pfn)(struct kvm *kvm);
	bool (*fn)(struct kvm *kvm);
	bool ret;

	lockdep_assert_held(&device->dev_set->lock);

	if (!kvm)
		return;

	/* kvm may be a module: its functions by symbol_get() */
	pfn = symbol_get(kvm_put_kvm);
	if (WARN_ON(!pfn))
		return;
	fn = symbol_get(kvm_get_kvm_safe);
	if (WARN_ON(!fn)) {
		symbol_put(kvm_put_kvm);
		return;
	}

	ret = fn(kvm);
	symbol_put(kvm_get_kvm_safe);
	if (!ret) {
		/* the VM is already being destroyed */
		symbol_put(kvm_put_kvm);
		return;
	}

	device->put_kvm = pfn;
	device->kvm = kvm;
}

void vfio_device_take_kvm(struct vfio_device *device,
			  struct vfio_kvm_ref *ref)
{
	lockdep_assert_held(&device->dev_set->lock);

	ref->kvm = device->kvm;
	ref->put_kvm = device->put_kvm;
	WARN_ON(ref->kvm && !ref->put_kvm);
	device->kvm = NULL;
	device->put_kvm = NULL;
}

void vfio_kvm_ref_put(struct vfio_kvm_ref *ref)
{
	if (!ref->kvm || !ref->put_kvm)
		return;
	ref->put_kvm(ref->kvm);
	symbol_put(kvm_put_kvm);
	ref->kvm = NULL;
	ref->put_kvm = NULL;
}

static bool vfio_assert_device_open(struct vfio_device *device)
{
	return !WARN_ON_ONCE(!READ_ONCE(device->open_count));
}

struct vfio_device_file *
vfio_allocate_device_file(struct vfio_device *device)
{
	struct vfio_device_file *df;

	df = kzalloc(sizeof(*df), GFP_KERNEL_ACCOUNT);
	if (!df)
		return ERR_PTR(-ENOMEM);

	df->device = device;
	spin_lock_init(&df->kvm_ref_lock);
	return df;
}

static int vfio_df_device_first_open(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct iommufd_ctx *iommufd = df->iommufd;
	int ret;

	lockdep_assert_held(&device->dev_set->lock);

	if (!try_module_get(device->dev->driver->owner))
		return -ENODEV;

	if (iommufd)
		ret = vfio_df_iommufd_bind(df);
	else
		ret = vfio_device_group_use_iommu(device);
	if (ret)
		goto err_module_put;

	if (device->ops->open_device) {
		ret = device->ops->open_device(device);
		if (ret)
			goto err_unuse_iommu;
	}
	return 0;

err_unuse_iommu:
	if (iommufd)
		vfio_df_iommufd_unbind(df);
	else
		vfio_device_group_unuse_iommu(device);
err_module_put:
	module_put(device->dev->driver->owner);
	return ret;
}

static void vfio_df_device_last_close(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;

	lockdep_assert_held(&device->dev_set->lock);

	if (device->ops->close_device)
		device->ops->close_device(device);
	if (df->iommufd)
		vfio_df_iommufd_unbind(df);
	else
		vfio_device_group_unuse_iommu(device);
	module_put(device->dev->driver->owner);
}

int vfio_df_open(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	int ret = 0;

	lockdep_assert_held(&device->dev_set->lock);

	/*
	 * Only the group path may open an open device again: its single
	 * group file vouches for the opener, a cdev file cannot.
	 */
	if (device->open_count != 0 && !df->group)
		return -EINVAL;

	device->open_count++;
	if (device->open_count == 1) {
		ret = vfio_df_device_first_open(df);
		if (ret)
			device->open_count--;
	}
	return ret;
}

void vfio_df_close(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;

	lockdep_assert_held(&device->dev_set->lock);

	if (!vfio_assert_device_open(device))
		return;
	if (device->open_count == 1)
		vfio_df_device_last_close(df);
	device->open_count--;
}

static int vfio_device_pm_runtime_get(struct vfio_device *device)
{
	struct device *dev = device->dev;

	if (dev->driver && dev->driver->pm) {
		int ret = pm_runtime_resume_and_get(dev);

		if (ret)
			return -EIO;
	}
	return 0;
}

static void vfio_device_pm_runtime_put(struct vfio_device *device)
{
	struct device *dev = device->dev;

	if (dev->driver && dev->driver->pm)
		pm_runtime_put(dev);
}

static int vfio_device_fops_release(struct inode *inode, struct file *filep)
{
	struct vfio_device_file *df = filep->private_data;
	struct vfio_device *device = df->device;

#ifndef VFIO_MODEL_RFC2021
	/* how the file was opened is the file's own, immutable, business */
	if (df->group)
		vfio_df_group_close(df);
	else
		vfio_df_unbind_iommufd(df);
#else
	/*
	 * The 2021 RFC infers how the file was opened from the group's
	 * state now: a container means the group path.
	 */
	if (vfio_device_in_container(device)) {
		vfio_df_group_close(df);
	} else {
		vfio_df_unbind_iommufd(df);
		module_put(device->dev->driver->owner);
		atomic_dec(&device->opened);
		if (device->group)
			vfio_group_close_opened(device->group);
	}
#endif

	/* may end unregister's wait */
	vfio_device_put_registration(device);
	kfree(df);
	return 0;
}

static int vfio_ioctl_device_feature(struct vfio_device *device,
				     struct vfio_device_feature __user *arg)
{
	size_t minsz = offsetofend(struct vfio_device_feature, flags);
	struct vfio_device_feature feature;

	if (copy_from_user(&feature, arg, minsz))
		return -EFAULT;
	if (feature.argsz < minsz)
		return -EINVAL;

	/* exactly one of GET/SET, optionally PROBE; nothing else */
	if (feature.flags & ~(VFIO_DEVICE_FEATURE_MASK |
			      VFIO_DEVICE_FEATURE_SET |
			      VFIO_DEVICE_FEATURE_GET |
			      VFIO_DEVICE_FEATURE_PROBE))
		return -EINVAL;
	if (!(feature.flags & VFIO_DEVICE_FEATURE_PROBE) &&
	    (feature.flags & VFIO_DEVICE_FEATURE_SET) &&
	    (feature.flags & VFIO_DEVICE_FEATURE_GET))
		return -EINVAL;

	/* migration and dirty tracking are not modelled: driver features */
	if (!device->ops->device_feature)
		return -ENOTTY;
	return device->ops->device_feature(device, feature.flags,
					   arg->data, feature.argsz - minsz);
}

static long vfio_device_fops_unl_ioctl(struct file *filep, unsigned int cmd,
				       unsigned long arg)
{
	struct vfio_device_file *df = filep->private_data;
	struct vfio_device *device = df->device;
	void __user *uptr = (void __user *)arg;
	long ret;

	/* the one ioctl an unbound cdev file may use */
	if (cmd == VFIO_DEVICE_BIND_IOMMUFD)
		return vfio_df_ioctl_bind_iommufd(df, uptr);

	if (!smp_load_acquire(&df->access_granted))
		return -EINVAL;

	ret = vfio_device_pm_runtime_get(device);
	if (ret)
		return ret;

	if (!df->group) {
		switch (cmd) {
		case VFIO_DEVICE_ATTACH_IOMMUFD_PT:
			ret = vfio_df_ioctl_attach_pt(df, uptr);
			goto out;
		case VFIO_DEVICE_DETACH_IOMMUFD_PT:
			ret = vfio_df_ioctl_detach_pt(df, uptr);
			goto out;
		}
	}

	switch (cmd) {
	case VFIO_DEVICE_FEATURE:
		ret = vfio_ioctl_device_feature(device, uptr);
		break;
	default:
		if (unlikely(!device->ops->ioctl))
			ret = -EINVAL;
		else
			ret = device->ops->ioctl(device, cmd, arg);
		break;
	}
out:
	vfio_device_pm_runtime_put(device);
	return ret;
}

static ssize_t vfio_device_fops_read(struct file *filep, char __user *buf,
				     size_t count, loff_t *ppos)
{
	struct vfio_device_file *df = filep->private_data;
	struct vfio_device *device = df->device;

	if (!smp_load_acquire(&df->access_granted))
		return -EINVAL;
	if (unlikely(!device->ops->read))
		return -EINVAL;
	return device->ops->read(device, buf, count, ppos);
}

static ssize_t vfio_device_fops_write(struct file *filep,
				      const char __user *buf, size_t count,
				      loff_t *ppos)
{
	struct vfio_device_file *df = filep->private_data;
	struct vfio_device *device = df->device;

	if (!smp_load_acquire(&df->access_granted))
		return -EINVAL;
	if (unlikely(!device->ops->write))
		return -EINVAL;
	return device->ops->write(device, buf, count, ppos);
}

static int vfio_device_fops_mmap(struct file *filep,
				 struct vm_area_struct *vma)
{
	struct vfio_device_file *df = filep->private_data;
	struct vfio_device *device = df->device;

	if (!smp_load_acquire(&df->access_granted))
		return -EINVAL;
	if (unlikely(!device->ops->mmap))
		return -EINVAL;
	return device->ops->mmap(device, vma);
}

const struct file_operations vfio_device_fops = {
	.owner		= THIS_MODULE,
	.open		= vfio_device_fops_cdev_open,
	.release	= vfio_device_fops_release,
	.read		= vfio_device_fops_read,
	.write		= vfio_device_fops_write,
	.unlocked_ioctl	= vfio_device_fops_unl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= vfio_device_fops_mmap,
};

static struct vfio_device *vfio_device_from_file(struct file *file)
{
	struct vfio_device_file *df = file->private_data;

	if (file->f_op != &vfio_device_fops)
		return NULL;
	return df->device;
}

bool vfio_file_is_valid(struct file *file)
{
	return vfio_group_from_file(file) || vfio_device_from_file(file);
}
EXPORT_SYMBOL_GPL(vfio_file_is_valid);

bool vfio_file_enforced_coherent(struct file *file)
{
	struct vfio_device *device;
	struct vfio_group *group;

	group = vfio_group_from_file(file);
	if (group)
		return vfio_group_enforced_coherent(group);

	device = vfio_device_from_file(file);
	if (device)
		return device_iommu_capable(device->dev,
					    IOMMU_CAP_ENFORCE_CACHE_COHERENCY);
	return true;
}
EXPORT_SYMBOL_GPL(vfio_file_enforced_coherent);

static void vfio_device_file_set_kvm(struct file *file, struct kvm *kvm)
{
	struct vfio_device_file *df = file->private_data;

	spin_lock(&df->kvm_ref_lock);
	df->kvm = kvm;
	spin_unlock(&df->kvm_ref_lock);
}

/*
 * The KVM the file's devices will take a reference on at their next
 * first open (group) or bind (cdev).  Called under kvm->lock: only the
 * kvm_ref_lock spinlocks, never group_lock or a dev_set lock.
 */
void vfio_file_set_kvm(struct file *file, struct kvm *kvm)
{
	struct vfio_group *group;

	group = vfio_group_from_file(file);
	if (group)
		vfio_group_set_kvm(group, kvm);

	if (vfio_device_from_file(file))
		vfio_device_file_set_kvm(file, kvm);
}
EXPORT_SYMBOL_GPL(vfio_file_set_kvm);

static int __init vfio_init(void)
{
	int ret;

	if (vfio_parse_naming(vfio_naming_param) < 0) {
		pr_err("vfio: naming=%s: expected vfiox, devname or subdir\n",
		       vfio_naming_param);
		return -EINVAL;
	}

	ida_init(&vfio.device_ida);

	ret = vfio_group_init();
	if (ret)
		return ret;

	/* /sys/class/vfio-dev/vfioX */
	vfio.device_class = class_create("vfio-dev");
	if (IS_ERR(vfio.device_class)) {
		ret = PTR_ERR(vfio.device_class);
		goto err_group;
	}

	ret = vfio_cdev_init(vfio.device_class);
	if (ret)
		goto err_class;
	return 0;

err_class:
	class_destroy(vfio.device_class);
	vfio.device_class = NULL;
err_group:
	vfio_group_cleanup();
	return ret;
}

static void __exit vfio_cleanup(void)
{
	ida_destroy(&vfio.device_ida);
	vfio_cdev_cleanup();
	class_destroy(vfio.device_class);
	vfio.device_class = NULL;
	vfio_group_cleanup();
	xa_destroy(&vfio_device_set_xa);
}

module_init(vfio_init);
module_exit(vfio_cleanup);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("vfio-sim's model of the VFIO core");
