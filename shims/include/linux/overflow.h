/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arithmetic that reports overflow instead of wrapping: each check_*()
 * stores the (wrapped) result in *@d and returns true when it overflowed
 * the type of *@d.
 */
#ifndef __LINUX_OVERFLOW_H
#define __LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* Whether a + b (a - b, a * b) would overflow @t, without storing it. */
#define __overflows_type(op, a, b, t)					\
	({								\
		typeof(t) __ot_res;					\
		__builtin_##op##_overflow(a, b, &__ot_res);		\
	})
#define add_overflows(a, b, t)	__overflows_type(add, a, b, t)

/*
 * Sizes that saturate at SIZE_MAX instead of wrapping, so that an
 * allocation of an overflowing size fails.
 */
static inline size_t __must_check size_mul(size_t a, size_t b)
{
	size_t r;

	if (check_mul_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

static inline size_t __must_check size_add(size_t a, size_t b)
{
	size_t r;

	if (check_add_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

static inline size_t __must_check size_sub(size_t a, size_t b)
{
	size_t r;

	if (a == SIZE_MAX || b == SIZE_MAX || check_sub_overflow(a, b, &r))
		return SIZE_MAX;
	return r;
}

#define array_size(a, b)	size_mul(a, b)
#define array3_size(a, b, c)	size_mul(size_mul(a, b), c)

/* Size of a struct ending in flexible array @member of @count elements. */
#define flex_array_size(p, member, count)				\
	size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member))
#define struct_size(p, member, count)					\
	size_add(sizeof(*(p)), flex_array_size(p, member, count))
#define struct_size_t(type, member, count)				\
	struct_size((type *)NULL, member, count)

#endif /* __LINUX_OVERFLOW_H */
