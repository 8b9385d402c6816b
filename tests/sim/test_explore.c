// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explorer finds each bundled bug with a schedule that replays it, and
 * explores each fixed version exhaustively without a failure, in a pinned
 * number of executions (the search is deterministic: a change in these
 * counts is a change in the search, to be explained in the commit).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets/examples.h"
#include "sim/explore.h"
#include "sim/sanitizer.h"
#include "sim_test.h"

static const struct sim_program *example(const char *name)
{
	const struct sim_example *ex = sim_example_find(name);

	assert_non_null(ex);
	return ex->prog;
}

/* Replay @schedule quietly: returns the failure kind it produced. */
static enum sim_fail_kind replay_kind(const struct sim_program *p,
				      const char *schedule,
				      unsigned int checks)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.checks = checks;
	sim_replay(p, schedule, &o, &r);
	return r.nfailures ? r.failures[0].kind : SIM_FAIL_NONE;
}

static void test_explore_lost_update_found_and_replayed(void **state)
{
	const struct sim_program *p = example("lost-update");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "lost update");
	/* found by iterative bounding: at bound 1, with one preemption */
	assert_int_equal(r.bound, 1);
	assert_int_equal(r.failures[0].preemptions, 1);
	assert_int_equal(replay_kind(p, r.failures[0].schedule, 0),
			 SIM_FAIL_WARN);
	/* and the default schedule alone does not fail */
	assert_int_equal(replay_kind(p, "", 0), SIM_FAIL_NONE);
}

static void test_explore_lost_update_fixed_exhaustive(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_explore(example("lost-update-fixed"), &o, &r),
			    0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 36);
}

static void test_explore_abba_lockdep_cycle(void **state)
{
	const struct sim_program *p = example("abba");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LOCKDEP);
	assert_non_null(strstr(r.failures[0].title,
			       "circular locking dependency"));
	/* lockdep needs no preemption: the graph spans executions */
	assert_int_equal(r.failures[0].preemptions, 0);
	assert_int_equal(r.bound, 0);
}

static void test_explore_abba_deadlock(void **state)
{
	const struct sim_program *p = example("abba");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_DEADLOCK);
	assert_non_null(strstr(r.failures[0].title, "2 threads blocked"));
	assert_int_equal(r.failures[0].preemptions, 1);
	assert_int_equal(replay_kind(p, r.failures[0].schedule, o.checks),
			 SIM_FAIL_DEADLOCK);
}

static void test_explore_abba_fixed_exhaustive(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_explore(example("abba-fixed"), &o, &r), 0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 36);
}

static void test_explore_refcount_uaf_isolated(void **state)
{
	const struct sim_program *p = example("refcount-uaf");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	enum sim_fail_kind k;

	/* under ASan the use after free kills the child: isolate it */
	o.isolate = true;
	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	k = r.failures[0].kind;
	assert_true(k == SIM_FAIL_UAF || k == SIM_FAIL_CRASH);
	if (k == SIM_FAIL_CRASH)
		assert_non_null(strstr(r.failures[0].title, "use-after-free"));
	assert_int_equal(r.failures[0].preemptions, 1);
	assert_true(r.failures[0].schedule[0] != 0);
}

/* The text of @f from its start, NUL-terminated (free it). */
static char *file_text(FILE *f)
{
	long len;
	char *buf;

	fflush(f);
	len = ftell(f);
	assert_true(len > 0);
	buf = malloc(len + 1);
	assert_non_null(buf);
	rewind(f);
	assert_int_equal(fread(buf, 1, len, f), (size_t)len);
	buf[len] = 0;
	return buf;
}

static void assert_has(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("the report does not say \"%s\":\n%s", what, text);
}

/*
 * A use of freed memory no shim sees (a plain load from the object): the
 * crash of the isolated child is reported as the kernel would, with the
 * stacks mapped onto the trace's steps.  With ASan, KASAN's headline and
 * the free's stack at the remover's kfree(); without a sanitizer, the
 * slab's poison loaded as a pointer faults as a general protection fault.
 */
static void test_explore_crash_report_kasan_shaped(void **state)
{
	const struct sim_program *p = example("lookup-uaf");
	struct sim_opts o = sim_test_opts();
	FILE *out = tmpfile();
	struct sim_result r;
	const struct sim_failure *f;
	char *text;

	assert_non_null(out);
	o.isolate = true;
	o.quiet = false;
	o.out = out;
	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	f = &r.failures[0];
	assert_int_equal(f->kind, SIM_FAIL_CRASH);
	assert_true(f->replayed);
	assert_string_equal(f->schedule, "0:3,1");
	text = file_text(out);
#ifdef SIM_ASAN
	assert_string_equal(f->title,
			    "BUG: KASAN: slab-use-after-free in lookup_reader");
	assert_int_equal(strncmp(f->where, "targets/examples/lookup_uaf.c:",
				 30), 0);
	assert_non_null(strstr(f->where, " lookup_reader()"));
	/* the access, after the reader's last step, and the free, at one */
	assert_has(text, "\nRead of size 8 at addr 0x");
	assert_has(text, " by task reader\n");
	assert_has(text, "\nCall Trace:\n lookup_reader "
		   "targets/examples/lookup_uaf.c:");
	assert_has(text, "<- after step 9, T0 reader: atomic_inc(&lookups)");
	assert_has(text, "\nFreed by task remover (T1) at step 7:\n");
	assert_has(text, "<- step 7, T1 remover: [note] kfree(e)");
	assert_has(text, "\nAllocated (at no step of the trace");
	assert_has(text, " setup targets/examples/lookup_uaf.c:");
	assert_has(text, "\nThe buggy address is located ");
	assert_has(text, "-byte region [0x");
	assert_has(text, "\nSUMMARY: AddressSanitizer: heap-use-after-free "
		   "targets/examples/lookup_uaf.c:");
	/* and ASan's own lines below, as it printed them */
	assert_has(text, "\nAddressSanitizer's report, as printed:\n");
	assert_has(text, "ERROR: AddressSanitizer: heap-use-after-free on");
#else
	assert_string_equal(f->title,
			    "general protection fault in lookup_reader");
	assert_has(text, "\nAccess to a non-canonical address");
	assert_has(text, "\nCall Trace:\n lookup_reader+0x");
	assert_has(text, "No sanitizer in this build");
#endif
	/* the headline follows the trace, as a kernel log would have it */
	assert_has(text, "     9 > T0 reader: atomic_inc(&lookups)");
	assert_has(text, "vfio-sim: FAIL: crash: ");
	assert_true(strstr(text, "\n---------------------------------------"
			   "---------------------------\n") != NULL);
	free(text);
	fclose(out);
}

static void test_explore_refcount_uaf_fixed_exhaustive(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	o.isolate = true;
	sim_test_assert_ret(sim_explore(example("refcount-uaf-fixed"), &o, &r),
			    0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 41);
}

static void test_explore_peterson_needs_two_preemptions(void **state)
{
	const struct sim_program *p = example("peterson");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 1;
	sim_test_assert_ret(sim_explore(p, &o, &r), 0, &r);
	assert_int_equal(r.bound, 1);
	assert_false(r.exhausted);

	o.max_bound = 2;
	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_WARN);
	assert_int_equal(r.failures[0].preemptions, 2);
	assert_non_null(strstr(r.failures[0].title, "mutual exclusion"));
	assert_int_equal(replay_kind(p, r.failures[0].schedule, 0),
			 SIM_FAIL_WARN);
}

static void test_explore_peterson_fixed_exhaustive(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_explore(example("peterson-fixed"), &o, &r),
			    0, &r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 122);
}

static void test_explore_random_and_pct_find_peterson(void **state)
{
	const struct sim_program *p = example("peterson");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.strategy = SIM_STRATEGY_RANDOM;
	o.seed = 7;
	o.max_executions = 10000;
	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	assert_int_equal(replay_kind(p, r.failures[0].schedule, 0),
			 SIM_FAIL_WARN);

	o.strategy = SIM_STRATEGY_PCT;
	o.pct_depth = 3;
	sim_test_assert_ret(sim_explore(p, &o, &r), 1, &r);
	assert_int_equal(replay_kind(p, r.failures[0].schedule, 0),
			 SIM_FAIL_WARN);
}

static void test_explore_seeded_runs_repeat(void **state)
{
	const struct sim_program *p = example("peterson");
	struct sim_opts o = sim_test_opts();
	struct sim_result a, b;

	o.strategy = SIM_STRATEGY_PCT;
	o.seed = 42;
	o.max_executions = 10000;
	sim_explore(p, &o, &a);
	sim_explore(p, &o, &b);
	assert_int_equal(a.executions, b.executions);
	assert_int_equal(a.nfailures, b.nfailures);
	if (a.nfailures)
		assert_string_equal(a.failures[0].schedule,
				    b.failures[0].schedule);
}

/* One schedule string gives byte-identical traces over 100 replays. */
static void test_explore_replay_trace_is_deterministic(void **state)
{
	const struct sim_program *p = example("refcount-uaf-fixed");
	char *first = NULL;
	size_t first_len = 0;

	for (int i = 0; i < 100; i++) {
		struct sim_opts o = sim_test_opts();
		struct sim_test_report rep;
		struct sim_result r;
		char *buf;

		sim_test_report_begin(&rep, &o);
		sim_replay(p, "0,1:2,0", &o, &r);
		buf = sim_test_report_end(&rep);
		assert_true(rep.len > 200);
		if (!first) {
			first = buf;
			first_len = rep.len;
			continue;
		}
		assert_int_equal(rep.len, first_len);
		assert_memory_equal(buf, first, rep.len);
		free(buf);
	}
	/* the trace names threads, operations and call sites */
	assert_non_null(strstr(first, "T1 releaser"));
	assert_non_null(strstr(first, "refcount_dec_and_test"));
	assert_non_null(strstr(first, "refcount_uaf.c:"));
	free(first);
}

static void spin_forever(void *arg)
{
	for (;;)
		sim_yield(SIM_HERE);
}

static void spin_setup(void *ctx)
{
	sim_thread_create("spinner", spin_forever, NULL);
}

/*
 * A livelock's trace: its first 500 steps, a line for those left out,
 * its last 1500 and the failure, not all 5000 (a livelock's JSON record
 * was 96 MB at the default step bound).
 */
static void test_explore_long_trace_head_and_tail(void **state)
{
	const struct sim_program p = sim_test_program("spin", spin_setup,
						      NULL, NULL);
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	const char *gap, *last;
	char *buf;
	int lines = 0;

	o.max_steps = 5000;
	sim_test_report_begin(&rep, &o);
	sim_replay(&p, "", &o, &r);
	buf = sim_test_report_end(&rep);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LIVELOCK);
	gap = strstr(buf, " steps not shown (the first 500 and the last "
			  "1500 are) ...");
	assert_non_null(gap);
	assert_non_null(strstr(buf, "   500 "));
	assert_null(strstr(buf, "   501 "));
	/* the start and 5000 yields: the tail runs up to the failure */
	last = strstr(gap, "  5001 ");
	assert_non_null(last);
	assert_non_null(strstr(last, "!! livelock"));
	assert_non_null(strstr(buf, "... 3001 steps not shown"));
	assert_null(strstr(buf, "  3501 "));
	assert_non_null(strstr(buf, "  3502 "));
	for (const char *c = buf; *c; c++)
		lines += *c == '\n';
	assert_in_range(lines, 2000, 2100);
	free(buf);
}

static void test_explore_report_names_schedule_and_replay(void **state)
{
	const struct sim_program *p = example("lost-update");
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *buf;

	sim_test_report_begin(&rep, &o);
	o.replay_hint = "vfio-sim replay --example lost-update \"%s\"";
	sim_explore(p, &o, &r);
	buf = sim_test_report_end(&rep);
	assert_int_equal(r.nfailures, 1);
	assert_true(r.failures[0].replayed);
	assert_non_null(strstr(buf, "vfio-sim: FAIL: warning: lost update"));
	assert_non_null(strstr(buf, "vfio-sim replay --example lost-update"));
	assert_non_null(strstr(buf, r.failures[0].schedule));
	assert_non_null(strstr(buf, "1 preemption"));
	assert_non_null(strstr(buf, "WARN"));
	assert_non_null(strstr(buf, "lost_update.c:"));
	free(buf);
}

static void test_explore_bad_schedule_is_usage_error(void **state)
{
	const struct sim_program *p = example("lost-update");
	struct sim_opts o = sim_test_opts();

	assert_int_equal(sim_replay(p, "0,x", &o, NULL), -1);
	assert_int_equal(sim_replay(p, "0,", &o, NULL), -1);
	assert_int_equal(sim_replay(p, "99", &o, NULL), -1);
	assert_int_equal(sim_replay(p, "f0/1", &o, NULL), -1);
}

/* A schedule that does not fit the program is nondeterminism, not a pass. */
static void test_explore_schedule_mismatch_detected(void **state)
{
	const struct sim_program *p = example("lost-update-fixed");

	/* T5 does not exist */
	assert_int_equal(replay_kind(p, "5", 0), SIM_FAIL_NONDETERMINISM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explore_lost_update_found_and_replayed),
		cmocka_unit_test(test_explore_lost_update_fixed_exhaustive),
		cmocka_unit_test(test_explore_abba_lockdep_cycle),
		cmocka_unit_test(test_explore_abba_deadlock),
		cmocka_unit_test(test_explore_abba_fixed_exhaustive),
		cmocka_unit_test(test_explore_refcount_uaf_isolated),
		cmocka_unit_test(test_explore_refcount_uaf_fixed_exhaustive),
		cmocka_unit_test(test_explore_crash_report_kasan_shaped),
		cmocka_unit_test(test_explore_peterson_needs_two_preemptions),
		cmocka_unit_test(test_explore_peterson_fixed_exhaustive),
		cmocka_unit_test(test_explore_random_and_pct_find_peterson),
		cmocka_unit_test(test_explore_seeded_runs_repeat),
		cmocka_unit_test(test_explore_replay_trace_is_deterministic),
		cmocka_unit_test(test_explore_report_names_schedule_and_replay),
		cmocka_unit_test(test_explore_long_trace_head_and_tail),
		cmocka_unit_test(test_explore_bad_schedule_is_usage_error),
		cmocka_unit_test(test_explore_schedule_mismatch_detected),
	};

	return cmocka_run_group_tests_name("sim_explore", tests, NULL, NULL);
}
