// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine behaviours: livelock and deadlock detection, timed waits, signals,
 * crash isolation (the exploration survives and goes on), fail-nth, the
 * step trace, and that iterative bounding reports minimal preemptions.
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
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "sim/explore.h"
#include "sim/sanitizer.h"
#include "sim_test.h"

/* --- livelock ------------------------------------------------------------ */

static atomic_t never_set;

static void spin_forever(void *arg)
{
	while (!atomic_read(&never_set))
		sim_yield(SIM_HERE);
}

static void livelock_setup(void *ctx)
{
	atomic_set(&never_set, 0);
	sim_thread_create("spinner", spin_forever, NULL);
}

static void test_engine_livelock_is_step_bound(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_steps = 500;
	sim_test_assert_ret(sim_test_explore("livelock", livelock_setup, NULL,
					     NULL, &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LIVELOCK);
	assert_non_null(strstr(r.failures[0].title, "more than 500"));
	assert_non_null(strstr(r.failures[0].where, "test_engine.c"));
}

/* --- timed waits and signals --------------------------------------------- */

static DECLARE_COMPLETION(never_done);
static long wait_ret;

static void timed_waiter(void *arg)
{
	wait_ret = wait_for_completion_timeout(&never_done, 10 * HZ);
}

static void timed_setup(void *ctx)
{
	init_completion(&never_done);
	wait_ret = -1;
	sim_thread_create("waiter", timed_waiter, NULL);
}

static void timed_teardown(void *ctx)
{
	SIM_ASSERT(wait_ret == 0);
}

static void test_engine_timeout_when_all_blocked(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore("timeout", timed_setup,
					     timed_teardown, NULL, &o, &r),
			    0, &r);
	assert_int_equal(r.executions, 1);
}

static DEFINE_MUTEX(held_forever);
static int lock_ret;
static int waiter_tid;

static atomic_t holder_steps;

static void holder(void *arg)
{
	mutex_lock(&held_forever);
	atomic_inc(&holder_steps);	/* a point: the waiter may block here */
	sim_thread_kill(waiter_tid, false);	/* interrupt the waiter */
	mutex_unlock(&held_forever);
}

static void interruptible(void *arg)
{
	lock_ret = mutex_lock_interruptible(&held_forever);
	if (!lock_ret)
		mutex_unlock(&held_forever);
}

static void signal_setup(void *ctx)
{
	lock_ret = 1;
	sim_thread_create("holder", holder, NULL);
	waiter_tid = sim_thread_create("waiter", interruptible, NULL);
}

static void signal_teardown(void *ctx)
{
	/* either it got the lock first, or it was interrupted */
	SIM_ASSERT(lock_ret == 0 || lock_ret == -EINTR);
}

static void test_engine_signal_interrupts_wait(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *buf;

	sim_test_assert_ret(sim_test_explore("signal", signal_setup,
					     signal_teardown, NULL, &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	/* T0 locks; at its next point T1 blocks; T0 sends the signal */
	sim_test_report_begin(&rep, &o);
	sim_test_replay("signal", signal_setup, signal_teardown, NULL, "0:2,1",
			&o, &r);
	buf = sim_test_report_end(&rep);
	sim_test_assert_passed(&r);
	assert_non_null(strstr(buf, "(signal)"));
	free(buf);
}

/* --- crash isolation ----------------------------------------------------- */

static atomic_t crash_flag;

static void crasher(void *arg)
{
	if (atomic_read(&crash_flag) == 1) {
		volatile int *p = NULL;

		*p = 1;		/* a NULL dereference in the code under test */
	}
}

static void setter(void *arg)
{
	atomic_set(&crash_flag, 1);
}

static void crash_setup(void *ctx)
{
	atomic_set(&crash_flag, 0);
	sim_thread_create("crasher", crasher, NULL);
	sim_thread_create("setter", setter, NULL);
}

static void test_engine_crash_isolated_and_exploration_goes_on(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	o.keep_going = true;
	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore("crash", crash_setup, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_CRASH);
	/* UBSan's null check, ASan's SEGV or (no sanitizer) the signal */
	if (strcmp(r.failures[0].title, "UBSAN: null-ptr-deref in crasher"))
		assert_string_equal(r.failures[0].title, "BUG: kernel NULL "
				    "pointer dereference in crasher");
	/* setter first: the first choice of all is free, no preemption */
	assert_int_equal(r.failures[0].preemptions, 0);
	assert_string_equal(r.failures[0].schedule, "1");
	assert_true(r.failures[0].replayed);
	/* the explorer went on after the crash and finished the search */
	assert_true(r.exhausted);
	assert_true(r.executions > 2);
}

/* A pointer loaded from poisoned memory: a non-canonical address. */
static void wild(void *arg)
{
	volatile char *p = (volatile char *)0x6b6b6b6b6b6b6b6bul;

	if (atomic_read(&crash_flag) == 1)
		*p = 1;
}

static void wild_setup(void *ctx)
{
	atomic_set(&crash_flag, 0);
	sim_thread_create("wild", wild, NULL);
	sim_thread_create("setter", setter, NULL);
}

static void test_engine_crash_general_protection_fault(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	sim_test_assert_ret(sim_test_explore("wild", wild_setup, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_CRASH);
	/* ASan's hint (a high value address) or the signal's SI_KERNEL */
	assert_string_equal(r.failures[0].title,
			    "general protection fault in wild");
	assert_true(r.failures[0].replayed);
}

#ifdef SIM_ASAN
/* UBSan (built with ASan) ends the child: its check names the crash. */
static volatile int shift_by = 40;

static void shifter(void *arg)
{
	volatile int v = 1;

	if (atomic_read(&crash_flag) == 1)
		v = v << shift_by;
}

static void shift_setup(void *ctx)
{
	atomic_set(&crash_flag, 0);
	sim_thread_create("shifter", shifter, NULL);
	sim_thread_create("setter", setter, NULL);
}

static void test_engine_crash_ubsan_check_named(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	sim_test_assert_ret(sim_test_explore("shift", shift_setup, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_CRASH);
	assert_string_equal(r.failures[0].title,
			    "UBSAN: shift-out-of-bounds in shifter");
	assert_non_null(strstr(r.failures[0].where, "tests/sim/test_engine.c:"));
	assert_true(r.failures[0].replayed);
}
#endif

/* --- fail-nth ------------------------------------------------------------ */

static void *objs[3];

static void three_allocs(void *arg)
{
	for (int i = 0; i < 3; i++) {
		objs[i] = kmalloc(16, GFP_KERNEL);
		if (!objs[i]) {
			while (i--)
				kfree(objs[i]);
			return;
		}
	}
	for (int i = 0; i < 3; i++)
		kfree(objs[i]);
}

static void allocs_setup(void *ctx)
{
	sim_thread_create("alloc", three_allocs, NULL);
}

static void test_engine_fail_nth_sweep(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_sweep("allocs", allocs_setup, NULL, NULL,
					   &o, &r), 0, &r);
	/* N = 1, 2, 3 fail one allocation each; N = 4 fails none: done */
	assert_int_equal(r.executions, 4);
	sim_test_assert_passed(&r);
}

static void leaky_on_error(void *arg)
{
	void *a = kmalloc(16, GFP_KERNEL);
	void *b = kmalloc(16, GFP_KERNEL);

	if (!b)
		return;		/* forgets a */
	kfree(b);
	kfree(a);
}

static void leaky_setup(void *ctx)
{
	sim_thread_create("leaky", leaky_on_error, NULL);
}

static void test_engine_fail_nth_finds_error_path_leak(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_sweep("leaky", leaky_setup, NULL, NULL,
					   &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LEAK);
	assert_int_equal(r.failures[0].fail_nth, 2);
	assert_string_equal(r.failures[0].schedule, "f2/");
	assert_non_null(strstr(r.failures[0].where, "test_engine.c"));
}

/*
 * Four allocations: the second failing crashes (a NULL dereference on the
 * error path), the third or fourth failing leaks the first (one bug, met
 * from two allocations).
 */
static void crash_then_leak(void *arg)
{
	void *a = kmalloc(16, GFP_KERNEL);
	void *b, *c, *d;

	if (!a)
		return;
	b = kmalloc(16, GFP_KERNEL);
	if (!b) {
		volatile int *p = NULL;

		*p = 1;
	}
	c = kmalloc(16, GFP_KERNEL);
	d = kmalloc(16, GFP_KERNEL);
	if (!c || !d) {
		kfree(c);
		kfree(d);
		kfree(b);
		return;		/* forgets a */
	}
	kfree(d);
	kfree(c);
	kfree(b);
	kfree(a);
}

static void crash_then_leak_setup(void *ctx)
{
	sim_thread_create("unwind", crash_then_leak, NULL);
}

/*
 * An isolated sweep goes on after a crash (the runs after it happen in a
 * new child) and reports each distinct failure once, at the first
 * allocation that shows it.
 */
static void test_engine_sweep_goes_on_after_crash(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	o.keep_going = true;
	o.max_bound = 0;
	sim_test_assert_ret(sim_test_sweep("crash-then-leak",
					   crash_then_leak_setup, NULL, NULL,
					   &o, &r), 1, &r);
	/* N = 1 .. 4 fail one allocation each, N = 5 none: done */
	assert_int_equal(r.executions, 5);
	assert_int_equal(r.nfailures, 2);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_CRASH);
	assert_int_equal(r.failures[0].fail_nth, 2);
	assert_true(r.failures[0].replayed);
	assert_int_equal(r.failures[1].kind, SIM_FAIL_LEAK);
	assert_int_equal(r.failures[1].fail_nth, 3);
	assert_string_equal(r.failures[1].schedule, "f3/");

	/* without --keep-going the crash ends it */
	o.keep_going = false;
	sim_test_assert_ret(sim_test_sweep("crash-then-leak",
					   crash_then_leak_setup, NULL, NULL,
					   &o, &r), 1, &r);
	assert_int_equal(r.executions, 2);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_CRASH);
}

/* --- bounds -------------------------------------------------------------- */

/* Stopping at the first failure: the crash ends a bound-2 exploration. */
static void test_engine_crash_stops_without_keep_going(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore("crash", crash_setup, NULL, NULL,
					     &o, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.bound, 0);
	assert_int_equal(r.executions, 2);
	assert_false(r.exhausted);
}

/* --- state regions ------------------------------------------------------ */

/* The globals of some "code under test", dirtied by a failing execution. */
static struct {
	int counter;
	struct list_head head;
} module_state = { 0, LIST_HEAD_INIT(module_state.head) };

struct node {
	struct list_head link;
};

static void dirty_then_fail(void *arg)
{
	struct node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	/* every execution must start from the initial state */
	SIM_ASSERT(module_state.counter == 0);
	SIM_ASSERT(list_empty(&module_state.head));
	module_state.counter++;
	list_add(&n->link, &module_state.head);
	/* the first execution fails, leaving the node and the counter */
	WARN(sim_execution() == 1, "first execution fails");
	list_del(&n->link);
	kfree(n);
	module_state.counter--;
}

/* A second thread, so that there are several schedules to run. */
static atomic_t ticks;

static void ticker(void *arg)
{
	atomic_inc(&ticks);
	atomic_inc(&ticks);
}

static void state_setup(void *ctx)
{
	sim_thread_create("a", dirty_then_fail, NULL);
	sim_thread_create("b", ticker, NULL);
}

static void test_engine_state_regions_restored(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.keep_going = true;
	o.max_bound = 1;
	sim_register_state(&module_state, sizeof(module_state));
	sim_test_explore("state", state_setup, NULL, NULL, &o, &r);
	sim_unregister_state(&module_state);
	/* only the deliberate failure: later executions start clean */
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "first execution fails");
	assert_true(r.executions > 2);

	/* the control: without the region, the next execution sees debris */
	sim_test_explore("state", state_setup, NULL, NULL, &o, &r);
	assert_int_equal(r.nfailures, 2);
	assert_int_equal(r.failures[1].kind, SIM_FAIL_ASSERT);
	assert_non_null(strstr(r.failures[1].title, "module_state.counter"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_livelock_is_step_bound),
		cmocka_unit_test(test_engine_timeout_when_all_blocked),
		cmocka_unit_test(test_engine_signal_interrupts_wait),
		cmocka_unit_test(
			test_engine_crash_isolated_and_exploration_goes_on),
		cmocka_unit_test(test_engine_fail_nth_sweep),
		cmocka_unit_test(test_engine_fail_nth_finds_error_path_leak),
		cmocka_unit_test(test_engine_sweep_goes_on_after_crash),
		cmocka_unit_test(test_engine_crash_stops_without_keep_going),
		cmocka_unit_test(test_engine_crash_general_protection_fault),
#ifdef SIM_ASAN
		cmocka_unit_test(test_engine_crash_ubsan_check_named),
#endif
		cmocka_unit_test(test_engine_state_regions_restored),
	};

	return cmocka_run_group_tests_name("sim_engine", tests, NULL, NULL);
}
