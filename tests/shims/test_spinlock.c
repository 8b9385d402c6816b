// SPDX-License-Identifier: GPL-2.0-only
/*
 * The spinlock shim: mutual exclusion, trylock, the irqsave forms, and the
 * kernel's "sleeping function called from invalid context" for anything
 * that may sleep under a spinlock (a mutex, a completion wait, a sleeping
 * allocation), while an atomic allocation is fine.
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
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "test-spinlock";

static spinlock_t lock;
static DEFINE_SPINLOCK(static_lock);
static struct mutex m;
static struct completion done, go;
static int results[8];
static int threads_done;		/* reset by setup */
static int teardowns;			/* reset by the test */

static void init_common(void)
{
	spin_lock_init(&lock);
	static_lock = __SPIN_LOCK_UNLOCKED(static_lock);
	mutex_init(&m);
	init_completion(&done);
	init_completion(&go);
	memset(results, 0, sizeof(results));
	threads_done = 0;
}

/* --- exclusion ----------------------------------------------------------- */

static int counter;

static void increment_thread(void *arg)
{
	spinlock_t *l = arg;
	int v;

	spin_lock(l);
	v = counter;
	sim_yield(SIM_HERE);	/* the other thread's chance to interfere */
	counter = v + 1;
	spin_unlock(l);
}

static void exclusion_setup(void *ctx)
{
	spinlock_t *l = ctx ? &static_lock : &lock;

	init_common();
	counter = 0;
	sim_thread_create("inc-a", increment_thread, l);
	sim_thread_create("inc-b", increment_thread, l);
}

static void exclusion_teardown(void *ctx)
{
	SIM_ASSERT(counter == 2);
	SIM_ASSERT(!spin_is_locked(&lock) && !spin_is_locked(&static_lock));
	teardowns++;
}

static void test_spinlock_mutual_exclusion(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, exclusion_setup,
					     exclusion_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(teardowns, r.executions);
	/* measured, as for the mutex: same shape, same search */
	assert_int_equal(r.executions, 26);

	/* a DEFINE_SPINLOCK() lock works the same */
	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, exclusion_setup,
					     exclusion_teardown, (void *)1, &o,
					     &r), 0, &r);
	assert_int_equal(teardowns, r.executions);
	assert_int_equal(r.executions, 26);
}

static void unlocked_increment_thread(void *arg)
{
	int v = counter;

	sim_yield(SIM_HERE);
	counter = v + 1;
}

static void no_lock_setup(void *ctx)
{
	init_common();
	counter = 0;
	sim_thread_create("inc-a", unlocked_increment_thread, NULL);
	sim_thread_create("inc-b", unlocked_increment_thread, NULL);
}

static void test_spinlock_without_it_update_lost(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, no_lock_setup,
					     exclusion_teardown, NULL, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT, "counter == 2");
}

/* --- trylock ------------------------------------------------------------- */

static void trylock_holder(void *arg)
{
	spin_lock(&lock);
	results[0] = spin_is_locked(&lock);
	complete(&go);
	/* spin until the other thread has tried (no sleeping here) */
	while (!completion_done(&done))
		sim_yield(SIM_HERE);
	spin_unlock(&lock);
	threads_done++;
}

static void trylock_other(void *arg)
{
	wait_for_completion(&go);
	results[1] = spin_trylock(&lock);
	complete(&done);
	spin_lock(&lock);	/* waits for the holder */
	spin_unlock(&lock);
	results[2] = spin_trylock(&lock);
	results[3] = lockdep_is_held(&lock);
	if (results[2])
		spin_unlock(&lock);
	results[4] = spin_is_locked(&lock);
	threads_done++;
}

static void trylock_setup(void *ctx)
{
	init_common();
	sim_thread_create("holder", trylock_holder, NULL);
	sim_thread_create("other", trylock_other, NULL);
}

static void trylock_teardown(void *ctx)
{
	SIM_ASSERT(threads_done == 2);
	SIM_ASSERT(results[0] == 1);
	SIM_ASSERT(results[1] == 0);
	SIM_ASSERT(results[2] == 1);
	SIM_ASSERT(results[3] == 1);
	SIM_ASSERT(results[4] == 0);
	teardowns++;
}

static void test_spinlock_trylock(void **state)
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
	assert_int_equal(results[1], 0);
	assert_int_equal(results[2], 1);
}

/* --- irqsave ------------------------------------------------------------- */

#define FLAGS_SENTINEL	0x5a5a5a5aUL

static unsigned long seen_flags;

static void irqsave_thread(void *arg)
{
	unsigned long flags = FLAGS_SENTINEL;

	spin_lock_irqsave(&lock, flags);
	seen_flags = flags;
	results[0] = spin_is_locked(&lock);
	results[1] = lockdep_is_held(&lock);
	spin_unlock_irqrestore(&lock, flags);
	results[2] = spin_is_locked(&lock);
	spin_lock_irq(&lock);
	spin_unlock_irq(&lock);
	spin_lock_bh(&lock);
	spin_unlock_bh(&lock);
	results[3] = lockdep_is_held(&lock);
	threads_done++;
}

static void irqsave_setup(void *ctx)
{
	init_common();
	seen_flags = FLAGS_SENTINEL;
	sim_thread_create("irqsave", irqsave_thread, NULL);
}

static void test_spinlock_irqsave_sets_flags(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, irqsave_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	/* the macro assigns the saved state to its flags argument */
	assert_int_not_equal(seen_flags, FLAGS_SENTINEL);
	assert_int_equal(results[0], 1);
	assert_int_equal(results[1], 1);
	assert_int_equal(results[2], 0);
	assert_int_equal(results[3], 0);
}

/* --- sleeping in atomic context ------------------------------------------ */

enum sleeper {
	SLEEP_MUTEX,
	SLEEP_COMPLETION,
	SLEEP_KMALLOC,
	SLEEP_KZALLOC,
	ATOMIC_KMALLOC,
	NOWAIT_KMALLOC,
	AFTER_UNLOCK_KMALLOC,
};

static void sleeper_thread(void *arg)
{
	enum sleeper what = (long)arg;
	void *p = NULL;

	spin_lock(&lock);
	switch (what) {
	case SLEEP_MUTEX:
		mutex_lock(&m);
		mutex_unlock(&m);
		break;
	case SLEEP_COMPLETION:
		complete(&done);	/* would not even block */
		wait_for_completion(&done);
		break;
	case SLEEP_KMALLOC:
		p = kmalloc(16, GFP_KERNEL);
		break;
	case SLEEP_KZALLOC:
		p = kzalloc(16, GFP_KERNEL);
		break;
	case ATOMIC_KMALLOC:
		p = kmalloc(16, GFP_ATOMIC);
		break;
	case NOWAIT_KMALLOC:
		p = kzalloc(16, GFP_NOWAIT);
		break;
	case AFTER_UNLOCK_KMALLOC:
		break;
	}
	spin_unlock(&lock);
	if (what == AFTER_UNLOCK_KMALLOC)
		p = kmalloc(16, GFP_KERNEL);
	results[0] = p != NULL;
	kfree(p);
	threads_done++;
}

static void sleeper_setup(void *ctx)
{
	init_common();
	sim_thread_create("atomic-ctx", sleeper_thread, ctx);
}

static void assert_sleep_is_bug(enum sleeper what)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, sleeper_setup, NULL,
				      (void *)(long)what, &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_BUG, "sleeping function called "
				"from invalid context");
	assert_non_null(strstr(r.failures[0].title, "&lock"));
	assert_non_null(strstr(r.failures[0].where, "sleeper_thread"));
	if (!strstr(rep, "BUG: sleeping function called from invalid "
		    "context at "))
		fail_msg("report lacks the BUG line:\n%s", rep);
	if (!strstr(rep, "1 lock held by atomic-ctx") ||
	    !strstr(rep, "#0: (&lock)"))
		fail_msg("report lacks the held lock:\n%s", rep);
	free(rep);
	assert_int_equal(threads_done, 0);
}

static void test_spinlock_mutex_lock_under_it_is_bug(void **state)
{
	assert_sleep_is_bug(SLEEP_MUTEX);
}

static void test_spinlock_wait_for_completion_under_it_is_bug(void **state)
{
	assert_sleep_is_bug(SLEEP_COMPLETION);
}

static void test_spinlock_kmalloc_gfp_kernel_under_it_is_bug(void **state)
{
	assert_sleep_is_bug(SLEEP_KMALLOC);
	assert_sleep_is_bug(SLEEP_KZALLOC);
}

static void test_spinlock_kmalloc_gfp_atomic_under_it_is_fine(void **state)
{
	enum sleeper ok[] = {
		ATOMIC_KMALLOC, NOWAIT_KMALLOC, AFTER_UNLOCK_KMALLOC,
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct sim_opts o = sim_test_opts();
		struct sim_result r;

		sim_test_assert_ret(sim_test_explore(prog, sleeper_setup, NULL,
						     (void *)(long)ok[i], &o,
						     &r), 0, &r);
		assert_int_equal(threads_done, 1);
		assert_int_equal(results[0], 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spinlock_mutual_exclusion),
		cmocka_unit_test(test_spinlock_without_it_update_lost),
		cmocka_unit_test(test_spinlock_trylock),
		cmocka_unit_test(test_spinlock_irqsave_sets_flags),
		cmocka_unit_test(test_spinlock_mutex_lock_under_it_is_bug),
		cmocka_unit_test(
			test_spinlock_wait_for_completion_under_it_is_bug),
		cmocka_unit_test(
			test_spinlock_kmalloc_gfp_kernel_under_it_is_bug),
		cmocka_unit_test(
			test_spinlock_kmalloc_gfp_atomic_under_it_is_fine),
	};

	return cmocka_run_group_tests_name("shims_spinlock", tests, NULL,
					   NULL);
}
