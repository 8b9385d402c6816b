// SPDX-License-Identifier: GPL-2.0-only
/*
 * devtmpfs: the /dev name table.  device_add() of a device with a devt
 * creates /dev/<name> (the name from the device's devnode() callbacks or
 * its own name), device_del() removes it.  The table holds names with
 * their devt and mode; directories exist implicitly, so a name cannot be
 * both a node and a directory ("vfio" and "vfio/7").
 *
 * A name already in use fails device_add() with -EEXIST.  The kernel's
 * devtmpfs would only log the failed mknod and leave /dev pointing at the
 * first device; failing loudly is what makes a naming conflict (two
 * classes giving the same devnode) visible to a scenario.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

#include "shims/devices.h"
#include "base.h"

struct devtmpfs_node {
	struct list_head list;
	char *name;			/* under /dev, "vfio/7" */
	dev_t devt;
	umode_t mode;			/* S_IFCHR | permissions */
	const struct device *dev;
};

static DEFINE_MUTEX(devtmpfs_lock);
static LIST_HEAD(nodes);

void devtmpfs_keep(void)
{
	SIM_SNAPSHOT_KEEP(devtmpfs_lock);
	SIM_SNAPSHOT_KEEP(nodes);
}

void devtmpfs_reset(void)
{
	INIT_LIST_HEAD(&nodes);
}

/* Whether @a is @b or a directory on the way to it. */
static bool covers(const char *a, const char *b)
{
	size_t n = strlen(a);

	return !strncmp(a, b, n) && (b[n] == 0 || b[n] == '/');
}

static struct devtmpfs_node *find_conflict(const char *name)
{
	struct devtmpfs_node *node;

	list_for_each_entry(node, &nodes, list)
		if (covers(node->name, name) || covers(name, node->name))
			return node;
	return NULL;
}

int devtmpfs_create_node(struct device *dev)
{
	struct devtmpfs_node *node, *other;
	const char *tmp = NULL;
	const char *name;
	umode_t mode = 0;
	int err = 0;

	name = device_get_devnode(dev, &mode, &tmp);
	if (!name)
		return -ENOMEM;
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (node)
		node->name = kstrdup(name, GFP_KERNEL);
	kfree(tmp);
	if (!node || !node->name) {
		if (node)
			kfree(node);
		return -ENOMEM;
	}
	node->devt = dev->devt;
	node->mode = S_IFCHR | (mode ? mode : 0600);
	node->dev = dev;

	mutex_lock(&devtmpfs_lock);
	other = find_conflict(node->name);
	if (other) {
		pr_warn("devtmpfs: cannot create /dev/%s for %s: /dev/%s "
			"exists\n", node->name, dev_name(dev), other->name);
		err = -EEXIST;
	} else {
		list_add_tail(&node->list, &nodes);
	}
	mutex_unlock(&devtmpfs_lock);
	if (err) {
		kfree(node->name);
		kfree(node);
	}
	return err;
}

void devtmpfs_delete_node(struct device *dev)
{
	struct devtmpfs_node *node, *found = NULL;

	mutex_lock(&devtmpfs_lock);
	list_for_each_entry(node, &nodes, list) {
		if (node->dev == dev) {
			found = node;
			list_del(&node->list);
			break;
		}
	}
	mutex_unlock(&devtmpfs_lock);
	if (found) {
		kfree(found->name);
		kfree(found);
	}
}

int sim_devtmpfs_lookup(const char *path, dev_t *devt, umode_t *mode)
{
	struct devtmpfs_node *node;
	int err = -ENOENT;

	if (!path || strncmp(path, "/dev/", 5))
		return -ENOENT;
	path += 5;
	mutex_lock(&devtmpfs_lock);
	list_for_each_entry(node, &nodes, list) {
		if (!strcmp(node->name, path)) {
			if (devt)
				*devt = node->devt;
			if (mode)
				*mode = node->mode;
			err = 0;
			break;
		}
	}
	mutex_unlock(&devtmpfs_lock);
	return err;
}

void devtmpfs_dump(FILE *out)
{
	struct devtmpfs_node *node;

	if (list_empty(&nodes))
		return;
	fprintf(out, "devtmpfs:\n");
	list_for_each_entry(node, &nodes, list)
		fprintf(out, "  /dev/%s %u:%u %04o\n", node->name,
			MAJOR(node->devt), MINOR(node->devt),
			node->mode & 07777);
}
