// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/kernel.h> and what it gathers: types and limits, container_of,
 * ARRAY_SIZE, min/max/clamp, bits and masks, alignment and rounding,
 * log2, overflow checks, IS_ENABLED, and that the kernel headers live
 * with the C library's in one translation unit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>

#define CONFIG_SIM_TEST_BUILTIN 1
#define CONFIG_SIM_TEST_MOD_MODULE 1

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/overflow.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>

struct outer {
	char tag;
	int inner;
	struct list_head node;
	u8 flex[];
};

static void test_kernel_types_have_kernel_sizes(void **state)
{
	assert_int_equal(sizeof(u8), 1);
	assert_int_equal(sizeof(s16), 2);
	assert_int_equal(sizeof(u32), 4);
	assert_int_equal(sizeof(u64), 8);
	assert_true(__same_type(u64, unsigned long long));
	assert_true(__same_type(s64, long long));
	assert_true(__same_type(__u32, u32));
	assert_int_equal(sizeof(dma_addr_t), 8);
	assert_int_equal(sizeof(phys_addr_t), 8);
	assert_int_equal(sizeof(loff_t), 8);
	assert_int_equal(sizeof(umode_t), 2);
	assert_int_equal(sizeof(gfp_t), 4);
	assert_true(is_signed_type(ssize_t));
	assert_true(is_unsigned_type(size_t));
	assert_true(true && !false);
	assert_int_equal(U8_MAX, 255);
	assert_int_equal(S16_MIN, -32768);
	assert_true(U32_MAX == 0xffffffffU);
	assert_true(S64_MAX == 0x7fffffffffffffffLL);
	assert_true(U64_MAX == ~0ULL);
	assert_int_equal(INT_MAX, 0x7fffffff);
	assert_true(SIZE_MAX == ~(size_t)0);
	/* <limits.h> went through the shim and still has PATH_MAX */
	assert_int_equal(PATH_MAX, 4096);
}

static void test_kernel_container_of_and_offsets(void **state)
{
	struct outer o;
	const struct outer *co = &o;
	int *ip = &o.inner;

	assert_ptr_equal(container_of(ip, struct outer, inner), &o);
	assert_ptr_equal(container_of(&o.node, struct outer, node), &o);
	assert_ptr_equal(container_of_const(&co->node, struct outer, node),
			 co);
	assert_int_equal(sizeof_field(struct outer, inner), sizeof(int));
	assert_int_equal(offsetofend(struct outer, inner),
			 offsetof(struct outer, inner) + sizeof(int));
	assert_int_equal(struct_size(&o, flex, 10),
			 sizeof(struct outer) + 10);
	assert_int_equal(struct_size(&o, flex, SIZE_MAX), SIZE_MAX);
}

static void test_kernel_min_max_clamp(void **state)
{
	int a = -5;
	unsigned int u = 7;
	u8 small = 200;
	int calls = 0;

	assert_int_equal(min(a, 3), -5);
	assert_int_equal(max(a, 3), 3);
	/* a non-negative constant goes with an unsigned value */
	assert_int_equal(min(u, 10), 7);
	/* u8 promotes to int: comparable with an int */
	assert_int_equal(max(small, a), 200);
	assert_int_equal(min_t(int, u, a), -5);
	assert_int_equal(max_t(unsigned int, 3, u), 7);
	assert_int_equal(umin(a, 3), 3);
	assert_int_equal(min3(4, 2, 9), 2);
	assert_int_equal(max3(4, 2, 9), 9);
	assert_int_equal(clamp(15, 0, 10), 10);
	assert_int_equal(clamp(-3, 0, 10), 0);
	assert_int_equal(clamp_t(int, 5, 0, 10), 5);
	assert_int_equal(clamp_val(small, 0, 100), 100);
	assert_int_equal(min_not_zero(0, 4), 4);
	assert_int_equal(min_not_zero(6, 4), 4);
	/* each argument is evaluated once */
	assert_int_equal(max(calls++, 0), 0);
	assert_int_equal(calls, 1);
	swap(a, calls);
	assert_int_equal(a, 1);
	assert_int_equal(calls, -5);
}

static void test_kernel_bits_and_masks(void **state)
{
	int arr[7];

	assert_int_equal(ARRAY_SIZE(arr), 7);
	assert_true(BIT(0) == 1UL && BIT(63) == 0x8000000000000000UL);
	assert_true(BIT_ULL(40) == 1ULL << 40);
	assert_true(GENMASK(7, 4) == 0xf0UL);
	assert_true(GENMASK(63, 0) == ~0UL);
	assert_true(GENMASK(0, 0) == 1UL);
	assert_true(GENMASK_ULL(39, 32) == 0xff00000000ULL);
	assert_int_equal(BIT_WORD(65), 1);
	assert_true(BIT_MASK(65) == 2UL);
	assert_int_equal(upper_32_bits(0x1234567890abcdefULL), 0x12345678);
	assert_int_equal(lower_32_bits(0x1234567890abcdefULL), 0x90abcdef);
	assert_int_equal(__is_constexpr(3 + 4), 1);
	assert_int_equal(__is_constexpr(arr[0]), 0);
}

static void test_kernel_align_and_rounding(void **state)
{
	assert_int_equal(ALIGN(13, 8), 16);
	assert_int_equal(ALIGN(16, 8), 16);
	assert_int_equal(ALIGN_DOWN(13, 8), 8);
	assert_true(IS_ALIGNED(4096, 4096));
	assert_false(IS_ALIGNED(4097, 4096));
	assert_ptr_equal(PTR_ALIGN((void *)0x1001, 16), (void *)0x1010);
	assert_int_equal(DIV_ROUND_UP(10, 3), 4);
	assert_int_equal(DIV_ROUND_UP(9, 3), 3);
	assert_int_equal(DIV_ROUND_CLOSEST(10, 4), 3);
	assert_int_equal(DIV_ROUND_CLOSEST(-10, 4), -3);
	assert_int_equal(round_up(17, 16), 32);
	assert_int_equal(round_down(17, 16), 16);
	assert_int_equal(roundup(10, 6), 12);
	assert_int_equal(rounddown(10, 6), 6);
	assert_int_equal(abs(-7), 7);
	assert_true(abs(-5000000000LL) == 5000000000LL);
}

static void test_kernel_log2_and_powers(void **state)
{
	assert_true(is_power_of_2(1));
	assert_true(is_power_of_2(4096));
	assert_false(is_power_of_2(0));
	assert_false(is_power_of_2(12));
	assert_int_equal(ilog2(1), 0);
	assert_int_equal(ilog2(4096), 12);
	assert_int_equal(ilog2(4097), 12);
	assert_int_equal(ilog2(1ULL << 40), 40);
	assert_int_equal(roundup_pow_of_two(5), 8);
	assert_int_equal(roundup_pow_of_two(8), 8);
	assert_int_equal(rounddown_pow_of_two(9), 8);
	assert_int_equal(order_base_2(5), 3);
}

static void test_kernel_overflow_checks(void **state)
{
	u32 r32;
	size_t sz;
	int i;

	assert_false(check_add_overflow(1U, 2U, &r32));
	assert_int_equal(r32, 3);
	assert_true(check_add_overflow(U32_MAX, 1U, &r32));
	assert_int_equal(r32, 0);
	assert_true(check_sub_overflow(0U, 1U, &r32));
	assert_true(check_mul_overflow(INT_MAX, 2, &i));
	assert_false(check_mul_overflow((size_t)4, (size_t)8, &sz));
	assert_int_equal(sz, 32);
	assert_true(size_mul(SIZE_MAX / 2, 3) == SIZE_MAX);
	assert_true(size_add(SIZE_MAX, 1) == SIZE_MAX);
	assert_int_equal(array_size(4, 8), 32);
}

static void test_kernel_is_enabled(void **state)
{
	assert_int_equal(IS_ENABLED(CONFIG_SIM_TEST_BUILTIN), 1);
	assert_int_equal(IS_BUILTIN(CONFIG_SIM_TEST_BUILTIN), 1);
	assert_int_equal(IS_MODULE(CONFIG_SIM_TEST_BUILTIN), 0);
	assert_int_equal(IS_ENABLED(CONFIG_SIM_TEST_MOD), 1);
	assert_int_equal(IS_MODULE(CONFIG_SIM_TEST_MOD), 1);
	assert_int_equal(IS_BUILTIN(CONFIG_SIM_TEST_MOD), 0);
	assert_int_equal(IS_ENABLED(CONFIG_SIM_TEST_ABSENT), 0);
#if !IS_ENABLED(CONFIG_SIM_TEST_BUILTIN) || IS_ENABLED(CONFIG_SIM_TEST_ABSENT)
	fail_msg("IS_ENABLED() is wrong in #if");
#endif
}

static void test_kernel_user_pointer_from_u64(void **state)
{
	static char data[4];
	u64 v = (uintptr_t)data;

	assert_ptr_equal(u64_to_user_ptr(v), data);
	assert_int_equal(REPEAT_BYTE(0x5a), 0x5a5a5a5a5a5a5a5aUL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_types_have_kernel_sizes),
		cmocka_unit_test(test_kernel_container_of_and_offsets),
		cmocka_unit_test(test_kernel_min_max_clamp),
		cmocka_unit_test(test_kernel_bits_and_masks),
		cmocka_unit_test(test_kernel_align_and_rounding),
		cmocka_unit_test(test_kernel_log2_and_powers),
		cmocka_unit_test(test_kernel_overflow_checks),
		cmocka_unit_test(test_kernel_is_enabled),
		cmocka_unit_test(test_kernel_user_pointer_from_u64),
	};

	return cmocka_run_group_tests_name("kernel", tests, NULL, NULL);
}
