// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated system calls besides open and close: descriptor table
 * errors (-EBADF, -EMFILE, reserved descriptors, lowest free first), read
 * and write (access modes, f_pos, -EFAULT), ioctl (-ENOTTY, the generic
 * FIONBIO / FIOCLEX), mmap (checks, the mapping holding the file until
 * exit), fstat's device number, and a driver without the operations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/anon_inodes.h>

#include "sim/explore.h"
#include "world/world.h"
#include "sim_test.h"
#include "tdrv.h"

static const char prog[] = "test-syscalls";

static long res[16];

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

#define explore_ok(setup, teardown, ctx, o, r)				\
	sim_test_explore_ok(prog, setup, teardown, ctx, o, r)

/* --- the descriptor table ------------------------------------------------- */

static void fd_errors_thread(void *arg)
{
	static const int bad[] = { -1, SIM_MAX_FDS, 5 };
	unsigned int major = 1, minor = 1;
	int fds = 0, reserved, fd;

	for (int i = 0; i < 3; i++) {
		WANT_EQ(sim_sys_close(bad[i]), -EBADF);
		WANT_EQ(sim_sys_dup(bad[i]), -EBADF);
		WANT_EQ(sim_sys_ioctl(bad[i], TDRV_COUNT, 0), -EBADF);
		WANT_EQ(sim_sys_read(bad[i], SIM_USER_BASE, 1), -EBADF);
		WANT_EQ(sim_sys_write(bad[i], SIM_USER_BASE, 1), -EBADF);
		WANT_EQ(sim_sys_mmap(bad[i], 4096, PROT_READ, 0), -EBADF);
		WANT_EQ(sim_sys_fstat_rdev(bad[i], &major, &minor), -EBADF);
	}
	/* a reserved descriptor has no file yet */
	reserved = get_unused_fd_flags(O_CLOEXEC);
	WANT_EQ(reserved, 0);
	WANT_EQ(get_close_on_exec(reserved), 1);
	WANT_EQ(sim_sys_ioctl(reserved, TDRV_COUNT, 0), -EBADF);
	WANT_EQ(sim_sys_close(reserved), -EBADF);
	put_unused_fd(reserved);
	/* fill the table */
	while ((fd = sim_sys_open(TDRV_PATH, O_RDWR)) >= 0) {
		WANT_EQ(fd, fds);
		fds++;
	}
	res[0] = fd;
	res[1] = fds;
	res[2] = sim_sys_dup(3);
	res[3] = get_unused_fd_flags(0);
	/* the lowest free descriptor is the next one */
	WANT_EQ(sim_sys_close(7), 0);
	WANT_EQ(sim_sys_close(3), 0);
	res[4] = sim_sys_dup(9);
	res[5] = sim_sys_open(TDRV_PATH, O_RDWR);
	res[6] = td.releases;	/* fd 7's and fd 3's files */
}

static void fd_errors_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, fd_errors_thread);
}

static void test_syscalls_fd_table_errors(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(fd_errors_setup, common_teardown, NULL, &o, &r);
	assert_int_equal(res[0], -EMFILE);
	assert_int_equal(res[1], SIM_MAX_FDS);
	assert_int_equal(res[2], -EMFILE);
	assert_int_equal(res[3], -EMFILE);
	assert_int_equal(res[4], 3);
	assert_int_equal(res[5], 7);
	assert_int_equal(res[6], 2);
	/* 65 files in all, the rest closed at the end */
	assert_int_equal(td.releases, SIM_MAX_FDS + 1);
}

/* --- read, write, ioctl, mmap, fstat -------------------------------------- */

static void rw_thread(void *arg)
{
	unsigned long buf = sim_user_alloc(32);
	unsigned int major = 0, minor = 0;
	int rw = sim_sys_open(TDRV_PATH, O_RDWR | O_CLOEXEC);
	int ro = sim_sys_open(TDRV_PATH, O_RDONLY);
	int wo = sim_sys_open(TDRV_PATH, O_WRONLY);
	struct file *f = td.last_open;
	char got[8] = { 0 };
	int on = 1;

	WANT_EQ(f->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_WRITE);
	WANT_EQ(!!(f->f_mode & FMODE_CAN_WRITE), 1);
	WANT_EQ(!!(f->f_mode & FMODE_OPENED), 1);
	WANT_EQ(!!(f->f_mode & FMODE_LSEEK), 1);
	WANT_EQ(sim_sys_read(rw, buf, 8), 8);
	WANT_EQ(sim_user_read(buf, got, 8), 0);
	WANT_EQ(memcmp(got, "rrrrrrrr", 8), 0);
	WANT_EQ(sim_sys_read(rw, buf, 4), 4);
	WANT_EQ(sim_sys_read(ro, buf, 4), 4);
	WANT_EQ(sim_sys_read(wo, buf, 4), -EBADF);
	WANT_EQ(sim_sys_write(ro, buf, 4), -EBADF);
	WANT_EQ(sim_sys_write(wo, buf, 5), 5);
	WANT_EQ(sim_sys_read(rw, 0xdead0000UL, 4), -EFAULT);
	WANT_EQ(td.reads, 4);
	WANT_EQ(sim_sys_ioctl(rw, TDRV_UNKNOWN, 0), -ENOTTY);
	WANT_EQ(sim_sys_ioctl(rw, TDRV_PID, 0), task_pid_nr(current));
	/* FIONBIO reads an int from user memory */
	WANT_EQ(sim_user_write(buf, &on, sizeof(on)), 0);
	WANT_EQ(sim_sys_ioctl(wo, FIONBIO, buf), 0);
	WANT_EQ(!!(f->f_flags & O_NONBLOCK), 1);
	WANT_EQ(sim_sys_ioctl(wo, FIONBIO, 0), -EFAULT);
	WANT_EQ(get_close_on_exec(rw), 1);
	WANT_EQ(get_close_on_exec(ro), 0);
	WANT_EQ(sim_sys_ioctl(ro, FIOCLEX, 0), 0);
	WANT_EQ(get_close_on_exec(ro), 1);
	WANT_EQ(sim_sys_fstat_rdev(rw, &major, &minor), 0);
	WANT_EQ(major, MAJOR(tdrv_devt));
	WANT_EQ(minor, MINOR(tdrv_devt));
	/* mmap: a shared mapping holds the file until exit */
	WANT_EQ(sim_sys_mmap(rw, 0, PROT_READ, 0), -EINVAL);
	WANT_EQ(sim_sys_mmap(ro, 4096, PROT_READ | PROT_WRITE, 0), -EACCES);
	WANT_EQ(sim_sys_mmap(wo, 4096, PROT_WRITE, 0), -EACCES);
	res[0] = sim_sys_mmap(rw, 100, PROT_READ | PROT_WRITE, 3);
	WANT_EQ(sim_sys_close(rw), 0);
	WANT_EQ(td.releases, 0);
	WANT_EQ(td.mmaps, 1);
	res[1] = sim_sys_mmap(ro, 8192, PROT_READ, 0);
	sim_sys_exit();
	res[2] = td.releases;
	res[3] = td.vm_closes;
}

static void rw_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, rw_thread);
}

static void test_syscalls_read_write_ioctl_mmap(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(rw_setup, common_teardown, NULL, &o, &r);
	assert_true(res[0] > 0);
	assert_true(res[1] >= res[0] + 4096);
	assert_int_equal(res[0] & 4095, 0);
	assert_int_equal(res[2], 3);
	assert_int_equal(res[3], 2);
}

/* Operations a driver does not provide. */
static const struct file_operations bare_fops = {
	.owner = &tdrv_module,
};

static void bare_thread(void *arg)
{
	unsigned long buf = sim_user_alloc(8);
	int fd = anon_inode_getfd("[bare]", &bare_fops, NULL, O_RDWR);

	WANT_EQ(fd, 0);
	WANT_EQ(module_refcount(&tdrv_module), 1);
	WANT_EQ(sim_sys_ioctl(fd, TDRV_COUNT, 0), -ENOTTY);
	WANT_EQ(sim_sys_read(fd, buf, 1), -EINVAL);
	WANT_EQ(sim_sys_write(fd, buf, 1), -EINVAL);
	WANT_EQ(sim_sys_mmap(fd, 4096, PROT_READ, 0), -ENODEV);
	WANT_EQ(sim_sys_close(fd), 0);
	WANT_EQ(module_refcount(&tdrv_module), 0);
	/* a module going away gives no new files */
	tdrv_module.state = MODULE_STATE_GOING;
	WANT_EQ(anon_inode_getfd("[bare]", &bare_fops, NULL, O_RDWR),
		-ENOENT);
	tdrv_module.state = MODULE_STATE_LIVE;
	/* nor a descriptor */
	res[0] = sim_sys_ioctl(0, TDRV_COUNT, 0);
}

static void bare_setup(void *ctx)
{
	common_setup();
	tdrv_proc("P", 0, 1, bare_thread);
}

static void test_syscalls_missing_operations(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(bare_setup, common_teardown, NULL, &o, &r);
	assert_int_equal(res[0], -EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscalls_fd_table_errors),
		cmocka_unit_test(test_syscalls_read_write_ioctl_mmap),
		cmocka_unit_test(test_syscalls_missing_operations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
