// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's own behaviour, beyond what the conformance suite (which
 * every vfio core must pass) asks:
 *
 * - the "naming" module parameter: the device nodes each policy gives,
 *   and a dev_name() shared by two buses failing registration under
 *   "devname" (the RFC's flat directory) but not under "vfiox" or
 *   "subdir";
 * - noiommu groups (enable_unsafe_noiommu_mode): /dev/vfio/noiommu-N,
 *   no device cdev, registration refused without the parameter;
 * - emulated devices (a made-up group each) and driver-assigned device
 *   sets;
 * - registration and unregistration with each allocation failing in
 *   turn: a failed registration leaves no node, group or memory behind;
 * - exploration counts of the model target on scenarios, pinned;
 * - the rfc-2021 variant's open-time exclusion.
 *
 * The model's module parameters are static variables of vfio_main.c, so
 * the registration tests compile the model's five files into this test
 * (as a kernel build would, with kconfig-vfio.h) and set them directly;
 * the model target the scenarios run is the separately linked object.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shims/kconfig-vfio.h"

/* THIS_MODULE of the model's files compiled here */
#define __this_module	test_vfio_module

/* the model's statics have distinct names across its files */
#include "../../vfio-core/vfio_main.c"
#include "../../vfio-core/group.c"
#include "../../vfio-core/container.c"
#include "../../vfio-core/device_cdev.c"
#include "../../vfio-core/iommufd.c"

#include "shims/devices.h"
#include "mocks/iommu.h"
#include "shims/module.h"
#include "world/scenario.h"
#include "sim_test.h"
#include "device_test.h"

struct module test_vfio_module = {
	.name = "vfio",
};

static int tdev_releases;

/*
 * The model's globals compiled here start every execution as after the
 * constructors (the target's link script does this for the target).
 */
#define TEST_STATE(var)	sim_register_state(&(var), sizeof(var))

static void __attribute__((constructor(200))) test_register_state(void)
{
	/* vfio_main.c */
	TEST_STATE(vfio_noiommu);
	TEST_STATE(vfio_naming_param);
	TEST_STATE(vfio_devices);
	TEST_STATE(vfio_fs);
	/* group.c */
	TEST_STATE(vfio_groups);
	/* container.c */
	TEST_STATE(vfio_backends_lock);
	TEST_STATE(vfio_backends);
	TEST_STATE(vfio_container_dev);
	/* device_cdev.c */
	TEST_STATE(vfio_cdev_devt);
	TEST_STATE(tdev_releases);
}

/* --- a minimal vfio driver ----------------------------------------------- */

struct tdev {
	struct vfio_device vdev;
};

static void tdev_release(struct vfio_device *vdev)
{
	tdev_releases++;
}

static const struct vfio_device_ops tdev_ops = {
	.name = "tdev",
	.release = tdev_release,
	.bind_iommufd = vfio_iommufd_physical_bind,
	.unbind_iommufd = vfio_iommufd_physical_unbind,
	.attach_ioas = vfio_iommufd_physical_attach_ioas,
	.detach_ioas = vfio_iommufd_physical_detach_ioas,
};

/*
 * Put the model's parameters as a modprobe line would, load it: 0 or
 * init's error.
 */
static int load(const char *naming, bool noiommu)
{
	tdev_releases = 0;
	vfio_naming_param = (char *)naming;
	vfio_noiommu = noiommu;
	return sim_module_load(&test_vfio_module);
}

static void unload(void)
{
	CHECK_INT(sim_module_unload(&test_vfio_module), 0);
}

/* A bus device, in iommu group @group unless negative. */
static struct device *bus_dev(enum sim_bus bus, const char *name, int group)
{
	struct device *dev = sim_bus_device_add(bus, name);

	if (IS_ERR(dev))
		return dev;
	if (group >= 0 && sim_iommu_group_attach(dev, group, true)) {
		sim_bus_device_del(dev);
		return ERR_PTR(-ENOMEM);
	}
	return dev;
}

static void bus_dev_del(struct device *dev, bool grouped)
{
	if (grouped)
		iommu_group_remove_device(dev);
	sim_bus_device_del(dev);
}

/* Allocate and register a vfio device for @dev: 0 or the error. */
static int probe(struct device *dev, struct tdev **out)
{
	struct tdev *t = vfio_alloc_device(tdev, vdev, dev, &tdev_ops);
	int ret;

	*out = NULL;
	if (IS_ERR(t))
		return PTR_ERR(t);
	ret = vfio_register_group_dev(&t->vdev);
	if (ret) {
		vfio_put_device(&t->vdev);
		return ret;
	}
	*out = t;
	return 0;
}

static void tdev_remove(struct tdev *t)
{
	vfio_unregister_group_dev(&t->vdev);
	vfio_put_device(&t->vdev);
}

static bool node_exists(const char *path)
{
	return !sim_devtmpfs_lookup(path, NULL, NULL);
}

/* --- naming -------------------------------------------------------------- */

static const char *naming;

/*
 * A PCI device in group 7 and a platform device in group 8: their nodes
 * under the policy, their class devices vfio0/vfio1 under every policy.
 */
static void naming_nodes(void)
{
	struct device *pci, *plat;
	struct tdev *a, *b;

	CHECK_INT(load(naming, false), 0);
	pci = bus_dev(SIM_BUS_PCI, "0000:00:01.0", 7);
	plat = bus_dev(SIM_BUS_PLATFORM, "tplat.0", 8);
	CHECK(!IS_ERR(pci) && !IS_ERR(plat));
	CHECK_INT(probe(pci, &a), 0);
	CHECK_INT(probe(plat, &b), 0);

	CHECK(node_exists("/dev/vfio/7"));
	CHECK(node_exists("/dev/vfio/8"));
	CHECK(node_exists("/dev/vfio/vfio"));
	if (!strcmp(naming, "vfiox")) {
		CHECK(node_exists("/dev/vfio/devices/vfio0"));
		CHECK(node_exists("/dev/vfio/devices/vfio1"));
	} else if (!strcmp(naming, "devname")) {
		CHECK(node_exists("/dev/vfio/devices/0000:00:01.0"));
		CHECK(node_exists("/dev/vfio/devices/tplat.0"));
		CHECK(!node_exists("/dev/vfio/devices/vfio0"));
	} else {
		CHECK(node_exists("/dev/vfio/pci/0000:00:01.0"));
		CHECK(node_exists("/dev/vfio/platform/tplat.0"));
		CHECK(!node_exists("/dev/vfio/devices/vfio0"));
	}
	/* what userspace looks up in sysfs does not change */
	CHECK_SYSFS_LIST("/sys/bus/pci/devices/0000:00:01.0/vfio-dev",
			 "vfio0\n");
	CHECK_SYSFS_LIST("/sys/bus/platform/devices/tplat.0/vfio-dev",
			 "vfio1\n");

	tdev_remove(b);
	tdev_remove(a);
	CHECK(!node_exists("/dev/vfio/7"));
	CHECK(!node_exists("/dev/vfio/devices/vfio0"));
	CHECK(!node_exists("/dev/vfio/pci/0000:00:01.0"));
	CHECK_INT(tdev_releases, 2);
	bus_dev_del(plat, true);
	bus_dev_del(pci, true);
	unload();
}

static void test_model_naming_vfiox(void **state)
{
	naming = "vfiox";
	device_test_run_ok(naming_nodes);
}

static void test_model_naming_devname(void **state)
{
	naming = "devname";
	device_test_run_ok(naming_nodes);
}

static void test_model_naming_subdir(void **state)
{
	naming = "subdir";
	device_test_run_ok(naming_nodes);
}

/*
 * 0000:00:01.0 on the PCI bus and on the platform bus: one /dev name
 * under "devname", so the second registration fails (-EEXIST from the
 * node) and leaves nothing behind; the other policies tell them apart.
 */
static void naming_conflict(void)
{
	struct device *pci, *plat;
	struct tdev *a, *b;
	int ret;

	CHECK_INT(load(naming, false), 0);
	pci = bus_dev(SIM_BUS_PCI, "0000:00:01.0", 7);
	plat = bus_dev(SIM_BUS_PLATFORM, "0000:00:01.0", 8);
	CHECK(!IS_ERR(pci) && !IS_ERR(plat));
	CHECK_INT(probe(pci, &a), 0);
	ret = probe(plat, &b);

	if (!strcmp(naming, "devname")) {
		CHECK_INT(ret, -EEXIST);
		/* the failed device's group went with it */
		CHECK(!node_exists("/dev/vfio/8"));
		CHECK_SYSFS_GONE("/sys/class/vfio-dev/vfio1");
		CHECK_INT(tdev_releases, 1);
		/* the first device keeps its node */
		CHECK(node_exists("/dev/vfio/devices/0000:00:01.0"));
	} else {
		CHECK_INT(ret, 0);
		CHECK(node_exists("/dev/vfio/8"));
		tdev_remove(b);
	}
	tdev_remove(a);
	CHECK(!node_exists("/dev/vfio/7"));
	bus_dev_del(plat, true);
	bus_dev_del(pci, true);
	unload();
}

static void test_model_naming_conflict_devname(void **state)
{
	naming = "devname";
	device_test_run_ok(naming_conflict);
}

static void test_model_naming_conflict_vfiox(void **state)
{
	naming = "vfiox";
	device_test_run_ok(naming_conflict);
}

static void test_model_naming_conflict_subdir(void **state)
{
	naming = "subdir";
	device_test_run_ok(naming_conflict);
}

static void naming_invalid(void)
{
	CHECK_INT(load("flat", false), -EINVAL);
	/* nothing of the module is left: it loads again */
	CHECK_INT(load("vfiox", false), 0);
	unload();
}

static void test_model_naming_invalid(void **state)
{
	device_test_run_ok(naming_invalid);
}

/* --- noiommu ------------------------------------------------------------- */

static bool noiommu;

/*
 * A device without an iommu group: refused unless noiommu mode; then a
 * group of its own, /dev/vfio/noiommu-N, and no cdev (the class device
 * is there, without a dev attribute).
 */
static void noiommu_group(void)
{
	struct device *pci;
	struct tdev *a;
	int ret;

	CHECK_INT(load("vfiox", noiommu), 0);
	pci = bus_dev(SIM_BUS_PCI, "0000:00:03.0", -1);
	CHECK(!IS_ERR(pci));
	ret = probe(pci, &a);
	if (!noiommu) {
		CHECK_INT(ret, -EINVAL);
		CHECK_INT(tdev_releases, 1);
		goto out;
	}
	CHECK_INT(ret, 0);
	CHECK(a->vdev.group->type == VFIO_NO_IOMMU);
	CHECK(node_exists("/dev/vfio/noiommu-0"));
	CHECK(!node_exists("/dev/vfio/0"));
	CHECK(!node_exists("/dev/vfio/devices/vfio0"));
	CHECK_SYSFS_LIST("/sys/bus/pci/devices/0000:00:03.0/vfio-dev",
			 "vfio0\n");
	tdev_remove(a);
	CHECK(!node_exists("/dev/vfio/noiommu-0"));
	/* the made-up iommu group went with the device */
	CHECK(iommu_group_get(pci) == NULL);
	CHECK_INT(tdev_releases, 1);
out:
	bus_dev_del(pci, false);
	unload();
}

static void test_model_noiommu_group(void **state)
{
	noiommu = true;
	device_test_run_ok(noiommu_group);
}

static void test_model_noiommu_refused(void **state)
{
	noiommu = false;
	device_test_run_ok(noiommu_group);
}

/* --- emulated devices and device sets ------------------------------------ */

/*
 * An emulated (mdev-like) device: a made-up iommu group of its own, a
 * group node named by its id without prefix, a device cdev; all gone
 * with the device.
 */
static void emulated_group(void)
{
	struct device *mdev;
	struct tdev *t;
	char path[64];
	int id;

	CHECK_INT(load("vfiox", false), 0);
	mdev = bus_dev(SIM_BUS_MDEV, "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001",
		       -1);
	CHECK(!IS_ERR(mdev));
	t = vfio_alloc_device(tdev, vdev, mdev, &tdev_ops);
	CHECK(!IS_ERR(t));
	CHECK_INT(vfio_register_emulated_iommu_dev(&t->vdev), 0);
	CHECK(t->vdev.group->type == VFIO_EMULATED_IOMMU);
	id = iommu_group_id(t->vdev.group->iommu_group);
	snprintf(path, sizeof(path), "/dev/vfio/%d", id);
	CHECK(node_exists(path));
	CHECK(node_exists("/dev/vfio/devices/vfio0"));

	tdev_remove(t);
	CHECK(!node_exists(path));
	CHECK(iommu_group_get(mdev) == NULL);
	CHECK_INT(tdev_releases, 1);
	bus_dev_del(mdev, false);
	unload();
}

static void test_model_emulated_group(void **state)
{
	device_test_run_ok(emulated_group);
}

static int set_key;

static int tdev_init_in_set(struct vfio_device *vdev)
{
	return vfio_assign_device_set(vdev, &set_key);
}

static const struct vfio_device_ops tdev_set_ops = {
	.name = "tdev-set",
	.init = tdev_init_in_set,
	.release = tdev_release,
	.bind_iommufd = vfio_iommufd_physical_bind,
	.unbind_iommufd = vfio_iommufd_physical_unbind,
	.attach_ioas = vfio_iommufd_physical_attach_ioas,
	.detach_ioas = vfio_iommufd_physical_detach_ioas,
};

/* The model's set for @key, NULL once its last member left. */
static struct vfio_device_set *set_lookup(void *key)
{
	struct vfio_device_set *set;

	mutex_lock(&vfio_devices.sets_lock);
	set = vfio_set_lookup(key);
	mutex_unlock(&vfio_devices.sets_lock);
	return set;
}

/*
 * Two devices put in one set by their driver (as vfio-pci does for a
 * reset domain) share its lock; the set lives while a member does.
 */
static void device_set(void)
{
	struct device *d0, *d1;
	struct tdev *a, *b;
	struct vfio_device_set *set;

	CHECK_INT(load("vfiox", false), 0);
	d0 = bus_dev(SIM_BUS_PCI, "0000:00:01.0", 7);
	d1 = bus_dev(SIM_BUS_PCI, "0000:00:01.1", 8);
	CHECK(!IS_ERR(d0) && !IS_ERR(d1));
	a = vfio_alloc_device(tdev, vdev, d0, &tdev_set_ops);
	b = vfio_alloc_device(tdev, vdev, d1, &tdev_set_ops);
	CHECK(!IS_ERR(a) && !IS_ERR(b));
	CHECK_INT(vfio_register_group_dev(&a->vdev), 0);
	CHECK_INT(vfio_register_group_dev(&b->vdev), 0);

	set = a->vdev.dev_set;
	CHECK(set == b->vdev.dev_set);
	CHECK(set->set_id == &set_key);
	CHECK_INT(set->device_count, 2);
	mutex_lock(&set->lock);
	CHECK_INT(vfio_device_set_open_count(set), 0);
	CHECK(vfio_find_device_in_devset(set, d1) == &b->vdev);
	mutex_unlock(&set->lock);

	tdev_remove(a);
	CHECK_INT(set->device_count, 1);
	CHECK(set_lookup(&set_key) == set);
	tdev_remove(b);
	CHECK(set_lookup(&set_key) == NULL);
	CHECK_INT(tdev_releases, 2);
	bus_dev_del(d1, true);
	bus_dev_del(d0, true);
	unload();
}

static void test_model_device_set(void **state)
{
	device_test_run_ok(device_set);
}

/* --- registration under fault injection ---------------------------------- */

/*
 * Load, two devices of one group and one of another, unregister all,
 * unload; any allocation may fail.  A failed registration must leave no
 * node, no group and no memory (the sweep checks leaks at the end).
 */
static void register_faults(void)
{
	struct device *d[3] = { NULL, NULL, NULL };
	static const char *const names[3] = {
		"0000:00:01.0", "0000:00:02.0", "0000:00:03.0",
	};
	static const int groups[3] = { 7, 7, 9 };
	struct tdev *t[3] = { NULL, NULL, NULL };
	int i, ret, nodes;

	if (load(naming, false))
		return;
	for (i = 0; i < 3; i++) {
		d[i] = bus_dev(SIM_BUS_PCI, names[i], groups[i]);
		if (IS_ERR(d[i])) {
			d[i] = NULL;
			goto out;
		}
	}
	for (i = 0; i < 3; i++) {
		/*
		 * -ENOMEM, or -EEXIST where the shim's devtmpfs fails to
		 * make a node for want of memory
		 */
		ret = probe(d[i], &t[i]);
		CHECK(ret == 0 || ret == -ENOMEM || ret == -EEXIST);
	}
	/*
	 * No group node without a registered device of the group, no
	 * device node more than registered devices (a node may be missing:
	 * devtmpfs, as the kernel's, does not fail device_add() when it
	 * cannot make one).
	 */
	if (!t[0] && !t[1])
		CHECK(!node_exists("/dev/vfio/7"));
	if (!t[2])
		CHECK(!node_exists("/dev/vfio/9"));
	for (i = 0, nodes = 0; i < 8; i++) {
		char path[64];

		snprintf(path, sizeof(path), "/dev/vfio/devices/vfio%d", i);
		nodes += node_exists(path);
	}
	CHECK(nodes <= !!t[0] + !!t[1] + !!t[2]);
	for (i = 2; i >= 0; i--)
		if (t[i])
			tdev_remove(t[i]);
	CHECK(!node_exists("/dev/vfio/7"));
	CHECK(!node_exists("/dev/vfio/9"));
	/* every vfio_device allocated was released once */
out:
	for (i = 2; i >= 0; i--)
		if (d[i])
			bus_dev_del(d[i], true);
	unload();
}

static void test_model_register_every_allocation_failing(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	naming = "vfiox";
	o.quiet = getenv("TEST_MODEL_VERBOSE") == NULL;
	sim_test_assert_ret(sim_test_sweep("model-register-faults",
					   device_test_setup, NULL,
					   (void *)register_faults, &o, &r),
			    0, &r);
	assert_true(r.executions >= 50);
}

static void test_model_register_every_allocation_failing_devname(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	naming = "devname";
	sim_test_assert_ret(sim_test_sweep("model-register-faults-devname",
					   device_test_setup, NULL,
					   (void *)register_faults, &o, &r),
			    0, &r);
	assert_true(r.executions >= 50);
}

/* --- the model target on scenarios --------------------------------------- */

static void explore_target(const char *target, const char *text, int bound,
			   uint64_t execs)
{
	char err[SIM_SCENARIO_ERR_MAX];
	struct sim_opts o = sim_test_opts();
	struct sim_scenario *s;
	struct sim_result r;
	int ret;

	s = sim_scenario_parse("t.sim", text, strlen(text), target, err,
			       sizeof(err));
	if (!s)
		fail_msg("%s", err);
	o.max_bound = bound;
	ret = sim_explore(sim_scenario_program(s), &o, &r);
	sim_scenario_free(s);
	sim_test_assert_ret(ret, 0, &r);
	sim_test_assert_passed(&r);
	if (r.executions != execs)
		fail_msg("%llu executions, pinned at %llu",
			 (unsigned long long)r.executions,
			 (unsigned long long)execs);
}

static void explore_model(const char *text, int bound, uint64_t execs)
{
	explore_target("model", text, bound, execs);
}

/*
 * O1 of docs/vfio-semantics.md: in iommufd compat mode device files do not
 * pin the group file, so the group can be closed and opened again with
 * a device of it open.
 */
static void test_model_compat_group_reopen(void **state)
{
	explore_model(
		"device pci 0000:00:01.0 group 7\n"
		"proc A\n"
		"A: i = open /dev/iommu\n"
		"A: g = open /dev/vfio/7\n"
		"A: ioctl g GROUP_SET_CONTAINER i\n"
		"A: d = ioctl g GROUP_GET_DEVICE_FD \"0000:00:01.0\"\n"
		"A: close g\n"
		"A: h = open /dev/vfio/7\n"
		"A: ioctl h GROUP_GET_STATUS                 expect \"\"\n"
		"A: ioctl d DEVICE_GET_INFO                  expect ENOTTY\n"
		"A: close d\n"
		"A: ioctl h GROUP_GET_STATUS                 expect \"viable\"\n"
		"A: close h\n"
		"A: close i\n", 0, 1);
}

/*
 * A group file racing with BIND of a sibling device: exactly one wins
 * (P2), in every interleaving at bound 2.
 */
static void test_model_group_vs_bind_explored(void **state)
{
	explore_model(
		"device pci 0000:00:01.0 group 7\n"
		"device pci 0000:00:02.0 group 7\n"
		"proc A\n"
		"proc B\n"
		"A: g = open /dev/vfio/7                      expect ok|EBUSY\n"
		"A: close g                                   expect ok|EBADF\n"
		"B: i = open /dev/iommu\n"
		"B: d = open /dev/vfio/devices/vfio1\n"
		"B: ioctl d DEVICE_BIND_IOMMUFD i             expect ok|EBUSY\n"
		"B: close d\n"
		"B: close i\n", 2, 3530);
}

/* Unregister waits for the device file; the group file survives it. */
static void test_model_unregister_waits_explored(void **state)
{
	explore_model(
		"device pci 0000:00:01.0 group 7\n"
		"proc A\n"
		"proc D\n"
		"A: c = open /dev/vfio/vfio\n"
		"A: g = open /dev/vfio/7                      expect ok|ENOENT|ENODEV|ENXIO\n"
		"A: ioctl g GROUP_SET_CONTAINER c             expect ok|EBADF|ENODEV\n"
		"A: ioctl c SET_IOMMU TYPE1v2                 expect ok|EINVAL\n"
		"A: d = ioctl g GROUP_GET_DEVICE_FD \"0000:00:01.0\" expect ok|ENODEV|EBADF|EINVAL\n"
		"A: close d                                   expect ok|EBADF\n"
		"A: close g                                   expect ok|EBADF\n"
		"A: close c\n"
		"D: unregister 0000:00:01.0\n", 2, 11020);
}

/*
 * The rfc-2021 variant: the device node is the opener (one at a time, at
 * open(2)), and a group is opened by its file or by device nodes, never
 * both.
 */
static void test_model_rfc2021_open_exclusion(void **state)
{
	explore_target("rfc-2021",
		"device pci 0000:00:01.0 group 7\n"
		"device pci 0000:00:02.0 group 7\n"
		"proc A\n"
		"A: d = open /dev/vfio/devices/vfio0\n"
		"A: e = open /dev/vfio/devices/vfio0          expect EBUSY\n"
		"A: f = open /dev/vfio/devices/vfio1\n"
		"A: g = open /dev/vfio/7                      expect EBUSY\n"
		"A: ioctl d DEVICE_GET_INFO                   expect EINVAL\n"
		"A: close f\n"
		"A: close d\n"
		"A: g2 = open /dev/vfio/7\n"
		"A: d2 = open /dev/vfio/devices/vfio0         expect EBUSY\n"
		"A: close g2\n"
		"A: d3 = open /dev/vfio/devices/vfio0\n"
		"A: close d3\n", 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_naming_vfiox),
		cmocka_unit_test(test_model_naming_devname),
		cmocka_unit_test(test_model_naming_subdir),
		cmocka_unit_test(test_model_naming_conflict_devname),
		cmocka_unit_test(test_model_naming_conflict_vfiox),
		cmocka_unit_test(test_model_naming_conflict_subdir),
		cmocka_unit_test(test_model_naming_invalid),
		cmocka_unit_test(test_model_noiommu_group),
		cmocka_unit_test(test_model_noiommu_refused),
		cmocka_unit_test(test_model_emulated_group),
		cmocka_unit_test(test_model_device_set),
		cmocka_unit_test(test_model_register_every_allocation_failing),
		cmocka_unit_test(
			test_model_register_every_allocation_failing_devname),
		cmocka_unit_test(test_model_compat_group_reopen),
		cmocka_unit_test(test_model_group_vs_bind_explored),
		cmocka_unit_test(test_model_unregister_waits_explored),
		cmocka_unit_test(test_model_rfc2021_open_exclusion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
