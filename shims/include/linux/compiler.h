/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Branch hints, compiler barriers and the marked accesses READ_ONCE() and
 * WRITE_ONCE().
 *
 * A marked access is where kernel code says "another CPU may touch this
 * concurrently", so each one is a scheduling point: the explorer may run
 * another thread between any two of them.  The point comes first, then the
 * access itself, which nothing can interrupt.  data_race() marks an
 * intentional race that is not interesting to interleave: no point, and
 * the race detector does not look at it.
 */
#ifndef __LINUX_COMPILER_H
#define __LINUX_COMPILER_H

#include <linux/compiler_types.h>

#include "sim/race.h"
#include "sim/sched.h"

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define likely_notrace(x)	likely(x)
#define unlikely_notrace(x)	unlikely(x)

#define barrier()		__asm__ __volatile__("" : : : "memory")
#define barrier_data(ptr)						\
	__asm__ __volatile__("" : : "r"(ptr) : "memory")
#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "=r" (var) : "0" (var))
#define unreachable()		__builtin_unreachable()

/*
 * 1 when @x is an integer constant expression, else 0; itself a constant
 * expression.  A null pointer constant turns the conditional's type into
 * int *; any other void * keeps it void *.
 */
#define __is_constexpr(x)						\
	_Generic((1 ? (void *)((long)(x) * 0l) : (int *)1),		\
		 int *: 1, default: 0)

#define is_signed_type(type)	(((type)(-1)) < (type)1)
#define is_unsigned_type(type)	(!is_signed_type(type))

/* 0, or a build error when @a is a pointer rather than an array. */
#define __must_be_array(a)						\
	__SIM_ZERO_OR_BUILD_ERROR(__same_type((a), &(a)[0]))

#define __READ_ONCE(x)							\
	(*(const volatile __unqual_scalar_typeof(x) *)&(x))
#define __WRITE_ONCE(x, val)						\
	do {								\
		*(volatile typeof(x) *)&(x) = (val);			\
	} while (0)

#define READ_ONCE(x)							\
	({								\
		typeof(&(x)) __ro_ptr = &(x);				\
		sim_point(SIM_OP_READ, __ro_ptr, "READ_ONCE", SIM_AT(#x)); \
		*(const volatile typeof(x) *)__ro_ptr;			\
	})

#define WRITE_ONCE(x, val)						\
	do {								\
		typeof(&(x)) __wo_ptr = &(x);				\
		typeof(x) __wo_val = (val);				\
		sim_point(SIM_OP_WRITE, __wo_ptr, "WRITE_ONCE", SIM_AT(#x)); \
		*(volatile typeof(x) *)__wo_ptr = __wo_val;		\
	} while (0)

/* The accesses of @expr are not checked by the race detector. */
#define data_race(expr)							\
	({								\
		__unqual_scalar_typeof(({ expr; })) __dr_val;		\
		sim_race_disable_current();				\
		__dr_val = ({ expr; });					\
		sim_race_enable_current();				\
		__dr_val;						\
	})

#endif /* __LINUX_COMPILER_H */
