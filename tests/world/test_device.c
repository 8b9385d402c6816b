// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct device: release exactly once at the last put_device() (and the
 * WARN of a device without a release), names, device messages, the parent
 * pinned while a child is registered, devnode and sysfs name conflicts
 * failing device_add() with -EEXIST and leaving nothing behind,
 * device_create()/device_destroy(), and every allocation of device_add()
 * failing in turn without a leak.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stat.h>

#include "shims/devices.h"
#include "shims/printk.h"
#include "sim_test.h"
#include "device_test.h"

struct thing {
	struct device dev;
	int payload;
};

static int released;		/* thing_release() calls */

static void thing_release(struct device *dev)
{
	struct thing *t = container_of(dev, struct thing, dev);

	released++;
	kfree(t);
}

/* A thing: initialised, with a release, not added. */
static struct thing *thing_new(void)
{
	struct thing *t = kzalloc(sizeof(*t), GFP_KERNEL);

	CHECK(t != NULL);
	device_initialize(&t->dev);
	t->dev.release = thing_release;
	t->payload = 42;
	return t;
}

/* --- life time ----------------------------------------------------------- */

static void release_once(void)
{
	struct thing *t;

	released = 0;
	t = thing_new();
	CHECK_INT(kref_read(&t->dev.kobj.kref), 1);
	CHECK(get_device(&t->dev) == &t->dev);
	get_device(&t->dev);
	CHECK_INT(kref_read(&t->dev.kobj.kref), 3);
	put_device(&t->dev);
	put_device(&t->dev);
	CHECK_INT(released, 0);
	CHECK_INT(t->payload, 42);
	put_device(&t->dev);
	CHECK_INT(released, 1);
	/* NULL is fine both ways */
	CHECK(get_device(NULL) == NULL);
	put_device(NULL);
}

static void test_device_release_once_at_last_put(void **state)
{
	device_test_run_ok(release_once);
}

static void no_release(void)
{
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	device_initialize(dev);
	dev_set_name(dev, "orphan");
	put_device(dev);
}

static void test_device_without_release_warns(void **state)
{
	device_test_run_fails(no_release, SIM_FAIL_WARN,
			      "Device 'orphan' does not have a release() "
			      "function");
}

static struct device static_dev;

static void static_release(struct device *dev)
{
	released++;
}

static void put_too_many(void)
{
	released = 0;
	memset(&static_dev, 0, sizeof(static_dev));
	device_initialize(&static_dev);
	static_dev.release = static_release;
	put_device(&static_dev);
	CHECK_INT(released, 1);
	put_device(&static_dev);
}

static void test_device_put_too_many_underflows(void **state)
{
	device_test_run_fails(put_too_many, SIM_FAIL_REFCOUNT, "underflow");
}

static void type_release(struct device *dev)
{
	released += 10;
}

static void class_dev_release(struct device *dev)
{
	released += 100;
}

static const struct device_type a_type = {
	.name = "a-type",
	.release = type_release,
};

static const struct class rel_class = {
	.name = "rel",
	.dev_release = class_dev_release,
};

/* dev->release first, else the type's, else the class's. */
static void release_fallbacks(void)
{
	struct device a = {}, b = {};

	released = 0;
	device_initialize(&a);
	a.type = &a_type;
	a.class = &rel_class;
	put_device(&a);
	CHECK_INT(released, 10);
	device_initialize(&b);
	b.class = &rel_class;
	put_device(&b);
	CHECK_INT(released, 110);
}

static void test_device_release_fallbacks(void **state)
{
	device_test_run_ok(release_fallbacks);
}

/* --- names and messages -------------------------------------------------- */

static const struct bus_type numbered_bus = {
	.name = "numbered",
	.dev_name = "num",
};

static void names(void)
{
	struct thing *t = thing_new(), *u = thing_new(), *v = thing_new();
	int cookie;

	CHECK(dev_name(&t->dev) == NULL);
	CHECK_INT(dev_set_name(&t->dev, "vfio%d", 7), 0);
	CHECK_STR(dev_name(&t->dev), "vfio7");
	/* renaming frees the old name; a '/' becomes a '!' */
	CHECK_INT(dev_set_name(&t->dev, "%s/%s", "a", "b"), 0);
	CHECK_STR(dev_name(&t->dev), "a!b");

	/* init_name is the name until device_add() makes it the real one */
	u->dev.init_name = "early";
	CHECK_STR(dev_name(&u->dev), "early");
	CHECK_INT(device_add(&u->dev), 0);
	CHECK(u->dev.init_name == NULL);
	CHECK_STR(dev_name(&u->dev), "early");
	CHECK_SYSFS_LIST("/sys/devices/early", "uevent\n");
	device_del(&u->dev);

	/* no name at all: device_add() refuses */
	CHECK_INT(device_add(&v->dev), -EINVAL);
	CHECK(v->dev.p == NULL);

	/* a bus may name its devices <dev_name><id> */
	CHECK_INT(bus_register(&numbered_bus), 0);
	v->dev.bus = &numbered_bus;
	v->dev.id = 3;
	CHECK_INT(device_add(&v->dev), 0);
	CHECK_STR(dev_name(&v->dev), "num3");
	CHECK_SYSFS_LINK("/sys/bus/numbered/devices/num3",
			 "/sys/devices/num3");
	device_del(&v->dev);
	bus_unregister(&numbered_bus);

	dev_set_drvdata(&t->dev, &cookie);
	CHECK(dev_get_drvdata(&t->dev) == &cookie);

	put_device(&t->dev);
	put_device(&u->dev);
	put_device(&v->dev);
	CHECK_INT(released, 3);
}

static void test_device_names(void **state)
{
	released = 0;
	device_test_run_ok(names);
}

static const struct class msg_class = { .name = "msgclass" };
static struct device_driver msg_driver = { .name = "msgdrv" };

static void messages(void)
{
	struct thing *t = thing_new();

	dev_set_name(&t->dev, "dev0");
	CHECK_STR(dev_driver_string(&t->dev), "");
	t->dev.class = &msg_class;
	CHECK_STR(dev_driver_string(&t->dev), "msgclass");
	dev_err(&t->dev, "broken %d\n", 1);
	t->dev.bus = &pci_bus_type;
	CHECK_STR(dev_driver_string(&t->dev), "pci");
	dev_warn(&t->dev, "odd\n");
	t->dev.driver = &msg_driver;
	dev_info(&t->dev, "bound\n");
	dev_dbg(&t->dev, "not printed without DEBUG\n");
	dev_printk(KERN_NOTICE, NULL, "nobody\n");
	for (int i = 0; i < 15; i++)
		dev_info_ratelimited(&t->dev, "again %d\n", i);
	t->dev.driver = NULL;
	put_device(&t->dev);
}

static void test_device_messages(void **state)
{
	const char *log;

	device_test_run_ok(messages);
	log = sim_printk_log();
	assert_non_null(strstr(log, "[T0] msgclass dev0: broken 1\n"));
	assert_non_null(strstr(log, "[T0] pci dev0: odd\n"));
	assert_non_null(strstr(log, "[T0] msgdrv dev0: bound\n"));
	assert_non_null(strstr(log, "[T0] (NULL device *): nobody\n"));
	assert_null(strstr(log, "not printed"));
	/* ten per call site and execution */
	assert_non_null(strstr(log, "msgdrv dev0: again 9\n"));
	assert_null(strstr(log, "again 10"));
}

static void test_device_default_this_module(void **state)
{
	/* tests have no module of their own: the library's default */
	assert_string_equal(THIS_MODULE->name, "sim");
}

/* --- registration -------------------------------------------------------- */

/* The parent stays until its registered child is deleted. */
static void parent_pinned(void)
{
	struct thing *parent = thing_new(), *child = thing_new();

	released = 0;
	dev_set_name(&parent->dev, "parent");
	CHECK_INT(device_add(&parent->dev), 0);
	dev_set_name(&child->dev, "child");
	child->dev.parent = &parent->dev;
	CHECK_INT(device_add(&child->dev), 0);
	CHECK_SYSFS_LIST("/sys/devices/parent", "child\nuevent\n");
	CHECK(device_is_registered(&child->dev));

	/* the parent's owner lets go first */
	device_del(&parent->dev);
	put_device(&parent->dev);
	CHECK_INT(released, 0);
	CHECK_INT(parent->payload, 42);

	device_del(&child->dev);
	CHECK(!device_is_registered(&child->dev));
	CHECK_INT(released, 1);		/* the parent */
	put_device(&child->dev);
	CHECK_INT(released, 2);
	CHECK_SYSFS_GONE("/sys/devices/parent");
}

static void test_device_parent_pinned_until_child_deleted(void **state)
{
	device_test_run_ok(parent_pinned);
}

static char *vfio_like_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "vfio/%s", dev_name(dev));
}

static char *flat_devnode(const struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0666;
	return kstrdup("vfio", GFP_KERNEL);
}

static struct class *class_a, *class_b;

static struct thing *class_thing(struct class *cls, const char *name,
				 dev_t devt)
{
	struct thing *t = thing_new();

	t->dev.class = cls;
	t->dev.devt = devt;
	dev_set_name(&t->dev, "%s", name);
	return t;
}

/*
 * Two classes whose devnode callbacks give the same /dev name: the second
 * device_add() fails and leaves no trace; once the first device is gone
 * the name can be taken.
 */
static void devnode_conflict(void)
{
	struct thing *first, *second, *third, *flat;
	dev_t devt;
	umode_t mode;

	released = 0;
	class_a = class_create("class-a");
	class_b = class_create("class-b");
	CHECK(!IS_ERR(class_a) && !IS_ERR(class_b));
	class_a->devnode = vfio_like_devnode;
	class_b->devnode = vfio_like_devnode;

	first = class_thing(class_a, "7", MKDEV(300, 7));
	CHECK_INT(device_add(&first->dev), 0);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/7", &devt, &mode), 0);
	CHECK_INT(devt, MKDEV(300, 7));
	CHECK_INT(mode, S_IFCHR | 0600);

	second = class_thing(class_b, "7", MKDEV(301, 7));
	CHECK_INT(device_add(&second->dev), -EEXIST);
	/* nothing half-registered */
	CHECK(second->dev.p == NULL);
	CHECK(!device_is_registered(&second->dev));
	CHECK_SYSFS_GONE("/sys/class/class-b/7");
	CHECK_SYSFS_GONE("/sys/devices/virtual/class-b");
	CHECK_SYSFS_GONE("/sys/dev/char/301:7");
	CHECK_SYSFS_LIST("/sys/class/class-b", "");
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/7", &devt, NULL), 0);
	CHECK_INT(devt, MKDEV(300, 7));
	put_device(&second->dev);
	CHECK_INT(released, 1);

	/* a node where a directory is needed, and the other way round */
	flat = class_thing(class_b, "flat", MKDEV(301, 1));
	class_b->devnode = flat_devnode;
	CHECK_INT(device_add(&flat->dev), -EEXIST);
	put_device(&flat->dev);
	CHECK_INT(released, 2);

	device_del(&first->dev);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/7", NULL, NULL), -ENOENT);
	put_device(&first->dev);
	CHECK_INT(released, 3);

	flat = class_thing(class_b, "flat", MKDEV(301, 1));
	CHECK_INT(device_add(&flat->dev), 0);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio", &devt, &mode), 0);
	CHECK_INT(mode, S_IFCHR | 0666);
	class_b->devnode = vfio_like_devnode;
	third = class_thing(class_b, "8", MKDEV(301, 8));
	CHECK_INT(device_add(&third->dev), -EEXIST);
	put_device(&third->dev);
	device_unregister(&flat->dev);

	third = class_thing(class_b, "7", MKDEV(301, 7));
	CHECK_INT(device_add(&third->dev), 0);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/7", &devt, NULL), 0);
	CHECK_INT(devt, MKDEV(301, 7));
	device_unregister(&third->dev);
	CHECK_INT(released, 6);

	class_destroy(class_a);
	class_destroy(class_b);
	CHECK_SYSFS_LIST("/sys/class", "");
}

static void test_device_devnode_conflict_fails_cleanly(void **state)
{
	device_test_run_ok(devnode_conflict);
}

/*
 * Same name in one class (a second link /sys/class/<class>/<name>), and
 * same name under one parent (a second directory): -EEXIST, undone.
 */
static void sysfs_conflict(void)
{
	struct thing *p1 = thing_new(), *p2 = thing_new();
	struct thing *c1, *c2, *d1, *d2;
	struct class *cls;

	released = 0;
	dev_set_name(&p1->dev, "p1");
	dev_set_name(&p2->dev, "p2");
	CHECK_INT(device_add(&p1->dev), 0);
	CHECK_INT(device_add(&p2->dev), 0);
	cls = class_create("grp");
	CHECK(!IS_ERR(cls));

	c1 = class_thing(cls, "3", MKDEV(400, 3));
	c1->dev.parent = &p1->dev;
	CHECK_INT(device_add(&c1->dev), 0);
	c2 = class_thing(cls, "3", MKDEV(400, 4));
	c2->dev.parent = &p2->dev;
	CHECK_INT(device_add(&c2->dev), -EEXIST);
	/* its directory and its glue directory were taken back */
	CHECK_SYSFS_LIST("/sys/devices/p2", "uevent\n");
	CHECK_SYSFS_LIST("/sys/devices/p1/grp", "3\n");
	CHECK_SYSFS_LINK("/sys/class/grp/3", "/sys/devices/p1/grp/3");
	CHECK_SYSFS_GONE("/sys/dev/char/400:4");
	put_device(&c2->dev);
	CHECK_INT(released, 1);

	d1 = thing_new();
	dev_set_name(&d1->dev, "twin");
	d1->dev.parent = &p2->dev;
	CHECK_INT(device_add(&d1->dev), 0);
	d2 = thing_new();
	dev_set_name(&d2->dev, "twin");
	d2->dev.parent = &p2->dev;
	CHECK_INT(device_add(&d2->dev), -EEXIST);
	put_device(&d2->dev);
	CHECK_INT(released, 2);
	/* the parent's references are balanced: it goes when it should */
	CHECK_INT(kref_read(&p2->dev.kobj.kref), 3);

	device_unregister(&d1->dev);
	device_unregister(&c1->dev);
	class_destroy(cls);
	device_unregister(&p1->dev);
	device_unregister(&p2->dev);
	CHECK_INT(released, 6);
	CHECK_SYSFS_LIST("/sys/devices", "virtual\n");
}

static void test_device_sysfs_conflict_fails_cleanly(void **state)
{
	device_test_run_ok(sysfs_conflict);
}

static void create_destroy(void)
{
	struct device *dev, *found;
	struct class *cls = class_create("made");
	int cookie;
	dev_t devt;

	CHECK(!IS_ERR(cls));
	dev = device_create(cls, NULL, MKDEV(500, 3), &cookie, "made%d", 3);
	CHECK(!IS_ERR(dev));
	CHECK(dev_get_drvdata(dev) == &cookie);
	CHECK_INT(sim_devtmpfs_lookup("/dev/made3", &devt, NULL), 0);
	CHECK_INT(devt, MKDEV(500, 3));
	CHECK_SYSFS_READ("/sys/class/made/made3/dev", "500:3\n");
	CHECK_SYSFS_READ("/sys/devices/virtual/made/made3/uevent",
			 "MAJOR=500\nMINOR=3\nDEVNAME=made3\n");
	found = class_find_device_by_devt(cls, MKDEV(500, 3));
	CHECK(found == dev);
	put_device(found);
	CHECK(class_find_device_by_name(cls, "nope") == NULL);
	CHECK(IS_ERR(device_create(cls, NULL, MKDEV(500, 4), NULL, "made3")));
	device_destroy(cls, MKDEV(500, 3));
	CHECK_INT(sim_devtmpfs_lookup("/dev/made3", NULL, NULL), -ENOENT);
	class_destroy(cls);
}

static void test_device_create_destroy(void **state)
{
	device_test_run_ok(create_destroy);
}

static void class_with_devices(void)
{
	struct class *cls = class_create("busy");
	struct thing *t = class_thing(cls, "b0", 0);

	CHECK_INT(device_add(&t->dev), 0);
	class_destroy(cls);
}

static void test_device_class_destroyed_with_devices_warns(void **state)
{
	device_test_run_fails(class_with_devices, SIM_FAIL_WARN,
			      "class 'busy' unregistered with devices still "
			      "registered");
}

/* --- every allocation failing in turn ------------------------------------ */

static void add_under_faults(void)
{
	struct device *bus_dev;
	struct class *cls;
	struct thing *t;
	int err;

	bus_dev = sim_bus_device_add(SIM_BUS_PCI, "0000:00:02.0");
	if (IS_ERR(bus_dev)) {
		CHECK_INT(PTR_ERR(bus_dev), -ENOMEM);
		CHECK_SYSFS_GONE("/sys/bus/pci/devices/0000:00:02.0");
		CHECK_SYSFS_GONE("/sys/devices/pci0000:00");
		return;
	}
	cls = class_create("faulty");
	if (IS_ERR(cls)) {
		CHECK_INT(PTR_ERR(cls), -ENOMEM);
		CHECK_SYSFS_GONE("/sys/class/faulty");
		goto out_bus;
	}
	cls->devnode = vfio_like_devnode;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		goto out_class;
	device_initialize(&t->dev);
	t->dev.release = thing_release;
	t->dev.class = cls;
	t->dev.parent = bus_dev;
	t->dev.devt = MKDEV(240, 0);
	err = dev_set_name(&t->dev, "vfio%d", 0);
	if (!err)
		err = device_add(&t->dev);
	if (err) {
		CHECK_INT(err, -ENOMEM);
		CHECK_SYSFS_GONE("/sys/class/faulty/vfio0");
		CHECK_SYSFS_GONE("/sys/devices/pci0000:00/0000:00:02.0/"
				 "faulty");
		CHECK_SYSFS_GONE("/sys/dev/char/240:0");
		CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/vfio0", NULL, NULL),
			  -ENOENT);
		put_device(&t->dev);
		goto out_class;
	}
	CHECK_SYSFS_READ("/sys/class/faulty/vfio0/dev", "240:0\n");
	device_unregister(&t->dev);
out_class:
	class_destroy(cls);
out_bus:
	sim_bus_device_del(bus_dev);
	CHECK_SYSFS_LIST("/sys/devices", "virtual\n");
}

static void test_device_add_every_allocation_failing(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_sweep("device-faults", device_test_setup,
					   NULL, (void *)add_under_faults, &o,
					   &r), 0, &r);
	/* one run per allocation, and the last where none failed */
	assert_true(r.executions >= 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_release_once_at_last_put),
		cmocka_unit_test(test_device_without_release_warns),
		cmocka_unit_test(test_device_put_too_many_underflows),
		cmocka_unit_test(test_device_release_fallbacks),
		cmocka_unit_test(test_device_names),
		cmocka_unit_test(test_device_messages),
		cmocka_unit_test(test_device_default_this_module),
		cmocka_unit_test(test_device_parent_pinned_until_child_deleted),
		cmocka_unit_test(test_device_devnode_conflict_fails_cleanly),
		cmocka_unit_test(test_device_sysfs_conflict_fails_cleanly),
		cmocka_unit_test(test_device_create_destroy),
		cmocka_unit_test(
			test_device_class_destroyed_with_devices_warns),
		cmocka_unit_test(test_device_add_every_allocation_failing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
