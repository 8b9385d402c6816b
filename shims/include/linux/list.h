/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Circular doubly linked lists with a sentinel head, and hash lists.
 *
 * Adding and deleting check the neighbouring links first, as a kernel
 * built with CONFIG_DEBUG_LIST does, and a corrupted list (a double
 * list_del(), an entry added twice, a neighbour that does not point back)
 * fails the execution as a BUG with a message in the kernel's words.  The
 * entry points are macros so that the report names the caller's file and
 * line and the entry's expression; deleted entries get the LIST_POISON
 * values, which fault when followed.
 *
 * List operations are plain memory accesses, not scheduling points: kernel
 * code runs them under a lock, and the lock is the point.
 */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/poison.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include "sim/sched.h"

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)							\
	struct list_head name = LIST_HEAD_INIT(name)

/* Make @list an empty list (or a detached entry). */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/* --- corruption checks --------------------------------------------------- */

void __sim_list_add_corrupt(const struct list_head *new,
			    const struct list_head *prev,
			    const struct list_head *next,
			    const struct sim_loc *loc) __noreturn;
void __sim_list_del_corrupt(const struct list_head *entry,
			    const struct sim_loc *loc) __noreturn;

/* NULL or one of the poison values: a link that must not be followed. */
static __always_inline bool __list_bad_link(const struct list_head *p)
{
	return !p || (unsigned long)p - POISON_POINTER_DELTA < 0x1000UL;
}

static __always_inline bool __list_add_valid_at(struct list_head *new,
						struct list_head *prev,
						struct list_head *next,
						const struct sim_loc *loc)
{
	if (likely(!__list_bad_link(prev) && !__list_bad_link(next) &&
		   next->prev == prev && prev->next == next &&
		   new != prev && new != next))
		return true;
	__sim_list_add_corrupt(new, prev, next, loc);
}

static __always_inline bool __list_del_entry_valid_at(struct list_head *entry,
						      const struct sim_loc *loc)
{
	struct list_head *prev = entry->prev;
	struct list_head *next = entry->next;

	if (likely(!__list_bad_link(prev) && !__list_bad_link(next) &&
		   prev->next == entry && next->prev == entry))
		return true;
	__sim_list_del_corrupt(entry, loc);
}

#define __list_add_valid(new, prev, next)				\
	__list_add_valid_at((new), (prev), (next), SIM_AT(#new))
#define __list_del_entry_valid(entry)					\
	__list_del_entry_valid_at((entry), SIM_AT(#entry))

/* --- adding and deleting ------------------------------------------------- */

/* Link @new between @prev and @next, which must be adjacent. */
static inline void __sim_list_add(struct list_head *new,
				  struct list_head *prev,
				  struct list_head *next,
				  const struct sim_loc *loc)
{
	__list_add_valid_at(new, prev, next, loc);
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

#define __list_add(new, prev, next)					\
	__sim_list_add((new), (prev), (next), SIM_AT(#new))

static inline void __sim_list_add_head(struct list_head *new,
				       struct list_head *head,
				       const struct sim_loc *loc)
{
	__sim_list_add(new, head, head->next, loc);
}

static inline void __sim_list_add_tail(struct list_head *new,
				       struct list_head *head,
				       const struct sim_loc *loc)
{
	__sim_list_add(new, head->prev, head, loc);
}

/* Insert @new right after @head (a stack). */
#define list_add(new, head)						\
	__sim_list_add_head((new), (head), SIM_AT(#new))
/* Insert @new right before @head, at the end of the list (a queue). */
#define list_add_tail(new, head)					\
	__sim_list_add_tail((new), (head), SIM_AT(#new))

/* Make @prev and @next neighbours, dropping whatever was between. */
static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

static inline void __sim_list_del_entry(struct list_head *entry,
					const struct sim_loc *loc)
{
	__list_del_entry_valid_at(entry, loc);
	__list_del(entry->prev, entry->next);
}

static inline void __sim_list_del(struct list_head *entry,
				  const struct sim_loc *loc)
{
	__sim_list_del_entry(entry, loc);
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

static inline void __sim_list_del_init(struct list_head *entry,
				       const struct sim_loc *loc)
{
	__sim_list_del_entry(entry, loc);
	INIT_LIST_HEAD(entry);
}

/* Unlink @entry, leaving its links as they were. */
#define __list_del_entry(entry)						\
	__sim_list_del_entry((entry), SIM_AT(#entry))
/* Unlink @entry and poison its links: it must not be used as a list. */
#define list_del(entry)		__sim_list_del((entry), SIM_AT(#entry))
/* Unlink @entry and make it an empty list of its own. */
#define list_del_init(entry)	__sim_list_del_init((entry), SIM_AT(#entry))
#define list_del_init_careful(entry)	list_del_init(entry)

static inline void __sim_list_move(struct list_head *list,
				   struct list_head *head, bool tail,
				   const struct sim_loc *loc)
{
	__sim_list_del_entry(list, loc);
	if (tail)
		__sim_list_add_tail(list, head, loc);
	else
		__sim_list_add_head(list, head, loc);
}

/* Move @list from its list to right after @head. */
#define list_move(list, head)						\
	__sim_list_move((list), (head), false, SIM_AT(#list))
/* Move @list from its list to the end of @head. */
#define list_move_tail(list, head)					\
	__sim_list_move((list), (head), true, SIM_AT(#list))

/* Put @new in the place of @old; @old's links are left as they were. */
static inline void list_replace(struct list_head *old, struct list_head *new)
{
	new->next = old->next;
	new->next->prev = new;
	new->prev = old->prev;
	new->prev->next = new;
}

static inline void list_replace_init(struct list_head *old,
				     struct list_head *new)
{
	list_replace(old, new);
	INIT_LIST_HEAD(old);
}

/* Exchange the places of @entry1 and @entry2 (on one list or two). */
static inline void list_swap(struct list_head *entry1,
			     struct list_head *entry2)
{
	struct list_head *pos = entry2->prev;

	__list_del(entry2->prev, entry2->next);
	list_replace(entry1, entry2);
	if (pos == entry1)
		pos = entry2;
	__list_add(entry1, pos, pos->next);
}

/* --- queries ------------------------------------------------------------- */

static inline int list_is_head(const struct list_head *list,
			       const struct list_head *head)
{
	return list == head;
}

static inline int list_is_first(const struct list_head *list,
				const struct list_head *head)
{
	return list->prev == head;
}

static inline int list_is_last(const struct list_head *list,
			       const struct list_head *head)
{
	return list->next == head;
}

static inline int list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* Empty, checked from both ends (for an unlocked look). */
static inline int list_empty_careful(const struct list_head *head)
{
	struct list_head *next = head->next;

	return list_is_head(next, head) && next == head->prev;
}

/* Exactly one entry. */
static inline int list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/* Number of entries of @head. */
static inline size_t list_count_nodes(struct list_head *head)
{
	struct list_head *pos;
	size_t count = 0;

	for (pos = head->next; pos != head; pos = pos->next)
		count++;
	return count;
}

/* Move the first entry to the end. */
static inline void list_rotate_left(struct list_head *head)
{
	if (!list_empty(head))
		list_move_tail(head->next, head);
}

/* --- joining lists ------------------------------------------------------- */

/* Insert the entries of @list (not its head) between @prev and @next. */
static inline void __list_splice(const struct list_head *list,
				 struct list_head *prev,
				 struct list_head *next)
{
	struct list_head *first = list->next;
	struct list_head *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/* Add @list's entries at the front of @head; @list is left stale. */
static inline void list_splice(const struct list_head *list,
			       struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head, head->next);
}

/* Add @list's entries at the end of @head; @list is left stale. */
static inline void list_splice_tail(struct list_head *list,
				    struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head->prev, head);
}

/* As list_splice(), and @list becomes empty. */
static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/* As list_splice_tail(), and @list becomes empty. */
static inline void list_splice_tail_init(struct list_head *list,
					 struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/*
 * Move the entries of @head up to and including @entry to @list, which
 * must be empty (or its entries are lost).
 */
static inline void list_cut_position(struct list_head *list,
				     struct list_head *head,
				     struct list_head *entry)
{
	struct list_head *rest = entry->next;

	if (list_empty(head) || list_is_head(entry, head)) {
		INIT_LIST_HEAD(list);
		return;
	}
	list->next = head->next;
	list->next->prev = list;
	list->prev = entry;
	entry->next = list;
	head->next = rest;
	rest->prev = head;
}

/* --- entries ------------------------------------------------------------- */

/* The structure of type @type whose @member is @ptr. */
#define list_entry(ptr, type, member)	container_of(ptr, type, member)

/* First and last entries; the list must not be empty. */
#define list_first_entry(ptr, type, member)				\
	list_entry((ptr)->next, type, member)
#define list_last_entry(ptr, type, member)				\
	list_entry((ptr)->prev, type, member)

/* First entry, or NULL for an empty list. */
#define list_first_entry_or_null(ptr, type, member)			\
	({								\
		struct list_head *__lfe_head = (ptr);			\
		struct list_head *__lfe_pos = __lfe_head->next;		\
		__lfe_pos != __lfe_head ?				\
			list_entry(__lfe_pos, type, member) : NULL;	\
	})
#define list_last_entry_or_null(ptr, type, member)			\
	({								\
		struct list_head *__lle_head = (ptr);			\
		struct list_head *__lle_pos = __lle_head->prev;		\
		__lle_pos != __lle_head ?				\
			list_entry(__lle_pos, type, member) : NULL;	\
	})

/* The entries after and before @pos. */
#define list_next_entry(pos, member)					\
	list_entry((pos)->member.next, typeof(*(pos)), member)
#define list_prev_entry(pos, member)					\
	list_entry((pos)->member.prev, typeof(*(pos)), member)

/* Whether @pos is the container_of() of the head itself: the end. */
#define list_entry_is_head(pos, head, member)	(&(pos)->member == (head))

/* --- iteration ----------------------------------------------------------- */

/* @pos runs over the list_heads of @head. */
#define list_for_each(pos, head)					\
	for (pos = (head)->next; !list_is_head(pos, (head)); pos = pos->next)
#define list_for_each_prev(pos, head)					\
	for (pos = (head)->prev; !list_is_head(pos, (head)); pos = pos->prev)
/* Same, and @pos may be deleted: @n holds the next one. */
#define list_for_each_safe(pos, n, head)				\
	for (pos = (head)->next, n = pos->next;				\
	     !list_is_head(pos, (head));				\
	     pos = n, n = pos->next)
#define list_for_each_prev_safe(pos, n, head)				\
	for (pos = (head)->prev, n = pos->prev;				\
	     !list_is_head(pos, (head));				\
	     pos = n, n = pos->prev)

/* @pos runs over the entries of @head, linked by their @member. */
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, typeof(*pos), member);	\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_reverse(pos, head, member)			\
	for (pos = list_last_entry(head, typeof(*pos), member);		\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_prev_entry(pos, member))

/* Continue after (or before) @pos, which must be an entry or the head. */
#define list_for_each_entry_continue(pos, head, member)			\
	for (pos = list_next_entry(pos, member);			\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_continue_reverse(pos, head, member)		\
	for (pos = list_prev_entry(pos, member);			\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_prev_entry(pos, member))
/* Start at @pos itself. */
#define list_for_each_entry_from(pos, head, member)			\
	for (; !list_entry_is_head(pos, head, member);			\
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_from_reverse(pos, head, member)		\
	for (; !list_entry_is_head(pos, head, member);			\
	     pos = list_prev_entry(pos, member))

/* @pos may be deleted on the way: @n holds the next entry. */
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, typeof(*pos), member),	\
	     n = list_next_entry(pos, member);				\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_next_entry(n, member))
#define list_for_each_entry_safe_reverse(pos, n, head, member)		\
	for (pos = list_last_entry(head, typeof(*pos), member),		\
	     n = list_prev_entry(pos, member);				\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_prev_entry(n, member))
#define list_for_each_entry_safe_continue(pos, n, head, member)		\
	for (pos = list_next_entry(pos, member),			\
	     n = list_next_entry(pos, member);				\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_next_entry(n, member))
#define list_for_each_entry_safe_from(pos, n, head, member)		\
	for (n = list_next_entry(pos, member);				\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_next_entry(n, member))

/* Refresh @n after the list changed under a _safe iteration at @pos. */
#define list_safe_reset_next(pos, n, member)				\
	n = list_next_entry(pos, member)

/* --- hash lists ---------------------------------------------------------- */

#define HLIST_HEAD_INIT		{ .first = NULL }
#define HLIST_HEAD(name)	struct hlist_head name = { .first = NULL }
#define INIT_HLIST_HEAD(ptr)	((ptr)->first = NULL)

static inline void INIT_HLIST_NODE(struct hlist_node *h)
{
	h->next = NULL;
	h->pprev = NULL;
}

/* Whether @h is on no list. */
static inline int hlist_unhashed(const struct hlist_node *h)
{
	return !h->pprev;
}

static inline int hlist_unhashed_lockless(const struct hlist_node *h)
{
	return !h->pprev;
}

static inline int hlist_empty(const struct hlist_head *h)
{
	return !h->first;
}

static inline void __hlist_del(struct hlist_node *n)
{
	struct hlist_node *next = n->next;
	struct hlist_node **pprev = n->pprev;

	*pprev = next;
	if (next)
		next->pprev = pprev;
}

/* Unlink @n and poison it. */
static inline void hlist_del(struct hlist_node *n)
{
	__hlist_del(n);
	n->next = LIST_POISON1;
	n->pprev = LIST_POISON2;
}

/* Unlink @n if it is on a list, and mark it unhashed. */
static inline void hlist_del_init(struct hlist_node *n)
{
	if (!hlist_unhashed(n)) {
		__hlist_del(n);
		INIT_HLIST_NODE(n);
	}
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

/* Insert @n before @next, which must be on a list. */
static inline void hlist_add_before(struct hlist_node *n,
				    struct hlist_node *next)
{
	n->pprev = next->pprev;
	n->next = next;
	next->pprev = &n->next;
	*(n->pprev) = n;
}

/* Insert @n after @prev. */
static inline void hlist_add_behind(struct hlist_node *n,
				    struct hlist_node *prev)
{
	n->next = prev->next;
	prev->next = n;
	n->pprev = &prev->next;
	if (n->next)
		n->next->pprev = &n->next;
}

/* A node that looks hashed but is on no list: hlist_del() is harmless. */
static inline void hlist_add_fake(struct hlist_node *n)
{
	n->pprev = &n->next;
}

static inline bool hlist_fake(struct hlist_node *h)
{
	return h->pprev == &h->next;
}

/* Whether @n is the only node of the list starting at @h. */
static inline bool hlist_is_singular_node(struct hlist_node *n,
					  struct hlist_head *h)
{
	return !n->next && n->pprev == &h->first;
}

/* Move the whole list from @old to @new; @old becomes empty. */
static inline void hlist_move_list(struct hlist_head *old,
				   struct hlist_head *new)
{
	new->first = old->first;
	if (new->first)
		new->first->pprev = &new->first;
	old->first = NULL;
}

#define hlist_entry(ptr, type, member)	container_of(ptr, type, member)
#define hlist_entry_safe(ptr, type, member)				\
	({								\
		typeof(ptr) __hes_ptr = (ptr);				\
		__hes_ptr ? hlist_entry(__hes_ptr, type, member) : NULL; \
	})

#define hlist_for_each(pos, head)					\
	for (pos = (head)->first; pos; pos = pos->next)
#define hlist_for_each_safe(pos, n, head)				\
	for (pos = (head)->first; pos && ({ n = pos->next; 1; }); pos = n)

#define hlist_for_each_entry(pos, head, member)				\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member); \
	     pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), \
				    member))
#define hlist_for_each_entry_continue(pos, member)			\
	for (pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), \
				    member);				\
	     pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), \
				    member))
#define hlist_for_each_entry_from(pos, member)				\
	for (; pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), \
				    member))
/* @pos may be deleted: @n holds the next node. */
#define hlist_for_each_entry_safe(pos, n, head, member)			\
	for (pos = hlist_entry_safe((head)->first, typeof(*pos), member); \
	     pos && ({ n = pos->member.next; 1; });			\
	     pos = hlist_entry_safe(n, typeof(*pos), member))

static inline size_t hlist_count_nodes(struct hlist_head *head)
{
	struct hlist_node *pos;
	size_t count = 0;

	hlist_for_each(pos, head)
		count++;
	return count;
}

#endif /* _LINUX_LIST_H */
