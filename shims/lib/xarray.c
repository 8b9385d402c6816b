// SPDX-License-Identifier: GPL-2.0-only
/*
 * xarray as a sorted array of (index, entry) slots.  Lookups are binary
 * searches; the simulation's xarrays hold a handful of entries.
 */
#include <string.h>

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "sim/race.h"

/* Position of @index, or where it would go. */
static unsigned int xa_pos(const struct xarray *xa, unsigned long index)
{
	unsigned int lo = 0, hi = xa->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (xa->slots[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void *xa_lookup(const struct xarray *xa, unsigned long index)
{
	unsigned int pos = xa_pos(xa, index);

	if (pos < xa->nr && xa->slots[pos].index == index)
		return xa->slots[pos].entry;
	return NULL;
}

/*
 * Room for one more slot; called and returns with xa_lock held.  A
 * sleeping allocation is made with the lock dropped, as __xas_nomem()
 * does, so the array may change meanwhile: callers look up afterwards.
 */
static int xa_reserve(struct xarray *xa, gfp_t gfp)
{
	while (xa->nr == xa->cap) {
		unsigned int cap = xa->cap ? xa->cap * 2 : 4;
		bool blocking = gfpflags_allow_blocking(gfp);
		struct xa_slot *n;

		if (blocking)
			xa_unlock(xa);
		n = kmalloc_array(cap, sizeof(*n), gfp);
		if (blocking)
			xa_lock(xa);
		if (!n)
			return -ENOMEM;
		if (xa->cap >= cap) {
			kfree(n);
			continue;
		}
		if (xa->nr)
			memcpy(n, xa->slots, xa->nr * sizeof(*n));
		kfree(xa->slots);
		xa->slots = n;
		xa->cap = cap;
	}
	return 0;
}

static void xa_remove_at(struct xarray *xa, unsigned int pos)
{
	memmove(&xa->slots[pos], &xa->slots[pos + 1],
		(xa->nr - pos - 1) * sizeof(xa->slots[0]));
	xa->nr--;
	if (!xa->nr) {
		kfree(xa->slots);
		xa->slots = NULL;
		xa->cap = 0;
	}
}

void *__sim_xa_load(struct xarray *xa, unsigned long index,
		    const struct sim_loc *loc)
{
	void *entry;

	sim_point(SIM_OP_READ, xa, "xa_load", loc);
	entry = xa_lookup(xa, index);
	/* an entry is published by rcu_assign_pointer(): acquire it */
	if (entry)
		sim_hb_acquire(xa);
	return entry;
}

void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		   void *entry, gfp_t gfp)
{
	unsigned int pos;
	void *curr;

	lockdep_assert_held(&xa->xa_lock);
	if (WARN_ON_ONCE(xa_is_err(entry)))
		return xa_mk_err(-EINVAL);
	curr = xa_lookup(xa, index);
	if (curr != old)
		return curr;
	if (!entry) {
		if (curr)
			xa_remove_at(xa, xa_pos(xa, index));
		return curr;
	}
	if (!curr) {
		int err = xa_reserve(xa, gfp);

		if (err)
			return xa_mk_err(err);
		/* the lock may have been dropped: look again */
		curr = xa_lookup(xa, index);
		if (curr != old)
			return curr;
	}
	pos = xa_pos(xa, index);
	if (!curr) {
		memmove(&xa->slots[pos + 1], &xa->slots[pos],
			(xa->nr - pos) * sizeof(xa->slots[0]));
		xa->slots[pos].index = index;
		xa->nr++;
	}
	sim_hb_release(xa);
	xa->slots[pos].entry = entry;
	return curr;
}

void *__xa_store(struct xarray *xa, unsigned long index, void *entry,
		 gfp_t gfp)
{
	for (;;) {
		void *curr = xa_lookup(xa, index);
		void *ret = __xa_cmpxchg(xa, index, curr, entry, gfp);

		if (ret == curr || xa_is_err(ret))
			return ret;
		/* changed while the lock was dropped: store again */
	}
}

void *__xa_erase(struct xarray *xa, unsigned long index)
{
	unsigned int pos;
	void *curr;

	lockdep_assert_held(&xa->xa_lock);
	curr = xa_lookup(xa, index);
	if (curr) {
		pos = xa_pos(xa, index);
		xa_remove_at(xa, pos);
	}
	return curr;
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry,
	       gfp_t gfp)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_store(xa, index, entry, gfp);
	xa_unlock(xa);
	return curr;
}

void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		 void *entry, gfp_t gfp)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_cmpxchg(xa, index, old, entry, gfp);
	xa_unlock(xa);
	return curr;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_erase(xa, index);
	xa_unlock(xa);
	return curr;
}

void xa_destroy(struct xarray *xa)
{
	xa_lock(xa);
	kfree(xa->slots);
	xa->slots = NULL;
	xa->nr = xa->cap = 0;
	xa_unlock(xa);
}

void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max)
{
	unsigned int pos;
	void *entry = NULL;

	xa_lock(xa);
	pos = xa_pos(xa, *index);
	if (pos < xa->nr && xa->slots[pos].index <= max) {
		*index = xa->slots[pos].index;
		entry = xa->slots[pos].entry;
	}
	xa_unlock(xa);
	return entry;
}

void *xa_find_after(struct xarray *xa, unsigned long *index,
		    unsigned long max)
{
	unsigned long next = *index + 1;
	void *entry;

	if (!next)
		return NULL;
	entry = xa_find(xa, &next, max);
	if (entry)
		*index = next;
	return entry;
}

bool xa_empty(const struct xarray *xa)
{
	return xa->nr == 0;
}
