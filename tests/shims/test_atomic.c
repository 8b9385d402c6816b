// SPDX-License-Identifier: GPL-2.0-only
/*
 * atomic_t and atomic64_t: the value every operation returns and leaves,
 * wrap-around as in the kernel, atomic_try_cmpxchg() updating the expected
 * value, each operation being exactly one scheduling point (so a read
 * followed by a set loses updates under exploration while an increment
 * never does), and the acquire/release accessors.
 *
 * Outside a simulated thread an operation is not a scheduling point and
 * just happens: the return values are checked there, directly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <linux/atomic.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "test-atomic";

/* --- return values ------------------------------------------------------- */

static void test_atomic_read_set_init(void **state)
{
	atomic_t v = ATOMIC_INIT(5);
	atomic64_t w = ATOMIC64_INIT(-7);

	assert_int_equal(atomic_read(&v), 5);
	atomic_set(&v, -3);
	assert_int_equal(atomic_read(&v), -3);
	assert_true(atomic64_read(&w) == -7);
	atomic64_set(&w, 1LL << 40);
	assert_true(atomic64_read(&w) == 1LL << 40);
}

static void test_atomic_add_sub_inc_dec(void **state)
{
	atomic_t v = ATOMIC_INIT(10);

	atomic_add(5, &v);
	assert_int_equal(atomic_read(&v), 15);
	atomic_sub(7, &v);
	assert_int_equal(atomic_read(&v), 8);
	atomic_inc(&v);
	assert_int_equal(atomic_read(&v), 9);
	atomic_dec(&v);
	atomic_dec(&v);
	assert_int_equal(atomic_read(&v), 7);
}

static void test_atomic_fetch_ops_return_old(void **state)
{
	atomic_t v = ATOMIC_INIT(10);

	assert_int_equal(atomic_fetch_add(5, &v), 10);
	assert_int_equal(atomic_read(&v), 15);
	assert_int_equal(atomic_fetch_sub(3, &v), 15);
	assert_int_equal(atomic_read(&v), 12);
	assert_int_equal(atomic_fetch_inc(&v), 12);
	assert_int_equal(atomic_read(&v), 13);
	assert_int_equal(atomic_fetch_dec(&v), 13);
	assert_int_equal(atomic_read(&v), 12);

	atomic_set(&v, 0x0c);
	assert_int_equal(atomic_fetch_or(0x03, &v), 0x0c);
	assert_int_equal(atomic_read(&v), 0x0f);
	assert_int_equal(atomic_fetch_and(0x06, &v), 0x0f);
	assert_int_equal(atomic_read(&v), 0x06);
}

static void test_atomic_op_return_new(void **state)
{
	atomic_t v = ATOMIC_INIT(10);

	assert_int_equal(atomic_add_return(5, &v), 15);
	assert_int_equal(atomic_sub_return(20, &v), -5);
	assert_int_equal(atomic_inc_return(&v), -4);
	assert_int_equal(atomic_dec_return(&v), -5);
	assert_int_equal(atomic_read(&v), -5);
}

static void test_atomic_and_test_and_negative(void **state)
{
	atomic_t v = ATOMIC_INIT(2);

	assert_false(atomic_dec_and_test(&v));
	assert_true(atomic_dec_and_test(&v));
	assert_int_equal(atomic_read(&v), 0);
	assert_false(atomic_dec_and_test(&v));
	assert_int_equal(atomic_read(&v), -1);
	assert_true(atomic_inc_and_test(&v));
	assert_false(atomic_inc_and_test(&v));

	atomic_set(&v, 5);
	assert_false(atomic_sub_and_test(3, &v));
	assert_true(atomic_sub_and_test(2, &v));

	atomic_set(&v, 1);
	assert_false(atomic_add_negative(-1, &v));	/* 0 */
	assert_true(atomic_add_negative(-1, &v));	/* -1 */
	assert_false(atomic_add_negative(2, &v));	/* 1 */
	assert_int_equal(atomic_read(&v), 1);
}

static void test_atomic_bit_ops(void **state)
{
	atomic_t v = ATOMIC_INIT(0x0f);

	atomic_and(0x3c, &v);
	assert_int_equal(atomic_read(&v), 0x0c);
	atomic_or(0x30, &v);
	assert_int_equal(atomic_read(&v), 0x3c);
	atomic_xor(0x0f, &v);
	assert_int_equal(atomic_read(&v), 0x33);
}

static void test_atomic_xchg_cmpxchg(void **state)
{
	atomic_t v = ATOMIC_INIT(1);

	assert_int_equal(atomic_xchg(&v, 7), 1);
	assert_int_equal(atomic_read(&v), 7);
	/* success: returns the old value, stores the new one */
	assert_int_equal(atomic_cmpxchg(&v, 7, 9), 7);
	assert_int_equal(atomic_read(&v), 9);
	/* failure: returns the current value, stores nothing */
	assert_int_equal(atomic_cmpxchg(&v, 7, 11), 9);
	assert_int_equal(atomic_read(&v), 9);
}

static void test_atomic_try_cmpxchg_updates_expected(void **state)
{
	atomic_t v = ATOMIC_INIT(3);
	int old = 3;

	assert_true(atomic_try_cmpxchg(&v, &old, 4));
	assert_int_equal(atomic_read(&v), 4);
	assert_int_equal(old, 3);		/* untouched on success */

	old = 3;				/* stale */
	assert_false(atomic_try_cmpxchg(&v, &old, 5));
	assert_int_equal(atomic_read(&v), 4);	/* untouched on failure */
	assert_int_equal(old, 4);		/* updated to the current */

	/* the usual loop converges in one retry */
	assert_true(atomic_try_cmpxchg(&v, &old, old + 1));
	assert_int_equal(atomic_read(&v), 5);
}

static void test_atomic_add_unless_inc_not_zero(void **state)
{
	atomic_t v = ATOMIC_INIT(0);

	assert_int_equal(atomic_fetch_add_unless(&v, 5, 0), 0);
	assert_int_equal(atomic_read(&v), 0);
	assert_int_equal(atomic_fetch_add_unless(&v, 5, 1), 0);
	assert_int_equal(atomic_read(&v), 5);

	assert_false(atomic_add_unless(&v, 2, 5));
	assert_int_equal(atomic_read(&v), 5);
	assert_true(atomic_add_unless(&v, 2, 4));
	assert_int_equal(atomic_read(&v), 7);

	assert_true(atomic_inc_not_zero(&v));
	assert_int_equal(atomic_read(&v), 8);
	atomic_set(&v, 0);
	assert_false(atomic_inc_not_zero(&v));
	assert_int_equal(atomic_read(&v), 0);
}

static void test_atomic_64bit_ops(void **state)
{
	atomic64_t v = ATOMIC64_INIT(1LL << 33);

	atomic64_add(1, &v);
	assert_true(atomic64_read(&v) == (1LL << 33) + 1);
	atomic64_sub(2, &v);
	assert_true(atomic64_read(&v) == (1LL << 33) - 1);
	atomic64_inc(&v);
	assert_true(atomic64_read(&v) == 1LL << 33);
	atomic64_dec(&v);
	assert_true(atomic64_read(&v) == (1LL << 33) - 1);
	assert_true(atomic64_add_return(1LL << 33, &v) == (1LL << 34) - 1);
	assert_true(atomic64_inc_return(&v) == 1LL << 34);
	assert_true(atomic64_dec_return(&v) == (1LL << 34) - 1);
	assert_true(atomic64_fetch_add(1, &v) == (1LL << 34) - 1);
	assert_true(atomic64_read(&v) == 1LL << 34);
	assert_true(atomic64_xchg(&v, 2) == 1LL << 34);
	assert_true(atomic64_cmpxchg(&v, 2, 1LL << 40) == 2);
	assert_true(atomic64_read(&v) == 1LL << 40);
	assert_true(atomic64_cmpxchg(&v, 2, 3) == 1LL << 40);
	assert_true(atomic64_read(&v) == 1LL << 40);

	atomic64_set(&v, 2);
	assert_false(atomic64_dec_and_test(&v));
	assert_true(atomic64_dec_and_test(&v));
}

static void test_atomic_long_ops(void **state)
{
	atomic_long_t v = ATOMIC64_INIT(0);

	atomic_long_set(&v, 40);
	atomic_long_inc(&v);
	atomic_long_add(3, &v);
	atomic_long_dec(&v);
	atomic_long_sub(2, &v);
	assert_true(atomic_long_read(&v) == 41);
}

/*
 * atomic_t wraps around (the kernel builds with -fno-strict-overflow).
 * Checked in an isolated execution: were the shim's arithmetic undefined
 * behaviour, a UBSan build would abort there, not here.
 */
static void wrap_thread(void *arg)
{
	atomic_t v = ATOMIC_INIT(INT_MAX);
	atomic64_t w = ATOMIC64_INIT(LLONG_MAX);

	atomic_inc(&v);
	SIM_ASSERT(atomic_read(&v) == INT_MIN);
	SIM_ASSERT(atomic_dec_return(&v) == INT_MAX);
	SIM_ASSERT(atomic_add_return(2, &v) == INT_MIN + 1);
	SIM_ASSERT(atomic_fetch_sub(2, &v) == INT_MIN + 1);
	SIM_ASSERT(atomic_read(&v) == INT_MAX);
	atomic64_inc(&w);
	SIM_ASSERT(atomic64_read(&w) == LLONG_MIN);
}

static void wrap_setup(void *ctx)
{
	sim_thread_create("wrap", wrap_thread, NULL);
}

static void test_atomic_wraps_around(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	sim_test_explore(prog, wrap_setup, NULL, NULL, &o, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.executions, 1);
}

/* --- scheduling points --------------------------------------------------- */

enum { NR_STEP_CHECKS = 40 };
static uint64_t steps_of[NR_STEP_CHECKS];
static int nr_step_checks;
static int acq_val;

#define STEPS(expr)							\
	do {								\
		uint64_t __s0 = sim_steps();				\
		(void)({ expr; });					\
		steps_of[nr_step_checks++] = sim_steps() - __s0;	\
	} while (0)

static void steps_thread(void *arg)
{
	atomic_t v = ATOMIC_INIT(1);
	atomic64_t w = ATOMIC64_INIT(1);
	int old = 1;
	int flag = 0;

	STEPS(atomic_read(&v));
	STEPS(atomic_set(&v, 2));
	STEPS(atomic_inc(&v));
	STEPS(atomic_dec(&v));
	STEPS(atomic_add(2, &v));
	STEPS(atomic_sub(1, &v));
	STEPS(atomic_fetch_add(1, &v));
	STEPS(atomic_inc_return(&v));
	STEPS(atomic_dec_and_test(&v));
	STEPS(atomic_xchg(&v, 1));
	STEPS(atomic_cmpxchg(&v, 1, 2));
	STEPS(atomic_try_cmpxchg(&v, &old, 3));
	STEPS(atomic_fetch_add_unless(&v, 1, 0));
	STEPS(atomic_inc_not_zero(&v));
	STEPS(atomic_or(1, &v));
	STEPS(atomic_and(1, &v));
	STEPS(atomic_xor(1, &v));
	STEPS(atomic64_read(&w));
	STEPS(atomic64_inc(&w));
	STEPS(atomic64_add_return(1, &w));
	STEPS(atomic64_cmpxchg(&w, 3, 4));
	STEPS(atomic_long_read(&w));
	STEPS(smp_store_release(&flag, 1));
	STEPS(acq_val = smp_load_acquire(&flag));
	/* plain accesses are not scheduling points */
	STEPS(flag = 2);
}

static void steps_setup(void *ctx)
{
	nr_step_checks = 0;
	acq_val = 0;
	memset(steps_of, 0xff, sizeof(steps_of));
	sim_thread_create("steps", steps_thread, NULL);
}

static void test_atomic_each_op_is_one_scheduling_point(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, steps_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(nr_step_checks, 25);
	for (int i = 0; i < nr_step_checks - 1; i++)
		if (steps_of[i] != 1)
			fail_msg("operation #%d took %llu scheduling points, "
				 "not 1", i, (unsigned long long)steps_of[i]);
	assert_int_equal(steps_of[nr_step_checks - 1], 0);
	assert_int_equal(acq_val, 1);
}

static atomic_t counter;

static void read_then_set(void *arg)
{
	int v = atomic_read(&counter);

	atomic_set(&counter, v + 1);
}

static void increment(void *arg)
{
	atomic_inc(&counter);
}

static void counter_setup(void *ctx)
{
	sim_thread_fn fn = ctx ? increment : read_then_set;

	atomic_set(&counter, 0);
	sim_thread_create("inc-a", fn, NULL);
	sim_thread_create("inc-b", fn, NULL);
}

static void counter_teardown(void *ctx)
{
	SIM_ASSERT(atomic_read(&counter) == 2);
}

static void test_atomic_read_then_set_loses_update(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, counter_setup,
					     counter_teardown, NULL, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"atomic_read(&counter) == 2");
	/* one preemption between the read and the set */
	assert_int_equal(r.failures[0].preemptions, 1);
}

static void test_atomic_inc_never_loses_update(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, counter_setup,
					     counter_teardown, (void *)1, &o,
					     &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.exhausted);
	/* measured: a change is a change in the search, explain it */
	assert_int_equal(r.executions, 12);
}

/* --- acquire / release --------------------------------------------------- */

static int payload;
static int ready;
static int consumer_saw;

static void producer(void *arg)
{
	payload = 42;
	smp_store_release(&ready, 1);
}

static void consumer(void *arg)
{
	if (smp_load_acquire(&ready))
		consumer_saw = payload;
	else
		consumer_saw = -1;
}

static void mp_setup(void *ctx)
{
	payload = 0;
	ready = 0;
	consumer_saw = 0;
	sim_thread_create("producer", producer, NULL);
	sim_thread_create("consumer", consumer, NULL);
}

static int mp_saw_payload, mp_saw_nothing;

static void mp_teardown(void *ctx)
{
	SIM_ASSERT(consumer_saw == 42 || consumer_saw == -1);
	if (consumer_saw == 42)
		mp_saw_payload++;
	else
		mp_saw_nothing++;
}

static void test_atomic_store_release_load_acquire(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	mp_saw_payload = mp_saw_nothing = 0;
	sim_test_assert_ret(sim_test_explore(prog, mp_setup, mp_teardown, NULL,
					     &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	/* both outcomes happen: the accessors are scheduling points */
	assert_true(mp_saw_payload > 0);
	assert_true(mp_saw_nothing > 0);
	assert_int_equal(mp_saw_payload + mp_saw_nothing, r.executions);

	/* and they are plain accesses outside threads */
	smp_store_release(&ready, 7);
	assert_int_equal(smp_load_acquire(&ready), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atomic_read_set_init),
		cmocka_unit_test(test_atomic_add_sub_inc_dec),
		cmocka_unit_test(test_atomic_fetch_ops_return_old),
		cmocka_unit_test(test_atomic_op_return_new),
		cmocka_unit_test(test_atomic_and_test_and_negative),
		cmocka_unit_test(test_atomic_bit_ops),
		cmocka_unit_test(test_atomic_xchg_cmpxchg),
		cmocka_unit_test(test_atomic_try_cmpxchg_updates_expected),
		cmocka_unit_test(test_atomic_add_unless_inc_not_zero),
		cmocka_unit_test(test_atomic_64bit_ops),
		cmocka_unit_test(test_atomic_long_ops),
		cmocka_unit_test(test_atomic_wraps_around),
		cmocka_unit_test(test_atomic_each_op_is_one_scheduling_point),
		cmocka_unit_test(test_atomic_read_then_set_loses_update),
		cmocka_unit_test(test_atomic_inc_never_loses_update),
		cmocka_unit_test(test_atomic_store_release_load_acquire),
	};

	return cmocka_run_group_tests_name("shims_atomic", tests, NULL, NULL);
}
