/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * min(), max() and clamp().  Each argument is evaluated once.  Mixing a
 * signed and an unsigned argument is a build error, as comparing them
 * converts the signed one and gets the order wrong for negative values;
 * integer promotion is taken into account (a u8 and an int compare as
 * ints) and a non-negative constant goes with anything.  Cast with
 * min_t()/max_t() when the mix is intended.
 */
#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H

#include <linux/build_bug.h>
#include <linux/compiler.h>

/* Whether @x, after integer promotion, has a signed type. */
#define __minmax_signed(x)						\
	(((typeof((x) + 0))-1) < (typeof((x) + 0))1)
/* (x == 0 || x > 0): "x >= 0" would warn for an unsigned @x. */
#define __minmax_nonneg_const(x)					\
	__builtin_choose_expr(__is_constexpr(x), (x) == 0 || (x) > 0, 0)
#define __minmax_types_ok(x, y)						\
	(__minmax_signed(x) == __minmax_signed(y) ||			\
	 __minmax_nonneg_const(x) || __minmax_nonneg_const(y))

#define __minmax_cmp(op, x, y, name)					\
	({								\
		typeof(x) __mm_x = (x);					\
		typeof(y) __mm_y = (y);					\
		static_assert(__minmax_types_ok(x, y),			\
			      name "(" #x ", " #y ") mixes signed and "	\
			      "unsigned types: use " name "_t()");	\
		__mm_x op __mm_y ? __mm_x : __mm_y;			\
	})

#define min(x, y)	__minmax_cmp(<, x, y, "min")
#define max(x, y)	__minmax_cmp(>, x, y, "max")
#define min3(x, y, z)	min((typeof(x))min(x, y), z)
#define max3(x, y, z)	max((typeof(x))max(x, y), z)

/* Compare as unsigned values, whatever the signedness. */
#define umin(x, y)	min((x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)
#define umax(x, y)	max((x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)

/* Convert both to @type first. */
#define min_t(type, x, y)	__minmax_cmp(<, (type)(x), (type)(y), "min")
#define max_t(type, x, y)	__minmax_cmp(>, (type)(x), (type)(y), "max")

/* The smaller of the two that is not zero (zero if both are). */
#define min_not_zero(x, y)						\
	({								\
		typeof(x) __mnz_x = (x);				\
		typeof(y) __mnz_y = (y);				\
		__mnz_x == 0 ? __mnz_y :				\
			(__mnz_y == 0 ? __mnz_x : min(__mnz_x, __mnz_y)); \
	})

/* @val limited to [@lo, @hi]. */
#define clamp(val, lo, hi)	min((typeof(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi)					\
	min_t(type, max_t(type, val, lo), hi)
/* Bounds converted to the type of @val. */
#define clamp_val(val, lo, hi)	clamp_t(typeof(val), val, lo, hi)

/* Exchange the values of @a and @b. */
#define swap(a, b)							\
	do {								\
		typeof(a) __swap_tmp = (a);				\
		(a) = (b);						\
		(b) = __swap_tmp;					\
	} while (0)

#endif /* _LINUX_MINMAX_H */
