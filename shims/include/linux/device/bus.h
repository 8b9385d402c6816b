/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Buses.  A registered bus has /sys/bus/<name>/devices (a link per device
 * on it) and /sys/bus/<name>/drivers.  The simulation's own buses (pci,
 * platform, mdev; see <shims/devices.h>) are registered from the start of
 * every execution.  Drivers are not bound through buses here: a mock
 * driver sets dev->driver itself.
 */
#ifndef _DEVICE_BUS_H_
#define _DEVICE_BUS_H_

#include <linux/kobject.h>
#include <linux/types.h>

struct attribute_group;
struct dev_pm_ops;
struct device;
struct device_driver;
struct kobj_uevent_env;

struct bus_type {
	const char *name;
	const char *dev_name;	/* devices named <dev_name><id> */
	const struct attribute_group **bus_groups;
	const struct attribute_group **dev_groups;
	const struct attribute_group **drv_groups;

	int (*match)(struct device *dev, const struct device_driver *drv);
	int (*uevent)(const struct device *dev, struct kobj_uevent_env *env);
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	void (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);

	const struct dev_pm_ops *pm;
	bool need_parent_lock;
};

int __must_check bus_register(const struct bus_type *bus);
void bus_unregister(const struct bus_type *bus);

/* Matches for the find helpers below. */
int device_match_name(struct device *dev, const void *name);
int device_match_devt(struct device *dev, const void *pdevt);
int device_match_any(struct device *dev, const void *unused);

/*
 * The first device on @bus after @start (from the first when NULL) that
 * @match accepts, with a reference (put_device() it), or NULL.
 */
struct device *bus_find_device(const struct bus_type *bus,
			       struct device *start, const void *data,
			       int (*match)(struct device *dev,
					    const void *data));

static inline struct device *bus_find_device_by_name(
	const struct bus_type *bus, struct device *start, const char *name)
{
	return bus_find_device(bus, start, name, device_match_name);
}

/* @fn on every device of @bus until it returns non-zero (returned). */
int bus_for_each_dev(const struct bus_type *bus, struct device *start,
		     void *data, int (*fn)(struct device *dev, void *data));

#endif /* _DEVICE_BUS_H_ */
