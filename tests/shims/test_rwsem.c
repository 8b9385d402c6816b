// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rw_semaphore shim: readers share, writers exclude readers and one
 * another, trylocks, downgrade_write(), and the misuse of releasing a read
 * lock one does not hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/completion.h>
#include <linux/rwsem.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "test-rwsem";

static struct rw_semaphore sem;
static struct completion in[2], go;
static int results[8];
static int threads_done;		/* reset by setup */
static int teardowns;			/* reset by the test */

static void init_common(void)
{
	init_rwsem(&sem);
	init_completion(&in[0]);
	init_completion(&in[1]);
	init_completion(&go);
	memset(results, 0, sizeof(results));
	threads_done = 0;
}

/* --- readers share ------------------------------------------------------- */

/*
 * Each reader, holding the semaphore for read, waits until the other one
 * holds it too: were readers exclusive, this would deadlock.
 */
static void sharing_reader(void *arg)
{
	long me = (long)arg;

	down_read(&sem);
	lockdep_assert_held_read(&sem);
	SIM_ASSERT(rwsem_is_locked(&sem));
	complete(&in[me]);
	wait_for_completion(&in[!me]);
	up_read(&sem);
	threads_done++;
}

static void sharing_setup(void *ctx)
{
	init_common();
	sim_thread_create("reader-0", sharing_reader, (void *)0L);
	sim_thread_create("reader-1", sharing_reader, (void *)1L);
}

static void sharing_teardown(void *ctx)
{
	SIM_ASSERT(threads_done == 2);
	SIM_ASSERT(!rwsem_is_locked(&sem));
	teardowns++;
}

static void test_rwsem_readers_share(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, sharing_setup,
					     sharing_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
}

/* --- writers exclude ----------------------------------------------------- */

static int x, y;
static bool torn;

/* What the reader saw is judged at the end of the execution. */
static void torn_teardown(void *ctx)
{
	SIM_ASSERT(!torn);
}

/* A writer updates x and y with a scheduling point in between. */
static void pair_writer(void *arg)
{
	down_write(&sem);
	lockdep_assert_held_write(&sem);
	x++;
	sim_yield(SIM_HERE);
	y++;
	up_write(&sem);
}

/* A reader must never see the update half done. */
static void pair_reader(void *arg)
{
	int a, b;

	down_read(&sem);
	a = x;
	sim_yield(SIM_HERE);
	b = y;
	up_read(&sem);
	if (a != b)
		torn = true;
}

static void exclusion_setup(void *ctx)
{
	init_common();
	x = y = 0;
	torn = false;
	sim_thread_create("writer-0", pair_writer, NULL);
	sim_thread_create("writer-1", pair_writer, NULL);
	sim_thread_create("reader", pair_reader, NULL);
}

static void exclusion_teardown(void *ctx)
{
	torn_teardown(ctx);
	SIM_ASSERT(x == 2 && y == 2);
	teardowns++;
}

static void test_rwsem_writers_exclude(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, exclusion_setup,
					     exclusion_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.executions > 10);
	assert_int_equal(teardowns, r.executions);
}

/* The same checks find the torn update when the writers do not lock. */
static void unlocked_writer(void *arg)
{
	x++;
	sim_yield(SIM_HERE);
	y++;
}

static void unlocked_setup(void *ctx)
{
	init_common();
	x = y = 0;
	torn = false;
	sim_thread_create("writer", unlocked_writer, NULL);
	sim_thread_create("reader", pair_reader, NULL);
}

static void test_rwsem_checks_catch_unlocked_writer(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, unlocked_setup,
					     torn_teardown, NULL, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT, "!torn");
}

/* A writer waits while a reader holds the semaphore. */
static void holding_reader(void *arg)
{
	down_read(&sem);
	complete(&in[0]);
	wait_for_completion(&go);
	results[1] = x;			/* nobody wrote under our read lock */
	up_read(&sem);
}

static void waiting_writer(void *arg)
{
	wait_for_completion(&in[0]);
	complete(&go);
	down_write(&sem);
	x = 1;
	up_write(&sem);
}

static void reader_writer_setup(void *ctx)
{
	init_common();
	x = 0;
	results[1] = -1;
	sim_thread_create("reader", holding_reader, NULL);
	sim_thread_create("writer", waiting_writer, NULL);
}

static void reader_writer_teardown(void *ctx)
{
	SIM_ASSERT(results[1] == 0);
	SIM_ASSERT(x == 1);
	teardowns++;
}

static void test_rwsem_writer_waits_for_reader(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, reader_writer_setup,
					     reader_writer_teardown, NULL, &o,
					     &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(teardowns, r.executions);
}

/* --- misuse -------------------------------------------------------------- */

static void up_read_holder(void *arg)
{
	down_read(&sem);
	complete(&in[0]);
	wait_for_completion(&go);
	up_read(&sem);
}

static void up_read_intruder(void *arg)
{
	wait_for_completion(&in[0]);
	up_read(&sem);			/* held for read, but not by us */
	complete(&go);
}

static void up_read_setup(void *ctx)
{
	init_common();
	sim_thread_create("reader", up_read_holder, NULL);
	sim_thread_create("intruder", up_read_intruder, NULL);
}

static void test_rwsem_up_read_by_non_reader_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, up_read_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "not held");
	assert_non_null(strstr(r.failures[0].title, "intruder"));
	assert_non_null(strstr(r.failures[0].where, "up_read_intruder"));
}

static void up_read_writer_thread(void *arg)
{
	down_write(&sem);
	up_read(&sem);			/* held for write */
	threads_done++;
}

static void up_read_writer_setup(void *ctx)
{
	init_common();
	sim_thread_create("writer", up_read_writer_thread, NULL);
}

static void test_rwsem_up_read_of_write_lock_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, up_read_writer_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "not held for read");
	assert_int_equal(threads_done, 0);
}

static void up_write_reader_thread(void *arg)
{
	down_read(&sem);
	up_write(&sem);			/* held for read */
	threads_done++;
}

static void up_write_reader_setup(void *ctx)
{
	init_common();
	sim_thread_create("reader", up_write_reader_thread, NULL);
}

static void test_rwsem_up_write_of_read_lock_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, up_write_reader_setup, NULL,
					     NULL, &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LOCKDEP);
	assert_non_null(strstr(r.failures[0].title, "up_write"));
	assert_int_equal(threads_done, 0);
}

static void assert_write_thread(void *arg)
{
	down_read(&sem);
	lockdep_assert_held(&sem);		/* held: fine */
	lockdep_assert_held_read(&sem);		/* for read: fine */
	lockdep_assert_held_write(&sem);	/* not for write */
	up_read(&sem);
	threads_done++;
}

static void assert_write_setup(void *ctx)
{
	init_common();
	sim_thread_create("reader", assert_write_thread, NULL);
}

static void test_rwsem_lockdep_assert_held_write_of_read(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, assert_write_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN,
				"lockdep_assert_held_write(&sem) failed");
	assert_int_equal(threads_done, 0);
}

/* --- trylocks ------------------------------------------------------------ */

static void trylock_reader(void *arg)
{
	down_read(&sem);
	complete(&in[0]);
	wait_for_completion(&go);
	up_read(&sem);
	complete(&in[1]);
}

static void trylock_other(void *arg)
{
	wait_for_completion(&in[0]);
	results[0] = down_write_trylock(&sem);
	results[1] = down_read_trylock(&sem);	/* readers share */
	if (results[1])
		up_read(&sem);
	complete(&go);
	/* once the reader left: the semaphore is free */
	wait_for_completion(&in[1]);
	results[2] = down_write_trylock(&sem);
	results[3] = down_read_trylock(&sem);	/* we hold it for write */
	results[4] = lock_is_held_type(&sem.dep_map, 0);
	if (results[2])
		up_write(&sem);
	threads_done++;
}

static void trylock_setup(void *ctx)
{
	init_common();
	sim_thread_create("reader", trylock_reader, NULL);
	sim_thread_create("other", trylock_other, NULL);
}

static void test_rwsem_trylocks(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* the default schedule: the reader runs up to its wait first */
	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, trylock_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(results[0], 0);	/* read-held: no writer */
	assert_int_equal(results[1], 1);
	assert_int_equal(results[2], 1);
	assert_int_equal(results[3], 0);	/* write-held: no reader */
	assert_int_equal(results[4], 2);	/* held for write */
}

/* --- downgrade_write ----------------------------------------------------- */

static void downgrader(void *arg)
{
	down_write(&sem);
	x = 1;
	downgrade_write(&sem);
	lockdep_assert_held_read(&sem);
	results[0] = lock_is_held_type(&sem.dep_map, 0);
	results[1] = down_write_trylock(&sem);
	complete(&in[0]);
	/* a reader gets in while we still hold it for read */
	wait_for_completion(&in[1]);
	up_read(&sem);
	threads_done++;
}

static void downgrade_reader(void *arg)
{
	wait_for_completion(&in[0]);
	down_read(&sem);
	results[2] = x;
	complete(&in[1]);
	up_read(&sem);
	threads_done++;
}

static void downgrade_setup(void *ctx)
{
	init_common();
	x = 0;
	sim_thread_create("downgrader", downgrader, NULL);
	sim_thread_create("reader", downgrade_reader, NULL);
}

static void downgrade_teardown(void *ctx)
{
	SIM_ASSERT(threads_done == 2);
	SIM_ASSERT(results[0] == 1);	/* held, for read */
	SIM_ASSERT(results[1] == 0);
	SIM_ASSERT(results[2] == 1);
	SIM_ASSERT(!rwsem_is_locked(&sem));
	teardowns++;
}

static void test_rwsem_downgrade_write(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, downgrade_setup,
					     downgrade_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
	assert_int_equal(results[0], 1);
	assert_int_equal(results[2], 1);
}

/* downgrade_write() lets waiting readers in: they need not wait for up */
static void downgrade_wakes_writer(void *arg)
{
	down_write(&sem);
	complete(&in[0]);
	/* wait until the reader is blocked on the semaphore */
	while (!sim_waiters(&sem.dep_map))
		sim_yield(SIM_HERE);
	downgrade_write(&sem);
	wait_for_completion(&in[1]);
	up_read(&sem);
}

static void downgrade_waiting_reader(void *arg)
{
	wait_for_completion(&in[0]);
	down_read(&sem);
	complete(&in[1]);
	up_read(&sem);
	threads_done++;
}

static void downgrade_wake_setup(void *ctx)
{
	init_common();
	sim_thread_create("downgrader", downgrade_wakes_writer, NULL);
	sim_thread_create("reader", downgrade_waiting_reader, NULL);
}

static void test_rwsem_downgrade_wakes_readers(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, downgrade_wake_setup, NULL,
					     NULL, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(threads_done, 1);
}

static void downgrade_read_thread(void *arg)
{
	down_read(&sem);
	downgrade_write(&sem);		/* not held for write */
	threads_done++;
}

static void downgrade_read_setup(void *ctx)
{
	init_common();
	sim_thread_create("reader", downgrade_read_thread, NULL);
}

static void test_rwsem_downgrade_without_write_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, downgrade_read_setup, NULL,
					     NULL, &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LOCKDEP);
	assert_non_null(strstr(r.failures[0].title, "downgrade_write"));
	assert_int_equal(threads_done, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rwsem_readers_share),
		cmocka_unit_test(test_rwsem_writers_exclude),
		cmocka_unit_test(test_rwsem_checks_catch_unlocked_writer),
		cmocka_unit_test(test_rwsem_writer_waits_for_reader),
		cmocka_unit_test(test_rwsem_up_read_by_non_reader_fails),
		cmocka_unit_test(test_rwsem_up_read_of_write_lock_fails),
		cmocka_unit_test(test_rwsem_up_write_of_read_lock_fails),
		cmocka_unit_test(test_rwsem_lockdep_assert_held_write_of_read),
		cmocka_unit_test(test_rwsem_trylocks),
		cmocka_unit_test(test_rwsem_downgrade_write),
		cmocka_unit_test(test_rwsem_downgrade_wakes_readers),
		cmocka_unit_test(test_rwsem_downgrade_without_write_fails),
	};

	return cmocka_run_group_tests_name("shims_rwsem", tests, NULL, NULL);
}
