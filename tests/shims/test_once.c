// SPDX-License-Identifier: GPL-2.0-only
/*
 * READ_ONCE() and WRITE_ONCE() are scheduling points (and so are the
 * acquire/release accesses): the explorer finds the lost update between
 * them, and the trace names them with their expression and call site;
 * data_race() is not a point; cpu_relax() yields.  Outside threads they
 * are plain accesses that evaluate their arguments once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/barrier.h>
#include <linux/compiler.h>
#include <linux/processor.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "once";

static int counter;
static int read_line, write_line;	/* where inc_once() accesses it */

#define LINE_OF(var, stmt)						\
	do {								\
		var = __LINE__;						\
		stmt;							\
	} while (0)

static void two_threads(sim_thread_fn fn)
{
	counter = 0;
	sim_thread_create("a", fn, NULL);
	sim_thread_create("b", fn, NULL);
}

static void counter_is_two(void *ctx)
{
	SIM_ASSERT(counter == 2);
}

/* --- the lost update ----------------------------------------------------- */

static void inc_once(void *arg)
{
	int v;

	LINE_OF(read_line, v = READ_ONCE(counter));
	LINE_OF(write_line, WRITE_ONCE(counter, v + 1));
}

static void inc_once_setup(void *ctx)
{
	two_threads(inc_once);
}

static void test_once_read_write_once_are_points(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, inc_once_setup,
					     counter_is_two, NULL, &o, &r),
			    1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_ASSERT);
	assert_non_null(strstr(r.failures[0].title, "counter == 2"));
	/* one preemption between the READ_ONCE and the WRITE_ONCE */
	assert_int_equal(r.failures[0].preemptions, 1);
}

static void inc_plain(void *arg)
{
	int v = counter;

	counter = v + 1;
}

static void inc_plain_setup(void *ctx)
{
	two_threads(inc_plain);
}

/* Without marked accesses there is nothing to interleave. */
static void test_once_plain_accesses_are_not_points(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, inc_plain_setup,
					     counter_is_two, NULL, &o, &r),
			    0, &r);
	assert_true(r.exhausted);
}

static void inc_data_race(void *arg)
{
	int v = data_race(counter);

	counter = v + 1;
}

static void inc_data_race_setup(void *ctx)
{
	two_threads(inc_data_race);
}

static void test_once_data_race_is_not_a_point(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result plain, dr;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, inc_plain_setup,
					     counter_is_two, NULL, &o, &plain),
			    0, &plain);
	sim_test_assert_ret(sim_test_explore(prog, inc_data_race_setup,
					     counter_is_two, NULL, &o, &dr),
			    0, &dr);
	assert_int_equal(dr.executions, plain.executions);
	assert_int_equal(dr.steps, plain.steps);
}

static void inc_acquire_release(void *arg)
{
	int v = smp_load_acquire(&counter);

	smp_store_release(&counter, v + 1);
}

static void inc_acquire_release_setup(void *ctx)
{
	two_threads(inc_acquire_release);
}

static void test_once_acquire_release_are_points(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, inc_acquire_release_setup,
					     counter_is_two, NULL, &o, &r),
			    1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_ASSERT);
}

/* The trace names the access, its expression and where it is. */
static void test_once_trace_names_expression_and_site(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *buf, expect[128];

	sim_test_report_begin(&rep, &o);
	/* a: READ_ONCE, then b runs to its end, then a writes */
	sim_test_assert_ret(sim_test_replay(prog, inc_once_setup,
					    counter_is_two, NULL, "0:2,1", &o,
					    &r), 1, &r);
	buf = sim_test_report_end(&rep);
	snprintf(expect, sizeof(expect), "READ_ONCE(counter) #1  %s:%d "
		 "inc_once()", __FILE__, read_line);
	if (!strstr(buf, expect))
		fail_msg("trace lacks \"%s\":\n%s", expect, buf);
	snprintf(expect, sizeof(expect), "WRITE_ONCE(counter) #1  %s:%d "
		 "inc_once()", __FILE__, write_line);
	assert_non_null(strstr(buf, expect));
	free(buf);
}

/* --- values -------------------------------------------------------------- */

struct pair {
	long a;
	const char *name;
};

static void test_once_values_and_single_evaluation(void **state)
{
	static const int ro = 5;
	struct pair pairs[2] = { { 1, "one" }, { 2, "two" } };
	struct pair *p = pairs;
	int i = 0;
	unsigned char c = 200;

	/* outside threads: plain accesses */
	assert_int_equal(READ_ONCE(ro), 5);
	assert_int_equal(READ_ONCE(pairs[i++].a), 1);
	assert_int_equal(i, 1);
	WRITE_ONCE(pairs[i++].a, 20);
	assert_int_equal(i, 2);
	assert_int_equal(pairs[1].a, 20);
	assert_string_equal(READ_ONCE(p->name), "one");
	WRITE_ONCE(p, p + 1);
	assert_ptr_equal(p, &pairs[1]);
	/* the value keeps its type: no promotion, no sign change */
	assert_true(__same_type(READ_ONCE(c), unsigned char));
	assert_true(__same_type(READ_ONCE(ro), int));
	WRITE_ONCE(c, c + 100);
	assert_int_equal(c, 44);
	assert_int_equal(data_race(c + 1), 45);
}

/* --- cpu_relax ----------------------------------------------------------- */

static int flag;

static void spinner(void *arg)
{
	bool relax = arg != NULL;

	while (!READ_ONCE(flag))
		if (relax)
			cpu_relax();
}

static void setter(void *arg)
{
	WRITE_ONCE(flag, 1);
}

static void spin_setup(void *ctx)
{
	flag = 0;
	sim_thread_create("spinner", spinner, ctx);
	sim_thread_create("setter", setter, NULL);
}

static void spin_setup_relax(void *ctx)
{
	spin_setup((void *)1);
}

static void spin_setup_busy(void *ctx)
{
	spin_setup(NULL);
}

static void test_once_cpu_relax_lets_the_other_thread_run(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	o.max_steps = 1000;
	sim_test_assert_ret(sim_test_explore(prog, spin_setup_relax, NULL, NULL,
					     &o, &r), 0, &r);
	/* without the yield, no preemption is allowed: the spin never ends */
	sim_test_assert_ret(sim_test_explore(prog, spin_setup_busy, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LIVELOCK);
}

static int cond_result;

static void cond_waiter(void *arg)
{
	cond_result = smp_cond_load_acquire(&flag, VAL != 0);
}

static void cond_setup(void *ctx)
{
	flag = 0;
	cond_result = -1;
	sim_thread_create("waiter", cond_waiter, NULL);
	sim_thread_create("setter", setter, NULL);
}

static void test_once_cond_load_waits_for_the_store(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 1;
	o.max_steps = 1000;
	sim_test_assert_ret(sim_test_explore(prog, cond_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(cond_result, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_once_read_write_once_are_points),
		cmocka_unit_test(test_once_plain_accesses_are_not_points),
		cmocka_unit_test(test_once_data_race_is_not_a_point),
		cmocka_unit_test(test_once_acquire_release_are_points),
		cmocka_unit_test(test_once_trace_names_expression_and_site),
		cmocka_unit_test(test_once_values_and_single_evaluation),
		cmocka_unit_test(
			test_once_cpu_relax_lets_the_other_thread_run),
		cmocka_unit_test(test_once_cond_load_waits_for_the_store),
	};

	return cmocka_run_group_tests_name("once", tests, NULL, NULL);
}
