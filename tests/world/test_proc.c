// SPDX-License-Identifier: GPL-2.0-only
/*
 * Processes and tasks: creating and finding processes, pids, current for
 * user tasks, kernel threads and the idle task, capable() per process,
 * system calls from a thread of no process or of an exited process,
 * task work (order, cancel, -ESRCH after exit), signals and
 * schedule_timeout()/wake_up_process(), and the world being rebuilt for
 * every execution.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>

#include "sim/explore.h"
#include "world/world.h"
#include "sim_test.h"
#include "tdrv.h"

static const char prog[] = "test-proc";

static long res[16];
static int tids[4];

static void clear_res(void)
{
	for (int i = 0; i < 16; i++)
		res[i] = 12345;
}

#define explore_ok(setup, teardown, ctx, o, r)				\
	sim_test_explore_ok(prog, setup, teardown, ctx, o, r)

/* --- processes ------------------------------------------------------------ */

static struct sim_proc *made[SIM_MAX_PROCS + 2];

static void procs_setup(void *ctx)
{
	char name[8];

	clear_res();
	for (int i = 0; i < SIM_MAX_PROCS + 1; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		made[i] = sim_proc_create(name, 0);
	}
	res[0] = sim_proc_create("p0", 0) == NULL;	/* no room anyway */
	res[1] = sim_proc_find("p3") == made[3];
	res[2] = sim_proc_find("nobody") == NULL;
	res[3] = sim_proc_pid(made[0]);
	res[4] = sim_proc_pid(made[SIM_MAX_PROCS - 1]);
	res[5] = !strcmp(sim_proc_name(made[5]), "p5");
	res[6] = sim_proc_current() == NULL;
}

static void test_proc_create_find_and_limits(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(procs_setup, NULL, NULL, &o, &r);
	assert_null(made[SIM_MAX_PROCS]);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[1], 1);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], 100);
	assert_int_equal(res[4], 100 + SIM_MAX_PROCS - 1);
	assert_int_equal(res[5], 1);
	assert_int_equal(res[6], 1);
}

static void dup_name_setup(void *ctx)
{
	res[0] = sim_proc_create("same", 0) != NULL;
	res[1] = sim_proc_create("same", 0) == NULL;
	res[2] = sim_proc_create("", 0) == NULL;
}

static void test_proc_names_are_unique(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(dup_name_setup, NULL, NULL, &o, &r);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[1], 1);
	assert_int_equal(res[2], 1);
}

/* --- current -------------------------------------------------------------- */

static struct task_struct *seen[4];

static void who_thread(void *arg)
{
	long i = (long)arg;
	struct task_struct *t = current;

	seen[i] = t;
	WANT_EQ(t, get_current());
	WANT_EQ(t->sim_tid, sim_current_tid());
	res[i * 4 + 0] = task_pid_nr(t);
	res[i * 4 + 1] = task_tgid_nr(t);
	res[i * 4 + 2] = !!(t->flags & PF_KTHREAD);
	res[i * 4 + 3] = t->mm != NULL;
	if (i < 2) {
		WANT_EQ(sim_proc_current(), sim_proc_find("proc"));
		WANT_EQ(strcmp(t->comm, "proc"), 0);
		WANT_EQ(t->group_leader, seen[0]);
		WANT_EQ(t->mm, seen[0]->mm);
	} else {
		WANT_EQ(sim_proc_current(), NULL);
		WANT_EQ(strcmp(t->comm, "kworker"), 0);
	}
}

static void who_setup(void *ctx)
{
	struct sim_proc *p;

	clear_res();
	p = sim_proc_create("proc", 0);
	tids[0] = sim_thread_create("main", who_thread, (void *)0L);
	tids[1] = sim_thread_create("worker", who_thread, (void *)1L);
	tids[2] = sim_thread_create("kworker", who_thread, (void *)2L);
	sim_world_attach(tids[0], p);
	sim_world_attach(tids[1], p);
	/* outside any thread: the idle task */
	res[12] = task_pid_nr(current);
	res[13] = !strcmp(current->comm, "swapper/0");
	res[14] = !!(current->flags & PF_KTHREAD);
}

static void test_proc_current_per_thread(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	explore_ok(who_setup, NULL, NULL, &o, &r);
	/* the first thread is the process's leader: pid == tgid */
	assert_int_equal(res[0], 100);
	assert_int_equal(res[1], 100);
	assert_int_equal(res[2], 0);
	assert_int_equal(res[3], 1);
	/* the second has a pid of its own */
	assert_int_equal(res[4], 101);
	assert_int_equal(res[5], 100);
	assert_int_equal(res[6], 0);
	assert_int_equal(res[7], 1);
	/* a thread of no process is a kernel thread */
	assert_int_equal(res[8], 2 + tids[2]);
	assert_int_equal(res[10], 1);
	assert_int_equal(res[11], 0);
	assert_int_equal(res[12], 0);
	assert_int_equal(res[13], 1);
	assert_int_equal(res[14], 1);
}

/* --- capabilities --------------------------------------------------------- */

static void caps_thread(void *arg)
{
	long i = (long)arg;

	res[i * 3 + 0] = capable(CAP_SYS_RAWIO);
	res[i * 3 + 1] = capable(CAP_SYS_ADMIN);
	res[i * 3 + 2] = !!(current->flags & PF_SUPERPRIV);
}

static void caps_setup(void *ctx)
{
	struct sim_proc *raw, *admin, *none;

	clear_res();
	raw = sim_proc_create("raw", 1ull << SIM_CAP_SYS_RAWIO);
	admin = sim_proc_create("admin", 1ull << SIM_CAP_SYS_ADMIN |
				1ull << SIM_CAP_SYS_RAWIO);
	none = sim_proc_create("none", 0);
	sim_world_attach(sim_thread_create("raw", caps_thread, (void *)0L),
			 raw);
	sim_world_attach(sim_thread_create("admin", caps_thread,
					   (void *)1L), admin);
	sim_world_attach(sim_thread_create("none", caps_thread, (void *)2L),
			 none);
	sim_thread_create("kthread", caps_thread, (void *)3L);
	/* the idle task has every capability */
	res[12] = capable(CAP_SYS_ADMIN);
}

static void test_proc_capable_per_process(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 0;
	explore_ok(caps_setup, NULL, NULL, &o, &r);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[1], 0);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], 1);
	assert_int_equal(res[4], 1);
	assert_int_equal(res[5], 1);
	assert_int_equal(res[6], 0);
	assert_int_equal(res[7], 0);
	assert_int_equal(res[8], 0);	/* never privileged */
	assert_int_equal(res[9], 1);
	assert_int_equal(res[10], 1);
	assert_int_equal(res[12], 1);
}

static void bad_cap_thread(void *arg)
{
	capable(CAP_LAST_CAP + 1);
}

static void bad_cap_setup(void *ctx)
{
	sim_world_attach(sim_thread_create("T", bad_cap_thread, NULL),
			 sim_proc_create("P", ~0ull));
}

static void test_proc_capable_invalid_cap_is_a_bug(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, bad_cap_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_BUG,
				"capable() called with invalid cap=");
}

/* --- misuse of the system calls ------------------------------------------- */

static void orphan_thread(void *arg)
{
	sim_sys_open("/dev/null", O_RDWR);
}

static void orphan_setup(void *ctx)
{
	sim_thread_create("orphan", orphan_thread, NULL);
}

static void after_exit_thread(void *arg)
{
	sim_sys_exit();
	sim_sys_close(0);
}

static void after_exit_setup(void *ctx)
{
	sim_world_attach(sim_thread_create("T", after_exit_thread, NULL),
			 sim_proc_create("P", 0));
}

/* Kernel code installing a descriptor from a kernel thread. */
static void kthread_fd_thread(void *arg)
{
	get_unused_fd_flags(0);
}

static void kthread_fd_setup(void *ctx)
{
	sim_thread_create("kworker", kthread_fd_thread, NULL);
}

static void test_proc_syscalls_need_a_live_process(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, orphan_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"sys_open: orphan is not a thread of a "
				"simulated process");
	sim_test_assert_ret(sim_test_explore(prog, after_exit_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"sys_close: process P (pid 100) has exited");
	sim_test_assert_ret(sim_test_explore(prog, kthread_fd_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN,
				"get_unused_fd_flags() in kworker (pid 2), "
				"which has no descriptor table");
}

/* --- task work ------------------------------------------------------------ */

static int order[8], norder;

static void tw_a(struct callback_head *cb)
{
	order[norder++] = 1;
}

static void tw_b(struct callback_head *cb)
{
	order[norder++] = 2;
}

static struct callback_head cb_c;

static void tw_adds(struct callback_head *cb)
{
	order[norder++] = 3;
	/* work added by work runs in the same pass */
	init_task_work(&cb_c, tw_a);
	task_work_add(current, &cb_c, TWA_RESUME);
}

static struct callback_head cb_a, cb_b, cb_d, cb_late;

static void tw_thread(void *arg)
{
	init_task_work(&cb_a, tw_a);
	init_task_work(&cb_b, tw_b);
	init_task_work(&cb_d, tw_adds);
	WANT_EQ(task_work_add(current, &cb_a, TWA_RESUME), 0);
	WANT_EQ(task_work_add(current, &cb_b, TWA_RESUME), 0);
	WANT_EQ(task_work_add(current, &cb_d, TWA_NONE), 0);
	WANT_EQ(task_work_pending(current), 1);
	/* nothing runs before the return to userspace */
	WANT_EQ(norder, 0);
	WANT_EQ(task_work_cancel(current, &cb_b), 1);
	WANT_EQ(task_work_cancel(current, &cb_b), 0);
	sim_task_work_run();
	res[0] = norder;
	sim_sys_exit();
	init_task_work(&cb_late, tw_b);
	res[1] = task_work_add(current, &cb_late, TWA_RESUME);
}

static void tw_setup(void *ctx)
{
	clear_res();
	norder = 0;
	sim_world_attach(sim_thread_create("T", tw_thread, NULL),
			 sim_proc_create("P", 0));
}

static void test_proc_task_work_order_cancel_and_exit(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(tw_setup, NULL, NULL, &o, &r);
	/* the most recently added first; b was cancelled */
	assert_int_equal(res[0], 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 1);
	assert_int_equal(res[1], -ESRCH);
}

/* --- sleeping, waking, signals -------------------------------------------- */

static struct task_struct *sleeper;
static int wakeups;

static void sleeper_thread(void *arg)
{
	sleeper = current;
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(wakeups))
			break;
		schedule_timeout(MAX_SCHEDULE_TIMEOUT);
	}
	__set_current_state(TASK_RUNNING);
	res[0] = 1;
}

static void waker_thread(void *arg)
{
	while (!READ_ONCE(sleeper))
		cond_resched();
	WRITE_ONCE(wakeups, 1);
	wake_up_process(sleeper);
}

static void sleep_setup(void *ctx)
{
	clear_res();
	sleeper = NULL;
	wakeups = 0;
	sim_thread_create("sleeper", sleeper_thread, NULL);
	sim_thread_create("waker", waker_thread, NULL);
}

static void sleep_teardown(void *ctx)
{
	WANT_EQ(res[0], 1);
}

static void test_proc_wake_up_process_is_never_lost(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	explore_ok(sleep_setup, sleep_teardown, NULL, &o, &r);
	assert_true(r.executions > 10);
}

static void timed_thread(void *arg)
{
	res[0] = schedule_timeout_uninterruptible(10);
	res[1] = schedule_timeout(10);	/* still running: returns at once */
	/* a pending signal ends an interruptible sleep */
	sim_thread_kill(sim_current_tid(), false);
	res[2] = signal_pending(current);
	res[3] = fatal_signal_pending(current);
	res[4] = schedule_timeout_interruptible(10);
	res[5] = schedule_timeout_killable(10);
	sim_thread_kill(sim_current_tid(), true);
	res[6] = schedule_timeout_killable(10);
	res[7] = cond_resched();
}

static void timed_setup(void *ctx)
{
	clear_res();
	sim_thread_create("T", timed_thread, NULL);
}

static void test_proc_schedule_timeout_and_signals(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(timed_setup, NULL, NULL, &o, &r);
	assert_int_equal(res[0], 0);	/* timed out */
	assert_int_equal(res[1], 10);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], 0);
	assert_int_equal(res[4], 10);	/* the signal: time left */
	/* not fatal: a killable sleep times out */
	assert_int_equal(res[5], 0);
	assert_int_equal(res[6], 10);
	assert_int_equal(res[7], 0);
}

/* --- the world is rebuilt for every execution ----------------------------- */

static int fresh_runs;

static void fresh_thread(void *arg)
{
	unsigned long u = sim_user_alloc(4);
	int v = 0;

	/* the same pids in every execution */
	WANT_EQ(task_pid_nr(current), 100 + (long)arg);
	WANT_EQ(u, SIM_USER_BASE);
	WANT_EQ(sim_user_read(u, &v, sizeof(v)), 0);
	/* zero, whatever the last execution wrote */
	WANT_EQ(v, 0);
	v = 0x5a5a;
	WANT_EQ(sim_user_write(u, &v, sizeof(v)), 0);
	WANT_EQ(sim_user_alloc(4), SIM_USER_BASE + 16);
}

static void fresh_setup(void *ctx)
{
	sim_world_attach(sim_thread_create("a", fresh_thread, (void *)0L),
			 sim_proc_create("P", 0));
	sim_world_attach(sim_thread_create("b", fresh_thread, (void *)1L),
			 sim_proc_create("Q", 0));
}

static void fresh_teardown(void *ctx)
{
	fresh_runs++;
}

static void test_proc_world_fresh_every_execution(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	fresh_runs = 0;
	o.max_bound = 1;
	explore_ok(fresh_setup, fresh_teardown, NULL, &o, &r);
	assert_true(r.executions > 1);
	assert_int_equal(fresh_runs, r.executions);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_create_find_and_limits),
		cmocka_unit_test(test_proc_names_are_unique),
		cmocka_unit_test(test_proc_current_per_thread),
		cmocka_unit_test(test_proc_capable_per_process),
		cmocka_unit_test(test_proc_capable_invalid_cap_is_a_bug),
		cmocka_unit_test(test_proc_syscalls_need_a_live_process),
		cmocka_unit_test(test_proc_task_work_order_cancel_and_exit),
		cmocka_unit_test(test_proc_wake_up_process_is_never_lost),
		cmocka_unit_test(test_proc_schedule_timeout_and_signals),
		cmocka_unit_test(test_proc_world_fresh_every_execution),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
