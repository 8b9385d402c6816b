/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory barriers.  Simulated threads run one at a time on one CPU, so
 * memory is sequentially consistent and a barrier only has to stop the
 * compiler.  The acquire/release accesses are marked accesses like
 * READ_ONCE()/WRITE_ONCE(), hence scheduling points, and for the race
 * detector an edge from the release to the acquire that reads it.  The
 * bare barriers make no edge (docs/race-detector.md).
 *
 * Each macro is only defined if no other header defined it first.
 */
#ifndef _ASM_X86_BARRIER_H
#define _ASM_X86_BARRIER_H

#include <linux/compiler.h>

#include <asm/processor.h>

#ifndef mb
#define mb()		barrier()
#endif
#ifndef rmb
#define rmb()		barrier()
#endif
#ifndef wmb
#define wmb()		barrier()
#endif
#ifndef dma_rmb
#define dma_rmb()	barrier()
#endif
#ifndef dma_wmb
#define dma_wmb()	barrier()
#endif
#ifndef smp_mb
#define smp_mb()	barrier()
#endif
#ifndef smp_rmb
#define smp_rmb()	barrier()
#endif
#ifndef smp_wmb
#define smp_wmb()	barrier()
#endif
#ifndef __smp_mb
#define __smp_mb()	barrier()
#endif
#ifndef smp_mb__before_atomic
#define smp_mb__before_atomic()	barrier()
#endif
#ifndef smp_mb__after_atomic
#define smp_mb__after_atomic()	barrier()
#endif
#ifndef smp_mb__after_spinlock
#define smp_mb__after_spinlock()	barrier()
#endif
#ifndef smp_mb__after_unlock_lock
#define smp_mb__after_unlock_lock()	barrier()
#endif

#ifndef smp_store_mb
#define smp_store_mb(var, value)					\
	do {								\
		WRITE_ONCE(var, value);					\
		smp_mb();						\
	} while (0)
#endif

#ifndef smp_load_acquire
#define smp_load_acquire(p)						\
	({								\
		typeof(p) __la_ptr = (p);				\
		typeof(*(p)) __la_val;					\
		sim_point(SIM_OP_READ, __la_ptr, "smp_load_acquire",	\
			  SIM_AT(#p));					\
		__la_val = *(const volatile typeof(*(p)) *)__la_ptr;	\
		sim_hb_acquire(__la_ptr);				\
		__la_val;						\
	})
#endif

#ifndef smp_store_release
#define smp_store_release(p, v)						\
	do {								\
		typeof(p) __sr_ptr = (p);				\
		typeof(*(p)) __sr_val = (v);				\
		sim_point(SIM_OP_WRITE, __sr_ptr, "smp_store_release",	\
			  SIM_AT(#p));					\
		sim_hb_release(__sr_ptr);				\
		*(volatile typeof(*(p)) *)__sr_ptr = __sr_val;		\
	} while (0)
#endif

/*
 * Spin until @cond_expr, in which VAL is the value read from *@ptr, is
 * true; the value that satisfied it.  Each read is a READ_ONCE() and each
 * failed test a cpu_relax().
 */
#ifndef smp_cond_load_relaxed
#define smp_cond_load_relaxed(ptr, cond_expr)				\
	({								\
		typeof(ptr) __cl_ptr = (ptr);				\
		__unqual_scalar_typeof(*(ptr)) VAL;			\
									\
		for (;;) {						\
			VAL = READ_ONCE(*__cl_ptr);			\
			if (cond_expr)					\
				break;					\
			cpu_relax();					\
		}							\
		(typeof(*(ptr)))VAL;					\
	})
#endif
#ifndef smp_cond_load_acquire
#define smp_cond_load_acquire(ptr, cond_expr)				\
	smp_cond_load_relaxed(ptr, cond_expr)
#endif

#endif /* _ASM_X86_BARRIER_H */
