// SPDX-License-Identifier: GPL-2.0-only
/*
 * The xarray and IDA shims: results of every operation, their locking
 * rules (the __xa_*() forms assert xa_lock; a sleeping allocation under it
 * is made with the lock dropped), allocation failures as error entries,
 * and leaks of arrays that are not destroyed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/errno.h>
#include <linux/idr.h>
#include <linux/xarray.h>

#include "sim_test.h"

static const char prog[] = "xarray";

static DEFINE_XARRAY(xa);
static DEFINE_IDA(ida);
static int a, b, c;
static long results[16];

/* Run @body in one simulated thread; the teardown empties both. */
static void run_body(void *body)
{
	((void (*)(void))body)();
}

/*
 * Statics are not reset between executions by themselves: a failed or
 * leaking execution leaves them pointing at memory the allocator took
 * back.  Every execution starts from freshly initialised arrays.
 */
static void setup(void *body)
{
	xa_init(&xa);
	ida_init(&ida);
	memset(results, 0, sizeof(results));
	sim_thread_create("t0", run_body, body);
}

static void teardown(void *body)
{
	xa_destroy(&xa);
	ida_destroy(&ida);
}

static void store_load_erase(void)
{
	unsigned long index;
	void *entry;
	int n = 0;

	results[0] = xa_store(&xa, 7, &a, GFP_KERNEL) == NULL;
	results[1] = xa_load(&xa, 7) == &a;
	results[2] = xa_store(&xa, 7, &b, GFP_KERNEL) == &a;
	results[3] = xa_load(&xa, 8) == NULL;
	xa_store(&xa, 3, &c, GFP_KERNEL);
	xa_store(&xa, 100, &a, GFP_KERNEL);
	/* iteration is by index */
	xa_for_each(&xa, index, entry)
		results[4 + n++] = (long)index;
	results[8] = xa_erase(&xa, 7) == &b;
	results[9] = xa_load(&xa, 7) == NULL;
	results[10] = xa_erase(&xa, 7) == NULL;
}

static void test_xarray_store_load_erase(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     store_load_erase, &o, &r), 0, &r);
	for (int i = 0; i < 4; i++)
		assert_int_equal(results[i], 1);
	assert_int_equal(results[4], 3);
	assert_int_equal(results[5], 7);
	assert_int_equal(results[6], 100);
	assert_int_equal(results[7], 0);
	for (int i = 8; i < 11; i++)
		assert_int_equal(results[i], 1);
}

/* The vfio device-set pattern: cmpxchg NULL -> new under xa_lock. */
static void cmpxchg_under_lock(void)
{
	void *old;

	xa_lock(&xa);
	old = __xa_cmpxchg(&xa, 5, NULL, &a, GFP_KERNEL);
	results[0] = old == NULL;
	old = __xa_cmpxchg(&xa, 5, NULL, &b, GFP_KERNEL);
	results[1] = old == &a;		/* lost the race: returns current */
	results[2] = xa_load(&xa, 5) == &a;
	old = __xa_cmpxchg(&xa, 5, &a, NULL, GFP_KERNEL);
	results[3] = old == &a;		/* NULL erases */
	results[4] = xa_empty(&xa);
	results[5] = __xa_erase(&xa, 5) == NULL;
	xa_unlock(&xa);
}

static void test_xarray_cmpxchg_under_lock(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* GFP_KERNEL under xa_lock is fine: the lock is dropped for it */
	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     cmpxchg_under_lock, &o, &r), 0,
			    &r);
	for (int i = 0; i < 6; i++)
		assert_int_equal(results[i], 1);
}

static void erase_unlocked(void)
{
	__xa_erase(&xa, 1);
}

static void test_xarray_unlocked_dunder_warns(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     erase_unlocked, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN,
				"lockdep_assert_held(&xa->xa_lock)");
}

static void store_fails(void)
{
	void *ret = xa_store(&xa, 1, &a, GFP_KERNEL);

	results[0] = xa_is_err(ret);
	results[1] = xa_err(ret);
	results[2] = xa_load(&xa, 1) == NULL;
	results[3] = xa_err(&a);	/* a pointer is not an error */
}

static void test_xarray_allocation_failure_is_error_entry(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	o.fail_nth = 1;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     store_fails, &o, &r), 0, &r);
	assert_int_equal(results[0], 1);
	assert_int_equal(results[1], -ENOMEM);
	assert_int_equal(results[2], 1);
	assert_int_equal(results[3], 0);
}

static void store_and_forget(void)
{
	xa_store(&xa, 1, &a, GFP_KERNEL);
}

static void test_xarray_not_destroyed_leaks(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	/* no teardown: the array's storage is still allocated at the end */
	sim_test_assert_ret(sim_test_explore(prog, setup, NULL,
					     store_and_forget, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LEAK, "memory leak: 1 object");
	sim_test_assert_where(&r.failures[0], "xarray.c");
}

static void ida_sequence(void)
{
	results[0] = ida_alloc_max(&ida, 3, GFP_KERNEL);
	results[1] = ida_alloc_max(&ida, 3, GFP_KERNEL);
	results[2] = ida_alloc_max(&ida, 3, GFP_KERNEL);
	ida_free(&ida, 1);
	results[3] = ida_alloc_max(&ida, 3, GFP_KERNEL);	/* reuses 1 */
	results[4] = ida_alloc_max(&ida, 3, GFP_KERNEL);
	results[5] = ida_alloc_max(&ida, 3, GFP_KERNEL);	/* full */
	results[6] = ida_alloc_range(&ida, 10, 12, GFP_KERNEL);
	results[7] = ida_alloc_min(&ida, 2, GFP_KERNEL);	/* 4 */
	for (int id = 0; id <= 4; id++)
		ida_free(&ida, id);
	ida_free(&ida, 10);
	results[8] = ida_is_empty(&ida);
}

static void test_ida_lowest_free_and_ranges(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     ida_sequence, &o, &r), 0, &r);
	assert_int_equal(results[0], 0);
	assert_int_equal(results[1], 1);
	assert_int_equal(results[2], 2);
	assert_int_equal(results[3], 1);
	assert_int_equal(results[4], 3);
	assert_int_equal(results[5], -ENOSPC);
	assert_int_equal(results[6], 10);
	assert_int_equal(results[7], 4);
	assert_int_equal(results[8], 1);
}

static void ida_double_free(void)
{
	int id = ida_alloc(&ida, GFP_KERNEL);

	ida_free(&ida, id);
	ida_free(&ida, id);
}

static void test_ida_free_unallocated_warns(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     ida_double_free, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN,
				"ida_free called for id=0 which is not "
				"allocated");
}

static void ida_fails(void)
{
	results[0] = ida_alloc(&ida, GFP_KERNEL);
}

static void test_ida_allocation_failure(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	o.fail_nth = 1;
	sim_test_assert_ret(sim_test_explore(prog, setup, teardown,
					     ida_fails, &o, &r), 0, &r);
	assert_int_equal(results[0], -ENOMEM);
}

/* Two threads allocating ids concurrently never get the same id. */
static void ida_racer(void *arg)
{
	results[(long)arg] = ida_alloc(&ida, GFP_KERNEL);
}

static void race_setup(void *ctx)
{
	ida_init(&ida);
	results[0] = results[1] = -1;
	sim_thread_create("alloc-0", ida_racer, (void *)0);
	sim_thread_create("alloc-1", ida_racer, (void *)1);
}

static void race_teardown(void *ctx)
{
	SIM_ASSERT(results[0] >= 0 && results[1] >= 0);
	SIM_ASSERT(results[0] != results[1]);
	ida_free(&ida, results[0]);
	ida_free(&ida, results[1]);
	ida_destroy(&ida);
}

static void test_ida_concurrent_allocations_distinct(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, race_setup, race_teardown,
					     NULL, &o, &r), 0, &r);
	assert_true(r.executions > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xarray_store_load_erase),
		cmocka_unit_test(test_xarray_cmpxchg_under_lock),
		cmocka_unit_test(test_xarray_unlocked_dunder_warns),
		cmocka_unit_test(test_xarray_allocation_failure_is_error_entry),
		cmocka_unit_test(test_xarray_not_destroyed_leaks),
		cmocka_unit_test(test_ida_lowest_free_and_ranges),
		cmocka_unit_test(test_ida_free_unallocated_warns),
		cmocka_unit_test(test_ida_allocation_failure),
		cmocka_unit_test(test_ida_concurrent_allocations_distinct),
	};

	return cmocka_run_group_tests_name("shims_xarray", tests, NULL, NULL);
}
