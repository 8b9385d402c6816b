/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device drivers, as far as code reaching a device's driver needs them
 * (dev->driver->owner, dev->driver->pm).  Binding is not modelled: a mock
 * driver points dev->driver at its struct device_driver itself.
 */
#ifndef _DEVICE_DRIVER_H_
#define _DEVICE_DRIVER_H_

#include <linux/types.h>

struct attribute_group;
struct bus_type;
struct dev_pm_ops;
struct device;
struct module;

struct device_driver {
	const char *name;
	const struct bus_type *bus;

	struct module *owner;
	const char *mod_name;

	bool suppress_bind_attrs;

	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);

	const struct attribute_group **groups;
	const struct attribute_group **dev_groups;

	const struct dev_pm_ops *pm;
};

#endif /* _DEVICE_DRIVER_H_ */
