/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kmalloc family.  Every allocation is counted and remembered with its
 * call site: what is still allocated at the end of an execution is a leak.
 * The Nth allocation of an execution can be made to fail (fail-nth), and
 * sleeping allocations check might_sleep().  Freed memory goes to ASan's
 * quarantine in sanitizer builds; otherwise it is filled with 0x6b and kept
 * until the execution ends, so that shims can recognise a use after free.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <stdarg.h>
#include <stddef.h>

#include <linux/gfp.h>
#include <linux/overflow.h>

#include "sim/sched.h"

#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

void *__sim_kmalloc(size_t size, gfp_t flags, const struct sim_loc *loc);
void __sim_kfree(const void *p, const struct sim_loc *loc);
void *__sim_krealloc(const void *p, size_t size, gfp_t flags,
		     const struct sim_loc *loc);
char *__sim_kvasprintf(gfp_t flags, const struct sim_loc *loc,
		       const char *fmt, va_list ap);
char *__sim_kasprintf(gfp_t flags, const struct sim_loc *loc,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *__sim_kstrdup(const char *s, gfp_t flags, const struct sim_loc *loc);
char *__sim_kstrndup(const char *s, size_t max, gfp_t flags,
		     const struct sim_loc *loc);
void *__sim_kmemdup(const void *p, size_t len, gfp_t flags,
		    const struct sim_loc *loc);
size_t __sim_ksize(const void *p);

/* A real function too, for code that passes kfree as a callback. */
void kfree(const void *p);

#define kmalloc(size, flags)	__sim_kmalloc((size), (flags), SIM_HERE)
#define kzalloc(size, flags)						\
	__sim_kmalloc((size), (flags) | __GFP_ZERO, SIM_HERE)
#define kmalloc_array(n, size, flags)					\
	__sim_kmalloc_array((n), (size), (flags), SIM_HERE)
#define kcalloc(n, size, flags)						\
	__sim_kmalloc_array((n), (size), (flags) | __GFP_ZERO, SIM_HERE)
#define kvmalloc(size, flags)	kmalloc(size, flags)
#define kvzalloc(size, flags)	kzalloc(size, flags)
#define kvcalloc(n, size, flags)	kcalloc(n, size, flags)
#define kvmalloc_array(n, size, flags)	kmalloc_array(n, size, flags)
#define krealloc(p, size, flags)					\
	__sim_krealloc((p), (size), (flags), SIM_HERE)
#define kfree(p)		__sim_kfree((p), SIM_AT(#p))

/*
 * 7.x's typed allocations: kzalloc_obj(*p) is kzalloc(sizeof(*p)), the
 * GFP flags optional (GFP_KERNEL); the array forms check the
 * multiplication like kmalloc_array().
 */
#define __sim_pick_gfp(_dummy, _gfp, ...)	_gfp
#define __sim_default_gfp(...)						\
	__sim_pick_gfp(0, ##__VA_ARGS__, GFP_KERNEL)
#define kmalloc_obj(_p, ...)						\
	((typeof(_p) *)kmalloc(sizeof(typeof(_p)),			\
			       __sim_default_gfp(__VA_ARGS__)))
#define kzalloc_obj(_p, ...)						\
	((typeof(_p) *)kzalloc(sizeof(typeof(_p)),			\
			       __sim_default_gfp(__VA_ARGS__)))
#define kmalloc_objs(_p, _n, ...)					\
	((typeof(_p) *)kmalloc_array((_n), sizeof(typeof(_p)),		\
				     __sim_default_gfp(__VA_ARGS__)))
#define kzalloc_objs(_p, _n, ...)					\
	((typeof(_p) *)kcalloc((_n), sizeof(typeof(_p)),		\
			       __sim_default_gfp(__VA_ARGS__)))
#define kvfree(p)		__sim_kfree((p), SIM_AT(#p))
#define kfree_sensitive(p)	__sim_kfree((p), SIM_AT(#p))
#define kfree_const(p)		__sim_kfree((p), SIM_AT(#p))
#define kasprintf(flags, fmt, ...)					\
	__sim_kasprintf((flags), SIM_HERE, fmt, ##__VA_ARGS__)
#define kvasprintf(flags, fmt, ap)					\
	__sim_kvasprintf((flags), SIM_HERE, (fmt), (ap))
#define kstrdup(s, flags)	__sim_kstrdup((s), (flags), SIM_HERE)
#define kstrdup_const(s, flags)	__sim_kstrdup((s), (flags), SIM_HERE)
#define kstrndup(s, n, flags)	__sim_kstrndup((s), (n), (flags), SIM_HERE)
#define kmemdup(p, n, flags)	__sim_kmemdup((p), (n), (flags), SIM_HERE)
#define ksize(p)		__sim_ksize(p)

static inline void *__sim_kmalloc_array(size_t n, size_t size, gfp_t flags,
					const struct sim_loc *loc)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __sim_kmalloc(bytes, flags, loc);
}

/* Test helpers: live objects and bytes in this execution. */
unsigned long sim_slab_live_objects(void);
unsigned long sim_slab_live_bytes(void);
/*
 * Without ASan: the part of the slab arena carved in this execution so
 * far (*start NULL with ASan, whose objects come from malloc).
 */
void sim_slab_arena_span(const void **start, size_t *len);

#endif /* _LINUX_SLAB_H */
