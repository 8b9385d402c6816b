// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver core's struct device (drivers/base/core.c): initialisation,
 * names, registration into sysfs and devtmpfs, and the reference count
 * whose last put calls the device's release; and the per-execution hook
 * of the whole device model.  The messages are in dev_printk.c.
 *
 * Where the kernel's device_add() would only log a devtmpfs conflict,
 * this one fails with -EEXIST and undoes its work (see devtmpfs.c).  The
 * device lock is not taken by device_del(): the shims' lockdep has no
 * "novalidate" class, and nothing here probes drivers.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "shims/devices.h"
#include "base.h"

DEFINE_MUTEX(sim_subsys_lock);

/* --- names --------------------------------------------------------------- */

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list vargs;
	int err;

	va_start(vargs, fmt);
	err = kobject_set_name_vargs(&dev->kobj, fmt, vargs);
	va_end(vargs);
	return err;
}

const char *dev_driver_string(const struct device *dev)
{
	const struct device_driver *drv = READ_ONCE(dev->driver);

	if (drv)
		return drv->name;
	if (dev->bus)
		return dev->bus->name;
	if (dev->class)
		return dev->class->name;
	return "";
}

const char *device_get_devnode(const struct device *dev, umode_t *mode,
			       const char **tmp)
{
	char *s;

	*tmp = NULL;
	*mode = 0;
	if (dev->class && dev->class->devnode) {
		s = dev->class->devnode(dev, mode);
		if (s) {
			*tmp = s;
			return s;
		}
	}
	if (!strchr(dev_name(dev), '!'))
		return dev_name(dev);
	s = kstrdup(dev_name(dev), GFP_KERNEL);
	if (!s)
		return NULL;
	strreplace(s, '!', '/');
	*tmp = s;
	return s;
}

/* --- the attributes every device has ------------------------------------- */

static ssize_t uevent_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	int n = 0;

	if (MAJOR(dev->devt)) {
		const char *tmp;
		const char *name;
		umode_t mode;

		n += sysfs_emit_at(buf, n, "MAJOR=%u\nMINOR=%u\n",
				   MAJOR(dev->devt), MINOR(dev->devt));
		name = device_get_devnode(dev, &mode, &tmp);
		if (name) {
			n += sysfs_emit_at(buf, n, "DEVNAME=%s\n", name);
			if (mode)
				n += sysfs_emit_at(buf, n, "DEVMODE=%#o\n",
						   mode & 0777);
			kfree(tmp);
		}
	}
	if (dev->type && dev->type->name)
		n += sysfs_emit_at(buf, n, "DEVTYPE=%s\n", dev->type->name);
	if (dev->driver)
		n += sysfs_emit_at(buf, n, "DRIVER=%s\n", dev->driver->name);
	return n;
}
static DEVICE_ATTR_RO(uevent);

static ssize_t dev_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%u:%u\n", MAJOR(dev->devt), MINOR(dev->devt));
}
static DEVICE_ATTR_RO(dev);

int device_create_file(struct device *dev,
		       const struct device_attribute *attr)
{
	if (!dev)
		return -EINVAL;
	WARN(((attr->attr.mode & 0222) && !attr->store),
	     "Attribute %s: write permission without 'store'\n",
	     attr->attr.name);
	WARN(((attr->attr.mode & 0444) && !attr->show),
	     "Attribute %s: read permission without 'show'\n",
	     attr->attr.name);
	return kn_create_attr(dev->kobj.sd, dev, attr);
}

void device_remove_file(struct device *dev,
			const struct device_attribute *attr)
{
	if (dev)
		kn_remove_name(dev->kobj.sd, attr->attr.name);
}

static int add_group(struct device *dev, const struct attribute_group *grp)
{
	struct kernfs_node *dir = dev->kobj.sd;
	struct attribute **attr;
	int err = 0;

	if (grp->name) {
		err = kn_create_dir(dir, grp->name, &dir);
		if (err)
			return err;
	}
	for (attr = grp->attrs; attr && *attr; attr++) {
		struct device_attribute *da =
			container_of(*attr, struct device_attribute, attr);

		if (grp->is_visible &&
		    !grp->is_visible(&dev->kobj, *attr, attr - grp->attrs))
			continue;
		err = kn_create_attr(dir, dev, da);
		if (err)
			break;
	}
	/* on failure, take back the ones before the failed one */
	if (err && !grp->name) {
		while (attr-- > grp->attrs)
			kn_remove_name(dir, (*attr)->name);
	} else if (err) {
		kn_remove_dir(dir);
	} else if (grp->name) {
		kn_put(dir);
	}
	return err;
}

static void remove_group(struct device *dev, const struct attribute_group *grp)
{
	struct attribute **attr;

	if (grp->name) {
		kn_remove_name(dev->kobj.sd, grp->name);
		return;
	}
	for (attr = grp->attrs; attr && *attr; attr++)
		kn_remove_name(dev->kobj.sd, (*attr)->name);
}

int device_add_groups(struct device *dev,
		      const struct attribute_group **groups)
{
	int i, err;

	for (i = 0; groups && groups[i]; i++) {
		err = add_group(dev, groups[i]);
		if (err) {
			while (--i >= 0)
				remove_group(dev, groups[i]);
			return err;
		}
	}
	return 0;
}

void device_remove_groups(struct device *dev,
			  const struct attribute_group **groups)
{
	for (int i = 0; groups && groups[i]; i++)
		remove_group(dev, groups[i]);
}

static const struct attribute_group **class_dev_groups(struct device *dev)
{
	return dev->p->class_sp ? dev->class->dev_groups : NULL;
}

static int device_add_attrs(struct device *dev)
{
	const struct device_type *type = dev->type;
	int err;

	err = device_add_groups(dev, class_dev_groups(dev));
	if (err)
		return err;
	if (type) {
		err = device_add_groups(dev, type->groups);
		if (err)
			goto err_class;
	}
	err = device_add_groups(dev, dev->groups);
	if (err)
		goto err_type;
	return 0;

err_type:
	if (type)
		device_remove_groups(dev, type->groups);
err_class:
	device_remove_groups(dev, class_dev_groups(dev));
	return err;
}

static void device_remove_attrs(struct device *dev)
{
	device_remove_groups(dev, dev->groups);
	if (dev->type)
		device_remove_groups(dev, dev->type->groups);
	device_remove_groups(dev, class_dev_groups(dev));
}

/* --- life cycle ---------------------------------------------------------- */

static void device_release(struct kobject *kobj)
{
	struct device *dev = kobj_to_dev(kobj);
	struct device_private *p = dev->p;

	if (dev->release)
		dev->release(dev);
	else if (dev->type && dev->type->release)
		dev->type->release(dev);
	else if (dev->class && dev->class->dev_release)
		dev->class->dev_release(dev);
	else
		WARN(1, "Device '%s' does not have a release() function, it "
		     "is broken and must be fixed.", dev_name(dev));
	kfree(p);
}

static const struct kobj_type device_ktype = {
	.release = device_release,
};

void device_initialize(struct device *dev)
{
	kobject_init(&dev->kobj, &device_ktype);
	mutex_init(&dev->mutex);
}

static int device_private_init(struct device *dev)
{
	struct device_private *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	p->device = dev;
	INIT_LIST_HEAD(&p->knode_class);
	INIT_LIST_HEAD(&p->knode_bus);
	INIT_LIST_HEAD(&p->knode_parent);
	INIT_LIST_HEAD(&p->children);
	dev->p = p;
	return 0;
}

/*
 * The directory @dev goes in: a class device without a parent in
 * /sys/devices/virtual/<class>/, one whose parent is not of a class in a
 * "<class>" glue directory of its parent, one whose parent is of a class
 * right in the parent's; a parentless device of a simulated bus in that
 * bus's root directory; others in their parent's or /sys/devices.
 */
static struct kernfs_node *device_parent_dir(struct device *dev,
					     struct device *parent)
{
	struct device_private *p = dev->p;
	struct kernfs_node *kn;
	char buf[64];
	const char *glue;

	if (dev->class && class_is_registered(dev->class)) {
		if (!parent)
			kn = kn_top(SYSFS_VIRTUAL);
		else if (parent->class && !dev->class->ns_type)
			return parent->kobj.sd ?: ERR_PTR(-ENOENT);
		else
			kn = parent->kobj.sd;
		if (!kn)
			return ERR_PTR(-ENOENT);
		kn = kn_get_glue_dir(kn, dev->class->name);
		if (!IS_ERR(kn))
			p->glue = kn;
		return kn;
	}
	if (!parent && dev->bus) {
		glue = sim_bus_root_dir(dev, buf, sizeof(buf));
		if (glue) {
			kn = kn_get_glue_dir(kn_top(SYSFS_DEVICES), glue);
			if (!IS_ERR(kn))
				p->glue = kn;
			return kn;
		}
	}
	if (parent)
		return parent->kobj.sd ?: ERR_PTR(-ENOENT);
	return kn_top(SYSFS_DEVICES);
}

static int device_add_class_symlinks(struct device *dev)
{
	struct subsys_private *sp;
	int err;

	mutex_lock(&sim_subsys_lock);
	sp = class_to_subsys(dev->class);
	mutex_unlock(&sim_subsys_lock);
	if (!sp)
		return 0;

	err = kn_create_link(dev->kobj.sd, "subsystem", sp->dir);
	if (err)
		return err;
	if (dev->parent) {
		err = kn_create_link(dev->kobj.sd, "device",
				     dev->parent->kobj.sd);
		if (err)
			goto err_subsys;
	}
	/* the link in the class directory: a second name fails here */
	err = kn_create_link(sp->dir, dev_name(dev), dev->kobj.sd);
	if (err)
		goto err_device;
	dev->p->class_sp = sp;
	return 0;

err_device:
	kn_remove_name(dev->kobj.sd, "device");
err_subsys:
	kn_remove_name(dev->kobj.sd, "subsystem");
	return err;
}

static void device_remove_class_symlinks(struct device *dev)
{
	struct subsys_private *sp = dev->p->class_sp;

	if (!sp)
		return;
	kn_remove_name(dev->kobj.sd, "device");
	kn_remove_name(dev->kobj.sd, "subsystem");
	kn_remove_name(sp->dir, dev_name(dev));
}

static void devt_name(char *buf, dev_t devt)
{
	snprintf(buf, 16, "%u:%u", MAJOR(devt), MINOR(devt));
}

static int device_create_sys_dev_entry(struct device *dev)
{
	char name[16];

	devt_name(name, dev->devt);
	return kn_create_link(kn_top(SYSFS_DEV_CHAR), name, dev->kobj.sd);
}

static void device_remove_sys_dev_entry(struct device *dev)
{
	char name[16];

	devt_name(name, dev->devt);
	kn_remove_name(kn_top(SYSFS_DEV_CHAR), name);
}

int device_add(struct device *dev)
{
	struct device_private *p;
	struct kernfs_node *dir;
	struct device *parent;
	int error = -EINVAL;

	dev = get_device(dev);
	if (!dev)
		goto done;
	if (!dev->p) {
		error = device_private_init(dev);
		if (error)
			goto done;
	}
	p = dev->p;

	if (dev->init_name) {
		error = dev_set_name(dev, "%s", dev->init_name);
		dev->init_name = NULL;
	}
	if (dev_name(dev))
		error = 0;
	else if (dev->bus && dev->bus->dev_name)
		error = dev_set_name(dev, "%s%u", dev->bus->dev_name, dev->id);
	else
		error = -EINVAL;
	if (error)
		goto name_error;

	parent = get_device(dev->parent);
	dir = device_parent_dir(dev, parent);
	if (IS_ERR(dir)) {
		error = PTR_ERR(dir);
		goto parent_error;
	}
	dev->kobj.parent = parent ? &parent->kobj : NULL;
	error = kobject_add_in(&dev->kobj, dir);
	if (error)
		goto dir_error;

	error = device_create_file(dev, &dev_attr_uevent);
	if (error)
		goto attr_error;
	error = device_add_class_symlinks(dev);
	if (error)
		goto symlink_error;
	error = device_add_attrs(dev);
	if (error)
		goto attrs_error;
	error = bus_add_device(dev);
	if (error)
		goto bus_error;
	if (MAJOR(dev->devt)) {
		error = device_create_file(dev, &dev_attr_dev);
		if (error)
			goto devattr_error;
		error = device_create_sys_dev_entry(dev);
		if (error)
			goto sysentry_error;
		error = devtmpfs_create_node(dev);
		if (error)
			goto devtmpfs_error;
	}

	mutex_lock(&sim_subsys_lock);
	if (parent)
		list_add_tail(&p->knode_parent, &parent->p->children);
	if (p->class_sp)
		list_add_tail(&p->knode_class, &p->class_sp->devices);
	mutex_unlock(&sim_subsys_lock);
done:
	put_device(dev);
	return error;

devtmpfs_error:
	device_remove_sys_dev_entry(dev);
sysentry_error:
	device_remove_file(dev, &dev_attr_dev);
devattr_error:
	bus_remove_device(dev);
bus_error:
	device_remove_attrs(dev);
attrs_error:
	device_remove_class_symlinks(dev);
	p->class_sp = NULL;
symlink_error:
	device_remove_file(dev, &dev_attr_uevent);
attr_error:
	kobject_del(&dev->kobj);
dir_error:
	kn_put_glue_dir(p->glue);
	p->glue = NULL;
parent_error:
	put_device(parent);
name_error:
	kfree(p);
	dev->p = NULL;
	goto done;
}

int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}

void device_del(struct device *dev)
{
	struct device_private *p = dev->p;
	struct device *parent = dev->parent;
	struct kernfs_node *glue;

	if (WARN(!p || !dev->kobj.state_in_sysfs || p->dead,
		 "device_del() of '%s', which is not registered",
		 dev_name(dev) ?: "(no name)"))
		return;
	p->dead = true;

	mutex_lock(&sim_subsys_lock);
	if (parent)
		list_del_init(&p->knode_parent);
	if (p->class_sp)
		list_del_init(&p->knode_class);
	mutex_unlock(&sim_subsys_lock);

	if (MAJOR(dev->devt)) {
		devtmpfs_delete_node(dev);
		device_remove_sys_dev_entry(dev);
		device_remove_file(dev, &dev_attr_dev);
	}
	device_remove_class_symlinks(dev);
	device_remove_file(dev, &dev_attr_uevent);
	device_remove_attrs(dev);
	p->class_sp = NULL;
	bus_remove_device(dev);

	glue = p->glue;
	p->glue = NULL;
	kobject_del(&dev->kobj);
	kn_put_glue_dir(glue);
	put_device(parent);
}

void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}

struct device *__get_device(struct device *dev, const struct sim_loc *loc)
{
	return dev ? kobj_to_dev(__kobject_get(&dev->kobj, loc)) : NULL;
}

void __put_device(struct device *dev, const struct sim_loc *loc)
{
	if (dev)
		__kobject_put(&dev->kobj, loc);
}

#undef get_device
#undef put_device

struct device *get_device(struct device *dev)
{
	return __get_device(dev, SIM_AT("dev"));
}

void put_device(struct device *dev)
{
	__put_device(dev, SIM_AT("dev"));
}

/* --- devices the core allocates ------------------------------------------ */

static void device_create_release(struct device *dev)
{
	kfree(dev);
}

static __printf(6, 0) struct device *
device_create_groups_vargs(const struct class *class, struct device *parent,
			   dev_t devt, void *drvdata,
			   const struct attribute_group **groups,
			   const char *fmt, va_list args)
{
	struct device *dev;
	int err;

	if (IS_ERR_OR_NULL(class))
		return ERR_PTR(-ENODEV);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	device_initialize(dev);
	dev->devt = devt;
	dev->class = class;
	dev->parent = parent;
	dev->groups = groups;
	dev->release = device_create_release;
	dev_set_drvdata(dev, drvdata);
	err = kobject_set_name_vargs(&dev->kobj, fmt, args);
	if (!err)
		err = device_add(dev);
	if (err) {
		put_device(dev);
		return ERR_PTR(err);
	}
	return dev;
}

struct device *device_create(const struct class *class, struct device *parent,
			     dev_t devt, void *drvdata, const char *fmt, ...)
{
	struct device *dev;
	va_list vargs;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, NULL,
					 fmt, vargs);
	va_end(vargs);
	return dev;
}

struct device *device_create_with_groups(const struct class *class,
					 struct device *parent, dev_t devt,
					 void *drvdata,
					 const struct attribute_group **groups,
					 const char *fmt, ...)
{
	struct device *dev;
	va_list vargs;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, groups,
					 fmt, vargs);
	va_end(vargs);
	return dev;
}

void device_destroy(const struct class *class, dev_t devt)
{
	struct device *dev = class_find_device_by_devt(class, devt);

	if (dev) {
		put_device(dev);
		device_unregister(dev);
	}
}

struct device *device_find_child(struct device *parent, void *data,
				 int (*match)(struct device *dev, void *data))
{
	struct device_private *p;
	struct device *found = NULL;

	if (!parent || !parent->p)
		return NULL;
	mutex_lock(&sim_subsys_lock);
	list_for_each_entry(p, &parent->p->children, knode_parent) {
		if (match(p->device, data)) {
			found = get_device(p->device);
			break;
		}
	}
	mutex_unlock(&sim_subsys_lock);
	return found;
}

int device_for_each_child(struct device *parent, void *data,
			  int (*fn)(struct device *dev, void *data))
{
	struct device_private *p;
	int err = 0;

	if (!parent || !parent->p)
		return 0;
	mutex_lock(&sim_subsys_lock);
	list_for_each_entry(p, &parent->p->children, knode_parent) {
		err = fn(p->device, data);
		if (err)
			break;
	}
	mutex_unlock(&sim_subsys_lock);
	return err;
}

int device_match_name(struct device *dev, const void *name)
{
	return sysfs_streq(dev_name(dev), name);
}

int device_match_devt(struct device *dev, const void *pdevt)
{
	return dev->devt == *(const dev_t *)pdevt;
}

int device_match_any(struct device *dev, const void *unused)
{
	return 1;
}

/* --- the device model's per-execution state ------------------------------ */

static void devices_reset(void)
{
	kn_reset();
	kobject_reset_static();
	devtmpfs_reset();
	chrdev_reset();
	classes_reset();
	buses_reset();
	misc_reset();
}

/* The set-up's devices, classes, buses and nodes: the snapshot's. */
static bool devices_snapshot(void)
{
	kn_keep();
	kobject_keep_static();
	devtmpfs_keep();
	chrdev_keep();
	classes_keep();
	buses_keep();
	misc_keep();
	SIM_SNAPSHOT_KEEP(sim_subsys_lock);
	return true;
}

static void devices_dump(FILE *out)
{
	devtmpfs_dump(out);
	chrdev_dump(out);
	classes_dump(out);
}

static struct sim_exec_hook devices_hook = {
	.name = "devices",
	.order = SIM_HOOK_DEVICES,
	.begin = devices_reset,
	.end = devices_reset,
	.dump = devices_dump,
	.snapshot = devices_snapshot,
};

static void __attribute__((constructor)) devices_register(void)
{
	sim_register_exec_hook(&devices_hook);
}
