// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kmalloc family: zeroing, accounting, leaks reported at the end of an
 * execution with their allocation sites and the refcounts inside them,
 * kfree(NULL), double frees, the string and copy helpers, krealloc(), and
 * fault injection: fail-nth and the sweep over every allocation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/refcount.h>
#include <linux/slab.h>

#include "sim/explore.h"
#include "sim/sanitizer.h"
#include "sim_test.h"

static const char prog[] = "test-slab";

static int threads_done;		/* reset by setup */
static long vals[16];

static void reset(void)
{
	threads_done = 0;
	memset(vals, 0xff, sizeof(vals));
}

/* --- zeroing and accounting ---------------------------------------------- */

static int all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

static void zero_thread(void *arg)
{
	unsigned char *a = kzalloc(100, GFP_KERNEL);
	unsigned char *b = kcalloc(10, 12, GFP_KERNEL);
	unsigned char *c = kvzalloc(4096, GFP_KERNEL);

	vals[0] = a && all_zero(a, 100);
	vals[1] = b && all_zero(b, 120);
	vals[2] = c && all_zero(c, 4096);
	kfree(a);
	kfree(b);
	kvfree(c);
	threads_done++;
}

static void zero_setup(void *ctx)
{
	reset();
	sim_thread_create("zero", zero_thread, NULL);
}

static void test_slab_kzalloc_zeroes(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, zero_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(vals[0], 1);
	assert_int_equal(vals[1], 1);
	assert_int_equal(vals[2], 1);
}

static void balance_thread(void *arg)
{
	void *a, *b, *z;

	vals[0] = sim_slab_live_objects();
	a = kmalloc(24, GFP_KERNEL);
	b = kmalloc_array(4, 10, GFP_KERNEL);
	vals[1] = sim_slab_live_objects();
	vals[2] = sim_slab_live_bytes();
	vals[3] = ksize(a) >= 24 && ksize(b) >= 40;
	kfree(a);
	vals[4] = sim_slab_live_objects();
	vals[5] = sim_slab_live_bytes();
	kfree(b);
	vals[6] = sim_slab_live_objects();
	vals[7] = sim_slab_live_bytes();
	/* kmalloc(0) is ZERO_SIZE_PTR, which kfree() accepts */
	z = kmalloc(0, GFP_KERNEL);
	vals[8] = z == ZERO_SIZE_PTR;
	vals[9] = sim_slab_live_objects();
	kfree(z);
	/* an overflowing array size is refused, not truncated */
	vals[10] = kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL) == NULL;
	vals[11] = kcalloc(SIZE_MAX / 8, 16, GFP_KERNEL) == NULL;
	threads_done++;
}

static void balance_setup(void *ctx)
{
	reset();
	sim_thread_create("balance", balance_thread, NULL);
}

static void test_slab_kmalloc_kfree_balance(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, balance_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(vals[0], 0);
	assert_int_equal(vals[1], 2);
	assert_int_equal(vals[2], 64);
	assert_int_equal(vals[3], 1);
	assert_int_equal(vals[4], 1);
	assert_int_equal(vals[5], 40);
	assert_int_equal(vals[6], 0);
	assert_int_equal(vals[7], 0);
	assert_int_equal(vals[8], 1);
	assert_int_equal(vals[9], 0);
	assert_int_equal(vals[10], 1);
	assert_int_equal(vals[11], 1);
}

static void free_null_thread(void *arg)
{
	kfree(NULL);
	kvfree(NULL);
	kfree_const(NULL);
	kfree(ZERO_SIZE_PTR);
	(kfree)(NULL);		/* the function, as used for callbacks */
	threads_done++;
}

static void free_null_setup(void *ctx)
{
	reset();
	sim_thread_create("free-null", free_null_thread, NULL);
}

static void test_slab_kfree_null_is_fine(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, free_null_setup, NULL, NULL,
					     &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(threads_done, 1);
}

/* --- leaks --------------------------------------------------------------- */

struct leaky {
	long payload;
	refcount_t users;
};

static int leak_line_obj, leak_line_buf, leak_line_ref;

static void leak_thread(void *arg)
{
	struct leaky *obj;
	char *buf;

	leak_line_obj = __LINE__ + 1;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	leak_line_buf = __LINE__ + 1;
	buf = kmalloc(24, GFP_KERNEL);
	if (!obj || !buf)
		return;
	leak_line_ref = __LINE__ + 1;
	refcount_set(&obj->users, 1);
	refcount_inc(&obj->users);
	refcount_inc(&obj->users);
	threads_done++;
}

static void leak_setup(void *ctx)
{
	reset();
	sim_thread_create("leaker", leak_thread, NULL);
}

static void test_slab_leak_reported(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char line[512];
	char *rep;

	/* quiet: the title counts objects and bytes */
	sim_test_assert_ret(sim_test_explore(prog, leak_setup, NULL, NULL, &o,
					     &r), 1, &r);
	snprintf(line, sizeof(line), "memory leak: 2 objects (%zu bytes) "
		 "still allocated", sizeof(struct leaky) + 24);
	sim_test_assert_failure(&r, SIM_FAIL_LEAK, line);
	assert_int_equal(threads_done, 1);
	/* found at the end of the execution, oldest allocation first */
	snprintf(line, sizeof(line), "%s:%d leak_thread()", __FILE__,
		 leak_line_obj);
	assert_string_equal(r.failures[0].where, line);

	/* the report: every allocation site, the counters inside */
	rep = sim_test_explore_report(prog, leak_setup, NULL, NULL, &o, &r);
	assert_int_equal(r.nfailures, 1);
	snprintf(line, sizeof(line), "unreferenced object #1 (size %zu):\n"
		 "  allocated at %s:%d leak_thread()", sizeof(struct leaky),
		 __FILE__, leak_line_obj);
	sim_test_assert_contains(rep, line);
	snprintf(line, sizeof(line), "refcount_t at +0x%zx = 3 (set at "
		 "%s:%d leak_thread())", offsetof(struct leaky, users),
		 __FILE__, leak_line_ref);
	sim_test_assert_contains(rep, line);
	snprintf(line, sizeof(line), "unreferenced object #2 (size 24):\n"
		 "  allocated at %s:%d leak_thread()", __FILE__,
		 leak_line_buf);
	sim_test_assert_contains(rep, line);
	free(rep);
}

/* What setup allocates and teardown frees is no leak. */
static void *setup_obj;

static void owned_setup(void *ctx)
{
	reset();
	setup_obj = kzalloc(32, GFP_KERNEL);
}

static void owned_teardown(void *ctx)
{
	threads_done = sim_slab_live_objects();
	if (ctx)
		kfree(setup_obj);
}

static void test_slab_freed_in_teardown_is_no_leak(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, owned_setup, owned_teardown,
					     (void *)1, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	/* and forgetting to free it in teardown is */
	sim_test_assert_ret(sim_test_explore(prog, owned_setup, owned_teardown,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LEAK,
				"memory leak: 1 object (32 bytes)");
	/* leak checks can be turned off */
	o.checks = SIM_CHECK_ALL & ~SIM_CHECK_LEAKS;
	sim_test_assert_ret(sim_test_explore(prog, owned_setup, owned_teardown,
					     NULL, &o, &r), 0, &r);
}

/* --- double free --------------------------------------------------------- */

static void double_free_thread(void *arg)
{
	char *p = kmalloc(16, GFP_KERNEL);

	kfree(p);
	kfree(p);
	threads_done++;
}

static void double_free_setup(void *ctx)
{
	reset();
	sim_thread_create("freer", double_free_thread, NULL);
}

static void test_slab_double_free(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

#ifndef SIM_ASAN
	sim_test_assert_ret(sim_test_explore(prog, double_free_setup, NULL,
					     NULL, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_UAF, "double free");
	assert_non_null(strstr(r.failures[0].where, "double_free_thread"));
	assert_int_equal(threads_done, 0);
#else
	/* ASan sees the double free first: a crash of the isolated child */
	o.isolate = true;
	sim_test_assert_ret(sim_test_explore(prog, double_free_setup, NULL,
					     NULL, &o, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_true(r.failures[0].kind == SIM_FAIL_CRASH ||
		    r.failures[0].kind == SIM_FAIL_UAF);
#endif
}

/* --- helpers ------------------------------------------------------------- */

static char strs[6][64];

static void copy_out(int i, const char *s)
{
	snprintf(strs[i], sizeof(strs[i]), "%s", s ? s : "(null)");
}

static void helpers_thread(void *arg)
{
	static const unsigned char bytes[5] = { 1, 2, 0, 4, 5 };
	char *a = kasprintf(GFP_KERNEL, "vfio%d-%s", 7, "dev");
	char *b = kstrdup("group", GFP_KERNEL);
	char *c = kstrndup("container", 4, GFP_KERNEL);
	char *d = kstrndup("ab", 10, GFP_KERNEL);
	unsigned char *e = kmemdup(bytes, sizeof(bytes), GFP_KERNEL);
	char *f = kstrdup(NULL, GFP_KERNEL);

	copy_out(0, a);
	copy_out(1, b);
	copy_out(2, c);
	copy_out(3, d);
	vals[0] = e && !memcmp(e, bytes, sizeof(bytes));
	vals[1] = e && (const void *)e != (const void *)bytes;
	vals[2] = f == NULL;
	vals[3] = ksize(a) >= strlen("vfio7-dev") + 1;
	kfree(a);
	kfree(b);
	kfree(c);
	kfree(d);
	kfree(e);
	threads_done++;
}

static void helpers_setup(void *ctx)
{
	reset();
	memset(strs, 0, sizeof(strs));
	sim_thread_create("helpers", helpers_thread, NULL);
}

static void test_slab_string_helpers(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, helpers_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_string_equal(strs[0], "vfio7-dev");
	assert_string_equal(strs[1], "group");
	assert_string_equal(strs[2], "cont");
	assert_string_equal(strs[3], "ab");
	assert_int_equal(vals[0], 1);
	assert_int_equal(vals[1], 1);
	assert_int_equal(vals[2], 1);
	assert_int_equal(vals[3], 1);
}

static void krealloc_thread(void *arg)
{
	char *p = kmalloc(4, GFP_KERNEL);
	char *q;

	if (!p)
		return;
	memcpy(p, "abc", 4);
	p = krealloc(p, 64, GFP_KERNEL);	/* grows, keeps the bytes */
	if (!p)
		return;
	copy_out(0, p);
	vals[0] = ksize(p) >= 64;
	memcpy(p, "0123456789", 11);
	p = krealloc(p, 4, GFP_KERNEL);		/* shrinks to a prefix */
	if (!p)
		return;
	vals[1] = !memcmp(p, "0123", 4);
	vals[2] = sim_slab_live_objects();
	q = krealloc(p, 0, GFP_KERNEL);		/* frees */
	vals[3] = q == ZERO_SIZE_PTR;
	vals[4] = sim_slab_live_objects();
	q = krealloc(NULL, 8, GFP_KERNEL);	/* allocates */
	vals[5] = q != NULL && !ZERO_OR_NULL_PTR(q);
	vals[6] = sim_slab_live_objects();
	kfree(q);
	threads_done++;
}

static void krealloc_setup(void *ctx)
{
	reset();
	memset(strs, 0, sizeof(strs));
	sim_thread_create("krealloc", krealloc_thread, NULL);
}

static void test_slab_krealloc(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, krealloc_setup, NULL, NULL,
					     &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_string_equal(strs[0], "abc");
	assert_int_equal(vals[0], 1);
	assert_int_equal(vals[1], 1);
	assert_int_equal(vals[2], 1);
	assert_int_equal(vals[3], 1);
	assert_int_equal(vals[4], 0);
	assert_int_equal(vals[5], 1);
	assert_int_equal(vals[6], 1);
}

/* A failed krealloc() leaves the old object alone. */
static void krealloc_fail_thread(void *arg)
{
	char *p = kmalloc(4, GFP_KERNEL);	/* allocation #1 */
	char *q;

	if (!p)
		return;
	memcpy(p, "xyz", 4);
	q = krealloc(p, 100, GFP_KERNEL);	/* allocation #2: fails */
	vals[0] = q == NULL;
	vals[1] = !strcmp(p, "xyz");
	vals[2] = sim_slab_live_objects();
	kfree(q ? q : p);
	threads_done++;
}

static void krealloc_fail_setup(void *ctx)
{
	reset();
	sim_thread_create("krealloc", krealloc_fail_thread, NULL);
}

static void test_slab_krealloc_failure_keeps_old(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.fail_nth = 2;
	sim_test_assert_ret(sim_test_explore(prog, krealloc_fail_setup, NULL,
					     NULL, &o, &r), 0, &r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(vals[0], 1);
	assert_int_equal(vals[1], 1);
	assert_int_equal(vals[2], 1);
}

/* --- fault injection ----------------------------------------------------- */

static void *got[4];

/* Three allocations; correct error handling frees what it got. */
static void three_allocs_thread(void *arg)
{
	bool leak_on_error = arg != NULL;
	char *a, *b = NULL, *c = NULL;

	a = kmalloc(8, GFP_KERNEL);
	got[0] = a;
	if (!a)
		return;
	b = kzalloc(16, GFP_KERNEL);
	got[1] = b;
	if (!b)
		goto free_a;
	c = kstrdup("third", GFP_KERNEL);
	got[2] = c;
	if (!c)
		goto free_b;
	kfree(c);
free_b:
	kfree(b);
free_a:
	if (!leak_on_error || (b && c))
		kfree(a);
	threads_done++;
}

static void three_allocs_setup(void *ctx)
{
	reset();
	memset(got, 0x5a, sizeof(got));
	sim_thread_create("allocs", three_allocs_thread, ctx);
}

static void test_slab_fail_nth(void **state)
{
	for (int n = 1; n <= 4; n++) {
		struct sim_opts o = sim_test_opts();
		struct sim_result r;

		o.fail_nth = n;
		sim_test_assert_ret(sim_test_explore(prog, three_allocs_setup,
						     NULL, NULL, &o, &r),
				    0, &r);
		assert_int_equal(r.executions, 1);
		assert_int_equal(r.max_allocs, n < 3 ? n : 3);
		for (int i = 0; i < 3; i++) {
			if (i + 1 == n)
				assert_null(got[i]);
			else if (i + 1 < n || n == 4)
				assert_non_null(got[i]);
		}
	}
}

static void test_slab_sweep_faults_passes(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_sweep(prog, three_allocs_setup, NULL, NULL,
					   &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	/* N = 1, 2, 3 each fail one allocation; N = 4 fails none: done */
	assert_int_equal(r.executions, 4);
	assert_int_equal(threads_done, 1);
	assert_non_null(got[2]);
}

static void test_slab_sweep_faults_finds_error_path_leak(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_sweep(prog, three_allocs_setup, NULL,
					   (void *)1, &o, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_LEAK,
				"memory leak: 1 object (8 bytes)");
	/* the first allocation failing leaks nothing; the second does */
	assert_int_equal(r.failures[0].fail_nth, 2);
	assert_int_equal(r.executions, 2);
	assert_non_null(strstr(r.failures[0].where, "three_allocs_thread"));
	assert_int_equal(strncmp(r.failures[0].schedule, "f2/", 3), 0);

	/* and the failure replays from its schedule string */
	o = sim_test_opts();
	sim_test_assert_ret(sim_test_replay(prog, three_allocs_setup, NULL,
					    (void *)1, r.failures[0].schedule,
					    &o, &r), 1, &r);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_LEAK);
}

static void null_deref_thread(void *arg)
{
	int *p = kmalloc(sizeof(*p), GFP_KERNEL);

	*(volatile int *)p = 1;		/* no check: crashes on failure */
	kfree(p);
	threads_done++;
}

static void null_deref_setup(void *ctx)
{
	/* the isolated child dies of the crash: cmocka's handler is gone */
	reset();
	sim_thread_create("deref", null_deref_thread, NULL);
}

static void test_slab_null_deref_is_crash(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.isolate = true;
	sim_test_assert_ret(sim_test_sweep(prog, null_deref_setup, NULL, NULL,
					   &o, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_CRASH);
	/*
	 * UBSan sees the store through NULL first, else ASan the SEGV, else
	 * (no sanitizer) the signal: named as the kernel would name it.
	 */
	assert_true(!strcmp(r.failures[0].title,
			    "UBSAN: null-ptr-deref in null_deref_thread") ||
		    !strcmp(r.failures[0].title, "BUG: kernel NULL pointer "
			    "dereference in null_deref_thread"));
	assert_int_equal(r.failures[0].fail_nth, 1);
	assert_int_equal(strncmp(r.failures[0].schedule, "f1/", 3), 0);
}

/*
 * __GFP_NOFAIL allocations cannot fail: the kernel's fault injection
 * (should_failslab()) skips them, without counting them.
 */
static void nofail_thread(void *arg)
{
	void *a = kmalloc(8, GFP_KERNEL | __GFP_NOFAIL);
	void *b = kmalloc(8, GFP_KERNEL);

	vals[0] = a != NULL;
	vals[1] = b != NULL;
	kfree(a);
	kfree(b);
	threads_done++;
}

static void nofail_setup(void *ctx)
{
	reset();
	sim_thread_create("nofail", nofail_thread, NULL);
}

static void test_slab_fail_nth_skips_nofail(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.fail_nth = 1;
	sim_test_explore(prog, nofail_setup, NULL, NULL, &o, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(threads_done, 1);
	assert_int_equal(vals[0], 1);
	assert_int_equal(vals[1], 0);
}

/*
 * Without ASan the objects come from an arena emptied after every
 * execution: the same allocations in the same order get the same
 * addresses in every execution (partial-order reduction names objects by
 * address), and a freed object's memory is not handed out again within
 * its execution (a later use of it stays a use after free).
 */
#define ARENA_OBJS	4
static uintptr_t arena_first[ARENA_OBJS + 1];
static int arena_execs, arena_moved, arena_reused;

static void arena_thread(void *arg)
{
	long which = (long)arg;
	void *a = kmalloc(40 + 8 * which, GFP_KERNEL);

	kfree(a);
	threads_done++;
}

static void arena_setup(void *ctx)
{
	static const size_t sizes[ARENA_OBJS] = { 24, 100, 7, 4096 };
	void *p[ARENA_OBJS], *again;

	for (int i = 0; i < ARENA_OBJS; i++) {
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		if (!arena_execs)
			arena_first[i] = (uintptr_t)p[i];
		else if (arena_first[i] != (uintptr_t)p[i])
			arena_moved++;
	}
	kfree(p[1]);
	again = kmalloc(100, GFP_KERNEL);
	if (again == p[1])
		arena_reused++;
	if (!arena_execs)
		arena_first[ARENA_OBJS] = (uintptr_t)again;
	else if (arena_first[ARENA_OBJS] != (uintptr_t)again)
		arena_moved++;
	kfree(again);
	for (int i = 0; i < ARENA_OBJS; i++)
		if (i != 1)
			kfree(p[i]);
	arena_execs++;
	sim_thread_create("a0", arena_thread, (void *)0);
	sim_thread_create("a1", arena_thread, (void *)1);
}

static void test_slab_arena_addresses(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

#ifdef SIM_ASAN
	skip();		/* malloc: ASan's quarantine picks the addresses */
#endif
	arena_execs = arena_moved = arena_reused = 0;
	sim_test_assert_ret(sim_test_explore(prog, arena_setup, NULL, NULL,
					     &o, &r), 0, &r);
	/* the two threads' allocations in both orders: several executions */
	assert_true(r.executions > 1);
	assert_int_equal(arena_execs, (int)r.executions);
	assert_int_equal(arena_moved, 0);
	assert_int_equal(arena_reused, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slab_kzalloc_zeroes),
		cmocka_unit_test(test_slab_kmalloc_kfree_balance),
		cmocka_unit_test(test_slab_kfree_null_is_fine),
		cmocka_unit_test(test_slab_leak_reported),
		cmocka_unit_test(test_slab_freed_in_teardown_is_no_leak),
		cmocka_unit_test(test_slab_double_free),
		cmocka_unit_test(test_slab_string_helpers),
		cmocka_unit_test(test_slab_krealloc),
		cmocka_unit_test(test_slab_krealloc_failure_keeps_old),
		cmocka_unit_test(test_slab_fail_nth),
		cmocka_unit_test(test_slab_sweep_faults_passes),
		cmocka_unit_test(test_slab_sweep_faults_finds_error_path_leak),
		cmocka_unit_test(test_slab_null_deref_is_crash),
		cmocka_unit_test(test_slab_fail_nth_skips_nofail),
		cmocka_unit_test(test_slab_arena_addresses),
	};

	return cmocka_run_group_tests_name("shims_slab", tests, NULL, NULL);
}
