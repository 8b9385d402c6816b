// SPDX-License-Identifier: GPL-2.0-only
/*
 * refcount_t and kref with the kernel's semantics: every refcount_t
 * warning (addition on 0, underflow, decrement to 0, saturation on
 * overflow) fails the execution with the kernel's message and leaves the
 * counter saturated; the conditional operations return and leave what the
 * kernel's do; refcount_dec_and_mutex_lock() takes the mutex exactly when
 * it drops the last reference; kref_put() releases exactly once.
 *
 * Operations that succeed are checked directly, outside simulated threads
 * (no scheduling point there); the ones that must fail run in a program.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "sim/explore.h"
#include "sim/race.h"
#include "sim/sanitizer.h"
#include "sim_test.h"

static const char prog[] = "test-refcount";

/* --- warnings ------------------------------------------------------------ */

enum misuse {
	INC_ON_ZERO,
	ADD_ON_ZERO,
	DEC_AND_TEST_ON_ZERO,
	SUB_AND_TEST_BELOW_ZERO,
	DEC_TO_ZERO,
	DEC_ON_ZERO,
	ADD_OVERFLOW,
	INC_AT_MAX,
	ADD_NOT_ZERO_OVERFLOW,
	INC_SATURATED,
	DEC_AND_TEST_SATURATED,
	DEC_NOT_ONE_ON_ZERO,
};

static refcount_t ref;
static int reached_end;

static void misuse_thread(void *arg)
{
	switch ((enum misuse)(long)arg) {
	case INC_ON_ZERO:
		refcount_set(&ref, 0);
		refcount_inc(&ref);
		break;
	case ADD_ON_ZERO:
		refcount_set(&ref, 0);
		refcount_add(2, &ref);
		break;
	case DEC_AND_TEST_ON_ZERO:
		refcount_set(&ref, 0);
		refcount_dec_and_test(&ref);
		break;
	case SUB_AND_TEST_BELOW_ZERO:
		refcount_set(&ref, 2);
		refcount_sub_and_test(3, &ref);
		break;
	case DEC_TO_ZERO:
		refcount_set(&ref, 1);
		refcount_dec(&ref);
		break;
	case DEC_ON_ZERO:
		refcount_set(&ref, 0);
		refcount_dec(&ref);
		break;
	case ADD_OVERFLOW:
		refcount_set(&ref, REFCOUNT_MAX - 1);
		refcount_add(2, &ref);
		break;
	case INC_AT_MAX:
		refcount_set(&ref, REFCOUNT_MAX);
		refcount_inc(&ref);
		break;
	case ADD_NOT_ZERO_OVERFLOW:
		refcount_set(&ref, REFCOUNT_MAX);
		refcount_inc_not_zero(&ref);
		break;
	case INC_SATURATED:
		refcount_set(&ref, REFCOUNT_SATURATED);
		refcount_inc(&ref);
		break;
	case DEC_AND_TEST_SATURATED:
		refcount_set(&ref, REFCOUNT_SATURATED);
		refcount_dec_and_test(&ref);
		break;
	case DEC_NOT_ONE_ON_ZERO:
		refcount_set(&ref, 0);
		refcount_dec_not_one(&ref);
		break;
	}
	reached_end = 1;
}

static void misuse_setup(void *ctx)
{
	reached_end = 0;
	sim_thread_create("misuser", misuse_thread, ctx);
}

/*
 * Runs the misuse; checks the failure and that the execution stopped at
 * the warning with the counter at @after.  @isolate: for arithmetic at
 * the edge of int, where a UBSan build would abort on signed overflow if
 * the shim computed it in int (the kernel wraps: -fno-strict-overflow).
 */
static void assert_warns_leaving(enum misuse what, const char *msg,
				 bool isolate, int after)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = isolate;
	ref.refs.counter = 12345;
	sim_test_assert_ret(sim_test_explore(prog, misuse_setup, NULL,
					     (void *)(long)what, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_REFCOUNT, msg);
	assert_non_null(strstr(r.failures[0].title, "refcount_t: "));
	assert_non_null(strstr(r.failures[0].title, "(&ref)"));
	assert_non_null(strstr(r.failures[0].where, "misuse_thread"));
	if (isolate)
		return;		/* the child's memory is gone */
	/* the warning ended the execution, leaving the counter at @after */
	assert_int_equal(reached_end, 0);
	assert_int_equal(ref.refs.counter, after);
}

/* Every refcount_warn_saturate() leaves the counter saturated. */
static void assert_warns(enum misuse what, const char *msg, bool isolate)
{
	assert_warns_leaving(what, msg, isolate, REFCOUNT_SATURATED);
}

static void test_refcount_inc_on_zero_is_uaf(void **state)
{
	assert_warns(INC_ON_ZERO, "addition on 0; use-after-free", false);
	assert_warns(ADD_ON_ZERO, "addition on 0; use-after-free", false);
}

static void test_refcount_dec_and_test_underflow(void **state)
{
	assert_warns(DEC_AND_TEST_ON_ZERO, "underflow; use-after-free",
		     false);
	assert_warns(SUB_AND_TEST_BELOW_ZERO, "underflow; use-after-free",
		     false);
	assert_warns(DEC_AND_TEST_SATURATED, "underflow; use-after-free",
		     false);
}

/*
 * refcount_dec_not_one() on 0 WARNs ("underflow") but, unlike the others,
 * does not go through refcount_warn_saturate(): the counter stays 0.
 */
static void test_refcount_dec_not_one_on_zero_warns(void **state)
{
	assert_warns_leaving(DEC_NOT_ONE_ON_ZERO, "underflow; use-after-free",
			     false, 0);
}

static void test_refcount_dec_to_zero_leaks(void **state)
{
	assert_warns(DEC_TO_ZERO, "decrement hit 0; leaking memory", false);
	assert_warns(DEC_ON_ZERO, "decrement hit 0; leaking memory", false);
}

static void test_refcount_saturated_stays_saturated(void **state)
{
	assert_warns(INC_SATURATED, "saturated; leaking memory", false);
}

static void test_refcount_add_overflow_saturates(void **state)
{
	assert_warns(ADD_OVERFLOW, "saturated; leaking memory", true);
}

static void test_refcount_inc_at_max_saturates(void **state)
{
	assert_warns(INC_AT_MAX, "saturated; leaking memory", true);
}

static void test_refcount_inc_not_zero_at_max_saturates(void **state)
{
	assert_warns(ADD_NOT_ZERO_OVERFLOW, "saturated; leaking memory",
		     true);
}

static void test_refcount_warning_report_shape(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	rep = sim_test_explore_report(prog, misuse_setup, NULL,
				      (void *)(long)INC_ON_ZERO, &o, &r);
	assert_int_equal(r.nfailures, 1);
	if (!strstr(rep, "------------[ cut here ]------------\n"
		    "refcount_t: addition on 0; use-after-free.\n"
		    "WARNING: CPU: "))
		fail_msg("not a kernel refcount_t warning:\n%s", rep);
	assert_non_null(strstr(rep, "misuse_thread()"));
	free(rep);
	/* the replay saturated the counter as well */
	assert_int_equal(ref.refs.counter, REFCOUNT_SATURATED);
}

/* --- values -------------------------------------------------------------- */

static void test_refcount_set_read_inc_dec(void **state)
{
	refcount_t r = REFCOUNT_INIT(1);

	assert_int_equal(refcount_read(&r), 1);
	refcount_inc(&r);
	refcount_add(3, &r);
	assert_int_equal(refcount_read(&r), 5);
	refcount_dec(&r);
	assert_int_equal(refcount_read(&r), 4);
	assert_false(refcount_sub_and_test(2, &r));
	assert_int_equal(refcount_read(&r), 2);
	assert_false(refcount_dec_and_test(&r));
	assert_true(refcount_dec_and_test(&r));
	assert_int_equal(refcount_read(&r), 0);
	refcount_set(&r, 7);
	assert_true(refcount_sub_and_test(7, &r));
	assert_int_equal(refcount_read(&r), 0);
}

static void test_refcount_inc_not_zero(void **state)
{
	refcount_t r = REFCOUNT_INIT(0);

	assert_false(refcount_inc_not_zero(&r));
	assert_int_equal(refcount_read(&r), 0);
	assert_false(refcount_add_not_zero(2, &r));
	assert_int_equal(refcount_read(&r), 0);
	refcount_set(&r, 1);
	assert_true(refcount_inc_not_zero(&r));
	assert_int_equal(refcount_read(&r), 2);
	assert_true(refcount_add_not_zero(3, &r));
	assert_int_equal(refcount_read(&r), 5);
}

static void test_refcount_dec_not_one_dec_if_one(void **state)
{
	refcount_t r = REFCOUNT_INIT(3);

	assert_true(refcount_dec_not_one(&r));
	assert_int_equal(refcount_read(&r), 2);
	assert_true(refcount_dec_not_one(&r));
	assert_int_equal(refcount_read(&r), 1);
	/* the last reference is not dropped */
	assert_false(refcount_dec_not_one(&r));
	assert_int_equal(refcount_read(&r), 1);

	refcount_set(&r, 2);
	assert_false(refcount_dec_if_one(&r));
	assert_int_equal(refcount_read(&r), 2);
	refcount_set(&r, 1);
	assert_true(refcount_dec_if_one(&r));
	assert_int_equal(refcount_read(&r), 0);
	assert_false(refcount_dec_if_one(&r));
	assert_int_equal(refcount_read(&r), 0);

	/* a saturated counter stays saturated, and "not one" */
	refcount_set(&r, REFCOUNT_SATURATED);
	assert_true(refcount_dec_not_one(&r));
	assert_int_equal(refcount_read(&r), REFCOUNT_SATURATED);
}

/* --- dec_and_lock -------------------------------------------------------- */

static struct mutex m;
static spinlock_t sl;
static int rets[4], held[4], count_after[4];

static void dec_and_lock_thread(void *arg)
{
	bool spin = arg != NULL;

	refcount_set(&ref, 2);
	for (int i = 0; i < 2; i++) {
		if (spin) {
			rets[i] = refcount_dec_and_lock(&ref, &sl);
			held[i] = lockdep_is_held(&sl) + spin_is_locked(&sl);
		} else {
			rets[i] = refcount_dec_and_mutex_lock(&ref, &m);
			held[i] = lockdep_is_held(&m) + mutex_is_locked(&m);
		}
		count_after[i] = ref.refs.counter;
		if (rets[i] && spin)
			spin_unlock(&sl);
		else if (rets[i])
			mutex_unlock(&m);
	}
	reached_end = 1;
}

static void dec_and_lock_setup(void *ctx)
{
	mutex_init(&m);
	spin_lock_init(&sl);
	reached_end = 0;
	memset(rets, 0xff, sizeof(rets));
	memset(held, 0xff, sizeof(held));
	sim_thread_create("putter", dec_and_lock_thread, ctx);
}

static void assert_dec_and_lock(void *spin)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, dec_and_lock_setup, NULL,
					     spin, &o, &r), 0, &r);
	assert_int_equal(reached_end, 1);
	/* 2 -> 1: false, without the lock */
	assert_int_equal(rets[0], 0);
	assert_int_equal(held[0], 0);
	assert_int_equal(count_after[0], 1);
	/* 1 -> 0: true, with the lock held by the caller */
	assert_int_equal(rets[1], 1);
	assert_int_equal(held[1], 2);
	assert_int_equal(count_after[1], 0);
}

static void test_refcount_dec_and_mutex_lock(void **state)
{
	assert_dec_and_lock(NULL);
}

static void test_refcount_dec_and_lock(void **state)
{
	assert_dec_and_lock((void *)1);
}

/* Two putters race: exactly one gets the last reference, and the lock. */
static atomic_t winners;

static void racing_putter(void *arg)
{
	if (refcount_dec_and_mutex_lock(&ref, &m)) {
		atomic_inc(&winners);
		if (!mutex_is_locked(&m))
			atomic_add(100, &winners);
		mutex_unlock(&m);
	}
}

static void race_setup(void *ctx)
{
	mutex_init(&m);
	refcount_set(&ref, 2);
	atomic_set(&winners, 0);
	sim_thread_create("putter-a", racing_putter, NULL);
	sim_thread_create("putter-b", racing_putter, NULL);
}

static int race_teardowns;

static void race_teardown(void *ctx)
{
	SIM_ASSERT(atomic_read(&winners) == 1);
	SIM_ASSERT(refcount_read(&ref) == 0);
	SIM_ASSERT(!mutex_is_locked(&m));
	race_teardowns++;
}

static void test_refcount_dec_and_mutex_lock_race(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	race_teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, race_setup, race_teardown,
					     NULL, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_true(r.executions > 1);
	assert_int_equal(race_teardowns, r.executions);
}

/* --- use after free ------------------------------------------------------ */

struct object {
	long payload;
	refcount_t users;
};

static void uaf_thread(void *arg)
{
	struct object *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return;
	refcount_set(&obj->users, 1);
	kfree(obj);
	refcount_inc(&obj->users);	/* freed */
	reached_end = 1;
}

static void uaf_setup(void *ctx)
{
	reached_end = 0;
	sim_thread_create("uaf", uaf_thread, NULL);
}

static void test_refcount_on_freed_memory_is_uaf(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
#ifndef SIM_ASAN
	int ret;
#endif

#ifdef SIM_ASAN
	/* ASan reports the access itself: a crash of the isolated child */
	o.isolate = true;
	sim_test_assert_ret(sim_test_explore(prog, uaf_setup, NULL, NULL, &o,
					     &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_true(r.failures[0].kind == SIM_FAIL_CRASH ||
		    r.failures[0].kind == SIM_FAIL_UAF);
	if (r.failures[0].kind == SIM_FAIL_CRASH)
		assert_non_null(strstr(r.failures[0].title, "use-after-free"));
#else
	/* the race detector sees the freed object first: KASAN's report */
	sim_test_assert_ret(sim_test_explore(prog, uaf_setup, NULL, NULL, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_UAF, "use-after-free");
	assert_non_null(strstr(r.failures[0].title,
			       "KASAN: slab-use-after-free in uaf_thread"));
	assert_int_equal(reached_end, 0);
	/* without it, the poison the slab shim leaves in freed memory */
	sim_race_on = false;
	ret = sim_test_explore(prog, uaf_setup, NULL, NULL, &o, &r);
	sim_race_on = true;	/* before any assertion can leave */
	sim_test_assert_ret(ret, 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_UAF, "use-after-free");
	assert_non_null(strstr(r.failures[0].title, "refcount_inc"));
	assert_int_equal(reached_end, 0);
#endif
}

/* --- kref ---------------------------------------------------------------- */

struct kobj {
	struct kref kref;
	int id;
};

static int released;
/* an address, not a pointer: the objects are the tests' locals */
static uintptr_t released_obj;

static void kobj_release(struct kref *kref)
{
	released++;
	released_obj = (uintptr_t)kref - offsetof(struct kobj, kref);
}

static void test_refcount_kref_put_releases_once_at_zero(void **state)
{
	struct kobj obj = { .id = 1 };

	released = 0;
	released_obj = 0;
	kref_init(&obj.kref);
	assert_int_equal(kref_read(&obj.kref), 1);
	kref_get(&obj.kref);
	kref_get(&obj.kref);
	assert_int_equal(kref_read(&obj.kref), 3);

	assert_int_equal(kref_put(&obj.kref, kobj_release), 0);
	assert_int_equal(kref_put(&obj.kref, kobj_release), 0);
	assert_int_equal(released, 0);
	assert_int_equal(kref_put(&obj.kref, kobj_release), 1);
	assert_int_equal(released, 1);
	assert_int_equal(released_obj, (uintptr_t)&obj);
	assert_int_equal(kref_read(&obj.kref), 0);
}

static void test_refcount_kref_get_unless_zero(void **state)
{
	struct kobj obj = { .id = 2 };

	kref_init(&obj.kref);
	assert_true(kref_get_unless_zero(&obj.kref));
	assert_int_equal(kref_read(&obj.kref), 2);

	obj.kref.refcount.refs.counter = 0;	/* being released */
	assert_false(kref_get_unless_zero(&obj.kref));
	assert_int_equal(kref_read(&obj.kref), 0);
}

/* kref_put_mutex(): the release runs with the mutex held, and unlocks. */
static int released_locked;

static void kobj_release_locked(struct kref *kref)
{
	released++;
	released_locked = mutex_is_locked(&m) && lockdep_is_held(&m);
	mutex_unlock(&m);
}

static void kref_mutex_thread(void *arg)
{
	struct kobj obj = { .id = 3 };

	kref_init(&obj.kref);
	kref_get(&obj.kref);
	rets[0] = kref_put_mutex(&obj.kref, kobj_release_locked, &m);
	held[0] = mutex_is_locked(&m);
	rets[1] = kref_put_mutex(&obj.kref, kobj_release_locked, &m);
	held[1] = mutex_is_locked(&m);
	reached_end = 1;
}

static void kref_mutex_setup(void *ctx)
{
	mutex_init(&m);
	reached_end = 0;
	released = released_locked = 0;
	sim_thread_create("kref", kref_mutex_thread, NULL);
}

static void test_refcount_kref_put_mutex(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, kref_mutex_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(reached_end, 1);
	assert_int_equal(rets[0], 0);
	assert_int_equal(held[0], 0);
	assert_int_equal(rets[1], 1);
	assert_int_equal(held[1], 0);
	assert_int_equal(released, 1);
	assert_int_equal(released_locked, 1);
}

/* A put too many is an underflow: the refcount_t warning, from kref. */
static void kref_underflow_thread(void *arg)
{
	struct kobj obj = { .id = 4 };

	kref_init(&obj.kref);
	kref_put(&obj.kref, kobj_release);
	kref_put(&obj.kref, kobj_release);
	reached_end = 1;
}

static void kref_underflow_setup(void *ctx)
{
	reached_end = 0;
	released = 0;
	sim_thread_create("kref", kref_underflow_thread, NULL);
}

static void test_refcount_kref_put_too_many_underflows(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, kref_underflow_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_REFCOUNT,
				"underflow; use-after-free");
	assert_int_equal(released, 1);
	assert_int_equal(reached_end, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refcount_inc_on_zero_is_uaf),
		cmocka_unit_test(test_refcount_dec_and_test_underflow),
		cmocka_unit_test(test_refcount_dec_not_one_on_zero_warns),
		cmocka_unit_test(test_refcount_dec_to_zero_leaks),
		cmocka_unit_test(test_refcount_saturated_stays_saturated),
		cmocka_unit_test(test_refcount_add_overflow_saturates),
		cmocka_unit_test(test_refcount_inc_at_max_saturates),
		cmocka_unit_test(test_refcount_inc_not_zero_at_max_saturates),
		cmocka_unit_test(test_refcount_warning_report_shape),
		cmocka_unit_test(test_refcount_set_read_inc_dec),
		cmocka_unit_test(test_refcount_inc_not_zero),
		cmocka_unit_test(test_refcount_dec_not_one_dec_if_one),
		cmocka_unit_test(test_refcount_dec_and_mutex_lock),
		cmocka_unit_test(test_refcount_dec_and_lock),
		cmocka_unit_test(test_refcount_dec_and_mutex_lock_race),
		cmocka_unit_test(test_refcount_on_freed_memory_is_uaf),
		cmocka_unit_test(test_refcount_kref_put_releases_once_at_zero),
		cmocka_unit_test(test_refcount_kref_get_unless_zero),
		cmocka_unit_test(test_refcount_kref_put_mutex),
		cmocka_unit_test(test_refcount_kref_put_too_many_underflows),
	};

	return cmocka_run_group_tests_name("shims_refcount", tests, NULL,
					   NULL);
}
