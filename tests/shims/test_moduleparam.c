// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/moduleparam.h>: module_param() and friends register their
 * variables, found by module and name; values are parsed as the kernel's
 * command line parses them (kstrtobool, base-0 integers in range,
 * strings), a bad value leaves the variable alone, an unsafe parameter
 * taints, and a callback parameter is set through its ops.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>

/* THIS_MODULE here is the program's default module, "sim" */
static bool flag;
module_param(flag, bool, 0644);
MODULE_PARM_DESC(flag, "a bool");

static int level = 3;
module_param_named(debug_level, level, int, 0644);

static unsigned int count;
module_param(count, uint, 0444);

static char *mode = "vfiox";
module_param(mode, charp, 0444);

static bool danger;
module_param_unsafe(danger, bool, 0644);

static int cb_value, cb_calls;

static int cb_set(const char *val, const struct kernel_param *kp)
{
	cb_calls++;
	if (val && !strcmp(val, "bad"))
		return -EINVAL;
	return param_set_int(val, kp);
}

static const struct kernel_param_ops cb_ops = {
	.set = cb_set,
	.get = param_get_int,
};
module_param_cb(viacb, &cb_ops, &cb_value, 0644);

/* Another module's parameter is not ours. */
static struct module other_module = { .name = "other" };
#undef THIS_MODULE
#define THIS_MODULE (&other_module)
static bool other_flag;
module_param_named(shared, other_flag, bool, 0644);
#undef THIS_MODULE
#define THIS_MODULE (&__this_module)

static void test_moduleparam_registry(void **state)
{
	const struct sim_modparam *p = NULL;
	int n = 0;

	while ((p = sim_param_next(THIS_MODULE, p))) {
		assert_ptr_equal(p->mod, THIS_MODULE);
		n++;
	}
	assert_int_equal(n, 6);
	p = sim_param_find(THIS_MODULE, "debug_level");
	assert_non_null(p);
	assert_ptr_equal(p->var, &level);
	assert_int_equal(p->type, SIM_PARAM_int);
	assert_string_equal(sim_param_type_name(p->type), "int");
	assert_null(sim_param_find(THIS_MODULE, "level"));
	assert_null(sim_param_find(THIS_MODULE, "nosuch"));
	p = sim_param_find(&other_module, "shared");
	assert_non_null(p);
	assert_ptr_equal(p->var, &other_flag);
	assert_null(sim_param_find(THIS_MODULE, "shared"));
	assert_null(sim_param_find(&other_module, "flag"));
	assert_ptr_equal(sim_param_find(THIS_MODULE, "flag")->var, &flag);
	/* every module's, with NULL */
	n = 0;
	for (p = sim_param_next(NULL, NULL); p; p = sim_param_next(NULL, p))
		n += p->mod == &other_module;
	assert_int_equal(n, 1);
}

static void test_moduleparam_bool(void **state)
{
	const struct sim_modparam *p = sim_param_find(THIS_MODULE, "flag");
	static const char *const yes[] = { "1", "y", "Y", "on", "ON", "yes" };
	static const char *const no[] = { "0", "n", "N", "off", "Off", "no" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		flag = false;
		assert_int_equal(sim_param_set(p, yes[i]), 0);
		assert_true(flag);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		flag = true;
		assert_int_equal(sim_param_set(p, no[i]), 0);
		assert_false(flag);
	}
	/* "flag" alone */
	assert_int_equal(sim_param_set(p, NULL), 0);
	assert_true(flag);
	assert_int_equal(sim_param_check(p, "maybe"), -EINVAL);
	assert_int_equal(sim_param_set(p, "maybe"), -EINVAL);
	assert_int_equal(sim_param_set(p, ""), -EINVAL);
	assert_true(flag);
}

static void test_moduleparam_integers(void **state)
{
	const struct sim_modparam *i = sim_param_find(THIS_MODULE,
						      "debug_level");
	const struct sim_modparam *u = sim_param_find(THIS_MODULE, "count");

	assert_int_equal(sim_param_set(i, "-7"), 0);
	assert_int_equal(level, -7);
	assert_int_equal(sim_param_set(i, "0x10"), 0);
	assert_int_equal(level, 16);
	assert_int_equal(sim_param_set(i, "2147483648"), -EINVAL);
	assert_int_equal(sim_param_set(i, "12abc"), -EINVAL);
	assert_int_equal(sim_param_set(i, NULL), -EINVAL);
	assert_int_equal(level, 16);
	assert_int_equal(sim_param_set(u, "4294967295"), 0);
	assert_int_equal(count, 4294967295u);
	assert_int_equal(sim_param_set(u, "-1"), -EINVAL);
	assert_int_equal(sim_param_set(u, "4294967296"), -EINVAL);
	assert_int_equal(count, 4294967295u);
}

static void test_moduleparam_charp(void **state)
{
	const struct sim_modparam *p = sim_param_find(THIS_MODULE, "mode");
	static const char devname[] = "devname";

	assert_string_equal(mode, "vfiox");
	assert_int_equal(sim_param_set(p, devname), 0);
	assert_ptr_equal(mode, devname);
	assert_int_equal(sim_param_check(p, ""), 0);
	assert_int_equal(sim_param_check(p, NULL), -EINVAL);
}

static void test_moduleparam_unsafe_taints(void **state)
{
	const struct sim_modparam *p = sim_param_find(THIS_MODULE, "danger");

	assert_true(p->unsafe);
	assert_false(sim_param_find(THIS_MODULE, "flag")->unsafe);
	assert_int_equal(sim_param_set(p, "1"), 0);
	assert_true(danger);
	assert_true(test_taint(TAINT_USER));
}

static void test_moduleparam_callback(void **state)
{
	const struct sim_modparam *p = sim_param_find(THIS_MODULE, "viacb");

	assert_int_equal(p->type, SIM_PARAM_cb);
	/* a callback's value is its set()'s to judge */
	assert_int_equal(sim_param_check(p, "bad"), 0);
	assert_int_equal(cb_calls, 0);
	assert_int_equal(sim_param_set(p, "42"), 0);
	assert_int_equal(cb_value, 42);
	assert_int_equal(sim_param_set(p, "bad"), -EINVAL);
	assert_int_equal(cb_calls, 2);
	assert_int_equal(cb_value, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moduleparam_registry),
		cmocka_unit_test(test_moduleparam_bool),
		cmocka_unit_test(test_moduleparam_integers),
		cmocka_unit_test(test_moduleparam_charp),
		cmocka_unit_test(test_moduleparam_unsafe_taints),
		cmocka_unit_test(test_moduleparam_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
