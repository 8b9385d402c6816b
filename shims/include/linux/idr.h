/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IDA: allocation of small integer ids.  The ids in use are kept in a
 * sorted array from the slab shim: an allocation may fail (fail-nth) and
 * an IDA not emptied and destroyed is a leak.  ida_free() of an id that is
 * not allocated WARNs, as the kernel does.
 */
#ifndef __IDR_H__
#define __IDR_H__

#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/types.h>
/* as in the kernel, where idr.h reaches xarray.h through radix-tree.h */
#include <linux/xarray.h>

struct ida {
	spinlock_t lock;
	unsigned int nr, cap;
	unsigned int *ids;
};

#define IDA_INIT(name)	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock) }
#define DEFINE_IDA(name)	struct ida name = IDA_INIT(name)

#define ida_init(ida)							\
	do {								\
		spin_lock_init(&(ida)->lock);				\
		(ida)->nr = (ida)->cap = 0;				\
		(ida)->ids = NULL;					\
	} while (0)

/* The lowest free id in [min, max], or -ENOMEM / -ENOSPC. */
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max,
		    gfp_t gfp);
void ida_free(struct ida *ida, unsigned int id);
/* The lowest id in use in [@min, @max], or -ENOENT. */
int ida_find_first_range(struct ida *ida, unsigned int min, unsigned int max);

static inline int ida_find_first(struct ida *ida)
{
	return ida_find_first_range(ida, 0, ~0u);
}

static inline bool ida_exists(struct ida *ida, unsigned int id)
{
	return ida_find_first_range(ida, id, id) == (int)id;
}
void ida_destroy(struct ida *ida);
bool ida_is_empty(const struct ida *ida);

static inline int ida_alloc(struct ida *ida, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, ~0u >> 1, gfp);
}

static inline int ida_alloc_min(struct ida *ida, unsigned int min, gfp_t gfp)
{
	return ida_alloc_range(ida, min, ~0u >> 1, gfp);
}

static inline int ida_alloc_max(struct ida *ida, unsigned int max, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, max, gfp);
}

#endif /* __IDR_H__ */
