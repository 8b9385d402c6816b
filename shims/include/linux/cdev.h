/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Character devices (fs/char_dev.c).  A cdev is a kobject: cdev_init()
 * gives it one reference, cdev_del() drops it, and every open file holds
 * another (taken by sim_cdev_get(), see <shims/devices.h>, as chrdev_open()
 * takes it).  cdev_add() maps a range of device numbers to the cdev and
 * pins the cdev's parent kobject (set by cdev_set_parent(), or by
 * cdev_device_add() to the device's) until the cdev is released, so the
 * structure that embeds both stays alive while a file holds the cdev.
 * cdev_del() unmaps: later opens fail, files already open go on.
 */
#ifndef _LINUX_CDEV_H
#define _LINUX_CDEV_H

#include <linux/device.h>
#include <linux/kdev_t.h>
#include <linux/kobject.h>
#include <linux/list.h>

struct file_operations;
struct inode;
struct module;

struct cdev {
	struct kobject kobj;
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;
	dev_t dev;
	unsigned int count;
};

void cdev_init(struct cdev *cdev, const struct file_operations *fops);
struct cdev *cdev_alloc(void);
void cdev_put(struct cdev *p);
int cdev_add(struct cdev *p, dev_t dev, unsigned int count);
void cdev_set_parent(struct cdev *p, struct kobject *kobj);
int cdev_device_add(struct cdev *cdev, struct device *dev);
void cdev_device_del(struct cdev *cdev, struct device *dev);
void cdev_del(struct cdev *p);

/* Device number ranges (the "chrdevs" table of /proc/devices). */
int register_chrdev_region(dev_t from, unsigned int count, const char *name);
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor,
			unsigned int count, const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);

int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops);
void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name);

static inline int register_chrdev(unsigned int major, const char *name,
				  const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}

static inline void unregister_chrdev(unsigned int major, const char *name)
{
	__unregister_chrdev(major, 0, 256, name);
}

/* Majors: 1-254 and 384-511 (dynamic ones from 254 and from 511 down). */
#define CHRDEV_MAJOR_MAX		512
#define CHRDEV_MAJOR_DYN_END		234
#define CHRDEV_MAJOR_DYN_EXT_START	511
#define CHRDEV_MAJOR_DYN_EXT_END	384

#endif /* _LINUX_CDEV_H */
