// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sharded DFS (--shard K/N) partitions one exploration exactly: for N = 1
 * to 9, the N shards together run as many executions as the unsharded
 * exploration of the bound (one pass), reach the same final states, find
 * the same failures, and agree on whether every schedule was explored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/mutex.h>

#include "sim/explore.h"
#include "sim_test.h"

static struct mutex lock;
static atomic_t hits;
static int plain;
static int seen[3];

#define MAX_STATES	1024

struct states {
	uint32_t h[MAX_STATES];
	int n;
};

static struct states *collecting;

/* Three threads: a locked update, an atomic, a check-then-act. */
static void worker(void *arg)
{
	int me = (int)(intptr_t)arg;

	mutex_lock(&lock);
	plain += me + 1;
	mutex_unlock(&lock);
	seen[me] = atomic_inc_return(&hits);
	if (me == 2 && READ_ONCE(seen[0]) == 3)
		sim_fail(SIM_FAIL_ASSERT, SIM_HERE, "T0 came last");
}

static void setup(void *ctx)
{
	(void)ctx;
	mutex_init(&lock);
	atomic_set(&hits, 0);
	plain = 0;
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 3; i++)
		sim_thread_create("w", worker, (void *)(intptr_t)i);
}

static void teardown(void *ctx)
{
	uint32_t h = (uint32_t)(seen[0] | seen[1] << 4 | seen[2] << 8);

	(void)ctx;
	for (int i = 0; i < collecting->n; i++)
		if (collecting->h[i] == h)
			return;
	if (collecting->n < MAX_STATES)
		collecting->h[collecting->n++] = h;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void test_shard_partitions_exactly(void **state)
{
	static struct states whole, parts;
	struct sim_opts o = sim_test_opts();
	struct sim_result all, one;

	(void)state;
	o.keep_going = true;
	o.min_bound = o.max_bound = 3;
	memset(&whole, 0, sizeof(whole));
	collecting = &whole;
	sim_test_explore("shard", setup, teardown, NULL, &o, &all);
	qsort(whole.h, whole.n, sizeof(whole.h[0]), cmp_u32);
	assert_true(all.executions > 100);
	for (unsigned int n = 1; n <= 9; n++) {
		uint64_t execs = 0, per_bound[4] = { 0 };
		bool exhausted = true;
		unsigned int nfail = 0;

		memset(&parts, 0, sizeof(parts));
		collecting = &parts;
		for (unsigned int k = 0; k < n; k++) {
			o.shard = k;
			o.nshards = n;
			sim_test_explore("shard", setup, teardown, NULL, &o,
					 &one);
			execs += one.executions;
			for (int b = 0; b < 4; b++)
				per_bound[b] += one.per_bound[b];
			exhausted &= one.exhausted;
			for (unsigned int i = 0; i < one.nfailures; i++) {
				bool dup = false;

				for (unsigned int j = 0; j < all.nfailures; j++)
					dup |= !strcmp(all.failures[j].title,
						       one.failures[i].title);
				if (!dup)
					fail_msg("%u shards: shard %u found "
						 "\"%s\" (schedule \"%s\"), the "
						 "whole exploration did not",
						 n, k, one.failures[i].title,
						 one.failures[i].schedule);
				nfail += one.nfailures > 0;
			}
		}
		qsort(parts.h, parts.n, sizeof(parts.h[0]), cmp_u32);
		if (execs != all.executions)
			fail_msg("%u shards: %llu executions, whole: %llu", n,
				 (unsigned long long)execs,
				 (unsigned long long)all.executions);
		for (int b = 0; b < 4; b++)
			if (per_bound[b] != all.per_bound[b])
				fail_msg("%u shards: bound %d: %llu "
					 "executions, whole: %llu", n, b,
					 (unsigned long long)per_bound[b],
					 (unsigned long long)all.per_bound[b]);
		assert_int_equal(exhausted, all.exhausted);
		assert_int_equal(parts.n, whole.n);
		assert_memory_equal(parts.h, whole.h,
				    whole.n * sizeof(whole.h[0]));
		assert_true(nfail >= (all.nfailures ? 1u : 0u));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shard_partitions_exactly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
