// SPDX-License-Identifier: GPL-2.0-only
/*
 * Miscellaneous devices (drivers/char/misc.c).  The misc core owns major
 * MISC_MAJOR: one cdev for all its minors, whose open finds the
 * miscdevice by minor under misc_mtx, points file->private_data at it,
 * switches the file to the device's fops (taking its owner module) and
 * calls their open, still under misc_mtx.  Each miscdevice is a device of
 * class "misc", with a /dev node named after nodename or name.
 *
 * The kernel sets the core up at boot.  Here it comes up with the first
 * misc_register() of an execution and goes away with the last
 * misc_deregister(), so that an execution without misc devices allocates
 * nothing for them (an open file may keep the core's cdev a while longer).
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "base.h"

static DEFINE_MUTEX(misc_mtx);
static LIST_HEAD(misc_list);
static bool misc_core_up;

void misc_keep(void)
{
	SIM_SNAPSHOT_KEEP(misc_mtx);
	SIM_SNAPSHOT_KEEP(misc_list);
	SIM_SNAPSHOT_KEEP(misc_core_up);
}

void misc_reset(void)
{
	INIT_LIST_HEAD(&misc_list);
	misc_core_up = false;
}

static int misc_open(struct inode *inode, struct file *file)
{
	int minor = iminor(inode);
	const struct file_operations *new_fops = NULL;
	struct miscdevice *c = NULL, *iter;
	int err = -ENODEV;

	mutex_lock(&misc_mtx);
	list_for_each_entry(iter, &misc_list, list) {
		if (iter->minor != minor)
			continue;
		c = iter;
		new_fops = fops_get(iter->fops);
		break;
	}
	if (!new_fops)
		goto fail;
	/* the miscdevice, for the driver's open and the file's life */
	file->private_data = c;
	err = 0;
	replace_fops(file, new_fops);
	if (file->f_op->open)
		err = file->f_op->open(inode, file);
fail:
	mutex_unlock(&misc_mtx);
	return err;
}

static char *misc_devnode(const struct device *dev, umode_t *mode)
{
	const struct miscdevice *c = dev_get_drvdata(dev);

	if (mode && c->mode)
		*mode = c->mode;
	if (c->nodename)
		return kstrdup(c->nodename, GFP_KERNEL);
	return NULL;
}

static const struct class misc_class = {
	.name = "misc",
	.devnode = misc_devnode,
};

static const struct file_operations misc_fops = {
	.owner = NULL,		/* the misc core is built in */
	.open = misc_open,
	.llseek = noop_llseek,
};

/* Under misc_mtx. */
static int misc_core_get(void)
{
	int err;

	if (misc_core_up)
		return 0;
	err = class_register(&misc_class);
	if (err)
		return err;
	err = __register_chrdev(MISC_MAJOR, 0, MINORMASK + 1, "misc",
				&misc_fops);
	if (err < 0) {
		pr_err("unable to get major %d for misc devices\n",
		       MISC_MAJOR);
		class_unregister(&misc_class);
		return err;
	}
	misc_core_up = true;
	return 0;
}

/* Under misc_mtx: the last device is gone. */
static void misc_core_put(void)
{
	if (!misc_core_up || !list_empty(&misc_list))
		return;
	__unregister_chrdev(MISC_MAJOR, 0, MINORMASK + 1, "misc");
	class_unregister(&misc_class);
	misc_core_up = false;
}

static bool minor_in_use(int minor)
{
	struct miscdevice *c;

	list_for_each_entry(c, &misc_list, list)
		if (c->minor == minor)
			return true;
	return false;
}

/* The lowest free minor above the fixed ones, as the kernel's IDA. */
static int misc_minor_alloc(void)
{
	for (int minor = MISC_DYNAMIC_MINOR + 1; minor <= (int)MINORMASK;
	     minor++)
		if (!minor_in_use(minor))
			return minor;
	return -EBUSY;
}

int misc_register(struct miscdevice *misc)
{
	bool is_dynamic = misc->minor == MISC_DYNAMIC_MINOR;
	int err;
	dev_t dev;

	INIT_LIST_HEAD(&misc->list);
	mutex_lock(&misc_mtx);
	err = misc_core_get();
	if (err)
		goto out;
	if (is_dynamic) {
		int i = misc_minor_alloc();

		if (i < 0) {
			err = -EBUSY;
			goto out_core;
		}
		misc->minor = i;
	} else if (misc->minor < 0 || misc->minor > (int)MINORMASK ||
		   minor_in_use(misc->minor)) {
		err = -EBUSY;
		goto out_core;
	}

	dev = MKDEV(MISC_MAJOR, misc->minor);
	misc->this_device = device_create_with_groups(&misc_class,
						      misc->parent, dev, misc,
						      misc->groups, "%s",
						      misc->name);
	if (IS_ERR(misc->this_device)) {
		if (is_dynamic)
			misc->minor = MISC_DYNAMIC_MINOR;
		err = PTR_ERR(misc->this_device);
		goto out_core;
	}
	/* at the front: a later device may override an earlier one */
	list_add(&misc->list, &misc_list);
	mutex_unlock(&misc_mtx);
	return 0;

out_core:
	misc_core_put();
out:
	mutex_unlock(&misc_mtx);
	return err;
}

void misc_deregister(struct miscdevice *misc)
{
	if (WARN_ON(list_empty(&misc->list)))
		return;
	mutex_lock(&misc_mtx);
	list_del_init(&misc->list);
	device_destroy(&misc_class, MKDEV(MISC_MAJOR, misc->minor));
	if (misc->minor > MISC_DYNAMIC_MINOR)
		misc->minor = MISC_DYNAMIC_MINOR;
	misc_core_put();
	mutex_unlock(&misc_mtx);
}
