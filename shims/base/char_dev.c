// SPDX-License-Identifier: GPL-2.0-only
/*
 * Character device numbers and the cdev map (fs/char_dev.c).
 *
 * Regions: a range of minors of one major, registered with a name;
 * alloc_chrdev_region() picks a free major the kernel's way (254 down to
 * 234, then 511 down to 384).  The map: cdev_add() maps a range of device
 * numbers to a cdev, cdev_del() unmaps it; a lookup takes a reference on
 * the cdev and on its owner module under the map's lock, so an open
 * racing with cdev_del() either gets the cdev (and keeps it, and its
 * parent device, alive) or finds nothing.  Both tables are guarded by
 * chrdevs_lock, a mutex, as in the kernel.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "shims/devices.h"
#include "base.h"

/* The kernel's hash of majors: the first dynamic range is by bucket. */
#define CHRDEV_MAJOR_HASH_SIZE	255

/* dev_t 0 stands for a whiteout on overlay filesystems: never a cdev. */
#define WHITEOUT_DEV		0

struct char_device_struct {
	struct list_head list;
	unsigned int major;
	unsigned int baseminor;
	int minorct;
	char name[64];
	struct cdev *cdev;		/* from __register_chrdev() */
};

/* A mapping of [dev, dev + range) to a cdev; smaller ranges first. */
struct cdev_probe {
	struct list_head list;
	dev_t dev;
	unsigned long range;
	struct cdev *cdev;
};

static DEFINE_MUTEX(chrdevs_lock);
static LIST_HEAD(chrdevs);
static LIST_HEAD(cdev_map);

void chrdev_keep(void)
{
	SIM_SNAPSHOT_KEEP(chrdevs_lock);
	SIM_SNAPSHOT_KEEP(chrdevs);
	SIM_SNAPSHOT_KEEP(cdev_map);
}

void chrdev_reset(void)
{
	INIT_LIST_HEAD(&chrdevs);
	INIT_LIST_HEAD(&cdev_map);
}

/* --- regions ------------------------------------------------------------- */

static bool bucket_used(unsigned int index)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &chrdevs, list)
		if (cd->major % CHRDEV_MAJOR_HASH_SIZE == index)
			return true;
	return false;
}

static bool major_used(unsigned int major)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &chrdevs, list)
		if (cd->major == major)
			return true;
	return false;
}

static int find_dynamic_major(void)
{
	int i;

	for (i = CHRDEV_MAJOR_HASH_SIZE - 1; i >= CHRDEV_MAJOR_DYN_END; i--)
		if (!bucket_used(i))
			return i;
	for (i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END;
	     i--)
		if (!major_used(i))
			return i;
	return -EBUSY;
}

static struct char_device_struct *
__register_chrdev_region(unsigned int major, unsigned int baseminor,
			 int minorct, const char *name)
{
	struct char_device_struct *cd, *curr;
	struct list_head *pos;
	int ret;

	if (major >= CHRDEV_MAJOR_MAX) {
		pr_err("CHRDEV \"%s\" major requested (%u) is greater than the "
		       "maximum (%u)\n", name, major, CHRDEV_MAJOR_MAX - 1);
		return ERR_PTR(-EINVAL);
	}
	if (baseminor > MINORMASK ||
	    (unsigned int)minorct > MINORMASK + 1 - baseminor) {
		pr_err("CHRDEV \"%s\" minor range requested (%u-%u) is out of "
		       "range of maximum range (%u-%u) for a single major\n",
		       name, baseminor, baseminor + minorct - 1, 0, MINORMASK);
		return ERR_PTR(-EINVAL);
	}
	cd = kzalloc(sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return ERR_PTR(-ENOMEM);

	mutex_lock(&chrdevs_lock);
	if (major == 0) {
		ret = find_dynamic_major();
		if (ret < 0) {
			pr_err("CHRDEV \"%s\" dynamic allocation region is "
			       "full\n", name);
			goto out;
		}
		major = ret;
	}
	/* sorted by major, then first minor; overlaps are refused */
	ret = -EBUSY;
	pos = &chrdevs;
	list_for_each_entry(curr, &chrdevs, list) {
		if (curr->major < major ||
		    (curr->major == major &&
		     curr->baseminor + curr->minorct <= baseminor)) {
			pos = &curr->list;
			continue;
		}
		if (curr->major > major ||
		    curr->baseminor >= baseminor + minorct)
			break;
		goto out;
	}
	cd->major = major;
	cd->baseminor = baseminor;
	cd->minorct = minorct;
	strscpy(cd->name, name, sizeof(cd->name));
	list_add(&cd->list, pos);
	mutex_unlock(&chrdevs_lock);
	return cd;

out:
	mutex_unlock(&chrdevs_lock);
	kfree(cd);
	return ERR_PTR(ret);
}

static struct char_device_struct *
__unregister_chrdev_region(unsigned int major, unsigned int baseminor,
			   int minorct)
{
	struct char_device_struct *cd, *found = NULL;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry(cd, &chrdevs, list) {
		if (cd->major == major && cd->baseminor == baseminor &&
		    cd->minorct == minorct) {
			list_del(&cd->list);
			found = cd;
			break;
		}
	}
	mutex_unlock(&chrdevs_lock);
	return found;
}

int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	struct char_device_struct *cd = NULL;
	dev_t to = from + count;
	dev_t n, next;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		cd = __register_chrdev_region(MAJOR(n), MINOR(n), next - n,
					      name);
		if (IS_ERR(cd))
			goto fail;
	}
	return 0;

fail:
	to = n;
	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		kfree(__unregister_chrdev_region(MAJOR(n), MINOR(n),
						 next - n));
	}
	return PTR_ERR(cd);
}

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor,
			unsigned int count, const char *name)
{
	struct char_device_struct *cd;

	cd = __register_chrdev_region(0, baseminor, count, name);
	if (IS_ERR(cd))
		return PTR_ERR(cd);
	*dev = MKDEV(cd->major, cd->baseminor);
	return 0;
}

void unregister_chrdev_region(dev_t from, unsigned int count)
{
	dev_t to = from + count;
	dev_t n, next;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		kfree(__unregister_chrdev_region(MAJOR(n), MINOR(n),
						 next - n));
	}
}

int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops)
{
	struct char_device_struct *cd;
	struct cdev *cdev;
	int err = -ENOMEM;

	cd = __register_chrdev_region(major, baseminor, count, name);
	if (IS_ERR(cd))
		return PTR_ERR(cd);
	cdev = cdev_alloc();
	if (!cdev)
		goto out_region;
	cdev->owner = fops->owner;
	cdev->ops = fops;
	err = kobject_set_name(&cdev->kobj, "%s", name);
	if (!err)
		err = cdev_add(cdev, MKDEV(cd->major, baseminor), count);
	if (err)
		goto out_cdev;
	cd->cdev = cdev;
	return major ? 0 : cd->major;

out_cdev:
	kobject_put(&cdev->kobj);
out_region:
	kfree(__unregister_chrdev_region(cd->major, baseminor, count));
	return err;
}

void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name)
{
	struct char_device_struct *cd;

	cd = __unregister_chrdev_region(major, baseminor, count);
	if (cd && cd->cdev)
		cdev_del(cd->cdev);
	kfree(cd);
}

/* --- the map ------------------------------------------------------------- */

static int kobj_map(dev_t dev, unsigned long range, struct cdev *cdev)
{
	struct cdev_probe *probe, *p;
	struct list_head *pos;

	probe = kzalloc(sizeof(*probe), GFP_KERNEL);
	if (!probe)
		return -ENOMEM;
	probe->dev = dev;
	probe->range = range;
	probe->cdev = cdev;
	mutex_lock(&chrdevs_lock);
	/* before the first of a range as large: the newest wins a tie */
	pos = &cdev_map;
	list_for_each_entry(p, &cdev_map, list) {
		if (p->range >= range)
			break;
		pos = &p->list;
	}
	list_add(&probe->list, pos);
	mutex_unlock(&chrdevs_lock);
	return 0;
}

static void kobj_unmap(dev_t dev, unsigned long range)
{
	struct cdev_probe *p, *found = NULL;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry(p, &cdev_map, list) {
		if (p->dev == dev && p->range == range) {
			list_del(&p->list);
			found = p;
			break;
		}
	}
	mutex_unlock(&chrdevs_lock);
	kfree(found);
}

/* A reference on @p and on its owner module, or NULL (as chrdev_open()). */
static struct kobject *cdev_get(struct cdev *p)
{
	struct module *owner = p->owner;
	struct kobject *kobj;

	if (!try_module_get(owner))
		return NULL;
	kobj = kobject_get_unless_zero(&p->kobj);
	if (!kobj)
		module_put(owner);
	return kobj;
}

void cdev_put(struct cdev *p)
{
	if (p) {
		struct module *owner = p->owner;

		kobject_put(&p->kobj);
		module_put(owner);
	}
}

struct cdev *sim_cdev_get(dev_t devt)
{
	struct cdev *found = NULL;
	struct cdev_probe *p;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry(p, &cdev_map, list) {
		if (devt < p->dev || devt - p->dev >= p->range)
			continue;
		if (cdev_get(p->cdev)) {
			found = p->cdev;
			break;
		}
	}
	mutex_unlock(&chrdevs_lock);
	return found;
}

void sim_cdev_put(struct cdev *cdev)
{
	cdev_put(cdev);
}

int cdev_add(struct cdev *p, dev_t dev, unsigned int count)
{
	int error;

	p->dev = dev;
	p->count = count;
	if (WARN_ON(dev == WHITEOUT_DEV)) {
		error = -EBUSY;
		goto err;
	}
	error = kobj_map(dev, count, p);
	if (error)
		goto err;
	kobject_get(p->kobj.parent);
	return 0;

err:
	kfree(p->kobj.name);
	p->kobj.name = NULL;
	return error;
}

void cdev_set_parent(struct cdev *p, struct kobject *kobj)
{
	WARN_ON(!kobj->state_initialized);
	p->kobj.parent = kobj;
}

int cdev_device_add(struct cdev *cdev, struct device *dev)
{
	int rc;

	if (dev->devt) {
		cdev_set_parent(cdev, &dev->kobj);
		rc = cdev_add(cdev, dev->devt, 1);
		if (rc)
			return rc;
	}
	rc = device_add(dev);
	if (rc && dev->devt)
		cdev_del(cdev);
	return rc;
}

void cdev_device_del(struct cdev *cdev, struct device *dev)
{
	device_del(dev);
	if (dev->devt)
		cdev_del(cdev);
}

void cdev_del(struct cdev *p)
{
	kobj_unmap(p->dev, p->count);
	kobject_put(&p->kobj);
}

static void cdev_default_release(struct kobject *kobj)
{
	kobject_put(kobj->parent);
}

static void cdev_dynamic_release(struct kobject *kobj)
{
	struct cdev *p = container_of(kobj, struct cdev, kobj);
	struct kobject *parent = kobj->parent;

	kfree(p);
	kobject_put(parent);
}

static const struct kobj_type ktype_cdev_default = {
	.release = cdev_default_release,
};

static const struct kobj_type ktype_cdev_dynamic = {
	.release = cdev_dynamic_release,
};

struct cdev *cdev_alloc(void)
{
	struct cdev *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (p) {
		INIT_LIST_HEAD(&p->list);
		kobject_init(&p->kobj, &ktype_cdev_dynamic);
	}
	return p;
}

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	INIT_LIST_HEAD(&cdev->list);
	kobject_init(&cdev->kobj, &ktype_cdev_default);
	cdev->ops = fops;
}

void chrdev_dump(FILE *out)
{
	struct char_device_struct *cd;
	struct cdev_probe *p;

	list_for_each_entry(cd, &chrdevs, list)
		fprintf(out, "chrdev region %u:%u-%u \"%s\"\n", cd->major,
			cd->baseminor, cd->baseminor + cd->minorct - 1,
			cd->name);
	list_for_each_entry(p, &cdev_map, list)
		fprintf(out, "cdev map %u:%u +%lu\n", MAJOR(p->dev),
			MINOR(p->dev), p->range);
}
