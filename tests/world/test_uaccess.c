// SPDX-License-Identifier: GPL-2.0-only
/*
 * User memory and the uaccess functions: copies that succeed, copies that
 * stop at the end of the mapped memory (returning what was not copied,
 * zero-filling the rest of a copy_from_user() destination), bad pointers
 * (NULL, unmapped, a kernel pointer) giving -EFAULT from get_user(),
 * put_user() and strndup_user(), strndup_user()'s -EINVAL and -ENOMEM,
 * no user memory for kernel threads or outside threads, separate memory
 * per process, sim_user_alloc(), an ioctl argument end to end, and
 * copying with a spinlock held reported as sleeping in atomic context.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "sim/explore.h"
#include "world/world.h"
#include "sim_test.h"
#include "tdrv.h"

static const char prog[] = "test-uaccess";

#define USER_END	(SIM_USER_BASE + SIM_USER_MEM)

static long res[32];

static void clear_res(void)
{
	for (int i = 0; i < 32; i++)
		res[i] = 12345;
}

#define explore_ok(setup, teardown, ctx, o, r)				\
	sim_test_explore_ok(prog, setup, teardown, ctx, o, r)

/* One thread of a process P running @ctx. */
static void one_thread_setup(void *ctx)
{
	clear_res();
	sim_world_attach(sim_thread_create("T", (sim_thread_fn)ctx, NULL),
			 sim_proc_create("P", 0));
}

static void run_thread(void (*fn)(void *))
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(one_thread_setup, NULL, (void *)fn, &o, &r);
	assert_int_equal(r.executions, 1);
}

/* --- copy_from_user / copy_to_user ---------------------------------------- */

static void copy_thread(void *arg)
{
	unsigned long u = sim_user_alloc(16);
	char src[16] = "0123456789abcde";
	char dst[16];
	int local = 7;

	WANT_EQ(u, SIM_USER_BASE);
	WANT_EQ(sim_user_write(u, src, 16), 0);
	memset(dst, 'x', sizeof(dst));
	res[0] = copy_from_user(dst, (void __user *)u, 16);
	res[1] = !memcmp(dst, src, 16);
	/* NULL, unmapped, a kernel pointer: nothing copied, zero-filled */
	memset(dst, 'x', sizeof(dst));
	res[2] = copy_from_user(dst, NULL, 16);
	res[3] = dst[0] == 0 && dst[15] == 0;
	res[4] = copy_from_user(dst, (void __user *)(SIM_USER_BASE - 8), 16);
	res[5] = copy_from_user(dst, (void __user *)&local, sizeof(local));
	/* across the end: the mapped part is copied, the rest reported */
	WANT_EQ(sim_user_write(USER_END - 4, "wxyz", 4), 0);
	memset(dst, 'x', sizeof(dst));
	res[6] = copy_from_user(dst, (void __user *)(USER_END - 4), 10);
	res[7] = !memcmp(dst, "wxyz\0\0\0\0\0\0x", 11);
	memset(dst, 'x', sizeof(dst));
	res[8] = __copy_from_user(dst, (void __user *)(USER_END - 4), 10);
	res[9] = dst[4] == 'x';
	/* copy_to_user */
	res[10] = copy_to_user((void __user *)(u + 8), "HELLO", 5);
	WANT_EQ(sim_user_read(u, dst, 16), 0);
	res[11] = !memcmp(dst, "01234567HELLOde", 16);
	res[12] = copy_to_user((void __user *)(USER_END - 2), "abcd", 4);
	res[13] = copy_to_user(NULL, "abcd", 4);
	res[14] = copy_to_user((void __user *)&local, "abcd", 4);
	res[15] = local;
	res[16] = copy_from_user(dst, NULL, 0);
	/* clear_user */
	res[17] = clear_user((void __user *)u, 4);
	WANT_EQ(sim_user_read(u, dst, 8), 0);
	res[18] = !memcmp(dst, "\0\0\0\0" "4567", 8);
	res[19] = clear_user((void __user *)(USER_END - 3), 8);
	/* access_ok(): any address below the user limit, mapped or not */
	res[20] = access_ok(NULL, 8);
	res[21] = access_ok((void __user *)u, 8);
	res[22] = access_ok((void __user *)&local, 4);
	res[23] = access_ok((void __user *)(SIM_TASK_SIZE - 4), 8);
}

static void test_uaccess_copy_from_and_to_user(void **state)
{
	run_thread(copy_thread);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], 1);
	assert_int_equal(res[2], 16);
	assert_int_equal(res[3], 1);
	assert_int_equal(res[4], 16);
	assert_int_equal(res[5], sizeof(int));
	assert_int_equal(res[6], 6);
	assert_int_equal(res[7], 1);
	assert_int_equal(res[8], 6);
	assert_int_equal(res[9], 1);
	assert_int_equal(res[10], 0);
	assert_int_equal(res[11], 1);
	assert_int_equal(res[12], 2);
	assert_int_equal(res[13], 4);
	assert_int_equal(res[14], 4);
	assert_int_equal(res[15], 7);	/* the kernel object is untouched */
	assert_int_equal(res[16], 0);
	assert_int_equal(res[17], 0);
	assert_int_equal(res[18], 1);
	assert_int_equal(res[19], 5);
	assert_int_equal(res[20], 1);
	assert_int_equal(res[21], 1);
	assert_int_equal(res[22], 0);
	assert_int_equal(res[23], 0);
}

/* --- get_user / put_user -------------------------------------------------- */

static void getput_thread(void *arg)
{
	unsigned long u = sim_user_alloc(16);
	u64 v64 = 0x1122334455667788ull;
	u8 v8 = 0;
	int v = 99;

	WANT_EQ(sim_user_write(u, &v64, 8), 0);
	res[0] = get_user(v64, (u64 __user *)u);
	res[1] = v64 == 0x1122334455667788ull;
	res[2] = get_user(v8, (u8 __user *)(u + 7));
	res[3] = v8;
	/* a bad pointer: -EFAULT, and the value is zeroed */
	res[4] = get_user(v, (int __user *)NULL);
	res[5] = v;
	v = 99;
	res[6] = get_user(v, (int __user *)(USER_END - 2));
	res[7] = v;
	v = 99;
	res[8] = get_user(v, (int __user *)&res[31]);
	res[9] = v;
	res[10] = put_user(0x55, (u8 __user *)(u + 1));
	WANT_EQ(sim_user_read(u, &v64, 8), 0);
	res[11] = v64 == 0x1122334455665588ull;
	res[12] = put_user(1, (int __user *)NULL);
	res[13] = put_user(1, (int __user *)(USER_END - 1));
	res[14] = put_user(1, (long __user *)&res[31]);
	res[15] = res[31];
}

static void test_uaccess_get_user_put_user(void **state)
{
	run_thread(getput_thread);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], 1);
	assert_int_equal(res[2], 0);
	assert_int_equal(res[3], 0x11);
	assert_int_equal(res[4], -EFAULT);
	assert_int_equal(res[5], 0);
	assert_int_equal(res[6], -EFAULT);
	assert_int_equal(res[7], 0);
	assert_int_equal(res[8], -EFAULT);
	assert_int_equal(res[9], 0);
	assert_int_equal(res[10], 0);
	assert_int_equal(res[11], 1);
	assert_int_equal(res[12], -EFAULT);
	assert_int_equal(res[13], -EFAULT);
	assert_int_equal(res[14], -EFAULT);
	assert_int_equal(res[15], 12345);
}

/* --- read-only memory ---------------------------------------------------- */

static void readonly_thread(void *arg)
{
	unsigned long u = sim_user_alloc(32);
	u64 v64 = 0x1122334455667788ull, back = 0;
	char buf[16] = { 0 };

	WANT_EQ(sim_user_write(u + 8, &v64, 8), 0);
	res[0] = sim_user_protect(u + 8, 8);
	/* the kernel reads it ... */
	res[1] = copy_from_user(&back, (u64 __user *)(u + 8), 8);
	res[2] = back == v64;
	/* ... but cannot write it, nor clear it */
	res[3] = put_user(1, (u64 __user *)(u + 8));
	res[4] = copy_to_user((void __user *)(u + 12), buf, 2);
	/* a copy that runs into it stops at its first byte */
	res[5] = copy_to_user((void __user *)u, buf, 16);
	res[6] = clear_user((void __user *)(u + 4), 8);
	/* after it, the memory is writable again */
	res[7] = put_user(7, (u32 __user *)(u + 16));
	WANT_EQ(sim_user_read(u + 8, &back, 8), 0);
	res[8] = back == v64;
	/* the process itself still writes it */
	res[9] = sim_user_write(u + 8, buf, 8);
	res[10] = sim_user_protect(u, 0);
	res[11] = sim_user_protect(USER_END - 4, 8);
	for (int i = 0; i < SIM_MAX_RO; i++)
		res[12] = sim_user_protect(u, 1);
	res[13] = sim_user_protect(u, 1);
}

static void test_uaccess_readonly_memory(void **state)
{
	run_thread(readonly_thread);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], 0);
	assert_int_equal(res[2], 1);
	assert_int_equal(res[3], -EFAULT);
	assert_int_equal(res[4], 2);
	assert_int_equal(res[5], 8);
	assert_int_equal(res[6], 4);
	assert_int_equal(res[7], 0);
	assert_int_equal(res[8], 1);
	assert_int_equal(res[9], 0);
	assert_int_equal(res[10], -EFAULT);
	assert_int_equal(res[11], -EFAULT);
	/* one range taken above, then SIM_MAX_RO - 1 more fit */
	assert_int_equal(res[12], -ENOMEM);
	assert_int_equal(res[13], -ENOMEM);
}

/* --- strings -------------------------------------------------------------- */

static long strerr(const char *p)
{
	if (IS_ERR(p))
		return PTR_ERR(p);
	kfree(p);
	return 0;
}

static void strings_thread(void *arg)
{
	unsigned long u = sim_user_alloc(16);
	char *s;

	WANT_EQ(sim_user_write(u, "0000:00:01.0", 13), 0);
	s = strndup_user((const char __user *)u, 64);
	WANT_EQ(IS_ERR(s), 0);
	res[0] = !strcmp(s, "0000:00:01.0");
	kfree(s);
	/* the NUL is the 13th byte: a limit of 13 is enough, 12 is not */
	res[1] = strerr(strndup_user((const char __user *)u, 13));
	res[2] = strerr(strndup_user((const char __user *)u, 12));
	res[3] = strerr(strndup_user(NULL, 64));
	res[4] = strerr(strndup_user((const char __user *)"kernel", 64));
	/* a string running off the end of the mapped memory */
	WANT_EQ(sim_user_write(USER_END - 3, "abc", 3), 0);
	res[5] = strerr(strndup_user((const char __user *)(USER_END - 3),
				     64));
	res[6] = strnlen_user((const char __user *)u, 64);
	res[7] = strnlen_user((const char __user *)u, 5);
	res[8] = strnlen_user((const char __user *)(USER_END - 3), 64);
	res[9] = strnlen_user((const char __user *)(USER_END - 3), 3);
	res[10] = strnlen_user((const char __user *)u, 0);
	/* memdup_user and memdup_user_nul */
	s = memdup_user_nul((const void __user *)u, 4);
	WANT_EQ(IS_ERR(s), 0);
	res[11] = !strcmp(s, "0000");
	kfree(s);
	res[12] = strerr(memdup_user((const void __user *)(USER_END - 2), 4));
	res[13] = strerr(memdup_user_nul(NULL, 4));
}

static void test_uaccess_strndup_user_and_friends(void **state)
{
	run_thread(strings_thread);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[1], 0);
	assert_int_equal(res[2], -EINVAL);
	assert_int_equal(res[3], -EFAULT);
	assert_int_equal(res[4], -EFAULT);
	assert_int_equal(res[5], -EFAULT);
	assert_int_equal(res[6], 13);
	assert_int_equal(res[7], 6);	/* more than the limit */
	assert_int_equal(res[8], 0);	/* faulted */
	assert_int_equal(res[9], 4);	/* 3 bytes without NUL: too long */
	assert_int_equal(res[10], 0);
	assert_int_equal(res[11], 1);
	assert_int_equal(res[12], -EFAULT);
	assert_int_equal(res[13], -EFAULT);
}

/* strndup_user() failing to allocate: -ENOMEM, and nothing leaks. */
static void strndup_nomem_thread(void *arg)
{
	unsigned long u = sim_user_alloc(8);

	WANT_EQ(sim_user_write(u, "abc", 4), 0);
	res[0] = strerr(strndup_user((const char __user *)u, 8));
}

static void test_uaccess_strndup_user_enomem(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.fail_nth = 1;
	explore_ok(one_thread_setup, NULL, (void *)strndup_nomem_thread, &o,
		   &r);
	assert_int_equal(res[0], -ENOMEM);
}

/* --- who has user memory -------------------------------------------------- */

static void nomem_kthread(void *arg)
{
	int v = 5;

	res[0] = sim_user_alloc(8);
	res[1] = get_user(v, (int __user *)SIM_USER_BASE);
	res[2] = copy_to_user((void __user *)SIM_USER_BASE, &v, 4);
	res[3] = sim_user_write(SIM_USER_BASE, &v, 4);
	res[4] = sim_user_read(SIM_USER_BASE, &v, 4);
}

static void nomem_setup(void *ctx)
{
	int v = 5;

	clear_res();
	sim_proc_create("P", 0);
	sim_thread_create("kthread", nomem_kthread, NULL);
	/* outside any thread: the idle task has no user memory either */
	res[5] = copy_from_user(&v, (void __user *)SIM_USER_BASE, 4);
}

static void test_uaccess_kthreads_have_no_memory(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(nomem_setup, NULL, NULL, &o, &r);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], -EFAULT);
	assert_int_equal(res[2], 4);
	assert_int_equal(res[3], -EFAULT);
	assert_int_equal(res[4], -EFAULT);
	assert_int_equal(res[5], 4);
}

static void sep_thread(void *arg)
{
	long i = (long)arg;
	unsigned long u = sim_user_alloc(8);
	long v = 100 + i;

	WANT_EQ(u, SIM_USER_BASE);
	WANT_EQ(sim_user_write(u, &v, sizeof(v)), 0);
	cond_resched();
	WANT_EQ(get_user(v, (long __user *)u), 0);
	res[i] = v;
}

static void sep_setup(void *ctx)
{
	clear_res();
	sim_world_attach(sim_thread_create("a", sep_thread, (void *)0L),
			 sim_proc_create("A", 0));
	sim_world_attach(sim_thread_create("b", sep_thread, (void *)1L),
			 sim_proc_create("B", 0));
}

static void sep_teardown(void *ctx)
{
	WANT_EQ(res[0], 100);
	WANT_EQ(res[1], 101);
}

static void test_uaccess_memory_is_per_process(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 1;
	explore_ok(sep_setup, sep_teardown, NULL, &o, &r);
	assert_true(r.executions > 1);
}

static void alloc_thread(void *arg)
{
	unsigned long a = sim_user_alloc(1);
	unsigned long b = sim_user_alloc(100);
	unsigned long c = sim_user_alloc(SIM_USER_MEM);
	unsigned long d;
	char buf[4];

	res[0] = a;
	res[1] = b;
	res[2] = c;
	d = sim_user_alloc(SIM_USER_MEM - 128);
	res[3] = d;
	res[4] = sim_user_alloc(1);
	res[5] = sim_user_write(USER_END - 2, "abcd", 4);
	res[6] = sim_user_read(SIM_USER_BASE - 1, buf, 2);
	res[7] = sim_user_write(USER_END - 4, "abcd", 4);
	res[8] = sim_user_read(USER_END - 4, buf, 4);
}

static void test_uaccess_sim_user_alloc(void **state)
{
	run_thread(alloc_thread);
	assert_int_equal(res[0], SIM_USER_BASE);
	assert_int_equal(res[1], SIM_USER_BASE + 16);
	assert_int_equal(res[2], 0);		/* does not fit */
	assert_int_equal(res[3], SIM_USER_BASE + 128);
	assert_int_equal(res[4], 0);		/* full */
	assert_int_equal(res[5], -EFAULT);
	assert_int_equal(res[6], -EFAULT);
	assert_int_equal(res[7], 0);
	assert_int_equal(res[8], 0);
}

/* --- an ioctl argument, end to end ---------------------------------------- */

static void ioctl_arg_thread(void *arg)
{
	unsigned long u = sim_user_alloc(sizeof(int));
	int fd = sim_sys_open(TDRV_PATH, O_RDWR);
	int v = 41;

	WANT_EQ(sim_user_write(u, &v, sizeof(v)), 0);
	res[0] = sim_sys_ioctl(fd, TDRV_ADD, u);
	WANT_EQ(sim_user_read(u, &v, sizeof(v)), 0);
	res[1] = v;
	res[2] = sim_sys_ioctl(fd, TDRV_ADD, 0);
	res[3] = sim_sys_ioctl(fd, TDRV_ADD, USER_END - 2);
	res[4] = sim_sys_ioctl(fd, TDRV_ADD, (unsigned long)&v);
	sim_sys_close(fd);
}

static void ioctl_arg_setup(void *ctx)
{
	clear_res();
	tdrv_reset();
	tdrv_register();
	sim_world_attach(sim_thread_create("T", ioctl_arg_thread, NULL),
			 sim_proc_create("P", 0));
}

static void ioctl_arg_teardown(void *ctx)
{
	tdrv_unregister();
}

static void test_uaccess_ioctl_argument(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(ioctl_arg_setup, ioctl_arg_teardown, NULL, &o, &r);
	assert_int_equal(res[0], 42);
	assert_int_equal(res[1], 42);
	assert_int_equal(res[2], -EFAULT);
	assert_int_equal(res[3], -EFAULT);
	assert_int_equal(res[4], -EFAULT);
}

/* --- a user copy may sleep ------------------------------------------------ */

static DEFINE_SPINLOCK(copy_lock);

static void atomic_copy_thread(void *arg)
{
	int v;

	spin_lock(&copy_lock);
	(void)get_user(v, (int __user *)SIM_USER_BASE);
	res[0] = v;
	spin_unlock(&copy_lock);
}

static void test_uaccess_copy_under_spinlock_is_reported(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, one_thread_setup, NULL,
					     (void *)atomic_copy_thread, &o,
					     &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_BUG,
				"sleeping function called from invalid "
				"context");
	sim_test_assert_where(&r.failures[0], "atomic_copy_thread");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uaccess_copy_from_and_to_user),
		cmocka_unit_test(test_uaccess_get_user_put_user),
		cmocka_unit_test(test_uaccess_readonly_memory),
		cmocka_unit_test(test_uaccess_strndup_user_and_friends),
		cmocka_unit_test(test_uaccess_strndup_user_enomem),
		cmocka_unit_test(test_uaccess_kthreads_have_no_memory),
		cmocka_unit_test(test_uaccess_memory_is_per_process),
		cmocka_unit_test(test_uaccess_sim_user_alloc),
		cmocka_unit_test(test_uaccess_ioctl_argument),
		cmocka_unit_test(test_uaccess_copy_under_spinlock_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
