// SPDX-License-Identifier: GPL-2.0-only
/*
 * Character devices: the major/minor allocator, the cdev map (lookups,
 * overlapping ranges, unmapping), cdev_device_add()/cdev_device_del() and
 * the references that keep a device alive while a file holds its cdev;
 * an exploration of an open racing with cdev_device_del() + put_device()
 * (no use after free, no leak, both outcomes reached) and, as a control,
 * the same race without the parent pin, which the explorer must catch;
 * misc devices (fixed VFIO_MINOR, dynamic minors, the misc open).
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
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stat.h>

#include "shims/devices.h"
#include "sim_test.h"
#include "device_test.h"

MODULE_ALIAS_MISCDEV(VFIO_MINOR);

/* --- the allocator ------------------------------------------------------- */

static void regions(void)
{
	dev_t devs[24], devt;
	int i;

	/* dynamic majors: 254 down to 234, then 511 down */
	for (i = 0; i < 23; i++)
		CHECK_INT(alloc_chrdev_region(&devs[i], 0, MINORMASK + 1,
					      "dyn"), 0);
	CHECK_INT(MAJOR(devs[0]), 254);
	CHECK_INT(MINOR(devs[0]), 0);
	CHECK_INT(MAJOR(devs[1]), 253);
	CHECK_INT(MAJOR(devs[20]), 234);
	CHECK_INT(MAJOR(devs[21]), 511);
	CHECK_INT(MAJOR(devs[22]), 510);
	/* a freed major is found again, the highest first */
	unregister_chrdev_region(devs[1], MINORMASK + 1);
	CHECK_INT(alloc_chrdev_region(&devt, 5, 10, "again"), 0);
	CHECK_INT(devt, MKDEV(253, 5));

	/* fixed ranges: overlaps refused, neighbours fine */
	CHECK_INT(register_chrdev_region(MKDEV(300, 10), 10, "a"), 0);
	CHECK_INT(register_chrdev_region(MKDEV(300, 15), 10, "b"), -EBUSY);
	CHECK_INT(register_chrdev_region(MKDEV(300, 5), 6, "c"), -EBUSY);
	CHECK_INT(register_chrdev_region(MKDEV(300, 0), 10, "d"), 0);
	CHECK_INT(register_chrdev_region(MKDEV(300, 20), 1, "e"), 0);
	CHECK_INT(register_chrdev_region(devs[0] + 7, 1, "f"), -EBUSY);
	/* across two majors; a conflict in the second undoes the first */
	CHECK_INT(register_chrdev_region(MKDEV(302, 0), 1, "x"), 0);
	CHECK_INT(register_chrdev_region(MKDEV(301, MINORMASK), 2, "g"),
		  -EBUSY);
	CHECK_INT(register_chrdev_region(MKDEV(301, MINORMASK), 1, "h"), 0);
	unregister_chrdev_region(MKDEV(301, MINORMASK), 1);
	unregister_chrdev_region(MKDEV(302, 0), 1);
	CHECK_INT(register_chrdev_region(MKDEV(301, MINORMASK), 2, "k"), 0);
	unregister_chrdev_region(MKDEV(301, MINORMASK), 2);
	/* out of range */
	CHECK_INT(register_chrdev_region(MKDEV(512, 0), 1, "big"), -EINVAL);
	CHECK_INT(alloc_chrdev_region(&devt, 1, MINORMASK + 1, "wide"),
		  -EINVAL);

	unregister_chrdev_region(MKDEV(300, 10), 10);
	unregister_chrdev_region(MKDEV(300, 0), 10);
	unregister_chrdev_region(MKDEV(300, 20), 1);
	unregister_chrdev_region(MKDEV(253, 5), 10);
	for (i = 0; i < 23; i++)
		if (i != 1)
			unregister_chrdev_region(devs[i], MINORMASK + 1);
}

static void test_cdev_chrdev_regions(void **state)
{
	/* anything left registered would be a leak */
	device_test_run_ok(regions);
}

/* --- the map ------------------------------------------------------------- */

static const struct file_operations plain_fops = { .owner = NULL };

static void map(void)
{
	struct cdev *a = kzalloc(sizeof(*a), GFP_KERNEL);
	struct cdev *b = kzalloc(sizeof(*b), GFP_KERNEL);
	struct cdev *c;

	cdev_init(a, &plain_fops);
	cdev_init(b, &plain_fops);
	CHECK(a->ops == &plain_fops);
	CHECK_INT(cdev_add(a, MKDEV(260, 5), 3), 0);
	CHECK(sim_cdev_get(MKDEV(260, 4)) == NULL);
	CHECK(sim_cdev_get(MKDEV(260, 8)) == NULL);
	c = sim_cdev_get(MKDEV(260, 7));
	CHECK(c == a);
	CHECK_INT(kref_read(&a->kobj.kref), 2);
	sim_cdev_put(c);
	CHECK_INT(kref_read(&a->kobj.kref), 1);

	/* a smaller range inside wins, until it goes */
	CHECK_INT(cdev_add(b, MKDEV(260, 6), 1), 0);
	CHECK(sim_cdev_get(MKDEV(260, 6)) == b);
	sim_cdev_put(b);
	CHECK(sim_cdev_get(MKDEV(260, 5)) == a);
	sim_cdev_put(a);
	cdev_del(b);
	CHECK(sim_cdev_get(MKDEV(260, 6)) == a);
	sim_cdev_put(a);

	cdev_del(a);
	CHECK(sim_cdev_get(MKDEV(260, 6)) == NULL);
	kfree(a);
	kfree(b);

	/* a dynamic cdev frees itself at its last reference */
	c = cdev_alloc();
	CHECK(c != NULL);
	c->ops = &plain_fops;
	CHECK_INT(cdev_add(c, MKDEV(261, 0), 1), 0);
	CHECK(sim_cdev_get(MKDEV(261, 0)) == c);
	cdev_del(c);
	CHECK_INT(kref_read(&c->kobj.kref), 1);
	sim_cdev_put(c);
}

static void test_cdev_map_lookup_and_unmap(void **state)
{
	device_test_run_ok(map);
}

static void whiteout(void)
{
	struct cdev c;

	cdev_init(&c, &plain_fops);
	cdev_add(&c, 0, 1);
}

static void test_cdev_add_of_devt_zero_warns(void **state)
{
	device_test_run_fails(whiteout, SIM_FAIL_WARN,
			      "WARN_ON(dev == WHITEOUT_DEV)");
}

static const struct file_operations reg_fops = { .owner = NULL };

static void register_chrdev_whole(void)
{
	struct cdev *c;
	int major;

	major = __register_chrdev(0, 0, 4, "whole", &reg_fops);
	CHECK_INT(major, 254);
	c = sim_cdev_get(MKDEV(major, 3));
	CHECK(c != NULL && c->ops == &reg_fops);
	CHECK(sim_cdev_get(MKDEV(major, 4)) == NULL);
	/* unregistering with a file open: the cdev stays for the file */
	__unregister_chrdev(major, 0, 4, "whole");
	CHECK(sim_cdev_get(MKDEV(major, 3)) == NULL);
	sim_cdev_put(c);
	CHECK_INT(register_chrdev(300, "fixed", &reg_fops), 0);
	CHECK_INT(register_chrdev(300, "again", &reg_fops), -EBUSY);
	unregister_chrdev(300, "fixed");
}

static void test_cdev_register_chrdev(void **state)
{
	device_test_run_ok(register_chrdev_whole);
}

/* --- a device and its cdev ----------------------------------------------- */

struct vdev {
	struct device dev;
	struct cdev cdev;
	int payload;
};

static struct module held_mod = { .name = "held" };
static const struct file_operations vdev_fops = { .owner = &held_mod };

static int released;
static struct class *vclass;
static dev_t vbase;

static void vdev_release(struct device *dev)
{
	struct vdev *v = container_of(dev, struct vdev, dev);

	released++;
	kfree(v);
}

static char *vdev_devnode(const struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "vfio/devices/%s", dev_name(dev));
}

/* The class and region, then one vdev on them (NULL on failure). */
static int vworld_up(void)
{
	int err;

	vclass = class_create("vdev");
	if (IS_ERR(vclass))
		return PTR_ERR(vclass);
	vclass->devnode = vdev_devnode;
	err = alloc_chrdev_region(&vbase, 0, MINORMASK + 1, "vdev");
	if (err)
		class_destroy(vclass);
	return err;
}

static void vworld_down(void)
{
	unregister_chrdev_region(vbase, MINORMASK + 1);
	class_destroy(vclass);
}

/* As vfio_device does: one struct with the device and the cdev. */
static struct vdev *vdev_new(int index)
{
	struct vdev *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return NULL;
	device_initialize(&v->dev);
	v->dev.release = vdev_release;
	v->dev.class = vclass;
	v->dev.devt = MKDEV(MAJOR(vbase), index);
	cdev_init(&v->cdev, &vdev_fops);
	v->cdev.owner = &held_mod;
	v->payload = 42;
	if (dev_set_name(&v->dev, "vfio%d", index)) {
		put_device(&v->dev);
		return NULL;
	}
	return v;
}

static void del_while_held(void)
{
	struct cdev *c;
	struct vdev *v;
	dev_t devt;

	released = 0;
	CHECK_INT(vworld_up(), 0);
	v = vdev_new(0);
	CHECK_INT(cdev_device_add(&v->cdev, &v->dev), 0);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/devices/vfio0", &devt, NULL),
		  0);
	CHECK_INT(devt, v->dev.devt);
	/* the cdev pins the device: the parent of its kobject */
	CHECK(v->cdev.kobj.parent == &v->dev.kobj);
	CHECK_INT(kref_read(&v->dev.kobj.kref), 2);

	c = sim_cdev_get(devt);
	CHECK(c == &v->cdev);
	CHECK_INT(module_refcount(&held_mod), 1);

	cdev_device_del(&v->cdev, &v->dev);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/devices/vfio0", NULL, NULL),
		  -ENOENT);
	CHECK_SYSFS_GONE("/sys/class/vdev/vfio0");
	/* new opens fail; the open one goes on */
	CHECK(sim_cdev_get(devt) == NULL);
	put_device(&v->dev);
	CHECK_INT(released, 0);
	CHECK_INT(container_of(c, struct vdev, cdev)->payload, 42);

	sim_cdev_put(c);
	CHECK_INT(released, 1);
	CHECK_INT(module_refcount(&held_mod), 0);
	vworld_down();
}

static void test_cdev_del_while_held_keeps_device(void **state)
{
	device_test_run_ok(del_while_held);
}

/*
 * The race: an open (lookup, use, final put) against cdev_device_del()
 * and the driver's put_device().  With the parent pin, every interleaving
 * is safe; @pin off builds the pair by hand without it, which frees the
 * device while the opener still uses it.
 */
struct race {
	bool pin;
	struct vdev *v;
	dev_t devt;
	unsigned long got, missed;	/* over the whole exploration */
};

static void opener(void *arg)
{
	struct race *rc = arg;
	struct cdev *c = sim_cdev_get(rc->devt);

	if (!c) {
		rc->missed++;
		return;
	}
	CHECK_INT(container_of(c, struct vdev, cdev)->payload, 42);
	rc->got++;
	sim_cdev_put(c);
}

static void remover(void *arg)
{
	struct race *rc = arg;
	struct vdev *v = rc->v;

	if (rc->pin) {
		cdev_device_del(&v->cdev, &v->dev);
	} else {
		device_del(&v->dev);
		cdev_del(&v->cdev);
	}
	put_device(&v->dev);
}

static void race_setup(void *ctx)
{
	struct race *rc = ctx;

	released = 0;
	CHECK_INT(vworld_up(), 0);
	rc->v = vdev_new(0);
	rc->devt = rc->v->dev.devt;
	if (rc->pin) {
		CHECK_INT(cdev_device_add(&rc->v->cdev, &rc->v->dev), 0);
	} else {
		CHECK_INT(cdev_add(&rc->v->cdev, rc->devt, 1), 0);
		CHECK_INT(device_add(&rc->v->dev), 0);
	}
	sim_thread_create("opener", opener, rc);
	sim_thread_create("remover", remover, rc);
}

static void race_teardown(void *ctx)
{
	CHECK_INT(released, 1);
	CHECK_INT(module_refcount(&held_mod), 0);
	vworld_down();
}

static void test_cdev_open_racing_del_explored(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct race rc = { .pin = true };
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore("cdev-open-vs-del", race_setup,
					     race_teardown, &rc, &o, &r),
			    0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 347);
	/* the open both won and lost the race */
	assert_true(rc.got > 0);
	assert_true(rc.missed > 0);
	assert_int_equal(rc.got + rc.missed, r.executions);
}

static void test_cdev_open_racing_del_without_pin_is_caught(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct race rc = { .pin = false };
	struct sim_result r;
	enum sim_fail_kind k;

	o.max_bound = 2;
	/* under ASan the use after free kills the child: isolate it */
	o.isolate = true;
	sim_test_assert_ret(sim_test_explore("cdev-open-vs-del-unpinned",
					     race_setup, race_teardown, &rc,
					     &o, &r), 1, &r);
	k = r.failures[0].kind;
	if (k != SIM_FAIL_UAF && k != SIM_FAIL_CRASH && k != SIM_FAIL_ASSERT)
		fail_msg("unexpected %s failure: %s, schedule \"%s\"",
			 sim_fail_kind_name(k), r.failures[0].title,
			 r.failures[0].schedule);
	assert_true(r.failures[0].preemptions <= 2);
	assert_true(r.failures[0].schedule[0] != 0);
}

/* Every allocation of the registration failing in turn: clean failures. */
static void add_under_faults(void)
{
	struct vdev *v;
	int err;

	released = 0;
	if (vworld_up())
		return;
	v = vdev_new(3);
	if (!v)
		goto out;
	err = cdev_device_add(&v->cdev, &v->dev);
	if (err) {
		CHECK_INT(err, -ENOMEM);
		CHECK(sim_cdev_get(v->dev.devt) == NULL);
		CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/devices/vfio3", NULL,
					      NULL), -ENOENT);
		put_device(&v->dev);
		CHECK_INT(released, 1);
		goto out;
	}
	cdev_device_del(&v->cdev, &v->dev);
	put_device(&v->dev);
out:
	vworld_down();
}

static void test_cdev_device_add_every_allocation_failing(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_sweep("cdev-faults", device_test_setup,
					   NULL, (void *)add_under_faults, &o,
					   &r), 0, &r);
	assert_true(r.executions >= 20);
}

/* --- misc devices -------------------------------------------------------- */

static struct module misc_mod = { .name = "miscmod" };
static int misc_opens;

static int test_misc_open(struct inode *inode, struct file *file)
{
	misc_opens++;
	return 0;
}

static const struct file_operations test_misc_fops = {
	.owner = &misc_mod,
	.open = test_misc_open,
};

static struct miscdevice vfio_misc, other_misc, dyn_a, dyn_b, twin;

static void misc_init_all(void)
{
	vfio_misc = (struct miscdevice){
		.minor = VFIO_MINOR,
		.name = "vfio",
		.nodename = "vfio/vfio",
		.mode = S_IRUGO | S_IWUGO,
		.fops = &test_misc_fops,
	};
	other_misc = (struct miscdevice){
		.minor = VFIO_MINOR,
		.name = "other",
		.fops = &test_misc_fops,
	};
	dyn_a = (struct miscdevice){
		.minor = MISC_DYNAMIC_MINOR,
		.name = "dyn_a",
		.fops = &test_misc_fops,
	};
	dyn_b = dyn_a;
	dyn_b.name = "dyn_b";
	twin = dyn_a;		/* same name as dyn_a */
}

/* Open @devt as chrdev_open() and then the misc core would. */
static int misc_open_devt(dev_t devt, struct file *f, struct cdev **cp)
{
	struct inode inode = { .i_rdev = devt };
	struct cdev *c = sim_cdev_get(devt);
	int err;

	CHECK(c != NULL);
	memset(f, 0, sizeof(*f));
	f->f_op = fops_get(c->ops);
	inode.i_cdev = c;
	err = f->f_op->open(&inode, f);
	if (err) {
		fops_put(f->f_op);
		sim_cdev_put(c);
		return err;
	}
	*cp = c;
	return 0;
}

static void misc(void)
{
	struct file f;
	struct cdev *c;
	umode_t mode;
	dev_t devt;

	misc_init_all();
	misc_opens = 0;
	CHECK_INT(misc_register(&vfio_misc), 0);
	CHECK(vfio_misc.this_device != NULL);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/vfio", &devt, &mode), 0);
	CHECK_INT(devt, MKDEV(MISC_MAJOR, VFIO_MINOR));
	CHECK_INT(mode, S_IFCHR | 0666);
	CHECK_SYSFS_READ("/sys/class/misc/vfio/dev", "10:196\n");
	CHECK_SYSFS_LINK("/sys/class/misc/vfio",
			 "/sys/devices/virtual/misc/vfio");
	CHECK_SYSFS_READ("/sys/class/misc/vfio/uevent",
			 "MAJOR=10\nMINOR=196\nDEVNAME=vfio/vfio\n"
			 "DEVMODE=0666\n");

	/* a fixed minor is taken once */
	CHECK_INT(misc_register(&other_misc), -EBUSY);
	/* dynamic minors: above the fixed ones, lowest first */
	CHECK_INT(misc_register(&dyn_a), 0);
	CHECK_INT(dyn_a.minor, 256);
	CHECK_INT(misc_register(&dyn_b), 0);
	CHECK_INT(dyn_b.minor, 257);
	CHECK_INT(sim_devtmpfs_lookup("/dev/dyn_b", &devt, &mode), 0);
	CHECK_INT(devt, MKDEV(MISC_MAJOR, 257));
	CHECK_INT(mode, S_IFCHR | 0600);
	/* a name taken: the minor goes back */
	CHECK_INT(misc_register(&twin), -EEXIST);
	CHECK_INT(twin.minor, MISC_DYNAMIC_MINOR);

	/* the open: the miscdevice in private_data, the driver's fops */
	CHECK_INT(misc_open_devt(MKDEV(MISC_MAJOR, VFIO_MINOR), &f, &c), 0);
	CHECK(f.private_data == &vfio_misc);
	CHECK(f.f_op == &test_misc_fops);
	CHECK_INT(misc_opens, 1);
	CHECK_INT(module_refcount(&misc_mod), 1);
	/* the core's cdev stays while the file is open, even after this */
	misc_deregister(&vfio_misc);
	CHECK_INT(sim_devtmpfs_lookup("/dev/vfio/vfio", NULL, NULL), -ENOENT);
	fops_put(f.f_op);
	sim_cdev_put(c);
	CHECK_INT(module_refcount(&misc_mod), 0);
	/* no device at that minor any more */
	CHECK_INT(misc_open_devt(MKDEV(MISC_MAJOR, VFIO_MINOR), &f, &c),
		  -ENODEV);

	misc_deregister(&dyn_a);
	CHECK_INT(dyn_a.minor, MISC_DYNAMIC_MINOR);
	CHECK_SYSFS_LIST("/sys/class/misc", "dyn_b\n");
	misc_deregister(&dyn_b);
	/* the last one took the misc core down with it */
	CHECK_SYSFS_GONE("/sys/class/misc");
	CHECK(sim_cdev_get(MKDEV(MISC_MAJOR, VFIO_MINOR)) == NULL);
}

static void test_cdev_misc_register(void **state)
{
	device_test_run_ok(misc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cdev_chrdev_regions),
		cmocka_unit_test(test_cdev_map_lookup_and_unmap),
		cmocka_unit_test(test_cdev_add_of_devt_zero_warns),
		cmocka_unit_test(test_cdev_register_chrdev),
		cmocka_unit_test(test_cdev_del_while_held_keeps_device),
		cmocka_unit_test(test_cdev_open_racing_del_explored),
		cmocka_unit_test(
			test_cdev_open_racing_del_without_pin_is_caught),
		cmocka_unit_test(test_cdev_device_add_every_allocation_failing),
		cmocka_unit_test(test_cdev_misc_register),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
