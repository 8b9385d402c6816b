/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _KREF_H_
#define _KREF_H_

#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>

struct kref {
	refcount_t refcount;
};

#define KREF_INIT(n)	{ .refcount = REFCOUNT_INIT(n), }

#define kref_init(k)	__refcount_set(&(k)->refcount, 1, SIM_AT(#k))
#define kref_read(k)	__refcount_read(&(k)->refcount, SIM_AT(#k))
#define kref_get(k)	__refcount_add(1, &(k)->refcount, NULL, SIM_AT(#k))
#define kref_get_unless_zero(k)						\
	__refcount_add_not_zero(1, &(k)->refcount, NULL, SIM_AT(#k))

/* Returns 1 if @release was called (the object is gone). */
#define kref_put(k, release)						\
	({								\
		struct kref *__k = (k);					\
		int __gone = __refcount_sub_and_test(1, &__k->refcount,	\
						     NULL, SIM_AT(#k));	\
		if (__gone)						\
			(release)(__k);					\
		__gone;							\
	})

#define kref_put_mutex(k, release, lock)				\
	({								\
		struct kref *__k = (k);					\
		int __gone = __refcount_dec_and_mutex_lock(		\
			&__k->refcount, (lock), SIM_AT(#k));		\
		if (__gone)						\
			(release)(__k);					\
		__gone;							\
	})

#define kref_put_lock(k, release, lock)					\
	({								\
		struct kref *__k = (k);					\
		int __gone = __refcount_dec_and_lock(&__k->refcount,	\
						     (lock), SIM_AT(#k));	\
		if (__gone)						\
			(release)(__k);					\
		__gone;							\
	})

#endif /* _KREF_H_ */
