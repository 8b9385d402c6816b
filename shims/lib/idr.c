// SPDX-License-Identifier: GPL-2.0-only
/* IDA as a sorted array of the ids in use. */
#include <string.h>

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/idr.h>
#include <linux/slab.h>

/* Room for one more id; the lock is dropped around a sleeping allocation. */
static int ida_reserve(struct ida *ida, gfp_t gfp)
{
	while (ida->nr == ida->cap) {
		unsigned int cap = ida->cap ? ida->cap * 2 : 8;
		bool blocking = gfpflags_allow_blocking(gfp);
		unsigned int *n;

		if (blocking)
			spin_unlock(&ida->lock);
		n = kmalloc_array(cap, sizeof(*n), gfp);
		if (blocking)
			spin_lock(&ida->lock);
		if (!n)
			return -ENOMEM;
		if (ida->cap >= cap) {
			kfree(n);
			continue;
		}
		if (ida->nr)
			memcpy(n, ida->ids, ida->nr * sizeof(*n));
		kfree(ida->ids);
		ida->ids = n;
		ida->cap = cap;
	}
	return 0;
}

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max,
		    gfp_t gfp)
{
	unsigned int pos, id;
	int err;

	if ((int)min < 0)
		return -ENOSPC;
	if ((int)max < 0)
		max = ~0u >> 1;
	spin_lock(&ida->lock);
	err = ida_reserve(ida, gfp);
	if (err) {
		spin_unlock(&ida->lock);
		return err;
	}
	/* the lowest free id >= min: walk the sorted ids */
	id = min;
	for (pos = 0; pos < ida->nr && ida->ids[pos] <= id; pos++)
		if (ida->ids[pos] == id)
			id++;
	if (id > max) {
		spin_unlock(&ida->lock);
		return -ENOSPC;
	}
	memmove(&ida->ids[pos + 1], &ida->ids[pos],
		(ida->nr - pos) * sizeof(ida->ids[0]));
	ida->ids[pos] = id;
	ida->nr++;
	spin_unlock(&ida->lock);
	return (int)id;
}

int ida_find_first_range(struct ida *ida, unsigned int min, unsigned int max)
{
	int found = -ENOENT;

	if ((int)min < 0)
		return -ENOENT;
	spin_lock(&ida->lock);
	for (unsigned int pos = 0; pos < ida->nr; pos++) {
		if (ida->ids[pos] < min)
			continue;
		if (ida->ids[pos] <= max)
			found = (int)ida->ids[pos];
		break;
	}
	spin_unlock(&ida->lock);
	return found;
}

void ida_free(struct ida *ida, unsigned int id)
{
	unsigned int pos;

	spin_lock(&ida->lock);
	for (pos = 0; pos < ida->nr; pos++)
		if (ida->ids[pos] == id)
			break;
	if (pos == ida->nr) {
		spin_unlock(&ida->lock);
		WARN(1, "ida_free called for id=%u which is not allocated.",
		     id);
		return;
	}
	memmove(&ida->ids[pos], &ida->ids[pos + 1],
		(ida->nr - pos - 1) * sizeof(ida->ids[0]));
	if (!--ida->nr) {
		kfree(ida->ids);
		ida->ids = NULL;
		ida->cap = 0;
	}
	spin_unlock(&ida->lock);
}

void ida_destroy(struct ida *ida)
{
	spin_lock(&ida->lock);
	kfree(ida->ids);
	ida->ids = NULL;
	ida->nr = ida->cap = 0;
	spin_unlock(&ida->lock);
}

bool ida_is_empty(const struct ida *ida)
{
	return ida->nr == 0;
}
