// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mutex shim: lock, unlock, trylock and is_locked; interruptible and
 * killable waits; every misuse the kernel's mutex debugging and lockdep
 * report (unlock by a non-owner, unbalanced unlock, recursion, a lock held
 * when a thread ends, lockdep_assert_held(), destroying a held mutex, an
 * uninitialised mutex, sleeping under a spinlock); mutual exclusion under
 * exhaustive exploration; nesting annotations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "test-mutex";

static struct mutex m;
static struct completion locked, release;
static int results[8];
static int threads_done;		/* reset by setup */
static int teardowns;			/* reset by the test */

static void init_common(void)
{
	mutex_init(&m);
	init_completion(&locked);
	init_completion(&release);
	memset(results, 0, sizeof(results));
	threads_done = 0;
}

/* --- basic operations ---------------------------------------------------- */

static void basic_thread(void *arg)
{
	results[0] = mutex_is_locked(&m);
	mutex_lock(&m);
	results[1] = mutex_is_locked(&m);
	results[2] = lockdep_is_held(&m);
	/* trylock of a mutex the caller holds fails, without a report */
	results[3] = mutex_trylock(&m);
	mutex_unlock(&m);
	results[4] = mutex_is_locked(&m);
	results[5] = mutex_trylock(&m);
	results[6] = mutex_is_locked(&m);
	mutex_unlock(&m);
	results[7] = lockdep_is_held(&m);
	threads_done++;
}

static void basic_setup(void *ctx)
{
	init_common();
	sim_thread_create("basic", basic_thread, NULL);
}

static void test_mutex_lock_unlock_trylock_is_locked(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, basic_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(r.executions, 1);
	assert_int_equal(threads_done, 1);
	assert_int_equal(results[0], 0);
	assert_int_equal(results[1], 1);
	assert_int_equal(results[2], 1);
	assert_int_equal(results[3], 0);
	assert_int_equal(results[4], 0);
	assert_int_equal(results[5], 1);
	assert_int_equal(results[6], 1);
	assert_int_equal(results[7], 0);
}

/* trylock from another thread while held: fails; after unlock: succeeds */
static void trylock_holder(void *arg)
{
	mutex_lock(&m);
	complete(&locked);
	wait_for_completion(&release);
	mutex_unlock(&m);
}

static void trylock_other(void *arg)
{
	wait_for_completion(&locked);
	results[0] = mutex_trylock(&m);
	complete(&release);
	mutex_lock(&m);
	results[1] = lockdep_is_held(&m);
	mutex_unlock(&m);
}

static void trylock_setup(void *ctx)
{
	init_common();
	sim_thread_create("holder", trylock_holder, NULL);
	sim_thread_create("other", trylock_other, NULL);
}

static void trylock_teardown(void *ctx)
{
	SIM_ASSERT(results[0] == 0);
	SIM_ASSERT(results[1] == 1);
	SIM_ASSERT(!mutex_is_locked(&m));
	teardowns++;
}

static void test_mutex_trylock_fails_while_held_by_other(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, trylock_setup,
					     trylock_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
}

/* --- signals ------------------------------------------------------------- */

struct sig_case {
	bool killable;		/* mutex_lock_killable, else _interruptible */
	bool fatal;		/* sim_thread_kill(tid, fatal) */
};

static int waiter_tid;
static bool killed_while_blocked;
static int waiter_ret;
static int seen_eintr, seen_zero;

/* Holds the mutex until the waiter blocks on it, then signals it. */
static void sig_holder(void *arg)
{
	const struct sig_case *c = arg;

	mutex_lock(&m);
	while (!sim_waiters(&m.dep_map) && !sim_thread_done(waiter_tid))
		sim_yield(SIM_HERE);
	if (sim_waiters(&m.dep_map)) {
		killed_while_blocked = true;
		sim_thread_kill(waiter_tid, c->fatal);
	}
	mutex_unlock(&m);
}

static void sig_waiter(void *arg)
{
	const struct sig_case *c = arg;

	if (c->killable)
		waiter_ret = mutex_lock_killable(&m);
	else
		waiter_ret = mutex_lock_interruptible(&m);
	if (!waiter_ret) {
		SIM_ASSERT(lockdep_is_held(&m));
		mutex_unlock(&m);
	} else {
		SIM_ASSERT(!lockdep_is_held(&m));
	}
}

static void sig_setup(void *ctx)
{
	init_common();
	killed_while_blocked = false;
	waiter_ret = 12345;
	sim_thread_create("holder", sig_holder, ctx);
	waiter_tid = sim_thread_create("waiter", sig_waiter, ctx);
}

static void sig_teardown(void *ctx)
{
	const struct sig_case *c = ctx;
	bool interrupted = killed_while_blocked && (!c->killable || c->fatal);

	SIM_ASSERT(waiter_ret == (interrupted ? -EINTR : 0));
	if (waiter_ret == -EINTR)
		seen_eintr++;
	else if (waiter_ret == 0)
		seen_zero++;
	SIM_ASSERT(!mutex_is_locked(&m));
}

static void run_sig_case(const struct sig_case *c, int *eintr, int *zero)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	seen_eintr = seen_zero = 0;
	sim_test_assert_ret(sim_test_explore(prog, sig_setup, sig_teardown,
					     (void *)c, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(seen_eintr + seen_zero, r.executions);
	*eintr = seen_eintr;
	*zero = seen_zero;

	/* the default schedule: the holder first, the waiter blocks */
	sim_test_assert_ret(sim_test_replay(prog, sig_setup, sig_teardown,
					    (void *)c, "", &o, &r), 0, &r);
	assert_int_equal(r.executions, 1);
	assert_true(killed_while_blocked);
}

static void test_mutex_lock_interruptible_eintr_on_signal(void **state)
{
	const struct sig_case c = { .killable = false, .fatal = false };
	int eintr, zero;

	run_sig_case(&c, &eintr, &zero);
	assert_true(eintr > 0);
	/* schedules where the waiter took the mutex first return 0 */
	assert_true(zero > 0);
	/* and in the default schedule, the blocked waiter was interrupted */
	assert_int_equal(waiter_ret, -EINTR);
}

static void test_mutex_lock_killable_ignores_non_fatal(void **state)
{
	const struct sig_case c = { .killable = true, .fatal = false };
	int eintr, zero;

	run_sig_case(&c, &eintr, &zero);
	assert_int_equal(eintr, 0);
	assert_true(zero > 0);
	assert_int_equal(waiter_ret, 0);
}

static void test_mutex_lock_killable_eintr_on_fatal(void **state)
{
	const struct sig_case c = { .killable = true, .fatal = true };
	int eintr, zero;

	run_sig_case(&c, &eintr, &zero);
	assert_true(eintr > 0);
	assert_true(zero > 0);
	assert_int_equal(waiter_ret, -EINTR);
}

/* a signal pending before an uncontended lock does not interrupt it */
static void pending_thread(void *arg)
{
	sim_thread_kill(sim_current_tid(), true);
	results[0] = mutex_lock_interruptible(&m);
	if (!results[0])
		mutex_unlock(&m);
	threads_done++;
}

static void pending_setup(void *ctx)
{
	init_common();
	results[0] = 12345;
	sim_thread_create("pending", pending_thread, NULL);
}

static void test_mutex_lock_interruptible_uncontended_with_signal(void **s)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, pending_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(results[0], 0);
}

/* --- misuse -------------------------------------------------------------- */

static void owner_thread(void *arg)
{
	mutex_lock(&m);
	complete(&locked);
	wait_for_completion(&release);
	mutex_unlock(&m);
}

static void non_owner_thread(void *arg)
{
	wait_for_completion(&locked);
	mutex_unlock(&m);		/* not ours */
	complete(&release);
}

static void non_owner_setup(void *ctx)
{
	init_common();
	sim_thread_create("owner", owner_thread, NULL);
	sim_thread_create("intruder", non_owner_thread, NULL);
}

static void test_mutex_unlock_by_non_owner_reported(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, non_owner_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "owner != current");
	assert_non_null(strstr(r.failures[0].title, "held by owner"));
	assert_non_null(strstr(r.failures[0].where, "non_owner_thread"));
	assert_int_equal(r.failures[0].preemptions, 0);
}

static void unbalanced_thread(void *arg)
{
	mutex_lock(&m);
	mutex_unlock(&m);
	mutex_unlock(&m);
}

static void unbalanced_setup(void *ctx)
{
	init_common();
	sim_thread_create("unbalanced", unbalanced_thread, NULL);
}

static void test_mutex_unlock_unlocked_bad_unlock_balance(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, unbalanced_setup, NULL, NULL, &o,
				      &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "bad unlock balance");
	assert_non_null(strstr(rep, "WARNING: bad unlock balance detected!"));
	assert_non_null(strstr(rep, "but there are no more locks to release!"));
	free(rep);
}

static void recursive_thread(void *arg)
{
	mutex_lock(&m);
	mutex_lock(&m);
	mutex_unlock(&m);
	mutex_unlock(&m);
}

static void recursive_setup(void *ctx)
{
	init_common();
	sim_thread_create("recursive", recursive_thread, NULL);
}

static void test_mutex_relock_recursive_locking_lockdep(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, recursive_setup, NULL, NULL, &o,
				      &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "recursive locking");
	assert_non_null(strstr(rep, "WARNING: possible recursive locking "
			       "detected"));
	assert_non_null(strstr(rep, "*** DEADLOCK ***"));
	free(rep);
}

static void test_mutex_relock_deadlock_without_lockdep(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
	sim_test_assert_ret(sim_test_explore(prog, recursive_setup, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_DEADLOCK);
	assert_non_null(strstr(r.failures[0].where, "recursive_thread"));
}

static void exits_locked_thread(void *arg)
{
	mutex_lock(&m);
}

static void exits_locked_setup(void *ctx)
{
	init_common();
	sim_thread_create("leaver", exits_locked_thread, NULL);
}

static void test_mutex_held_at_thread_exit_reported(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, exits_locked_setup, NULL, NULL, &o,
				      &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "lock held when thread");
	assert_non_null(strstr(r.failures[0].title, "leaver"));
	assert_non_null(strstr(r.failures[0].where, "exits_locked_thread"));
	assert_non_null(strstr(rep, "WARNING: lock held when returning to "
			       "user space!"));
	free(rep);
}

static void assert_held_thread(void *arg)
{
	bool take = arg != NULL;

	if (take)
		mutex_lock(&m);
	lockdep_assert_held(&m);
	if (take)
		mutex_unlock(&m);
	threads_done++;
}

static void assert_held_setup(void *ctx)
{
	init_common();
	sim_thread_create("asserter", assert_held_thread, ctx);
}

static void test_mutex_lockdep_assert_held(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* passes when held */
	sim_test_assert_ret(sim_test_explore(prog, assert_held_setup, NULL,
					     (void *)1, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);

	/* a WARNING when not held: the execution fails */
	sim_test_assert_ret(sim_test_explore(prog, assert_held_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN,
				"lockdep_assert_held(&m) failed");
	assert_int_equal(threads_done, 0);
	assert_non_null(strstr(r.failures[0].where, "assert_held_thread"));
}

/* also held by another thread is not held by the asserting one */
static void assert_other_holder(void *arg)
{
	mutex_lock(&m);
	complete(&locked);
	wait_for_completion(&release);
	mutex_unlock(&m);
}

static void assert_other_checker(void *arg)
{
	wait_for_completion(&locked);
	lockdep_assert_held(&m);
	complete(&release);
}

static void assert_other_setup(void *ctx)
{
	init_common();
	sim_thread_create("holder", assert_other_holder, NULL);
	sim_thread_create("checker", assert_other_checker, NULL);
}

static void test_mutex_lockdep_assert_held_by_other_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, assert_other_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "lockdep_assert_held");
	assert_non_null(strstr(r.failures[0].where, "assert_other_checker"));
}

static void destroy_thread(void *arg)
{
	bool held = arg != NULL;

	mutex_lock(&m);
	if (!held)
		mutex_unlock(&m);
	mutex_destroy(&m);
	if (held)
		mutex_unlock(&m);
	threads_done++;
}

static void destroy_setup(void *ctx)
{
	init_common();
	sim_thread_create("destroyer", destroy_thread, ctx);
}

static void test_mutex_destroy_held_warns(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* destroying an unlocked mutex is fine */
	sim_test_assert_ret(sim_test_explore(prog, destroy_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);

	sim_test_assert_ret(sim_test_explore(prog, destroy_setup, NULL,
					     (void *)1, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "mutex_is_locked");
	assert_non_null(strstr(r.failures[0].where, "destroy_thread"));
	assert_int_equal(threads_done, 0);
}

static void use_after_destroy_thread(void *arg)
{
	mutex_destroy(&m);
	mutex_lock(&m);
	mutex_unlock(&m);
}

static void use_after_destroy_setup(void *ctx)
{
	init_common();
	sim_thread_create("user", use_after_destroy_thread, NULL);
}

static void test_mutex_lock_after_destroy_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, use_after_destroy_setup,
					     NULL, NULL, &o, &r), 1, &r);
	/* mutex_destroy() poisons the magic: the lock is uninitialised */
	sim_test_assert_failure(&r, SIM_FAIL_BUG, "uninitialised");
	assert_non_null(strstr(r.failures[0].where,
			       "use_after_destroy_thread"));
}

struct has_mutex {
	int a;
	struct mutex lock;
	int b;
};

static void uninit_thread(void *arg)
{
	struct has_mutex *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return;
	/* no mutex_init(&obj->lock) */
	mutex_lock(&obj->lock);
	mutex_unlock(&obj->lock);
	kfree(obj);
	threads_done++;
}

static void uninit_setup(void *ctx)
{
	init_common();
	sim_thread_create("uninit", uninit_thread, NULL);
}

static void test_mutex_uninitialised_in_kzalloc_memory(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, uninit_setup, NULL, NULL, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_BUG, "uninitialised");
	assert_non_null(strstr(r.failures[0].title, "mutex_lock"));
	assert_non_null(strstr(r.failures[0].where, "uninit_thread"));
	assert_int_equal(threads_done, 0);
}

/* --- mutual exclusion ---------------------------------------------------- */

static int plain_counter;

static void increment_thread(void *arg)
{
	int v;

	mutex_lock(&m);
	v = plain_counter;
	/* let the other thread in, were the mutex not excluding it */
	sim_yield(SIM_HERE);
	plain_counter = v + 1;
	mutex_unlock(&m);
}

static void exclusion_setup(void *ctx)
{
	init_common();
	plain_counter = 0;
	sim_thread_create("inc-a", increment_thread, NULL);
	sim_thread_create("inc-b", increment_thread, NULL);
}

static void exclusion_teardown(void *ctx)
{
	SIM_ASSERT(plain_counter == 2);
	teardowns++;
}

static void test_mutex_mutual_exclusion_exhaustive(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, exclusion_setup,
					     exclusion_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(teardowns, r.executions);
	/* measured: a change is a change in the search, explain it */
	assert_int_equal(r.executions, 26);
}

/* The same program without the mutex loses an update: the check works. */
static void unlocked_increment_thread(void *arg)
{
	int v = plain_counter;

	sim_yield(SIM_HERE);
	plain_counter = v + 1;
}

static void no_exclusion_setup(void *ctx)
{
	init_common();
	plain_counter = 0;
	sim_thread_create("inc-a", unlocked_increment_thread, NULL);
	sim_thread_create("inc-b", unlocked_increment_thread, NULL);
}

static void test_mutex_without_it_update_lost(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, no_exclusion_setup,
					     exclusion_teardown, NULL, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT, "plain_counter == 2");
}

/* --- context ------------------------------------------------------------- */

static spinlock_t sl;

static void under_spin_thread(void *arg)
{
	spin_lock(&sl);
	mutex_lock(&m);
	mutex_unlock(&m);
	spin_unlock(&sl);
}

static void under_spin_setup(void *ctx)
{
	init_common();
	spin_lock_init(&sl);
	sim_thread_create("atomic-ctx", under_spin_thread, NULL);
}

static void test_mutex_lock_under_spinlock_is_bug(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, under_spin_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_BUG, "sleeping function called "
				"from invalid context");
	assert_non_null(strstr(r.failures[0].where, "under_spin_thread"));
}

/* --- static locks ------------------------------------------------------- */

static DEFINE_MUTEX(static_m);

static void hold_and_fail_thread(void *arg)
{
	mutex_lock(&static_m);
	lockdep_assert_held(&m);	/* not held: the execution fails */
	mutex_unlock(&static_m);
}

static void hold_and_fail_setup(void *ctx)
{
	init_common();
	sim_thread_create("failer", hold_and_fail_thread, NULL);
}

static void lock_static_thread(void *arg)
{
	mutex_lock(&static_m);
	results[0] = lockdep_is_held(&static_m);
	mutex_unlock(&static_m);
	threads_done++;
}

static void lock_static_setup(void *ctx)
{
	init_common();
	sim_thread_create("locker", lock_static_thread, NULL);
}

/*
 * A DEFINE_MUTEX() lock outlives executions: one abandoned held by a
 * failed execution is free again in the next one.
 */
static void test_mutex_static_lock_free_after_failed_execution(void **s)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, hold_and_fail_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "lockdep_assert_held");
	sim_test_assert_ret(sim_test_explore(prog, lock_static_setup, NULL,
					     NULL, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(results[0], 1);
	assert_false(mutex_is_locked(&static_m));
}

/* --- nesting ------------------------------------------------------------- */

static struct mutex pair[2];

/* One initialisation site: both mutexes are one lock class. */
static void init_pair(void)
{
	for (int i = 0; i < 2; i++)
		mutex_init(&pair[i]);
}

static void nested_thread(void *arg)
{
	mutex_lock(&pair[0]);
	mutex_lock_nested(&pair[1], SINGLE_DEPTH_NESTING);
	results[0] = lockdep_is_held(&pair[0]) && lockdep_is_held(&pair[1]);
	mutex_unlock(&pair[1]);
	mutex_unlock(&pair[0]);
	threads_done++;
}

static void nested_setup(void *ctx)
{
	init_common();
	init_pair();
	sim_thread_create("nester", nested_thread, NULL);
}

static void test_mutex_lock_nested_same_class_no_report(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, nested_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(results[0], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutex_lock_unlock_trylock_is_locked),
		cmocka_unit_test(test_mutex_trylock_fails_while_held_by_other),
		cmocka_unit_test(test_mutex_lock_interruptible_eintr_on_signal),
		cmocka_unit_test(test_mutex_lock_killable_ignores_non_fatal),
		cmocka_unit_test(test_mutex_lock_killable_eintr_on_fatal),
		cmocka_unit_test(
			test_mutex_lock_interruptible_uncontended_with_signal),
		cmocka_unit_test(test_mutex_unlock_by_non_owner_reported),
		cmocka_unit_test(test_mutex_unlock_unlocked_bad_unlock_balance),
		cmocka_unit_test(test_mutex_relock_recursive_locking_lockdep),
		cmocka_unit_test(test_mutex_relock_deadlock_without_lockdep),
		cmocka_unit_test(test_mutex_held_at_thread_exit_reported),
		cmocka_unit_test(test_mutex_lockdep_assert_held),
		cmocka_unit_test(test_mutex_lockdep_assert_held_by_other_fails),
		cmocka_unit_test(test_mutex_destroy_held_warns),
		cmocka_unit_test(test_mutex_lock_after_destroy_fails),
		cmocka_unit_test(test_mutex_uninitialised_in_kzalloc_memory),
		cmocka_unit_test(test_mutex_mutual_exclusion_exhaustive),
		cmocka_unit_test(test_mutex_without_it_update_lost),
		cmocka_unit_test(test_mutex_lock_under_spinlock_is_bug),
		cmocka_unit_test(
			test_mutex_static_lock_free_after_failed_execution),
		cmocka_unit_test(test_mutex_lock_nested_same_class_no_report),
	};

	return cmocka_run_group_tests_name("shims_mutex", tests, NULL, NULL);
}
