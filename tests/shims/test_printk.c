// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/printk.h>: messages land in the per-execution kernel log, one
 * "[T<tid>] " prefixed line each, levels stripped, pr_fmt applied; the
 * log is cleared when an execution begins and kept after it ends; a
 * failure report prints it; it is bounded; pr_cont continues a line; the
 * _once and _ratelimited variants count per execution; the kernel's %p
 * extensions format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define pr_fmt(fmt) "test: " fmt

#include <linux/bug.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/sprintf.h>

#include "sim/explore.h"
#include "shims/printk.h"
#include "sim_test.h"

static const char prog[] = "printk";

static int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* --- outside any exploration --------------------------------------------- */

static void test_printk_outside_threads_prefixes_main(void **state)
{
	sim_printk_reset();
	assert_string_equal(sim_printk_log(), "");
	printk("plain %d\n", 1);
	printk(KERN_ERR "error %s\n", "two");
	pr_warn("warned\n");
	assert_string_equal(sim_printk_log(),
			    "[main] plain 1\n"
			    "[main] error two\n"
			    "[main] test: warned\n");
}

static void test_printk_returns_length_without_level(void **state)
{
	sim_printk_reset();
	assert_int_equal(printk(KERN_INFO "12345\n"), 6);
	assert_int_equal(printk("%s", ""), 0);
	assert_string_equal(sim_printk_log(), "[main] 12345\n");
}

static void test_printk_cont_continues_the_line(void **state)
{
	sim_printk_reset();
	pr_info("a");
	pr_cont("b");
	pr_cont("c\n");
	pr_info("no newline");
	pr_info("new line\n");
	printk(KERN_CONT "alone\n");
	assert_string_equal(sim_printk_log(),
			    "[main] test: abc\n"
			    "[main] test: no newline\n"
			    "[main] test: new line\n"
			    "[main] alone\n");
}

static void test_printk_multi_line_message_prefixes_each_line(void **state)
{
	sim_printk_reset();
	pr_err("one\ntwo\n");
	assert_string_equal(sim_printk_log(),
			    "[main] test: one\n[main] two\n");
}

static void test_printk_debug_only_with_debug(void **state)
{
	sim_printk_reset();
	pr_debug("hidden %d\n", 1);
	pr_devel("hidden too\n");
	assert_int_equal(no_printk("x %d\n", 2), 0);
	assert_string_equal(sim_printk_log(), "");
}

static void test_printk_log_is_bounded_keeps_oldest(void **state)
{
	char line[100];
	const char *log;

	memset(line, 'x', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = 0;
	sim_printk_reset();
	printk("first\n");
	/* about 100 KiB: more than the log holds */
	for (int i = 0; i < 1000; i++)
		printk("%s", line);
	printk("last\n");
	log = sim_printk_log();
	assert_true(strlen(log) <= SIM_PRINTK_LOG_SIZE + 96);
	assert_true(strlen(log) > SIM_PRINTK_LOG_SIZE - 200);
	assert_memory_equal(log, "[main] first\n", 13);
	assert_null(strstr(log, "last"));
	assert_non_null(strstr(log, "later messages dropped]\n"));
	/* only whole lines are kept */
	assert_int_equal(count(log, "[main] "), count(log, "\n") - 1);
	sim_printk_reset();
	assert_string_equal(sim_printk_log(), "");
}

/* --- in executions ------------------------------------------------------- */

static int shared;

static void hello_thread(void *arg)
{
	/* a scheduling point, so that the threads interleave */
	(void)READ_ONCE(shared);
	pr_info("hello from %s\n", (const char *)arg);
}

static void two_printers_setup(void *ctx)
{
	sim_thread_create("t0", hello_thread, "t0");
	sim_thread_create("t1", hello_thread, "t1");
	printk("setup done\n");
}

static void test_printk_threads_prefixed_with_tid(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	const char *log;

	o.max_bound = 1;
	sim_test_assert_ret(sim_test_explore(prog, two_printers_setup, NULL,
					     NULL, &o, &r), 0, &r);
	assert_true(r.executions > 1);
	/* the log of the last execution, and only of it */
	log = sim_printk_log();
	assert_int_equal(count(log, "[main] setup done\n"), 1);
	assert_int_equal(count(log, "[T0] test: hello from t0\n"), 1);
	assert_int_equal(count(log, "[T1] test: hello from t1\n"), 1);
	assert_int_equal(count(log, "\n"), 3);
}

static void other_setup(void *ctx)
{
	printk("another program\n");
}

static void test_printk_log_cleared_when_execution_begins(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_printk_reset();
	printk("before\n");
	sim_test_assert_ret(sim_test_explore(prog, other_setup, NULL, NULL, &o,
					     &r), 0, &r);
	assert_string_equal(sim_printk_log(), "[main] another program\n");
}

static void warn_after_print(void *arg)
{
	pr_err("about to warn: %pe\n", ERR_PTR(-EBUSY));
	WARN_ON(1);
}

static void warn_setup(void *ctx)
{
	sim_thread_create("warner", warn_after_print, NULL);
}

static void test_printk_log_in_failure_report(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *buf;

	sim_test_report_begin(&rep, &o);
	sim_test_assert_ret(sim_test_explore(prog, warn_setup, NULL, NULL, &o,
					     &r), 1, &r);
	buf = sim_test_report_end(&rep);
	if (!strstr(buf, "kernel log:\n  [T0] test: about to warn: -EBUSY\n"))
		fail_msg("no kernel log in the report:\n%s", buf);
	free(buf);
	/* and a passing program's report has no empty kernel log section */
	sim_test_report_begin(&rep, &o);
	sim_printk_reset();
	sim_test_assert_ret(sim_test_explore(prog, two_printers_setup, NULL,
					     NULL, &o, &r), 0, &r);
	buf = sim_test_report_end(&rep);
	assert_null(strstr(buf, "kernel log:"));
	free(buf);
}

static void once_thread(void *arg)
{
	for (int i = 0; i < 3; i++) {
		pr_info_once("once %d\n", i);
		pr_warn_once("warn once\n");
		printk_once("printk once\n");
	}
	for (int i = 0; i < 25; i++)
		pr_err_ratelimited("limited %d\n", i);
}

static void once_setup(void *ctx)
{
	sim_thread_create("once", once_thread, NULL);
}

static void test_printk_once_and_ratelimit_per_execution(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	const char *log;

	/* two explorations: "once" is re-armed for each execution */
	for (int i = 0; i < 2; i++) {
		sim_test_assert_ret(sim_test_explore(prog, once_setup, NULL,
						     NULL, &o, &r), 0, &r);
		log = sim_printk_log();
		assert_int_equal(count(log, "once 0\n"), 1);
		assert_int_equal(count(log, "once 1\n"), 0);
		assert_int_equal(count(log, "] test: warn once\n"), 1);
		assert_int_equal(count(log, "] printk once\n"), 1);
		assert_int_equal(count(log, "] test: limited "), 10);
		assert_int_equal(count(log, "limited 9\n"), 1);
		assert_int_equal(count(log, "limited 10\n"), 0);
	}
}

static void test_printk_dump_stack_names_the_thread(void **state)
{
	sim_printk_reset();
	dump_stack();
	assert_non_null(strstr(sim_printk_log(),
			       "[main] CPU: 0 PID: -1 Comm: main\n"));
}

/* --- the kernel's format ------------------------------------------------- */

static void vaf_print(char *buf, size_t size, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	sim_snprintf(buf, size, "<%pV>", &vaf);
	va_end(ap);
}

static void test_printk_kernel_format_extensions(void **state)
{
	unsigned char bytes[4] = { 0xde, 0xad, 0xbe, 0xef };
	phys_addr_t phys = 0x1000;
	char buf[128], expect[64];
	int object;

	sim_snprintf(buf, sizeof(buf), "%4ph|%*phC|%*phN|%phD", bytes, 3,
		     bytes, 2, bytes, bytes);
	assert_string_equal(buf, "de ad be ef|de:ad:be|dead|de");
	sim_snprintf(buf, sizeof(buf), "%pa", &phys);
	assert_string_equal(buf, "0x0000000000001000");
	sim_snprintf(buf, sizeof(buf), "%px %p", (void *)0x1234, NULL);
	assert_string_equal(buf, "0000000000001234 (null)");
	snprintf(expect, sizeof(expect), "%016lx!", (unsigned long)&object);
	/* an unknown extension prints the plain pointer and is skipped */
	sim_snprintf(buf, sizeof(buf), "%pZz9!", &object);
	assert_string_equal(buf, expect);
	vaf_print(buf, sizeof(buf), "%d-%s", 5, "five");
	assert_string_equal(buf, "<5-five>");
	/* symbols: exported ones by name, others by address */
	sim_snprintf(buf, sizeof(buf), "%ps", (void *)abort);
	assert_string_equal(buf, "abort");
	sim_snprintf(buf, sizeof(buf), "%pS", (void *)((char *)abort + 4));
	assert_string_equal(buf, "abort+0x4");
}

static void test_printk_standard_conversions(void **state)
{
	char buf[128];
	int n;

	n = sim_snprintf(buf, sizeof(buf),
			 "%d %5u %-3x| %08llx %zu %zd %hhd %hu %ld %c %.2s %%",
			 -3, 7u, 0xau, 0xabcdefULL, (size_t)9, (ssize_t)-9,
			 (signed char)-5, (unsigned short)65535, -5L, 'q',
			 "xyz");
	assert_string_equal(buf,
			    "-3     7 a  | 00abcdef 9 -9 -5 65535 -5 q xy %");
	assert_int_equal(n, strlen(buf));
	sim_snprintf(buf, sizeof(buf), "%*d|%-*.*s|%.1f", 4, 12, 5, 2,
		     "abc", 2.25);
	assert_string_equal(buf, "  12|ab   |2.2");
	/* truncation: the return is what the whole output needs */
	assert_int_equal(sim_snprintf(buf, 4, "%s", "abcdef"), 6);
	assert_string_equal(buf, "abc");
	assert_int_equal(sim_snprintf(NULL, 0, "%d", 12345), 5);
	/* scnprintf returns what it wrote */
	assert_int_equal(scnprintf(buf, 4, "%s", "abcdef"), 3);
	assert_int_equal(scnprintf(buf, 0, "%s", "abcdef"), 0);
	assert_int_equal(scnprintf(buf, sizeof(buf), "%pe", ERR_PTR(-EIO)),
			 4);
	assert_string_equal(buf, "-EIO");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printk_outside_threads_prefixes_main),
		cmocka_unit_test(test_printk_returns_length_without_level),
		cmocka_unit_test(test_printk_cont_continues_the_line),
		cmocka_unit_test(
			test_printk_multi_line_message_prefixes_each_line),
		cmocka_unit_test(test_printk_debug_only_with_debug),
		cmocka_unit_test(test_printk_log_is_bounded_keeps_oldest),
		cmocka_unit_test(test_printk_threads_prefixed_with_tid),
		cmocka_unit_test(test_printk_log_cleared_when_execution_begins),
		cmocka_unit_test(test_printk_log_in_failure_report),
		cmocka_unit_test(test_printk_once_and_ratelimit_per_execution),
		cmocka_unit_test(test_printk_dump_stack_names_the_thread),
		cmocka_unit_test(test_printk_kernel_format_extensions),
		cmocka_unit_test(test_printk_standard_conversions),
	};

	return cmocka_run_group_tests_name("printk", tests, NULL, NULL);
}
