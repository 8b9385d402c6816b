// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kvm mock: users counted by kvm_get_kvm() / kvm_put_kvm(), the VM
 * destroyed (its devices first) exactly once, at the last put, by whoever
 * made it, in every interleaving; kvm_get_kvm_safe() refuses a dying VM;
 * a forgotten put is a leak; a last put under a lock that a device's
 * destruction takes (bug B5's shape) is reported; the functions can be
 * reached through symbol_get() as the vfio core does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "sim_test.h"


static const char prog[] = "kvm";

/* Executions of the two-putter race at preemption bound 2, pinned. */
#define EXEC_PUTTERS	12
#define LAST_BY_T0	6

static struct kvm *vm;
static int destroyed_by, destroys, safe_in_destroy;

static void record_destroy(struct kvm *kvm, void *data)
{
	WANT_EQ(kvm, vm);
	WANT_EQ(data, &destroys);
	destroys++;
	destroyed_by = sim_current_tid();
	/* the VM is dying: a new user is refused */
	safe_in_destroy = kvm_get_kvm_safe(kvm);
}

static void common_setup(void)
{
	destroys = 0;
	destroyed_by = -2;
	safe_in_destroy = -1;
	vm = sim_kvm_create();
	WANT_EQ(vm != NULL, 1);
	WANT_EQ(sim_kvm_add_device(vm, record_destroy, &destroys), 0);
}

/* --- balance in one thread --------------------------------------------- */

static void balance_thread(void *arg)
{
	void (*put)(struct kvm *kvm) = symbol_get(kvm_put_kvm);
	bool (*get_safe)(struct kvm *kvm) = symbol_get(kvm_get_kvm_safe);

	WANT_EQ(put != NULL && get_safe != NULL, 1);
	WANT_EQ(sim_kvm_refs(vm), 1);
	kvm_get_kvm(vm);
	WANT_EQ(get_safe(vm), 1);
	WANT_EQ(sim_kvm_refs(vm), 3);
	put(vm);
	kvm_put_kvm(vm);
	WANT_EQ(sim_kvm_refs(vm), 1);
	WANT_EQ(destroys, 0);
	WANT_EQ(sim_kvm_nr_live(), 1);
	kvm_put_kvm(vm);
	WANT_EQ(destroys, 1);
	WANT_EQ(safe_in_destroy, 0);
	WANT_EQ(sim_kvm_nr_live(), 0);
	WANT_EQ(sim_kvm_nr_destroyed(), 1);
}

static void balance_setup(void *ctx)
{
	common_setup();
	sim_thread_create("T0", balance_thread, NULL);
}

static void test_kvm_get_put_balance(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, balance_setup, NULL, NULL,
					     &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.executions, 1);
}

/* --- two users put concurrently: one destroy, by the last ---------------- */

static int last_by[2];
static int tids[2];

static void putter(void *arg)
{
	kvm_put_kvm(vm);
}

static void putters_setup(void *ctx)
{
	common_setup();
	kvm_get_kvm(vm);		/* one reference for each thread */
	tids[0] = sim_thread_create("T0", putter, NULL);
	tids[1] = sim_thread_create("T1", putter, NULL);
}

/* Invariant: the VM is destroyed at most once, and only with no users. */
static void putters_invariant(void *ctx)
{
	if (destroys > 1)
		sim_fail(SIM_FAIL_ASSERT, SIM_HERE, "VM destroyed %d times",
			 destroys);
	if (!destroys && sim_kvm_nr_live() != 1)
		sim_fail(SIM_FAIL_ASSERT, SIM_HERE, "VM gone before its "
			 "destruction ran");
}

static void putters_teardown(void *ctx)
{
	WANT_EQ(destroys, 1);
	WANT_EQ(sim_kvm_nr_live(), 0);
	WANT_EQ(destroyed_by == tids[0] || destroyed_by == tids[1], 1);
	last_by[destroyed_by == tids[0] ? 0 : 1]++;
}

static void test_kvm_last_put_destroys_once(void **state)
{
	const struct sim_program p = {
		.name = prog,
		.setup = putters_setup,
		.invariant = putters_invariant,
		.teardown = putters_teardown,
	};
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	last_by[0] = last_by[1] = 0;
	sim_test_assert_ret(sim_explore(&p, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, EXEC_PUTTERS);
	assert_int_equal(last_by[0], LAST_BY_T0);
	assert_int_equal(last_by[1], EXEC_PUTTERS - LAST_BY_T0);
}

/* --- misuse --------------------------------------------------------------- */

static void forget_thread(void *arg)
{
	kvm_get_kvm(vm);
	kvm_put_kvm(vm);
	/* the creator's reference is never dropped */
}

static void forget_setup(void *ctx)
{
	common_setup();
	sim_thread_create("T0", forget_thread, NULL);
}

static void test_kvm_forgotten_put_leaks(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, forget_setup, NULL, NULL,
					     &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LEAK, "");
}

/*
 * B5's shape: a vfio lock held across the last put, whose destruction of
 * the kvm-vfio device takes that lock again.
 */
static DEFINE_MUTEX(group_lock);

static void device_takes_group_lock(struct kvm *kvm, void *data)
{
	mutex_lock(&group_lock);
	mutex_unlock(&group_lock);
}

static void put_under_lock_thread(void *arg)
{
	mutex_lock(&group_lock);
	kvm_put_kvm(vm);
	mutex_unlock(&group_lock);
}

static void put_under_lock_setup(void *ctx)
{
	vm = sim_kvm_create();
	WANT_EQ(sim_kvm_add_device(vm, device_takes_group_lock, NULL), 0);
	sim_thread_create("T0", put_under_lock_thread, NULL);
}

static void test_kvm_last_put_under_lock_is_reported(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, put_under_lock_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LOCKDEP, "recursive");
	sim_test_assert_where(&r.failures[0], "test_kvm.c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_get_put_balance),
		cmocka_unit_test(test_kvm_last_put_destroys_once),
		cmocka_unit_test(test_kvm_forgotten_put_leaks),
		cmocka_unit_test(test_kvm_last_put_under_lock_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
