// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct file semantics through the simulated system calls: ->release
 * exactly once at the last fput (after dup, at close, at exit); a close()
 * racing with an ioctl on the same file keeps the file alive until the
 * ioctl returns (explored exhaustively); the deferred final fput and who
 * runs it; fdget() borrowing in a single-threaded process; a failing
 * ->open leaves nothing behind; the cdev and the module stay pinned while
 * a file is open; pinned pseudo filesystems.  The other system calls are
 * in test_syscalls.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/anon_inodes.h>
#include <linux/fs_context.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/task_work.h>

#include "sim/explore.h"
#include "world/world.h"
#include "sim_test.h"
#include "tdrv.h"

static const char prog[] = "test-file";

/* Results a thread leaves for teardown. */
static long res[16];
static int tids[4];

static void common_setup(void)
{
	tdrv_reset();
	tdrv_register();
	for (int i = 0; i < 16; i++)
		res[i] = 12345;
}

static void common_teardown(void *ctx)
{
	tdrv_unregister();
}

/* Explorations that must pass. */
#define explore_ok(setup, teardown, ctx, o, r)				\
	sim_test_explore_ok(prog, setup, teardown, ctx, o, r)

/* --- release at the last fput --------------------------------------------- */

static void dup_thread(void *arg)
{
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);
	int fd2;

	WANT_EQ(fd, 0);
	fd2 = sim_sys_dup(fd);
	WANT_EQ(fd2, 1);
	WANT_EQ(td.opens, 1);
	WANT_EQ(sim_sys_close(fd), 0);
	/* the duplicate still holds the file */
	WANT_EQ(td.releases, 0);
	WANT_EQ(td.flushes, 1);
	WANT_EQ(sim_sys_ioctl(fd2, TDRV_COUNT, 0), 1);
	WANT_EQ(sim_sys_close(fd2), 0);
	/* 6.12's close(2) releases before it returns */
	WANT_EQ(td.releases, 1);
	WANT_EQ(td.flushes, 2);
	WANT_EQ(td.release_tid, sim_current_tid());
	WANT_EQ(sim_sys_close(fd2), -EBADF);
}

static void dup_setup(void *ctx)
{
	common_setup();
	tdrv_proc("A", 0, 1, dup_thread);
}

static void dup_teardown(void *ctx)
{
	WANT_EQ(td.releases, 1);
	WANT_EQ(module_refcount(&tdrv_module), 0);
	common_teardown(ctx);
	/* the device went with its last reference */
	WANT_EQ(td.dev_released, 1);
}

static void test_file_release_at_last_fput_after_dup(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(dup_setup, dup_teardown, NULL, &o, &r);
	assert_int_equal(r.executions, 1);
}

/* --- close racing with an ioctl on the same file -------------------------- */

static int published_fd = -1;
static DECLARE_COMPLETION(published);
static int outcome_ok, outcome_badf;

/* A: opens, publishes the fd, then an ioctl that blocks until B says go. */
static void race_ioctl_thread(void *arg)
{
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);

	WANT_EQ(fd, 0);
	published_fd = fd;
	complete(&published);
	res[0] = sim_sys_ioctl(fd, TDRV_BLOCK, 0);
	/* released (if at all) on the way out of the ioctl, by this thread */
	res[1] = td.releases;
}

/* B: closes the fd whenever it can, then lets the ioctl go. */
static void race_close_thread(void *arg)
{
	wait_for_completion(&published);
	res[2] = sim_sys_close(published_fd);
	res[3] = td.releases;
	complete(&td.go);
}

static void race_setup(void *ctx)
{
	common_setup();
	init_completion(&published);
	published_fd = -1;
	tids[0] = sim_thread_create("A", race_ioctl_thread, NULL);
	tids[1] = sim_thread_create("B", race_close_thread, NULL);
	{
		struct sim_proc *p = sim_proc_create("P", 0);

		sim_world_attach(tids[0], p);
		sim_world_attach(tids[1], p);
	}
}

static void race_teardown(void *ctx)
{
	WANT_EQ(res[2], 0);		/* close always succeeds */
	WANT_EQ(td.releases, 1);	/* exactly once */
	WANT_EQ(td.release_in_flight, 0);
	if (res[0] == 0) {
		/* the ioctl held the file: released by A, after it */
		WANT_EQ(td.release_tid, tids[0]);
		WANT_EQ(res[3], 0);
		WANT_EQ(res[1], 1);
		outcome_ok++;
	} else {
		/* closed before the ioctl looked the fd up */
		WANT_EQ(res[0], -EBADF);
		WANT_EQ(td.release_tid, tids[1]);
		WANT_EQ(res[3], 1);
		outcome_badf++;
	}
	common_teardown(ctx);
}

static void test_file_close_racing_ioctl_keeps_file_alive(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	outcome_ok = outcome_badf = 0;
	explore_ok(race_setup, race_teardown, NULL, &o, &r);
	assert_int_equal(r.bound, 2);
	/* every schedule with at most 2 preemptions, pinned */
	assert_int_equal(r.executions, 152);
	assert_int_equal(r.per_bound[0], 2);
	assert_int_equal(r.per_bound[1], 20);
	assert_int_equal(r.per_bound[2], 130);
	assert_int_equal(outcome_ok, 96);
	assert_int_equal(outcome_badf, 56);
}

/*
 * The witness: an "ioctl" made without holding the file (it drops its
 * reference before calling the driver) lets the close release the file
 * under it, which the driver's release reports.
 */
static void unheld_ioctl_thread(void *arg)
{
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);
	struct file *f;

	published_fd = fd;
	complete(&published);
	f = fget(fd);
	if (!f)
		return;
	fput(f);
	f->f_op->unlocked_ioctl(f, TDRV_BLOCK, 0);
}

static void unheld_setup(void *ctx)
{
	struct sim_proc *p;

	common_setup();
	init_completion(&published);
	p = sim_proc_create("P", 0);
	sim_world_attach(sim_thread_create("A", unheld_ioctl_thread, NULL),
			 p);
	sim_world_attach(sim_thread_create("B", race_close_thread, NULL), p);
}

static void test_file_unheld_ioctl_release_caught(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	sim_test_assert_ret(sim_test_explore(prog, unheld_setup,
					     common_teardown, NULL, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "WARN_ON(td.in_flight)");
	assert_int_equal(r.failures[0].preemptions, 0);
}

/* A report shows the processes and their descriptors. */
static void test_file_report_lists_descriptors(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	/* the system calls' own trace notes are machinery: ask for them */
	o.trace_all = true;
	rep = sim_test_explore_report(prog, unheld_setup, common_teardown,
				      NULL, &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "WARN_ON(td.in_flight)");
	/* the close took fd 0 out of the table before the release */
	sim_test_assert_contains(rep, "process P pid 100:\n");
	sim_test_assert_contains(rep, "sys_close fd = 0");
	sim_test_assert_contains(rep, "sys_open returns = 0");
	free(rep);

	/* by default a trace shows the code under test, not the machinery */
	o.trace_all = false;
	rep = sim_test_explore_report(prog, unheld_setup, common_teardown,
				      NULL, &o, &r);
	sim_test_assert_contains(rep, "process P pid 100:\n");
	if (strstr(rep, "sys_close fd = 0") || strstr(rep, "T-1 main"))
		fail_msg("machinery in a default trace (schedule \"%s\"):\n%s",
			 r.failures[0].schedule, rep);
	free(rep);
}

/* --- fdget: borrowed or referenced ---------------------------------------- */

static DECLARE_COMPLETION(count_done);

static void count_thread(void *arg)
{
	int fd;

	if (arg) {
		/* a second thread, alive while the first one works */
		wait_for_completion(&count_done);
		return;
	}
	fd = sim_sys_open(TDRV_PATH, O_RDWR);
	res[0] = sim_sys_ioctl(fd, TDRV_COUNT, 0);
	WANT_EQ(sim_sys_close(fd), 0);
	complete(&count_done);
}

/* ctx: threads in the process */
static void count_setup(void *ctx)
{
	common_setup();
	init_completion(&count_done);
	tdrv_proc("P", 0, (int)(long)ctx, count_thread);
}

static void test_file_fdget_borrows_when_unshared(void **s)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* one thread: the table is not shared, the file is borrowed */
	explore_ok(count_setup, common_teardown, (void *)1L, &o, &r);
	assert_int_equal(res[0], 1);
	/* two live threads: the ioctl holds a reference of its own */
	explore_ok(count_setup, common_teardown, (void *)2L, &o, &r);
	assert_true(r.executions > 1);
	assert_int_equal(res[0], 2);
}

/* --- the deferred final fput ---------------------------------------------- */

static bool deferred_user;

static void deferred_thread(void *arg)
{
	struct file *f = anon_inode_getfile("[tdrv]", &tdrv_fops, &td,
					    O_RDWR);

	WANT_EQ(IS_ERR(f), 0);
	get_file(f);
	fput(f);
	fput(f);
	/* a user task: the last reference is gone, the release waits */
	res[0] = td.releases;
	if (deferred_user)
		res[1] = file_count(f);
	sim_task_work_run();
	res[2] = td.releases;
	res[3] = td.release_tid;
}

static void deferred_setup(void *ctx)
{
	common_setup();
	deferred_user = ctx;
	tids[0] = sim_thread_create("T", deferred_thread, NULL);
	if (ctx)	/* a user task, not a kernel thread */
		sim_world_attach(tids[0], sim_proc_create("P", 0));
}

static void test_file_final_fput_deferred(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(deferred_setup, common_teardown, (void *)1L, &o, &r);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], 0);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], tids[0]);
}

static void test_file_final_fput_in_kthread_is_immediate(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	/* deviation: no workqueue here, a kernel thread releases at once */
	explore_ok(deferred_setup, common_teardown, NULL, &o, &r);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], tids[0]);
}

/* A thread that ends with task work pending runs it as it exits. */
static void pending_at_end_thread(void *arg)
{
	struct file *f = anon_inode_getfile("[tdrv]", &tdrv_fops, &td,
					    O_RDWR);

	fput(f);
	res[0] = td.releases;
}

static void pending_at_end_setup(void *ctx)
{
	common_setup();
	tids[0] = sim_thread_create("T", pending_at_end_thread, NULL);
	sim_world_attach(tids[0], sim_proc_create("P", 0));
}

static void pending_at_end_teardown(void *ctx)
{
	WANT_EQ(res[0], 0);
	WANT_EQ(td.releases, 1);
	WANT_EQ(td.release_tid, tids[0]);
	common_teardown(ctx);
}

static void test_file_task_work_runs_when_thread_ends(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(pending_at_end_setup, pending_at_end_teardown, NULL, &o,
		   &r);
}

/* Exit: every descriptor closed, each file released once, in this task. */
static void exit_thread(void *arg)
{
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);

	sim_sys_dup(fd);
	sim_sys_open(TDRV_PATH, O_RDONLY);
	res[0] = td.opens;
	sim_sys_exit();
	res[1] = td.releases;
	res[2] = td.release_tid;
	res[3] = sim_user_alloc(8);	/* no memory after exit */
}

static void exit_setup(void *ctx)
{
	common_setup();
	tids[0] = sim_thread_create("T", exit_thread, NULL);
	sim_world_attach(tids[0], sim_proc_create("P", 0));
}

static void test_file_exit_releases_in_exiting_task(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(exit_setup, common_teardown, NULL, &o, &r);
	assert_int_equal(res[0], 2);
	assert_int_equal(res[1], 2);
	assert_int_equal(res[2], tids[0]);
	assert_int_equal(res[3], 0);
}

/* Files left open are closed before the end checks (leaks, modules). */
static void left_open_thread(void *arg)
{
	sim_sys_open(TDRV_PATH, O_RDWR);
	sim_sys_mmap(sim_sys_open(TDRV_PATH, O_RDWR), 4096,
		     PROT_READ | PROT_WRITE, 0);
}

static void left_open_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, left_open_thread);
}

static void test_file_left_open_closed_at_end(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(left_open_setup, common_teardown, NULL, &o, &r);
	/* by the world's end-of-execution hook, outside any thread */
	assert_int_equal(td.releases, 2);
	assert_int_equal(td.vm_closes, 1);
	assert_int_equal(td.release_tid, -1);
	assert_int_equal(td.dev_released, 1);
}

/* get_file() on a file whose count reached zero is the kernel's WARN. */
static void get_file_zero_thread(void *arg)
{
	struct file *f = anon_inode_getfile("[tdrv]", &tdrv_fops, &td,
					    O_RDWR);

	fput(f);
	get_file(f);
}

static void get_file_zero_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, ctx);
}

static void fput_twice_thread(void *arg)
{
	struct file *f = anon_inode_getfile("[tdrv]", &tdrv_fops, &td,
					    O_RDWR);

	fput(f);
	fput(f);
}

static void test_file_reference_misuse_fails(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, get_file_zero_setup,
					     common_teardown,
					     get_file_zero_thread, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN,
				"struct file::f_count incremented from zero");
	sim_test_assert_where(&r.failures[0], "get_file_zero_thread");

	sim_test_assert_ret(sim_test_explore(prog, get_file_zero_setup,
					     common_teardown,
					     fput_twice_thread, &o, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_REFCOUNT, "fput: ");
	sim_test_assert_where(&r.failures[0], "fput_twice_thread");
}

/* --- open ----------------------------------------------------------------- */

static void fail_open_thread(void *arg)
{
	td.fail_open = (int)(long)arg;
	res[0] = sim_sys_open(TDRV_PATH, O_RDWR);
	res[1] = module_refcount(&tdrv_module);
	td.fail_open = 0;
	/* the descriptor was given back */
	res[2] = sim_sys_open(TDRV_PATH, O_RDWR);
	res[3] = module_refcount(&tdrv_module);
	sim_sys_close(res[2]);
}

static void fail_open_thread_busy(void *arg)
{
	fail_open_thread((void *)(long)-EBUSY);
}

static void fail_open_busy_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, fail_open_thread_busy);
}

static void fail_open_teardown(void *ctx)
{
	WANT_EQ(td.releases, 1);	/* only the second file's */
	WANT_EQ(td.opens, 1);
	common_teardown(ctx);
	WANT_EQ(td.dev_released, 1);
}

static void test_file_failing_open_leaves_nothing(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(fail_open_busy_setup, fail_open_teardown, NULL, &o, &r);
	assert_int_equal(res[0], -EBUSY);
	assert_int_equal(res[1], 0);	/* cdev and fops owner refs dropped */
	assert_int_equal(res[2], 0);	/* fd 0 again */
	assert_int_equal(res[3], 2);	/* cdev owner + fops owner */
}

/* Every allocation of an open failing in turn: -ENOMEM, nothing left. */
static uint64_t setup_allocs;

static void open_sweep_thread(void *arg)
{
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);

	if (fd < 0)
		WANT_EQ(fd, -ENOMEM);
	else
		WANT_EQ(sim_sys_close(fd), 0);
	WANT_EQ(module_refcount(&tdrv_module), 0);
	WANT_EQ(td.releases, fd < 0 ? 0 : 1);
}

static void open_sweep_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, open_sweep_thread);
	setup_allocs = sim_alloc_count();
}

static void test_file_open_alloc_failures_clean(void **s)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	uint64_t total, first;

	/*
	 * A sweep of the thread's allocations only (setup's device
	 * registration is not under test): fail each in turn.
	 */
	explore_ok(open_sweep_setup, common_teardown, NULL, &o, &r);
	total = r.max_allocs;
	first = setup_allocs + 1;
	assert_true(total >= first);
	for (uint64_t n = first; n <= total; n++) {
		o = sim_test_opts();
		o.fail_nth = (int)n;
		explore_ok(open_sweep_setup, common_teardown, NULL, &o, &r);
	}
}

static struct class tdrv_nocdev_class = { .name = "nocdev" };

static void open_errors_thread(void *arg)
{
	res[0] = sim_sys_open("/dev/nothere", O_RDWR);
	res[1] = sim_sys_open("/tmp/tdrv0", O_RDWR);
	res[2] = sim_sys_open("/dev/nocdev0", O_RDWR);
	res[3] = sim_sys_open(TDRV_PATH, O_RDWR);
}

static void open_errors_setup(void *ctx)
{
	common_setup();
	/* a /dev node without a cdev behind it */
	WANT_EQ(class_register(&tdrv_nocdev_class), 0);
	WANT_EQ(IS_ERR(device_create(&tdrv_nocdev_class, NULL,
				     MKDEV(MAJOR(tdrv_devt), 77), NULL,
				     "nocdev0")), 0);
	tdrv_proc("P", 0, 1, open_errors_thread);
}

static void open_errors_teardown(void *ctx)
{
	device_destroy(&tdrv_nocdev_class, MKDEV(MAJOR(tdrv_devt), 77));
	class_unregister(&tdrv_nocdev_class);
	common_teardown(ctx);
}

static void test_file_open_errors(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(open_errors_setup, open_errors_teardown, NULL, &o, &r);
	assert_int_equal(res[0], -ENOENT);
	assert_int_equal(res[1], -ENOENT);
	assert_int_equal(res[2], -ENXIO);
	assert_int_equal(res[3], 0);
}

/* The open file pins the cdev (and so the device) after unregistration. */
static void pinned_thread(void *arg)
{
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);

	tdrv_unregister();
	res[0] = td.dev_released;
	res[1] = sim_sys_open(TDRV_PATH, O_RDWR);	/* the node is gone */
	res[2] = sim_sys_ioctl(fd, TDRV_COUNT, 0);	/* the file goes on */
	res[3] = module_refcount(&tdrv_module);
	sim_sys_close(fd);
	res[4] = td.dev_released;
	res[5] = module_refcount(&tdrv_module);
}

static void pinned_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, pinned_thread);
}

static void test_file_open_file_pins_cdev_and_module(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(pinned_setup, common_teardown, NULL, &o, &r);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], -ENOENT);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], 2);
	assert_int_equal(res[4], 1);
	assert_int_equal(res[5], 0);
}

/* --- pseudo filesystems --------------------------------------------------- */

static struct vfsmount *tfs_mount;
static int tfs_count;

static int tfs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, 0x7e57) ? 0 : -ENOMEM;
}

static struct file_system_type tfs_type = {
	.name = "tfs",
	.owner = &tdrv_module,
	.init_fs_context = tfs_init_fs_context,
	.kill_sb = kill_anon_super,
};

static void pseudo_thread(void *arg)
{
	struct inode *a, *b;

	WANT_EQ(simple_pin_fs(&tfs_type, &tfs_mount, &tfs_count), 0);
	WANT_EQ(simple_pin_fs(&tfs_type, &tfs_mount, &tfs_count), 0);
	WANT_EQ(tfs_count, 2);
	WANT_EQ(tfs_mount->mnt_sb->s_magic, 0x7e57);
	/* the mount pins the filesystem's module */
	WANT_EQ(module_refcount(&tdrv_module), 1);
	a = alloc_anon_inode(tfs_mount->mnt_sb);
	b = alloc_anon_inode(tfs_mount->mnt_sb);
	WANT_EQ(a->i_mapping, &a->i_data);
	WANT_EQ(a->i_ino != b->i_ino, 1);
	unmap_mapping_range(a->i_mapping, 0, 0, true);
	WANT_EQ(a->i_mapping->sim_unmap_calls, 1);
	iput(a);
	simple_release_fs(&tfs_mount, &tfs_count);
	if (!arg)	/* else b is forgotten: the unmount finds it */
		iput(b);
	simple_release_fs(&tfs_mount, &tfs_count);
	WANT_EQ(tfs_mount == NULL, 1);
	WANT_EQ(module_refcount(&tdrv_module), 0);
}

static void pseudo_setup(void *ctx)
{
	common_setup();
	tfs_mount = NULL;
	tfs_count = 0;
	sim_thread_create("T", pseudo_thread, ctx);
}

static void test_file_pseudo_fs_pin_and_busy_inodes(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(pseudo_setup, common_teardown, NULL, &o, &r);
	sim_test_assert_ret(sim_test_explore(prog, pseudo_setup,
					     common_teardown, (void *)1L, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_BUG,
				"VFS: Busy inodes after unmount of tfs");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_release_at_last_fput_after_dup),
		cmocka_unit_test(test_file_close_racing_ioctl_keeps_file_alive),
		cmocka_unit_test(test_file_unheld_ioctl_release_caught),
		cmocka_unit_test(test_file_report_lists_descriptors),
		cmocka_unit_test(test_file_fdget_borrows_when_unshared),
		cmocka_unit_test(test_file_final_fput_deferred),
		cmocka_unit_test(test_file_final_fput_in_kthread_is_immediate),
		cmocka_unit_test(test_file_task_work_runs_when_thread_ends),
		cmocka_unit_test(test_file_exit_releases_in_exiting_task),
		cmocka_unit_test(test_file_left_open_closed_at_end),
		cmocka_unit_test(test_file_reference_misuse_fails),
		cmocka_unit_test(test_file_failing_open_leaves_nothing),
		cmocka_unit_test(test_file_open_alloc_failures_clean),
		cmocka_unit_test(test_file_open_errors),
		cmocka_unit_test(test_file_open_file_pins_cdev_and_module),
		cmocka_unit_test(test_file_pseudo_fs_pin_and_busy_inodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
