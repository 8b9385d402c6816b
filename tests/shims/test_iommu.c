// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommu group shim: group lifetime (freed at the last put, with its
 * id), devices joining and leaving, DMA ownership with owner cookies and
 * its error codes, warnings on unbalanced releases, two owners racing for
 * one group, allocation failures, and the lock order of the group mutex.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/mutex.h>

#include "mocks/iommu.h"
#include "sim_test.h"

static const char prog[] = "iommu";

static struct device dev_a, dev_b;
static struct iommu_group *grp;
static long results[32];
static int owner_x, owner_y;

static void run_body(void *body)
{
	((void (*)(void))body)();
}

/* Fresh devices every execution: a failed one leaves them dangling. */
static void setup(void *body)
{
	memset(&dev_a, 0, sizeof(dev_a));
	memset(&dev_b, 0, sizeof(dev_b));
	grp = NULL;
	memset(results, 0, sizeof(results));
	sim_thread_create("t0", run_body, body);
}

static void run_one(void (*body)(void), const struct sim_opts *o,
		    struct sim_result *r, int want)
{
	sim_test_assert_ret(sim_test_explore(prog, setup, NULL, body,
					     o, r),
			    want, r);
}

static void lifetime(void)
{
	struct iommu_group *g;

	results[0] = iommu_group_get(&dev_a) == NULL;
	g = iommu_group_alloc();
	results[1] = !IS_ERR(g);
	results[2] = iommu_group_id(g);
	results[3] = sim_iommu_group_refs(g);
	results[4] = iommu_group_add_device(g, &dev_a);
	results[5] = dev_a.iommu_group == g;
	results[6] = sim_iommu_group_refs(g);		/* 2 */
	iommu_group_put(g);				/* the device's one left */
	results[7] = iommu_group_get(&dev_a) == g;
	results[8] = iommu_group_ref_get(g) == g;
	results[9] = sim_iommu_group_refs(g);		/* 3 */
	iommu_group_put(g);
	iommu_group_put(g);
	results[10] = iommu_group_set_name(g, "vfio-noiommu");
	results[11] = !strcmp(sim_iommu_group_name(g), "vfio-noiommu");
	results[12] = sim_iommu_nr_groups();
	iommu_group_remove_device(&dev_a);		/* the last put */
	results[13] = dev_a.iommu_group == NULL;
	results[14] = sim_iommu_nr_groups();
	iommu_group_remove_device(&dev_a);		/* no group: nothing */
	iommu_group_put(NULL);
	/* the id is free again */
	g = iommu_group_alloc();
	results[15] = iommu_group_id(g);
	iommu_group_put(g);
	results[16] = sim_iommu_nr_groups();
}

static void test_iommu_group_lifetime(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* the leak check at the end says the last put freed everything */
	run_one(lifetime, &o, &r, 0);
	assert_int_equal(results[0], 1);
	assert_int_equal(results[1], 1);
	assert_int_equal(results[2], 0);
	assert_int_equal(results[3], 1);
	assert_int_equal(results[4], 0);
	assert_int_equal(results[5], 1);
	assert_int_equal(results[6], 2);
	assert_int_equal(results[7], 1);
	assert_int_equal(results[8], 1);
	assert_int_equal(results[9], 3);
	assert_int_equal(results[10], 0);
	assert_int_equal(results[11], 1);
	assert_int_equal(results[12], 1);
	assert_int_equal(results[13], 1);
	assert_int_equal(results[14], 0);
	assert_int_equal(results[15], 0);
	assert_int_equal(results[16], 0);
}

static void forget_put(void)
{
	grp = iommu_group_alloc();
	iommu_group_add_device(grp, &dev_a);
	iommu_group_put(grp);
	iommu_group_get(&dev_a);	/* never put */
	iommu_group_remove_device(&dev_a);
}

static void test_iommu_group_unbalanced_get_leaks(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	run_one(forget_put, &o, &r, 1);
	sim_test_assert_failure(&r, SIM_FAIL_LEAK, "memory leak: 2 objects");
	sim_test_assert_where(&r.failures[0], "iommu.c");
}

static int count_dev(struct device *dev, void *data)
{
	results[20 + results[19]++] = dev == &dev_a ? 'a' : 'b';
	return 0;
}

static int stop_at_b(struct device *dev, void *data)
{
	return dev == &dev_b ? -EINTR : 0;
}

static void sim_attach(void)
{
	struct iommu_group *g;

	results[0] = device_iommu_capable(&dev_a, IOMMU_CAP_CACHE_COHERENCY);
	results[1] = sim_iommu_group_attach(&dev_a, 7, true);
	results[2] = sim_iommu_group_attach(&dev_b, 7, false);	/* -EINVAL */
	results[3] = sim_iommu_group_attach(&dev_b, 7, true);
	results[4] = dev_a.iommu_group == dev_b.iommu_group;
	results[5] = iommu_group_id(dev_a.iommu_group);
	results[6] = sim_iommu_group_attach(&dev_b, 3, true);	/* -EEXIST */
	results[7] = device_iommu_capable(&dev_b,
					  IOMMU_CAP_ENFORCE_CACHE_COHERENCY);
	results[8] = device_iommu_capable(&dev_b, IOMMU_CAP_NOEXEC);
	g = sim_iommu_group_find(7);
	results[9] = sim_iommu_group_refs(g);		/* 2 devices + find */
	results[10] = sim_iommu_group_nr_devices(g);
	results[11] = iommu_group_for_each_dev(g, NULL, count_dev);
	results[12] = iommu_group_for_each_dev(g, NULL, stop_at_b);
	sim_iommu_group_set_coherent(g, false);
	results[13] = device_iommu_capable(&dev_a, IOMMU_CAP_CACHE_COHERENCY);
	iommu_group_put(g);
	iommu_group_remove_device(&dev_a);
	results[14] = sim_iommu_nr_groups();
	iommu_group_remove_device(&dev_b);
	results[15] = sim_iommu_nr_groups();
	results[16] = sim_iommu_group_find(7) == NULL;
}

static void test_iommu_sim_attach_and_capable(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	run_one(sim_attach, &o, &r, 0);
	assert_int_equal(results[0], 0);
	assert_int_equal(results[1], 0);
	assert_int_equal(results[2], -EINVAL);
	assert_int_equal(results[3], 0);
	assert_int_equal(results[4], 1);
	assert_int_equal(results[5], 7);
	assert_int_equal(results[6], -EEXIST);
	assert_int_equal(results[7], 1);
	assert_int_equal(results[8], 0);
	assert_int_equal(results[9], 3);
	assert_int_equal(results[10], 2);
	assert_int_equal(results[11], 0);
	assert_int_equal(results[12], -EINTR);
	assert_int_equal(results[13], 0);
	assert_int_equal(results[14], 1);
	assert_int_equal(results[15], 0);
	assert_int_equal(results[16], 1);
	assert_int_equal(results[19], 2);
	assert_int_equal(results[20], 'a');
	assert_int_equal(results[21], 'b');
}

static void group_ownership(void)
{
	struct iommu_group *g;

	sim_iommu_group_attach(&dev_a, 0, true);
	g = dev_a.iommu_group;
	results[0] = iommu_group_dma_owner_claimed(g);
	results[1] = iommu_group_claim_dma_owner(g, &owner_x);
	results[2] = iommu_group_claim_dma_owner(g, &owner_x);	/* -EPERM */
	results[3] = iommu_group_claim_dma_owner(g, &owner_y);	/* -EPERM */
	results[4] = iommu_device_claim_dma_owner(&dev_a, &owner_y);
	results[5] = iommu_group_dma_owner_claimed(g);
	results[6] = sim_iommu_group_owner(g).owner == &owner_x;
	results[7] = sim_iommu_group_owner(g).owner_cnt;
	iommu_group_release_dma_owner(g);
	results[8] = iommu_group_dma_owner_claimed(g);
	results[9] = sim_iommu_group_owner(g).owner == NULL;
	results[10] = iommu_group_claim_dma_owner(g, &owner_y);
	iommu_group_release_dma_owner(g);
	iommu_group_remove_device(&dev_a);
}

static void test_iommu_group_claim_rules(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	run_one(group_ownership, &o, &r, 0);
	assert_int_equal(results[0], 0);
	assert_int_equal(results[1], 0);
	assert_int_equal(results[2], -EPERM);
	assert_int_equal(results[3], -EPERM);
	assert_int_equal(results[4], -EPERM);
	assert_int_equal(results[5], 1);
	assert_int_equal(results[6], 1);
	assert_int_equal(results[7], 1);
	assert_int_equal(results[8], 0);
	assert_int_equal(results[9], 1);
	assert_int_equal(results[10], 0);
}

static void device_ownership(void)
{
	struct iommu_group *g;

	results[0] = iommu_device_claim_dma_owner(&dev_b, &owner_x);
	sim_iommu_group_attach(&dev_a, 4, false);
	sim_iommu_group_attach(&dev_b, 4, false);
	g = dev_a.iommu_group;
	results[1] = iommu_device_claim_dma_owner(&dev_a, &owner_x);
	results[2] = iommu_device_claim_dma_owner(&dev_b, &owner_x);
	results[3] = sim_iommu_group_owner(g).owner_cnt;	/* 2 */
	results[4] = iommu_device_claim_dma_owner(&dev_a, &owner_y);
	results[5] = iommu_group_claim_dma_owner(g, &owner_x);	/* -EPERM */
	iommu_device_release_dma_owner(&dev_b);
	results[6] = sim_iommu_group_owner(g).owner_cnt;	/* 1 */
	results[7] = sim_iommu_group_owner(g).owner == &owner_x;
	iommu_device_release_dma_owner(&dev_a);
	results[8] = iommu_group_dma_owner_claimed(g);
	results[9] = iommu_device_claim_dma_owner(&dev_b, &owner_y);
	iommu_device_release_dma_owner(&dev_b);
	iommu_group_remove_device(&dev_a);
	iommu_group_remove_device(&dev_b);
}

static void test_iommu_device_claim_same_owner_counts(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	run_one(device_ownership, &o, &r, 0);
	assert_int_equal(results[0], -ENODEV);
	assert_int_equal(results[1], 0);
	assert_int_equal(results[2], 0);
	assert_int_equal(results[3], 2);
	assert_int_equal(results[4], -EPERM);
	assert_int_equal(results[5], -EPERM);
	assert_int_equal(results[6], 1);
	assert_int_equal(results[7], 1);
	assert_int_equal(results[8], 0);
	assert_int_equal(results[9], 0);
}

static void release_unowned(void)
{
	sim_iommu_group_attach(&dev_a, 0, false);
	iommu_group_release_dma_owner(dev_a.iommu_group);
}

static void device_release_twice(void)
{
	sim_iommu_group_attach(&dev_a, 0, false);
	iommu_device_claim_dma_owner(&dev_a, &owner_x);
	iommu_device_release_dma_owner(&dev_a);
	iommu_device_release_dma_owner(&dev_a);
}

static void claim_null_owner(void)
{
	sim_iommu_group_attach(&dev_a, 0, false);
	iommu_group_claim_dma_owner(dev_a.iommu_group, NULL);
}

static void remove_while_owned(void)
{
	sim_iommu_group_attach(&dev_a, 0, false);
	iommu_device_claim_dma_owner(&dev_a, &owner_x);
	iommu_group_remove_device(&dev_a);
}

static void test_iommu_unbalanced_release_warns(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	run_one(release_unowned, &o, &r, 1);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "!group->owner_cnt");
	sim_test_assert_where(&r.failures[0], "release_dma_ownership");
	run_one(device_release_twice, &o, &r, 1);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "!group->owner_cnt");
	run_one(claim_null_owner, &o, &r, 1);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "!owner");
	/* the last device leaves a group that is still owned */
	run_one(remove_while_owned, &o, &r, 1);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "group->owner_cnt");
}

/* Two owners race for one group: exactly one wins, every interleaving. */
static int race_ret[2];

static void claimer(void *arg)
{
	int me = (int)(long)arg;
	void *cookie = me ? (void *)&owner_y : (void *)&owner_x;

	race_ret[me] = iommu_group_claim_dma_owner(grp, cookie);
	if (!race_ret[me])
		SIM_ASSERT(sim_iommu_group_owner(grp).owner == cookie);
}

static void race_setup(void *ctx)
{
	memset(&dev_a, 0, sizeof(dev_a));
	race_ret[0] = race_ret[1] = 1;
	sim_iommu_group_attach(&dev_a, 0, false);
	grp = dev_a.iommu_group;
	sim_thread_create("claim-x", claimer, (void *)0L);
	sim_thread_create("claim-y", claimer, (void *)1L);
}

static void race_invariant(void *ctx)
{
	struct sim_iommu_owner o = sim_iommu_group_owner(grp);

	SIM_ASSERT(o.owner_cnt <= 1);
	SIM_ASSERT(!o.owner_cnt == !o.owner);
}

static void race_teardown(void *ctx)
{
	bool x_won = !race_ret[0];

	SIM_ASSERT(race_ret[0] == 0 || race_ret[0] == -EPERM);
	SIM_ASSERT(race_ret[1] == 0 || race_ret[1] == -EPERM);
	SIM_ASSERT(!race_ret[0] != !race_ret[1]);
	SIM_ASSERT(sim_iommu_group_owner(grp).owner ==
		   (x_won ? (void *)&owner_x : (void *)&owner_y));
	iommu_group_release_dma_owner(grp);
	iommu_group_remove_device(&dev_a);
}

static void test_iommu_claim_race_one_winner(void **state)
{
	const struct sim_program p = {
		.name = "iommu-claim-race",
		.setup = race_setup,
		.invariant = race_invariant,
		.teardown = race_teardown,
	};
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_explore(&p, &o, &r), 0, &r);
	/* pinned: a change here means the scheduling points changed */
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.per_bound[0], 2);
	assert_int_equal(r.per_bound[1], 6);
	assert_int_equal(r.per_bound[2], 12);
	assert_int_equal(r.executions, 20);
}

static void alloc_group(void)
{
	struct iommu_group *g = iommu_group_alloc();

	results[0] = IS_ERR(g) ? PTR_ERR(g) : 0;
	if (!IS_ERR(g))
		iommu_group_put(g);
}

static void test_iommu_group_alloc_fail_nth(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* the group itself, then its id */
	for (int n = 1; n <= 2; n++) {
		o.fail_nth = n;
		run_one(alloc_group, &o, &r, 0);
		assert_int_equal(results[0], -ENOMEM);
	}
	o.fail_nth = 0;
	sim_test_assert_ret(sim_test_sweep(prog, setup, NULL, alloc_group,
					   &o, &r), 0, &r);
	/* two allocations to fail, then one run that allocates fewer */
	assert_int_equal(r.executions, 3);
}

/* vfio's order: its group lock, then the iommu group mutex (inside). */
static DEFINE_MUTEX(outer_lock);

static int take_outer(struct device *dev, void *data)
{
	mutex_lock(&outer_lock);
	mutex_unlock(&outer_lock);
	return 0;
}

static void inverted_order(void)
{
	sim_iommu_group_attach(&dev_a, 0, false);
	mutex_lock(&outer_lock);
	iommu_group_claim_dma_owner(dev_a.iommu_group, &owner_x);
	mutex_unlock(&outer_lock);
	/* group mutex held across the callback: the other order */
	iommu_group_for_each_dev(dev_a.iommu_group, NULL, take_outer);
	iommu_group_release_dma_owner(dev_a.iommu_group);
	iommu_group_remove_device(&dev_a);
}

static void test_iommu_group_mutex_lock_order(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	run_one(inverted_order, &o, &r, 1);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP,
				"circular locking dependency");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iommu_group_lifetime),
		cmocka_unit_test(test_iommu_group_unbalanced_get_leaks),
		cmocka_unit_test(test_iommu_sim_attach_and_capable),
		cmocka_unit_test(test_iommu_group_claim_rules),
		cmocka_unit_test(test_iommu_device_claim_same_owner_counts),
		cmocka_unit_test(test_iommu_unbalanced_release_warns),
		cmocka_unit_test(test_iommu_claim_race_one_winner),
		cmocka_unit_test(test_iommu_group_alloc_fail_nth),
		cmocka_unit_test(test_iommu_group_mutex_lock_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
