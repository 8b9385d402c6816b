// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/string.h>: strscpy() and its truncation result, sysfs_streq()
 * and the string matchers, and the smaller helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/string.h>

static void test_string_strscpy_copies_and_reports_truncation(void **state)
{
	char small[4], big[16];

	memset(big, 'z', sizeof(big));
	assert_int_equal(strscpy(big, "hello", sizeof(big)), 5);
	assert_string_equal(big, "hello");
	/* the two-argument form takes the size of the array */
	assert_int_equal(strscpy(small, "abc"), 3);
	assert_string_equal(small, "abc");
	assert_int_equal(strscpy(small, "abcd"), -E2BIG);
	assert_string_equal(small, "abc");
	assert_int_equal(strscpy(small, "toolongstring", sizeof(small)),
			 -E2BIG);
	assert_string_equal(small, "too");
	assert_int_equal(strscpy(big, "", sizeof(big)), 0);
	assert_string_equal(big, "");
	/* a zero size writes nothing */
	big[0] = 'q';
	assert_int_equal(strscpy(big, "x", 0), -E2BIG);
	assert_int_equal(big[0], 'q');
}

static void test_string_strscpy_pad_zero_fills(void **state)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	assert_int_equal(strscpy_pad(buf, "ab"), 2);
	assert_memory_equal(buf, "ab\0\0\0\0\0\0", 8);
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(strscpy_pad(buf, "abcdefghij", sizeof(buf)), -E2BIG);
	assert_memory_equal(buf, "abcdefg\0", 8);
}

static void test_string_sysfs_streq_ignores_one_newline(void **state)
{
	assert_true(sysfs_streq("on", "on"));
	assert_true(sysfs_streq("on\n", "on"));
	assert_true(sysfs_streq("on", "on\n"));
	assert_true(sysfs_streq("on\n", "on\n"));
	assert_true(sysfs_streq("", "\n"));
	assert_false(sysfs_streq("on\n\n", "on"));
	assert_false(sysfs_streq("o", "on"));
	assert_false(sysfs_streq("on", "o\n"));
	assert_false(sysfs_streq("on ", "on"));
	assert_false(sysfs_streq("onx", "on\n"));
}

static void test_string_match_string_and_sysfs_match(void **state)
{
	static const char * const modes[] = { "off", "on", "auto" };
	static const char * const short_list[] = { "a", NULL, "c" };

	assert_int_equal(match_string(modes, ARRAY_SIZE(modes), "auto"), 2);
	assert_int_equal(match_string(modes, ARRAY_SIZE(modes), "auto\n"),
			 -EINVAL);
	assert_int_equal(sysfs_match_string(modes, "auto\n"), 2);
	assert_int_equal(sysfs_match_string(modes, "off"), 0);
	assert_int_equal(sysfs_match_string(modes, "of"), -EINVAL);
	/* a NULL entry ends the array */
	assert_int_equal(match_string(short_list, 3, "c"), -EINVAL);
	assert_int_equal(match_string(short_list, 3, "a"), 0);
}

static void test_string_small_helpers(void **state)
{
	char buf[32];
	unsigned char bytes[8] = { 0 };

	assert_null(memchr_inv(bytes, 0, sizeof(bytes)));
	bytes[5] = 3;
	assert_ptr_equal(memchr_inv(bytes, 0, sizeof(bytes)), &bytes[5]);
	assert_null(memchr_inv(bytes, 0, 5));

	strcpy(buf, "  \tpadded value \n");
	assert_string_equal(strim(buf), "padded value");
	assert_string_equal(skip_spaces("  x "), "x ");
	strcpy(buf, "a/b/c");
	assert_int_equal(*strreplace(buf, '/', '!'), 0);
	assert_string_equal(buf, "a!b!c");

	assert_string_equal(strnchr("abcdef", 3, 'c'), "cdef");
	assert_null(strnchr("abcdef", 2, 'c'));
	assert_non_null(strnstr("vfio-pci-core", "pci", 8));
	assert_null(strnstr("vfio-pci-core", "pci", 7));
	assert_null(strnstr("ab", "abc", 10));

	assert_int_equal(str_has_prefix("vfio-pci", "vfio-"), 5);
	assert_int_equal(str_has_prefix("vfio-pci", "pci"), 0);

	memset(buf, 'x', sizeof(buf));
	memzero_explicit(buf, 4);
	assert_memory_equal(buf, "\0\0\0\0x", 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_string_strscpy_copies_and_reports_truncation),
		cmocka_unit_test(test_string_strscpy_pad_zero_fills),
		cmocka_unit_test(test_string_sysfs_streq_ignores_one_newline),
		cmocka_unit_test(test_string_match_string_and_sysfs_match),
		cmocka_unit_test(test_string_small_helpers),
	};

	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
