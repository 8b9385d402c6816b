// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completions and wait queues: complete() before the wait, complete()
 * waking one waiter and complete_all() every waiter (and later ones), the
 * timed waits (time passes only when every thread is blocked), the
 * interruptible and killable waits against sim_thread_kill(), try_wait and
 * completion_done, a wait nobody completes reported as a deadlock, and
 * wait_event*() / wake_up() from <linux/wait.h>.
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
#include <linux/wait.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "test-completion";

static struct completion c, d;
static long rets[4];
static int threads_done;		/* reset by setup */
static int teardowns;			/* reset by the test */

static void init_common(void)
{
	init_completion(&c);
	init_completion(&d);
	for (int i = 0; i < 4; i++)
		rets[i] = 12345;
	threads_done = 0;
}

/* --- complete / wait ----------------------------------------------------- */

static void complete_first_thread(void *arg)
{
	complete(&c);
	wait_for_completion(&c);	/* consumes the completion */
	rets[0] = completion_done(&c);
	threads_done++;
}

static void complete_first_setup(void *ctx)
{
	init_common();
	sim_thread_create("self", complete_first_thread, NULL);
}

static void test_completion_complete_before_wait_does_not_block(void **s)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, complete_first_setup, NULL,
					     NULL, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(rets[0], 0);
}

static void waiter(void *arg)
{
	wait_for_completion(&c);
	threads_done++;
}

static void completer(void *arg)
{
	long n = (long)arg;

	if (n < 0) {
		complete_all(&c);
		return;
	}
	while (n--)
		complete(&c);
}

/* ctx: how many complete()s, or -1 for complete_all() */
static void two_waiters_setup(void *ctx)
{
	init_common();
	sim_thread_create("waiter-a", waiter, NULL);
	sim_thread_create("waiter-b", waiter, NULL);
	sim_thread_create("completer", completer, ctx);
}

static void two_waiters_teardown(void *ctx)
{
	SIM_ASSERT(threads_done == 2);
	teardowns++;
}

static void test_completion_complete_wakes_one_waiter(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	/* one complete(), two waiters: one of them waits forever */
	rep = sim_test_explore_report(prog, two_waiters_setup, NULL, (void *)1L,
				      &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_DEADLOCK,
				"1 thread blocked forever");
	assert_non_null(strstr(rep, "waiting in wait_for_completion"));
	free(rep);

	/* two complete()s wake both, in every interleaving */
	o = sim_test_opts();
	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, two_waiters_setup,
					     two_waiters_teardown, (void *)2L,
					     &o, &r), 0, &r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
}

static void test_completion_complete_all_wakes_all(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, two_waiters_setup,
					     two_waiters_teardown, (void *)-1L,
					     &o, &r), 0, &r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
}

/* After complete_all(), every later wait returns at once. */
static void complete_all_thread(void *arg)
{
	complete_all(&c);
	for (int i = 0; i < 3; i++)
		wait_for_completion(&c);
	rets[0] = wait_for_completion_timeout(&c, 100);
	rets[1] = try_wait_for_completion(&c);
	rets[2] = completion_done(&c);
	rets[3] = wait_for_completion_interruptible(&c);
	threads_done++;
}

static void complete_all_setup(void *ctx)
{
	init_common();
	sim_thread_create("self", complete_all_thread, NULL);
}

static void test_completion_complete_all_later_waits_return(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, complete_all_setup, NULL,
					     NULL, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_true(rets[0] >= 1 && rets[0] <= 100);
	assert_int_equal(rets[1], 1);
	assert_int_equal(rets[2], 1);
	assert_int_equal(rets[3], 0);
}

/* reinit_completion() forgets a complete_all() */
static void reinit_thread(void *arg)
{
	complete_all(&c);
	reinit_completion(&c);
	rets[0] = completion_done(&c);
	rets[1] = try_wait_for_completion(&c);
	threads_done++;
}

static void reinit_setup(void *ctx)
{
	init_common();
	sim_thread_create("self", reinit_thread, NULL);
}

static void test_completion_reinit_resets(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, reinit_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(rets[0], 0);
	assert_int_equal(rets[1], 0);
}

/* --- try_wait / done ----------------------------------------------------- */

static void test_completion_try_wait_and_done(void **state)
{
	struct completion x;
	DECLARE_COMPLETION(y);

	/* outside simulated threads: no scheduling point, just the value */
	init_completion(&x);
	assert_false(completion_done(&x));
	assert_false(try_wait_for_completion(&x));
	complete(&x);
	complete(&x);
	assert_true(completion_done(&x));
	assert_true(try_wait_for_completion(&x));	/* one of two */
	assert_true(completion_done(&x));
	assert_true(try_wait_for_completion(&x));
	assert_false(completion_done(&x));
	assert_false(try_wait_for_completion(&x));

	assert_false(completion_done(&y));
	complete_all(&y);
	assert_true(try_wait_for_completion(&y));
	assert_true(try_wait_for_completion(&y));
	assert_true(completion_done(&y));
}

/* --- timeouts ------------------------------------------------------------ */

static void timeout_thread(void *arg)
{
	rets[0] = wait_for_completion_timeout(&c, msecs_to_jiffies(100));
	threads_done++;
}

static void timeout_setup(void *ctx)
{
	init_common();
	sim_thread_create("waiter", timeout_thread, NULL);
	if (ctx)
		sim_thread_create("completer", completer, (void *)1L);
}

static void timeout_teardown(void *ctx)
{
	/* with a completer that can run, the wait never times out */
	if (ctx)
		SIM_ASSERT(rets[0] >= 1 && rets[0] <= 100);
	else
		SIM_ASSERT(rets[0] == 0);
	teardowns++;
}

static void test_completion_wait_timeout_returns_zero(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, timeout_setup,
					     timeout_teardown, NULL, &o, &r),
			    0, &r);
	assert_int_equal(teardowns, r.executions);
	assert_int_equal(threads_done, 1);
	assert_int_equal(rets[0], 0);
}

static void test_completion_wait_timeout_completed(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, timeout_setup,
					     timeout_teardown, (void *)1, &o,
					     &r), 0, &r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
}

/*
 * The completer waits for the waiter's own signal, so every thread is
 * blocked: time passes, the timed wait times out, and only then does
 * everything else go on.
 */
static void timed_waiter(void *arg)
{
	rets[0] = wait_for_completion_timeout(&c, 50);
	complete(&d);
	wait_for_completion(&c);	/* completed by now, or soon */
	threads_done++;
}

static void gated_completer(void *arg)
{
	wait_for_completion(&d);
	complete(&c);
	threads_done++;
}

static void gated_setup(void *ctx)
{
	init_common();
	sim_thread_create("waiter", timed_waiter, NULL);
	sim_thread_create("completer", gated_completer, NULL);
}

static void gated_teardown(void *ctx)
{
	SIM_ASSERT(rets[0] == 0);
	SIM_ASSERT(threads_done == 2);
	teardowns++;
}

static void test_completion_time_passes_when_all_blocked(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, gated_setup, gated_teardown,
					     NULL, &o, &r), 0, &r);
	assert_int_equal(teardowns, r.executions);
}

/* --- signals ------------------------------------------------------------- */

enum sig_wait {
	INTERRUPTIBLE,
	KILLABLE,
	INTERRUPTIBLE_TIMEOUT,
};

struct sig_case {
	enum sig_wait how;
	bool fatal;
	bool pending;		/* signal before the wait, else while blocked */
	bool completed;		/* complete() instead of a signal */
};

static int waiter_tid;

static void sig_waiter(void *arg)
{
	const struct sig_case *sc = arg;

	if (sc->pending)
		sim_thread_kill(sim_current_tid(), sc->fatal);
	switch (sc->how) {
	case INTERRUPTIBLE:
		rets[0] = wait_for_completion_interruptible(&c);
		break;
	case KILLABLE:
		rets[0] = wait_for_completion_killable(&c);
		break;
	case INTERRUPTIBLE_TIMEOUT:
		rets[0] = wait_for_completion_interruptible_timeout(&c, 10);
		break;
	}
	threads_done++;
}

/* Signals the waiter once it is blocked, then completes. */
static void sig_sender(void *arg)
{
	const struct sig_case *sc = arg;

	if (!sc->pending && !sc->completed) {
		while (!sim_waiters(&c))
			sim_yield(SIM_HERE);
		sim_thread_kill(waiter_tid, sc->fatal);
	}
	complete(&c);
}

static void sig_setup(void *ctx)
{
	init_common();
	waiter_tid = sim_thread_create("waiter", sig_waiter, ctx);
	sim_thread_create("sender", sig_sender, ctx);
}

static long run_sig_case(const struct sig_case *sc)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* the default schedule: the waiter blocks, then the sender runs */
	sim_test_assert_ret(sim_test_replay(prog, sig_setup, NULL, (void *)sc,
					    "", &o, &r), 0, &r);
	assert_int_equal(r.executions, 1);
	assert_int_equal(threads_done, 1);
	return rets[0];
}

static void test_completion_interruptible_signal(void **state)
{
	const struct sig_case blocked = { .how = INTERRUPTIBLE };
	const struct sig_case pending = { .how = INTERRUPTIBLE,
					  .pending = true };
	const struct sig_case completed = { .how = INTERRUPTIBLE,
					    .completed = true };
	const struct sig_case timed = { .how = INTERRUPTIBLE_TIMEOUT };

	assert_int_equal(run_sig_case(&blocked), -ERESTARTSYS);
	assert_int_equal(run_sig_case(&pending), -ERESTARTSYS);
	assert_int_equal(run_sig_case(&completed), 0);
	assert_int_equal(run_sig_case(&timed), -ERESTARTSYS);
}

static void test_completion_killable_only_fatal(void **state)
{
	const struct sig_case non_fatal = { .how = KILLABLE };
	const struct sig_case fatal = { .how = KILLABLE, .fatal = true };
	const struct sig_case pending = { .how = KILLABLE, .fatal = true,
					  .pending = true };

	/* a non-fatal signal leaves it waiting: completed later */
	assert_int_equal(run_sig_case(&non_fatal), 0);
	assert_int_equal(run_sig_case(&fatal), -ERESTARTSYS);
	assert_int_equal(run_sig_case(&pending), -ERESTARTSYS);
}

/* A completion already done is consumed even with a signal pending. */
static void done_with_signal_thread(void *arg)
{
	complete(&c);
	sim_thread_kill(sim_current_tid(), true);
	rets[0] = wait_for_completion_interruptible(&c);
	rets[1] = completion_done(&c);
	threads_done++;
}

static void done_with_signal_setup(void *ctx)
{
	init_common();
	sim_thread_create("self", done_with_signal_thread, NULL);
}

static void test_completion_done_wins_over_signal(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, done_with_signal_setup, NULL,
					     NULL, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(rets[0], 0);
	assert_int_equal(rets[1], 0);
}

/* --- nobody completes ---------------------------------------------------- */

static int stuck_line;

static void stuck_thread(void *arg)
{
	stuck_line = __LINE__ + 1;
	wait_for_completion(&c);
	threads_done++;
}

static void stuck_setup(void *ctx)
{
	init_common();
	sim_thread_create("stuck", stuck_thread, NULL);
}

static void test_completion_never_completed_is_deadlock(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char where[256];
	char *rep;

	rep = sim_test_explore_report(prog, stuck_setup, NULL, NULL, &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_DEADLOCK, "blocked forever");
	snprintf(where, sizeof(where), "%s:%d stuck_thread()", __FILE__,
		 stuck_line);
	assert_string_equal(r.failures[0].where, where);
	if (!strstr(rep, "INFO: task stuck:T0 blocked forever"))
		fail_msg("no hung task line:\n%s", rep);
	snprintf(where, sizeof(where), "waiting in wait_for_completion at "
		 "%s:%d stuck_thread()", __FILE__, stuck_line);
	if (!strstr(rep, where))
		fail_msg("report lacks \"%s\":\n%s", where, rep);
	free(rep);
	assert_int_equal(threads_done, 0);
}

/* --- wait queues --------------------------------------------------------- */

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int cond_flag;
static int woken_while_waiting;

static void event_waiter(void *arg)
{
	wait_event(wq, cond_flag);
	rets[0] = cond_flag;
	threads_done++;
}

static void event_waker(void *arg)
{
	cond_flag = 1;
	if (waitqueue_active(&wq))
		woken_while_waiting = 1;
	wake_up(&wq);
}

static void event_setup(void *ctx)
{
	init_common();
	init_waitqueue_head(&wq);
	cond_flag = 0;
	sim_thread_create("waiter", event_waiter, NULL);
	if (ctx)
		sim_thread_create("waker", event_waker, NULL);
}

static int woken_runs;

static void event_teardown(void *ctx)
{
	SIM_ASSERT(threads_done == 1 && rets[0] == 1);
	woken_runs += woken_while_waiting;
	woken_while_waiting = 0;
	teardowns++;
}

static void test_completion_wait_event_wake_up(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = woken_runs = 0;
	woken_while_waiting = 0;
	sim_test_assert_ret(sim_test_explore(prog, event_setup, event_teardown,
					     (void *)1, &o, &r), 0, &r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
	/* some schedules had the waiter asleep when the waker came */
	assert_true(woken_runs > 0);
	assert_true(woken_runs < teardowns);
}

static void test_completion_wait_event_unwoken_deadlocks(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* isolated: the hung-task report looks at what the thread waits on */
	o.isolate = true;
	sim_test_assert_ret(sim_test_explore(prog, event_setup, NULL, NULL, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_DEADLOCK, "blocked forever");
	assert_non_null(strstr(r.failures[0].where, "event_waiter"));
}

static void event_timeout_waiter(void *arg)
{
	rets[0] = wait_event_timeout(wq, cond_flag, 20);
	rets[1] = wait_event_timeout(wq, cond_flag, 20);
	threads_done++;
}

static void event_timeout_setup(void *ctx)
{
	init_common();
	init_waitqueue_head(&wq);
	cond_flag = 0;
	sim_thread_create("waiter", event_timeout_waiter, NULL);
	if (ctx)
		sim_thread_create("waker", event_waker, NULL);
}

static void event_timeout_teardown(void *ctx)
{
	/* with a waker, the condition comes true before any timeout */
	if (ctx)
		SIM_ASSERT(rets[0] >= 1 && rets[0] <= 20);
	else
		SIM_ASSERT(rets[0] == 0 && rets[1] == 0);
	teardowns++;
}

static void test_completion_wait_event_timeout(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, event_timeout_setup,
					     event_timeout_teardown, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(teardowns, r.executions);
	assert_int_equal(rets[0], 0);

	teardowns = 0;
	sim_test_assert_ret(sim_test_explore(prog, event_timeout_setup,
					     event_timeout_teardown, (void *)1,
					     &o, &r), 0, &r);
	assert_true(r.executions > 1);
	assert_int_equal(teardowns, r.executions);
	assert_true(rets[1] >= 1);
}

static void event_intr_waiter(void *arg)
{
	rets[0] = wait_event_interruptible(wq, cond_flag);
	threads_done++;
}

static void event_killer(void *arg)
{
	while (!waitqueue_active(&wq))
		sim_yield(SIM_HERE);
	sim_thread_kill(waiter_tid, false);
}

static void event_intr_setup(void *ctx)
{
	init_common();
	init_waitqueue_head(&wq);
	cond_flag = 0;
	waiter_tid = sim_thread_create("waiter", event_intr_waiter, NULL);
	sim_thread_create("killer", event_killer, NULL);
}

static void test_completion_wait_event_interruptible(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, event_intr_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(rets[0], -ERESTARTSYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_completion_complete_before_wait_does_not_block),
		cmocka_unit_test(test_completion_complete_wakes_one_waiter),
		cmocka_unit_test(test_completion_complete_all_wakes_all),
		cmocka_unit_test(
			test_completion_complete_all_later_waits_return),
		cmocka_unit_test(test_completion_reinit_resets),
		cmocka_unit_test(test_completion_try_wait_and_done),
		cmocka_unit_test(test_completion_wait_timeout_returns_zero),
		cmocka_unit_test(test_completion_wait_timeout_completed),
		cmocka_unit_test(test_completion_time_passes_when_all_blocked),
		cmocka_unit_test(test_completion_interruptible_signal),
		cmocka_unit_test(test_completion_killable_only_fatal),
		cmocka_unit_test(test_completion_done_wins_over_signal),
		cmocka_unit_test(test_completion_never_completed_is_deadlock),
		cmocka_unit_test(test_completion_wait_event_wake_up),
		cmocka_unit_test(test_completion_wait_event_unwoken_deadlocks),
		cmocka_unit_test(test_completion_wait_event_timeout),
		cmocka_unit_test(test_completion_wait_event_interruptible),
	};

	return cmocka_run_group_tests_name("shims_completion", tests, NULL,
					   NULL);
}
