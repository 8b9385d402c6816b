// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu group half of drivers/iommu/iommu.c, with a simulated iommu
 * driver (<mocks/iommu.h>) in place of the real ones.
 *
 * A group is one kzalloc'd object whose kref stands for the kernel's
 * devices kobject; its id comes from an IDA.  Domains do not exist: taking
 * DMA ownership only records the owner, where the kernel would also switch
 * the group to its blocking domain (which cannot fail here).  There is no
 * /sys/kernel/iommu_groups, and adding a device creates no sysfs links.
 *
 * The registry of live groups (for sim_iommu_group_attach()) is a list
 * under a spinlock that the release of a group takes too: a lookup that
 * holds it finds every group either alive or with a zero count that
 * kref_get_unless_zero() refuses, never freed.
 */
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "mocks/iommu.h"
#include "sim/sched.h"

struct iommu_group {
	struct kref ref;
	struct mutex mutex;
	struct list_head devices;	/* struct group_device, under mutex */
	struct list_head node;		/* in sim_iommu_groups */
	int id;
	char *name;
	void *iommu_data;
	void (*iommu_data_release)(void *iommu_data);
	void *owner;			/* under mutex */
	unsigned int owner_cnt;		/* under mutex */
	bool coherent;
};

struct group_device {
	struct list_head list;
	struct device *dev;
	/* dev->iommu, for a device the mock IOMMU driver probed */
	struct dev_iommu iommu;
};

static DEFINE_IDA(iommu_group_ida);
static LIST_HEAD(sim_iommu_groups);
static DEFINE_SPINLOCK(sim_iommu_groups_lock);
static unsigned int sim_iommu_nr_live;

/* --- groups and their references ----------------------------------------- */

static struct iommu_group *group_alloc_range(unsigned int min,
					     unsigned int max)
{
	struct iommu_group *group;
	int ret;

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return ERR_PTR(-ENOMEM);
	kref_init(&group->ref);
	mutex_init(&group->mutex);
	INIT_LIST_HEAD(&group->devices);
	ret = ida_alloc_range(&iommu_group_ida, min, max, GFP_KERNEL);
	if (ret < 0) {
		mutex_destroy(&group->mutex);
		kfree(group);
		return ERR_PTR(ret);
	}
	group->id = ret;
	spin_lock(&sim_iommu_groups_lock);
	list_add_tail(&group->node, &sim_iommu_groups);
	sim_iommu_nr_live++;
	spin_unlock(&sim_iommu_groups_lock);
	return group;
}

struct iommu_group *iommu_group_alloc(void)
{
	return group_alloc_range(0, ~0u >> 1);
}

static void iommu_group_release(struct kref *ref)
{
	struct iommu_group *group = container_of(ref, struct iommu_group,
						 ref);

	spin_lock(&sim_iommu_groups_lock);
	list_del(&group->node);
	sim_iommu_nr_live--;
	spin_unlock(&sim_iommu_groups_lock);
	WARN_ON(!list_empty(&group->devices));
	if (group->iommu_data_release)
		group->iommu_data_release(group->iommu_data);
	ida_free(&iommu_group_ida, group->id);
	mutex_destroy(&group->mutex);
	kfree(group->name);
	kfree(group);
}

struct iommu_group *iommu_group_get(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	if (group)
		kref_get(&group->ref);
	return group;
}

struct iommu_group *iommu_group_ref_get(struct iommu_group *group)
{
	kref_get(&group->ref);
	return group;
}

void iommu_group_put(struct iommu_group *group)
{
	if (group)
		kref_put(&group->ref, iommu_group_release);
}

int iommu_group_id(struct iommu_group *group)
{
	return group->id;
}

int iommu_group_set_name(struct iommu_group *group, const char *name)
{
	char *copy = NULL;

	if (name) {
		copy = kstrdup(name, GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
	}
	kfree(group->name);
	group->name = copy;
	return 0;
}

void *iommu_group_get_iommudata(struct iommu_group *group)
{
	return group->iommu_data;
}

void iommu_group_set_iommudata(struct iommu_group *group, void *iommu_data,
			       void (*release)(void *iommu_data))
{
	group->iommu_data = iommu_data;
	group->iommu_data_release = release;
}

/* --- devices ------------------------------------------------------------- */

int iommu_group_add_device(struct iommu_group *group, struct device *dev)
{
	struct group_device *gdev;

	gdev = kzalloc(sizeof(*gdev), GFP_KERNEL);
	if (!gdev)
		return -ENOMEM;
	gdev->dev = dev;
	iommu_group_ref_get(group);
	dev->iommu_group = group;
	mutex_lock(&group->mutex);
	list_add_tail(&gdev->list, &group->devices);
	mutex_unlock(&group->mutex);
	return 0;
}

void iommu_group_remove_device(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;
	struct group_device *gdev;

	if (!group)
		return;
	mutex_lock(&group->mutex);
	list_for_each_entry(gdev, &group->devices, list) {
		if (gdev->dev != dev)
			continue;
		list_del(&gdev->list);
		/* the last device leaves: nobody may own the group still */
		if (list_empty(&group->devices))
			WARN_ON(group->owner_cnt);
		if (dev->iommu == &gdev->iommu)
			dev->iommu = NULL;
		kfree(gdev);
		dev->iommu_group = NULL;
		break;
	}
	mutex_unlock(&group->mutex);
	iommu_group_put(group);
}

int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data))
{
	struct group_device *gdev;
	int ret = 0;

	mutex_lock(&group->mutex);
	list_for_each_entry(gdev, &group->devices, list) {
		ret = fn(gdev->dev, data);
		if (ret)
			break;
	}
	mutex_unlock(&group->mutex);
	return ret;
}

void iommu_group_mutex_assert(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	lockdep_assert_held(&group->mutex);
}

/* --- DMA ownership ------------------------------------------------------- */

static void take_dma_ownership(struct iommu_group *group, void *owner)
{
	lockdep_assert_held(&group->mutex);
	group->owner = owner;
	group->owner_cnt++;
}

static void release_dma_ownership(struct iommu_group *group)
{
	lockdep_assert_held(&group->mutex);
	if (WARN_ON(!group->owner_cnt || !group->owner))
		return;
	group->owner_cnt = 0;
	group->owner = NULL;
}

int iommu_group_claim_dma_owner(struct iommu_group *group, void *owner)
{
	int ret = 0;

	if (WARN_ON(!owner))
		return -EINVAL;
	mutex_lock(&group->mutex);
	if (group->owner_cnt)
		ret = -EPERM;
	else
		take_dma_ownership(group, owner);
	mutex_unlock(&group->mutex);
	return ret;
}

void iommu_group_release_dma_owner(struct iommu_group *group)
{
	mutex_lock(&group->mutex);
	release_dma_ownership(group);
	mutex_unlock(&group->mutex);
}

bool iommu_group_dma_owner_claimed(struct iommu_group *group)
{
	unsigned int cnt;

	mutex_lock(&group->mutex);
	cnt = group->owner_cnt;
	mutex_unlock(&group->mutex);
	return cnt;
}

int iommu_device_claim_dma_owner(struct device *dev, void *owner)
{
	struct iommu_group *group = dev->iommu_group;
	int ret = 0;

	if (WARN_ON(!owner))
		return -EINVAL;
	if (!group)
		return -ENODEV;
	mutex_lock(&group->mutex);
	if (!group->owner_cnt)
		take_dma_ownership(group, owner);
	else if (group->owner == owner)
		group->owner_cnt++;
	else
		ret = -EPERM;
	mutex_unlock(&group->mutex);
	return ret;
}

void iommu_device_release_dma_owner(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	mutex_lock(&group->mutex);
	if (group->owner_cnt > 1)
		group->owner_cnt--;
	else
		release_dma_ownership(group);
	mutex_unlock(&group->mutex);
}

bool device_iommu_capable(struct device *dev, enum iommu_cap cap)
{
	struct iommu_group *group = dev->iommu_group;

	if (!group)
		return false;
	switch (cap) {
	case IOMMU_CAP_CACHE_COHERENCY:
	case IOMMU_CAP_ENFORCE_CACHE_COHERENCY:
		return group->coherent;
	default:
		return false;
	}
}

/* --- the simulated iommu driver ------------------------------------------ */

static struct iommu_group *find_live(int id, bool *dying)
{
	struct iommu_group *group, *found = NULL;

	*dying = false;
	spin_lock(&sim_iommu_groups_lock);
	list_for_each_entry(group, &sim_iommu_groups, node) {
		if (group->id != id)
			continue;
		if (kref_get_unless_zero(&group->ref))
			found = group;
		else
			*dying = true;
		break;
	}
	spin_unlock(&sim_iommu_groups_lock);
	return found;
}

struct iommu_group *sim_iommu_group_find(int id)
{
	bool dying;

	return find_live(id, &dying);
}

/* @dev's entry in @group (it is there: the caller added it). */
static struct group_device *group_device_of(struct iommu_group *group,
					    struct device *dev)
{
	struct group_device *gdev;

	list_for_each_entry(gdev, &group->devices, list)
		if (gdev->dev == dev)
			return gdev;
	BUG();
}

int sim_iommu_group_attach(struct device *dev, int id, bool coherent)
{
	struct iommu_group *group;
	bool dying;
	int ret;

	if (id < 0)
		return -EINVAL;
	if (dev->iommu_group)
		return -EEXIST;
	group = find_live(id, &dying);
	if (dying)
		return -EBUSY;
	if (!group) {
		group = group_alloc_range(id, id);
		if (IS_ERR(group))
			return PTR_ERR(group) == -ENOSPC ? -EBUSY :
							   PTR_ERR(group);
		group->coherent = coherent;
	} else if (group->coherent != coherent) {
		iommu_group_put(group);
		return -EINVAL;
	}
	ret = iommu_group_add_device(group, dev);
	if (!ret)
		dev->iommu = &group_device_of(group, dev)->iommu;
	iommu_group_put(group);
	return ret;
}

int sim_iommu_device_set_max_pasids(struct device *dev, u32 max_pasids)
{
	if (!dev->iommu)
		return -ENODEV;
	dev->iommu->max_pasids = max_pasids;
	return 0;
}

void sim_iommu_group_set_coherent(struct iommu_group *group, bool coherent)
{
	group->coherent = coherent;
}

struct sim_iommu_owner sim_iommu_group_owner(struct iommu_group *group)
{
	struct sim_iommu_owner o = {
		.owner = group->owner,
		.owner_cnt = group->owner_cnt,
	};

	return o;
}

unsigned int sim_iommu_group_refs(struct iommu_group *group)
{
	/* refcount_read() is a scheduling point: read the value directly */
	return (unsigned int)group->ref.refcount.refs.counter;
}

unsigned int sim_iommu_group_nr_devices(struct iommu_group *group)
{
	struct group_device *gdev;
	unsigned int n = 0;

	list_for_each_entry(gdev, &group->devices, list)
		n++;
	return n;
}

const char *sim_iommu_group_name(struct iommu_group *group)
{
	return group->name;
}

unsigned int sim_iommu_nr_groups(void)
{
	return sim_iommu_nr_live;
}

/* --- per execution ------------------------------------------------------- */

/* The slab hook frees whatever is left; only forget it here. */
static void iommu_reset(void)
{
	ida_init(&iommu_group_ida);
	spin_lock_init(&sim_iommu_groups_lock);
	INIT_LIST_HEAD(&sim_iommu_groups);
	sim_iommu_nr_live = 0;
}

static bool iommu_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(iommu_group_ida);
	SIM_SNAPSHOT_KEEP(sim_iommu_groups_lock);
	SIM_SNAPSHOT_KEEP(sim_iommu_groups);
	SIM_SNAPSHOT_KEEP(sim_iommu_nr_live);
	return true;
}

static void iommu_dump(FILE *out)
{
	struct iommu_group *group;

	list_for_each_entry(group, &sim_iommu_groups, node)
		fprintf(out, "iommu group %d%s%s: %u refs, %u devices, owner "
			"%p x%u%s\n", group->id, group->name ? " " : "",
			group->name ? group->name : "",
			sim_iommu_group_refs(group),
			sim_iommu_group_nr_devices(group), group->owner,
			group->owner_cnt,
			group->coherent ? ", coherent" : "");
}

static struct sim_exec_hook iommu_hook = {
	.name = "iommu",
	.order = SIM_HOOK_IOMMU,
	.begin = iommu_reset,
	.end = iommu_reset,
	.dump = iommu_dump,
	.snapshot = iommu_snapshot,
};

static void __attribute__((constructor)) iommu_register(void)
{
	sim_register_exec_hook(&iommu_hook);
}
