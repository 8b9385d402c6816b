// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim's model of the vfio core: the device.
 *
 * Life of a vfio_device (docs/vfio-semantics.md 2.2-2.4, state machine 9):
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
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
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

/* The device side of the core. */
static struct {
	enum vfio_naming naming;	/* parsed from the parameter */
	struct class *class;		/* "vfio-dev" */
	struct ida index_ida;		/* vfioX, also the cdev minor */
	struct mutex sets_lock;		/* the sets, every device_count */
	struct list_head sets;
	struct vfsmount *mount;		/* of vfio_fs, while devices exist */
	int mount_users;
} vfio_devices = {
	.index_ida = IDA_INIT(vfio_devices.index_ida),
	.sets_lock = __MUTEX_INITIALIZER(vfio_devices.sets_lock),
	.sets = LIST_HEAD_INIT(vfio_devices.sets),
};

enum vfio_naming vfio_naming_policy(void)
{
	return vfio_devices.naming;
}

/* --- device sets ---------------------------------------------------------- */

static struct vfio_device_set *vfio_set_lookup(void *set_id)
{
	struct vfio_device_set *set;

	lockdep_assert_held(&vfio_devices.sets_lock);
	list_for_each_entry(set, &vfio_devices.sets, all_sets)
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

	mutex_lock(&vfio_devices.sets_lock);
	set = vfio_set_lookup(set_id);
	if (!set) {
		set = kzalloc(sizeof(*set), GFP_KERNEL);
		if (!set) {
			mutex_unlock(&vfio_devices.sets_lock);
			return -ENOMEM;
		}
		set->set_id = set_id;
		mutex_init(&set->lock);
		INIT_LIST_HEAD(&set->device_list);
		list_add_tail(&set->all_sets, &vfio_devices.sets);
	}
	set->device_count++;
	mutex_unlock(&vfio_devices.sets_lock);

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

	mutex_lock(&vfio_devices.sets_lock);
	if (--set->device_count == 0) {
		list_del(&set->all_sets);
		mutex_destroy(&set->lock);
		kfree(set);
	}
	mutex_unlock(&vfio_devices.sets_lock);
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

/* --- the devices' inodes ------------------------------------------------- */

/*
 * Every file of a device maps through one inode of the core's own
 * pseudo filesystem, so that the device's mmaps can all be zapped at
 * once (v6.10+).  The filesystem is mounted while any device exists.
 */
#define VFIO_FS_MAGIC	0x5646494f	/* "VFIO" */

static int vfio_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, VFIO_FS_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type vfio_fs = {
	.name		= "vfio",
	.owner		= THIS_MODULE,
	.init_fs_context = vfio_fs_context,
	.kill_sb	= kill_anon_super,
};

static struct inode *vfio_device_inode_new(void)
{
	struct inode *inode;
	int err;

	err = simple_pin_fs(&vfio_fs, &vfio_devices.mount,
			    &vfio_devices.mount_users);
	if (err)
		return ERR_PTR(err);
	inode = alloc_anon_inode(vfio_devices.mount->mnt_sb);
	if (IS_ERR(inode))
		simple_release_fs(&vfio_devices.mount,
				  &vfio_devices.mount_users);
	return inode;
}

static void vfio_device_inode_free(struct inode *inode)
{
	iput(inode);
	simple_release_fs(&vfio_devices.mount, &vfio_devices.mount_users);
}

/* --- allocation ---------------------------------------------------------- */

/* The last reference to device->device: the object goes. */
static void vfio_device_free(struct device *dev)
{
	struct vfio_device *device = container_of(dev, struct vfio_device,
						  device);

	vfio_leave_device_set(device);
	vfio_device_inode_free(device->inode);
	ida_free(&vfio_devices.index_ida, device->index);
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

	index = ida_alloc_max(&vfio_devices.index_ida, MINORMASK, GFP_KERNEL);
	if (index < 0) {
		err = index;
		goto out_free;
	}
	device->index = index;
	device->dev = dev;
	device->ops = ops;
	init_completion(&device->comp);

	device->inode = vfio_device_inode_new();
	if (IS_ERR(device->inode)) {
		err = PTR_ERR(device->inode);
		goto out_index;
	}

	/* the driver's part; it may join a device set */
	err = ops->init ? ops->init(device) : 0;
	if (err) {
		vfio_device_inode_free(device->inode);
		goto out_index;
	}

	/* from here on put_device() frees, through vfio_device_free() */
	device_initialize(&device->device);
	device->device.release = vfio_device_free;
	device->device.class = vfio_devices.class;
	device->device.parent = dev;
	return device;

out_index:
	vfio_leave_device_set(device);	/* init may have joined one */
	ida_free(&vfio_devices.index_ida, index);
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

/*
 * The device lets go of its VM under dev_set->lock; the caller puts the
 * reference with vfio_kvm_put() once it holds no vfio lock, since the
 * last put destroys the VM, and a kvm-vfio device torn down then calls
 * back into vfio_file_set_kvm() and puts our files (bug B5).
 */
struct kvm *vfio_device_untie_kvm(struct vfio_device *device)
{
	struct kvm *kvm = device->kvm;

	lockdep_assert_held(&device->dev_set->lock);
	device->kvm = NULL;
	return kvm;
}

void vfio_kvm_put(struct kvm *kvm)
{
	if (kvm)
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

/*
 * VFIO_DEVICE_FEATURE: the core checks the header.  Its own features
 * (migration, dirty logging) are not modelled: every feature is the
 * driver's, -ENOTTY when it has none, as for a device without them.
 */
static long vfio_device_feature(struct vfio_device *device,
				struct vfio_device_feature __user *arg)
{
	size_t hdr = offsetofend(struct vfio_device_feature, flags);
	u32 known = VFIO_DEVICE_FEATURE_MASK | VFIO_DEVICE_FEATURE_GET |
		    VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_PROBE;
	u32 get_set = VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET;
	struct vfio_device_feature feature;

	if (copy_from_user(&feature, arg, hdr))
		return -EFAULT;
	if (feature.argsz < hdr || (feature.flags & ~known))
		return -EINVAL;
	/* getting and setting at once only makes sense as a probe */
	if ((feature.flags & get_set) == get_set &&
	    !(feature.flags & VFIO_DEVICE_FEATURE_PROBE))
		return -EINVAL;

	if (!device->ops->device_feature)
		return -ENOTTY;
	return device->ops->device_feature(device, feature.flags, arg->data,
					   feature.argsz - hdr);
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

	if (cmd == VFIO_DEVICE_FEATURE)
		return vfio_device_feature(device, uarg);

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

/* Only spapr's KVM asks for it; the model has no spapr (as on x86). */
struct iommu_group *vfio_file_iommu_group(struct file *file)
{
	return NULL;
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
			vfio_devices.naming = i;
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

	vfio_devices.class = class_create("vfio-dev");
	if (IS_ERR(vfio_devices.class)) {
		err = PTR_ERR(vfio_devices.class);
		goto out_groups;
	}
	err = vfio_device_nodes_init(vfio_devices.class);
	if (err)
		goto out_class;
	return 0;

out_class:
	class_destroy(vfio_devices.class);
out_groups:
	vfio_groups_exit();
out_containers:
	vfio_containers_exit();
	vfio_devices.class = NULL;
	return err;
}

static void __exit vfio_exit(void)
{
	vfio_device_nodes_exit();
	class_destroy(vfio_devices.class);
	vfio_devices.class = NULL;
	vfio_groups_exit();
	vfio_containers_exit();
	ida_destroy(&vfio_devices.index_ida);
}

module_init(vfio_init);
module_exit(vfio_exit);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("vfio-sim's model of the VFIO core");
