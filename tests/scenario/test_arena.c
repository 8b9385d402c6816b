// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arena a parsed scenario's names and texts live in
 * (world/scenario/arena.c): zeroed and aligned allocations, the newest
 * one growing in place, an older one moved with its bytes, allocations
 * larger than a chunk, and an arena that is empty again after release.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../world/scenario/internal.h"

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_alloc_zeroed_aligned(void **state)
{
	struct scn_arena *a = malloc(sizeof(*a));
	unsigned char *p, *q;

	(void)state;
	assert_non_null(a);
	/* dirty, as a scenario's memory from malloc() may be */
	memset(a, 0xa5, sizeof(*a));
	scn_arena_init(a);
	p = scn_arena_alloc(a, 3);
	q = scn_arena_alloc(a, 40);
	assert_non_null(p);
	assert_non_null(q);
	assert_true(all_zero(p, 3));
	assert_true(all_zero(q, 40));
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_int_equal((uintptr_t)q % 16, 0);
	assert_true(q >= p + 3);
	scn_arena_release(a);
	free(a);
}

static void test_grow(void **state)
{
	struct scn_arena *a = malloc(sizeof(*a));
	char *s, *t, *u;

	(void)state;
	assert_non_null(a);
	scn_arena_init(a);
	s = scn_arena_alloc(a, 4);
	memcpy(s, "abc", 4);
	/* the newest allocation: in place, the new bytes zeroed */
	t = scn_arena_grow(a, s, 4, 100);
	assert_ptr_equal(t, s);
	assert_string_equal(t, "abc");
	assert_true(all_zero((unsigned char *)t + 4, 96));
	/* an older one: moved, its bytes with it */
	u = scn_arena_alloc(a, 8);
	assert_non_null(u);
	s = scn_arena_grow(a, t, 100, 200);
	assert_ptr_not_equal(s, t);
	assert_string_equal(s, "abc");
	assert_true(all_zero((unsigned char *)s + 4, 196));
	/* NULL grows like an allocation; smaller stays */
	t = scn_arena_grow(a, NULL, 0, 16);
	assert_non_null(t);
	assert_ptr_equal(scn_arena_grow(a, s, 200, 10), s);
	scn_arena_release(a);
	free(a);
}

static void test_chunks(void **state)
{
	struct scn_arena *a = malloc(sizeof(*a));
	unsigned char *big, *p = NULL;

	(void)state;
	assert_non_null(a);
	scn_arena_init(a);
	/* past the first chunk, and larger than any chunk */
	for (int i = 0; i < 1000; i++) {
		p = scn_arena_alloc(a, 24);
		assert_non_null(p);
		assert_true(all_zero(p, 24));
		memset(p, 0xff, 24);
	}
	big = scn_arena_alloc(a, 100000);
	assert_non_null(big);
	assert_true(all_zero(big, 100000));
	/* a string grown an escape at a time stays in one place */
	p = scn_arena_alloc(a, 1);
	assert_non_null(p);
	for (size_t n = 1; n < 5000; n++) {
		assert_ptr_equal(scn_arena_grow(a, p, n, n + 1), p);
		p[n - 1] = 'x';
	}
	assert_int_equal(p[4998], 'x');
	assert_int_equal(p[4999], 0);
	scn_arena_release(a);
	assert_null(a->chunks);
	assert_int_equal(a->used, 0);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_zeroed_aligned),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_chunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
