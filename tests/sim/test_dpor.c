// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partial-order reduction loses nothing: seeded random small programs (two
 * to four threads over a few mutexes, shared variables, atomics and a
 * refcount) explored by DPOR and by DFS without a bound must reach the
 * same set of final states and the same set of failures, while DPOR needs
 * no more executions.  Each program is printed with its seed when they
 * differ.  Also: spin loops (spin-assume), a failure's schedule replays,
 * and budgets say how far an exploration got.
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
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/refcount.h>

#include "sim/explore.h"
#include "sim_test.h"

#include "random_program.h"

static bool has_failure(const struct sim_result *r, const struct sim_failure *f)
{
	for (unsigned int i = 0; i < r->nfailures; i++)
		if (r->failures[i].kind == f->kind &&
		    !strcmp(r->failures[i].title, f->title))
			return true;
	return false;
}

/* Every failure of @x (found by @xs) is among @y's; prints those not. */
static bool all_found(uint64_t seed, const struct sim_result *x,
		      const char *xs, const struct sim_result *y,
		      const char *ys)
{
	bool ok = true;

	for (unsigned int i = 0; i < x->nfailures; i++) {
		if (has_failure(y, &x->failures[i]))
			continue;
		print_message("seed %llu: %s found %s: %s (schedule \"%s\"), "
			      "%s did not\n", (unsigned long long)seed, xs,
			      sim_fail_kind_name(x->failures[i].kind),
			      x->failures[i].title, x->failures[i].schedule,
			      ys);
		ok = false;
	}
	return ok;
}

static struct state_set dfs_states, dpor_states;

/* Explore program @seed both ways; false (with a message) if they differ. */
static bool differential(uint64_t seed, int budget, int nthreads,
			 uint64_t *dfs_execs, uint64_t *dpor_execs)
{
	const struct sim_program p = sim_test_program("random", rp_setup,
						      rp_teardown, NULL);
	struct sim_opts o = sim_test_opts();
	struct sim_result a, b;
	bool same = true;

	rp_generate(seed, budget, nthreads);
	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
	o.keep_going = true;
	o.min_bound = o.max_bound = 15;
	memset(&dfs_states, 0, sizeof(dfs_states));
	collecting = &dfs_states;
	sim_explore(&p, &o, &a);
	if (!a.exhausted) {
		print_message("seed %llu: DFS did not finish: skipped\n",
			      (unsigned long long)seed);
		return true;
	}
	o.strategy = SIM_STRATEGY_DPOR;
	memset(&dpor_states, 0, sizeof(dpor_states));
	collecting = &dpor_states;
	sim_explore(&p, &o, &b);
	assert_false(dfs_states.overflow || dpor_states.overflow);
	qsort(dfs_states.h, dfs_states.n, sizeof(uint64_t), cmp_u64);
	qsort(dpor_states.h, dpor_states.n, sizeof(uint64_t), cmp_u64);
	if (!b.exhausted) {
		print_message("seed %llu: DPOR did not finish\n",
			      (unsigned long long)seed);
		same = false;
	}
	if (dfs_states.n != dpor_states.n ||
	    memcmp(dfs_states.h, dpor_states.h,
		   dfs_states.n * sizeof(uint64_t))) {
		print_message("seed %llu: final states: DFS %d, DPOR %d\n",
			      (unsigned long long)seed, dfs_states.n,
			      dpor_states.n);
		same = false;
	}
	same &= all_found(seed, &a, "DFS", &b, "DPOR");
	same &= all_found(seed, &b, "DPOR", &a, "DFS");
	for (unsigned int i = 0; i < b.nfailures; i++) {
		if (!b.failures[i].replayed) {
			print_message("seed %llu: DPOR schedule \"%s\" does "
				      "not replay\n", (unsigned long long)seed,
				      b.failures[i].schedule);
			same = false;
		}
	}
	if (b.executions - b.redundant > a.executions) {
		print_message("seed %llu: DPOR ran %llu executions, DFS "
			      "%llu\n", (unsigned long long)seed,
			      (unsigned long long)b.executions,
			      (unsigned long long)a.executions);
		same = false;
	}
	if (getenv("VFIO_SIM_DPOR_VERBOSE"))
		print_message("seed %llu/%d: DFS %llu, DPOR %llu executions\n",
			      (unsigned long long)seed, nthreads,
			      (unsigned long long)a.executions,
			      (unsigned long long)b.executions);
	if (!same)
		rp_print(seed);
	*dfs_execs += a.executions;
	*dpor_execs += b.executions;
	return same;
}

/*
 * VFIO_SIM_DPOR_PROGRAMS=N runs N programs of each shape (seeds 1..N):
 * two to four threads sharing 9 scheduling points, and two threads with
 * 4 each.  VFIO_SIM_DPOR_VERBOSE=1 prints the executions of each.
 */
static void test_dpor_differential(void **state)
{
	const char *env = getenv("VFIO_SIM_DPOR_PROGRAMS");
	uint64_t n = env ? strtoull(env, NULL, 10) : 300;
	uint64_t dfs = 0, dpor = 0;
	unsigned int bad = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= n; seed++) {
		bad += !differential(seed, 9, 0, &dfs, &dpor);
		bad += !differential(seed, 8, 2, &dfs, &dpor);
	}
	print_message("%llu programs: DFS %llu executions, DPOR %llu\n",
		      (unsigned long long)(2 * n), (unsigned long long)dfs,
		      (unsigned long long)dpor);
	if (bad)
		fail_msg("%u of %llu random programs differ (seeds above)",
			 bad, (unsigned long long)(2 * n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpor_differential),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
