/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xarray: a map from unsigned long indices to pointers, with the kernel's
 * locking rules.  xa_*() take the array's spinlock; __xa_*() expect it
 * held (and assert so) and, for a sleeping allocation, drop and retake it
 * around the allocation as the kernel does.  Storage is a sorted array
 * allocated through the slab shim, so its allocations can be failed
 * (fail-nth) and leaks are seen (an xarray not emptied by xa_destroy()).
 * Index ranges, marks and multi-index entries are not modelled.
 */
#ifndef _LINUX_XARRAY_H
#define _LINUX_XARRAY_H

#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct xa_slot {
	unsigned long index;
	void *entry;
};

struct xarray {
	spinlock_t xa_lock;
	unsigned int xa_flags;
	unsigned int nr, cap;
	struct xa_slot *slots;
};

#define XA_FLAGS_ALLOC		(1u << 0)

#define XARRAY_INIT(name, flags)					\
	{ .xa_lock = __SPIN_LOCK_UNLOCKED(name.xa_lock),		\
	  .xa_flags = (flags) }
#define DEFINE_XARRAY_FLAGS(name, flags)				\
	struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name)	DEFINE_XARRAY_FLAGS(name, 0)

/*
 * Errors travel as internal entries, as in the kernel: xa_err() turns one
 * back into -errno, xa_is_err() recognises it.
 */
static inline void *xa_mk_err(int err)
{
	return (void *)(((unsigned long)-err << 2) | 2);
}

static inline bool xa_is_err(const void *entry)
{
	return ((unsigned long)entry & 3) == 2 &&
	       (unsigned long)entry <= ((unsigned long)MAX_ERRNO << 2 | 2);
}

static inline int xa_err(void *entry)
{
	return xa_is_err(entry) ? -(int)((unsigned long)entry >> 2) : 0;
}

#define xa_init_flags(xa, flags)					\
	do {								\
		spin_lock_init(&(xa)->xa_lock);				\
		(xa)->xa_flags = (flags);				\
		(xa)->nr = (xa)->cap = 0;				\
		(xa)->slots = NULL;					\
	} while (0)
#define xa_init(xa)		xa_init_flags(xa, 0)

#define xa_lock(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa)		spin_unlock(&(xa)->xa_lock)
#define xa_lock_irq(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock_irq(xa)	spin_unlock(&(xa)->xa_lock)

void *__sim_xa_load(struct xarray *xa, unsigned long index,
		    const struct sim_loc *loc);
void *__xa_store(struct xarray *xa, unsigned long index, void *entry,
		 gfp_t gfp);
void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		   void *entry, gfp_t gfp);
void *__xa_erase(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry,
	       gfp_t gfp);
void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		 void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_destroy(struct xarray *xa);
/* The first entry at an index >= *index, or NULL; *index is updated. */
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max);
void *xa_find_after(struct xarray *xa, unsigned long *index,
		    unsigned long max);
bool xa_empty(const struct xarray *xa);

/* Lock-free lookup in the kernel (RCU): a scheduling point here. */
#define xa_load(xa, index)	__sim_xa_load((xa), (index), SIM_AT(#xa))

#define xa_for_each(xa, index, entry)					\
	for ((index) = 0, (entry) = xa_find((xa), &(index), ~0ul);	\
	     (entry); (entry) = xa_find_after((xa), &(index), ~0ul))

#endif /* _LINUX_XARRAY_H */
