/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * atomic_t and atomic64_t.  Every operation is one scheduling point and
 * then happens indivisibly: the scheduler runs one thread at a time, so an
 * operation between two points is atomic and sequentially consistent.
 * Weak-memory reorderings are not modelled.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <stdbool.h>

#include <asm/barrier.h>
#include <linux/types.h>

#include "sim/race.h"
#include "sim/sched.h"

typedef atomic64_t atomic_long_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

#define __SIM_ATOMIC_POINT(v, name)					\
	sim_point(SIM_OP_ATOMIC, (v), name, SIM_AT(#v))

/*
 * One definition per operation for both widths: @sfx is "" or "64".  The
 * statement expressions evaluate @v once.
 */
/*
 * The kernel's atomics wrap: the arithmetic is done unsigned.  Every access
 * to the counter is volatile: a marked access for the race detector.
 */
#define __SIM_AC(v)	(*(volatile __typeof__((v)->counter) *)&(v)->counter)
#define __SIM_ATOMIC_OPS(sfx, T)					\
static inline T __sim_atomic##sfx##_read(const atomic##sfx##_t *v)		\
{ return __SIM_AC(v); }							\
static inline void __sim_atomic##sfx##_set(atomic##sfx##_t *v, T i)		\
{ __SIM_AC(v) = i; }							\
static inline T __sim_atomic##sfx##_fetch_add(atomic##sfx##_t *v, T i)	\
{ T old = __SIM_AC(v);							\
  __SIM_AC(v) = (T)((unsigned T)old + (unsigned T)i); return old; }	\
static inline T __sim_atomic##sfx##_add_return(atomic##sfx##_t *v, T i)	\
{ __sim_atomic##sfx##_fetch_add(v, i); return __SIM_AC(v); }		\
static inline T __sim_atomic##sfx##_xchg(atomic##sfx##_t *v, T i)		\
{ T old = __SIM_AC(v); __SIM_AC(v) = i; return old; }			\
static inline T __sim_atomic##sfx##_cmpxchg(atomic##sfx##_t *v, T o, T n)	\
{ T old = __SIM_AC(v); if (old == o) __SIM_AC(v) = n; return old; }	\
static inline T __sim_atomic##sfx##_fetch_and(atomic##sfx##_t *v, T i)	\
{ T old = __SIM_AC(v); __SIM_AC(v) = old & i; return old; }		\
static inline T __sim_atomic##sfx##_fetch_or(atomic##sfx##_t *v, T i)	\
{ T old = __SIM_AC(v); __SIM_AC(v) = old | i; return old; }		\
static inline T __sim_atomic##sfx##_fetch_xor(atomic##sfx##_t *v, T i)	\
{ T old = __SIM_AC(v); __SIM_AC(v) = old ^ i; return old; }

__SIM_ATOMIC_OPS(, int)
__SIM_ATOMIC_OPS(64, long long)

/*
 * Ordering (Documentation/atomic_t.txt, "ORDERING"): the non-value-
 * returning operations and atomic_set() are unordered; the value-returning
 * ones are fully ordered, which for the race detector is an acquire and a
 * release on the variable (sim/race.h).
 */
#define __SIM_AOP(v, name, expr)					\
	({ __SIM_ATOMIC_POINT(v, name); sim_hb_acq_rel(v); expr; })
#define __SIM_AOPN(v, name, expr)					\
	({ __SIM_ATOMIC_POINT(v, name); expr; })
/*
 * An addition that returns nothing: partial-order reduction lets it
 * commute with the other updates of the counter (sim_note_counter()).
 */
#define __SIM_AADD(sfx, v, name, i)					\
	((void)__SIM_AOPN(v, name, ({					\
		long long __ai = (i);					\
		long __old = (long)__sim_atomic##sfx##_fetch_add((v), __ai); \
		sim_note_counter((v), __old, (long)__ai,		\
				 SIM_COUNTER_BLIND); })))

/* a read: partial-order reduction lets two reads commute */
#define atomic_read(v)							\
	({ sim_point(SIM_OP_READ, (v), "atomic_read", SIM_AT(#v));	\
	   __sim_atomic_read(v); })
#define atomic_set(v, i)						\
	__SIM_AOPN(v, "atomic_set", __sim_atomic_set((v), (i)))
#define atomic_fetch_add(i, v)						\
	__SIM_AOP(v, "atomic_fetch_add", __sim_atomic_fetch_add((v), (i)))
#define atomic_fetch_sub(i, v)						\
	__SIM_AOP(v, "atomic_fetch_sub", __sim_atomic_fetch_add((v), -(i)))
#define atomic_fetch_inc(v)						\
	__SIM_AOP(v, "atomic_fetch_inc", __sim_atomic_fetch_add((v), 1))
#define atomic_fetch_dec(v)						\
	__SIM_AOP(v, "atomic_fetch_dec", __sim_atomic_fetch_add((v), -1))
#define atomic_add(i, v)	\
	__SIM_AADD(, v, "atomic_add", (i))
#define atomic_sub(i, v)	\
	__SIM_AADD(, v, "atomic_sub", -(i))
#define atomic_inc(v)	\
	__SIM_AADD(, v, "atomic_inc", 1)
#define atomic_dec(v)	\
	__SIM_AADD(, v, "atomic_dec", -1)
#define atomic_add_return(i, v)						\
	__SIM_AOP(v, "atomic_add_return",				\
		  __sim_atomic_add_return((v), (i)))
#define atomic_sub_return(i, v)						\
	__SIM_AOP(v, "atomic_sub_return",				\
		  __sim_atomic_add_return((v), -(i)))
#define atomic_inc_return(v)						\
	__SIM_AOP(v, "atomic_inc_return", __sim_atomic_add_return((v), 1))
#define atomic_dec_return(v)						\
	__SIM_AOP(v, "atomic_dec_return", __sim_atomic_add_return((v), -1))
#define atomic_inc_and_test(v)	(atomic_inc_return(v) == 0)
/* true at 1: what it tests (sim_note_counter()) */
#define atomic_dec_and_test(v)						\
	__SIM_AOP(v, "atomic_dec_and_test",				\
		  ({ int __o = __sim_atomic_fetch_add((v), -1);		\
		     sim_note_counter((v), __o, -1, 1);			\
		     __o == 1; }))
#define atomic_sub_and_test(i, v) (atomic_sub_return((i), (v)) == 0)
#define atomic_add_negative(i, v) (atomic_add_return((i), (v)) < 0)
#define atomic_xchg(v, i)						\
	__SIM_AOP(v, "atomic_xchg", __sim_atomic_xchg((v), (i)))
#define atomic_cmpxchg(v, o, n)						\
	__SIM_AOP(v, "atomic_cmpxchg", __sim_atomic_cmpxchg((v), (o), (n)))
#define atomic_try_cmpxchg(v, po, n)					\
	({								\
		int *__po = (po);					\
		int __o = *__po;					\
		int __r = atomic_cmpxchg((v), __o, (n));		\
		if (__r != __o)						\
			*__po = __r;					\
		__r == __o;						\
	})
#define atomic_fetch_add_unless(v, a, u)				\
	__SIM_AOP(v, "atomic_fetch_add_unless",			\
		  ({ int __c = __sim_atomic_read(v);			\
		     if (__c != (u))					\
			__sim_atomic_fetch_add((v), (a));		\
		     __c; }))
/* Decrements unless that would go negative; returns the new value. */
#define atomic_dec_if_positive(v)					\
	__SIM_AOP(v, "atomic_dec_if_positive",				\
		  ({ int __c = __sim_atomic_read(v);			\
		     if (__c > 0)					\
			__sim_atomic_fetch_add((v), -1);		\
		     __c - 1; }))
#define atomic_add_unless(v, a, u)	(atomic_fetch_add_unless(v, a, u) != (u))
/* refuses at 0: what it tests (sim_note_counter()) */
#define atomic_inc_not_zero(v)						\
	__SIM_AOP(v, "atomic_inc_not_zero",				\
		  ({ int __c = __sim_atomic_read(v);			\
		     if (__c)						\
			__sim_atomic_fetch_add((v), 1);			\
		     sim_note_counter((v), __c, __c ? 1 : 0, 0);	\
		     __c != 0; }))
#define atomic_and(i, v)						\
	((void)__SIM_AOPN(v, "atomic_and", __sim_atomic_fetch_and((v), (i))))
#define atomic_or(i, v)							\
	((void)__SIM_AOPN(v, "atomic_or", __sim_atomic_fetch_or((v), (i))))
#define atomic_xor(i, v)						\
	((void)__SIM_AOPN(v, "atomic_xor", __sim_atomic_fetch_xor((v), (i))))
#define atomic_fetch_or(i, v)						\
	__SIM_AOP(v, "atomic_fetch_or", __sim_atomic_fetch_or((v), (i)))
#define atomic_fetch_and(i, v)						\
	__SIM_AOP(v, "atomic_fetch_and", __sim_atomic_fetch_and((v), (i)))

#define atomic64_read(v)						\
	({ sim_point(SIM_OP_READ, (v), "atomic64_read", SIM_AT(#v));	\
	   __sim_atomic64_read(v); })
#define atomic64_set(v, i)						\
	__SIM_AOPN(v, "atomic64_set", __sim_atomic64_set((v), (i)))
#define atomic64_add(i, v)	\
	__SIM_AADD(64, v, "atomic64_add", (i))
#define atomic64_sub(i, v)	\
	__SIM_AADD(64, v, "atomic64_sub", -(i))
#define atomic64_inc(v)	\
	__SIM_AADD(64, v, "atomic64_inc", 1)
#define atomic64_dec(v)	\
	__SIM_AADD(64, v, "atomic64_dec", -1)
#define atomic64_add_return(i, v)					\
	__SIM_AOP(v, "atomic64_add_return",				\
		  __sim_atomic64_add_return((v), (i)))
#define atomic64_inc_return(v)						\
	__SIM_AOP(v, "atomic64_inc_return",				\
		  __sim_atomic64_add_return((v), 1))
#define atomic64_dec_return(v)						\
	__SIM_AOP(v, "atomic64_dec_return",				\
		  __sim_atomic64_add_return((v), -1))
#define atomic64_dec_and_test(v)	(atomic64_dec_return(v) == 0)
#define atomic64_fetch_add(i, v)					\
	__SIM_AOP(v, "atomic64_fetch_add", __sim_atomic64_fetch_add((v), (i)))
#define atomic64_xchg(v, i)						\
	__SIM_AOP(v, "atomic64_xchg", __sim_atomic64_xchg((v), (i)))
#define atomic64_cmpxchg(v, o, n)					\
	__SIM_AOP(v, "atomic64_cmpxchg", __sim_atomic64_cmpxchg((v), (o), (n)))

#define atomic_long_read	atomic64_read
#define atomic_long_set		atomic64_set
#define atomic_long_inc		atomic64_inc
#define atomic_long_dec		atomic64_dec
#define atomic_long_add		atomic64_add
#define atomic_long_sub		atomic64_sub

#endif /* _LINUX_ATOMIC_H */
