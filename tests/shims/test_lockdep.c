// SPDX-License-Identifier: GPL-2.0-only
/*
 * lockdep-lite: circular dependencies found without the deadlocking
 * interleaving, in the kernel's report shape; the dependency graph spans
 * the executions of one exploration and is reset between explorations;
 * lock classes by initialisation site; a held lock freed; rwsem recursion
 * against a waiting writer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "test-lockdep";

/* Three locks, each initialised at its own site: three classes. */
static struct mutex lock_a, lock_b, lock_c;
static int threads_done;

static void init_locks(void)
{
	mutex_init(&lock_a);
	mutex_init(&lock_b);
	mutex_init(&lock_c);
	threads_done = 0;
}

static void take_two(struct mutex *first, struct mutex *second)
{
	mutex_lock(first);
	mutex_lock(second);
	mutex_unlock(second);
	mutex_unlock(first);
}

/* --- ABBA ---------------------------------------------------------------- */

static void a_then_b(void *arg)
{
	take_two(&lock_a, &lock_b);
	threads_done++;
}

static void b_then_a(void *arg)
{
	take_two(&lock_b, &lock_a);
	threads_done++;
}

static void abba_setup(void *ctx)
{
	init_locks();
	sim_thread_create("a-then-b", a_then_b, NULL);
	sim_thread_create("b-then-a", b_then_a, NULL);
}

static void test_lockdep_abba_found_without_preemption(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, abba_setup, NULL, NULL, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP,
				"possible circular locking dependency");
	assert_non_null(strstr(r.failures[0].title, "&lock_b -> &lock_a"));
	assert_int_equal(r.failures[0].preemptions, 0);
	assert_int_equal(r.failures[0].execution, 1);
	assert_int_equal(r.bound, 0);
	/* reported where the second thread takes the first lock */
	assert_non_null(strstr(r.failures[0].where, "take_two"));
	/* the first thread ran to its end, the second did not */
	assert_int_equal(threads_done, 1);
}

static void test_lockdep_abba_report_shape(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	o.max_bound = 0;
	rep = sim_test_explore_report(prog, abba_setup, NULL, NULL, &o, &r);
	assert_int_equal(r.nfailures, 1);
	assert_true(r.failures[0].replayed);
	sim_test_assert_contains(rep, "WARNING: possible circular locking "
				 "dependency detected");
	sim_test_assert_contains(rep, "is trying to acquire lock:\n (&lock_a)");
	sim_test_assert_contains(rep, "but task is already holding lock:\n"
				 " (&lock_b)");
	sim_test_assert_contains(rep, "which lock already depends on the new "
				 "lock.");
	sim_test_assert_contains(rep, "the existing dependency chain (in "
				 "reverse order) is:");
	sim_test_assert_contains(rep, "Possible unsafe locking scenario:");
	sim_test_assert_contains(rep, "*** DEADLOCK ***");
	sim_test_assert_contains(rep, "1 lock held by b-then-a");
	free(rep);
}

/* A consistent order is never reported, however it interleaves. */
static void ab_ab_setup(void *ctx)
{
	init_locks();
	sim_thread_create("a-then-b", a_then_b, NULL);
	sim_thread_create("a-then-b-2", a_then_b, NULL);
}

static void test_lockdep_consistent_order_passes(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, ab_ab_setup, NULL, NULL, &o,
					     &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.executions > 1);
}

/* --- a three-lock cycle -------------------------------------------------- */

static void b_then_c(void *arg)
{
	take_two(&lock_b, &lock_c);
}

static void c_then_a(void *arg)
{
	take_two(&lock_c, &lock_a);
}

static void cycle3_setup(void *ctx)
{
	init_locks();
	sim_thread_create("a-then-b", a_then_b, NULL);
	sim_thread_create("b-then-c", b_then_c, NULL);
	sim_thread_create("c-then-a", c_then_a, NULL);
}

static void test_lockdep_three_lock_cycle(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	o.max_bound = 0;
	rep = sim_test_explore_report(prog, cycle3_setup, NULL, NULL, &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP,
				"possible circular locking dependency");
	assert_non_null(strstr(r.failures[0].title, "&lock_c -> &lock_a"));
	assert_int_equal(r.failures[0].preemptions, 0);
	/* the chain goes through the third lock */
	sim_test_assert_contains(rep, "(&lock_b)");
	sim_test_assert_contains(rep, "-> #1");
	sim_test_assert_contains(rep, "-> #0");
	free(rep);
}

static void pair_setup(void *ctx)
{
	init_locks();
	sim_thread_create("a-then-b", a_then_b, NULL);
	sim_thread_create("b-then-c", b_then_c, NULL);
}

static void test_lockdep_chain_without_cycle_passes(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* a -> b -> c is an order, not a cycle */
	sim_test_assert_ret(sim_test_explore(prog, pair_setup, NULL, NULL, &o,
					     &r), 0, &r);
	sim_test_assert_passed(&r);
}

/* --- the graph's lifetime ------------------------------------------------ */

static atomic_t flag;

/* One thread sets a flag; the other's lock order depends on it. */
static void set_flag(void *arg)
{
	atomic_set(&flag, 1);
}

static void order_by_flag(void *arg)
{
	if (atomic_read(&flag))
		take_two(&lock_a, &lock_b);
	else
		take_two(&lock_b, &lock_a);
	threads_done++;
}

static void flag_setup(void *ctx)
{
	init_locks();
	atomic_set(&flag, 0);
	sim_thread_create("flag", set_flag, NULL);
	sim_thread_create("locker", order_by_flag, NULL);
}

static void test_lockdep_graph_spans_executions(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/*
	 * No execution takes both orders, and no execution can deadlock
	 * (one thread locks): the inversion is seen across executions.
	 */
	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, flag_setup, NULL, NULL, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP,
				"circular locking dependency");
	assert_int_equal(r.failures[0].execution, 2);
	assert_int_equal(r.executions, 2);
}

static void only_a_then_b_setup(void *ctx)
{
	init_locks();
	sim_thread_create("a-then-b", a_then_b, NULL);
}

static void only_b_then_a_setup(void *ctx)
{
	init_locks();
	sim_thread_create("b-then-a", b_then_a, NULL);
}

static void test_lockdep_graph_reset_between_explorations(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, only_b_then_a_setup, NULL,
					     NULL, &o, &r), 0, &r);
	/* same locks, same classes, other order: a new exploration */
	sim_test_assert_ret(sim_test_explore(prog, only_a_then_b_setup, NULL,
					     NULL, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(threads_done, 1);
	/* and the inversion within one exploration is still found */
	sim_test_assert_ret(sim_test_explore(prog, abba_setup, NULL, NULL, &o,
					     &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LOCKDEP);
}

/* --- classes by initialisation site -------------------------------------- */

static struct mutex objs[2];

static void init_objs_one_site(void)
{
	for (int i = 0; i < 2; i++)
		mutex_init(&objs[i]);
}

static void init_objs_two_sites(void)
{
	mutex_init(&objs[0]);
	mutex_init(&objs[1]);
}

static void take_objs(void *arg)
{
	take_two(&objs[0], &objs[1]);
	threads_done++;
}

static void same_site_setup(void *ctx)
{
	init_locks();
	if (ctx)
		init_objs_two_sites();
	else
		init_objs_one_site();
	sim_thread_create("nester", take_objs, NULL);
}

static void test_lockdep_same_init_site_is_one_class(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, same_site_setup, NULL, NULL, &o,
				      &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP,
				"possible recursive locking");
	assert_non_null(strstr(r.failures[0].title, "&objs[i]"));
	sim_test_assert_contains(rep, "WARNING: possible recursive locking "
				 "detected");
	sim_test_assert_contains(rep, "May be due to missing lock nesting "
				 "notation");
	free(rep);
	assert_int_equal(threads_done, 0);
}

static void test_lockdep_different_init_sites_are_two_classes(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, same_site_setup, NULL,
					     (void *)1, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(threads_done, 1);
}

/* --- held lock freed ----------------------------------------------------- */

struct object {
	long payload;
	struct mutex lock;
};

static void free_held_thread(void *arg)
{
	struct object *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return;
	mutex_init(&obj->lock);
	mutex_lock(&obj->lock);
	kfree(obj);			/* with obj->lock held */
	threads_done++;
}

static void free_held_setup(void *ctx)
{
	init_locks();
	sim_thread_create("freer", free_held_thread, NULL);
}

static void test_lockdep_held_lock_freed(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/*
	 * Isolated: whatever the end of a failed execution does with the
	 * abandoned lock, it must not take the test process down with it.
	 */
	o.isolate = true;
	sim_test_assert_ret(sim_test_explore(prog, free_held_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "held lock freed");
	assert_non_null(strstr(r.failures[0].title, "&obj->lock"));
}

/* Last in the suite: it runs in this process, to capture the report. */
static void test_lockdep_held_lock_freed_report(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, free_held_setup, NULL, NULL, &o,
				      &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "held lock freed");
	sim_test_assert_contains(rep, "WARNING: held lock freed!");
	sim_test_assert_contains(rep, "with a lock still held there!");
	sim_test_assert_contains(rep, "1 lock held by freer");
	sim_test_assert_contains(rep, "#0: (&obj->lock)");
	free(rep);
	assert_int_equal(threads_done, 0);
}

/* --- rwsem --------------------------------------------------------------- */

static struct rw_semaphore sem;

static void recursive_reader(void *arg)
{
	down_read(&sem);
	down_read(&sem);	/* a writer may be waiting by now */
	up_read(&sem);
	up_read(&sem);
}

static void writer(void *arg)
{
	down_write(&sem);
	up_write(&sem);
}

static void rwsem_setup(void *ctx)
{
	init_locks();
	init_rwsem(&sem);
	sim_thread_create("reader", recursive_reader, NULL);
	sim_thread_create("writer", writer, NULL);
}

static void test_lockdep_rwsem_recursive_read_deadlocks(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
	rep = sim_test_explore_report(prog, rwsem_setup, NULL, NULL, &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_DEADLOCK,
				"2 threads blocked forever");
	/* the writer must arrive between the two down_read()s */
	assert_int_equal(r.failures[0].preemptions, 1);
	assert_int_equal(r.bound, 1);
	assert_int_equal(r.per_bound[0], 2);
	assert_true(r.per_bound[1] > 0);
	sim_test_assert_contains(rep, "blocked forever");
	sim_test_assert_contains(rep, "waiting in down_read");
	sim_test_assert_contains(rep, "waiting in down_write");
	free(rep);
}

static void test_lockdep_rwsem_recursive_read_reported(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* lockdep sees the recursion in any schedule */
	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, rwsem_setup, NULL, NULL, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP,
				"possible recursive locking");
	assert_int_equal(r.failures[0].preemptions, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockdep_abba_found_without_preemption),
		cmocka_unit_test(test_lockdep_abba_report_shape),
		cmocka_unit_test(test_lockdep_consistent_order_passes),
		cmocka_unit_test(test_lockdep_three_lock_cycle),
		cmocka_unit_test(test_lockdep_chain_without_cycle_passes),
		cmocka_unit_test(test_lockdep_graph_spans_executions),
		cmocka_unit_test(test_lockdep_graph_reset_between_explorations),
		cmocka_unit_test(test_lockdep_same_init_site_is_one_class),
		cmocka_unit_test(
			test_lockdep_different_init_sites_are_two_classes),
		cmocka_unit_test(test_lockdep_held_lock_freed),
		cmocka_unit_test(test_lockdep_rwsem_recursive_read_deadlocks),
		cmocka_unit_test(test_lockdep_rwsem_recursive_read_reported),
		cmocka_unit_test(test_lockdep_held_lock_freed_report),
	};

	return cmocka_run_group_tests_name("shims_lockdep", tests, NULL, NULL);
}
