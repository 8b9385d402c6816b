/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_MATH_H
#define _LINUX_MATH_H

#include <linux/types.h>

/* Declares the C library's int abs(), which the macro below replaces. */
#include <stdlib.h>

/* Round @x up or down to a multiple of @y, a power of two. */
#define __round_mask(x, y)	((__typeof__(x))((y) - 1))
#define round_up(x, y)		((((x) - 1) | __round_mask(x, y)) + 1)
#define round_down(x, y)	((x) & ~__round_mask(x, y))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(ll, d)						\
	((unsigned long long)DIV_ROUND_UP((unsigned long long)(ll), (d)))
#define DIV_ROUND_DOWN_ULL(ll, d)	((unsigned long long)(ll) / (d))

/* Round @x up or down to a multiple of @y, any positive value. */
#define roundup(x, y)							\
	({								\
		typeof(y) __ru_y = (y);					\
		(((x) + (__ru_y - 1)) / __ru_y) * __ru_y;		\
	})
#define rounddown(x, y)							\
	({								\
		typeof(x) __rd_x = (x);					\
		__rd_x - (__rd_x % (y));				\
	})

/* @x / @divisor rounded to the nearest integer. */
#define DIV_ROUND_CLOSEST(x, divisor)					\
	({								\
		typeof(x) __drc_x = (x);				\
		typeof(divisor) __drc_d = (divisor);			\
		(((typeof(x))-1) > 0 || ((typeof(divisor))-1) > 0 ||	\
		 ((__drc_x > 0) == (__drc_d > 0))) ?			\
			((__drc_x + (__drc_d / 2)) / __drc_d) :		\
			((__drc_x - (__drc_d / 2)) / __drc_d);		\
	})

/* |@x| in the type of @x (after promotion). */
#undef abs
#define abs(x)								\
	({								\
		typeof((x) + 0) __abs_x = (x);				\
		__abs_x < 0 ? -__abs_x : __abs_x;			\
	})

#endif /* _LINUX_MATH_H */
