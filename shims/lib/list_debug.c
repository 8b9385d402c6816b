// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reports of list corruption found by the checks in <linux/list.h>.
 *
 * The report carries the kernel's CONFIG_DEBUG_LIST message with the
 * addresses.  The failure's title uses the same words with the entry's
 * expression at the call site in place of its address, and symbolic values
 * for the others: addresses differ from one execution to the next, and the
 * explorer tells failures apart, and checks that a replay reproduced one,
 * by their titles.
 */
#include <stdio.h>

#include <linux/bug.h>
#include <linux/list.h>

#include "shims/printk.h"
#include "sim/sched.h"

#define TITLE_MAX	256
#define DETAIL_MAX	256

/* What a link that should have been @want is, in words. */
static const char *describe(const struct list_head *p,
			    const struct list_head *want)
{
	if (p == want)
		return "correct";
	if (!p)
		return "NULL";
	if (p == LIST_POISON1)
		return "LIST_POISON1";
	if (p == LIST_POISON2)
		return "LIST_POISON2";
	if ((unsigned long)p - POISON_POINTER_DELTA < 0x1000UL)
		return "a poison value";
	return "another entry";
}

/* The entry as the caller wrote it, parenthesised unless it is a name. */
static void entry_name(char *buf, size_t len, const struct sim_loc *loc,
		       const char *fallback)
{
	const char *e = loc && loc->expr ? loc->expr : fallback;
	bool simple = true;

	for (const char *c = e; *c; c++)
		if (!(*c == '_' || (*c >= 'a' && *c <= 'z') ||
		      (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			simple = false;
	snprintf(buf, len, simple ? "%s" : "(%s)", e);
}

static bool bad_link(const struct list_head *p)
{
	return !p || (unsigned long)p - POISON_POINTER_DELTA < 0x1000UL;
}

void __sim_list_add_corrupt(const struct list_head *new,
			    const struct list_head *prev,
			    const struct list_head *next,
			    const struct sim_loc *loc)
{
	char title[TITLE_MAX], detail[DETAIL_MAX], name[128];

	entry_name(name, sizeof(name), loc, "new");
	if (bad_link(prev)) {
		sim_snprintf(title, sizeof(title),
			 "list_add corruption. prev is %s",
			 describe(prev, NULL));
		sim_snprintf(detail, sizeof(detail),
			 "list_add corruption. prev is %s (%px).",
			 describe(prev, NULL), (void *)prev);
	} else if (bad_link(next)) {
		sim_snprintf(title, sizeof(title),
			 "list_add corruption. next is %s",
			 describe(next, NULL));
		sim_snprintf(detail, sizeof(detail),
			 "list_add corruption. next is %s (%px).",
			 describe(next, NULL), (void *)next);
	} else if (next->prev != prev) {
		sim_snprintf(title, sizeof(title),
			 "list_add corruption. next->prev should be prev, "
			 "but was %s", describe(next->prev, prev));
		sim_snprintf(detail, sizeof(detail),
			 "list_add corruption. next->prev should be prev "
			 "(%px), but was %px. (next=%px).", (void *)prev,
			 (void *)next->prev, (void *)next);
	} else if (prev->next != next) {
		sim_snprintf(title, sizeof(title),
			 "list_add corruption. prev->next should be next, "
			 "but was %s", describe(prev->next, next));
		sim_snprintf(detail, sizeof(detail),
			 "list_add corruption. prev->next should be next "
			 "(%px), but was %px. (prev=%px).", (void *)next,
			 (void *)prev->next, (void *)prev);
	} else {
		sim_snprintf(title, sizeof(title),
			 "list_add double add: new=%s is already %s", name,
			 new == prev ? "prev" : "next");
		sim_snprintf(detail, sizeof(detail),
			 "list_add double add: new=%px, prev=%px, next=%px.",
			 (void *)new, (void *)prev, (void *)next);
	}
	__sim_bug_titled(loc, title, detail);
}

void __sim_list_del_corrupt(const struct list_head *entry,
			    const struct sim_loc *loc)
{
	const struct list_head *prev = entry->prev, *next = entry->next;
	char title[TITLE_MAX], detail[DETAIL_MAX], name[128];

	entry_name(name, sizeof(name), loc, "entry");
	if (next == LIST_POISON1 || prev == LIST_POISON2) {
		bool n = next == LIST_POISON1;

		sim_snprintf(title, sizeof(title),
			 "list_del corruption, %s->%s is %s (%px)", name,
			 n ? "next" : "prev", n ? "LIST_POISON1" :
			 "LIST_POISON2", n ? LIST_POISON1 : LIST_POISON2);
		sim_snprintf(detail, sizeof(detail),
			 "list_del corruption, %px->%s is %s (%px)",
			 (void *)entry, n ? "next" : "prev",
			 n ? "LIST_POISON1" : "LIST_POISON2",
			 n ? LIST_POISON1 : LIST_POISON2);
	} else if (bad_link(next) || bad_link(prev)) {
		bool n = bad_link(next);
		const struct list_head *p = n ? next : prev;

		sim_snprintf(title, sizeof(title),
			 "list_del corruption, %s->%s is %s", name,
			 n ? "next" : "prev", describe(p, NULL));
		sim_snprintf(detail, sizeof(detail),
			 "list_del corruption, %px->%s is %s (%px)",
			 (void *)entry, n ? "next" : "prev",
			 describe(p, NULL), (void *)p);
	} else if (prev->next != entry) {
		sim_snprintf(title, sizeof(title),
			 "list_del corruption. prev->next should be %s, "
			 "but was %s", name, describe(prev->next, entry));
		sim_snprintf(detail, sizeof(detail),
			 "list_del corruption. prev->next should be %px, "
			 "but was %px. (prev=%px)", (void *)entry,
			 (void *)prev->next, (void *)prev);
	} else {
		sim_snprintf(title, sizeof(title),
			 "list_del corruption. next->prev should be %s, "
			 "but was %s", name, describe(next->prev, entry));
		sim_snprintf(detail, sizeof(detail),
			 "list_del corruption. next->prev should be %px, "
			 "but was %px. (next=%px)", (void *)entry,
			 (void *)next->prev, (void *)next);
	}
	__sim_bug_titled(loc, title, detail);
}
