// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sharded DPOR (--shard K/N with DPOR) loses nothing: over seeded random
 * small programs, for N = 1 to 6, the N shards together reach the same
 * set of final states and the same failures as unsharded DPOR, every
 * shard is complete and agrees on the prefixes, and the shards' executions
 * add up exactly to those of one exploration with the same decisions fixed
 * (the shards partition it).  The seed is in every message; the program is
 * printed after.
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

#define MAX_SHARDS	6

/* Failures of one exploration, or of the union of shards (kind, title). */
struct failure_set {
	struct sim_failure f[SIM_MAX_FAILURES * MAX_SHARDS];
	unsigned int n;
};

static void failures_add(struct failure_set *s, const struct sim_result *r)
{
	for (unsigned int i = 0; i < r->nfailures; i++) {
		const struct sim_failure *f = &r->failures[i];
		bool dup = false;

		for (unsigned int j = 0; j < s->n && !dup; j++)
			dup = s->f[j].kind == f->kind &&
			      !strcmp(s->f[j].title, f->title);
		if (!dup)
			s->f[s->n++] = *f;
	}
}

/* Every failure of @x is in @y; prints those that are not. */
static bool failures_within(uint64_t seed, unsigned int n,
			    const struct failure_set *x, const char *xs,
			    const struct failure_set *y, const char *ys)
{
	bool ok = true;

	for (unsigned int i = 0; i < x->n; i++) {
		bool found = false;

		for (unsigned int j = 0; j < y->n && !found; j++)
			found = y->f[j].kind == x->f[i].kind &&
				!strcmp(y->f[j].title, x->f[i].title);
		if (found)
			continue;
		print_message("seed %llu, %u shards: %s found %s: %s "
			      "(schedule \"%s\"), %s did not\n",
			      (unsigned long long)seed, n, xs,
			      sim_fail_kind_name(x->f[i].kind),
			      x->f[i].title, x->f[i].schedule, ys);
		ok = false;
	}
	return ok;
}

static bool same_states(const struct state_set *a, struct state_set *b)
{
	qsort(b->h, b->n, sizeof(uint64_t), cmp_u64);
	return a->n == b->n && !memcmp(a->h, b->h, a->n * sizeof(uint64_t));
}

struct totals {
	uint64_t whole;			/* unsharded DPOR's executions */
	uint64_t shards[MAX_SHARDS + 1];	/* the sum over N shards */
	uint64_t probes[MAX_SHARDS + 1];	/* executions to find them */
	unsigned int split[MAX_SHARDS + 1];	/* programs with depth > 0 */
};

static struct state_set whole_states, shard_states, fixed_states;
static struct failure_set whole_f, shard_f;

/*
 * N shards of program @seed against @whole, with @given decisions fixed
 * (0: as they choose); false (said) if they differ.
 */
static bool shards_cover(uint64_t seed, unsigned int n, unsigned int given,
			 struct totals *tot)
{
	const struct sim_program p = sim_test_program("random", rp_setup,
						      rp_teardown, NULL);
	struct sim_opts o = sim_test_opts();
	uint64_t execs = 0, redundant = 0, owned = 0, prefixes = 0;
	unsigned int depth = 0;
	struct sim_result r;
	bool same = true;

	o.strategy = SIM_STRATEGY_DPOR;
	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
	o.keep_going = true;
	o.nshards = n;
	o.shard_depth = given;
	memset(&shard_states, 0, sizeof(shard_states));
	memset(&shard_f, 0, sizeof(shard_f));
	collecting = &shard_states;
	for (unsigned int k = 0; k < n; k++) {
		o.shard = k;
		sim_explore(&p, &o, &r);
		if (!r.exhausted) {
			print_message("seed %llu: shard %u/%u did not "
				      "finish\n", (unsigned long long)seed,
				      k, n);
			same = false;
		}
		if (k && (r.shard_depth != depth || r.shard_prefixes !=
						     prefixes)) {
			print_message("seed %llu: shard %u/%u: %llu prefixes "
				      "of %u decisions, shard 0: %llu of %u\n",
				      (unsigned long long)seed, k, n,
				      (unsigned long long)r.shard_prefixes,
				      r.shard_depth,
				      (unsigned long long)prefixes, depth);
			same = false;
		}
		depth = r.shard_depth;
		prefixes = r.shard_prefixes;
		owned += r.shard_owned;
		execs += r.executions;
		redundant += r.redundant;
		if (!given)
			tot->probes[n] += r.shard_probes;
		failures_add(&shard_f, &r);
		for (unsigned int i = 0; i < r.nfailures; i++) {
			if (r.failures[i].replayed)
				continue;
			print_message("seed %llu: shard %u/%u: schedule "
				      "\"%s\" does not replay\n",
				      (unsigned long long)seed, k, n,
				      r.failures[i].schedule);
			same = false;
		}
	}
	assert_false(shard_states.overflow);
	if (!given) {
		tot->shards[n] += execs;
		tot->split[n] += depth > 0;
	}
	if (owned != prefixes) {
		print_message("seed %llu, %u shards: they own %llu of %llu "
			      "prefixes\n", (unsigned long long)seed, n,
			      (unsigned long long)owned,
			      (unsigned long long)prefixes);
		same = false;
	}
	if (!same_states(&whole_states, &shard_states)) {
		print_message("seed %llu, %u shards: final states: DPOR %d, "
			      "the shards %d\n", (unsigned long long)seed, n,
			      whole_states.n, shard_states.n);
		same = false;
	}
	same &= failures_within(seed, n, &whole_f, "DPOR", &shard_f,
				"the shards");
	same &= failures_within(seed, n, &shard_f, "the shards", &whole_f,
				"DPOR");
	if (!depth)
		return same;
	/* they partition the exploration with @depth decisions fixed */
	o.nshards = 1;
	o.shard = 0;
	o.shard_depth = depth;
	memset(&fixed_states, 0, sizeof(fixed_states));
	collecting = &fixed_states;
	sim_explore(&p, &o, &r);
	if (r.executions != execs || r.redundant != redundant) {
		print_message("seed %llu, %u shards: %llu executions (%llu "
			      "cut), one exploration with %u decisions "
			      "fixed: %llu (%llu cut)\n",
			      (unsigned long long)seed, n,
			      (unsigned long long)execs,
			      (unsigned long long)redundant, depth,
			      (unsigned long long)r.executions,
			      (unsigned long long)r.redundant);
		same = false;
	}
	if (!same_states(&whole_states, &fixed_states)) {
		print_message("seed %llu: %u decisions fixed: final states: "
			      "DPOR %d, fixed %d\n", (unsigned long long)seed,
			      depth, whole_states.n, fixed_states.n);
		same = false;
	}
	return same;
}

static bool differential(uint64_t seed, int budget, int nthreads,
			 struct totals *tot)
{
	const struct sim_program p = sim_test_program("random", rp_setup,
						      rp_teardown, NULL);
	struct sim_opts o = sim_test_opts();
	struct sim_result whole;
	bool same = true;

	rp_generate(seed, budget, nthreads);
	o.strategy = SIM_STRATEGY_DPOR;
	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
	o.keep_going = true;
	memset(&whole_states, 0, sizeof(whole_states));
	memset(&whole_f, 0, sizeof(whole_f));
	collecting = &whole_states;
	sim_explore(&p, &o, &whole);
	if (!whole.exhausted) {
		print_message("seed %llu: DPOR did not finish: skipped\n",
			      (unsigned long long)seed);
		return true;
	}
	assert_false(whole_states.overflow);
	qsort(whole_states.h, whole_states.n, sizeof(uint64_t), cmp_u64);
	failures_add(&whole_f, &whole);
	tot->whole += whole.executions;
	for (unsigned int n = 1; n <= MAX_SHARDS; n++)
		same &= shards_cover(seed, n, 0, tot);
	/*
	 * Few decisions fixed, most of the exploration below them: what a
	 * variable wait at a fixed decision does must not depend on it.
	 */
	for (unsigned int given = 2; rp_flags && given <= 6; given += 2)
		same &= shards_cover(seed, 3, given, tot);
	if (!same)
		rp_print(seed);
	return same;
}

/*
 * VFIO_SIM_DPOR_SHARD_PROGRAMS=N runs N programs of each shape (seeds
 * 1..N; 150 by default): the two of test_dpor (two to four threads
 * sharing 9 scheduling points, two threads with 4 each), three threads
 * with 6 each, too many for DFS but not for DPOR, and the same with
 * waits for flags that thread 0 sets (a scenario's variables: a wait
 * that blocks at a fixed decision keeps the sleepers asleep), those also
 * in 3 shards with 2, 4 and 6 decisions fixed.
 */
static void test_dpor_shards_cover(void **state)
{
	const char *env = getenv("VFIO_SIM_DPOR_SHARD_PROGRAMS");
	uint64_t n = env ? strtoull(env, NULL, 10) : 150;
	struct totals tot = { 0 };
	unsigned int bad = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= n; seed++) {
		bad += !differential(seed, 9, 0, &tot);
		bad += !differential(seed, 8, 2, &tot);
		bad += !differential(seed, 18, 3, &tot);
		rp_flags = true;
		bad += !differential(seed, 18, 3, &tot);
		rp_flags = false;
	}
	print_message("%llu programs: DPOR %llu executions\n",
		      (unsigned long long)(4 * n),
		      (unsigned long long)tot.whole);
	for (unsigned int k = 1; k <= MAX_SHARDS; k++)
		print_message("  %u shards: %llu executions (+%.1f%%), %llu "
			      "to find the prefixes; %u programs split\n", k,
			      (unsigned long long)tot.shards[k],
			      100.0 * ((double)tot.shards[k] /
				       (double)tot.whole - 1),
			      (unsigned long long)tot.probes[k],
			      tot.split[k]);
	if (bad)
		fail_msg("%u of %llu random programs differ (seeds above)",
			 bad, (unsigned long long)(4 * n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpor_shards_cover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
