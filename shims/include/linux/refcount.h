/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * refcount_t with the kernel's semantics: increments from zero, underflows
 * and overflows saturate the counter and WARN (here: fail the execution
 * with the kernel's refcount_t message).  Each operation is one scheduling
 * point.  A counter read from freed, poisoned memory is reported as a
 * use-after-free.
 */
#ifndef _LINUX_REFCOUNT_H
#define _LINUX_REFCOUNT_H

#include <limits.h>
#include <stdbool.h>

#include <linux/atomic.h>

struct mutex;
struct spinlock;

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n), }
#define REFCOUNT_MAX		INT_MAX
#define REFCOUNT_SATURATED	(INT_MIN / 2)

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

void __refcount_set(refcount_t *r, int n, const struct sim_loc *loc);
int __refcount_read(const refcount_t *r, const struct sim_loc *loc);
bool __refcount_add_not_zero(int i, refcount_t *r, int *oldp,
			     const struct sim_loc *loc);
void __refcount_add(int i, refcount_t *r, int *oldp,
		    const struct sim_loc *loc);
bool __refcount_sub_and_test(int i, refcount_t *r, int *oldp,
			     const struct sim_loc *loc);
void __refcount_dec(refcount_t *r, int *oldp, const struct sim_loc *loc);
bool __refcount_dec_not_one(refcount_t *r, const struct sim_loc *loc);
bool __refcount_dec_if_one(refcount_t *r, const struct sim_loc *loc);
bool __refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock,
				   const struct sim_loc *loc);
bool __refcount_dec_and_lock(refcount_t *r, struct spinlock *lock,
			     const struct sim_loc *loc);

#define refcount_set(r, n)	__refcount_set((r), (n), SIM_AT(#r))
#define refcount_read(r)	__refcount_read((r), SIM_AT(#r))
#define refcount_add_not_zero(i, r)					\
	__refcount_add_not_zero((i), (r), NULL, SIM_AT(#r))
#define refcount_inc_not_zero(r)					\
	__refcount_add_not_zero(1, (r), NULL, SIM_AT(#r))
#define refcount_add(i, r)	__refcount_add((i), (r), NULL, SIM_AT(#r))
#define refcount_inc(r)		__refcount_add(1, (r), NULL, SIM_AT(#r))
#define refcount_sub_and_test(i, r)					\
	__refcount_sub_and_test((i), (r), NULL, SIM_AT(#r))
#define refcount_dec_and_test(r)					\
	__refcount_sub_and_test(1, (r), NULL, SIM_AT(#r))
#define refcount_dec(r)		__refcount_dec((r), NULL, SIM_AT(#r))
#define refcount_dec_not_one(r)	__refcount_dec_not_one((r), SIM_AT(#r))
#define refcount_dec_if_one(r)	__refcount_dec_if_one((r), SIM_AT(#r))
#define refcount_dec_and_mutex_lock(r, l)				\
	__refcount_dec_and_mutex_lock((r), (l), SIM_AT(#r))
#define refcount_dec_and_lock(r, l)					\
	__refcount_dec_and_lock((r), (l), SIM_AT(#r))
#define refcount_dec_and_lock_irqsave(r, l, flags)			\
	({ *(flags) = 0; __refcount_dec_and_lock((r), (l), SIM_AT(#r)); })

/*
 * Where each live refcount_t was set, so that a leak report can show the
 * counters inside a leaked object.  Filled only while leak checks are on.
 */
int sim_refcount_describe(const void *obj, unsigned long size, char *buf,
			  unsigned long len);

#endif /* _LINUX_REFCOUNT_H */
