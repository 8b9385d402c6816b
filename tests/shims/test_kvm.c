// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kvm mock: users counted by kvm_get_kvm() / kvm_put_kvm(), the VM
 * destroyed (its devices first) exactly once, at the last put, by whoever
 * made it, in every interleaving; kvm_get_kvm_safe() refuses a dying VM;
 * a forgotten put is a leak; a last put under a lock that a device's
 * destruction takes (bug B5's shape) is reported; the functions can be
 * reached through symbol_get() as the vfio core does; /dev/kvm and the
 * VM's kvm-vfio device.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "world/world.h"

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

/* --- /dev/kvm and the kvm-vfio device ------------------------------------ */

static const struct file_operations fake_vfio_fops;
static const struct file_operations not_vfio_fops;
static struct file *set_files[8];
static struct kvm *set_kvms[8];
static int nr_sets;

static bool fake_is_valid(struct file *file)
{
	return file->f_op == &fake_vfio_fops;
}

static void fake_set_kvm(struct file *file, struct kvm *kvm)
{
	if (nr_sets < 8) {
		set_files[nr_sets] = file;
		set_kvms[nr_sets] = kvm;
	}
	nr_sets++;
}

static long vm_file_op(int vmfd, unsigned int cmd, int fd)
{
	unsigned long ua = sim_user_alloc(sizeof(fd));

	WANT_EQ(sim_user_write(ua, &fd, sizeof(fd)), 0);
	return sim_sys_ioctl(vmfd, cmd, ua);
}

static void kvm_vfio_body(void *arg)
{
	int kfd, vmfd, vmfd2, vfd, ofd;
	struct file *vfile;

	kfd = sim_sys_open("/dev/kvm", O_RDWR);
	WANT(kfd >= 0);
	WANT_EQ(sim_sys_ioctl(kfd, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
	WANT_EQ(sim_sys_ioctl(kfd, KVM_CREATE_VM, 1), -EINVAL);
	vmfd = sim_sys_ioctl(kfd, KVM_CREATE_VM, 0);
	WANT(vmfd >= 0);
	WANT_EQ(sim_kvm_nr_live(), 1);
	vfd = anon_inode_getfd("fake-vfio", &fake_vfio_fops, NULL, O_RDWR);
	ofd = anon_inode_getfd("other", &not_vfio_fops, NULL, O_RDWR);
	WANT(vfd >= 0 && ofd >= 0);
	vfile = fget(vfd);
	fput(vfile);

	/* without the core's functions no file is vfio's */
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_ADD, vfd), -EINVAL);
	sim_kvm_set_vfio_ops(fake_is_valid, fake_set_kvm);
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_ADD, ofd), -EINVAL);
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_ADD, 99), -EBADF);
	WANT_EQ(sim_sys_ioctl(vmfd, SIM_KVM_VFIO_FILE_ADD, 0xdead000ul),
		-EFAULT);
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_DEL, vfd), -ENOENT);
	WANT_EQ(nr_sets, 0);

	/* add: a reference on the file, set_kvm(file, kvm) */
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_ADD, vfd), 0);
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_ADD, vfd), -EEXIST);
	WANT_EQ(nr_sets, 1);
	WANT_EQ(set_files[0], vfile);
	WANT(set_kvms[0] != NULL);
	WANT_EQ(file_count(vfile), 2);
	/* del: set_kvm(file, NULL), the reference dropped */
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_DEL, vfd), 0);
	WANT_EQ(nr_sets, 2);
	WANT_EQ(set_kvms[1], NULL);
	WANT_EQ(file_count(vfile), 1);

	/* the VM fd's close releases what is left, then destroys the VM */
	WANT_EQ(vm_file_op(vmfd, SIM_KVM_VFIO_FILE_ADD, vfd), 0);
	WANT_EQ(sim_sys_close(vmfd), 0);
	sim_task_work_run();
	WANT_EQ(nr_sets, 4);
	WANT_EQ(set_kvms[3], NULL);
	WANT_EQ(file_count(vfile), 1);
	WANT_EQ(sim_kvm_nr_live(), 0);

	/* at destroy: a reference held elsewhere keeps the files */
	vmfd2 = sim_sys_ioctl(kfd, KVM_CREATE_VM, 0);
	WANT(vmfd2 >= 0);
	WANT_EQ(sim_sys_ioctl(vmfd2, SIM_KVM_VFIO_AT_DESTROY, 0), 0);
	WANT_EQ(vm_file_op(vmfd2, SIM_KVM_VFIO_FILE_ADD, vfd), 0);
	vm = set_kvms[4];
	kvm_get_kvm(vm);
	WANT_EQ(sim_sys_close(vmfd2), 0);
	sim_task_work_run();
	WANT_EQ(nr_sets, 5);
	WANT_EQ(file_count(vfile), 2);
	kvm_put_kvm(vm);
	WANT_EQ(nr_sets, 6);
	WANT_EQ(set_kvms[5], NULL);
	WANT_EQ(file_count(vfile), 1);
	WANT_EQ(sim_kvm_nr_live(), 0);
	WANT_EQ(sim_kvm_nr_destroyed(), 2);

	WANT_EQ(sim_sys_close(vfd), 0);
	WANT_EQ(sim_sys_close(ofd), 0);
	WANT_EQ(sim_sys_close(kfd), 0);
}

static void kvm_vfio_setup(void *ctx)
{
	nr_sets = 0;
	memset(set_files, 0, sizeof(set_files));
	memset(set_kvms, 0, sizeof(set_kvms));
	WANT_EQ(sim_kvm_dev_init(), 0);
	sim_world_attach(sim_thread_create("P", kvm_vfio_body, NULL),
			 sim_proc_create("P", 0));
}

static void kvm_vfio_teardown(void *ctx)
{
	sim_world_exit_all();
	sim_kvm_dev_exit();
}

/*
 * /dev/kvm: KVM_CREATE_VM, the kvm-vfio device behind the VM fd (only
 * vfio files, once each; set_kvm on add, del and release; a reference on
 * each file), released at the VM fd's close or, switched, at the VM's
 * destruction.
 */
static void test_kvm_dev_kvm_vfio(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_explore_ok(prog, kvm_vfio_setup, kvm_vfio_teardown, NULL,
			    &o, &r);
	assert_int_equal(r.executions, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_get_put_balance),
		cmocka_unit_test(test_kvm_last_put_destroys_once),
		cmocka_unit_test(test_kvm_forgotten_put_leaks),
		cmocka_unit_test(test_kvm_last_put_under_lock_is_reported),
		cmocka_unit_test(test_kvm_dev_kvm_vfio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
