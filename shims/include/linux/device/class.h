/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device classes.  A registered class has /sys/class/<name>, with a link
 * per device of the class; its devnode() callback names the device's
 * /dev node.  As in the kernel the registration state lives outside the
 * (possibly const) struct class, found by the class's address.
 */
#ifndef _DEVICE_CLASS_H_
#define _DEVICE_CLASS_H_

#include <linux/device/bus.h>
#include <linux/kobject.h>
#include <linux/types.h>

struct attribute_group;
struct dev_pm_ops;
struct device;
struct kobj_ns_type_operations;
struct kobj_uevent_env;

struct class {
	const char *name;

	const struct attribute_group **class_groups;
	const struct attribute_group **dev_groups;

	int (*dev_uevent)(const struct device *dev,
			  struct kobj_uevent_env *env);
	/* the /dev name (allocated; kfree'd by the caller), or NULL */
	char *(*devnode)(const struct device *dev, umode_t *mode);

	void (*class_release)(const struct class *class);
	void (*dev_release)(struct device *dev);

	int (*shutdown_pre)(struct device *dev);

	const struct kobj_ns_type_operations *ns_type;
	const void *(*namespace)(const struct device *dev);

	const struct dev_pm_ops *pm;
};

int __must_check class_register(const struct class *class);
void class_unregister(const struct class *class);
bool class_is_registered(const struct class *class);

struct class *__must_check class_create(const char *name);
void class_destroy(const struct class *cls);

/*
 * The first device of @class after @start that @match accepts, with a
 * reference (put_device() it), or NULL.
 */
struct device *class_find_device(const struct class *class,
				 const struct device *start,
				 const void *data,
				 int (*match)(struct device *dev,
					      const void *data));

static inline struct device *class_find_device_by_name(
	const struct class *class, const char *name)
{
	return class_find_device(class, NULL, name, device_match_name);
}

static inline struct device *class_find_device_by_devt(
	const struct class *class, dev_t devt)
{
	return class_find_device(class, NULL, &devt, device_match_devt);
}

int class_for_each_device(const struct class *class,
			  const struct device *start, void *data,
			  int (*fn)(struct device *dev, void *data));

#endif /* _DEVICE_CLASS_H_ */
