// SPDX-License-Identifier: GPL-2.0-only
/*
 * <linux/list.h>: the list and hlist operations and iterators, the poison
 * left by list_del(), and the CONFIG_DEBUG_LIST style checks: a double
 * list_del(), a neighbour that does not point back, a double list_add()
 * fail the execution as a BUG, titled in the kernel's words, at the
 * caller's file and line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/list.h>

#include "sim/explore.h"
#include "sim_test.h"

static const char prog[] = "list-corruption";

struct item {
	int value;
	struct list_head node;
	struct hlist_node hnode;
};

static void init_items(struct item *items, int n)
{
	for (int i = 0; i < n; i++) {
		items[i].value = i;
		INIT_LIST_HEAD(&items[i].node);
		INIT_HLIST_NODE(&items[i].hnode);
	}
}

/* The values of @head's items in list order, as a string like "0 1 2". */
static const char *values(struct list_head *head)
{
	static char buf[128];
	struct item *it;
	size_t n = 0;

	buf[0] = 0;
	list_for_each_entry(it, head, node)
		n += snprintf(buf + n, sizeof(buf) - n, n ? " %d" : "%d",
			      it->value);
	return buf;
}

static const char *values_reverse(struct list_head *head)
{
	static char buf[128];
	struct item *it;
	size_t n = 0;

	buf[0] = 0;
	list_for_each_entry_reverse(it, head, node)
		n += snprintf(buf + n, sizeof(buf) - n, n ? " %d" : "%d",
			      it->value);
	return buf;
}

/* --- plain operations ---------------------------------------------------- */

static void test_list_head_starts_empty(void **state)
{
	LIST_HEAD(head);
	struct list_head other;

	assert_true(list_empty(&head));
	assert_true(list_empty_careful(&head));
	assert_false(list_is_singular(&head));
	assert_int_equal(list_count_nodes(&head), 0);
	assert_ptr_equal(head.next, &head);
	assert_ptr_equal(head.prev, &head);
	INIT_LIST_HEAD(&other);
	assert_true(list_empty(&other));
	assert_null(list_first_entry_or_null(&head, struct item, node));
	assert_null(list_last_entry_or_null(&head, struct item, node));
}

static void test_list_add_is_stack_add_tail_is_queue(void **state)
{
	struct item items[3];
	LIST_HEAD(stack);
	LIST_HEAD(queue);

	init_items(items, 3);
	for (int i = 0; i < 3; i++)
		list_add(&items[i].node, &stack);
	assert_string_equal(values(&stack), "2 1 0");
	assert_string_equal(values_reverse(&stack), "0 1 2");

	init_items(items, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &queue);
	assert_string_equal(values(&queue), "0 1 2");
	assert_int_equal(list_count_nodes(&queue), 3);
	assert_ptr_equal(list_first_entry(&queue, struct item, node),
			 &items[0]);
	assert_ptr_equal(list_last_entry(&queue, struct item, node),
			 &items[2]);
	assert_ptr_equal(list_first_entry_or_null(&queue, struct item, node),
			 &items[0]);
	assert_ptr_equal(list_next_entry(&items[0], node), &items[1]);
	assert_ptr_equal(list_prev_entry(&items[2], node), &items[1]);
	assert_true(list_is_first(&items[0].node, &queue));
	assert_true(list_is_last(&items[2].node, &queue));
	assert_false(list_is_last(&items[1].node, &queue));
	assert_ptr_equal(list_entry(&items[1].node, struct item, node),
			 &items[1]);
}

static void test_list_del_unlinks_and_poisons(void **state)
{
	struct item items[3];
	LIST_HEAD(head);

	init_items(items, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &head);
	list_del(&items[1].node);
	assert_string_equal(values(&head), "0 2");
	assert_ptr_equal(items[0].node.next, &items[2].node);
	assert_ptr_equal(items[2].node.prev, &items[0].node);
	assert_ptr_equal(items[1].node.next, LIST_POISON1);
	assert_ptr_equal(items[1].node.prev, LIST_POISON2);
	assert_int_equal((unsigned long)LIST_POISON1,
			 0xdead000000000100UL);
	assert_int_equal((unsigned long)LIST_POISON2,
			 0xdead000000000122UL);
}

static void test_list_del_init_leaves_an_empty_list(void **state)
{
	struct item items[2];
	LIST_HEAD(head);

	init_items(items, 2);
	list_add_tail(&items[0].node, &head);
	list_add_tail(&items[1].node, &head);
	assert_false(list_is_singular(&head));
	list_del_init(&items[0].node);
	assert_true(list_empty(&items[0].node));
	assert_true(list_is_singular(&head));
	/* a list_del_init()ed entry can be deleted and added again */
	list_del_init(&items[0].node);
	list_add(&items[0].node, &head);
	assert_string_equal(values(&head), "0 1");
}

static void test_list_move_and_move_tail(void **state)
{
	struct item items[4];
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items(items, 4);
	for (int i = 0; i < 4; i++)
		list_add_tail(&items[i].node, &a);
	list_move(&items[2].node, &b);
	list_move_tail(&items[0].node, &b);
	assert_string_equal(values(&a), "1 3");
	assert_string_equal(values(&b), "2 0");
	list_move(&items[3].node, &a);
	assert_string_equal(values(&a), "3 1");
	list_rotate_left(&a);
	assert_string_equal(values(&a), "1 3");
}

static void test_list_replace_and_swap(void **state)
{
	struct item items[4];
	LIST_HEAD(head);

	init_items(items, 4);
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &head);
	list_replace_init(&items[1].node, &items[3].node);
	assert_string_equal(values(&head), "0 3 2");
	assert_true(list_empty(&items[1].node));
	list_swap(&items[0].node, &items[2].node);
	assert_string_equal(values(&head), "2 3 0");
	list_swap(&items[3].node, &items[0].node);
	assert_string_equal(values(&head), "2 0 3");
}

static void test_list_splice_variants(void **state)
{
	struct item items[6];
	LIST_HEAD(head);
	LIST_HEAD(other);

	init_items(items, 6);
	list_add_tail(&items[0].node, &head);
	list_add_tail(&items[1].node, &head);
	list_add_tail(&items[2].node, &other);
	list_add_tail(&items[3].node, &other);
	list_splice_init(&other, &head);
	assert_string_equal(values(&head), "2 3 0 1");
	assert_true(list_empty(&other));
	list_add_tail(&items[4].node, &other);
	list_add_tail(&items[5].node, &other);
	list_splice_tail_init(&other, &head);
	assert_string_equal(values(&head), "2 3 0 1 4 5");
	assert_true(list_empty(&other));
	/* splicing an empty list changes nothing */
	list_splice(&other, &head);
	list_splice_tail(&other, &head);
	assert_int_equal(list_count_nodes(&head), 6);
	/* cut the first three off into @other */
	list_cut_position(&other, &head, &items[0].node);
	assert_string_equal(values(&other), "2 3 0");
	assert_string_equal(values(&head), "1 4 5");
}

static void test_list_iterators(void **state)
{
	struct item items[5], *it, *n;
	struct list_head *pos, *tmp;
	LIST_HEAD(head);
	int seen = 0;

	init_items(items, 5);
	for (int i = 0; i < 5; i++)
		list_add_tail(&items[i].node, &head);

	list_for_each(pos, &head)
		seen = seen * 10 + list_entry(pos, struct item, node)->value;
	assert_int_equal(seen, 1234);

	seen = 0;
	list_for_each_prev(pos, &head)
		seen = seen * 10 + list_entry(pos, struct item, node)->value;
	assert_int_equal(seen, 43210);

	/* continue after item 1, and backwards before item 3 */
	seen = 0;
	it = &items[1];
	list_for_each_entry_continue(it, &head, node)
		seen = seen * 10 + it->value;
	assert_int_equal(seen, 234);
	assert_true(list_entry_is_head(it, &head, node));
	seen = 0;
	it = &items[3];
	list_for_each_entry_continue_reverse(it, &head, node)
		seen = seen * 10 + it->value + 1;
	assert_int_equal(seen, 321);
	seen = 0;
	it = &items[3];
	list_for_each_entry_from(it, &head, node)
		seen = seen * 10 + it->value;
	assert_int_equal(seen, 34);

	/* deleting the current entry is fine with the _safe iterators */
	list_for_each_entry_safe(it, n, &head, node)
		if (it->value % 2)
			list_del(&it->node);
	assert_string_equal(values(&head), "0 2 4");
	list_for_each_safe(pos, tmp, &head)
		if (list_entry(pos, struct item, node)->value == 2)
			list_del_init(pos);
	assert_string_equal(values(&head), "0 4");
	list_for_each_entry_safe_reverse(it, n, &head, node)
		list_del(&it->node);
	assert_true(list_empty(&head));
}

static void test_list_hlist_add_del_iterate(void **state)
{
	struct item items[4], *it;
	struct hlist_node *tmp;
	HLIST_HEAD(head);
	int seen = 0;

	init_items(items, 4);
	assert_true(hlist_empty(&head));
	assert_true(hlist_unhashed(&items[0].hnode));
	for (int i = 0; i < 3; i++)
		hlist_add_head(&items[i].hnode, &head);
	assert_false(hlist_empty(&head));
	assert_false(hlist_unhashed(&items[0].hnode));
	hlist_for_each_entry(it, &head, hnode)
		seen = seen * 10 + it->value + 1;
	assert_int_equal(seen, 321);
	assert_int_equal(hlist_count_nodes(&head), 3);

	hlist_add_behind(&items[3].hnode, &items[2].hnode);
	seen = 0;
	hlist_for_each_entry(it, &head, hnode)
		seen = seen * 10 + it->value + 1;
	assert_int_equal(seen, 3421);

	hlist_del(&items[3].hnode);
	assert_ptr_equal(items[3].hnode.next, LIST_POISON1);
	assert_ptr_equal((void *)items[3].hnode.pprev, LIST_POISON2);
	hlist_del_init(&items[1].hnode);
	assert_true(hlist_unhashed(&items[1].hnode));
	/* deleting an unhashed node again is harmless */
	hlist_del_init(&items[1].hnode);
	seen = 0;
	hlist_for_each_entry(it, &head, hnode)
		seen = seen * 10 + it->value + 1;
	assert_int_equal(seen, 31);

	hlist_add_before(&items[1].hnode, &items[0].hnode);
	assert_int_equal(hlist_count_nodes(&head), 3);
	hlist_for_each_entry_safe(it, tmp, &head, hnode)
		hlist_del_init(&it->hnode);
	assert_true(hlist_empty(&head));
}

/* --- corruption checks --------------------------------------------------- */

static struct item citems[3];
static LIST_HEAD(chead);
static int fail_line;		/* line of the operation that must fail */
static bool went_on;		/* the thread ran past it */

#define AT_THIS_LINE(stmt)						\
	do {								\
		fail_line = __LINE__;					\
		stmt;							\
	} while (0)

static void init_corrupt(void)
{
	INIT_LIST_HEAD(&chead);
	init_items(citems, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&citems[i].node, &chead);
	went_on = false;
}

static void double_del_body(void *arg)
{
	struct item *victim = &citems[1];

	list_del(&victim->node);
	AT_THIS_LINE(list_del(&victim->node));
	went_on = true;
}

static void bad_prev_body(void *arg)
{
	/* the entry before citems[1] no longer points to it */
	citems[0].node.next = &citems[2].node;
	AT_THIS_LINE(list_del_init(&citems[1].node));
	went_on = true;
}

static void bad_next_body(void *arg)
{
	citems[2].node.prev = &citems[0].node;
	AT_THIS_LINE(list_move(&citems[1].node, &chead));
	went_on = true;
}

static void double_add_body(void *arg)
{
	struct item *it = &citems[0];

	list_del(&it->node);
	list_add(&it->node, &chead);
	AT_THIS_LINE(list_add(&it->node, &chead));
	went_on = true;
}

static void add_bad_next_body(void *arg)
{
	/* the first entry's back link is wrong: adding at the head fails */
	citems[0].node.prev = &citems[2].node;
	AT_THIS_LINE(list_add(&citems[1].node, &chead));
	went_on = true;
}

static void add_after_deleted_body(void *arg)
{
	struct item *it = &citems[2];

	list_del(&citems[0].node);
	/* adding after a deleted entry: its next is LIST_POISON1 */
	AT_THIS_LINE(list_add(&it->node, &citems[0].node));
	went_on = true;
}

static void corrupt_setup(void *ctx)
{
	init_corrupt();
	sim_thread_create("lister", (sim_thread_fn)ctx, NULL);
}

/* Run @body in a thread; return the one failure it must cause. */
static struct sim_failure run_corrupt(sim_thread_fn body)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char where[64];

	o.max_bound = 0;
	sim_test_assert_ret(sim_test_explore(prog, corrupt_setup, NULL,
					     (void *)body, &o, &r), 1, &r);
	assert_int_equal(r.nfailures, 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_BUG);
	assert_false(went_on);
	snprintf(where, sizeof(where), "test_list.c:%d ", fail_line);
	sim_test_assert_where(&r.failures[0], where);
	return r.failures[0];
}

static void test_list_double_del_is_a_bug(void **state)
{
	struct sim_failure f = run_corrupt(double_del_body);

	assert_string_equal(f.title,
			    "list_del corruption, (&victim->node)->next is "
			    "LIST_POISON1 (dead000000000100)");
	assert_non_null(strstr(f.where, "double_del_body()"));
}

static void test_list_del_with_bad_prev_link_is_a_bug(void **state)
{
	struct sim_failure f = run_corrupt(bad_prev_body);

	assert_string_equal(f.title,
			    "list_del corruption. prev->next should be "
			    "(&citems[1].node), but was another entry");
}

static void test_list_move_with_bad_next_link_is_a_bug(void **state)
{
	struct sim_failure f = run_corrupt(bad_next_body);

	assert_string_equal(f.title,
			    "list_del corruption. next->prev should be "
			    "(&citems[1].node), but was another entry");
}

static void test_list_double_add_is_a_bug(void **state)
{
	struct sim_failure f = run_corrupt(double_add_body);

	assert_string_equal(f.title,
			    "list_add double add: new=(&it->node) is already "
			    "next");
}

static void test_list_add_with_bad_back_link_is_a_bug(void **state)
{
	struct sim_failure f = run_corrupt(add_bad_next_body);

	assert_string_equal(f.title,
			    "list_add corruption. next->prev should be prev, "
			    "but was another entry");
}

static void test_list_add_after_deleted_entry_is_a_bug(void **state)
{
	struct sim_failure f = run_corrupt(add_after_deleted_body);

	assert_string_equal(f.title,
			    "list_add corruption. next is LIST_POISON1");
}

/* The report has the kernel's message with the addresses, and replays. */
static void test_list_corruption_report_in_kernel_shape(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *buf, expect[128];

	o.max_bound = 0;
	sim_test_report_begin(&rep, &o);
	sim_test_assert_ret(sim_test_explore(prog, corrupt_setup, NULL,
					     (void *)double_del_body, &o, &r),
			    1, &r);
	buf = sim_test_report_end(&rep);
	snprintf(expect, sizeof(expect),
		 "list_del corruption, %016lx->next is LIST_POISON1 "
		 "(dead000000000100)\n", (unsigned long)&citems[1].node);
	if (!strstr(buf, expect))
		fail_msg("report lacks \"%s\":\n%s", expect, buf);
	assert_non_null(strstr(buf, "------------[ cut here ]------------\n"
				    "kernel BUG at "));
	snprintf(expect, sizeof(expect), "test_list.c:%d!\n", fail_line);
	assert_non_null(strstr(buf, expect));
	/* the title has no address: the replay reproduced it exactly */
	assert_true(r.failures[0].replayed);
	assert_null(strstr(buf, "did not reproduce"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_head_starts_empty),
		cmocka_unit_test(test_list_add_is_stack_add_tail_is_queue),
		cmocka_unit_test(test_list_del_unlinks_and_poisons),
		cmocka_unit_test(test_list_del_init_leaves_an_empty_list),
		cmocka_unit_test(test_list_move_and_move_tail),
		cmocka_unit_test(test_list_replace_and_swap),
		cmocka_unit_test(test_list_splice_variants),
		cmocka_unit_test(test_list_iterators),
		cmocka_unit_test(test_list_hlist_add_del_iterate),
		cmocka_unit_test(test_list_double_del_is_a_bug),
		cmocka_unit_test(test_list_del_with_bad_prev_link_is_a_bug),
		cmocka_unit_test(test_list_move_with_bad_next_link_is_a_bug),
		cmocka_unit_test(test_list_double_add_is_a_bug),
		cmocka_unit_test(test_list_add_with_bad_back_link_is_a_bug),
		cmocka_unit_test(test_list_add_after_deleted_entry_is_a_bug),
		cmocka_unit_test(test_list_corruption_report_in_kernel_shape),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
