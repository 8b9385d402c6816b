/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver model's struct device and its life cycle, with the kernel's
 * semantics:
 *
 * - device_initialize() sets the reference count to 1; get_device() and
 *   put_device() move it; the last put_device() calls dev->release(), else
 *   the type's, else the class's release, else WARNs that the device has
 *   no release function (failing the execution).
 * - device_add() names the device (init_name or bus->dev_name + id),
 *   creates its sysfs directory under its parent (a class device without
 *   a class parent goes into a "<class>" directory there; without a
 *   parent into /sys/devices/virtual/<class>), the class and bus links,
 *   the attribute groups, and for a device with a devt the "dev"
 *   attribute, /sys/dev/char/<major:minor> and the /dev node (named by
 *   the class's devnode() or after the device).  A name already taken in
 *   any of these places fails device_add() with -EEXIST and undoes what
 *   it did; the caller then put_device()s.  The parent is pinned until
 *   device_del().
 * - device_del() undoes device_add(); the memory stays until the last
 *   put_device().
 *
 * get_device() and put_device() are macros recording their caller in the
 * trace; the functions exist too (for code that takes their address).
 * See <shims/devices.h> for the /dev, sysfs and bus views.
 */
#ifndef _DEVICE_H_
#define _DEVICE_H_

#include <linux/compiler.h>
#include <linux/dev_printk.h>
#include <linux/device/bus.h>
#include <linux/device/class.h>
#include <linux/device/driver.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/kdev_t.h>
#include <linux/kobject.h>
#include <linux/list.h>
/* the kernel's reaches uuid_t through mod_devicetable.h */
#include <linux/uuid.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
/* drivers/vfio/vfio.h embeds a notifier head it gets through device.h */
#include <linux/notifier.h>
#include <linux/stdarg.h>
#include <linux/sysfs.h>
#include <linux/types.h>

struct dev_iommu;
struct device;
struct device_private;
struct fwnode_handle;
struct iommu_group;

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr,
			char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count);
};

#define DEVICE_ATTR(_name, _mode, _show, _store)			\
	struct device_attribute dev_attr_##_name =			\
		__ATTR(_name, _mode, _show, _store)
#define DEVICE_ATTR_RW(_name)						\
	struct device_attribute dev_attr_##_name = __ATTR_RW(_name)
#define DEVICE_ATTR_ADMIN_RW(_name)					\
	struct device_attribute dev_attr_##_name =			\
		__ATTR_RW_MODE(_name, 0600)
#define DEVICE_ATTR_RO(_name)						\
	struct device_attribute dev_attr_##_name = __ATTR_RO(_name)
#define DEVICE_ATTR_ADMIN_RO(_name)					\
	struct device_attribute dev_attr_##_name =			\
		__ATTR_RO_MODE(_name, 0400)
#define DEVICE_ATTR_WO(_name)						\
	struct device_attribute dev_attr_##_name = __ATTR_WO(_name)

/* What devices of one kind share (the devnode callback is not modelled). */
struct device_type {
	const char *name;
	const struct attribute_group **groups;
	void (*release)(struct device *dev);
};

struct device {
	struct kobject kobj;
	struct device *parent;

	struct device_private *p;	/* driver core state */

	const char *init_name;		/* initial name of the device */
	const struct device_type *type;

	const struct bus_type *bus;
	struct device_driver *driver;
	void *platform_data;
	void *driver_data;		/* dev_set_drvdata/dev_get_drvdata */

	struct mutex mutex;		/* device_lock() */

	struct dev_iommu *iommu;
	struct fwnode_handle *fwnode;

	dev_t devt;			/* dev_t, creates the sysfs "dev" */
	u32 id;				/* device instance */

	const struct class *class;
	const struct attribute_group **groups;

	void (*release)(struct device *dev);
	struct iommu_group *iommu_group;
};

static inline struct device *kobj_to_dev(struct kobject *kobj)
{
	return container_of(kobj, struct device, kobj);
}

static inline const char *dev_name(const struct device *dev)
{
	/* use the initial name until device_add() made it the real one */
	if (dev->init_name)
		return dev->init_name;
	return kobject_name(&dev->kobj);
}

__printf(2, 3) int dev_set_name(struct device *dev, const char *name, ...);

/* The driver's name if bound, else the bus's, else the class's, else "". */
const char *dev_driver_string(const struct device *dev);

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline bool device_is_registered(struct device *dev)
{
	return dev->kobj.state_in_sysfs;
}

#define device_lock(dev)	mutex_lock(&(dev)->mutex)
#define device_lock_interruptible(dev)					\
	mutex_lock_interruptible(&(dev)->mutex)
#define device_trylock(dev)	mutex_trylock(&(dev)->mutex)
#define device_unlock(dev)	mutex_unlock(&(dev)->mutex)
#define device_lock_assert(dev)	lockdep_assert_held(&(dev)->mutex)

void device_initialize(struct device *dev);
int __must_check device_add(struct device *dev);
void device_del(struct device *dev);
int __must_check device_register(struct device *dev);
void device_unregister(struct device *dev);

struct device *__get_device(struct device *dev, const struct sim_loc *loc);
void __put_device(struct device *dev, const struct sim_loc *loc);
struct device *get_device(struct device *dev);
void put_device(struct device *dev);
#define get_device(dev)		__get_device((dev), SIM_AT(#dev))
#define put_device(dev)		__put_device((dev), SIM_AT(#dev))

int device_create_file(struct device *dev,
		       const struct device_attribute *entry);
void device_remove_file(struct device *dev,
			const struct device_attribute *attr);
int __must_check device_add_groups(struct device *dev,
				   const struct attribute_group **groups);
void device_remove_groups(struct device *dev,
			  const struct attribute_group **groups);

/*
 * A device allocated by the driver core, of @class, under @parent, with
 * @devt and @drvdata: registered, or an ERR_PTR.  device_destroy()
 * unregisters the device of @class with @devt.
 */
__printf(5, 6) struct device *
device_create(const struct class *cls, struct device *parent, dev_t devt,
	      void *drvdata, const char *fmt, ...);
__printf(6, 7) struct device *
device_create_with_groups(const struct class *cls, struct device *parent,
			  dev_t devt, void *drvdata,
			  const struct attribute_group **groups,
			  const char *fmt, ...);
void device_destroy(const struct class *cls, dev_t devt);

/* The first child of @parent that @match accepts, with a reference. */
struct device *device_find_child(struct device *parent, void *data,
				 int (*match)(struct device *dev, void *data));
int device_for_each_child(struct device *parent, void *data,
			  int (*fn)(struct device *dev, void *data));

#endif /* _DEVICE_H_ */
