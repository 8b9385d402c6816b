// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/bug.h> and <linux/panic.h>: a WARN fails the execution (never
 * just prints), with the caller's file:line as its location, the kernel's
 * "cut here" report and a title naming the condition or the message; the
 * _ONCE variants fail every time; WARN_ON() has its condition's value and
 * evaluates it once; BUG_ON(), BUG(), CHECK_DATA_CORRUPTION() and panic()
 * fail as bugs; taints are per execution; the build-time checks build.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/panic.h>

#include "sim/explore.h"
#include "sim_test.h"

static int fail_line;		/* line of the statement that must fail */
static bool went_on;		/* the code ran past it */
static int value;

#define AT_THIS_LINE(stmt)						\
	do {								\
		fail_line = __LINE__;					\
		stmt;							\
	} while (0)

static void one_thread_setup(void *ctx)
{
	went_on = false;
	sim_thread_create("t0", (sim_thread_fn)ctx, NULL);
}

/* Explore @body in one thread; @out gets the reports (NULL: quiet). */
static int run(sim_thread_fn body, FILE *out, struct sim_result *r)
{
	struct sim_opts o = sim_test_opts();

	o.quiet = !out;
	o.out = out;
	o.max_bound = 0;
	return sim_test_explore("bug", one_thread_setup, NULL, (void *)body,
				&o, r);
}

/* Run @body; check it failed once, as @kind, at fail_line in @func. */
static struct sim_failure run_failing(sim_thread_fn body,
				      enum sim_fail_kind kind,
				      const char *func)
{
	struct sim_result r;
	char where[128];

	sim_test_assert_ret(run(body, NULL, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, kind);
	assert_false(went_on);
	snprintf(where, sizeof(where), "test_bug.c:%d %s()", fail_line, func);
	sim_test_assert_where(&r.failures[0], where);
	return r.failures[0];
}

/* A WARN's title: its message, or the macro call as written. */
static void assert_warn_title(const char *title, const char *what)
{
	assert_string_equal(title, what);
}

/* --- WARN_ON ------------------------------------------------------------- */

static void test_bug_warn_on_false_is_silent(void **state)
{
	int evaluations = 0;

	/* outside any exploration too: a false WARN_ON never fails */
	assert_int_equal(WARN_ON(evaluations++ == 5), 0);
	assert_int_equal(evaluations, 1);
	assert_int_equal(WARN_ON_ONCE(0), 0);
	assert_int_equal(WARN(0, "never %d", 1), 0);
	assert_int_equal(WARN_ONCE(0, "never"), 0);
	BUG_ON(0);
	if (WARN_ON(0))
		fail_msg("WARN_ON(0) was true");
}

static void warn_on_body(void *arg)
{
	value = 41;
	AT_THIS_LINE(WARN_ON(value != 42));
	went_on = true;
}

static void test_bug_warn_on_fails_the_execution(void **state)
{
	struct sim_failure f = run_failing(warn_on_body, SIM_FAIL_WARN,
					   "warn_on_body");

	assert_warn_title(f.title, "WARN_ON(value != 42)");
}

static int warn_value;

static void warn_on_value_body(void *arg)
{
	int evaluations = 0;

	/* if (WARN_ON(x)): the value is the condition's, computed once */
	if (WARN_ON(evaluations++ > 0))
		warn_value = -1;
	else
		warn_value = evaluations;
	went_on = true;
	if (WARN_ON(evaluations == 1))
		warn_value = 100;
}

static void test_bug_warn_on_has_the_condition_value(void **state)
{
	struct sim_result r;

	warn_value = 0;
	sim_test_assert_ret(run(warn_on_value_body, NULL, &r), 1, &r);
	assert_int_equal(warn_value, 1);
	assert_true(went_on);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_WARN);
	assert_string_equal(r.failures[0].title, "WARN_ON(evaluations == 1)");
}

static void warn_on_once_body(void *arg)
{
	AT_THIS_LINE(WARN_ON_ONCE(value == 0));
	went_on = true;
}

static void test_bug_warn_on_once_fails_every_execution(void **state)
{
	struct sim_failure f;

	value = 0;
	f = run_failing(warn_on_once_body, SIM_FAIL_WARN, "warn_on_once_body");
	assert_warn_title(f.title, "WARN_ON_ONCE(value == 0)");
	/* the next execution (a second exploration) fails again */
	f = run_failing(warn_on_once_body, SIM_FAIL_WARN, "warn_on_once_body");
	assert_warn_title(f.title, "WARN_ON_ONCE(value == 0)");
}

static void warn_fmt_body(void *arg)
{
	value = 7;
	AT_THIS_LINE(WARN(value > 5, "value %d is over %s\n", value, "five"));
	went_on = true;
}

static void test_bug_warn_formats_its_message(void **state)
{
	struct sim_failure f = run_failing(warn_fmt_body, SIM_FAIL_WARN,
					   "warn_fmt_body");

	assert_warn_title(f.title, "value 7 is over five");
}

static void warn_once_body(void *arg)
{
	AT_THIS_LINE(WARN_ONCE(true, "once: %pe", ERR_PTR(-ENODEV)));
	went_on = true;
}

static void test_bug_warn_once_fails_with_kernel_format(void **state)
{
	struct sim_failure f = run_failing(warn_once_body, SIM_FAIL_WARN,
					   "warn_once_body");

	assert_warn_title(f.title, "once: -ENODEV");
}

static void test_bug_warn_report_in_kernel_shape(void **state)
{
	struct sim_test_report rep;
	struct sim_result r;
	char *buf, expect[256];

	sim_test_report_begin(&rep, NULL);
	sim_test_assert_ret(run(warn_fmt_body, rep.f, &r), 1, &r);
	buf = sim_test_report_end(&rep);
	snprintf(expect, sizeof(expect),
		 "------------[ cut here ]------------\n"
		 "value 7 is over five\n"
		 "WARNING: CPU: 0 PID: 0 at %s:%d warn_fmt_body\n"
		 "CPU: 0 PID: 0 Comm: t0 Not tainted\n"
		 "---[ end trace 0000000000000000 ]---\n",
		 __FILE__, fail_line);
	if (!strstr(buf, expect))
		fail_msg("report lacks\n%s\nin\n%s", expect, buf);
	assert_true(r.failures[0].replayed);
	free(buf);
}

/* A WARN in setup (the main context) fails the execution as well. */
static void warn_setup(void *ctx)
{
	went_on = false;
	AT_THIS_LINE(WARN_ON(ctx == NULL));
	went_on = true;
}

static void test_bug_warn_in_setup_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char where[64];

	sim_test_assert_ret(sim_test_explore("warn", warn_setup, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_WARN);
	assert_false(went_on);
	assert_warn_title(r.failures[0].title, "WARN_ON(ctx == NULL)");
	snprintf(where, sizeof(where), "test_bug.c:%d warn_setup()",
		 fail_line);
	sim_test_assert_where(&r.failures[0], where);
}

/* --- BUG ----------------------------------------------------------------- */

static void bug_on_body(void *arg)
{
	value = 3;
	BUG_ON(value == 4);
	AT_THIS_LINE(BUG_ON(value == 3));
	went_on = true;
}

static void test_bug_bug_on_is_a_kernel_bug(void **state)
{
	struct sim_failure f = run_failing(bug_on_body, SIM_FAIL_BUG,
					   "bug_on_body");
	char expect[SIM_TITLE_MAX];

	snprintf(expect, sizeof(expect), "kernel BUG at %s:%d!", __FILE__,
		 fail_line);
	assert_string_equal(f.title, expect);
}

static void bug_body(void *arg)
{
	AT_THIS_LINE(BUG());
	went_on = true;
}

static void test_bug_bug_report_in_kernel_shape(void **state)
{
	struct sim_failure f = run_failing(bug_body, SIM_FAIL_BUG, "bug_body");
	struct sim_test_report rep;
	struct sim_result r;
	char *buf, expect[256];

	snprintf(expect, sizeof(expect), "kernel BUG at %s:%d!", __FILE__,
		 fail_line);
	assert_string_equal(f.title, expect);

	sim_test_report_begin(&rep, NULL);
	sim_test_assert_ret(run(bug_body, rep.f, &r), 1, &r);
	buf = sim_test_report_end(&rep);
	snprintf(expect, sizeof(expect),
		 "------------[ cut here ]------------\n"
		 "kernel BUG at %s:%d!\n", __FILE__, fail_line);
	assert_non_null(strstr(buf, expect));
	assert_non_null(strstr(buf, "CPU: 0 PID: 0 Comm: t0"));
	free(buf);
}

static int first_check = -1;

static void corruption_body(void *arg)
{
	first_check = CHECK_DATA_CORRUPTION(value < 0, "bad %d", value);
	value = -2;
	AT_THIS_LINE(CHECK_DATA_CORRUPTION(value < 0, "value is %d", value));
	went_on = true;
}

static void test_bug_check_data_corruption_is_a_bug(void **state)
{
	struct sim_failure f;

	value = 1;
	f = run_failing(corruption_body, SIM_FAIL_BUG, "corruption_body");
	assert_string_equal(f.title, "value is -2");
	assert_int_equal(first_check, 0);
}

static void panic_body(void *arg)
{
	AT_THIS_LINE(panic("out of %s", "luck"));
	went_on = true;
}

static void test_bug_panic_fails_as_a_bug(void **state)
{
	struct sim_failure f = run_failing(panic_body, SIM_FAIL_BUG,
					   "panic_body");

	assert_string_equal(f.title, "Kernel panic - not syncing: out of luck");
}

/* --- taint --------------------------------------------------------------- */

static int tainted_before, tainted_after;

static void taint_body(void *arg)
{
	tainted_before = test_taint(TAINT_USER);
	add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	tainted_after = test_taint(TAINT_USER);
	if (tainted_after)
		AT_THIS_LINE(WARN_ON(get_taint() != 0));
}

static void test_bug_taint_is_per_execution_and_reported(void **state)
{
	struct sim_test_report rep;
	struct sim_result r;
	char *buf;

	for (int i = 0; i < 2; i++) {
		sim_test_assert_ret(run(taint_body, NULL, &r), 1, &r);
		assert_int_equal(tainted_before, 0);
		assert_int_equal(tainted_after, 1);
	}
	sim_test_report_begin(&rep, NULL);
	sim_test_assert_ret(run(taint_body, rep.f, &r), 1, &r);
	buf = sim_test_report_end(&rep);
	assert_non_null(strstr(buf, "Comm: t0 Tainted: [U]\n"));
	free(buf);
}

/* --- build-time checks --------------------------------------------------- */

struct two_ints {
	int a, b;
};

static void test_bug_build_time_checks_build(void **state)
{
	int arr[4];

	BUILD_BUG_ON(sizeof(int) != 4);
	BUILD_BUG_ON_MSG(sizeof(long) != 8, "LP64 only");
	BUILD_BUG_ON_NOT_POWER_OF_2(16);
	static_assert(sizeof(struct two_ints) == 8);
	static_assert(sizeof(arr) == 16, "four ints");
	assert_int_equal(BUILD_BUG_ON_ZERO(0), 0);
	assert_int_equal(BUILD_BUG_ON_ZERO(sizeof(arr) > 100), 0);
	assert_int_equal(ARRAY_SIZE(arr), 4);
	BUILD_BUG_ON_INVALID(arr[0]++);
	assert_int_equal(__must_be_array(arr), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bug_warn_on_false_is_silent),
		cmocka_unit_test(test_bug_warn_on_fails_the_execution),
		cmocka_unit_test(test_bug_warn_on_has_the_condition_value),
		cmocka_unit_test(test_bug_warn_on_once_fails_every_execution),
		cmocka_unit_test(test_bug_warn_formats_its_message),
		cmocka_unit_test(test_bug_warn_once_fails_with_kernel_format),
		cmocka_unit_test(test_bug_warn_report_in_kernel_shape),
		cmocka_unit_test(test_bug_warn_in_setup_fails),
		cmocka_unit_test(test_bug_bug_on_is_a_kernel_bug),
		cmocka_unit_test(test_bug_bug_report_in_kernel_shape),
		cmocka_unit_test(test_bug_check_data_corruption_is_a_bug),
		cmocka_unit_test(test_bug_panic_fails_as_a_bug),
		cmocka_unit_test(test_bug_taint_is_per_execution_and_reported),
		cmocka_unit_test(test_bug_build_time_checks_build),
	};

	return cmocka_run_group_tests_name("bug", tests, NULL, NULL);
}
