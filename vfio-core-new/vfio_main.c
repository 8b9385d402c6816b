// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: the device.
 *
 * Life of a vfio_device (vfio-semantics.md 2.2-2.4, state machine 9):
 *
 *   allocated --register--> registered --unregister--> gone
 *
 * Its memory lives as long as device->device has references; its
 * registration count (device->refcount) is 0 outside "registered" and
 * is what every open file and in-flight lookup holds, so unregister can
 * wait for them.  Whether the device is open is open_count, under
 * dev_set->lock: open_device() runs on its way up from 0, close_device()
 * on its way back (P5, P6).  Which files may open it is decided by the
 * group (group.c) and cdev (device_cdev.c) paths before they get here.
 */
#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vfio.h>

#include "vfio.h"

bool vfio_noiommu;
module_param_named(enable_unsafe_noiommu_mode, vfio_noiommu, bool, 0644);
MODULE_PARM_DESC(enable_unsafe_noiommu_mode,
		 "Allow devices without an IOMMU (no isolation, taints)");

static char *vfio_naming_param = "vfiox";
module_param_named(naming, vfio_naming_param, charp, 0444);
MODULE_PARM_DESC(naming,
		 "Device node names: vfiox (default), devname or subdir");

static const char *const vfio_naming_names[] = {
	[VFIO_NAMING_VFIOX] = "vfiox",
	[VFIO_NAMING_DEVNAME] = "devname",
	[VFIO_NAMING_SUBDIR] = "subdir",
};

static enum vfio_naming vfio_naming_chosen;
static struct class *vfio_dev_class;
/* device->index: the vfioX name and the cdev minor */
static DEFINE_IDA(vfio_index_ida);
/* all device sets, and every set's device_count */
static DEFINE_MUTEX(vfio_sets_lock);
static LIST_HEAD(vfio_sets);

enum vfio_naming vfio_naming_policy(void)
{
	return vfio_naming_chosen;
}

/* --- device sets ---------------------------------------------------------- */

static struct vfio_device_set *vfio_set_lookup(void *set_id)
{
	struct vfio_device_set *set;

	lockdep_assert_held(&vfio_sets_lock);
	list_for_each_entry(set, &vfio_sets, all_sets)
		if (set->set_id == set_id)
			return set;
	return NULL;
}

/*
 * Put @device in the set named by @set_id, making the set on first use.
 * Counted before it is listed, unlisted before it is uncounted: the
 * list never has more members than device_count says.
 */
int vfio_assign_device_set(struct vfio_device *device, void *set_id)
{
	struct vfio_device_set *set;

	if (WARN_ON(!set_id))
		return -EINVAL;

	mutex_lock(&vfio_sets_lock);
	set = vfio_set_lookup(set_id);
	if (!set) {
		set = kzalloc(sizeof(*set), GFP_KERNEL);
		if (!set) {
			mutex_unlock(&vfio_sets_lock);
			return -ENOMEM;
		}
		set->set_id = set_id;
		mutex_init(&set->lock);
		INIT_LIST_HEAD(&set->device_list);
		list_add_tail(&set->all_sets, &vfio_sets);
	}
	set->device_count++;
	mutex_unlock(&vfio_sets_lock);

	mutex_lock(&set->lock);
	device->dev_set = set;
	list_add_tail(&device->dev_set_list, &set->device_list);
	mutex_unlock(&set->lock);
	return 0;
}

static void vfio_leave_device_set(struct vfio_device *device)
{
	struct vfio_device_set *set = device->dev_set;

	if (!set)
		return;

	mutex_lock(&set->lock);
	list_del(&device->dev_set_list);
	mutex_unlock(&set->lock);

	mutex_lock(&vfio_sets_lock);
	if (--set->device_count == 0) {
		list_del(&set->all_sets);
		mutex_destroy(&set->lock);
		kfree(set);
	}
	mutex_unlock(&vfio_sets_lock);
}

unsigned int vfio_device_set_open_count(struct vfio_device_set *dev_set)
{
	struct vfio_device *member;
	unsigned int sum = 0;

	lockdep_assert_held(&dev_set->lock);
	list_for_each_entry(member, &dev_set->device_list, dev_set_list)
		sum += member->open_count;
	return sum;
}

struct vfio_device *
vfio_find_device_in_devset(struct vfio_device_set *dev_set,
			   struct device *dev)
{
	struct vfio_device *member;

	lockdep_assert_held(&dev_set->lock);
	list_for_each_entry(member, &dev_set->device_list, dev_set_list)
		if (member->dev == dev)
			return member;
	return NULL;
}

/* --- allocation ---------------------------------------------------------- */

/* The last reference to device->device: the object goes. */
static void vfio_device_free(struct device *dev)
{
	struct vfio_device *device = container_of(dev, struct vfio_device,
						  device);

	vfio_leave_device_set(device);
	ida_free(&vfio_index_ida, device->index);
	if (device->ops->release)
		device->ops->release(device);
	kvfree(device);
}

struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops)
{
	struct vfio_device *device;
	int index, err;

	/* the driver's structure must hold a whole vfio_device */
	if (WARN_ON(size < sizeof(*device)))
		return ERR_PTR(-EINVAL);

	device = kvzalloc(size, GFP_KERNEL);
	if (!device)
		return ERR_PTR(-ENOMEM);

	index = ida_alloc_max(&vfio_index_ida, MINORMASK, GFP_KERNEL);
	if (index < 0) {
		err = index;
		goto out_free;
	}
	device->index = index;
	device->dev = dev;
	device->ops = ops;
	init_completion(&device->comp);

	/* the driver's part; it may join a device set */
	err = ops->init ? ops->init(device) : 0;
	if (err) {
		vfio_leave_device_set(device);
		ida_free(&vfio_index_ida, index);
		goto out_free;
	}

	/* from here on put_device() frees, through vfio_device_free() */
	device_initialize(&device->device);
	device->device.release = vfio_device_free;
	device->device.class = vfio_dev_class;
	device->device.parent = dev;
	return device;

out_free:
	kvfree(device);
	return ERR_PTR(err);
}

/* --- registration -------------------------------------------------------- */

bool vfio_registration_tryget(struct vfio_device *device)
{
	return refcount_inc_not_zero(&device->refcount);
}

void vfio_registration_put(struct vfio_device *device)
{
	if (refcount_dec_and_test(&device->refcount))
		complete(&device->comp);
}

/*
 * Registration makes the device reachable in three steps, each one
 * enabling a way in: the group node, the cdev node (whose opens fail
 * until the registration count is set), the group's name lookup.
 */
static int vfio_register(struct vfio_device *device,
			 enum vfio_group_type type)
{
	const struct vfio_device_ops *ops = device->ops;
	int err;

	/* every driver must be bindable through its cdev */
	if (WARN_ON(!ops->bind_iommufd || !ops->unbind_iommufd ||
		    !ops->attach_ioas || !ops->detach_ioas))
		return -EINVAL;

	/* alone unless the driver grouped it; a failure is not ignored */
	if (!device->dev_set) {
		err = vfio_assign_device_set(device, device);
		if (err)
			return err;
	}

	err = dev_set_name(&device->device, "vfio%u", device->index);
	if (err)
		return err;

	err = vfio_group_attach_device(device, type);
	if (err)
		return err;

	/* a DMA-capable device behind an IOMMU must snoop the caches */
	if (device->group->type == VFIO_IOMMU &&
	    !device_iommu_capable(device->dev, IOMMU_CAP_CACHE_COHERENCY)) {
		err = -EINVAL;
		goto out_group;
	}

	err = vfio_device_node_add(device);
	if (err)
		goto out_group;

	refcount_set(&device->refcount, 1);
	vfio_group_list_device(device);
	return 0;

out_group:
	vfio_group_detach_device(device);
	return err;
}

int vfio_register_group_dev(struct vfio_device *device)
{
	return vfio_register(device, VFIO_IOMMU);
}

int vfio_register_emulated_iommu_dev(struct vfio_device *device)
{
	return vfio_register(device, VFIO_EMULATED_IOMMU);
}

/*
 * Undo registration, the ways in closed first so that no new user can
 * keep the wait below going forever (P9): the name lookup, then the
 * cdev node.  Then wait for every file and lookup to let go, asking
 * the driver to get its user to close meanwhile.  Never gives up.
 */
void vfio_unregister_group_dev(struct vfio_device *device)
{
	unsigned int asked = 0;

	vfio_group_unlist_device(device);
	vfio_device_node_del(device);
	vfio_registration_put(device);

	while (!try_wait_for_completion(&device->comp)) {
		if (device->ops->request)
			device->ops->request(device, asked++);
		if (wait_for_completion_timeout(&device->comp, HZ * 10))
			break;
	}

	vfio_group_detach_device(device);
}

/* --- KVM ----------------------------------------------------------------- */

/*
 * P15: the device holds one reference on the VM its opener was given,
 * from the first open (group) or the bind (cdev) to the matching close.
 * A VM already being destroyed is not taken.
 */
void vfio_device_take_kvm(struct vfio_device *device, struct kvm *kvm)
{
	lockdep_assert_held(&device->dev_set->lock);
	if (kvm && kvm_get_kvm_safe(kvm))
		device->kvm = kvm;
}

void vfio_device_drop_kvm(struct vfio_device *device)
{
	struct kvm *kvm = device->kvm;

	lockdep_assert_held(&device->dev_set->lock);
	if (!kvm)
		return;
	device->kvm = NULL;
	/* a last put destroys the VM, which only takes kvm_ref_locks */
	kvm_put_kvm(kvm);
}

/* --- open count ---------------------------------------------------------- */

/*
 * P4: a cdev file is the device's only user, a group file may share it
 * with other group files (the one open group file vouches for them).
 */
static bool vfio_device_may_share(struct vfio_device_file *df)
{
	return df->device->open_count == 0 || df->group;
}

/* The DMA backend: the file's iommufd, or its group's container. */
static int vfio_device_backend_get(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	int err;

	if (df->iommufd)
		return vfio_df_bind_ictx(df);

	err = vfio_container_use(device->group);
	if (!err)
		vfio_container_add_device(device);
	return err;
}

static void vfio_device_backend_put(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;

	if (df->iommufd) {
		vfio_df_unbind_ictx(df);
		return;
	}
	vfio_container_remove_device(device);
	vfio_container_unuse(device->group);
}

/* 0 -> 1: pin the driver, connect the DMA backend, open_device() */
static int vfio_device_open_first(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	struct module *driver = device->dev->driver->owner;
	int err;

	if (!try_module_get(driver))
		return -ENODEV;

	err = vfio_device_backend_get(df);
	if (err)
		goto out_module;

	if (device->ops->open_device) {
		err = device->ops->open_device(device);
		if (err) {
			vfio_device_backend_put(df);
			goto out_module;
		}
	}
	return 0;

out_module:
	module_put(driver);
	return err;
}

/*
 * A file becomes a user of the device.  open_count includes the new
 * user while open_device() runs, as drivers counting their set's open
 * devices expect.  P7: a failed first open leaves open_count at 0.
 */
int vfio_device_use(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;
	int err;

	lockdep_assert_held(&device->dev_set->lock);
	if (!vfio_device_may_share(df))
		return -EINVAL;

	if (device->open_count++)
		return 0;

	err = vfio_device_open_first(df);
	if (err)
		device->open_count = 0;
	return err;
}

/* A user goes; the last one closes (open_count still 1 meanwhile). */
void vfio_device_unuse(struct vfio_device_file *df)
{
	struct vfio_device *device = df->device;

	lockdep_assert_held(&device->dev_set->lock);
	if (WARN_ON_ONCE(device->open_count == 0))
		return;

	if (device->open_count > 1) {
		device->open_count--;
		return;
	}

	if (device->ops->close_device)
		device->ops->close_device(device);
	vfio_device_backend_put(df);
	module_put(device->dev->driver->owner);
	device->open_count = 0;
}

/* --- device files -------------------------------------------------------- */

struct vfio_device_file *vfio_df_alloc(struct vfio_device *device)
{
	struct vfio_device_file *df = kzalloc(sizeof(*df), GFP_KERNEL);

	if (!df)
		return ERR_PTR(-ENOMEM);
	df->device = device;
	spin_lock_init(&df->kvm_ref_lock);
	return df;
}

/*
 * P10: the device behind a file whose open or bind completed, NULL
 * before; the acquire pairs with the store-release that granted it.
 */
static struct vfio_device *vfio_df_granted(struct file *filep)
{
	struct vfio_device_file *df = filep->private_data;

	return smp_load_acquire(&df->access_granted) ? df->device : NULL;
}

static int vfio_df_release(struct inode *inode, struct file *filep)
{
	struct vfio_device_file *df = filep->private_data;
	struct vfio_device *device = df->device;

#ifdef VFIO_MODEL_RFC2021
	vfio_df_unbind(df);	/* the RFC's one release, device_cdev.c */
#else
	if (df->group)
		vfio_group_df_close(df);
	else
		vfio_df_unbind(df);
#endif
	kfree(df);
	/* the last thing: unregister may free the device after this */
	vfio_registration_put(device);
	return 0;
}

static long vfio_df_ioctl(struct file *filep, unsigned int cmd,
			  unsigned long arg)
{
	struct vfio_device_file *df = filep->private_data;
	void __user *uarg = (void __user *)arg;
	struct vfio_device *device;

	/* the only ioctl of a file without access */
	if (cmd == VFIO_DEVICE_BIND_IOMMUFD)
		return vfio_df_bind(df, uarg);

	device = vfio_df_granted(filep);
	if (!device)
		return -EINVAL;

	/* IOAS attachment belongs to cdev files; group files pass it on */
	if (!df->group && cmd == VFIO_DEVICE_ATTACH_IOMMUFD_PT)
		return vfio_df_attach_pt(df, uarg);
	if (!df->group && cmd == VFIO_DEVICE_DETACH_IOMMUFD_PT)
		return vfio_df_detach_pt(df, uarg);

	if (!device->ops->ioctl)
		return -EINVAL;
	return device->ops->ioctl(device, cmd, arg);
}

static ssize_t vfio_df_read(struct file *filep, char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct vfio_device *device = vfio_df_granted(filep);

	if (!device || !device->ops->read)
		return -EINVAL;
	return device->ops->read(device, buf, count, ppos);
}

static ssize_t vfio_df_write(struct file *filep, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct vfio_device *device = vfio_df_granted(filep);

	if (!device || !device->ops->write)
		return -EINVAL;
	return device->ops->write(device, buf, count, ppos);
}

static int vfio_df_mmap(struct file *filep, struct vm_area_struct *vma)
{
	struct vfio_device *device = vfio_df_granted(filep);

	if (!device || !device->ops->mmap)
		return -EINVAL;
	return device->ops->mmap(device, vma);
}

const struct file_operations vfio_device_fops = {
	.owner		= THIS_MODULE,
	.open		= vfio_device_node_open,	/* the node's */
	.unlocked_ioctl	= vfio_df_ioctl,
	.compat_ioctl	= vfio_df_ioctl,
	.read		= vfio_df_read,
	.write		= vfio_df_write,
	.mmap		= vfio_df_mmap,
	.release	= vfio_df_release,
};

/* --- what other subsystems ask of a vfio file ---------------------------- */

static struct vfio_device_file *vfio_df_of_file(struct file *file)
{
	return file->f_op == &vfio_device_fops ? file->private_data : NULL;
}

bool vfio_file_is_valid(struct file *file)
{
	return vfio_group_of_file(file) || vfio_df_of_file(file);
}

bool vfio_file_is_group(struct file *file)
{
	return vfio_group_of_file(file) != NULL;
}

struct iommu_group *vfio_file_iommu_group(struct file *file)
{
	struct vfio_group *group = vfio_group_of_file(file);

	/* only group files, and not the made-up noiommu groups */
	if (!group || group->type == VFIO_NO_IOMMU)
		return NULL;
	return group->iommu_group;
}

bool vfio_file_enforced_coherent(struct file *file)
{
	struct vfio_group *group = vfio_group_of_file(file);
	struct vfio_device_file *df;

	if (group)
		return vfio_group_coherent(group);
	df = vfio_df_of_file(file);
	if (!df)
		return true;
	return device_iommu_capable(df->device->dev,
				    IOMMU_CAP_ENFORCE_CACHE_COHERENCY);
}

bool vfio_file_has_dev(struct file *file, struct vfio_device *device)
{
	struct vfio_group *group = vfio_group_of_file(file);

	return group && device->group == group;
}

/*
 * KVM tells a file which VM it belongs to; only the file's own spinlock
 * is taken, since KVM calls this under its own locks (bug B6).
 */
void vfio_file_set_kvm(struct file *file, struct kvm *kvm)
{
	struct vfio_group *group = vfio_group_of_file(file);
	struct vfio_device_file *df;

	if (group) {
		vfio_group_store_kvm(group, kvm);
		return;
	}
	df = vfio_df_of_file(file);
	if (!df)
		return;
	spin_lock(&df->kvm_ref_lock);
	df->kvm = kvm;
	spin_unlock(&df->kvm_ref_lock);
}

/* --- module -------------------------------------------------------------- */

static int vfio_parse_naming(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vfio_naming_names); i++) {
		if (vfio_naming_param &&
		    !strcmp(vfio_naming_param, vfio_naming_names[i])) {
			vfio_naming_chosen = i;
			return 0;
		}
	}
	pr_err("vfio: naming=%s: not one of vfiox, devname, subdir\n",
	       vfio_naming_param ?: "");
	return -EINVAL;
}

static int __init vfio_init(void)
{
	int err;

	err = vfio_parse_naming();
	if (err)
		return err;

	err = vfio_containers_init();
	if (err)
		return err;
	err = vfio_groups_init();
	if (err)
		goto out_containers;

	vfio_dev_class = class_create("vfio-dev");
	if (IS_ERR(vfio_dev_class)) {
		err = PTR_ERR(vfio_dev_class);
		goto out_groups;
	}
	err = vfio_device_nodes_init(vfio_dev_class);
	if (err)
		goto out_class;
	return 0;

out_class:
	class_destroy(vfio_dev_class);
out_groups:
	vfio_groups_exit();
out_containers:
	vfio_containers_exit();
	vfio_dev_class = NULL;
	return err;
}

static void __exit vfio_exit(void)
{
	vfio_device_nodes_exit();
	class_destroy(vfio_dev_class);
	vfio_dev_class = NULL;
	vfio_groups_exit();
	vfio_containers_exit();
	ida_destroy(&vfio_index_ida);
}

module_init(vfio_init);
module_exit(vfio_exit);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("vfio-sim's model of the VFIO core");
