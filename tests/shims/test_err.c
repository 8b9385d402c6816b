// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/err.h> and <linux/errno.h>: error pointers, their boundaries,
 * the kernel-internal errno values next to the C library's (whose
 * <errno.h> goes through the shim), and the names errname() and %pe give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <linux/err.h>
#include <linux/errname.h>
#include <linux/errno.h>

#include "shims/printk.h"

static void test_err_ptr_round_trips_every_errno(void **state)
{
	for (long e = 1; e <= MAX_ERRNO; e++) {
		void *p = ERR_PTR(-e);

		if (!IS_ERR(p) || PTR_ERR(p) != -e || !IS_ERR_OR_NULL(p) ||
		    PTR_ERR_OR_ZERO(p) != -e)
			fail_msg("ERR_PTR(-%ld) does not round-trip", e);
	}
}

static void test_err_is_err_boundaries(void **state)
{
	static int object;

	assert_int_equal(MAX_ERRNO, 4095);
	assert_true(IS_ERR((void *)-1L));
	assert_true(IS_ERR((void *)-4095L));
	assert_false(IS_ERR((void *)-4096L));
	assert_false(IS_ERR(NULL));
	assert_false(IS_ERR(&object));
	assert_true(IS_ERR_OR_NULL(NULL));
	assert_false(IS_ERR_OR_NULL(&object));
	assert_int_equal(PTR_ERR_OR_ZERO(NULL), 0);
	assert_int_equal(PTR_ERR_OR_ZERO(&object), 0);
	assert_true(IS_ERR_VALUE(-22L));
	assert_false(IS_ERR_VALUE(22L));
}

static void test_err_cast_keeps_the_error(void **state)
{
	const int *ip = ERR_PTR(-EBUSY);
	char *cp = ERR_CAST(ip);

	assert_true(IS_ERR(cp));
	assert_int_equal(PTR_ERR(cp), -EBUSY);
	assert_ptr_equal(cp, ip);
}

static void test_err_errno_values_match_libc_and_kernel(void **state)
{
	/* <errno.h> above reached the shim's <linux/errno.h> */
	assert_int_equal(EPERM, 1);
	assert_int_equal(ENOENT, 2);
	assert_int_equal(EBUSY, 16);
	assert_int_equal(EINVAL, 22);
	assert_int_equal(ENOTTY, 25);
	assert_int_equal(EOPNOTSUPP, 95);
	assert_int_equal(ENOTSUP, EOPNOTSUPP);
	assert_int_equal(EAGAIN, 11);
	assert_int_equal(EWOULDBLOCK, EAGAIN);
	assert_int_equal(ERESTARTSYS, 512);
	assert_int_equal(ERESTARTNOINTR, 513);
	assert_int_equal(ERESTARTNOHAND, 514);
	assert_int_equal(ENOIOCTLCMD, 515);
	assert_int_equal(EPROBE_DEFER, 517);
	assert_int_equal(ENOTSUPP, 524);
	assert_int_equal(ENOGRACE, 531);
	/* and glibc's errno variable still works */
	errno = EBUSY;
	assert_int_equal(errno, 16);
}

static void test_err_errname_names_with_sign(void **state)
{
	assert_string_equal(errname(-EBUSY), "-EBUSY");
	assert_string_equal(errname(EBUSY), "EBUSY");
	assert_string_equal(errname(-EAGAIN), "-EAGAIN");
	assert_string_equal(errname(-EPROBE_DEFER), "-EPROBE_DEFER");
	assert_string_equal(errname(ENOTSUPP), "ENOTSUPP");
	assert_string_equal(errname(-EHWPOISON), "-EHWPOISON");
	assert_null(errname(0));
	assert_null(errname(-520));
	assert_null(errname(-4000));
}

static void test_err_pe_prints_error_names(void **state)
{
	static int object;
	char buf[64], expect[64];

	sim_snprintf(buf, sizeof(buf), "[%pe]", ERR_PTR(-ENOMEM));
	assert_string_equal(buf, "[-ENOMEM]");
	sim_snprintf(buf, sizeof(buf), "%pe", ERR_PTR(-ERESTARTSYS));
	assert_string_equal(buf, "-ERESTARTSYS");
	/* an errno without a name prints as a number */
	sim_snprintf(buf, sizeof(buf), "%pe", ERR_PTR(-4000));
	assert_string_equal(buf, "-4000");
	/* a valid pointer prints as a pointer */
	sim_snprintf(buf, sizeof(buf), "%pe", &object);
	snprintf(expect, sizeof(expect), "%016lx", (unsigned long)&object);
	assert_string_equal(buf, expect);
	sim_snprintf(buf, sizeof(buf), "%pe", NULL);
	assert_string_equal(buf, "(null)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_ptr_round_trips_every_errno),
		cmocka_unit_test(test_err_is_err_boundaries),
		cmocka_unit_test(test_err_cast_keeps_the_error),
		cmocka_unit_test(test_err_errno_values_match_libc_and_kernel),
		cmocka_unit_test(test_err_errname_names_with_sign),
		cmocka_unit_test(test_err_pe_prints_error_names),
	};

	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
