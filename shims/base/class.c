// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device classes (drivers/base/class.c): registration makes
 * /sys/class/<name>; devices of a registered class get a link there (see
 * device.c).  The registration lives in a struct subsys_private found by
 * the class's address, so a class may be const.  Unregistering a class
 * that still has registered devices WARNs: in the kernel those devices'
 * glue directories would be left pointing at the freed registration.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "base.h"

static LIST_HEAD(class_list);

void classes_keep(void)
{
	SIM_SNAPSHOT_KEEP(class_list);
}

void classes_reset(void)
{
	INIT_LIST_HEAD(&class_list);
}

struct subsys_private *class_to_subsys(const struct class *class)
{
	struct subsys_private *sp;

	if (!class)
		return NULL;
	list_for_each_entry(sp, &class_list, node)
		if (sp->class == class)
			return sp;
	return NULL;
}

bool class_is_registered(const struct class *class)
{
	bool ret;

	mutex_lock(&sim_subsys_lock);
	ret = class_to_subsys(class) != NULL;
	mutex_unlock(&sim_subsys_lock);
	return ret;
}

int class_register(const struct class *cls)
{
	struct subsys_private *sp;
	int err;

	mutex_lock(&sim_subsys_lock);
	sp = class_to_subsys(cls);
	mutex_unlock(&sim_subsys_lock);
	if (sp) {
		pr_err("class '%s' is already registered\n", cls->name);
		return -EEXIST;
	}
	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return -ENOMEM;
	sp->class = cls;
	INIT_LIST_HEAD(&sp->devices);
	err = kn_create_dir(kn_top(SYSFS_CLASS), cls->name, &sp->dir);
	if (err) {
		kfree(sp);
		return err;
	}
	mutex_lock(&sim_subsys_lock);
	list_add_tail(&sp->node, &class_list);
	mutex_unlock(&sim_subsys_lock);
	return 0;
}

void class_unregister(const struct class *cls)
{
	struct subsys_private *sp;

	mutex_lock(&sim_subsys_lock);
	sp = class_to_subsys(cls);
	if (sp) {
		WARN(!list_empty(&sp->devices),
		     "class '%s' unregistered with devices still registered",
		     cls->name);
		list_del(&sp->node);
	}
	mutex_unlock(&sim_subsys_lock);
	if (!sp)
		return;
	kn_remove_dir(sp->dir);
	kfree(sp);
	if (cls->class_release)
		cls->class_release(cls);
}

static void class_create_release(const struct class *cls)
{
	kfree(cls);
}

struct class *class_create(const char *name)
{
	struct class *cls;
	int err;

	cls = kzalloc(sizeof(*cls), GFP_KERNEL);
	if (!cls)
		return ERR_PTR(-ENOMEM);
	cls->name = name;
	cls->class_release = class_create_release;
	err = class_register(cls);
	if (err) {
		kfree(cls);
		return ERR_PTR(err);
	}
	return cls;
}

void class_destroy(const struct class *cls)
{
	if (IS_ERR_OR_NULL(cls))
		return;
	class_unregister(cls);
}

/* The list entry after @start's, or the first; under sim_subsys_lock. */
static struct list_head *first_after(struct subsys_private *sp,
				     const struct device *start)
{
	if (start && start->p && !list_empty(&start->p->knode_class))
		return start->p->knode_class.next;
	return sp->devices.next;
}

struct device *class_find_device(const struct class *class,
				 const struct device *start, const void *data,
				 int (*match)(struct device *dev,
					      const void *data))
{
	struct device *found = NULL;
	struct subsys_private *sp;
	struct list_head *pos;

	mutex_lock(&sim_subsys_lock);
	sp = class_to_subsys(class);
	if (sp) {
		for (pos = first_after(sp, start); pos != &sp->devices;
		     pos = pos->next) {
			struct device_private *p = list_entry(pos,
				struct device_private, knode_class);

			if (match(p->device, data)) {
				found = get_device(p->device);
				break;
			}
		}
	}
	mutex_unlock(&sim_subsys_lock);
	return found;
}

int class_for_each_device(const struct class *class,
			  const struct device *start, void *data,
			  int (*fn)(struct device *dev, void *data))
{
	struct subsys_private *sp;
	struct list_head *pos;
	int err = 0;

	mutex_lock(&sim_subsys_lock);
	sp = class_to_subsys(class);
	if (!sp)
		err = -EINVAL;
	for (pos = sp ? first_after(sp, start) : NULL;
	     sp && pos != &sp->devices && !err; pos = pos->next)
		err = fn(list_entry(pos, struct device_private,
				    knode_class)->device, data);
	mutex_unlock(&sim_subsys_lock);
	return err;
}

void classes_dump(FILE *out)
{
	struct subsys_private *sp;

	list_for_each_entry(sp, &class_list, node) {
		struct device_private *p;

		fprintf(out, "class %s:", sp->class->name);
		list_for_each_entry(p, &sp->devices, knode_class)
			fprintf(out, " %s", dev_name(p->device));
		fprintf(out, "\n");
	}
}
