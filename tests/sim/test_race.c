// SPDX-License-Identifier: GPL-2.0-only
/*
 * The race detector's rules (docs/race-detector.md), through the API a
 * shim uses to declare its accesses on a core's behalf: which edges order
 * two plain accesses of two threads, byte precision, frees, use after
 * free, suppressions.  This file is not instrumented; the instrumented
 * path is covered by the race examples (cli/examples) and the zoo.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "sim/explore.h"
#include "sim/race.h"
#include "sim_test.h"

/* What each of the two threads does: an access, around one edge. */
enum edge {
	EDGE_NONE,		/* no synchronisation at all */
	EDGE_MUTEX,		/* both under one mutex */
	EDGE_RWSEM_READERS,	/* both under one rwsem held for read */
	EDGE_RWSEM_WRITER,	/* the writer under it for write */
	EDGE_REFCOUNT_LAST,	/* the first puts, the second puts the last */
};

struct race_case {
	enum edge edge;
	size_t offset[2];	/* of each thread's access in the object */
	size_t size[2];
	bool write[2];
	bool free_second;	/* the second thread frees the object instead */
	bool second_after_free;	/* ... or accesses it after the first freed */
	bool serial;		/* the default schedule only: t0, then t1 */
	bool redzone;		/* the object's last 16 bytes are a redzone */
};

static const struct race_case *cur;
static char *object;
static DEFINE_MUTEX(race_mutex);
static DECLARE_RWSEM(race_rwsem);
static refcount_t race_refs;

static void access_one(int i)
{
	const struct race_case *c = cur;

	sim_race_access(object + c->offset[i], c->size[i], c->write[i],
			SIM_HERE);
}

static void thread_fn(void *arg)
{
	int i = (int)(long)arg;
	const struct race_case *c = cur;

	switch (c->edge) {
	case EDGE_NONE:
		access_one(i);
		break;
	case EDGE_MUTEX:
		mutex_lock(&race_mutex);
		access_one(i);
		mutex_unlock(&race_mutex);
		break;
	case EDGE_RWSEM_READERS:
		down_read(&race_rwsem);
		access_one(i);
		up_read(&race_rwsem);
		break;
	case EDGE_RWSEM_WRITER:
		if (i) {
			down_write(&race_rwsem);
			access_one(i);
			up_write(&race_rwsem);
		} else {
			down_read(&race_rwsem);
			access_one(i);
			up_read(&race_rwsem);
		}
		break;
	case EDGE_REFCOUNT_LAST:
		access_one(i);
		if (refcount_dec_and_test(&race_refs)) {
			/* the last put sees every earlier one */
			sim_race_access(object, 8, true, SIM_HERE);
		}
		break;
	}
	if (i == 1 && c->free_second) {
		kfree(object);
		object = NULL;
	}
}

static void uaf_first(void *arg)
{
	kfree(object);
}

static void uaf_second(void *arg)
{
	access_one(1);
}

static void setup(void *ctx)
{
	cur = ctx;
	object = kzalloc(64, GFP_KERNEL);
	refcount_set(&race_refs, 2);
	/* as the slab shim declares its own in builds without ASan */
	if (cur->redzone)
		sim_race_redzone(object + 48, 16);
	if (cur->second_after_free) {
		sim_thread_create("freer", uaf_first, NULL);
		sim_thread_create("user", uaf_second, NULL);
		return;
	}
	sim_thread_create("t0", thread_fn, (void *)0);
	sim_thread_create("t1", thread_fn, (void *)1);
}

static void teardown(void *ctx)
{
	kfree(object);
	object = NULL;
}

/* Explores the case at bound 2: the failure kind found, or NONE. */
static enum sim_fail_kind explore(const struct race_case *c,
				  struct sim_result *r)
{
	struct sim_opts o = sim_test_opts();

	o.max_bound = c->serial ? 0 : 2;
	sim_test_explore("race", setup, teardown, (void *)c, &o, r);
	return r->nfailures ? r->failures[0].kind : SIM_FAIL_NONE;
}

static void expect(const struct race_case *c, enum sim_fail_kind want)
{
	struct sim_result r;
	enum sim_fail_kind got = explore(c, &r);

	if (got != want)
		fail_msg("edge %d: found %s, expected %s (%s)", c->edge,
			 sim_fail_kind_name(got), sim_fail_kind_name(want),
			 r.nfailures ? r.failures[0].title : "no failure");
}

static void test_race_unordered_writes(void **state)
{
	const struct race_case c = { EDGE_NONE, { 0, 0 }, { 4, 4 },
				     { true, true } };

	expect(&c, SIM_FAIL_DATA_RACE);
}

static void test_race_reads_never_race(void **state)
{
	const struct race_case c = { EDGE_NONE, { 0, 0 }, { 8, 8 },
				     { false, false } };

	expect(&c, SIM_FAIL_NONE);
}

static void test_race_byte_precise(void **state)
{
	/* two bytes of one granule, one each: no common byte */
	const struct race_case apart = { EDGE_NONE, { 0, 1 }, { 1, 1 },
					 { true, true } };
	const struct race_case overlap = { EDGE_NONE, { 0, 3 }, { 4, 4 },
					   { true, false } };

	expect(&apart, SIM_FAIL_NONE);
	expect(&overlap, SIM_FAIL_DATA_RACE);
}

static void test_race_mutex_orders(void **state)
{
	const struct race_case c = { EDGE_MUTEX, { 0, 0 }, { 4, 4 },
				     { true, true } };

	expect(&c, SIM_FAIL_NONE);
}

static void test_race_rwsem_readers_do_not_order(void **state)
{
	/*
	 * Two writers under down_read, one after the other: readers do not
	 * order each other, so even the serial schedule races.
	 */
	const struct race_case readers = { EDGE_RWSEM_READERS, { 0, 0 },
					   { 4, 4 }, { true, true },
					   .serial = true };
	/* a reader's read and a writer's write under the rwsem are ordered */
	const struct race_case writer = { EDGE_RWSEM_WRITER, { 0, 0 },
					  { 4, 4 }, { false, true } };

	expect(&readers, SIM_FAIL_DATA_RACE);
	expect(&writer, SIM_FAIL_NONE);
}

static void test_race_refcount_last_put(void **state)
{
	/* each writes its own field, the last put reads both (8 bytes) */
	const struct race_case c = { EDGE_REFCOUNT_LAST, { 0, 4 }, { 4, 4 },
				     { true, true } };

	expect(&c, SIM_FAIL_NONE);
}

static void test_race_free_is_a_write(void **state)
{
	/* t0 reads, t1 frees with no edge between: the free races */
	const struct race_case c = { EDGE_NONE, { 0, 0 }, { 4, 4 },
				     { false, false }, .free_second = true };
	struct sim_result r;

	assert_int_equal(explore(&c, &r), SIM_FAIL_DATA_RACE);
	assert_non_null(strstr(r.failures[0].title, "kfree"));
}

static void test_race_use_after_free(void **state)
{
	/* the serial schedule: the free first, then the access */
	const struct race_case c = { EDGE_NONE, { 0, 8 }, { 4, 4 },
				     { false, false },
				     .second_after_free = true,
				     .serial = true };
	struct sim_result r;

	assert_int_equal(explore(&c, &r), SIM_FAIL_UAF);
	assert_non_null(strstr(r.failures[0].title,
			       "BUG: KASAN: slab-use-after-free in access_one"));
}

/* Byte precise: the last byte before the redzone is fine, the first not. */
static void test_race_redzone(void **state)
{
	const struct race_case in = { EDGE_NONE, { 40, 44 }, { 8, 4 },
				      { false, false }, .redzone = true };
	const struct race_case out = { EDGE_NONE, { 40, 44 }, { 8, 5 },
				       { false, false }, .redzone = true,
				       .serial = true };
	struct sim_result r;

	expect(&in, SIM_FAIL_NONE);
	assert_int_equal(explore(&out, &r), SIM_FAIL_CRASH);
	assert_non_null(strstr(r.failures[0].title,
			       "BUG: KASAN: slab-out-of-bounds in access_one"));
}

static void test_race_detector_off(void **state)
{
	const struct race_case c = { EDGE_NONE, { 0, 0 }, { 4, 4 },
				     { true, true } };

	sim_race_on = false;
	expect(&c, SIM_FAIL_NONE);
	sim_race_on = true;
}

static void test_race_suppressions(void **state)
{
	char err[256];

	assert_int_equal(sim_race_suppressions_load("# a comment\n\n", "t",
						    err, sizeof(err)), 0);
	assert_int_equal(sim_race_suppressions_load("data-race a b\n", "t",
						    err, sizeof(err)), -1);
	assert_string_equal(err, "t:1: a suppression needs its reason after "
			    "the two functions");
	assert_int_equal(sim_race_suppressions_load("\nleak a b why\n", "t",
						    err, sizeof(err)), -1);
	assert_string_equal(err, "t:2: unknown kind 'leak' (only data-race "
			    "can be suppressed)");
	assert_int_equal(sim_race_suppressions_load("data-race\n", "t", err,
						    sizeof(err)), -1);
	assert_string_equal(err, "t:1: expected 'data-race FUNCTION FUNCTION "
			    "REASON'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_race_unordered_writes),
		cmocka_unit_test(test_race_reads_never_race),
		cmocka_unit_test(test_race_byte_precise),
		cmocka_unit_test(test_race_mutex_orders),
		cmocka_unit_test(test_race_rwsem_readers_do_not_order),
		cmocka_unit_test(test_race_refcount_last_put),
		cmocka_unit_test(test_race_free_is_a_write),
		cmocka_unit_test(test_race_use_after_free),
		cmocka_unit_test(test_race_redzone),
		cmocka_unit_test(test_race_detector_off),
		cmocka_unit_test(test_race_suppressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
