/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the device-model suites (tests/world/test_{device,cdev,
 * sysfs,module}.c): checks that run inside simulated threads and fail the
 * execution (so that the report carries the schedule string), and a
 * program made of one thread running a function.
 *
 * Include after <cmocka.h> and "sim_test.h".
 */
#ifndef _DEVICE_TEST_H
#define _DEVICE_TEST_H

#include <string.h>

#include "sim/explore.h"
#include "sim/sched.h"

/* In a simulated thread or teardown: fail the execution unless equal. */
#define CHECK_INT(got, want)						\
	do {								\
		long __got = (long)(got), __want = (long)(want);	\
									\
		if (__got != __want)					\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "%s is %ld, want %ld", #got, __got,	\
				 __want);				\
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		const char *__got = (got), *__want = (want);		\
									\
		if (!__got || strcmp(__got, __want))			\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "%s is \"%s\", want \"%s\"", #got,	\
				 __got ? __got : "(null)", __want);	\
	} while (0)

#define CHECK(cond)	SIM_ASSERT(cond)

/* A sysfs file's content, a directory's listing, a link's target. */
#define CHECK_SYSFS_READ(path, want)					\
	do {								\
		char __buf[512];					\
		long __n = sim_sysfs_read((path), __buf, sizeof(__buf)); \
									\
		if (__n < 0)						\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "reading %s: %ld", (path), __n);	\
		CHECK_STR(__buf, (want));				\
	} while (0)

#define CHECK_SYSFS_LIST(path, want)					\
	do {								\
		char __buf[1024];					\
		long __n = sim_sysfs_list((path), __buf, sizeof(__buf)); \
									\
		if (__n < 0)						\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "listing %s: %ld", (path), __n);	\
		CHECK_STR(__buf, (want));				\
	} while (0)

#define CHECK_SYSFS_LINK(path, want)					\
	do {								\
		char __buf[512];					\
		long __n = sim_sysfs_readlink((path), __buf,		\
					      sizeof(__buf));		\
									\
		if (__n < 0)						\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "readlink %s: %ld", (path), __n);	\
		CHECK_STR(__buf, (want));				\
	} while (0)

/* @path is absent: a read, list and readlink of it all say -ENOENT. */
#define CHECK_SYSFS_GONE(path)						\
	do {								\
		char __buf[64];						\
									\
		CHECK_INT(sim_sysfs_read((path), __buf, sizeof(__buf)), \
			  -ENOENT);					\
		CHECK_INT(sim_sysfs_list((path), __buf, sizeof(__buf)), \
			  -ENOENT);					\
		CHECK_INT(sim_sysfs_readlink((path), __buf,		\
					     sizeof(__buf)), -ENOENT);	\
	} while (0)

/* --- one thread running a function ------------------------------------- */

static void (*device_test_fn)(void) __attribute__((unused));
static int device_test_done __attribute__((unused));

static inline void device_test_thread(void *arg)
{
	device_test_fn();
	device_test_done++;
}

static inline void device_test_setup(void *ctx)
{
	device_test_fn = (void (*)(void))ctx;
	device_test_done = 0;
	sim_thread_create("test", device_test_thread, NULL);
}

/* Run @fn in one thread, once; the result, for the caller's checks. */
static inline int device_test_run(void (*fn)(void), struct sim_result *r)
{
	struct sim_opts o = sim_test_opts();

	return sim_test_explore("device-test", device_test_setup, NULL,
				(void *)fn, &o, r);
}

/* Run @fn in one thread: it must pass and reach its end. */
static inline void device_test_run_ok(void (*fn)(void))
{
	struct sim_result r;

	sim_test_assert_ret(device_test_run(fn, &r), 0, &r);
	assert_int_equal(device_test_done, 1);
}

/* Run @fn in one thread: it must fail once, of @kind, with @title. */
static inline void device_test_run_fails(void (*fn)(void),
					 enum sim_fail_kind kind,
					 const char *title)
{
	struct sim_result r;

	sim_test_assert_ret(device_test_run(fn, &r), 1, &r);
	sim_test_assert_failure(&r, kind, title);
}

#endif /* _DEVICE_TEST_H */
