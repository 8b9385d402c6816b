// SPDX-License-Identifier: GPL-2.0-only
/*
 * simdev: a small char driver, written as a kernel driver is, against the
 * shims.  It is the scenario language's test target: each device it binds
 * to gets a simdevN class device below the bus device (sysfs
 * <parent>/simdev/simdevN, with its dev attribute) and a /dev/simdev/...
 * node.  Files count their opens and releases; ioctls exercise
 * get_user(), strndup_user(), capable() and a wait that another file's
 * ioctl ends, so that close can race an ioctl in flight.
 *
 * THIS_MODULE is simdev_module, not __this_module: several targets link
 * into one program, and each names its own (modpost's job in a kernel).
 */
#define __this_module	simdev_module

#include <linux/capability.h>
#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "simdev.h"

struct simdev {
	struct device dev;
	struct cdev cdev;
	int id;
	char node[SIMDEV_NODE_MAX];	/* the /dev name below simdev/ */
	struct completion wake;
	int value;			/* the last SIMDEV_SET_INT */
};

/* One per open file. */
struct simdev_file {
	struct simdev *sd;
	atomic_t in_ioctl;
};

struct simdev_stats simdev_stats[SIMDEV_MAX];

struct module simdev_module = {
	.name = "simdev",
};

static dev_t simdev_devt;
static struct class *simdev_class;
static DEFINE_MUTEX(simdev_lock);	/* protects the two below */
static struct simdev *simdev_table[SIMDEV_MAX];
static int simdev_next_id;

/* What the module init set up, for the set-up snapshot. */
static bool simdev_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(simdev_stats);
	SIM_SNAPSHOT_KEEP(simdev_devt);
	SIM_SNAPSHOT_KEEP(simdev_class);
	SIM_SNAPSHOT_KEEP(simdev_lock);
	SIM_SNAPSHOT_KEEP(simdev_table);
	SIM_SNAPSHOT_KEEP(simdev_next_id);
	return true;
}

static struct sim_exec_hook simdev_hook = {
	.name = "simdev",
	.order = SIM_HOOK_TARGET,
	.snapshot = simdev_snapshot,
};

static void __attribute__((constructor)) simdev_register(void)
{
	sim_register_exec_hook(&simdev_hook);
}

static struct simdev *to_simdev(struct device *dev)
{
	return container_of(dev, struct simdev, dev);
}

static int simdev_open(struct inode *inode, struct file *file)
{
	struct simdev *sd = container_of(inode->i_cdev, struct simdev, cdev);
	struct simdev_file *sf;

	sf = kzalloc(sizeof(*sf), GFP_KERNEL);
	if (!sf)
		return -ENOMEM;
	sf->sd = sd;
	atomic_set(&sf->in_ioctl, 0);
	file->private_data = sf;
	atomic_inc(&simdev_stats[sd->id].opens);
	atomic_inc(&simdev_stats[sd->id].open_files);
	return 0;
}

static int simdev_release(struct inode *inode, struct file *file)
{
	struct simdev_file *sf = file->private_data;
	struct simdev *sd = sf->sd;

	/* the file must outlive every ioctl running on it */
	WARN_ON(atomic_read(&sf->in_ioctl));
	atomic_dec(&simdev_stats[sd->id].open_files);
	atomic_inc(&simdev_stats[sd->id].releases);
	kfree(sf);
	return 0;
}

static long simdev_echo(const char __user *ustr)
{
	char *s = strndup_user(ustr, SIMDEV_ECHO_MAX);
	long len;

	if (IS_ERR(s))
		return PTR_ERR(s);
	len = strlen(s);
	kfree(s);
	return len;
}

static long simdev_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct simdev_file *sf = file->private_data;
	struct simdev *sd = sf->sd;
	long ret;
	int v;

	atomic_inc(&sf->in_ioctl);
	switch (cmd) {
	case SIMDEV_GET_ID:
		ret = sd->id;
		break;
	case SIMDEV_SET_INT:
		if (get_user(v, (int __user *)arg)) {
			ret = -EFAULT;
			break;
		}
		WRITE_ONCE(sd->value, v);
		ret = v;
		break;
	case SIMDEV_ECHO:
		ret = simdev_echo((const char __user *)arg);
		break;
	case SIMDEV_RAWIO:
		ret = capable(CAP_SYS_RAWIO) ? 0 : -EPERM;
		break;
	case SIMDEV_WAIT:
		wait_for_completion(&sd->wake);
		ret = 0;
		break;
	case SIMDEV_WAKE:
		complete(&sd->wake);
		ret = 0;
		break;
	case SIMDEV_OPEN_FILES:
		ret = atomic_read(&simdev_stats[sd->id].open_files);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	atomic_dec(&sf->in_ioctl);
	return ret;
}

/* Reading gives the device's name and a newline. */
static ssize_t simdev_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct simdev_file *sf = file->private_data;
	char text[SIMDEV_NODE_MAX + 8];
	size_t len;

	len = scnprintf(text, sizeof(text), "%s\n", dev_name(&sf->sd->dev));
	if (*ppos < 0)
		return -EINVAL;
	if (*ppos >= len)
		return 0;
	count = min_t(size_t, count, len - *ppos);
	if (copy_to_user(buf, text + *ppos, count))
		return -EFAULT;
	*ppos += count;
	return count;
}

/* Writing accepts anything; the first bytes are copied in and dropped. */
static ssize_t simdev_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	char text[64];

	if (copy_from_user(text, buf, min(count, sizeof(text))))
		return -EFAULT;
	return count;
}

static const struct file_operations simdev_fops = {
	.owner = THIS_MODULE,
	.open = simdev_open,
	.release = simdev_release,
	.unlocked_ioctl = simdev_ioctl,
	.read = simdev_read,
	.write = simdev_write,
};

static char *simdev_devnode(const struct device *dev, umode_t *mode)
{
	const struct simdev *sd = container_of(dev, struct simdev, dev);

	return kasprintf(GFP_KERNEL, "simdev/%s", sd->node);
}

static void simdev_dev_release(struct device *dev)
{
	struct simdev *sd = to_simdev(dev);

	simdev_stats[sd->id].freed = true;
	kfree(sd);
}

int simdev_probe(struct device *parent, const char *node)
{
	struct simdev *sd;
	int id, ret;

	mutex_lock(&simdev_lock);
	id = simdev_next_id < SIMDEV_MAX ? simdev_next_id++ : -ENOSPC;
	mutex_unlock(&simdev_lock);
	if (id < 0)
		return id;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->id = id;
	init_completion(&sd->wake);
	device_initialize(&sd->dev);
	sd->dev.class = simdev_class;
	sd->dev.parent = parent;
	sd->dev.devt = MKDEV(MAJOR(simdev_devt), id);
	sd->dev.release = simdev_dev_release;
	simdev_stats[id].created = true;
	ret = dev_set_name(&sd->dev, "simdev%d", id);
	if (ret)
		goto err_put;
	strscpy(sd->node, node ? node : dev_name(&sd->dev), sizeof(sd->node));

	cdev_init(&sd->cdev, &simdev_fops);
	sd->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&sd->cdev, &sd->dev);
	if (ret)
		goto err_put;

	mutex_lock(&simdev_lock);
	simdev_table[id] = sd;
	mutex_unlock(&simdev_lock);
	return id;

err_put:
	put_device(&sd->dev);
	return ret;
}

int simdev_remove(struct device *parent)
{
	struct simdev *sd = NULL;
	int i;

	mutex_lock(&simdev_lock);
	for (i = 0; i < SIMDEV_MAX; i++) {
		if (simdev_table[i] && simdev_table[i]->dev.parent == parent) {
			sd = simdev_table[i];
			simdev_table[i] = NULL;
			break;
		}
	}
	mutex_unlock(&simdev_lock);
	if (!sd)
		return -ENODEV;

	cdev_device_del(&sd->cdev, &sd->dev);
	put_device(&sd->dev);
	return 0;
}

static int __init simdev_init(void)
{
	int ret;

	memset(simdev_stats, 0, sizeof(simdev_stats));
	memset(simdev_table, 0, sizeof(simdev_table));
	simdev_next_id = 0;

	ret = alloc_chrdev_region(&simdev_devt, 0, SIMDEV_MAX, "simdev");
	if (ret)
		return ret;
	simdev_class = class_create("simdev");
	if (IS_ERR(simdev_class)) {
		ret = PTR_ERR(simdev_class);
		unregister_chrdev_region(simdev_devt, SIMDEV_MAX);
		return ret;
	}
	simdev_class->devnode = simdev_devnode;
	return 0;
}

static void __exit simdev_exit(void)
{
	for (int i = 0; i < SIMDEV_MAX; i++) {
		struct simdev *sd;

		mutex_lock(&simdev_lock);
		sd = simdev_table[i];
		simdev_table[i] = NULL;
		mutex_unlock(&simdev_lock);
		if (!sd)
			continue;
		cdev_device_del(&sd->cdev, &sd->dev);
		put_device(&sd->dev);
	}
	class_destroy(simdev_class);
	unregister_chrdev_region(simdev_devt, SIMDEV_MAX);
}

module_init(simdev_init);
module_exit(simdev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("simdev: the scenario language's test driver");
