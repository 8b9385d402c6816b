/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the device-model shims offer the rest of the simulation: the /dev
 * name table (devtmpfs), the char device map (fs/char_dev.c's kobj_map),
 * a read-only sysfs view, and the simulated buses that scenarios put
 * devices on.  Kernel code never calls these; the VFS shim and the
 * simulated userspace do.
 */
#ifndef _SHIMS_DEVICES_H
#define _SHIMS_DEVICES_H

#include <linux/types.h>

struct cdev;
struct device;

/*
 * devtmpfs: "/dev/vfio/7" -> its devt and mode (S_IFCHR | 0600).  Filled by
 * device_add() of a device with a devt (name from the class's devnode()
 * callback or the device name) and by misc_register().  Returns 0 or
 * -ENOENT.
 */
int sim_devtmpfs_lookup(const char *path, dev_t *devt, umode_t *mode);

/*
 * The char device mapped at @devt, with a reference taken on it and on its
 * owner module, as chrdev_open() takes them; NULL if nothing is mapped
 * there (open fails with -ENXIO) or the owner module is going away.
 * sim_cdev_put() drops both references (at the file's final fput); the
 * cdev (and, through it, its parent device) stays alive until then.
 */
struct cdev *sim_cdev_get(dev_t devt);
void sim_cdev_put(struct cdev *cdev);

/*
 * sysfs, read-only.  Paths under /sys: class/<class>/<name> (a link to
 * the device's directory), devices/... (the device hierarchy: a class
 * device sits in <parent's directory>/<class>/<name>, or in
 * <parent>/<subdir>/<name> where the class says so), bus/<bus>/devices/
 * <name> (links).  Each class device directory has a "dev" attribute
 * ("major:minor\n").  Results are the number of bytes written into @buf,
 * or -ENOENT / -ENOTDIR / -EISDIR / -EINVAL.
 */
long sim_sysfs_read(const char *path, char *buf, size_t len);
/* Entries of a directory, sorted, one per line. */
long sim_sysfs_list(const char *path, char *buf, size_t len);
/* Target of a link, as an absolute /sys path. */
long sim_sysfs_readlink(const char *path, char *buf, size_t len);

/* The simulated buses. */
enum sim_bus {
	SIM_BUS_PCI,		/* names DDDD:BB:SS.F */
	SIM_BUS_PLATFORM,	/* any name */
	SIM_BUS_MDEV,		/* a UUID: 8-4-4-4-12 hex digits */
	SIM_BUS_NR
};

/* "pci", "platform" or "mdev"; -EINVAL otherwise. */
int sim_bus_parse(const char *name, enum sim_bus *bus);
const char *sim_bus_name(enum sim_bus bus);
/* Whether @name is a valid device name on @bus. */
bool sim_bus_name_valid(enum sim_bus bus, const char *name);

/* The bus types behind enum sim_bus, under their kernel names. */
struct bus_type;
extern const struct bus_type pci_bus_type;
extern const struct bus_type platform_bus_type;
extern const struct bus_type mdev_bus_type;

/*
 * Add a physical device @name on @bus (what a driver would bind to):
 * initialised, named, registered, with its sysfs directory.  Returns the
 * device (one reference, for sim_bus_device_del()) or an ERR_PTR
 * (-EINVAL bad name, -EEXIST same name on the same bus).
 */
struct device *sim_bus_device_add(enum sim_bus bus, const char *name);
void sim_bus_device_del(struct device *dev);
/* The device @name on @bus, or NULL; no reference is taken for the caller. */
struct device *sim_bus_find_device(enum sim_bus bus, const char *name);

#endif /* _SHIMS_DEVICES_H */
