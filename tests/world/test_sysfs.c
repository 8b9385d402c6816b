// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sysfs view and the simulated buses: the tree device_add() builds
 * (a class device in its parent's "<class>" directory, the class link, the
 * "dev" attribute, bus links, /sys/dev/char), the lookup userspace does
 * (bus device -> vfio-dev/vfioX -> "dev" -> the /dev node), explored
 * against an unregister, attribute groups, kobjects, the lookups' errors,
 * and bus name validation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/sysfs.h>

#include "shims/devices.h"
#include "sim_test.h"
#include "device_test.h"

static int released;

struct vdev {
	struct device dev;
	struct cdev cdev;
};

static void vdev_release(struct device *dev)
{
	released++;
	kfree(container_of(dev, struct vdev, dev));
}

static char *vfio_dev_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "vfio/devices/%s", dev_name(dev));
}

static const struct file_operations vdev_fops;

/* A vfio-like device "vfio<index>" of @cls under @parent, registered. */
static struct vdev *vdev_add(struct class *cls, struct device *parent,
			     dev_t base, int index)
{
	struct vdev *v = kzalloc(sizeof(*v), GFP_KERNEL);

	CHECK(v != NULL);
	device_initialize(&v->dev);
	v->dev.release = vdev_release;
	v->dev.class = cls;
	v->dev.parent = parent;
	v->dev.devt = MKDEV(MAJOR(base), index);
	cdev_init(&v->cdev, &vdev_fops);
	CHECK_INT(dev_set_name(&v->dev, "vfio%d", index), 0);
	CHECK_INT(cdev_device_add(&v->cdev, &v->dev), 0);
	return v;
}

static void vdev_del(struct vdev *v)
{
	cdev_device_del(&v->cdev, &v->dev);
	put_device(&v->dev);
}

/* --- the tree ------------------------------------------------------------ */

#define PCI_DIR	"/sys/devices/pci0000:00/0000:00:01.0"

static void vfio_like_tree(void)
{
	struct device *pdev;
	struct class *cls;
	struct vdev *v;
	char want[64];
	dev_t base, devt;

	released = 0;
	pdev = sim_bus_device_add(SIM_BUS_PCI, "0000:00:01.0");
	CHECK(!IS_ERR(pdev));
	cls = class_create("vfio-dev");
	CHECK(!IS_ERR(cls));
	cls->devnode = vfio_dev_devnode;
	CHECK_INT(alloc_chrdev_region(&base, 0, MINORMASK + 1, "vfio-dev"),
		  0);
	v = vdev_add(cls, pdev, base, 0);

	CHECK_SYSFS_LIST("/sys", "bus\nclass\ndev\ndevices\nkernel\n");
	CHECK_SYSFS_LIST("/sys/devices", "pci0000:00\nvirtual\n");
	CHECK_SYSFS_LIST("/sys/devices/pci0000:00", "0000:00:01.0\n");
	CHECK_SYSFS_LIST(PCI_DIR, "subsystem\nuevent\nvfio-dev\n");
	CHECK_SYSFS_LIST(PCI_DIR "/vfio-dev", "vfio0\n");
	CHECK_SYSFS_LIST(PCI_DIR "/vfio-dev/vfio0",
			 "dev\ndevice\nsubsystem\nuevent\n");
	snprintf(want, sizeof(want), "%u:0\n", MAJOR(base));
	CHECK_SYSFS_READ(PCI_DIR "/vfio-dev/vfio0/dev", want);

	/* the class link and what it leads to */
	CHECK_SYSFS_LIST("/sys/class/vfio-dev", "vfio0\n");
	CHECK_SYSFS_LINK("/sys/class/vfio-dev/vfio0",
			 PCI_DIR "/vfio-dev/vfio0");
	CHECK_SYSFS_READ("/sys/class/vfio-dev/vfio0/dev", want);
	CHECK_SYSFS_LINK("/sys/class/vfio-dev/vfio0/device", PCI_DIR);
	CHECK_SYSFS_LINK("/sys/class/vfio-dev/vfio0/subsystem",
			 "/sys/class/vfio-dev");
	/* ".." after a link is the target's parent, as in a real lookup */
	CHECK_SYSFS_LIST("/sys/class/vfio-dev/vfio0/../..",
			 "subsystem\nuevent\nvfio-dev\n");

	/* the bus side */
	CHECK_SYSFS_LIST("/sys/bus", "mdev\npci\nplatform\n");
	CHECK_SYSFS_LIST("/sys/bus/pci", "devices\ndrivers\n");
	CHECK_SYSFS_LINK("/sys/bus/pci/devices/0000:00:01.0", PCI_DIR);
	CHECK_SYSFS_LINK("/sys/bus/pci/devices/0000:00:01.0/subsystem",
			 "/sys/bus/pci");
	CHECK_SYSFS_LIST("/sys/bus/pci/devices/0000:00:01.0/vfio-dev",
			 "vfio0\n");

	/* by number, and the node */
	snprintf(want, sizeof(want), "/sys/dev/char/%u:0", MAJOR(base));
	CHECK_SYSFS_LINK(want, PCI_DIR "/vfio-dev/vfio0");
	snprintf(want, sizeof(want),
		 "MAJOR=%u\nMINOR=0\nDEVNAME=vfio/devices/vfio0\n",
		 MAJOR(base));
	CHECK_SYSFS_READ("/sys/class/vfio-dev/vfio0/uevent", want);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/devices/vfio0", &devt, NULL),
		  0);
	CHECK_INT(devt, MKDEV(MAJOR(base), 0));

	/* unregistered: everything it added is gone, the glue too */
	vdev_del(v);
	CHECK_INT(released, 1);
	CHECK_SYSFS_LIST(PCI_DIR, "subsystem\nuevent\n");
	CHECK_SYSFS_LIST("/sys/class/vfio-dev", "");
	snprintf(want, sizeof(want), "/sys/dev/char/%u:0", MAJOR(base));
	CHECK_SYSFS_GONE(want);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/devices/vfio0", NULL, NULL),
		  -ENOENT);

	unregister_chrdev_region(base, MINORMASK + 1);
	class_destroy(cls);
	CHECK_SYSFS_GONE("/sys/class/vfio-dev");
	sim_bus_device_del(pdev);
	CHECK_SYSFS_GONE("/sys/devices/pci0000:00");
	CHECK_SYSFS_LIST("/sys/bus/pci/devices", "");
}

static void test_sysfs_vfio_like_tree(void **state)
{
	device_test_run_ok(vfio_like_tree);
}

static char *group_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "vfio/%s", dev_name(dev));
}

/*
 * A class device without a parent sits in /sys/devices/virtual/<class>;
 * one whose parent is a class device sits right in the parent's directory.
 */
static void virtual_devices(void)
{
	struct class *groups, *sub;
	struct device *d, *child;

	groups = class_create("vfio");
	sub = class_create("sub");
	CHECK(!IS_ERR(groups) && !IS_ERR(sub));
	groups->devnode = group_devnode;
	d = device_create(groups, NULL, MKDEV(250, 7), NULL, "7");
	CHECK(!IS_ERR(d));
	CHECK_SYSFS_LINK("/sys/class/vfio/7", "/sys/devices/virtual/vfio/7");
	CHECK_SYSFS_READ("/sys/devices/virtual/vfio/7/dev", "250:7\n");
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/7", NULL, NULL), 0);

	child = device_create(sub, d, MKDEV(251, 0), NULL, "leaf");
	CHECK(!IS_ERR(child));
	CHECK_SYSFS_LINK("/sys/class/sub/leaf",
			 "/sys/devices/virtual/vfio/7/leaf");
	/* a device without a devt has no "dev" and no node */
	device_destroy(sub, MKDEV(251, 0));
	child = device_create(sub, d, 0, NULL, "nodev");
	CHECK(!IS_ERR(child));
	CHECK_SYSFS_LIST("/sys/class/sub/nodev",
			 "device\nsubsystem\nuevent\n");
	CHECK_SYSFS_READ("/sys/class/sub/nodev/uevent", "");
	device_unregister(child);

	device_destroy(groups, MKDEV(250, 7));
	CHECK_SYSFS_GONE("/sys/devices/virtual/vfio");
	class_destroy(sub);
	class_destroy(groups);
}

static void test_sysfs_virtual_and_nested_class_devices(void **state)
{
	device_test_run_ok(virtual_devices);
}

/* --- the lookup userspace does ------------------------------------------- */

/*
 * What a vfio user does to open the cdev of @bdf: find vfioX in the bus
 * device's vfio-dev directory, read its "dev", open /dev/vfio/devices/
 * vfioX and check the numbers.  Returns 0, or the first error.
 */
static int lookup_vfio_cdev(const char *bdf, dev_t *out)
{
	char path[256], name[64], dev[32];
	unsigned int major, minor;
	dev_t devt;
	long n;
	int err;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	n = sim_sysfs_list(path, name, sizeof(name));
	if (n <= 0)
		return n ? n : -ENOENT;
	name[strcspn(name, "\n")] = 0;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev/%s/dev",
		 bdf, name);
	n = sim_sysfs_read(path, dev, sizeof(dev));
	if (n < 0)
		return n;
	CHECK_INT(sscanf(dev, "%u:%u", &major, &minor), 2);
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	err = sim_devtmpfs_lookup(path, &devt, NULL);
	if (err)
		return err;
	/* what fstat would say must be what sysfs said */
	CHECK_INT(devt, MKDEV(major, minor));
	*out = devt;
	return 0;
}

struct lookup_world {
	struct device *pdev[2];
	struct class *cls;
	struct vdev *v[2];
	dev_t base;
	unsigned long found, missed;	/* over an exploration */
};

static void lookup_world_up(struct lookup_world *w)
{
	w->pdev[0] = sim_bus_device_add(SIM_BUS_PCI, "0000:00:01.0");
	w->pdev[1] = sim_bus_device_add(SIM_BUS_PCI, "0000:00:02.0");
	CHECK(!IS_ERR(w->pdev[0]) && !IS_ERR(w->pdev[1]));
	w->cls = class_create("vfio-dev");
	CHECK(!IS_ERR(w->cls));
	w->cls->devnode = vfio_dev_devnode;
	CHECK_INT(alloc_chrdev_region(&w->base, 0, MINORMASK + 1,
				      "vfio-dev"), 0);
	/* registered in the other order: the index is not the slot */
	w->v[1] = vdev_add(w->cls, w->pdev[1], w->base, 0);
	w->v[0] = vdev_add(w->cls, w->pdev[0], w->base, 1);
}

static void lookup_world_down(struct lookup_world *w)
{
	unregister_chrdev_region(w->base, MINORMASK + 1);
	class_destroy(w->cls);
	sim_bus_device_del(w->pdev[0]);
	sim_bus_device_del(w->pdev[1]);
}

static struct lookup_world lw;

static void scripted_lookup(void)
{
	dev_t devt;

	memset(&lw, 0, sizeof(lw));
	lookup_world_up(&lw);
	CHECK_INT(lookup_vfio_cdev("0000:00:01.0", &devt), 0);
	CHECK_INT(devt, MKDEV(MAJOR(lw.base), 1));
	CHECK_INT(lookup_vfio_cdev("0000:00:02.0", &devt), 0);
	CHECK_INT(devt, MKDEV(MAJOR(lw.base), 0));
	CHECK_INT(lookup_vfio_cdev("0000:00:03.0", &devt), -ENOENT);
	vdev_del(lw.v[0]);
	CHECK_INT(lookup_vfio_cdev("0000:00:01.0", &devt), -ENOENT);
	vdev_del(lw.v[1]);
	lookup_world_down(&lw);
}

static void test_sysfs_scripted_lookup(void **state)
{
	device_test_run_ok(scripted_lookup);
}

/* The lookup racing the device's unregistration: all or nothing. */
static void looker(void *arg)
{
	struct lookup_world *w = arg;
	dev_t devt;
	int err = lookup_vfio_cdev("0000:00:01.0", &devt);

	if (err) {
		CHECK_INT(err, -ENOENT);
		w->missed++;
	} else {
		CHECK_INT(devt, MKDEV(MAJOR(w->base), 1));
		w->found++;
	}
}

static void unregisterer(void *arg)
{
	struct lookup_world *w = arg;

	vdev_del(w->v[0]);
}

static void race_setup(void *ctx)
{
	struct lookup_world *w = ctx;

	lookup_world_up(w);
	sim_thread_create("looker", looker, w);
	sim_thread_create("unregister", unregisterer, w);
}

static void race_teardown(void *ctx)
{
	struct lookup_world *w = ctx;

	vdev_del(w->v[1]);
	lookup_world_down(w);
}

static void test_sysfs_lookup_racing_unregister_explored(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	memset(&lw, 0, sizeof(lw));
	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore("sysfs-lookup-vs-unregister",
					     race_setup, race_teardown, &lw,
					     &o, &r), 0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 425);
	assert_true(lw.found > 0);
	assert_true(lw.missed > 0);
}

/*
 * A read in progress holds its attribute: the device's unregistration
 * waits for show() to return, so show() never sees a deleted device.
 */
struct slow_world {
	struct class *cls;
	struct device *dev;
	bool deleted;		/* device_unregister() returned */
	unsigned long read, missed;
};

static struct slow_world sw;

static ssize_t slow_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	sim_yield(SIM_HERE);
	CHECK(!sw.deleted);
	sim_yield(SIM_HERE);
	return sysfs_emit(buf, "%s\n", dev_name(dev));
}
static DEVICE_ATTR_RO(slow);

static struct attribute *slow_attrs[] = {
	&dev_attr_slow.attr,
	NULL,
};
ATTRIBUTE_GROUPS(slow);

static void slow_reader(void *arg)
{
	char buf[16];
	long n = sim_sysfs_read("/sys/class/slow/s0/slow", buf, sizeof(buf));

	if (n < 0) {
		CHECK_INT(n, -ENOENT);
		sw.missed++;
	} else {
		CHECK_STR(buf, "s0\n");
		sw.read++;
	}
}

static void slow_remover(void *arg)
{
	device_unregister(sw.dev);
	sw.deleted = true;
}

static void slow_setup(void *ctx)
{
	sw.deleted = false;
	sw.cls = class_create("slow");
	CHECK(!IS_ERR(sw.cls));
	sw.dev = device_create_with_groups(sw.cls, NULL, 0, NULL, slow_groups,
					   "s0");
	CHECK(!IS_ERR(sw.dev));
	sim_thread_create("reader", slow_reader, NULL);
	sim_thread_create("remover", slow_remover, NULL);
}

static void slow_teardown(void *ctx)
{
	class_destroy(sw.cls);
}

static void test_sysfs_removal_waits_for_reads(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sw.read = sw.missed = 0;
	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore("sysfs-read-vs-remove",
					     slow_setup, slow_teardown, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 383);
	assert_true(sw.read > 0 && sw.missed > 0);
}

/* --- attributes and kobjects --------------------------------------------- */

static ssize_t hello_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "hello from %s\n", dev_name(dev));
}
static DEVICE_ATTR_RO(hello);

static ssize_t count_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	int n = sysfs_emit(buf, "1");

	return n + sysfs_emit_at(buf, n, "2\n");
}
static DEVICE_ATTR_RO(count);

static ssize_t hidden_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "never\n");
}
static DEVICE_ATTR_RO(hidden);

static ssize_t kind_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "class attribute\n");
}
static DEVICE_ATTR_RO(kind);

static umode_t not_hidden(struct kobject *kobj, struct attribute *attr, int n)
{
	return attr == &dev_attr_hidden.attr ? 0 : attr->mode;
}

static struct attribute *top_attrs[] = {
	&dev_attr_hello.attr,
	&dev_attr_hidden.attr,
	NULL,
};

static const struct attribute_group top_group = {
	.attrs = top_attrs,
	.is_visible = not_hidden,
};

static struct attribute *stats_attrs[] = {
	&dev_attr_count.attr,
	NULL,
};

static const struct attribute_group stats_group = {
	.name = "stats",
	.attrs = stats_attrs,
};

static const struct attribute_group *dev_groups[] = {
	&top_group,
	&stats_group,
	NULL,
};

static struct attribute *kind_attrs[] = {
	&dev_attr_kind.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kind);

static const struct class attr_class = {
	.name = "attrs",
	.dev_groups = kind_groups,
};

static void attribute_groups(void)
{
	struct device *d;
	struct kobject *k;
	char *path;

	CHECK_INT(class_register(&attr_class), 0);
	CHECK_INT(class_register(&attr_class), -EEXIST);
	d = device_create_with_groups(&attr_class, NULL, 0, NULL, dev_groups,
				      "a0");
	CHECK(!IS_ERR(d));
	CHECK_SYSFS_LIST("/sys/class/attrs/a0",
			 "hello\nkind\nstats\nsubsystem\nuevent\n");
	CHECK_SYSFS_READ("/sys/class/attrs/a0/hello", "hello from a0\n");
	CHECK_SYSFS_READ("/sys/class/attrs/a0/kind", "class attribute\n");
	CHECK_SYSFS_READ("/sys/class/attrs/a0/stats/count", "12\n");
	CHECK_SYSFS_GONE("/sys/class/attrs/a0/hidden");
	CHECK_INT(device_create_file(d, &dev_attr_hidden), 0);
	CHECK_SYSFS_READ("/sys/class/attrs/a0/hidden", "never\n");
	CHECK_INT(device_create_file(d, &dev_attr_hidden), -EEXIST);
	device_remove_file(d, &dev_attr_hidden);
	CHECK_SYSFS_GONE("/sys/class/attrs/a0/hidden");
	device_unregister(d);
	class_unregister(&attr_class);

	/* bare kobjects, as the iommu core makes /sys/kernel/iommu_groups */
	k = kobject_create_and_add("iommu_groups", kernel_kobj);
	CHECK(k != NULL);
	CHECK_SYSFS_LIST("/sys/kernel", "iommu_groups\n");
	path = kobject_get_path(k, GFP_KERNEL);
	CHECK_STR(path, "/kernel/iommu_groups");
	kfree(path);
	CHECK(kobject_create_and_add("iommu_groups", kernel_kobj) == NULL);
	kobject_put(k);
	CHECK_SYSFS_LIST("/sys/kernel", "");
}

static void test_sysfs_attribute_groups_and_kobjects(void **state)
{
	device_test_run_ok(attribute_groups);
}

static void lookup_errors(void)
{
	struct device *pdev = sim_bus_device_add(SIM_BUS_PLATFORM, "plat");
	char buf[8];

	CHECK(!IS_ERR(pdev));
	CHECK_INT(sim_sysfs_read("/sys/devices/platform", buf, sizeof(buf)),
		  -EISDIR);
	CHECK_INT(sim_sysfs_list("/sys/devices/platform/plat/uevent", buf,
				 sizeof(buf)), -ENOTDIR);
	CHECK_INT(sim_sysfs_read("/sys/devices/platform/plat/uevent/x", buf,
				 sizeof(buf)), -ENOTDIR);
	CHECK_INT(sim_sysfs_readlink("/sys/devices/platform", buf,
				     sizeof(buf)), -EINVAL);
	CHECK_INT(sim_sysfs_read("/sys/nothing", buf, sizeof(buf)), -ENOENT);
	CHECK_INT(sim_sysfs_read("/proc/self", buf, sizeof(buf)), -ENOENT);
	CHECK_INT(sim_sysfs_read("/system", buf, sizeof(buf)), -ENOENT);
	CHECK_INT(sim_sysfs_list(NULL, buf, sizeof(buf)), -ENOENT);
	/* results are cut to the buffer, NUL-terminated */
	CHECK_INT(sim_sysfs_readlink("/sys/bus/platform/devices/plat", buf,
				     sizeof(buf)), 7);
	CHECK_STR(buf, "/sys/de");
	CHECK_INT(sim_sysfs_list("/sys/bus/platform/devices/plat/", buf, 3),
		  0);
	CHECK_STR(buf, "");
	CHECK_SYSFS_LIST("/sys/devices/platform//plat/./",
			 "subsystem\nuevent\n");
	sim_bus_device_del(pdev);
	CHECK_SYSFS_GONE("/sys/devices/platform");
}

static void test_sysfs_lookup_errors(void **state)
{
	device_test_run_ok(lookup_errors);
}

/* --- the simulated buses ------------------------------------------------- */

static void test_sysfs_bus_names(void **state)
{
	static const struct {
		enum sim_bus bus;
		const char *name;
		bool valid;
	} names[] = {
		{ SIM_BUS_PCI, "0000:00:01.0", true },
		{ SIM_BUS_PCI, "abcd:ef:1f.7", true },
		{ SIM_BUS_PCI, "0000:00:20.0", false },	/* slot */
		{ SIM_BUS_PCI, "0000:00:01.8", false },	/* function */
		{ SIM_BUS_PCI, "0000:00:1F.0", false },	/* upper case */
		{ SIM_BUS_PCI, "000:00:01.0", false },
		{ SIM_BUS_PCI, "0000:00:01.00", false },
		{ SIM_BUS_PCI, "0000-00:01.0", false },
		{ SIM_BUS_PCI, "0000:0g:01.0", false },
		{ SIM_BUS_PCI, "", false },
		{ SIM_BUS_PLATFORM, "vfio-platform.0", true },
		{ SIM_BUS_PLATFORM, "0000:00:01.0", true },
		{ SIM_BUS_PLATFORM, "", false },
		{ SIM_BUS_PLATFORM, "a/b", false },
		{ SIM_BUS_PLATFORM, "..", false },
		{ SIM_BUS_MDEV, "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001", true },
		{ SIM_BUS_MDEV, "83B8F4F2-509F-382F-3C1E-E6BFE0FA1001", false },
		{ SIM_BUS_MDEV, "83b8f4f2-509f-382f-3c1e-e6bfe0fa100", false },
		{ SIM_BUS_MDEV, "83b8f4f2509f-382f-3c1e-e6bfe0fa10010", false },
		{ SIM_BUS_MDEV, "83b8f4f2-509f-382f-3c1e-e6bfe0fa100g", false },
		{ SIM_BUS_NR, "x", false },
	};
	enum sim_bus bus;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (sim_bus_name_valid(names[i].bus, names[i].name) !=
		    names[i].valid)
			fail_msg("bus %d, \"%s\": want %s", names[i].bus,
				 names[i].name,
				 names[i].valid ? "valid" : "invalid");
	assert_false(sim_bus_name_valid(SIM_BUS_PCI, NULL));

	assert_int_equal(sim_bus_parse("pci", &bus), 0);
	assert_int_equal(bus, SIM_BUS_PCI);
	assert_int_equal(sim_bus_parse("mdev", &bus), 0);
	assert_int_equal(bus, SIM_BUS_MDEV);
	assert_int_equal(sim_bus_parse("platform", &bus), 0);
	assert_int_equal(bus, SIM_BUS_PLATFORM);
	assert_int_equal(sim_bus_parse("usb", &bus), -EINVAL);
	assert_int_equal(sim_bus_parse("PCI", &bus), -EINVAL);
	assert_string_equal(sim_bus_name(SIM_BUS_PCI), "pci");
	assert_string_equal(sim_bus_name(SIM_BUS_PLATFORM), "platform");
	assert_string_equal(sim_bus_name(SIM_BUS_MDEV), "mdev");
	assert_null(sim_bus_name(SIM_BUS_NR));
}

#define UUID	"83b8f4f2-509f-382f-3c1e-e6bfe0fa1001"

static void bus_devices(void)
{
	struct device *a, *b, *m, *p;

	CHECK_INT(PTR_ERR(sim_bus_device_add(SIM_BUS_PCI, "0000:00:01")),
		  -EINVAL);
	CHECK_INT(PTR_ERR(sim_bus_device_add(SIM_BUS_MDEV, "not-a-uuid")),
		  -EINVAL);
	a = sim_bus_device_add(SIM_BUS_PCI, "0000:00:01.0");
	b = sim_bus_device_add(SIM_BUS_PCI, "0001:02:03.4");
	m = sim_bus_device_add(SIM_BUS_MDEV, UUID);
	p = sim_bus_device_add(SIM_BUS_PLATFORM, "0000:00:01.0");
	CHECK(!IS_ERR(a) && !IS_ERR(b) && !IS_ERR(m) && !IS_ERR(p));
	/* one name per bus */
	CHECK_INT(PTR_ERR(sim_bus_device_add(SIM_BUS_PCI, "0000:00:01.0")),
		  -EEXIST);
	CHECK_INT(PTR_ERR(sim_bus_device_add(SIM_BUS_MDEV, UUID)), -EEXIST);

	CHECK(sim_bus_find_device(SIM_BUS_PCI, "0000:00:01.0") == a);
	CHECK(sim_bus_find_device(SIM_BUS_PLATFORM, "0000:00:01.0") == p);
	CHECK(sim_bus_find_device(SIM_BUS_MDEV, UUID) == m);
	CHECK(sim_bus_find_device(SIM_BUS_PCI, "0000:00:09.0") == NULL);
	CHECK(a->bus == &pci_bus_type && p->bus == &platform_bus_type &&
	      m->bus == &mdev_bus_type);
	CHECK_INT(kref_read(&a->kobj.kref), 1);

	CHECK_SYSFS_LIST("/sys/devices",
			 UUID "\npci0000:00\npci0001:02\nplatform\nvirtual\n");
	CHECK_SYSFS_LINK("/sys/bus/pci/devices/0001:02:03.4",
			 "/sys/devices/pci0001:02/0001:02:03.4");
	CHECK_SYSFS_LINK("/sys/bus/mdev/devices/" UUID, "/sys/devices/" UUID);
	CHECK_SYSFS_LINK("/sys/bus/platform/devices/0000:00:01.0",
			 "/sys/devices/platform/0000:00:01.0");
	CHECK_SYSFS_LIST("/sys/bus/pci/devices", "0000:00:01.0\n"
			 "0001:02:03.4\n");

	sim_bus_device_del(a);
	sim_bus_device_del(b);
	sim_bus_device_del(m);
	sim_bus_device_del(p);
	CHECK(sim_bus_find_device(SIM_BUS_PCI, "0000:00:01.0") == NULL);
	CHECK_SYSFS_LIST("/sys/devices", "virtual\n");
}

static void test_sysfs_bus_devices(void **state)
{
	device_test_run_ok(bus_devices);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysfs_vfio_like_tree),
		cmocka_unit_test(test_sysfs_virtual_and_nested_class_devices),
		cmocka_unit_test(test_sysfs_scripted_lookup),
		cmocka_unit_test(test_sysfs_lookup_racing_unregister_explored),
		cmocka_unit_test(test_sysfs_removal_waits_for_reads),
		cmocka_unit_test(test_sysfs_attribute_groups_and_kobjects),
		cmocka_unit_test(test_sysfs_lookup_errors),
		cmocka_unit_test(test_sysfs_bus_names),
		cmocka_unit_test(test_sysfs_bus_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
