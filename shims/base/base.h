/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals of the device-model shims (drivers/base, fs/char_dev.c,
 * sysfs and devtmpfs), shared by their source files and by nothing else.
 *
 * All of this is per-execution state: devices_reset() (device.c) empties
 * every table when an execution begins and forgets what a failed one left
 * behind when it ends (the slab hook frees the memory afterwards).
 */
#ifndef _SHIMS_BASE_BASE_H
#define _SHIMS_BASE_BASE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>

#include <stdio.h>

/* --- sysfs.c ------------------------------------------------------------- */

enum kernfs_type {
	KERNFS_DIR,
	KERNFS_FILE,
	KERNFS_LINK,
};

/* The fixed directories, there from the start of every execution. */
enum kn_top_dir {
	SYSFS_ROOT,		/* /sys */
	SYSFS_DEVICES,		/* /sys/devices */
	SYSFS_VIRTUAL,		/* /sys/devices/virtual */
	SYSFS_CLASS,		/* /sys/class */
	SYSFS_BUS,		/* /sys/bus */
	SYSFS_DEV,		/* /sys/dev */
	SYSFS_DEV_CHAR,		/* /sys/dev/char */
	SYSFS_KERNEL,		/* /sys/kernel */
	SYSFS_NR_TOP
};

/*
 * A sysfs entry: a directory, an attribute file or a symbolic link.  The
 * tree holds a reference on each node it links; an owner that keeps a
 * pointer to a directory (a kobject's sd, a class's or bus's directory,
 * a glue directory's users) holds one more.  Removing a directory removes
 * everything under it; a removed node stays allocated, empty and
 * unreachable, until its owners let go, as kernfs keeps it.
 */
struct kernfs_node {
	const char *name;
	enum kernfs_type type;
	bool is_static;			/* not allocated, never freed */
	bool removed;
	int refs;
	int active;			/* file: reads in progress */
	int glue_users;			/* > 0: a glue directory */
	struct kernfs_node *parent;
	struct list_head children;
	struct list_head sibling;
	char *target;			/* link: absolute path */
	struct device *dev;		/* file: show(dev, attr, buf) */
	struct device_attribute *attr;
};

struct kernfs_node *kn_top(enum kn_top_dir which);
/* Link a static node (a bus's directories) into the tree. */
void kn_add_static_dir(struct kernfs_node *kn, struct kernfs_node *parent,
		       const char *name);
/*
 * A new directory @name in @parent: 0 (*@out holds a reference for the
 * caller), -EEXIST, -ENOENT (@parent is gone) or -ENOMEM.
 */
int kn_create_dir(struct kernfs_node *parent, const char *name,
		  struct kernfs_node **out);
/* Remove the directory @kn (if still there) and drop the caller's ref. */
void kn_remove_dir(struct kernfs_node *kn);
/* Drop a reference from kn_create_dir(). */
void kn_put(struct kernfs_node *kn);
/*
 * The glue directory @name in @parent, created on first use and removed
 * after its last user's put: the node or an ERR_PTR (-EEXIST when @name
 * is taken by something else).
 */
struct kernfs_node *kn_get_glue_dir(struct kernfs_node *parent,
				    const char *name);
void kn_put_glue_dir(struct kernfs_node *glue);
int kn_create_link(struct kernfs_node *dir, const char *name,
		   struct kernfs_node *target);
int kn_create_attr(struct kernfs_node *dir, struct device *dev,
		   const struct device_attribute *attr);
/* Remove the entry @name of @dir (with everything under it); quiet. */
void kn_remove_name(struct kernfs_node *dir, const char *name);
/* @kn's absolute path ("/sys/..."), allocated. */
char *kn_path(struct kernfs_node *kn);
void kn_reset(void);
void kn_keep(void);

/* --- kobject.c ----------------------------------------------------------- */

/* kobject_add() into the directory @dir (a parent's or a glue directory). */
int kobject_add_in(struct kobject *kobj, struct kernfs_node *dir);
void kobject_reset_static(void);
void kobject_keep_static(void);

/* --- devtmpfs.c ---------------------------------------------------------- */

int devtmpfs_create_node(struct device *dev);
void devtmpfs_delete_node(struct device *dev);
void devtmpfs_reset(void);
void devtmpfs_keep(void);
void devtmpfs_dump(FILE *out);

/* --- device.c ------------------------------------------------------------ */

struct subsys_private;

/* What the driver core keeps about a device between add and del. */
struct device_private {
	struct device *device;
	struct kernfs_node *glue;	/* the glue directory it sits in */
	struct list_head knode_class;	/* on its class's list */
	struct list_head knode_bus;	/* on its bus's list */
	struct list_head knode_parent;	/* on its parent's children */
	struct list_head children;
	struct subsys_private *class_sp; /* class it joined, or NULL */
	struct subsys_private *bus_sp;	/* bus it joined, or NULL */
	bool dead;			/* device_del() began */
};

/*
 * The /dev name of @dev: the type's, the class's devnode() or the device
 * name with '!' turned into '/'.  *@tmp is what to kfree afterwards.
 */
const char *device_get_devnode(const struct device *dev, umode_t *mode,
			       const char **tmp);

/* The lock of the class and bus device lists and registries. */
extern struct mutex sim_subsys_lock;

/* --- class.c / bus.c: registered classes and buses ----------------------- */

struct subsys_private {
	const struct class *class;	/* one of the two */
	const struct bus_type *bus;
	struct kernfs_node *dir;	/* /sys/class/<name>, /sys/bus/<name> */
	struct kernfs_node *devices_dir;	/* bus: devices/ */
	struct kernfs_node *drivers_dir;	/* bus: drivers/ */
	struct list_head devices;	/* device_private.knode_{class,bus} */
	struct list_head node;		/* on the registry */
	bool is_static;
};

/* The registration of @class or @bus, or NULL; under sim_subsys_lock. */
struct subsys_private *class_to_subsys(const struct class *class);
struct subsys_private *bus_to_subsys(const struct bus_type *bus);
void classes_reset(void);
void classes_keep(void);
void classes_dump(FILE *out);
void buses_reset(void);
void buses_keep(void);
/*
 * Where a parentless device of a simulated bus lives under /sys/devices:
 * the name of its glue directory ("pci0000:00", "platform"), or NULL for
 * /sys/devices itself.
 */
const char *sim_bus_root_dir(const struct device *dev, char *buf,
			     size_t len);
int bus_add_device(struct device *dev);
void bus_remove_device(struct device *dev);

/* --- char_dev.c, misc.c -------------------------------------------------- */

void chrdev_reset(void);
void chrdev_keep(void);
void chrdev_dump(FILE *out);
void misc_reset(void);
void misc_keep(void);

#endif /* _SHIMS_BASE_BASE_H */
