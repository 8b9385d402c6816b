// SPDX-License-Identifier: GPL-2.0-only
/*
 * Modules: references (NULL is built in, a module going away refuses
 * them), module_init()/module_exit() recorded in THIS_MODULE and run by
 * sim_module_load()/sim_module_unload(), unload refused while a reference
 * is held (a cdev of the module held open included), references leaked
 * or dropped twice, an exploration of a reference racing an unload, and
 * the module information macros compiling to nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <linux/cdev.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "shims/devices.h"
#include "shims/module.h"
#include "sim_test.h"
#include "device_test.h"

/* This suite is a module of its own. */
struct module __this_module = { .name = "test_module" };

static int inits, exits;

static int __init test_module_init(void)
{
	inits++;
	return 0;
}

static void __exit test_module_exit(void)
{
	exits++;
}

module_init(test_module_init);
module_exit(test_module_exit);

/* The information macros and parameters compile and do nothing. */
static bool unsafe_mode;
module_param_named(enable_unsafe_mode, unsafe_mode, bool, 0644);
MODULE_PARM_DESC(enable_unsafe_mode, "Enable unsafe mode (default: false)");
static unsigned int limit = 65535;
module_param(limit, uint, 0644);
MODULE_LICENSE("GPL v2");
MODULE_AUTHOR("vfio-sim");
MODULE_DESCRIPTION("module shim tests");
MODULE_VERSION("0.1");
MODULE_ALIAS("devname:vfio/vfio");
MODULE_SOFTDEP("post: vfio_iommu_type1");
MODULE_IMPORT_NS(IOMMUFD);

int test_module_exported(void);
int test_module_exported(void)
{
	return 7;
}
EXPORT_SYMBOL_GPL(test_module_exported);
EXPORT_SYMBOL(test_module_exported);

int test_module_not_linked(void);

static void test_module_macros(void **state)
{
	const char *(*fn)(enum sim_bus) = symbol_get(sim_bus_name);
	int (*none)(void) = symbol_get(test_module_not_linked);

	/* a symbol of another object of the program: its address */
	assert_ptr_equal(fn, sim_bus_name);
	assert_string_equal(fn(SIM_BUS_PCI), "pci");
	symbol_put(sim_bus_name);
	assert_int_equal(test_module_exported(), 7);
	/* a symbol no object defines: NULL, as when its module is absent */
	assert_null(none);
	assert_false(unsafe_mode);
	assert_int_equal(limit, 65535);
	assert_string_equal(THIS_MODULE->name, "test_module");
	assert_ptr_equal(THIS_MODULE->init, test_module_init);
	assert_ptr_equal(THIS_MODULE->exit, test_module_exit);
	assert_string_equal(module_name(NULL), "kernel");
}

/* --- references ---------------------------------------------------------- */

static struct module mod_a = { .name = "mod_a" };

static void counting(void)
{
	/* built-in code has no module: always a reference */
	CHECK(try_module_get(NULL));
	module_put(NULL);
	__module_get(NULL);

	CHECK_INT(module_refcount(&mod_a), 0);
	CHECK(module_is_live(&mod_a));
	CHECK(try_module_get(&mod_a));
	CHECK(try_module_get(&mod_a));
	__module_get(&mod_a);
	CHECK_INT(module_refcount(&mod_a), 3);
	module_put(&mod_a);
	module_put(&mod_a);
	module_put(&mod_a);
	CHECK_INT(module_refcount(&mod_a), 0);
}

static void test_module_references(void **state)
{
	device_test_run_ok(counting);
	/* and each execution starts afresh */
	device_test_run_ok(counting);
}

static void load_unload(void)
{
	inits = exits = 0;
	CHECK_INT(sim_module_load(THIS_MODULE), 0);
	CHECK_INT(inits, 1);
	CHECK_INT(sim_module_load(THIS_MODULE), -EEXIST);
	CHECK(try_module_get(THIS_MODULE));
	CHECK_INT(sim_module_unload(THIS_MODULE), -EBUSY);
	CHECK_INT(exits, 0);
	module_put(THIS_MODULE);
	CHECK_INT(sim_module_unload(THIS_MODULE), 0);
	CHECK_INT(exits, 1);
	/* gone: no references, nothing to unload */
	CHECK(!module_is_live(THIS_MODULE));
	CHECK(!try_module_get(THIS_MODULE));
	CHECK_INT(sim_module_unload(THIS_MODULE), -ENOENT);
	/* and back */
	CHECK_INT(sim_module_load(THIS_MODULE), 0);
	CHECK_INT(inits, 2);
	CHECK(try_module_get(THIS_MODULE));
	module_put(THIS_MODULE);
	CHECK_INT(sim_module_unload(THIS_MODULE), 0);
	CHECK_INT(exits, 2);
}

static void test_module_load_unload(void **state)
{
	device_test_run_ok(load_unload);
}

static int failing_init(void)
{
	return -ENODEV;
}

static void plain_exit(void)
{
}

static struct module mod_fail = { .name = "mod_fail" };
static struct module mod_noexit = { .name = "mod_noexit" };

static void bad_modules(void)
{
	mod_fail.init = failing_init;
	mod_fail.exit = plain_exit;
	CHECK_INT(sim_module_load(&mod_fail), -ENODEV);
	CHECK(!try_module_get(&mod_fail));
	CHECK_INT(sim_module_unload(&mod_fail), -ENOENT);

	/* an init without an exit: the module cannot be removed */
	mod_noexit.init = test_module_init;
	CHECK_INT(sim_module_load(&mod_noexit), 0);
	CHECK_INT(sim_module_unload(&mod_noexit), -EBUSY);
	CHECK(try_module_get(&mod_noexit));
	module_put(&mod_noexit);
}

static void test_module_bad_init_and_missing_exit(void **state)
{
	device_test_run_ok(bad_modules);
}

/* A cdev of the module held open (sim_cdev_get) blocks the unload. */
static struct module mod_cdev = { .name = "mod_cdev" };
static const struct file_operations cdev_fops = { .owner = &mod_cdev };

static void unload_with_open_cdev(void)
{
	struct cdev *cdev = cdev_alloc(), *c;
	dev_t devt;

	CHECK_INT(sim_module_load(&mod_cdev), 0);
	CHECK_INT(alloc_chrdev_region(&devt, 0, 1, "modcdev"), 0);
	cdev->ops = &cdev_fops;
	cdev->owner = &mod_cdev;
	CHECK_INT(cdev_add(cdev, devt, 1), 0);

	c = sim_cdev_get(devt);
	CHECK(c == cdev);
	CHECK_INT(module_refcount(&mod_cdev), 1);
	CHECK_INT(sim_module_unload(&mod_cdev), -EBUSY);
	sim_cdev_put(c);
	CHECK_INT(sim_module_unload(&mod_cdev), 0);
	/* still mapped, but its module is gone: the open fails */
	CHECK(sim_cdev_get(devt) == NULL);
	cdev_del(cdev);
	unregister_chrdev_region(devt, 1);
}

static void test_module_unload_busy_while_cdev_open(void **state)
{
	device_test_run_ok(unload_with_open_cdev);
}

static struct module mod_leaky = { .name = "mod_leaky" };

static void leak_reference(void)
{
	CHECK(try_module_get(&mod_leaky));
}

static void test_module_leaked_reference_fails(void **state)
{
	device_test_run_fails(leak_reference, SIM_FAIL_LEAK,
			      "module mod_leaky: 1 reference still held");
}

static struct module mod_twice = { .name = "mod_twice" };

static void put_twice(void)
{
	CHECK(try_module_get(&mod_twice));
	module_put(&mod_twice);
	/* the second takes the live module's bias, silently */
	module_put(&mod_twice);
	CHECK(!try_module_get(&mod_twice));
	module_put(&mod_twice);
}

static void test_module_put_without_reference_warns(void **state)
{
	device_test_run_fails(put_twice, SIM_FAIL_WARN,
			      "module_put: module mod_twice has no reference "
			      "to drop");
}

/* --- a reference racing an unload ---------------------------------------- */

static struct module mod_race = { .name = "mod_race" };
static bool race_exited;
static unsigned long race_got, race_refused, race_unloaded, race_busy;

static void race_exit(void)
{
	race_exited = true;
}

static void user(void *arg)
{
	if (!try_module_get(&mod_race)) {
		race_refused++;
		return;
	}
	/* while we hold it, its exit cannot have run */
	CHECK(!race_exited);
	race_got++;
	module_put(&mod_race);
}

static void remover(void *arg)
{
	int ret = sim_module_unload(&mod_race);

	if (ret) {
		CHECK_INT(ret, -EBUSY);
		race_busy++;
	} else {
		CHECK(race_exited);
		race_unloaded++;
	}
}

static void race_setup(void *ctx)
{
	race_exited = false;
	mod_race.exit = race_exit;
	CHECK_INT(sim_module_load(&mod_race), 0);
	sim_thread_create("user", user, NULL);
	sim_thread_create("rmmod", remover, NULL);
}

static void race_teardown(void *ctx)
{
	if (!race_exited)
		CHECK_INT(sim_module_unload(&mod_race), 0);
	CHECK(race_exited);
}

static void test_module_get_racing_unload_explored(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore("module-get-vs-unload",
					     race_setup, race_teardown, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 17);
	/* every outcome happened: got / refused, unloaded / busy */
	assert_true(race_got > 0 && race_refused > 0);
	assert_true(race_unloaded > 0 && race_busy > 0);
	assert_int_equal(race_got + race_refused, r.executions);
	assert_int_equal(race_unloaded + race_busy, r.executions);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_macros),
		cmocka_unit_test(test_module_references),
		cmocka_unit_test(test_module_load_unload),
		cmocka_unit_test(test_module_bad_init_and_missing_exit),
		cmocka_unit_test(test_module_unload_busy_while_cdev_open),
		cmocka_unit_test(test_module_leaked_reference_fails),
		cmocka_unit_test(test_module_put_without_reference_warns),
		cmocka_unit_test(test_module_get_racing_unload_explored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
